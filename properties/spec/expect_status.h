#pragma once
// EXPECT_CODE / EXPECT_OK / ASSERT_OK for Status and Result values; all accept `<< context`.
#include <gtest/gtest.h>

#include "evsim/records/result.h"

namespace evsim::testing {

inline Status StatusOf(const Status& status) { return status; }
template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.status();
}

inline ::testing::AssertionResult HasCode(const Status& status, ErrorCode expected) {
  if (status.code() == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << ErrorCodeName(expected) << ", got " << status.ToString();
}

}  // namespace evsim::testing

#define EXPECT_CODE(expression, code) \
  EXPECT_TRUE(::evsim::testing::HasCode(::evsim::testing::StatusOf(expression), code))
#define EXPECT_OK(expression) EXPECT_CODE(expression, ::evsim::ErrorCode::kOk)
#define ASSERT_OK(expression) \
  ASSERT_TRUE(                \
      ::evsim::testing::HasCode(::evsim::testing::StatusOf(expression), ::evsim::ErrorCode::kOk))

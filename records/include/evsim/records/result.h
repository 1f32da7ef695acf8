#pragma once
// Result<T>: a value or a non-ok Status (std::expected is C++23; we build as C++20).

#include <utility>
#include <variant>

#include "evsim/records/assert.h"
#include "evsim/records/status.h"

namespace evsim {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    EVSIM_ASSERT_MSG(!std::get<Status>(state_).ok(), "a Result holds a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }

  // REQUIRES: ok().
  const T& value() const& {
    EVSIM_ASSERT_MSG(ok(), status().ToString().c_str());
    return std::get<T>(state_);
  }
  T& value() & {
    EVSIM_ASSERT_MSG(ok(), status().ToString().c_str());
    return std::get<T>(state_);
  }
  // By value, not T&&: `for (auto& x : Compute().value())` must not dangle.
  T value() && {
    EVSIM_ASSERT_MSG(ok(), status().ToString().c_str());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Ok status when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace evsim

#define EVSIM_CONCAT_INNER(a, b) a##b
#define EVSIM_CONCAT(a, b) EVSIM_CONCAT_INNER(a, b)

// EVSIM_ASSIGN_OR_RETURN(auto x, ComputeResult()); returns the error status on failure.
#define EVSIM_ASSIGN_OR_RETURN(declaration, expression)      \
  auto EVSIM_CONCAT(evsim_result_, __LINE__) = (expression); \
  if (!EVSIM_CONCAT(evsim_result_, __LINE__).ok())           \
    return EVSIM_CONCAT(evsim_result_, __LINE__).status();   \
  declaration = std::move(EVSIM_CONCAT(evsim_result_, __LINE__)).value()

// Records: error codes, cursors and the order key (SPEC 2.4), with RapidCheck properties.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "evsim/records/cursor.h"
#include "evsim/records/result.h"
#include "evsim/records/status.h"
#include "evsim/records/validation.h"

namespace evsim {
namespace {

rc::Gen<std::string> StreamIdGen() {
  // A small alphabet that includes '-', '|' and the extremes, so that prefixes and near-ties
  // are common.
  return rc::gen::nonEmpty(
      rc::gen::container<std::string>(rc::gen::element('!', '-', 'a', 'b', '|', '~')));
}

rc::Gen<Cursor> CursorGen() {
  return rc::gen::oneOf(rc::gen::just(Cursor::Beginning()),
                        rc::gen::apply(
                            [](std::int64_t epoch_us, std::string stream_id, std::int64_t version) {
                              return Cursor::At(epoch_us, std::move(stream_id), version);
                            },
                            rc::gen::element<std::int64_t>(-5, 0, 7, 8, INT64_MAX), StreamIdGen(),
                            rc::gen::element<std::int64_t>(0, 1, 255, 256, INT64_MAX)));
}

RC_GTEST_PROP(OrderKey, BytewiseOrderEqualsTupleOrder, ()) {
  const Cursor left = *CursorGen();
  const Cursor right = *CursorGen();
  RC_ASSERT((OrderKey(left) < OrderKey(right)) == (left < right));
  RC_ASSERT((OrderKey(left) == OrderKey(right)) == (left == right));
}

RC_GTEST_PROP(OrderKey, RoundTrips, ()) {
  const Cursor cursor = *CursorGen();
  const std::optional<Cursor> decoded = CursorFromOrderKey(OrderKey(cursor));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(*decoded == cursor);
}

TEST(OrderKey, SeedLayoutCounterexampleOrdersCorrectly) {
  // pad20(epoch)|stream|pad12(version) would put "a-b" before "a" here.
  const std::vector<Cursor> ascending = {Cursor::At(7, "a", 5), Cursor::At(7, "a-b", 0),
                                         Cursor::At(7, "ab", 0), Cursor::At(7, "a|b", 0)};
  for (std::size_t index = 1; index < ascending.size(); ++index) {
    EXPECT_LT(OrderKey(ascending[index - 1]), OrderKey(ascending[index]));
  }
  EXPECT_LT(OrderKey(Cursor::Beginning()), OrderKey(Cursor::At(INT64_MIN, "!", 0)));
}

TEST(OrderKey, RejectsGarbage) {
  EXPECT_FALSE(CursorFromOrderKey("short").has_value());
  EXPECT_FALSE(CursorFromOrderKey(std::string(20, 'x')).has_value());
}

TEST(Status, NamesRoundTripForEveryCode) {
  for (int code = 0; code <= static_cast<int>(ErrorCode::kUnsupported); ++code) {
    const ErrorCode error = static_cast<ErrorCode>(code);
    EXPECT_EQ(ErrorCodeFromName(ErrorCodeName(error)), error);
  }
  EXPECT_FALSE(ErrorCodeFromName("teapot").has_value());
  for (int kind = 0; kind <= static_cast<int>(ViolationKind::kUnknownKey); ++kind) {
    const ViolationKind violation = static_cast<ViolationKind>(kind);
    EXPECT_EQ(ViolationKindFromName(ViolationKindName(violation)), violation);
  }
}

TEST(Status, SameOutcomeComparesCodesAndDetailsNotMessages) {
  EXPECT_TRUE(Status::WrongExpectedVersion(1, 2).SameOutcome(Status::WrongExpectedVersion(1, 2)));
  EXPECT_FALSE(Status::WrongExpectedVersion(1, 2).SameOutcome(Status::WrongExpectedVersion(1, 3)));
  EXPECT_TRUE(Status::NotFound("a").SameOutcome(Status::NotFound("b")));
  EXPECT_FALSE(Status::NotFound("a").SameOutcome(Status::Ok()));
}

Result<std::vector<std::string>> Names() { return std::vector<std::string>{"a", "bb", "ccc"}; }

// Regression: value() && returned T&&, so a range-for over a temporary Result's value read a
// destroyed vector (caught as garbage lengths in a benchmark; ASan reports it as use after free).
TEST(ResultValue, RangeForOverATemporaryResultIsSafe) {
  std::string joined;
  for (const std::string& name : Names().value()) joined += name;
  EXPECT_EQ(joined, "abbccc");
}

TEST(Validation, ExpectedVersionTable) {
  EXPECT_TRUE(ExpectedVersionMatches(kExpectAny, -1));
  EXPECT_TRUE(ExpectedVersionMatches(kExpectNoStream, -1));
  EXPECT_FALSE(ExpectedVersionMatches(kExpectNoStream, 0));
  EXPECT_TRUE(ExpectedVersionMatches(kExpectStreamExists, 0));
  EXPECT_FALSE(ExpectedVersionMatches(kExpectStreamExists, -1));
  EXPECT_TRUE(ExpectedVersionMatches(3, 3));
  EXPECT_FALSE(ExpectedVersionMatches(3, 4));
}

}  // namespace
}  // namespace evsim

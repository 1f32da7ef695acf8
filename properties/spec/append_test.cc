// SPEC 2: append — expected versions, batches, the clock, global order, durability.
#include <limits>

#include "evsim/records/limits.h"
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

using AppendSpec = SpecTest;

// SPEC 2.1: the expected-version table, on a missing and on an existing stream.
TEST_P(AppendSpec, ExpectedVersionTable) {
  struct Row {
    std::int64_t expected;
    bool passes_on_missing;
    bool passes_on_existing_at_1;
  };
  const Row rows[] = {{kExpectAny, true, true},
                      {kExpectNoStream, true, false},
                      {kExpectStreamExists, false, true},
                      {0, false, false},
                      {1, false, true},
                      {2, false, false}};
  for (const Row& row : rows) {
    SCOPED_TRACE("expected " + std::to_string(row.expected));
    Open(StoreConfig{});
    Result<std::int64_t> on_missing = store().Append("s", row.expected, {Ev("x")});
    if (row.passes_on_missing) {
      EXPECT_OK(on_missing);
    } else {
      EXPECT_CODE(on_missing, ErrorCode::kWrongExpectedVersion);
      EXPECT_EQ(on_missing.status().expected_version(), row.expected);
      EXPECT_EQ(on_missing.status().actual_version(), -1);
    }
    Open(StoreConfig{});
    MustAppend("s", {Ev("a"), Ev("b")});
    Result<std::int64_t> on_existing = store().Append("s", row.expected, {Ev("x")});
    if (row.passes_on_existing_at_1) {
      ASSERT_OK(on_existing);
      EXPECT_EQ(on_existing.value(), 2);
    } else {
      EXPECT_CODE(on_existing, ErrorCode::kWrongExpectedVersion);
      EXPECT_EQ(on_existing.status().actual_version(), 1);
      EXPECT_EQ(MustRead("s").size(), 2u) << "a failed check must change nothing";
    }
  }
}

TEST_P(AppendSpec, ExpectedVersionOutsideTheTableIsInvalidArgument) {
  for (std::int64_t bad : std::vector<std::int64_t>{-3, -5, -100, INT64_MIN}) {
    EXPECT_CODE(store().Append("s", bad, {Ev("x")}), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(store().Version("s").value(), -1);
}

// SPEC 2.2: versions c+1..c+k in input order; the call returns c+k.
TEST_P(AppendSpec, BatchGetsConsecutiveVersionsInInputOrder) {
  EXPECT_EQ(MustAppend("s", {Ev("a")}), 0);
  EXPECT_EQ(MustAppend("s", {Ev("b"), Ev("c"), Ev("d")}), 3);
  std::vector<Event> events = MustRead("s");
  EXPECT_EQ(Versions(events), (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"s:a", "s:b", "s:c", "s:d"}));
}

TEST_P(AppendSpec, EmptyBatchReturnsHighWaterAndChangesNothing) {
  Result<std::int64_t> on_missing = store().Append("s", kExpectAny, {});
  ASSERT_OK(on_missing);
  EXPECT_EQ(on_missing.value(), -1);
  EXPECT_FALSE(store().Exists("s").value());
  MustAppend("s", Batch(3));
  Result<std::int64_t> on_existing = store().Append("s", 2, {});
  ASSERT_OK(on_existing);
  EXPECT_EQ(on_existing.value(), 2);
  EXPECT_EQ(MustReadAll().size(), 3u);
  // The expected-version check still applies to an empty batch (docs/semantics.md).
  EXPECT_CODE(store().Append("s", 5, {}), ErrorCode::kWrongExpectedVersion);
}

TEST_P(AppendSpec, BatchIsAllOrNothing) {
  MustAppend("s", {Ev("a")});
  std::vector<EventInput> batch = Batch(5);
  batch[3].event_type = "";  // one bad event spoils the batch
  EXPECT_CODE(store().Append("s", kExpectAny, batch), ErrorCode::kInvalidEvent);
  EXPECT_EQ(store().Version("s").value(), 0);
  EXPECT_EQ(MustReadAll().size(), 1u);
}

TEST_P(AppendSpec, BatchBoundsAreInvalidArgument) {
  EXPECT_CODE(store().Append("s", kExpectAny, Batch(10'001)), ErrorCode::kInvalidArgument);
  std::vector<EventInput> big;
  for (int index = 0; index < 17; ++index) {
    big.push_back(Ev("b" + std::to_string(index), "T", {}, {}, std::string(1 << 20, 'x')));
  }
  EXPECT_CODE(store().Append("s", kExpectAny, big), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store().Exists("s").value());
  EXPECT_EQ(MustAppend("s", Batch(10'000)), 9'999) << "exactly at the bound is fine";
}

// SPEC 2.2: H(s) never decreases, not even when a scavenge removes events.
TEST_P(AppendSpec, HighWaterKeptAcrossScavenge) {
  MustAppend("s", Batch(5));
  ASSERT_OK(store().Scavenge("s", BeforeVersion(5)));
  EXPECT_EQ(store().Version("s").value(), 4);
  EXPECT_TRUE(MustRead("s").empty());
  EXPECT_EQ(MustAppend("s", {Ev("next")}), 5) << "versions are never reused";
  EXPECT_CODE(store().Append("s", kExpectNoStream, {Ev("x")}), ErrorCode::kWrongExpectedVersion);
}

// SPEC 2.3: one clock reading per batch; epoch_us strictly increasing across batches.
TEST_P(AppendSpec, BatchSharesOneClockReading) {
  clock().Set(1'700'000'000'123'456);
  MustAppend("s", Batch(3));
  std::vector<Event> events = MustRead("s");
  for (const Event& event : events) {
    EXPECT_EQ(event.epoch_us, 1'700'000'000'123'456);
    EXPECT_EQ(event.timestamp, 1'700'000'000'123);
  }
}

TEST_P(AppendSpec, EpochStrictlyIncreasesWhenClockStandsStillOrJumpsBack) {
  clock().Set(5'000'000);
  MustAppend("a", {Ev("1")});
  MustAppend("b", {Ev("2")});  // clock stood still
  clock().Set(1'000'000);      // jumped back
  MustAppend("a", {Ev("3")});
  clock().Set(9'000'000);  // jumped forward
  MustAppend("b", {Ev("4")});
  std::vector<Event> events = MustReadAll();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].epoch_us, 5'000'000);
  EXPECT_EQ(events[1].epoch_us, 5'000'001);
  EXPECT_EQ(events[2].epoch_us, 5'000'002);
  EXPECT_EQ(events[3].epoch_us, 9'000'000);
  EXPECT_EQ(events[2].timestamp, 5'000);
  EXPECT_EQ(Ids(events), (std::vector<std::string>{"a:1", "b:2", "a:3", "b:4"}))
      << "commit order and global order agree";
}

TEST_P(AppendSpec, EpochStaysAboveSurvivorsAfterRestart) {
  clock().Set(5'000'000);
  MustAppend("a", Batch(2));
  ASSERT_OK(Restart());
  clock().Set(10);
  MustAppend("a", {Ev("late")});
  std::vector<Event> events = MustRead("a");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_GT(events[2].epoch_us, events[1].epoch_us);
}

// SPEC 2.5: an acknowledged batch survives a restart.
TEST_P(AppendSpec, AcknowledgedBatchSurvivesRestart) {
  MustAppend("s", Batch(3));
  MustAppend("t", {Ev("x", "T", {"tag"})});
  const std::vector<Event> before = MustReadAll();
  ASSERT_OK(Restart());
  EXPECT_EQ(MustReadAll(), before);
  EXPECT_EQ(store().Version("s").value(), 2);
}

EVSIM_INSTANTIATE_SPEC(AppendSpec);

}  // namespace
}  // namespace evsim::testing

namespace evsim::testing {
namespace {

// docs/semantics.md: epoch_us = max(now, last + 1) would overflow at INT64_MAX; a store hands
// out no epoch_us past limits::kEpochMicrosMax and refuses the append instead.
TEST_P(AppendSpec, NoEpochPastTheBoundAndNoOverflow) {
  clock().Set(limits::kEpochMicrosMax - 1);
  ASSERT_EQ(MustAppend("s", Batch(1, "a")), 0);
  ASSERT_EQ(MustAppend("s", Batch(1, "b")), 1);  // epoch_us = the bound itself
  EXPECT_EQ(MustRead("s").back().epoch_us, limits::kEpochMicrosMax);
  const Result<std::int64_t> past = store().Append("s", kExpectAny, Batch(1, "c"));
  EXPECT_EQ(past.status().code(), ErrorCode::kInvalidArgument) << past.status().ToString();
  EXPECT_EQ(store().Version("s").value(), 1) << "nothing of the refused batch is visible";
  EXPECT_EQ(store().Append("s", kExpectAny, {}).value(), 1) << "an empty batch reads no clock";
}

TEST_P(AppendSpec, AClockPastTheBoundIsRefused) {
  clock().Set(std::numeric_limits<std::int64_t>::max());
  const Result<std::int64_t> refused = store().Append("s", kExpectAny, Batch(1));
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument) << refused.status().ToString();
  EXPECT_FALSE(store().Exists("s").value());
}

}  // namespace
}  // namespace evsim::testing

// Crash tests for the built-in store (issue 3): nothing acknowledged is lost, nothing partial
// is visible, damage to synced data is reported as corruption, bad directories get clear errors.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "evsim/env/posix_file_system.h"
#include "evsim/model/reference_model.h"
#include "evsim/sim/fault_injecting_file_system.h"
#include "evsim/sim/observable_state.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/store/event_store.h"
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

constexpr const char* kDirectory = "/store";

StoreOptions SmallOptions() {
  StoreOptions options;
  options.directory = kDirectory;
  options.segment_bytes_max = 4 << 10;          // many segment rolls
  options.compaction_dead_bytes_min = 2 << 10;  // frequent compactions
  return options;
}

std::string Render(EventStoreAdapter& adapter) {
  Result<std::string> rendered = sim::RenderObservableState(adapter);
  EXPECT_TRUE(rendered.ok()) << rendered.status().ToString();
  return rendered.ok() ? rendered.value() : "<" + rendered.status().ToString() + ">";
}

// One operation of the crash workload, applied the same way to any adapter.
using Operation = std::function<Status(EventStoreAdapter&)>;

Operation RandomOperation(sim::Random& random, int step) {
  const std::string stream = "s" + std::to_string(random.Below(4));
  const std::uint64_t kind = random.Below(100);
  if (kind < 60) {
    std::vector<EventInput> events;
    const std::int64_t count = random.Between(1, 4);
    for (std::int64_t index = 0; index < count; ++index) {
      events.push_back(Ev("e" + std::to_string(step) + "-" + std::to_string(index), "T",
                          {random.Below(2) ? "red" : "blue"}, {},
                          std::string(random.Below(300), 'x')));
    }
    return [stream, events](EventStoreAdapter& store) {
      return store.Append(stream, kExpectAny, events).status();
    };
  }
  if (kind < 70) return [stream](EventStoreAdapter& store) { return store.DeleteStream(stream); };
  const std::int64_t version = random.Between(0, 12);
  if (kind < 85) {
    return [stream, version](EventStoreAdapter& store) {
      ScavengeOptions options;
      options.before_version = version;
      options.require_snapshot = false;
      Status status = store.Scavenge(stream, options).status();
      return status.code() == ErrorCode::kStreamNotFound ? Status::Ok() : status;
    };
  }
  return [stream, version](EventStoreAdapter& store) {
    Status status = store.SaveSnapshot(stream, version, "{}", {}).status();
    return status.code() == ErrorCode::kInvalidArgument ? Status::Ok() : status;
  };
}

struct SweepOutcome {
  bool fired = false;
  int crashes = 0;
};

// Runs a seeded workload on store and model in lockstep with operation `fail_at` failing.
// After the failure: crash the disk, recover, and require the store to show the model's state
// either without or with the pending operation, never anything else.
SweepOutcome RunWithFaultAt(std::uint64_t fail_at, bool torn, const StoreConfig& config) {
  ManualClock clock;
  sim::SimulatedDisk disk(sim::Random(fail_at * 7919 + 1));
  sim::DiskFaults faults;
  faults.torn_write_ppm = torn ? 1'000'000 : 0;
  disk.set_faults(faults);
  sim::FaultInjectingFileSystem files(disk);
  QueueExecutor executor;
  auto store =
      std::move(EventStore::Open({&clock, &files, &executor}, SmallOptions(), config)).value();
  auto model = std::move(ReferenceModel::Create(clock, config)).value();
  files.FailOperation(files.operations() + fail_at);
  sim::Random random(2024);
  SweepOutcome outcome;
  for (int step = 0; step < 80; ++step) {
    clock.Advance(1'000);
    const Operation operation = RandomOperation(random, step);
    auto model_with = std::make_unique<ReferenceModel>(*model);
    const Status expected = operation(*model_with);
    const Status actual = operation(*store);
    if (actual.code() != ErrorCode::kIoError) {
      EXPECT_TRUE(actual.SameOutcome(expected))
          << "step " << step << ": store " << actual.ToString() << ", model "
          << expected.ToString();
      model = std::move(model_with);
      executor.RunUntilIdle();
      continue;
    }
    // The crash point: the operation is pending.
    ++outcome.crashes;
    disk.Crash();
    executor.Clear();
    Status reopened = store->Reopen(config);
    for (int retry = 0; retry < 3 && reopened.code() == ErrorCode::kIoError; ++retry) {
      disk.Crash();
      reopened = store->Reopen(config);
    }
    EXPECT_OK(reopened) << "fault " << fail_at << " (" << files.fired_at() << ")";
    const std::string recovered = Render(*store);
    if (recovered == Render(*model_with)) {
      model = std::move(model_with);
    } else {
      EXPECT_EQ(recovered, Render(*model))
          << "after failing operation " << fail_at << " (" << files.fired_at()
          << "), the store shows neither the state without nor with the pending operation";
    }
  }
  EXPECT_EQ(Render(*store), Render(*model));
  // Whatever recovery left behind must itself recover: reopen once more. The injected failure
  // may land in this reopen (recovery syncs what it replays); then it is one more crash point,
  // inside recovery, and the store must still come back with everything.
  executor.RunUntilIdle();
  Status final_reopen = store->Reopen(config);
  if (final_reopen.code() == ErrorCode::kIoError) {
    ++outcome.crashes;
    disk.Crash();
    final_reopen = store->Reopen(config);
  }
  EXPECT_OK(final_reopen) << "second recovery after fault " << fail_at;
  EXPECT_EQ(Render(*store), Render(*model)) << "second recovery after fault " << fail_at;
  outcome.fired = files.fired();
  return outcome;
}

TEST(StoreCrash, FaultSweepLosesNothingAcknowledgedAndShowsNothingPartial) {
  for (const bool integrity : {false, true}) {
    StoreConfig config = IndexedConfig();
    if (integrity) config.integrity = TestIntegrity();
    int crash_points = 0;
    for (std::uint64_t fail_at = 1;; ++fail_at) {
      SCOPED_TRACE("integrity " + std::to_string(integrity) + ", failing operation " +
                   std::to_string(fail_at));
      SweepOutcome outcome = RunWithFaultAt(fail_at, fail_at % 2 == 0, config);
      if (::testing::Test::HasFailure()) return;
      if (!outcome.fired) break;
      crash_points += outcome.crashes;
      ASSERT_LT(fail_at, 5'000u) << "the sweep does not terminate";
    }
    EXPECT_GT(crash_points, 100) << "the sweep should visit many crash points";
  }
}

class BitFlipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = IntegrityStoreConfig();
    StoreOptions options = SmallOptions();
    options.compaction_dead_bytes_min = 1ull << 40;  // keep every segment as written
    options_ = options;
    store_ = std::move(EventStore::Open(env(), options_, config_)).value();
    for (int batch = 0; batch < 30; ++batch) {
      clock_.Advance(10);
      ASSERT_TRUE(store_
                      ->Append("s" + std::to_string(batch % 3), kExpectAny,
                               Batch(3, "b" + std::to_string(batch)))
                      .ok());
    }
    ASSERT_OK(store_->SaveSnapshot("s1", 5, "{}", {}));
    expected_ = Render(*store_);
  }
  Environment env() { return {&clock_, &disk_, &executor_}; }

  ManualClock clock_;
  sim::SimulatedDisk disk_{sim::Random(99)};
  QueueExecutor executor_;
  StoreConfig config_;
  StoreOptions options_;
  std::unique_ptr<EventStore> store_;
  std::string expected_;
};

TEST_F(BitFlipTest, EveryFlippedBitInSyncedDataIsReportedAsCorruption) {
  for (int trial = 0; trial < 300; ++trial) {
    // The disk flips bits of synced data below each file's final write (a flip there reads as a
    // torn write: FlipInTheFinalTrailerKeepsTheVerifiedRecord and the recovery rules cover it).
    std::optional<sim::FlippedBit> flip = disk_.FlipSyncedBit(".evl");
    ASSERT_TRUE(flip.has_value());
    Status reopened = store_->Reopen(config_);
    EXPECT_CODE(reopened, ErrorCode::kCorruption)
        << "flip of mask " << int(flip->mask) << " at " << flip->path << ":" << flip->offset;
    EXPECT_NE(reopened.message().find(flip->path), std::string::npos) << reopened.message();
    EXPECT_NE(reopened.message().find("offset"), std::string::npos) << reopened.message();
    EXPECT_CODE(store_->Read("s0", 0, 10, Direction::kForward), ErrorCode::kCorruption)
        << "a store that failed recovery serves nothing";
    disk_.Undo(*flip);
    ASSERT_OK(store_->Reopen(config_));
    ASSERT_EQ(Render(*store_), expected_) << "nothing was lost or rewritten by the failed open";
  }
}

TEST_F(BitFlipTest, FlipInTheFinalTrailerKeepsTheVerifiedRecord) {
  const std::vector<std::string> names = disk_.ListDirectory(kDirectory).value();
  const std::string last = std::string(kDirectory) + "/" + names.back();
  const std::uint64_t size = disk_.ReadFile(last).value().size();
  for (std::uint64_t back = 1; back <= 12; ++back) {
    const sim::FlippedBit flip{last, size - back, 0x10};
    disk_.Apply(flip);
    ASSERT_OK(store_->Reopen(config_)) << "flip " << back << " bytes before the end";
    EXPECT_TRUE(store_->recovery().trailer_repaired) << store_->recovery().ToString();
    EXPECT_EQ(Render(*store_), expected_);
    // The repair rewrote the trailer (no undo needed): the next open finds nothing to do.
    ASSERT_OK(store_->Reopen(config_));
    EXPECT_FALSE(store_->recovery().trailer_repaired);
  }
  // The same flip one record earlier is corruption: more data follows it.
  ASSERT_OK(store_->Append("s0", kExpectAny, Batch(1, "later")));
  const sim::FlippedBit earlier{last, size - 3, 0x10};
  disk_.Apply(earlier);
  EXPECT_CODE(store_->Reopen(config_), ErrorCode::kCorruption);
  disk_.Undo(earlier);
  EXPECT_OK(store_->Reopen(config_));
}

TEST_F(BitFlipTest, TornTailIsTruncatedAndReported) {
  ASSERT_TRUE(store_->Append("s0", kExpectAny, Batch(2, "tail")).ok());
  const std::string with_tail = Render(*store_);
  // Write half of a further record by hand, unsynced, and crash keeping it.
  const std::vector<std::string> names = disk_.ListDirectory(kDirectory).value();
  const std::string last = std::string(kDirectory) + "/" + names.back();
  auto file = disk_.OpenForAppend(last).value();
  ASSERT_OK(file->Append(std::string("\x00\x00\x01\x00\x02\x00\x00\x00garbage", 15)));
  ASSERT_OK(file->Sync());
  ASSERT_OK(store_->Reopen(config_));
  EXPECT_TRUE(store_->recovery().torn_tail_truncated) << store_->recovery().ToString();
  EXPECT_EQ(store_->recovery().torn_tail_bytes, 15u);
  EXPECT_EQ(Render(*store_), with_tail);
  ASSERT_OK(store_->Reopen(config_));
  EXPECT_FALSE(store_->recovery().torn_tail_truncated) << "the truncation was durable";
}

class BadDirectoryTest : public ::testing::Test {
 protected:
  Status OpenWith(const std::string& name, const std::string& content) {
    auto file = disk_.OpenForAppend(std::string(kDirectory) + "/" + name).value();
    EXPECT_OK(file->Append(content));
    EXPECT_OK(file->Sync());
    return EventStore::Open({&clock_, &disk_, &executor_}, SmallOptions(), StoreConfig{}).status();
  }
  ManualClock clock_;
  sim::SimulatedDisk disk_{sim::Random(5)};
  QueueExecutor executor_;
};

constexpr const char* kFirstSegment = "log-00000000000000000001.evl";

TEST_F(BadDirectoryTest, GarbageSegment) {
  Status status = OpenWith(kFirstSegment, std::string(100, 'G'));
  EXPECT_CODE(status, ErrorCode::kCorruption);
  EXPECT_NE(status.message().find("bad magic"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(kFirstSegment), std::string::npos) << status.message();
}

TEST_F(BadDirectoryTest, TruncatedHeader) {
  Status status = OpenWith(kFirstSegment, "EVSIMLOG\x00\x00");
  EXPECT_CODE(status, ErrorCode::kCorruption);
  EXPECT_NE(status.message().find("truncated segment header"), std::string::npos)
      << status.message();
}

TEST_F(BadDirectoryTest, FutureFormatVersion) {
  // A well-formed header of format version 2: magic, version, flags, number, XXH3 of those.
  std::string header = "EVSIMLOG";
  header += std::string("\x00\x00\x00\x02\x00\x00\x00\x01", 8);
  header += std::string("\x00\x00\x00\x00\x00\x00\x00\x01", 8);
  const std::uint64_t checksum = sim::DigestOf(header);
  for (int shift = 56; shift >= 0; shift -= 8) header.push_back(char(checksum >> shift));
  Status status = OpenWith(kFirstSegment, header);
  EXPECT_CODE(status, ErrorCode::kUnsupported);
  EXPECT_NE(status.message().find("format version 2"), std::string::npos) << status.message();
}

TEST_F(BadDirectoryTest, ChangedIndexesAtReopenAreRefused) {
  auto store =
      std::move(EventStore::Open({&clock_, &disk_, &executor_}, SmallOptions(), IndexedConfig()))
          .value();
  ASSERT_TRUE(store->Append("s", kExpectAny, Batch(1)).ok());
  store.reset();
  EXPECT_CODE(EventStore::Open({&clock_, &disk_, &executor_}, SmallOptions(), StoreConfig{}),
              ErrorCode::kInvalidArgument);
}

TEST(PosixStore, RoundTripsThroughARealDirectory) {
  char pattern[] = "/tmp/evsim-posix-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  PosixFileSystem files;
  ManualClock clock;
  QueueExecutor executor;
  StoreOptions options;
  options.directory = pattern;
  {
    auto store =
        std::move(EventStore::Open({&clock, &files, &executor}, options, IntegrityStoreConfig()))
            .value();
    ASSERT_TRUE(store->Append("s", kExpectAny, Batch(3)).ok());
  }
  auto store =
      std::move(EventStore::Open({&clock, &files, &executor}, options, IntegrityStoreConfig()))
          .value();
  EXPECT_EQ(store->Read("s", 0, 10, Direction::kForward).value().size(), 3u);
  EXPECT_OK(store->VerifyStream("s"));
  std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace evsim::testing

// SPEC 6: snapshots and scavenge.
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

using SnapshotSpec = SpecTest;
using ScavengeSpec = SpecTest;

TEST_P(SnapshotSpec, SaveBoundsReadListDelete) {
  MustAppend("s", Batch(5));
  EXPECT_CODE(store().SaveSnapshot("s", -1, "{}", {}), ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().SaveSnapshot("s", 5, "{}", {}), ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().SaveSnapshot("missing", 0, "{}", {}), ErrorCode::kInvalidArgument);
  clock().Set(42'000'999);
  Result<Snapshot> saved = store().SaveSnapshot("s", 2, "{\"v\":2}", {{"k", "v"}});
  ASSERT_OK(saved);
  EXPECT_EQ(saved.value().timestamp, 42'000);
  EXPECT_FALSE(saved.value().anchor_hash.has_value()) << "integrity is off";
  ASSERT_OK(store().SaveSnapshot("s", 4, "{\"v\":4}", {}));
  ASSERT_OK(store().SaveSnapshot("s", 0, "{\"v\":0}", {}));
  EXPECT_EQ(store().ReadLatestSnapshot("s").value().version, 4);
  EXPECT_EQ(store().ReadSnapshotAt("s", 2).value(), saved.value());
  EXPECT_CODE(store().ReadSnapshotAt("s", 3), ErrorCode::kNotFound);
  std::vector<Snapshot> listed = store().ListSnapshots("s").value();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].version, 0);
  EXPECT_EQ(listed[2].version, 4);

  ASSERT_OK(store().SaveSnapshot("s", 2, "{\"v\":\"again\"}", {}));  // overwrite
  EXPECT_EQ(store().ReadSnapshotAt("s", 2).value().data, "{\"v\":\"again\"}");
  EXPECT_EQ(store().ListSnapshots("s").value().size(), 3u);

  EXPECT_OK(store().DeleteSnapshotAt("s", 4));
  EXPECT_OK(store().DeleteSnapshotAt("s", 4));  // idempotent
  EXPECT_EQ(store().ReadLatestSnapshot("s").value().version, 2);
  EXPECT_OK(store().DeleteAllSnapshots("s"));
  EXPECT_OK(store().DeleteAllSnapshots("s"));
  EXPECT_CODE(store().ReadLatestSnapshot("s"), ErrorCode::kNotFound);
  EXPECT_TRUE(store().ListSnapshots("never").value().empty());
}

TEST_P(SnapshotSpec, IntegrityAnchorsToTheEventChainHash) {
  Open(IntegrityStoreConfig());
  MustAppend("s", Batch(4));
  Result<Snapshot> saved = store().SaveSnapshot("s", 2, "{}", {});
  ASSERT_OK(saved);
  EXPECT_EQ(saved.value().anchor_hash, MustRead("s")[3].prev_event_hash)
      << "event 3 chains from event 2's hash, which anchors the snapshot";
  ASSERT_TRUE(saved.value().mac.has_value());
  EXPECT_EQ(saved.value().mac->key_id, 1u);
  ScavengeOptions options;
  options.before_version = 3;
  ASSERT_OK(store().Scavenge("s", options));
  EXPECT_CODE(store().SaveSnapshot("s", 1, "{}", {}), ErrorCode::kSnapshotAnchorUnavailable);
  EXPECT_OK(store().SaveSnapshot("s", 3, "{}", {}));
}

TEST_P(SnapshotSpec, SnapshotsSurviveRestart) {
  MustAppend("s", Batch(2));
  ASSERT_OK(store().SaveSnapshot("s", 1, "{\"x\":1}", {{"a", "b"}}));
  const Snapshot before = store().ReadLatestSnapshot("s").value();
  ASSERT_OK(Restart());
  EXPECT_EQ(store().ReadLatestSnapshot("s").value(), before);
}

TEST_P(ScavengeSpec, BeforeVersionWithKeepVersions) {
  MustAppend("s", Batch(10));
  ScavengeOptions options;
  options.before_version = 8;
  options.keep_versions = 4;
  options.require_snapshot = false;
  ScavengeReport report = store().Scavenge("s", options).value();
  EXPECT_EQ(report, (ScavengeReport{0, 5, 6, false})) << report.ToString();
  EXPECT_EQ(Versions(MustRead("s")), (std::vector<std::int64_t>{6, 7, 8, 9}));
  EXPECT_EQ(store().Version("s").value(), 9);
  // A second scavenge removes only what is left below its cutoff.
  options.keep_versions = 0;
  EXPECT_EQ(store().Scavenge("s", options).value(), (ScavengeReport{6, 7, 2, false}));
}

TEST_P(ScavengeSpec, BeforeEpochUsesTheHighestVersionAtOrBeforeT) {
  clock().Set(1'000);
  MustAppend("s", Batch(2, "a"));
  clock().Set(2'000);
  MustAppend("s", Batch(2, "b"));
  clock().Set(3'000);
  MustAppend("s", Batch(2, "c"));
  ScavengeOptions options;
  options.before_epoch_us = 2'500;
  options.require_snapshot = false;
  EXPECT_EQ(store().Scavenge("s", options).value(), (ScavengeReport{0, 3, 4, false}));
  options.before_epoch_us = 10;  // before every event: nothing to remove
  EXPECT_EQ(store().Scavenge("s", options).value(), (ScavengeReport{-1, -1, 0, false}));
}

TEST_P(ScavengeSpec, RequireSnapshotAtOrAboveTheCutoff) {
  MustAppend("s", Batch(6));
  ASSERT_OK(store().SaveSnapshot("s", 1, "{}", {}));
  ScavengeOptions options;
  options.before_version = 4;  // cutoff 3
  EXPECT_CODE(store().Scavenge("s", options), ErrorCode::kNoSnapshot);
  EXPECT_EQ(MustRead("s").size(), 6u) << "a refused scavenge changes nothing";
  ASSERT_OK(store().SaveSnapshot("s", 3, "{}", {}));
  EXPECT_EQ(store().Scavenge("s", options).value().count, 4);
  // Nothing left to remove: success, count 0, no snapshot needed.
  ASSERT_OK(store().DeleteAllSnapshots("s"));
  EXPECT_EQ(store().Scavenge("s", options).value(), (ScavengeReport{-1, -1, 0, false}));
}

TEST_P(ScavengeSpec, DryRunReportsAndChangesNothing) {
  MustAppend("s", Batch(5));
  ScavengeOptions options;
  options.before_version = 3;
  options.require_snapshot = false;
  options.dry_run = true;
  EXPECT_EQ(store().Scavenge("s", options).value(), (ScavengeReport{0, 2, 3, true}));
  EXPECT_EQ(MustRead("s").size(), 5u);
}

TEST_P(ScavengeSpec, SurvivorsKeepVersionsAndBytesAndChainStillVerifies) {
  Open(IntegrityStoreConfig());
  MustAppend("s", Batch(3));
  MustAppend("s", Batch(3, "f"));
  const std::vector<Event> before = MustRead("s");
  ASSERT_OK(store().SaveSnapshot("s", 4, "{}", {}));
  ScavengeOptions options;
  options.before_version = 4;
  ASSERT_OK(store().Scavenge("s", options));
  const std::vector<Event> after = MustRead("s");
  EXPECT_EQ(after, std::vector<Event>(before.begin() + 4, before.end()));
  EXPECT_OK(store().VerifyStream("s")) << "the anchor lets the first survivor verify";
  ASSERT_OK(Restart());
  EXPECT_OK(store().VerifyStream("s"));
  EXPECT_EQ(MustAppend("s", {Ev("next")}), 6);
  EXPECT_OK(store().VerifyStream("s"));
}

TEST_P(ScavengeSpec, BadOptionsAndUnknownStreams) {
  MustAppend("s", Batch(2));
  ScavengeOptions neither;
  EXPECT_CODE(store().Scavenge("s", neither), ErrorCode::kInvalidArgument);
  ScavengeOptions both;
  both.before_version = 1;
  both.before_epoch_us = 1;
  EXPECT_CODE(store().Scavenge("s", both), ErrorCode::kInvalidArgument);
  ScavengeOptions negative;
  negative.before_version = 1;
  negative.keep_versions = -1;
  EXPECT_CODE(store().Scavenge("s", negative), ErrorCode::kInvalidArgument);
  ScavengeOptions fine;
  fine.before_version = 1;
  EXPECT_CODE(store().Scavenge("missing", fine), ErrorCode::kStreamNotFound);
}

TEST_P(ScavengeSpec, ScavengeSurvivesRestart) {
  MustAppend("s", Batch(4));
  ASSERT_OK(store().Scavenge("s", BeforeVersion(2)));
  ASSERT_OK(Restart());
  EXPECT_EQ(Versions(MustRead("s")), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(store().Version("s").value(), 3);
}

EVSIM_INSTANTIATE_SPEC(SnapshotSpec);
EVSIM_INSTANTIATE_SPEC(ScavengeSpec);

}  // namespace
}  // namespace evsim::testing

// SPEC 4: delete and its cascade; re-creation starts over.
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

using DeleteSpec = SpecTest;

TEST_P(DeleteSpec, DeleteUnknownStreamIsOk) {
  EXPECT_OK(store().DeleteStream("never"));
  EXPECT_CODE(store().DeleteStream("bad id"), ErrorCode::kInvalidStreamId);
}

TEST_P(DeleteSpec, CascadeRemovesEventsSnapshotsIndexEntriesAndChain) {
  Open(IntegrityStoreConfig());
  MustAppend("s", {Ev("a", "Opened", {"red"}, {{"tenant", "t1"}}), Ev("b", "Closed", {"red"})});
  MustAppend("other", {Ev("o", "Opened", {"red"})});
  ASSERT_OK(store().SaveSnapshot("s", 1, "{}", {}));
  ScavengeOptions options;
  options.before_version = 1;
  ASSERT_OK(store().Scavenge("s", options));

  ASSERT_OK(store().DeleteStream("s"));
  EXPECT_EQ(store().Version("s").value(), -1);
  EXPECT_FALSE(store().Exists("s").value());
  EXPECT_CODE(store().Read("s", 0, 10, Direction::kForward), ErrorCode::kStreamNotFound);
  EXPECT_CODE(store().ReadLatestSnapshot("s"), ErrorCode::kNotFound);
  EXPECT_TRUE(store().ListSnapshots("s").value().empty());
  EXPECT_EQ(Ids(store().LookupTags({"red"}, TagMatch::kAny, 10).value()),
            (std::vector<std::string>{"other:o"}));
  EXPECT_TRUE(store().LookupMeta("tenant", "t1", 10).value().empty());
  EXPECT_EQ(Ids(MustReadAll()), (std::vector<std::string>{"other:o"}));

  // Re-creation: version 0 again, a new chain from zeros, no old anchor.
  EXPECT_EQ(store().Append("s", kExpectNoStream, {Ev("new", "Opened", {"red"})}).value(), 0);
  std::vector<Event> recreated = MustRead("s");
  ASSERT_EQ(recreated.size(), 1u);
  EXPECT_EQ(recreated[0].event_id, "new");
  EXPECT_EQ(recreated[0].prev_event_hash, Hash32{});
  EXPECT_OK(store().VerifyStream("s"));
  // No old index entry resolves to the new event at the same (stream, version).
  EXPECT_TRUE(store().LookupTypes({"Closed"}, 10).value().empty());
  EXPECT_EQ(Ids(store().LookupTags({"red"}, TagMatch::kAny, 10).value()),
            (std::vector<std::string>{"other:o", "s:new"}));
}

TEST_P(DeleteSpec, DeleteSurvivesRestart) {
  MustAppend("s", Batch(3));
  ASSERT_OK(store().DeleteStream("s"));
  ASSERT_OK(Restart());
  EXPECT_EQ(store().Version("s").value(), -1);
  EXPECT_TRUE(MustReadAll().empty());
}

EVSIM_INSTANTIATE_SPEC(DeleteSpec);

}  // namespace
}  // namespace evsim::testing

// SPEC 5: secondary index lookups.
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

class IndexSpec : public SpecTest {
 protected:
  void SetUp() override {
    Open(IndexedConfig());
    clock().Set(100);
    MustAppend("s", {Ev("1", "Opened", {"red", "blue"}, {{"tenant", "t1"}}),
                     Ev("2", "Moved", {"blue"}, {{"tenant", "t2"}})});
    clock().Set(200);
    MustAppend("t", {Ev("3", "Opened", {"red"}, {{"tenant", "t1"}, {"region", "eu"}}),
                     Ev("4", "Closed", {}, {{"region", "eu"}})});
  }
};

TEST_P(IndexSpec, TagsAnyIsUnionAllIsIntersection) {
  EXPECT_EQ(Ids(store().LookupTags({"red", "blue"}, TagMatch::kAny, 10).value()),
            (std::vector<std::string>{"s:1", "s:2", "t:3"}))
      << "an event with both tags appears once";
  EXPECT_EQ(Ids(store().LookupTags({"red", "blue"}, TagMatch::kAll, 10).value()),
            (std::vector<std::string>{"s:1"}));
  EXPECT_TRUE(store().LookupTags({}, TagMatch::kAny, 10).value().empty());
  EXPECT_TRUE(store().LookupTags({}, TagMatch::kAll, 10).value().empty());
  EXPECT_TRUE(store().LookupTags({"green"}, TagMatch::kAny, 10).value().empty());
}

TEST_P(IndexSpec, TypesAreAUnionInGlobalOrder) {
  EXPECT_EQ(Ids(store().LookupTypes({"Closed", "Opened"}, 10).value()),
            (std::vector<std::string>{"s:1", "t:3", "t:4"}));
  EXPECT_TRUE(store().LookupTypes({}, 10).value().empty());
}

TEST_P(IndexSpec, MetaMatchesKeyAndValue) {
  EXPECT_EQ(Ids(store().LookupMeta("tenant", "t1", 10).value()),
            (std::vector<std::string>{"s:1", "t:3"}));
  // meta:region is not declared: the answer must be the same as if it were.
  EXPECT_EQ(Ids(store().LookupMeta("region", "eu", 10).value()),
            (std::vector<std::string>{"t:3", "t:4"}));
  EXPECT_TRUE(store().LookupMeta("tenant", "nobody", 10).value().empty());
}

TEST_P(IndexSpec, LimitTruncatesInGlobalOrder) {
  EXPECT_EQ(Ids(store().LookupTags({"red", "blue"}, TagMatch::kAny, 2).value()),
            (std::vector<std::string>{"s:1", "s:2"}));
  EXPECT_CODE(store().LookupTags({"red"}, TagMatch::kAny, 0), ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().LookupTypes({"Opened"}, -1), ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().LookupMeta("tenant", "t1", 0), ErrorCode::kInvalidArgument);
}

TEST_P(IndexSpec, RemovedEventsNeverAppear) {
  ASSERT_OK(store().Scavenge("s", BeforeVersion(1)));
  EXPECT_EQ(Ids(store().LookupTags({"blue"}, TagMatch::kAny, 10).value()),
            (std::vector<std::string>{"s:2"}));
  ASSERT_OK(store().DeleteStream("t"));
  EXPECT_TRUE(store().LookupTypes({"Opened", "Closed"}, 10).value().empty());
  EXPECT_TRUE(store().LookupMeta("region", "eu", 10).value().empty());
}

TEST_P(IndexSpec, LookupsAgreeWithAFullScan) {
  const std::vector<Event> all = MustReadAll();
  std::vector<Event> scanned;
  for (const Event& event : all) {
    if (TagsMatch(event.tags, {"blue"}, TagMatch::kAny)) scanned.push_back(event);
  }
  EXPECT_EQ(store().LookupTags({"blue"}, TagMatch::kAny, 100).value(), scanned);
}

TEST_P(IndexSpec, IndexSurvivesRestart) {
  ASSERT_OK(Restart());
  EXPECT_EQ(Ids(store().LookupTags({"red"}, TagMatch::kAny, 10).value()),
            (std::vector<std::string>{"s:1", "t:3"}));
}

EVSIM_INSTANTIATE_SPEC(IndexSpec);

}  // namespace
}  // namespace evsim::testing

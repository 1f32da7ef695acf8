// SPEC 8: subscriptions.
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

using SubscriptionSpec = SpecTest;

TEST_P(SubscriptionSpec, CatchUpThenLiveWithNoGapOrDuplicate) {
  MustAppend("s", Batch(3, "old"));
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()));
  // Take part of the catch-up, append while it is in progress, then take the rest.
  Settle();
  std::vector<Event> first = store().TakeDeliveries("sub", 2).value();
  MustAppend("t", Batch(2, "new"));
  std::vector<Event> rest = DrainDeliveries("sub");
  first.insert(first.end(), rest.begin(), rest.end());
  EXPECT_EQ(first, MustReadAll());
  MustAppend("s", {Ev("live")});
  EXPECT_EQ(Ids(DrainDeliveries("sub")), (std::vector<std::string>{"s:live"}));
  EXPECT_TRUE(DrainDeliveries("sub").empty()) << "each event once";
}

TEST_P(SubscriptionSpec, StartAtEndAndAfterACursor) {
  MustAppend("s", Batch(3));
  ASSERT_OK(store().Subscribe("end", Selector::All(), SubscriptionStart::End()));
  const Cursor second = Cursor::Of(MustRead("s")[1]);
  ASSERT_OK(store().Subscribe("after", Selector::All(), SubscriptionStart::After(second)));
  MustAppend("s", {Ev("x")});
  EXPECT_EQ(Ids(DrainDeliveries("end")), (std::vector<std::string>{"s:x"}));
  EXPECT_EQ(Ids(DrainDeliveries("after")), (std::vector<std::string>{"s:e2", "s:x"}));
  std::vector<SubscriptionInfo> infos = store().ListSubscriptions().value();
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].name, "after");
  EXPECT_EQ(infos[0].checkpoint, second);
  EXPECT_EQ(infos[1].checkpoint, Cursor::Of(MustRead("s")[2])) << "end resolves at subscribe";
}

TEST_P(SubscriptionSpec, Selectors) {
  MustAppend("a", {Ev("1", "Opened", {"red"}, {{"k", "v"}}), Ev("2", "Closed", {"blue"})});
  MustAppend("b", {Ev("3", "Opened", {"red", "blue"}, {{"k", "w"}})});
  auto delivered = [&](const std::string& name, const Selector& selector) {
    EXPECT_OK(store().Subscribe(name, selector, SubscriptionStart::Beginning()));
    return Ids(DrainDeliveries(name));
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(delivered("all", Selector::All()), (Names{"a:1", "a:2", "b:3"}));
  EXPECT_EQ(delivered("stream", Selector::ByStream("b")), (Names{"b:3"}));
  EXPECT_EQ(delivered("type", Selector::ByEventType("Opened")), (Names{"a:1", "b:3"}));
  EXPECT_EQ(delivered("pattern",
                      Selector::ByEventPattern({{"event_type", "Opened"}, {"metadata.k", "v"}})),
            (Names{"a:1"}));
  EXPECT_EQ(delivered("pattern2", Selector::ByEventPattern({{"stream_id", "a"}})),
            (Names{"a:1", "a:2"}));
  EXPECT_EQ(delivered("any", Selector::ByTags({"red", "blue"}, TagMatch::kAny)),
            (Names{"a:1", "a:2", "b:3"}));
  EXPECT_EQ(delivered("every", Selector::ByTags({"red", "blue"}, TagMatch::kAll)), (Names{"b:3"}));
  EXPECT_EQ(delivered("none", Selector::ByTags({}, TagMatch::kAny)), Names{});
}

TEST_P(SubscriptionSpec, BadSubscribeCalls) {
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()));
  EXPECT_CODE(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()),
              ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().Subscribe("", Selector::All(), SubscriptionStart::Beginning()),
              ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().Subscribe("x", Selector::ByEventPattern({{"colour", "red"}}),
                                SubscriptionStart::Beginning()),
              ErrorCode::kInvalidArgument);
  EXPECT_CODE(store().Subscribe("y", Selector::ByStream("bad id"), SubscriptionStart::Beginning()),
              ErrorCode::kInvalidStreamId);
  EXPECT_CODE(store().Ack("ghost", Cursor::Beginning()), ErrorCode::kNotFound);
  EXPECT_CODE(store().TakeDeliveries("ghost", 1), ErrorCode::kNotFound);
  EXPECT_CODE(store().TakeDeliveries("sub", 0), ErrorCode::kInvalidArgument);
}

TEST_P(SubscriptionSpec, SkipsEventsRemovedBeforeDelivery) {
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()));
  MustAppend("gone", Batch(2, "g"));
  MustAppend("s", Batch(4, "s"));
  ASSERT_OK(store().Scavenge("s", BeforeVersion(2)));
  ASSERT_OK(store().DeleteStream("gone"));
  EXPECT_EQ(Ids(DrainDeliveries("sub")), (std::vector<std::string>{"s:s2", "s:s3"}));
}

TEST_P(SubscriptionSpec, ResumesAfterTheDurableCheckpoint) {
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()));
  MustAppend("s", Batch(5));
  std::vector<Event> delivered = DrainDeliveries("sub");
  ASSERT_EQ(delivered.size(), 5u);
  ASSERT_OK(store().Ack("sub", Cursor::Of(delivered[2])));
  ASSERT_OK(store().Ack("sub", Cursor::Of(delivered[0])));  // behind: succeeds, changes nothing
  EXPECT_EQ(store().ListSubscriptions().value()[0].checkpoint, Cursor::Of(delivered[2]));
  ASSERT_OK(Restart());
  EXPECT_EQ(Ids(DrainDeliveries("sub")), (std::vector<std::string>{"s:e3", "s:e4"}))
      << "strictly after the checkpoint; redelivery of unacknowledged events is allowed";
}

TEST_P(SubscriptionSpec, UnsubscribeStopsDeliveryAndFreesTheName) {
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()));
  MustAppend("s", Batch(2));
  ASSERT_OK(store().Unsubscribe("sub"));
  EXPECT_OK(store().Unsubscribe("sub"));
  EXPECT_CODE(store().TakeDeliveries("sub", 10), ErrorCode::kNotFound);
  EXPECT_TRUE(store().ListSubscriptions().value().empty());
  ASSERT_OK(store().Subscribe("sub", Selector::All(), SubscriptionStart::End()));
  ASSERT_OK(Restart());
  EXPECT_EQ(store().ListSubscriptions().value().size(), 1u) << "subscriptions are durable";
  EXPECT_TRUE(DrainDeliveries("sub").empty());
}

TEST_P(SubscriptionSpec, SlowSubscriberLosesNothing) {
  ASSERT_OK(store().Subscribe("slow", Selector::All(), SubscriptionStart::Beginning()));
  for (int batch = 0; batch < 40; ++batch) {
    MustAppend("s" + std::to_string(batch % 3), Batch(50, "b" + std::to_string(batch) + "-"));
    Settle();  // the subscriber never takes anything while the store runs ahead
  }
  EXPECT_EQ(DrainDeliveries("slow"), MustReadAll());
}

EVSIM_INSTANTIATE_SPEC(SubscriptionSpec);

}  // namespace
}  // namespace evsim::testing

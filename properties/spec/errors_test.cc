// SPEC 9 and SPEC 1: every malformed input is rejected with its code and changes nothing.
#include "evsim/records/limits.h"
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

using ErrorSpec = SpecTest;

const std::vector<std::string>& BadStreamIds() {
  static const std::vector<std::string> ids = {"",           std::string(256, 'a'),    "has space",
                                               "tab\t",      std::string("nul\0x", 5), "del\x7f",
                                               "caf\xc3\xa9"};
  return ids;
}

TEST_P(ErrorSpec, InvalidStreamIdsEverywhere) {
  for (const std::string& id : BadStreamIds()) {
    SCOPED_TRACE("stream id of " + std::to_string(id.size()) + " bytes");
    EXPECT_CODE(store().Append(id, kExpectAny, {Ev("x")}), ErrorCode::kInvalidStreamId);
    EXPECT_CODE(store().Read(id, 0, 1, Direction::kForward), ErrorCode::kInvalidStreamId);
    EXPECT_CODE(store().Version(id), ErrorCode::kInvalidStreamId);
    EXPECT_CODE(store().Exists(id), ErrorCode::kInvalidStreamId);
    EXPECT_CODE(store().DeleteStream(id), ErrorCode::kInvalidStreamId);
    EXPECT_CODE(store().SaveSnapshot(id, 0, "{}", {}), ErrorCode::kInvalidStreamId);
    ScavengeOptions options;
    options.before_version = 1;
    EXPECT_CODE(store().Scavenge(id, options), ErrorCode::kInvalidStreamId);
  }
  EXPECT_OK(store().Append(std::string(255, '~'), kExpectAny, {Ev("x")}));
  EXPECT_OK(store().Append("!", kExpectAny, {Ev("x")}));
  EXPECT_EQ(MustReadAll().size(), 2u);
}

TEST_P(ErrorSpec, InvalidEventsAreRejected) {
  std::vector<std::pair<std::string, EventInput>> cases;
  auto add = [&](std::string name, auto mutate) {
    EventInput event = Ev("id");
    mutate(event);
    cases.emplace_back(std::move(name), std::move(event));
  };
  add("empty id", [](EventInput& event) { event.event_id.clear(); });
  add("id of 129 bytes", [](EventInput& event) { event.event_id = std::string(129, 'i'); });
  add("empty type", [](EventInput& event) { event.event_type.clear(); });
  add("type of 257 bytes", [](EventInput& event) { event.event_type = std::string(257, 't'); });
  add("data over 1 MiB",
      [](EventInput& event) { event.data = std::string(limits::kEventDataBytesMax + 1, 'd'); });
  add("empty tag", [](EventInput& event) { event.tags = {"a", ""}; });
  add("duplicate tag", [](EventInput& event) { event.tags = {"a", "b", "a"}; });
  for (const auto& [name, event] : cases) {
    SCOPED_TRACE(name);
    EXPECT_CODE(store().Append("s", kExpectAny, {event}), ErrorCode::kInvalidEvent);
  }
  EXPECT_FALSE(store().Exists("s").value());
  // At the bounds is fine.
  EventInput edge = Ev(std::string(128, 'i'), std::string(256, 't'));
  edge.data = std::string(limits::kEventDataBytesMax, 'd');
  EXPECT_OK(store().Append("s", kExpectAny, {edge}));
}

TEST_P(ErrorSpec, DuplicateEventIdsAreNotDeduplicated) {
  EXPECT_EQ(MustAppend("s", {Ev("same"), Ev("same")}), 1);
  EXPECT_EQ(MustAppend("s", {Ev("same")}), 2);
  EXPECT_EQ(MustRead("s").size(), 3u);
}

TEST_P(ErrorSpec, EventFieldsRoundTripExactly) {
  EventInput event =
      Ev("id-1", "Type", {"z", "a"}, {{"b", "2"}, {"a", "1"}}, std::string("\x00\xff binary", 9));
  event.data_content_type = "application/octet-stream";
  event.metadata_content_type = "text/plain";
  MustAppend("s", {event});
  const Event stored = MustRead("s").at(0);
  EXPECT_EQ(stored.event_id, "id-1");
  EXPECT_EQ(stored.data, event.data);
  EXPECT_EQ(stored.tags, (std::vector<std::string>{"z", "a"})) << "tag order kept";
  EXPECT_EQ(stored.metadata, event.metadata);
  EXPECT_EQ(stored.data_content_type, "application/octet-stream");
  EXPECT_EQ(stored.metadata_content_type, "text/plain");
  EXPECT_EQ(MustRead("s").at(0).stream_id, "s");
}

TEST_P(ErrorSpec, OversizedSnapshotIsInvalidArgument) {
  MustAppend("s", Batch(1));
  EXPECT_CODE(store().SaveSnapshot("s", 0, std::string(limits::kSnapshotBytesMax + 1, 's'), {}),
              ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store().ListSnapshots("s").value().empty());
}

EVSIM_INSTANTIATE_SPEC(ErrorSpec);

}  // namespace
}  // namespace evsim::testing

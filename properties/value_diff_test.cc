// Failure reports point at the difference (issue 12, item 1): sim/value_diff.h.
#include <gtest/gtest.h>

#include "evsim/sim/observable_state.h"
#include "evsim/sim/value_diff.h"

namespace evsim::sim {
namespace {

std::vector<Event> SixteenEvents() {
  std::vector<Event> events;
  for (int index = 0; index < 16; ++index) {
    Event event;
    event.event_id = "e" + std::to_string(index);
    event.event_type = "Opened";
    event.stream_id = index % 2 == 0 ? "a" : "a-b";
    event.version = index / 2;
    event.epoch_us = 1'700'000'000'000'000 + index;
    event.data = std::string(40, static_cast<char>('a' + index));
    event.tags = {"blue"};
    events.push_back(event);
  }
  return events;
}

std::string Render(const std::vector<Event>& events) {
  std::string text;
  for (const Event& event : events) text += DescribeEvent(event) + "\n";
  return text;
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(ValueDiff, AMissingEventIsTheOnlyThingShown) {
  const std::vector<Event> model = SixteenEvents();
  std::vector<Event> store = model;
  store.erase(store.begin() + 9);  // what an index that skips an entry returns
  const std::string report = DiffRenderedValues(Render(store), Render(model));
  EXPECT_EQ(Count(report, "missing from the store: a-b@4 id=e9 "), 1) << report;
  EXPECT_EQ(Count(report, " id="), 1) << "only the missing event is named:\n" << report;
  EXPECT_NE(report.find("(15 of 16 model items agree"), std::string::npos) << report;
  // Its 40 data bytes are cut: there is nothing on the other side to compare them with.
  EXPECT_NE(report.find("data=6a6a6a6a…(40 bytes)"), std::string::npos) << report;
}

TEST(ValueDiff, AnEventPresentOnBothSidesShowsOnlyItsDifferingFields) {
  const std::vector<Event> model = SixteenEvents();
  std::vector<Event> store = model;
  store[3].data[30] = 'X';
  store[3].tags.push_back("red");
  const std::string report = DiffRenderedValues(Render(store), Render(model));
  EXPECT_NE(report.find("differs, a-b@1:"), std::string::npos) << report;
  EXPECT_NE(report.find("t:red: only the store has it"), std::string::npos) << report;
  // The data field, cut to a window around byte 30 (char 60 of the hex).
  EXPECT_NE(report.find("data: store (char 52) …"), std::string::npos) << report;
  EXPECT_EQ(report.find("type"), std::string::npos) << "equal fields are not shown:\n" << report;
  EXPECT_EQ(Count(report, "differs,"), 1) << report;
}

TEST(ValueDiff, ExtraEventsReorderingsAndEqualValues) {
  const std::vector<Event> model = SixteenEvents();
  std::vector<Event> store = model;
  Event extra = model[0];
  extra.version = 99;
  store.push_back(extra);
  EXPECT_NE(DiffRenderedValues(Render(store), Render(model)).find("only in the store:      a@99"),
            std::string::npos);

  std::vector<Event> swapped = model;
  std::swap(swapped[4], swapped[5]);
  EXPECT_NE(DiffRenderedValues(Render(swapped), Render(model))
                .find("another order; item 5 is a-b@2 in the store, a@2 in the model"),
            std::string::npos)
      << DiffRenderedValues(Render(swapped), Render(model));

  EXPECT_EQ(DiffRenderedValues(Render(model), Render(model)), "");
}

TEST(ValueDiff, ManyDifferencesAreCountedNotPrinted) {
  const std::vector<Event> model = SixteenEvents();
  const std::string report = DiffRenderedValues("", Render(model), 5);
  EXPECT_EQ(Count(report, "missing from the store"), 5) << report;
  EXPECT_NE(report.find("… and 11 more differences"), std::string::npos) << report;
}

}  // namespace
}  // namespace evsim::sim

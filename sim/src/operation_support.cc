// Outcomes of operations on adapters, and the typed fields operations share.
#include "evsim/sim/operation_support.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <charconv>

#include "evsim/sim/observable_state.h"

namespace evsim::sim {
namespace {

template <typename T, typename Render>
Outcome Rendered(const Result<T>& result, Render render) {
  if (!result.ok()) return Outcome{result.status(), "", {}};
  return Outcome{Status::Ok(), render(result.value()), {}};
}

bool ParseInteger(std::string_view text, std::int64_t& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string Outcome::Summary() const {
  if (!status.ok()) {
    std::string text = fmt::format("error {}", ErrorCodeName(status.code()));
    if (status.expected_version()) {
      text += fmt::format(" expected={} actual={}", *status.expected_version(),
                          *status.actual_version());
    }
    if (status.violation_kind()) {
      text += fmt::format(" {}@{}", ViolationKindName(*status.violation_kind()),
                          *status.violation_version());
    }
    return text;
  }
  const std::string hash =
      fmt::format("#{:08x}", static_cast<unsigned>(XXH3_64bits(rendered.data(), rendered.size())));
  if (!events.empty() || rendered.empty()) return fmt::format("ok {} events {}", events.size(), hash);
  return fmt::format("ok {} {}", rendered.size() <= 40 ? rendered : rendered.substr(0, 40) + "...",
                     hash);
}

Outcome OutcomeOf(const Status& status) { return Outcome{status, status.ok() ? "ok" : "", {}}; }

Outcome OutcomeOf(const Result<std::vector<Event>>& events) {
  if (!events.ok()) return Outcome{events.status(), "", {}};
  Outcome outcome{Status::Ok(), "", events.value()};
  for (const Event& event : events.value()) outcome.rendered += DescribeEvent(event) + "\n";
  return outcome;
}

Outcome OutcomeOf(const Result<std::int64_t>& number) {
  return Rendered(number, [](std::int64_t value) { return std::to_string(value); });
}

Outcome OutcomeOf(const Result<std::vector<std::string>>& names) {
  return Rendered(names, [](const std::vector<std::string>& all) {
    std::string text;
    for (const std::string& name : all) text += name + " ";
    return text;
  });
}

Outcome OutcomeOf(const Result<Snapshot>& snapshot) { return Rendered(snapshot, DescribeSnapshot); }

Outcome OutcomeOf(const Result<std::vector<Snapshot>>& snapshots) {
  return Rendered(snapshots, [](const std::vector<Snapshot>& all) {
    std::string text;
    for (const Snapshot& snapshot : all) text += DescribeSnapshot(snapshot) + "\n";
    return text;
  });
}

Outcome OutcomeOf(const Result<ScavengeReport>& report) {
  return Rendered(report, [](const ScavengeReport& value) { return value.ToString(); });
}

Status ReadCursor(OperationFields& fields, std::string_view key, Cursor& out) {
  std::string text = "beginning";
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text == "beginning") {
    out = Cursor::Beginning();
    return Status::Ok();
  }
  const auto first = text.find('/');
  const auto last = text.rfind('/');
  std::int64_t epoch_us = 0;
  std::int64_t version = 0;
  if (first == std::string::npos || first == last ||
      !ParseInteger(std::string_view(text).substr(0, first), epoch_us) ||
      !ParseInteger(std::string_view(text).substr(last + 1), version) || version < 0) {
    return fields.Error(key, "a cursor is 'beginning' or 'EPOCH_US/STREAM/VERSION', got '" +
                                 text + "'");
  }
  out = Cursor::At(epoch_us, text.substr(first + 1, last - first - 1), version);
  return Status::Ok();
}

Status ReadExpected(OperationFields& fields, std::string_view key, std::int64_t& out) {
  std::string text = ExpectedText(out);
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text == "any") {
    out = kExpectAny;
  } else if (text == "no_stream") {
    out = kExpectNoStream;
  } else if (text == "stream_exists") {
    out = kExpectStreamExists;
  } else if (!ParseInteger(text, out)) {
    return fields.Error(key, "expected any, no_stream, stream_exists or a version, got '" + text +
                                 "'");
  }
  return Status::Ok();
}

Status ReadStart(OperationFields& fields, std::string_view key, SubscriptionStart& out) {
  std::string text = StartText(out);
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text == "beginning") {
    out = SubscriptionStart::Beginning();
  } else if (text == "end") {
    out = SubscriptionStart::End();
  } else {
    Cursor cursor;
    EVSIM_RETURN_IF_ERROR(ReadCursor(fields, key, cursor));
    out = SubscriptionStart::After(std::move(cursor));
  }
  return Status::Ok();
}

Status ReadDirection(OperationFields& fields, std::string_view key, Direction& out) {
  std::string text = out == Direction::kForward ? "forward" : "backward";
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text != "forward" && text != "backward") {
    return fields.Error(key, "expected forward or backward, got '" + text + "'");
  }
  out = text == "forward" ? Direction::kForward : Direction::kBackward;
  return Status::Ok();
}

Status ReadMatch(OperationFields& fields, std::string_view key, TagMatch& out) {
  std::string text = MatchText(out);
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text != "any" && text != "all") {
    return fields.Error(key, "expected any or all, got '" + text + "'");
  }
  out = text == "all" ? TagMatch::kAll : TagMatch::kAny;
  return Status::Ok();
}

std::string ExpectedText(std::int64_t expected) {
  switch (expected) {
    case kExpectAny:
      return "any";
    case kExpectNoStream:
      return "no_stream";
    case kExpectStreamExists:
      return "stream_exists";
    default:
      return std::to_string(expected);
  }
}

std::string StartText(const SubscriptionStart& start) {
  switch (start.kind) {
    case SubscriptionStart::Kind::kBeginning:
      return "beginning";
    case SubscriptionStart::Kind::kEnd:
      return "end";
    case SubscriptionStart::Kind::kAfter:
      return start.after.ToString();
  }
  return "beginning";
}

std::string MatchText(TagMatch match) { return match == TagMatch::kAll ? "all" : "any"; }

}  // namespace evsim::sim

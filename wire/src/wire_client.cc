#include "evsim/wire/wire_client.h"

#include "evsim/records/limits.h"
#include "evsim/wire/protocol.h"

namespace evsim::wire {
namespace {

std::string Shown(const std::string& line) {
  if (line.size() <= kOffendingLineShownBytes) return line;
  return line.substr(0, kOffendingLineShownBytes) + "... (" + std::to_string(line.size()) +
         " bytes)";
}

std::string Seconds(std::chrono::milliseconds duration) {
  const auto milliseconds = duration.count();
  if (milliseconds % 1000 == 0) return std::to_string(milliseconds / 1000) + " s";
  return std::to_string(milliseconds) + " ms";
}

Json LimitsJson() {
  return Json{{"event_id_bytes_max", limits::kEventIdBytesMax},
              {"event_type_bytes_max", limits::kEventTypeBytesMax},
              {"stream_id_bytes_max", limits::kStreamIdBytesMax},
              {"event_data_bytes_max", limits::kEventDataBytesMax},
              {"batch_events_max", limits::kBatchEventsMax},
              {"batch_bytes_max", limits::kBatchBytesMax}};
}

}  // namespace

WireTraffic& ProcessWireTraffic() {
  static WireTraffic traffic;
  return traffic;
}

Json WireClient::Request(std::string_view op) {
  const std::uint64_t id = next_id_++;
  in_flight_ = "request " + std::to_string(id) + " (" + std::string(op) + ")";
  return Json{{"id", id}, {"op", op}, {"now_us", clock_.NowMicros()}};
}

Status WireClient::Violation(const std::string& what) {
  if (!violation_) violation_ = in_flight_ + ": " + what;
  return Status::IoError("the adapter broke the protocol: " + *violation_);
}

Status WireClient::BadResult(const Status& decoded) {
  return Violation(decoded.message() + "; the line: " + Shown(last_line_));
}

Result<Json> WireClient::Call(const Json& request, std::chrono::milliseconds timeout) {
  if (violation_) return Status::IoError("the adapter broke the protocol: " + *violation_);
  Result<std::string> line = DumpLine(request);
  if (!line.ok()) return line.status();  // evsim's own input cannot be sent; not the adapter's
  const Deadline deadline = DeadlineIn(timeout);
  WireTraffic& traffic = ProcessWireTraffic();
  const auto started = std::chrono::steady_clock::now();
  ++traffic.requests;
  traffic.bytes_sent += line.value().size() + 1;
  if (Status written = process_.WriteLine(line.value(), deadline); !written.ok()) {
    if (process_.failure() == ChildFailure::kTimedOut) {
      return Violation("the adapter did not read its request within " + Seconds(timeout));
    }
    return Violation("the adapter " + process_.ExitDescription() +
                     " before it read the request");
  }
  Result<std::string> answer = process_.ReadLine(deadline, limits_.line_bytes_max);
  if (!answer.ok()) {
    switch (process_.failure()) {
      case ChildFailure::kTimedOut:
        return Violation("no answer within " + Seconds(timeout));
      case ChildFailure::kExited:
        return Violation("the adapter " + process_.ExitDescription() +
                         " while handling the request");
      case ChildFailure::kLineTooLong:
        return Violation("an answer longer than " + std::to_string(limits_.line_bytes_max) +
                         " bytes (--max-line-bytes)");
      default:
        return Violation(answer.status().message());
    }
  }
  last_line_ = std::move(answer).value();
  traffic.bytes_received += last_line_.size() + 1;
  traffic.seconds_waiting +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Result<Json> parsed = ParseLine(last_line_);
  if (!parsed.ok()) return Violation(parsed.status().message() + "; the line: " + Shown(last_line_));
  const Json& response = parsed.value();
  Fields fields(response, "");
  std::uint64_t id = 0;
  bool ok = false;
  if (Status read = fields.Unsigned("id", id); !read.ok()) return BadResult(read);
  if (id != request["id"].get<std::uint64_t>()) {
    return Violation("the answer names id " + std::to_string(id) +
                     ", which is not a request in flight; the line: " + Shown(last_line_));
  }
  if (Status read = fields.Bool("ok", ok); !read.ok()) return BadResult(read);
  if (!ok) {
    Status adapter_error;
    if (Status read = DecodeError(fields.Get("error"), "error", adapter_error); !read.ok()) {
      return BadResult(read);
    }
    return adapter_error;
  }
  const Json& result = fields.Get("result");
  if (!result.is_object()) {
    return BadResult(FieldError("result", "expected an object"));
  }
  return result;
}

Result<HelloAnswer> WireClient::Hello(const std::string& data_directory,
                                      const StoreConfig& config, const Json& options) {
  Json request = Request(op::kHello);
  request["protocol"] = kProtocolVersion;
  request["data_dir"] = data_directory;
  request["config"] = EncodeStoreConfig(config);
  request["options"] = options;
  request["limits"] = LimitsJson();
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request, limits_.startup_timeout));
  Fields fields(result, "result");
  HelloAnswer answer;
  std::int64_t protocol = 0;
  std::vector<std::string> capabilities;
  std::string background;
  if (Status read = fields.Int("protocol", protocol); !read.ok()) return BadResult(read);
  if (protocol != kProtocolVersion) {
    return Violation("the adapter speaks protocol " + std::to_string(protocol) + ", evsim " +
                     std::to_string(kProtocolVersion));
  }
  for (auto [key, out] : {std::pair{"name", &answer.name}, {"version", &answer.version},
                          {"background", &background}}) {
    if (Status read = fields.Text(key, *out); !read.ok()) return BadResult(read);
  }
  if (Status read = fields.Texts("capabilities", capabilities); !read.ok()) return BadResult(read);
  for (const std::string& name : capabilities) {
    const std::optional<Capability> capability = CapabilityFromName(name);
    if (!capability) {
      return BadResult(FieldError("result.capabilities", "unknown capability \"" + name + "\""));
    }
    answer.capabilities = answer.capabilities.With(*capability);
  }
  if (!answer.capabilities.Has(Capability::kCore)) {
    return BadResult(FieldError("result.capabilities", "must include \"core\""));
  }
  if (background != kBackgroundHarness && background != kBackgroundAdapter) {
    return BadResult(FieldError("result.background", "expected \"harness\" or \"adapter\", got \"" +
                                                         background + "\""));
  }
  answer.harness_background = background == kBackgroundHarness;
  capabilities_ = answer.capabilities;
  return answer;
}

Status WireClient::Close() {
  EVSIM_RETURN_IF_ERROR(Call(Request(op::kClose)).status());
  Status exited = process_.WaitForExit(DeadlineIn(limits_.request_timeout));
  if (!exited.ok()) return Violation(exited.message());
  return Status::Ok();
}

Result<std::size_t> WireClient::PendingWork() {
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(Request(op::kPendingWork)));
  std::vector<std::string> items;
  if (Status read = Fields(result, "result").Texts("items", items); !read.ok()) {
    return BadResult(read);
  }
  return items.size();
}

Result<std::optional<std::string>> WireClient::RunWork(std::uint64_t pick) {
  Json request = Request(op::kRunWork);
  request["pick"] = pick;
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  Fields fields(result, "result");
  if (!fields.Has("ran")) {
    if (!result.contains("ran")) return BadResult(FieldError("result.ran", "missing"));
    return std::optional<std::string>();
  }
  std::string ran;
  if (Status read = fields.Text("ran", ran); !read.ok()) return BadResult(read);
  return std::optional<std::string>(std::move(ran));
}

Result<std::vector<Event>> WireClient::EventsOf(const Json& request) {
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  std::vector<Event> events;
  if (Status read = DecodeEvents(Fields(result, "result").Get("events"), "result.events", events);
      !read.ok()) {
    return BadResult(read);
  }
  ProcessWireTraffic().events_received += events.size();
  return events;
}

Status WireClient::NothingOf(const Json& request) { return Call(request).status(); }

Result<Snapshot> WireClient::SnapshotOf(const Json& request) {
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  Snapshot snapshot;
  if (Status read =
          DecodeSnapshot(Fields(result, "result").Get("snapshot"), "result.snapshot", snapshot);
      !read.ok()) {
    return BadResult(read);
  }
  return snapshot;
}

Result<std::int64_t> WireClient::Append(const std::string& stream_id,
                                        std::int64_t expected_version,
                                        const std::vector<EventInput>& events) {
  Json request = Request(op::kAppend);
  request["stream"] = stream_id;
  request["expected_version"] = expected_version;
  Json inputs = Json::array();
  for (const EventInput& event : events) inputs.push_back(EncodeEventInput(event));
  request["events"] = std::move(inputs);
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  std::int64_t version = 0;
  if (Status read = Fields(result, "result").Int("version", version); !read.ok()) {
    return BadResult(read);
  }
  return version;
}

Result<std::vector<Event>> WireClient::Read(const std::string& stream_id, std::int64_t from,
                                            std::int64_t count, Direction direction) {
  Json request = Request(op::kRead);
  request["stream"] = stream_id;
  request["from"] = from;
  request["count"] = count;
  request["direction"] = direction == Direction::kForward ? "forward" : "backward";
  return EventsOf(request);
}

Result<std::int64_t> WireClient::Version(const std::string& stream_id) {
  Json request = Request(op::kVersion);
  request["stream"] = stream_id;
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  std::int64_t version = 0;
  if (Status read = Fields(result, "result").Int("version", version); !read.ok()) {
    return BadResult(read);
  }
  return version;
}

Result<bool> WireClient::Exists(const std::string& stream_id) {
  Json request = Request(op::kExists);
  request["stream"] = stream_id;
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  bool exists = false;
  if (Status read = Fields(result, "result").Bool("exists", exists); !read.ok()) {
    return BadResult(read);
  }
  return exists;
}

Result<std::vector<std::string>> WireClient::ListStreams() {
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(Request(op::kListStreams)));
  std::vector<std::string> streams;
  if (Status read = Fields(result, "result").Texts("streams", streams); !read.ok()) {
    return BadResult(read);
  }
  return streams;
}

Result<std::vector<Event>> WireClient::ReadGlobal(const Cursor& after, std::int64_t limit) {
  Json request = Request(op::kReadGlobal);
  request["after"] = EncodeCursor(after);
  request["limit"] = limit;
  return EventsOf(request);
}

Status WireClient::DeleteStream(const std::string& stream_id) {
  Json request = Request(op::kDeleteStream);
  request["stream"] = stream_id;
  return NothingOf(request);
}

Result<std::vector<Event>> WireClient::LookupTags(const std::vector<std::string>& tags,
                                                  TagMatch match, std::int64_t limit) {
  Json request = Request(op::kLookupTags);
  request["tags"] = tags;
  request["match"] = match == TagMatch::kAll ? "all" : "any";
  request["limit"] = limit;
  return EventsOf(request);
}

Result<std::vector<Event>> WireClient::LookupTypes(const std::vector<std::string>& types,
                                                   std::int64_t limit) {
  Json request = Request(op::kLookupTypes);
  request["types"] = types;
  request["limit"] = limit;
  return EventsOf(request);
}

Result<std::vector<Event>> WireClient::LookupMeta(const std::string& key, const std::string& value,
                                                  std::int64_t limit) {
  Json request = Request(op::kLookupMeta);
  request["key"] = key;
  request["value"] = value;
  request["limit"] = limit;
  return EventsOf(request);
}

Result<Snapshot> WireClient::SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                          const std::string& data, const Metadata& metadata) {
  Json request = Request(op::kSaveSnapshot);
  request["stream"] = stream_id;
  request["version"] = version;
  request["data"] = ToBase64(data);
  Json meta = Json::object();
  for (const auto& [key, value] : metadata) meta[key] = value;
  request["metadata"] = std::move(meta);
  return SnapshotOf(request);
}

Result<Snapshot> WireClient::ReadLatestSnapshot(const std::string& stream_id) {
  Json request = Request(op::kReadLatestSnapshot);
  request["stream"] = stream_id;
  return SnapshotOf(request);
}

Result<Snapshot> WireClient::ReadSnapshotAt(const std::string& stream_id, std::int64_t version) {
  Json request = Request(op::kReadSnapshotAt);
  request["stream"] = stream_id;
  request["version"] = version;
  return SnapshotOf(request);
}

Result<std::vector<Snapshot>> WireClient::ListSnapshots(const std::string& stream_id) {
  Json request = Request(op::kListSnapshots);
  request["stream"] = stream_id;
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  const Json& list = Fields(result, "result").Get("snapshots");
  if (!list.is_array()) return BadResult(FieldError("result.snapshots", "expected a list"));
  std::vector<Snapshot> snapshots(list.size());
  for (std::size_t index = 0; index < list.size(); ++index) {
    if (Status read = DecodeSnapshot(list[index], "result.snapshots[" + std::to_string(index) + "]",
                                     snapshots[index]);
        !read.ok()) {
      return BadResult(read);
    }
  }
  return snapshots;
}

Status WireClient::DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) {
  Json request = Request(op::kDeleteSnapshotAt);
  request["stream"] = stream_id;
  request["version"] = version;
  return NothingOf(request);
}

Status WireClient::DeleteAllSnapshots(const std::string& stream_id) {
  Json request = Request(op::kDeleteAllSnapshots);
  request["stream"] = stream_id;
  return NothingOf(request);
}

Result<ScavengeReport> WireClient::Scavenge(const std::string& stream_id,
                                            const ScavengeOptions& options) {
  Json request = Request(op::kScavenge);
  request["stream"] = stream_id;
  EncodeScavengeOptions(options, request);
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(request));
  ScavengeReport report;
  if (Status read =
          DecodeScavengeReport(Fields(result, "result").Get("report"), "result.report", report);
      !read.ok()) {
    return BadResult(read);
  }
  return report;
}

Status WireClient::VerifyStream(const std::string& stream_id) {
  Json request = Request(op::kVerifyStream);
  request["stream"] = stream_id;
  return NothingOf(request);
}

Status WireClient::Subscribe(const std::string& name, const Selector& selector,
                             const SubscriptionStart& start) {
  Json request = Request(op::kSubscribe);
  request["name"] = name;
  request["selector"] = EncodeSelector(selector);
  request["start"] = EncodeStart(start);
  return NothingOf(request);
}

Status WireClient::Unsubscribe(const std::string& name) {
  Json request = Request(op::kUnsubscribe);
  request["name"] = name;
  return NothingOf(request);
}

Status WireClient::Ack(const std::string& name, const Cursor& cursor) {
  Json request = Request(op::kAck);
  request["name"] = name;
  request["cursor"] = EncodeCursor(cursor);
  return NothingOf(request);
}

Result<std::vector<Event>> WireClient::TakeDeliveries(const std::string& name,
                                                      std::int64_t max_events) {
  Json request = Request(op::kTakeDeliveries);
  request["name"] = name;
  request["max_events"] = max_events;
  return EventsOf(request);
}

Result<std::vector<SubscriptionInfo>> WireClient::ListSubscriptions() {
  EVSIM_ASSIGN_OR_RETURN(Json result, Call(Request(op::kListSubscriptions)));
  const Json& list = Fields(result, "result").Get("subscriptions");
  if (!list.is_array()) return BadResult(FieldError("result.subscriptions", "expected a list"));
  std::vector<SubscriptionInfo> subscriptions(list.size());
  for (std::size_t index = 0; index < list.size(); ++index) {
    if (Status read = DecodeSubscriptionInfo(
            list[index], "result.subscriptions[" + std::to_string(index) + "]",
            subscriptions[index]);
        !read.ok()) {
      return BadResult(read);
    }
  }
  return subscriptions;
}

Status WireClient::Reopen(const StoreConfig&) {
  return Status::Unsupported("an external adapter is reopened by restarting its process");
}

}  // namespace evsim::wire

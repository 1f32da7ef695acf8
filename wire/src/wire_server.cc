#include "evsim/wire/wire_server.h"

#include <unistd.h>

#include <cerrno>
#include <functional>
#include <map>

#include "evsim/wire/protocol.h"

namespace evsim::wire {
namespace {

using Handler = std::function<Result<Json>(ServedStore&, const Fields&)>;

Json Events(const std::vector<Event>& events) {
  Json list = Json::array();
  for (const Event& event : events) list.push_back(EncodeEvent(event));
  return Json{{"events", std::move(list)}};
}

Result<Json> EventsOr(const Result<std::vector<Event>>& events) {
  if (!events.ok()) return events.status();
  return Events(events.value());
}

Result<Json> NothingOr(const Status& status) {
  if (!status.ok()) return status;
  return Json::object();
}

Result<Json> SnapshotOr(const Result<Snapshot>& snapshot) {
  if (!snapshot.ok()) return snapshot.status();
  return Json{{"snapshot", EncodeSnapshot(snapshot.value())}};
}

Status ReadDirection(const Fields& request, Direction& out) {
  std::string text;
  EVSIM_RETURN_IF_ERROR(request.Text("direction", text));
  if (text != "forward" && text != "backward") {
    return FieldError(request.PathOf("direction"), "expected \"forward\" or \"backward\"");
  }
  out = text == "forward" ? Direction::kForward : Direction::kBackward;
  return Status::Ok();
}

Status ReadMatch(const Fields& request, TagMatch& out) {
  std::string text;
  EVSIM_RETURN_IF_ERROR(request.Text("match", text));
  if (text != "any" && text != "all") {
    return FieldError(request.PathOf("match"), "expected \"any\" or \"all\"");
  }
  out = text == "all" ? TagMatch::kAll : TagMatch::kAny;
  return Status::Ok();
}

// Core and index operations.
void AddReadHandlers(std::map<std::string, Handler, std::less<>>& handlers) {
  handlers[std::string(op::kAppend)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    std::int64_t expected = 0;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(request.Int("expected_version", expected));
    const Json& list = request.Get("events");
    if (!list.is_array()) return FieldError(request.PathOf("events"), "expected a list");
    std::vector<EventInput> events(list.size());
    for (std::size_t index = 0; index < list.size(); ++index) {
      EVSIM_RETURN_IF_ERROR(
          DecodeEventInput(list[index], "events[" + std::to_string(index) + "]", events[index]));
    }
    EVSIM_ASSIGN_OR_RETURN(std::int64_t version, store.adapter().Append(stream, expected, events));
    return Json{{"version", version}};
  };
  handlers[std::string(op::kRead)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    std::int64_t from = 0, count = 0;
    Direction direction = Direction::kForward;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(request.Int("from", from));
    EVSIM_RETURN_IF_ERROR(request.Int("count", count));
    EVSIM_RETURN_IF_ERROR(ReadDirection(request, direction));
    return EventsOr(store.adapter().Read(stream, from, count, direction));
  };
  handlers[std::string(op::kVersion)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_ASSIGN_OR_RETURN(std::int64_t version, store.adapter().Version(stream));
    return Json{{"version", version}};
  };
  handlers[std::string(op::kExists)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_ASSIGN_OR_RETURN(bool exists, store.adapter().Exists(stream));
    return Json{{"exists", exists}};
  };
  handlers[std::string(op::kListStreams)] = [](ServedStore& store, const Fields&) -> Result<Json> {
    EVSIM_ASSIGN_OR_RETURN(std::vector<std::string> streams, store.adapter().ListStreams());
    return Json{{"streams", streams}};
  };
  handlers[std::string(op::kReadGlobal)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    Cursor after;
    std::int64_t limit = 0;
    EVSIM_RETURN_IF_ERROR(DecodeCursor(request.Get("after"), request.PathOf("after"), after));
    EVSIM_RETURN_IF_ERROR(request.Int("limit", limit));
    return EventsOr(store.adapter().ReadGlobal(after, limit));
  };
  handlers[std::string(op::kDeleteStream)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    return NothingOr(store.adapter().DeleteStream(stream));
  };
  handlers[std::string(op::kLookupTags)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::vector<std::string> tags;
    TagMatch match = TagMatch::kAny;
    std::int64_t limit = 0;
    EVSIM_RETURN_IF_ERROR(request.Texts("tags", tags));
    EVSIM_RETURN_IF_ERROR(ReadMatch(request, match));
    EVSIM_RETURN_IF_ERROR(request.Int("limit", limit));
    return EventsOr(store.adapter().LookupTags(tags, match, limit));
  };
  handlers[std::string(op::kLookupTypes)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::vector<std::string> types;
    std::int64_t limit = 0;
    EVSIM_RETURN_IF_ERROR(request.Texts("types", types));
    EVSIM_RETURN_IF_ERROR(request.Int("limit", limit));
    return EventsOr(store.adapter().LookupTypes(types, limit));
  };
  handlers[std::string(op::kLookupMeta)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string key, value;
    std::int64_t limit = 0;
    EVSIM_RETURN_IF_ERROR(request.Text("key", key));
    EVSIM_RETURN_IF_ERROR(request.Text("value", value));
    EVSIM_RETURN_IF_ERROR(request.Int("limit", limit));
    return EventsOr(store.adapter().LookupMeta(key, value, limit));
  };
}

// Snapshots, scavenge and integrity.
void AddSnapshotHandlers(std::map<std::string, Handler, std::less<>>& handlers) {
  handlers[std::string(op::kSaveSnapshot)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream, data;
    std::int64_t version = 0;
    Metadata metadata;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(request.Int("version", version));
    EVSIM_RETURN_IF_ERROR(request.Bytes("data", data));
    EVSIM_RETURN_IF_ERROR(request.StringMap("metadata", metadata));
    return SnapshotOr(store.adapter().SaveSnapshot(stream, version, data, metadata));
  };
  handlers[std::string(op::kReadLatestSnapshot)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    return SnapshotOr(store.adapter().ReadLatestSnapshot(stream));
  };
  handlers[std::string(op::kReadSnapshotAt)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    std::int64_t version = 0;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(request.Int("version", version));
    return SnapshotOr(store.adapter().ReadSnapshotAt(stream, version));
  };
  handlers[std::string(op::kListSnapshots)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, store.adapter().ListSnapshots(stream));
    Json list = Json::array();
    for (const Snapshot& snapshot : snapshots) list.push_back(EncodeSnapshot(snapshot));
    return Json{{"snapshots", std::move(list)}};
  };
  handlers[std::string(op::kDeleteSnapshotAt)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    std::int64_t version = 0;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(request.Int("version", version));
    return NothingOr(store.adapter().DeleteSnapshotAt(stream, version));
  };
  handlers[std::string(op::kDeleteAllSnapshots)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    return NothingOr(store.adapter().DeleteAllSnapshots(stream));
  };
  handlers[std::string(op::kScavenge)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    ScavengeOptions options;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(DecodeScavengeOptions(request, options));
    EVSIM_ASSIGN_OR_RETURN(ScavengeReport report, store.adapter().Scavenge(stream, options));
    return Json{{"report", EncodeScavengeReport(report)}};
  };
  handlers[std::string(op::kVerifyStream)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string stream;
    EVSIM_RETURN_IF_ERROR(request.Text("stream", stream));
    return NothingOr(store.adapter().VerifyStream(stream));
  };
}

void AddSubscriptionHandlers(std::map<std::string, Handler, std::less<>>& handlers) {
  handlers[std::string(op::kSubscribe)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string name;
    Selector selector;
    SubscriptionStart start;
    EVSIM_RETURN_IF_ERROR(request.Text("name", name));
    EVSIM_RETURN_IF_ERROR(DecodeSelector(request.Get("selector"), request.PathOf("selector"), selector));
    EVSIM_RETURN_IF_ERROR(DecodeStart(request.Get("start"), request.PathOf("start"), start));
    return NothingOr(store.adapter().Subscribe(name, selector, start));
  };
  handlers[std::string(op::kUnsubscribe)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string name;
    EVSIM_RETURN_IF_ERROR(request.Text("name", name));
    return NothingOr(store.adapter().Unsubscribe(name));
  };
  handlers[std::string(op::kAck)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string name;
    Cursor cursor;
    EVSIM_RETURN_IF_ERROR(request.Text("name", name));
    EVSIM_RETURN_IF_ERROR(DecodeCursor(request.Get("cursor"), request.PathOf("cursor"), cursor));
    return NothingOr(store.adapter().Ack(name, cursor));
  };
  handlers[std::string(op::kTakeDeliveries)] = [](ServedStore& store, const Fields& request) -> Result<Json> {
    std::string name;
    std::int64_t max_events = 0;
    EVSIM_RETURN_IF_ERROR(request.Text("name", name));
    EVSIM_RETURN_IF_ERROR(request.Int("max_events", max_events));
    return EventsOr(store.adapter().TakeDeliveries(name, max_events));
  };
  handlers[std::string(op::kListSubscriptions)] = [](ServedStore& store, const Fields&) -> Result<Json> {
    EVSIM_ASSIGN_OR_RETURN(std::vector<SubscriptionInfo> subscriptions,
                           store.adapter().ListSubscriptions());
    Json list = Json::array();
    for (const SubscriptionInfo& info : subscriptions) list.push_back(EncodeSubscriptionInfo(info));
    return Json{{"subscriptions", std::move(list)}};
  };
}

const std::map<std::string, Handler, std::less<>>& StoreHandlers() {
  static const auto* handlers = [] {
    auto* table = new std::map<std::string, Handler, std::less<>>();
    AddReadHandlers(*table);
    AddSnapshotHandlers(*table);
    AddSubscriptionHandlers(*table);
    return table;
  }();
  return *handlers;
}

// Reads lines from a descriptor, each at most line_bytes_max bytes. A longer line is skipped
// and reported as such, so that one bad line cannot take unbounded memory.
class LineReader {
 public:
  LineReader(int input, std::uint64_t line_bytes_max) : input_(input), max_(line_bytes_max) {}
  // False at the end of input.
  bool Next(std::string& line, bool& too_long) {
    too_long = false;
    std::size_t scanned = 0;
    while (true) {
      const std::size_t newline = buffer_.find('\n', scanned);
      if (newline != std::string::npos) {
        line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        too_long = too_long || line.size() > max_;
        return true;
      }
      if (buffer_.size() > max_) {
        too_long = true;
        buffer_.clear();  // drop what came so far; keep dropping to the newline
      }
      scanned = buffer_.size();
      char chunk[1 << 16];
      const ssize_t count = ::read(input_, chunk, sizeof chunk);
      if (count < 0 && errno == EINTR) continue;
      if (count <= 0) {
        if (buffer_.empty() || too_long) return false;
        line = std::move(buffer_);  // a last line without a newline
        buffer_.clear();
        return true;
      }
      buffer_.append(chunk, static_cast<std::size_t>(count));
    }
  }

 private:
  int input_;
  std::uint64_t max_;
  std::string buffer_;
};

bool WriteAll(int output, std::string text) {
  text.push_back('\n');
  std::string_view left = text;
  while (!left.empty()) {
    const ssize_t written = ::write(output, left.data(), left.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    left.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

class Server {
 public:
  Server(ServedStore& store, std::ostream& log) : store_(store), log_(log) {}

  // The response to one request line; `closing` is set by a successful close.
  Json Answer(const std::string& line, bool& closing) {
    Result<Json> parsed = ParseLine(line);
    if (!parsed.ok()) return Failure(Json(), parsed.status(), true);
    const Json& request = parsed.value();
    Fields fields(request, "");
    Json id = request.contains("id") ? request["id"] : Json();
    std::uint64_t id_value = 0;
    if (Status read = fields.Unsigned("id", id_value); !read.ok()) return Failure(id, read);
    std::string op;
    std::int64_t now_us = 0;
    if (Status read = fields.Text("op", op); !read.ok()) return Failure(id, read);
    if (Status read = fields.Int("now_us", now_us); !read.ok()) return Failure(id, read);
    store_.SetNow(now_us);
    Result<Json> result = Dispatch(op, fields, closing);
    if (!result.ok()) return Failure(id, result.status());
    return Json{{"id", id}, {"ok", true}, {"result", std::move(result).value()}};
  }

 private:
  // The answer to a request that failed. A malformed request (not JSON, a missing or mistyped
  // field, an unknown op) is also logged: it is a bug in whoever sent it. A store's own error
  // answer is an ordinary result and is not.
  Json Failure(const Json& id, const Status& status, bool malformed = false) {
    const bool bad_field = status.message().rfind("field '", 0) == 0;
    if (malformed || bad_field) log_ << "evsim serve: bad request: " << status.message() << "\n";
    return Json{{"id", id}, {"ok", false}, {"error", EncodeError(status)}};
  }

  Result<Json> Dispatch(const std::string& op, const Fields& request, bool& closing) {
    if (op == op::kHello) return Hello(request);
    if (!opened_) return Malformed("'" + op + "' before hello");
    if (op == op::kClose) {
      EVSIM_RETURN_IF_ERROR(store_.Close());
      closing = true;
      return Json::object();
    }
    if (op == op::kPendingWork) return Json{{"items", store_.PendingWork()}};
    if (op == op::kRunWork) {
      std::uint64_t pick = 0;
      EVSIM_RETURN_IF_ERROR(request.Unsigned("pick", pick));
      const std::optional<std::string> ran = store_.RunWork(pick);
      return Json{{"ran", ran ? Json(*ran) : Json()}};
    }
    auto handler = StoreHandlers().find(op);
    if (handler == StoreHandlers().end()) return Malformed("unknown op '" + op + "'");
    return handler->second(store_, request);
  }

  Status Malformed(const std::string& what) {
    log_ << "evsim serve: bad request: " << what << "\n";
    return Status::InvalidArgument(what);
  }

  Result<Json> Hello(const Fields& request) {
    if (opened_) return Malformed("hello twice");
    std::int64_t protocol = 0;
    EVSIM_RETURN_IF_ERROR(request.Int("protocol", protocol));
    if (protocol != kProtocolVersion) {
      return Status::Unsupported("this adapter speaks protocol " +
                                 std::to_string(kProtocolVersion) + ", not " +
                                 std::to_string(protocol));
    }
    std::string data_directory;
    if (request.Has("data_dir")) EVSIM_RETURN_IF_ERROR(request.Text("data_dir", data_directory));
    StoreConfig config;
    EVSIM_RETURN_IF_ERROR(DecodeStoreConfig(request.Get("config"), "config", config));
    Status opened = store_.Open(data_directory, config, request.Get("options"));
    log_ << "evsim serve: " << store_.name() << ": " << (opened.ok() ? store_.StartReport() : opened.ToString()) << "\n";
    EVSIM_RETURN_IF_ERROR(opened);
    opened_ = true;
    std::vector<std::string> capabilities;
    for (Capability capability : kAllCapabilities) {
      if (store_.capabilities().Has(capability)) {
        capabilities.emplace_back(CapabilityName(capability));
      }
    }
    return Json{{"protocol", kProtocolVersion},
                {"name", store_.name()},
                {"version", store_.version()},
                {"capabilities", capabilities},
                {"background", store_.harness_background() ? kBackgroundHarness
                                                           : kBackgroundAdapter}};
  }

  ServedStore& store_;
  std::ostream& log_;
  bool opened_ = false;
};

}  // namespace

int Serve(ServedStore& store, int input, int output, std::ostream& log, ServeLimits limits) {
  Server server(store, log);
  LineReader reader(input, limits.line_bytes_max);
  std::string line;
  bool too_long = false;
  while (reader.Next(line, too_long)) {
    bool closing = false;
    Json response =
        too_long ? Json{{"id", nullptr},
                        {"ok", false},
                        {"error", EncodeError(Status::InvalidArgument(
                                      "a request line longer than " +
                                      std::to_string(limits.line_bytes_max) + " bytes"))}}
                 : server.Answer(line, closing);
    Result<std::string> text = DumpLine(response);
    if (!text.ok()) {
      text = DumpLine(Json{{"id", response["id"]},
                           {"ok", false},
                           {"error", EncodeError(Status::InvalidArgument(text.status().message()))}});
    }
    if (!text.ok() || !WriteAll(output, text.value())) {
      log << "evsim serve: cannot write to the output; stopping\n";
      return 2;
    }
    if (closing) return 0;
  }
  return 0;
}

}  // namespace evsim::wire

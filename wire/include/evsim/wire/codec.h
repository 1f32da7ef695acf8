#pragma once
// The JSON form of every record of the wire protocol (docs/wire-protocol.md section 8), both
// ways. Encoding cannot fail. Decoding is strict and never throws: a missing or mistyped field
// is an invalid_argument whose message names the field by its path
// ("field 'result.events[2].version': expected an integer, got a string").
//
// nlohmann::json throws; every call that can throw stays inside codec.cc.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/adapter/store_config.h"
#include "evsim/records/cursor.h"
#include "evsim/records/event.h"
#include "evsim/records/result.h"
#include "evsim/records/scavenge.h"
#include "evsim/records/selector.h"
#include "evsim/records/subscription.h"

namespace evsim::wire {

// Insertion-ordered, so that a line reads "id", "op", ... in the order it was built.
using Json = nlohmann::ordered_json;

// Standard base64 with padding (RFC 4648 section 4), over OpenSSL's EVP codec.
std::string ToBase64(std::string_view bytes);
// invalid_argument unless `text` is canonical padded base64.
Result<std::string> FromBase64(std::string_view text);

// One line of the protocol: a JSON object at most kJsonDepthMax deep. invalid_argument saying
// what is wrong (not JSON and where, not an object, too deep).
Result<Json> ParseLine(std::string_view line);
// The compact one-line form. invalid_argument when a text field is not UTF-8.
Result<std::string> DumpLine(const Json& value);

Json EncodeEventInput(const EventInput& input);
Json EncodeEvent(const Event& event);
Json EncodeSnapshot(const Snapshot& snapshot);
Json EncodeCursor(const Cursor& cursor);  // null, or [epoch_us, stream_id, version]
Json EncodeSelector(const Selector& selector);
Json EncodeStart(const SubscriptionStart& start);
Json EncodeSubscriptionInfo(const SubscriptionInfo& info);
Json EncodeScavengeReport(const ScavengeReport& report);
Json EncodeStoreConfig(const StoreConfig& config);
// The `error` object of a failure response. REQUIRES: !status.ok().
Json EncodeError(const Status& status);
// Writes the scavenge options into a request (before_version or before_epoch_us, ...).
void EncodeScavengeOptions(const ScavengeOptions& options, Json& request);

// Reads the fields of one JSON object, naming each by its path in errors.
class Fields {
 public:
  // REQUIRES: `object` outlives this reader.
  Fields(const Json& object, std::string path) : object_(object), path_(std::move(path)) {}

  // invalid_argument unless the value is an object.
  Status RequireObject() const;
  // Present and not null.
  bool Has(std::string_view key) const;
  // The value at `key`, or null when absent.
  const Json& Get(std::string_view key) const;
  // "PATH.key"
  std::string PathOf(std::string_view key) const;
  const std::string& path() const { return path_; }

  Status Int(std::string_view key, std::int64_t& out) const;
  Status Unsigned(std::string_view key, std::uint64_t& out) const;
  Status Bool(std::string_view key, bool& out) const;
  Status Text(std::string_view key, std::string& out) const;
  Status Bytes(std::string_view key, std::string& out) const;  // base64
  Status Texts(std::string_view key, std::vector<std::string>& out) const;
  Status StringMap(std::string_view key, Metadata& out) const;  // object of strings

 private:
  const Json& object_;
  std::string path_;
};

// "field 'PATH': WHAT" as invalid_argument.
Status FieldError(const std::string& path, const std::string& what);

// Each reads the value at `path` (for messages) into `out`.
Status DecodeEventInput(const Json& value, const std::string& path, EventInput& out);
Status DecodeEvent(const Json& value, const std::string& path, Event& out);
Status DecodeEvents(const Json& value, const std::string& path, std::vector<Event>& out);
Status DecodeSnapshot(const Json& value, const std::string& path, Snapshot& out);
Status DecodeCursor(const Json& value, const std::string& path, Cursor& out);
Status DecodeSelector(const Json& value, const std::string& path, Selector& out);
Status DecodeStart(const Json& value, const std::string& path, SubscriptionStart& out);
Status DecodeSubscriptionInfo(const Json& value, const std::string& path, SubscriptionInfo& out);
Status DecodeScavengeReport(const Json& value, const std::string& path, ScavengeReport& out);
Status DecodeScavengeOptions(const Fields& request, ScavengeOptions& out);
Status DecodeStoreConfig(const Json& value, const std::string& path, StoreConfig& out);
// The error an adapter answered with, as a Status (ok for the caller to return as the
// operation's result): `out` is set to it. The returned status is invalid_argument when the
// error object itself is malformed (an unknown code, missing details).
Status DecodeError(const Json& value, const std::string& path, Status& out);

}  // namespace evsim::wire

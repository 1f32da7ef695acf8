// The JSON form of the protocol's records. Every nlohmann call that can throw is inside this
// file, behind a catch.
#include "evsim/wire/codec.h"

#include <openssl/evp.h>

#include "evsim/wire/protocol.h"

namespace evsim::wire {
namespace {

std::string_view TypeName(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number_float()) return "a fraction";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "a list";
  return "an object";
}

Status Mistyped(const std::string& path, std::string_view expected, const Json& value) {
  return FieldError(path, "expected " + std::string(expected) + ", got " +
                              std::string(value.is_null() ? "nothing" : TypeName(value)));
}

// A JSON integer in the signed 64-bit range.
Status IntegerAt(const Json& value, const std::string& path, std::int64_t& out) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(INT64_MAX)) {
      return FieldError(path, "integer beyond the signed 64-bit range");
    }
    out = static_cast<std::int64_t>(number);
    return Status::Ok();
  }
  if (!value.is_number_integer()) return Mistyped(path, "an integer", value);
  out = value.get<std::int64_t>();
  return Status::Ok();
}

Status TextAt(const Json& value, const std::string& path, std::string& out) {
  if (!value.is_string()) return Mistyped(path, "a string", value);
  out = value.get_ref<const std::string&>();
  return Status::Ok();
}

Status Hash32At(const Json& value, const std::string& path, Hash32& out) {
  std::string text;
  EVSIM_RETURN_IF_ERROR(TextAt(value, path, text));
  Result<std::string> bytes = FromBase64(text);
  if (!bytes.ok()) return FieldError(path, bytes.status().message());
  if (bytes.value().size() != out.size()) {
    return FieldError(path, "expected 32 bytes, got " + std::to_string(bytes.value().size()));
  }
  std::copy(bytes.value().begin(), bytes.value().end(), out.begin());
  return Status::Ok();
}

std::string HashText(const Hash32& hash) {
  return ToBase64(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

Json EncodeMac(const Mac& mac) { return Json{{"key_id", mac.key_id}, {"bytes", HashText(mac.bytes)}}; }

Status DecodeMac(const Json& value, const std::string& path, std::optional<Mac>& out) {
  if (value.is_null()) return Status::Ok();
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  std::uint64_t key_id = 0;
  EVSIM_RETURN_IF_ERROR(fields.Unsigned("key_id", key_id));
  if (key_id > UINT32_MAX) return FieldError(fields.PathOf("key_id"), "beyond 32 bits");
  Mac mac;
  mac.key_id = static_cast<std::uint32_t>(key_id);
  EVSIM_RETURN_IF_ERROR(Hash32At(fields.Get("bytes"), fields.PathOf("bytes"), mac.bytes));
  out = mac;
  return Status::Ok();
}

Json EncodeMetadata(const Metadata& metadata) {
  Json object = Json::object();
  for (const auto& [key, value] : metadata) object[key] = value;
  return object;
}

std::string_view MatchName(TagMatch match) { return match == TagMatch::kAll ? "all" : "any"; }

Status DecodeMatch(const Fields& fields, std::string_view key, TagMatch& out) {
  std::string text;
  EVSIM_RETURN_IF_ERROR(fields.Text(key, text));
  if (text != "any" && text != "all") {
    return FieldError(fields.PathOf(key), "expected \"any\" or \"all\", got \"" + text + "\"");
  }
  out = text == "all" ? TagMatch::kAll : TagMatch::kAny;
  return Status::Ok();
}

// Counts nesting outside strings, so that no parser recursion or allocation is spent on a
// document deeper than the protocol allows.
bool NestsDeeperThan(std::string_view line, int depth_max) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : line) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (++depth > depth_max) return true;
    }
    if (c == ']' || c == '}') --depth;
  }
  return false;
}

}  // namespace

std::string ToBase64(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  EVSIM_ASSERT(written >= 0 && static_cast<std::size_t>(written) == text.size());
  return text;
}

Result<std::string> FromBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("not base64: length " + std::to_string(text.size()) +
                                   " is not a multiple of 4");
  }
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
    return Status::InvalidArgument("base64 text too long");
  }
  std::string bytes(3 * (text.size() / 4), '\0');
  const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (decoded < 0) return Status::InvalidArgument("not base64: a character outside the alphabet");
  // EVP_DecodeBlock counts padding as zero bytes; padding is at most two '='.
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  bytes.resize(static_cast<std::size_t>(decoded) - padding);
  // Only the canonical spelling is accepted, so that one byte string has one encoding.
  if (ToBase64(bytes) != text) return Status::InvalidArgument("not canonical padded base64");
  return bytes;
}

Result<Json> ParseLine(std::string_view line) {
  if (NestsDeeperThan(line, kJsonDepthMax)) {
    return Status::InvalidArgument("JSON nested deeper than " + std::to_string(kJsonDepthMax) +
                                   " levels");
  }
  Json value;
  try {
    value = Json::parse(line);
  } catch (const Json::exception& error) {
    return Status::InvalidArgument(std::string("not JSON: ") + error.what());
  }
  if (!value.is_object()) {
    return Status::InvalidArgument("expected a JSON object, got " + std::string(TypeName(value)));
  }
  return value;
}

Result<std::string> DumpLine(const Json& value) {
  try {
    return value.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::exception& error) {
    return Status::InvalidArgument(std::string("cannot encode as JSON: ") + error.what());
  }
}

Status FieldError(const std::string& path, const std::string& what) {
  return Status::InvalidArgument("field '" + path + "': " + what);
}

// --- Fields

Status Fields::RequireObject() const {
  if (!object_.is_object()) return Mistyped(path_, "an object", object_);
  return Status::Ok();
}

bool Fields::Has(std::string_view key) const {
  auto found = object_.find(key);
  return found != object_.end() && !found->is_null();
}

const Json& Fields::Get(std::string_view key) const {
  static const Json kNull;
  auto found = object_.find(key);
  return found == object_.end() ? kNull : *found;
}

std::string Fields::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Status Fields::Int(std::string_view key, std::int64_t& out) const {
  return IntegerAt(Get(key), PathOf(key), out);
}

Status Fields::Unsigned(std::string_view key, std::uint64_t& out) const {
  const Json& value = Get(key);
  if (!value.is_number_unsigned()) {
    if (value.is_number_integer()) return FieldError(PathOf(key), "expected a value >= 0");
    return Mistyped(PathOf(key), "an unsigned integer", value);
  }
  out = value.get<std::uint64_t>();
  return Status::Ok();
}

Status Fields::Bool(std::string_view key, bool& out) const {
  const Json& value = Get(key);
  if (!value.is_boolean()) return Mistyped(PathOf(key), "true or false", value);
  out = value.get<bool>();
  return Status::Ok();
}

Status Fields::Text(std::string_view key, std::string& out) const {
  return TextAt(Get(key), PathOf(key), out);
}

Status Fields::Bytes(std::string_view key, std::string& out) const {
  std::string text;
  EVSIM_RETURN_IF_ERROR(Text(key, text));
  Result<std::string> bytes = FromBase64(text);
  if (!bytes.ok()) return FieldError(PathOf(key), bytes.status().message());
  out = std::move(bytes).value();
  return Status::Ok();
}

Status Fields::Texts(std::string_view key, std::vector<std::string>& out) const {
  const Json& value = Get(key);
  if (!value.is_array()) return Mistyped(PathOf(key), "a list of strings", value);
  out.clear();
  out.reserve(value.size());
  for (std::size_t index = 0; index < value.size(); ++index) {
    std::string item;
    EVSIM_RETURN_IF_ERROR(TextAt(value[index], PathOf(key) + "[" + std::to_string(index) + "]",
                                 item));
    out.push_back(std::move(item));
  }
  return Status::Ok();
}

Status Fields::StringMap(std::string_view key, Metadata& out) const {
  const Json& value = Get(key);
  if (!value.is_object()) return Mistyped(PathOf(key), "an object of strings", value);
  out.clear();
  for (const auto& [entry_key, entry_value] : value.items()) {
    std::string text;
    EVSIM_RETURN_IF_ERROR(TextAt(entry_value, PathOf(key) + "." + entry_key, text));
    if (!out.emplace(entry_key, std::move(text)).second) {
      return FieldError(PathOf(key), "key '" + entry_key + "' twice");
    }
  }
  return Status::Ok();
}

// --- Encoding

// The fields a client sets, which an EventInput and an Event share.
template <typename Record>
void EncodeClientFields(const Record& record, Json& json) {
  json["event_id"] = record.event_id;
  json["event_type"] = record.event_type;
  json["data"] = ToBase64(record.data);
  json["metadata"] = EncodeMetadata(record.metadata);
  json["tags"] = record.tags;
  json["data_content_type"] = record.data_content_type;
  json["metadata_content_type"] = record.metadata_content_type;
}

template <typename Record>
Status DecodeClientFields(const Fields& fields, Record& out) {
  EVSIM_RETURN_IF_ERROR(fields.Text("event_id", out.event_id));
  EVSIM_RETURN_IF_ERROR(fields.Text("event_type", out.event_type));
  EVSIM_RETURN_IF_ERROR(fields.Bytes("data", out.data));
  EVSIM_RETURN_IF_ERROR(fields.StringMap("metadata", out.metadata));
  EVSIM_RETURN_IF_ERROR(fields.Texts("tags", out.tags));
  EVSIM_RETURN_IF_ERROR(fields.Text("data_content_type", out.data_content_type));
  return fields.Text("metadata_content_type", out.metadata_content_type);
}

Json EncodeEventInput(const EventInput& input) {
  Json json = Json::object();
  EncodeClientFields(input, json);
  return json;
}

Json EncodeEvent(const Event& event) {
  Json json = Json::object();
  EncodeClientFields(event, json);
  json["stream_id"] = event.stream_id;
  json["version"] = event.version;
  json["timestamp"] = event.timestamp;
  json["epoch_us"] = event.epoch_us;
  if (event.prev_event_hash) json["prev_event_hash"] = HashText(*event.prev_event_hash);
  if (event.mac) json["mac"] = EncodeMac(*event.mac);
  if (event.signature) json["signature"] = ToBase64(*event.signature);
  return json;
}

Json EncodeSnapshot(const Snapshot& snapshot) {
  Json json{{"stream_id", snapshot.stream_id},
            {"version", snapshot.version},
            {"data", ToBase64(snapshot.data)},
            {"metadata", EncodeMetadata(snapshot.metadata)},
            {"timestamp", snapshot.timestamp}};
  if (snapshot.anchor_hash) json["anchor_hash"] = HashText(*snapshot.anchor_hash);
  if (snapshot.mac) json["mac"] = EncodeMac(*snapshot.mac);
  return json;
}

Json EncodeCursor(const Cursor& cursor) {
  if (cursor.is_beginning) return nullptr;
  return Json::array({cursor.epoch_us, cursor.stream_id, cursor.version});
}

Json EncodeSelector(const Selector& selector) {
  switch (selector.kind) {
    case Selector::Kind::kAll:
      return Json{{"kind", "all"}};
    case Selector::Kind::kByStream:
      return Json{{"kind", "by_stream"}, {"stream", selector.value}};
    case Selector::Kind::kByEventType:
      return Json{{"kind", "by_event_type"}, {"event_type", selector.value}};
    case Selector::Kind::kByEventPattern:
      return Json{{"kind", "by_event_pattern"}, {"pattern", EncodeMetadata(selector.pattern)}};
    case Selector::Kind::kByTags:
      return Json{{"kind", "by_tags"}, {"tags", selector.tags}, {"match", MatchName(selector.tag_match)}};
  }
  return Json{{"kind", "all"}};
}

Json EncodeStart(const SubscriptionStart& start) {
  switch (start.kind) {
    case SubscriptionStart::Kind::kBeginning:
      return Json{{"kind", "beginning"}};
    case SubscriptionStart::Kind::kEnd:
      return Json{{"kind", "end"}};
    case SubscriptionStart::Kind::kAfter:
      return Json{{"kind", "after"}, {"cursor", EncodeCursor(start.after)}};
  }
  return Json{{"kind", "beginning"}};
}

Json EncodeSubscriptionInfo(const SubscriptionInfo& info) {
  return Json{{"name", info.name},
              {"selector", EncodeSelector(info.selector)},
              {"checkpoint", EncodeCursor(info.checkpoint)}};
}

Json EncodeScavengeReport(const ScavengeReport& report) {
  return Json{{"from_version", report.from_version},
              {"to_version", report.to_version},
              {"count", report.count},
              {"dry_run", report.dry_run}};
}

void EncodeScavengeOptions(const ScavengeOptions& options, Json& request) {
  if (options.before_version) request["before_version"] = *options.before_version;
  if (options.before_epoch_us) request["before_epoch_us"] = *options.before_epoch_us;
  request["keep_versions"] = options.keep_versions;
  request["require_snapshot"] = options.require_snapshot;
  request["dry_run"] = options.dry_run;
}

Json EncodeStoreConfig(const StoreConfig& config) {
  Json indexes = Json::array();
  for (const IndexDeclaration& index : config.indexes) indexes.push_back(index.ToString());
  Json integrity{{"enabled", config.integrity.enabled}};
  if (config.integrity.enabled) {
    Json keyring = Json::array();
    for (const auto& [key_id, key] : config.integrity.keyring) {
      keyring.push_back(Json{{"key_id", key_id}, {"key", ToBase64(key)}});
    }
    integrity["keyring"] = std::move(keyring);
    integrity["active_key_id"] = config.integrity.active_key_id;
    integrity["signing_seed"] =
        config.integrity.signing_seed ? Json(ToBase64(*config.integrity.signing_seed)) : Json();
    Json trusted = Json::array();
    for (const std::string& key : config.integrity.trusted_signing_public_keys) {
      trusted.push_back(ToBase64(key));
    }
    integrity["trusted_signing_public_keys"] = std::move(trusted);
  }
  return Json{{"indexes", std::move(indexes)}, {"integrity", std::move(integrity)}};
}

Json EncodeError(const Status& status) {
  EVSIM_ASSERT(!status.ok());
  Json error{{"code", ErrorCodeName(status.code())}, {"message", status.message()}};
  if (status.expected_version()) {
    error["expected"] = *status.expected_version();
    error["actual"] = *status.actual_version();
  }
  if (status.violation_kind()) {
    error["kind"] = ViolationKindName(*status.violation_kind());
    error["version"] = *status.violation_version();
  }
  return error;
}

// --- Decoding

Status DecodeEventInput(const Json& value, const std::string& path, EventInput& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  return DecodeClientFields(fields, out);
}

Status DecodeEvent(const Json& value, const std::string& path, Event& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  EVSIM_RETURN_IF_ERROR(DecodeClientFields(fields, out));
  EVSIM_RETURN_IF_ERROR(fields.Text("stream_id", out.stream_id));
  EVSIM_RETURN_IF_ERROR(fields.Int("version", out.version));
  EVSIM_RETURN_IF_ERROR(fields.Int("timestamp", out.timestamp));
  EVSIM_RETURN_IF_ERROR(fields.Int("epoch_us", out.epoch_us));
  out.prev_event_hash.reset();
  if (fields.Has("prev_event_hash")) {
    Hash32 hash{};
    EVSIM_RETURN_IF_ERROR(
        Hash32At(fields.Get("prev_event_hash"), fields.PathOf("prev_event_hash"), hash));
    out.prev_event_hash = hash;
  }
  out.mac.reset();
  EVSIM_RETURN_IF_ERROR(DecodeMac(fields.Get("mac"), fields.PathOf("mac"), out.mac));
  out.signature.reset();
  if (fields.Has("signature")) {
    std::string signature;
    EVSIM_RETURN_IF_ERROR(fields.Bytes("signature", signature));
    out.signature = std::move(signature);
  }
  return Status::Ok();
}

Status DecodeEvents(const Json& value, const std::string& path, std::vector<Event>& out) {
  if (!value.is_array()) return Mistyped(path, "a list of events", value);
  out.clear();
  out.reserve(value.size());
  for (std::size_t index = 0; index < value.size(); ++index) {
    Event event;
    EVSIM_RETURN_IF_ERROR(DecodeEvent(value[index], path + "[" + std::to_string(index) + "]", event));
    out.push_back(std::move(event));
  }
  return Status::Ok();
}

Status DecodeSnapshot(const Json& value, const std::string& path, Snapshot& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  EVSIM_RETURN_IF_ERROR(fields.Text("stream_id", out.stream_id));
  EVSIM_RETURN_IF_ERROR(fields.Int("version", out.version));
  EVSIM_RETURN_IF_ERROR(fields.Bytes("data", out.data));
  EVSIM_RETURN_IF_ERROR(fields.StringMap("metadata", out.metadata));
  EVSIM_RETURN_IF_ERROR(fields.Int("timestamp", out.timestamp));
  out.anchor_hash.reset();
  if (fields.Has("anchor_hash")) {
    Hash32 hash{};
    EVSIM_RETURN_IF_ERROR(Hash32At(fields.Get("anchor_hash"), fields.PathOf("anchor_hash"), hash));
    out.anchor_hash = hash;
  }
  out.mac.reset();
  return DecodeMac(fields.Get("mac"), fields.PathOf("mac"), out.mac);
}

Status DecodeCursor(const Json& value, const std::string& path, Cursor& out) {
  if (value.is_null()) {
    out = Cursor::Beginning();
    return Status::Ok();
  }
  if (!value.is_array() || value.size() != 3) {
    return FieldError(path, "expected null or [epoch_us, stream_id, version], got " +
                                std::string(TypeName(value)));
  }
  std::int64_t epoch_us = 0;
  std::int64_t version = 0;
  std::string stream_id;
  EVSIM_RETURN_IF_ERROR(IntegerAt(value[0], path + "[0]", epoch_us));
  EVSIM_RETURN_IF_ERROR(TextAt(value[1], path + "[1]", stream_id));
  EVSIM_RETURN_IF_ERROR(IntegerAt(value[2], path + "[2]", version));
  out = Cursor::At(epoch_us, std::move(stream_id), version);
  return Status::Ok();
}

Status DecodeSelector(const Json& value, const std::string& path, Selector& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  std::string kind;
  EVSIM_RETURN_IF_ERROR(fields.Text("kind", kind));
  out = Selector{};
  if (kind == "all") return Status::Ok();
  if (kind == "by_stream") {
    out.kind = Selector::Kind::kByStream;
    return fields.Text("stream", out.value);
  }
  if (kind == "by_event_type") {
    out.kind = Selector::Kind::kByEventType;
    return fields.Text("event_type", out.value);
  }
  if (kind == "by_event_pattern") {
    out.kind = Selector::Kind::kByEventPattern;
    return fields.StringMap("pattern", out.pattern);
  }
  if (kind == "by_tags") {
    out.kind = Selector::Kind::kByTags;
    EVSIM_RETURN_IF_ERROR(fields.Texts("tags", out.tags));
    return DecodeMatch(fields, "match", out.tag_match);
  }
  return FieldError(fields.PathOf("kind"), "unknown selector kind \"" + kind + "\"");
}

Status DecodeStart(const Json& value, const std::string& path, SubscriptionStart& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  std::string kind;
  EVSIM_RETURN_IF_ERROR(fields.Text("kind", kind));
  if (kind == "beginning") {
    out = SubscriptionStart::Beginning();
  } else if (kind == "end") {
    out = SubscriptionStart::End();
  } else if (kind == "after") {
    Cursor cursor;
    EVSIM_RETURN_IF_ERROR(DecodeCursor(fields.Get("cursor"), fields.PathOf("cursor"), cursor));
    out = SubscriptionStart::After(std::move(cursor));
  } else {
    return FieldError(fields.PathOf("kind"), "unknown start kind \"" + kind + "\"");
  }
  return Status::Ok();
}

Status DecodeSubscriptionInfo(const Json& value, const std::string& path, SubscriptionInfo& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  EVSIM_RETURN_IF_ERROR(fields.Text("name", out.name));
  EVSIM_RETURN_IF_ERROR(DecodeSelector(fields.Get("selector"), fields.PathOf("selector"),
                                       out.selector));
  return DecodeCursor(fields.Get("checkpoint"), fields.PathOf("checkpoint"), out.checkpoint);
}

Status DecodeScavengeReport(const Json& value, const std::string& path, ScavengeReport& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  EVSIM_RETURN_IF_ERROR(fields.Int("from_version", out.from_version));
  EVSIM_RETURN_IF_ERROR(fields.Int("to_version", out.to_version));
  EVSIM_RETURN_IF_ERROR(fields.Int("count", out.count));
  return fields.Bool("dry_run", out.dry_run);
}

Status DecodeScavengeOptions(const Fields& request, ScavengeOptions& out) {
  out = ScavengeOptions{};
  if (request.Has("before_version")) {
    std::int64_t before = 0;
    EVSIM_RETURN_IF_ERROR(request.Int("before_version", before));
    out.before_version = before;
  }
  if (request.Has("before_epoch_us")) {
    std::int64_t before = 0;
    EVSIM_RETURN_IF_ERROR(request.Int("before_epoch_us", before));
    out.before_epoch_us = before;
  }
  EVSIM_RETURN_IF_ERROR(request.Int("keep_versions", out.keep_versions));
  EVSIM_RETURN_IF_ERROR(request.Bool("require_snapshot", out.require_snapshot));
  return request.Bool("dry_run", out.dry_run);
}

Status DecodeStoreConfig(const Json& value, const std::string& path, StoreConfig& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  std::vector<std::string> indexes;
  EVSIM_RETURN_IF_ERROR(fields.Texts("indexes", indexes));
  out = StoreConfig{};
  for (std::size_t index = 0; index < indexes.size(); ++index) {
    Result<IndexDeclaration> declaration = IndexDeclaration::FromString(indexes[index]);
    if (!declaration.ok()) {
      return FieldError(fields.PathOf("indexes") + "[" + std::to_string(index) + "]",
                        declaration.status().message());
    }
    out.indexes.push_back(std::move(declaration).value());
  }
  Fields integrity(fields.Get("integrity"), fields.PathOf("integrity"));
  EVSIM_RETURN_IF_ERROR(integrity.RequireObject());
  EVSIM_RETURN_IF_ERROR(integrity.Bool("enabled", out.integrity.enabled));
  if (!out.integrity.enabled) return Status::Ok();
  const Json& keyring = integrity.Get("keyring");
  if (!keyring.is_array()) return Mistyped(integrity.PathOf("keyring"), "a list", keyring);
  for (std::size_t index = 0; index < keyring.size(); ++index) {
    Fields entry(keyring[index], integrity.PathOf("keyring") + "[" + std::to_string(index) + "]");
    EVSIM_RETURN_IF_ERROR(entry.RequireObject());
    std::uint64_t key_id = 0;
    std::string key;
    EVSIM_RETURN_IF_ERROR(entry.Unsigned("key_id", key_id));
    if (key_id > UINT32_MAX) return FieldError(entry.PathOf("key_id"), "beyond 32 bits");
    EVSIM_RETURN_IF_ERROR(entry.Bytes("key", key));
    out.integrity.keyring[static_cast<std::uint32_t>(key_id)] = std::move(key);
  }
  std::uint64_t active = 0;
  EVSIM_RETURN_IF_ERROR(integrity.Unsigned("active_key_id", active));
  if (active > UINT32_MAX) return FieldError(integrity.PathOf("active_key_id"), "beyond 32 bits");
  out.integrity.active_key_id = static_cast<std::uint32_t>(active);
  if (integrity.Has("signing_seed")) {
    std::string seed;
    EVSIM_RETURN_IF_ERROR(integrity.Bytes("signing_seed", seed));
    out.integrity.signing_seed = std::move(seed);
  }
  if (integrity.Has("trusted_signing_public_keys")) {
    std::vector<std::string> keys;
    EVSIM_RETURN_IF_ERROR(integrity.Texts("trusted_signing_public_keys", keys));
    for (const std::string& key : keys) {
      Result<std::string> bytes = FromBase64(key);
      if (!bytes.ok()) {
        return FieldError(integrity.PathOf("trusted_signing_public_keys"),
                          bytes.status().message());
      }
      out.integrity.trusted_signing_public_keys.push_back(std::move(bytes).value());
    }
  }
  return Status::Ok();
}

Status DecodeError(const Json& value, const std::string& path, Status& out) {
  Fields fields(value, path);
  EVSIM_RETURN_IF_ERROR(fields.RequireObject());
  std::string code_name;
  std::string message;
  EVSIM_RETURN_IF_ERROR(fields.Text("code", code_name));
  EVSIM_RETURN_IF_ERROR(fields.Text("message", message));
  const std::optional<ErrorCode> code = ErrorCodeFromName(code_name);
  if (!code || *code == ErrorCode::kOk) {
    return FieldError(fields.PathOf("code"), "\"" + code_name + "\" is not an error code of the "
                                             "protocol (docs/wire-protocol.md section 7)");
  }
  if (*code == ErrorCode::kWrongExpectedVersion) {
    std::int64_t expected = 0;
    std::int64_t actual = 0;
    EVSIM_RETURN_IF_ERROR(fields.Int("expected", expected));
    EVSIM_RETURN_IF_ERROR(fields.Int("actual", actual));
    out = Status::WrongExpectedVersion(expected, actual);
    return Status::Ok();
  }
  if (*code == ErrorCode::kIntegrityViolation) {
    std::string kind_name;
    std::int64_t version = 0;
    EVSIM_RETURN_IF_ERROR(fields.Text("kind", kind_name));
    EVSIM_RETURN_IF_ERROR(fields.Int("version", version));
    const std::optional<ViolationKind> kind = ViolationKindFromName(kind_name);
    if (!kind) {
      return FieldError(fields.PathOf("kind"), "\"" + kind_name + "\" is not a violation kind");
    }
    out = Status::IntegrityViolation(*kind, version, message);
    return Status::Ok();
  }
  out = Status::Error(*code, message);
  return Status::Ok();
}

}  // namespace evsim::wire

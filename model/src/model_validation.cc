#include "model_validation.h"

#include <algorithm>
#include <set>
#include <string>

#include "evsim/records/limits.h"

namespace evsim::oracle {
namespace {

bool InIdAlphabet(std::string_view text) {
  if (text.empty() || text.size() > 255) return false;
  return std::all_of(text.begin(), text.end(), [](char byte) {
    const auto value = static_cast<unsigned char>(byte);
    return value >= 0x21 && value <= 0x7E;
  });
}

Status CheckEvent(std::size_t index, const EventInput& event) {
  const std::string where = "event " + std::to_string(index) + ": ";
  if (event.event_id.empty() || event.event_id.size() > limits::kEventIdBytesMax) {
    return Status::InvalidEvent(where + "event_id must be 1.." +
                                std::to_string(limits::kEventIdBytesMax) + " bytes");
  }
  if (event.event_type.empty() || event.event_type.size() > limits::kEventTypeBytesMax) {
    return Status::InvalidEvent(where + "event_type must be 1.." +
                                std::to_string(limits::kEventTypeBytesMax) + " bytes");
  }
  if (event.data.size() > limits::kEventDataBytesMax) {
    return Status::InvalidEvent(where + "data is over 1 MiB");
  }
  std::set<std::string> tags;
  for (const std::string& tag : event.tags) {
    if (tag.empty()) return Status::InvalidEvent(where + "a tag is empty");
    if (!tags.insert(tag).second) return Status::InvalidEvent(where + "tag '" + tag + "' twice");
  }
  return Status::Ok();
}

// SPEC 2.2's 16 MiB counts every field the client sets (docs/semantics.md).
std::size_t ClientBytes(const EventInput& event) {
  std::size_t bytes = event.event_id.size() + event.event_type.size() + event.data.size() +
                      event.data_content_type.size() + event.metadata_content_type.size();
  for (const auto& [key, value] : event.metadata) bytes += key.size() + value.size();
  for (const std::string& tag : event.tags) bytes += tag.size();
  return bytes;
}

bool IsKey(const std::string& bytes) { return bytes.size() == limits::kKeyBytes; }

}  // namespace

Status CheckStreamId(std::string_view stream_id) {
  if (InIdAlphabet(stream_id)) return Status::Ok();
  return Status::Error(ErrorCode::kInvalidStreamId,
                       "model: stream id of " + std::to_string(stream_id.size()) +
                           " bytes is not 1..255 bytes of 0x21..0x7E");
}

Status CheckSubscriptionName(std::string_view name) {
  if (InIdAlphabet(name)) return Status::Ok();
  return Status::InvalidArgument("model: subscription name is not 1..255 bytes of 0x21..0x7E");
}

Status CheckAppend(std::string_view stream_id, std::int64_t expected_version,
                   const std::vector<EventInput>& events) {
  EVSIM_RETURN_IF_ERROR(CheckStreamId(stream_id));
  const bool sentinel = expected_version == kExpectAny || expected_version == kExpectNoStream ||
                        expected_version == kExpectStreamExists;
  if (expected_version < 0 && !sentinel) {
    return Status::InvalidArgument("model: expected version " + std::to_string(expected_version) +
                                   " is not -4, -2, -1 or >= 0");
  }
  if (events.size() > limits::kBatchEventsMax) {
    return Status::InvalidArgument("model: more than 10,000 events in one batch");
  }
  std::size_t bytes = 0;
  for (const EventInput& event : events) bytes += ClientBytes(event);
  if (bytes > limits::kBatchBytesMax) {
    return Status::InvalidArgument("model: batch of " + std::to_string(bytes) +
                                   " bytes is over 16 MiB");
  }
  for (std::size_t index = 0; index < events.size(); ++index) {
    EVSIM_RETURN_IF_ERROR(CheckEvent(index, events[index]));
  }
  return Status::Ok();
}

bool ExpectedVersionPasses(std::int64_t expected_version, std::int64_t high_water) {
  if (expected_version == kExpectAny) return true;
  if (expected_version == kExpectNoStream) return high_water == -1;
  if (expected_version == kExpectStreamExists) return high_water != -1;
  return expected_version == high_water;
}

Status CheckLimit(std::int64_t limit) {
  if (limit >= 1) return Status::Ok();
  return Status::InvalidArgument("model: limit " + std::to_string(limit) + " is not > 0");
}

Status CheckScavengeOptions(const ScavengeOptions& options) {
  const int cutoffs = (options.before_version ? 1 : 0) + (options.before_epoch_us ? 1 : 0);
  if (cutoffs != 1) {
    return Status::InvalidArgument("model: scavenge takes exactly one of before_version and "
                                   "before_epoch_us, got " + std::to_string(cutoffs));
  }
  if (options.before_version && *options.before_version < 0) {
    return Status::InvalidArgument("model: before_version is negative");
  }
  if (options.keep_versions < 0) return Status::InvalidArgument("model: keep_versions < 0");
  return Status::Ok();
}

Status CheckSelector(const Selector& selector) {
  switch (selector.kind) {
    case Selector::Kind::kByStream:
      return CheckStreamId(selector.value);
    case Selector::Kind::kByEventPattern:
      for (const auto& [field, value] : selector.pattern) {
        const bool metadata_field = field.rfind("metadata.", 0) == 0 && field.size() > 9;
        if (field != "event_type" && field != "stream_id" && !metadata_field) {
          return Status::InvalidArgument("model: pattern key '" + field + "' is unknown");
        }
      }
      return Status::Ok();
    case Selector::Kind::kAll:
    case Selector::Kind::kByEventType:
    case Selector::Kind::kByTags:
      return Status::Ok();
  }
  return Status::InvalidArgument("model: unknown selector kind");
}

Status CheckStoreConfig(const StoreConfig& config) {
  std::set<std::pair<IndexDeclaration::Kind, std::string>> declared;
  for (const IndexDeclaration& index : config.indexes) {
    const bool is_meta = index.kind == IndexDeclaration::Kind::kMetadata;
    if (is_meta && index.metadata_key.empty()) {
      return Status::InvalidArgument("model: a meta index without a key");
    }
    const std::string key = is_meta ? index.metadata_key : std::string();
    if (!declared.emplace(index.kind, key).second) {
      return Status::InvalidArgument("model: an index declared twice");
    }
  }
  const IntegrityConfig& integrity = config.integrity;
  if (!integrity.enabled) return Status::Ok();
  if (integrity.keyring.empty()) return Status::InvalidArgument("model: no keys in the keyring");
  for (const auto& [key_id, key] : integrity.keyring) {
    if (!IsKey(key)) return Status::InvalidArgument("model: a key that is not 32 bytes");
  }
  if (integrity.keyring.find(integrity.active_key_id) == integrity.keyring.end()) {
    return Status::Error(ErrorCode::kUnknownKey, "model: the active key is not in the keyring");
  }
  if (integrity.signing_seed && !IsKey(*integrity.signing_seed)) {
    return Status::InvalidArgument("model: a signing seed that is not 32 bytes");
  }
  for (const std::string& public_key : integrity.trusted_signing_public_keys) {
    if (!IsKey(public_key)) return Status::InvalidArgument("model: a public key not 32 bytes");
  }
  return Status::Ok();
}

Status CheckReopen(const StoreConfig& previous, const StoreConfig& next) {
  EVSIM_RETURN_IF_ERROR(CheckStoreConfig(next));
  if (next.indexes != previous.indexes) {
    return Status::InvalidArgument("model: the indexes changed at reopen");
  }
  if (next.integrity.enabled != previous.integrity.enabled) {
    return Status::InvalidArgument("model: integrity switched at reopen");
  }
  return Status::Ok();
}

}  // namespace evsim::oracle

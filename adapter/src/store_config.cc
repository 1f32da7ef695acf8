#include "evsim/adapter/store_config.h"

#include <set>

namespace evsim {

std::string IndexDeclaration::ToString() const {
  switch (kind) {
    case Kind::kTags:
      return "tags";
    case Kind::kEventType:
      return "event_type";
    case Kind::kMetadata:
      return "meta:" + metadata_key;
  }
  return "?";
}

Result<IndexDeclaration> IndexDeclaration::FromString(std::string_view text) {
  if (text == "tags") return Tags();
  if (text == "event_type") return EventType();
  if (text.starts_with("meta:") && text.size() > 5) {
    return MetadataKey(std::string(text.substr(5)));
  }
  return Status::InvalidArgument("'" + std::string(text) +
                                 "' is none of tags, event_type, meta:<key>");
}

Status ValidateStoreConfig(const StoreConfig& config) {
  std::set<std::string> seen;
  for (const IndexDeclaration& index : config.indexes) {
    if (index.kind == IndexDeclaration::Kind::kMetadata && index.metadata_key.empty()) {
      return Status::InvalidArgument("a meta index needs a key");
    }
    if (!seen.insert(index.ToString()).second) {
      return Status::InvalidArgument("index '" + index.ToString() + "' declared twice");
    }
  }
  return ValidateIntegrityConfig(config.integrity);
}

Status ValidateReopenConfig(const StoreConfig& previous, const StoreConfig& next) {
  EVSIM_RETURN_IF_ERROR(ValidateStoreConfig(next));
  if (previous.indexes != next.indexes) {
    return Status::InvalidArgument("indexes are fixed when a store is created");
  }
  if (previous.integrity.enabled != next.integrity.enabled) {
    return Status::InvalidArgument("integrity cannot be switched on or off after creation");
  }
  return Status::Ok();
}

}  // namespace evsim

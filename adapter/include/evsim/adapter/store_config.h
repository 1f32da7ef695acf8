#pragma once
// Store configuration: declared indexes (fixed at creation) and integrity (keys may rotate at
// reopen; on/off is fixed at creation).

#include <string>
#include <string_view>
#include <vector>

#include "evsim/integrity/integrity_config.h"
#include "evsim/records/result.h"

namespace evsim {

struct IndexDeclaration {
  enum class Kind : std::uint8_t { kTags, kEventType, kMetadata };
  Kind kind = Kind::kTags;
  std::string metadata_key;  // kMetadata only

  static IndexDeclaration Tags() { return {Kind::kTags, {}}; }
  static IndexDeclaration EventType() { return {Kind::kEventType, {}}; }
  static IndexDeclaration MetadataKey(std::string key) { return {Kind::kMetadata, std::move(key)}; }
  friend bool operator==(const IndexDeclaration&, const IndexDeclaration&) = default;
  // "tags", "event_type" or "meta:<key>", as SPEC 5 writes them.
  std::string ToString() const;
  // Inverse of ToString; invalid_argument naming the text otherwise.
  static Result<IndexDeclaration> FromString(std::string_view text);
};

struct StoreConfig {
  std::vector<IndexDeclaration> indexes;
  IntegrityConfig integrity;
  friend bool operator==(const StoreConfig&, const StoreConfig&) = default;
};

Status ValidateStoreConfig(const StoreConfig& config);
// Reopening may rotate keys but not change the indexes or switch integrity on or off.
Status ValidateReopenConfig(const StoreConfig& previous, const StoreConfig& next);

}  // namespace evsim

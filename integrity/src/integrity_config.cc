#include "evsim/integrity/integrity_config.h"

#include "evsim/records/limits.h"

namespace evsim {

Status ValidateIntegrityConfig(const IntegrityConfig& config) {
  if (!config.enabled) return Status::Ok();
  if (config.keyring.empty()) return Status::InvalidArgument("integrity keyring is empty");
  for (const auto& [key_id, key] : config.keyring) {
    if (key.size() != limits::kKeyBytes) {
      return Status::InvalidArgument("integrity key " + std::to_string(key_id) +
                                     " must be 32 bytes, got " + std::to_string(key.size()));
    }
  }
  if (!config.keyring.contains(config.active_key_id)) {
    return Status::Error(
        ErrorCode::kUnknownKey,
        "active key id " + std::to_string(config.active_key_id) + " is not in the keyring");
  }
  if (config.signing_seed && config.signing_seed->size() != limits::kKeyBytes) {
    return Status::InvalidArgument("Ed25519 signing key must be 32 bytes");
  }
  for (const std::string& public_key : config.trusted_signing_public_keys) {
    if (public_key.size() != limits::kKeyBytes) {
      return Status::InvalidArgument("trusted Ed25519 public keys must be 32 bytes");
    }
  }
  return Status::Ok();
}

}  // namespace evsim

#pragma once
// Per-store integrity configuration (SPEC 7). The keyring, the active key id and the signing
// keys may change when a store is reopened (key rotation); whether integrity is enabled at all
// is fixed when the store is created.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "evsim/records/status.h"

namespace evsim {

struct IntegrityConfig {
  bool enabled = false;
  std::map<std::uint32_t, std::string> keyring;  // key id -> 32-byte HMAC key
  std::uint32_t active_key_id = 0;
  // 32-byte Ed25519 private key; when set, new events are signed with it.
  std::optional<std::string> signing_seed;
  // Extra 32-byte Ed25519 public keys whose signatures still verify (signing-key rotation).
  std::vector<std::string> trusted_signing_public_keys;
  friend bool operator==(const IntegrityConfig&, const IntegrityConfig&) = default;
};

// invalid_argument when enabled with an empty keyring, a key that is not 32 bytes or a signing
// key of the wrong size; unknown_key when the active key id is not in the keyring.
Status ValidateIntegrityConfig(const IntegrityConfig& config);

}  // namespace evsim

#pragma once
// The cryptographic primitives evsim needs, each a thin wrapper over OpenSSL 3's EVP APIs.
// Inputs are byte strings; digests and MACs are 32 bytes, Ed25519 signatures 64 bytes.
// A failure inside OpenSSL on valid inputs is a broken installation: it asserts.

#include <initializer_list>
#include <string>
#include <string_view>

#include "evsim/records/event.h"

namespace evsim::crypto {

// The digest or MAC of the concatenation of `parts`, computed without building it.
Hash32 Sha256(std::initializer_list<std::string_view> parts);
// REQUIRES: key is 32 bytes.
Hash32 HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts);
inline Hash32 Sha256(std::string_view bytes) { return Sha256({bytes}); }
inline Hash32 HmacSha256(std::string_view key, std::string_view bytes) {
  return HmacSha256(key, {bytes});
}
// REQUIRES: seed is a 32-byte Ed25519 private key. Returns the 32-byte public key.
std::string Ed25519PublicKey(std::string_view seed);
// REQUIRES: seed is 32 bytes. Returns the 64-byte signature.
std::string Ed25519Sign(std::string_view seed, std::string_view message);
// False for a wrong signature, a wrong-sized signature or a malformed public key.
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);
// Compares in time independent of where the inputs differ (CRYPTO_memcmp).
bool ConstantTimeEqual(const Hash32& left, const Hash32& right);

std::string ToHex(std::string_view bytes);
std::string ToHex(const Hash32& hash);
// Empty optional-like failure is signalled by returning false.
bool FromHex(std::string_view hex, std::string& bytes_out);

}  // namespace evsim::crypto

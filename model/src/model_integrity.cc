#include "model_integrity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evsim/records/assert.h"

namespace evsim::oracle {
namespace {

// --- canon(): big-endian integers, field(b) = u32(len b) || b -----------------------------------

void PutU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void PutU64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void PutField(std::string& out, std::string_view bytes) {
  PutU32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

void PutMetadata(std::string& out, const Metadata& metadata) {
  PutU32(out, static_cast<std::uint32_t>(metadata.size()));
  for (const auto& [key, value] : metadata) {  // std::map: ascending bytewise keys
    PutField(out, key);
    PutField(out, value);
  }
}

std::string Canon(const Event& event) {
  std::string out;
  PutField(out, "evsim.event.v1");
  PutField(out, event.event_id);
  PutField(out, event.event_type);
  PutField(out, event.stream_id);
  PutU64(out, static_cast<std::uint64_t>(event.version));
  PutField(out, event.data);
  PutMetadata(out, event.metadata);
  PutU32(out, static_cast<std::uint32_t>(event.tags.size()));
  for (const std::string& tag : event.tags) PutField(out, tag);
  PutU64(out, static_cast<std::uint64_t>(event.timestamp));  // i64: two's complement
  PutU64(out, static_cast<std::uint64_t>(event.epoch_us));
  PutField(out, event.data_content_type);
  PutField(out, event.metadata_content_type);
  return out;
}

std::string CanonSnapshot(const Snapshot& snapshot) {
  std::string out;
  PutField(out, "evsim.snapshot.v1");
  PutField(out, snapshot.stream_id);
  PutU64(out, static_cast<std::uint64_t>(snapshot.version));
  PutField(out, snapshot.data);
  PutMetadata(out, snapshot.metadata);
  PutU64(out, static_cast<std::uint64_t>(snapshot.timestamp));
  const Hash32 anchor = snapshot.anchor_hash.value_or(Hash32{});
  PutField(out, snapshot.anchor_hash ? std::string_view(reinterpret_cast<const char*>(anchor.data()),
                                                        anchor.size())
                                     : std::string_view());
  return out;
}

std::string_view BytesOf(const Hash32& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// --- OpenSSL: SHA-256, HMAC-SHA256, Ed25519 ----------------------------------------------------

Hash32 Sha256(const std::string& message) {
  Hash32 digest{};
  unsigned int length = 0;
  EVSIM_ASSERT(EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha256(),
                          nullptr) == 1);
  EVSIM_ASSERT(length == digest.size());
  return digest;
}

Hash32 HmacSha256(const std::string& key, const std::string& message) {
  Hash32 mac{};
  std::size_t length = 0;
  EVSIM_ASSERT(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         mac.data(), mac.size(), &length) != nullptr);
  EVSIM_ASSERT(length == mac.size());
  return mac;
}

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Context = std::unique_ptr<EVP_MD_CTX, ContextFree>;

Key PrivateKey(const std::string& seed) {
  Key key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(seed.data()),
                                       seed.size()));
  EVSIM_ASSERT(key != nullptr);
  return key;
}

std::string PublicKeyOf(const std::string& seed) {
  const Key key = PrivateKey(seed);
  std::string public_key(32, '\0');
  std::size_t length = public_key.size();
  EVSIM_ASSERT(EVP_PKEY_get_raw_public_key(
                   key.get(), reinterpret_cast<unsigned char*>(public_key.data()), &length) == 1);
  EVSIM_ASSERT(length == public_key.size());
  return public_key;
}

std::string Sign(const std::string& seed, const Hash32& message) {
  const Key key = PrivateKey(seed);
  const Context context(EVP_MD_CTX_new());
  EVSIM_ASSERT(context != nullptr);
  EVSIM_ASSERT(EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1);
  std::string signature(64, '\0');
  std::size_t length = signature.size();
  EVSIM_ASSERT(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                              &length, message.data(), message.size()) == 1);
  EVSIM_ASSERT(length == signature.size());
  return signature;
}

bool SignatureHolds(const std::string& public_key, const Hash32& message,
                    const std::string& signature) {
  const Key key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  if (key == nullptr) return false;
  const Context context(EVP_MD_CTX_new());
  EVSIM_ASSERT(context != nullptr);
  if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(context.get(),
                          reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), message.data(), message.size()) == 1;
}

bool SameBytes(const Hash32& left, const Hash32& right) {
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

// --- SPEC 7 ------------------------------------------------------------------------------------

Hash32 EventMacOf(const std::string& key, const Event& event) {
  return HmacSha256(key, "evt|" + Canon(event) + std::string(BytesOf(*event.prev_event_hash)));
}

// The signature verifies under the current signing key or any trusted public key.
bool SignatureVerifies(const IntegrityConfig& config, const Hash32& chain,
                       const std::string& signature) {
  std::vector<std::string> public_keys = config.trusted_signing_public_keys;
  if (config.signing_seed) public_keys.push_back(PublicKeyOf(*config.signing_seed));
  for (const std::string& public_key : public_keys) {
    if (SignatureHolds(public_key, chain, signature)) return true;
  }
  return false;
}

std::optional<ViolationKind> ViolationOf(const IntegrityConfig& config, const Event& event,
                                         const Hash32& expected_prev) {
  if (!event.prev_event_hash || !event.mac) return ViolationKind::kMissingIntegrity;
  if (!SameBytes(*event.prev_event_hash, expected_prev)) return ViolationKind::kChainMismatch;
  const auto key = config.keyring.find(event.mac->key_id);
  if (key == config.keyring.end()) return ViolationKind::kUnknownKey;
  if (!SameBytes(EventMacOf(key->second, event), event.mac->bytes)) {
    return ViolationKind::kMacMismatch;
  }
  if (event.signature && !SignatureVerifies(config, ChainOf(event), *event.signature)) {
    return ViolationKind::kSignatureMismatch;
  }
  return std::nullopt;
}

const std::string& ActiveKey(const IntegrityConfig& config) {
  const auto key = config.keyring.find(config.active_key_id);
  EVSIM_ASSERT(config.enabled && key != config.keyring.end());
  return key->second;
}

}  // namespace

Hash32 ChainOf(const Event& event) {
  EVSIM_ASSERT(event.prev_event_hash.has_value());
  return Sha256("chain|" + Canon(event) + std::string(BytesOf(*event.prev_event_hash)));
}

Hash32 Seal(const IntegrityConfig& config, const Hash32& prev_event_hash, Event& event) {
  event.prev_event_hash = prev_event_hash;
  event.mac = Mac{config.active_key_id, EventMacOf(ActiveKey(config), event)};
  const Hash32 chain = ChainOf(event);
  event.signature.reset();
  if (config.signing_seed) event.signature = Sign(*config.signing_seed, chain);
  return chain;
}

void SealSnapshotAt(const IntegrityConfig& config, const Hash32& anchor_hash, Snapshot& snapshot) {
  snapshot.anchor_hash = anchor_hash;
  snapshot.mac = Mac{config.active_key_id,
                     HmacSha256(ActiveKey(config), "snap|" + CanonSnapshot(snapshot))};
}

Status VerifyEvents(const IntegrityConfig& config, const std::vector<Event>& events,
                    const Hash32& first_prev) {
  Hash32 expected_prev = first_prev;
  for (const Event& event : events) {
    if (const auto violation = ViolationOf(config, event, expected_prev)) {
      return Status::IntegrityViolation(*violation, event.version,
                                        "model: '" + event.stream_id + "' version " +
                                            std::to_string(event.version) + " fails verification");
    }
    expected_prev = ChainOf(event);
  }
  return Status::Ok();
}

}  // namespace evsim::oracle

#include "evsim/integrity/seal.h"

#include "evsim/integrity/canonical.h"
#include "evsim/integrity/crypto.h"
#include "evsim/records/assert.h"

namespace evsim {
namespace {

std::string_view HashBytes(const Hash32& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

// The chain hash and the MAC cover domain || canon(e) || prev_event_hash (SPEC 7).
constexpr std::string_view kChainDomain = "chain|";
constexpr std::string_view kMacDomain = "evt|";

// Both take canon(e) as its fields (canon(e) = CanonicalEventPrefix() || fields).
Hash32 ChainOf(std::string_view fields, const Hash32& prev_event_hash) {
  return crypto::Sha256({kChainDomain, CanonicalEventPrefix(), fields, HashBytes(prev_event_hash)});
}

Hash32 MacOf(std::string_view key, std::string_view fields, const Hash32& prev_event_hash) {
  return crypto::HmacSha256(
      key, {kMacDomain, CanonicalEventPrefix(), fields, HashBytes(prev_event_hash)});
}

std::string FieldsOf(const Event& event) {
  const EventView view = EventView::Of(event);
  std::string fields;
  fields.reserve(CanonicalEventFieldsBytes(view));
  AppendCanonicalEventFields(view, fields);
  return fields;
}

bool SignatureVerifies(const IntegrityConfig& config, const Hash32& chain,
                       const std::string& signature) {
  if (config.signing_seed && crypto::Ed25519Verify(crypto::Ed25519PublicKey(*config.signing_seed),
                                                   HashBytes(chain), signature)) {
    return true;
  }
  for (const std::string& public_key : config.trusted_signing_public_keys) {
    if (crypto::Ed25519Verify(public_key, HashBytes(chain), signature)) return true;
  }
  return false;
}

}  // namespace

Hash32 ChainHash(const Event& event) {
  EVSIM_ASSERT(event.prev_event_hash.has_value());
  return ChainOf(FieldsOf(event), *event.prev_event_hash);
}

Hash32 EventMac(std::string_view key, const Event& event) {
  EVSIM_ASSERT(event.prev_event_hash.has_value());
  return MacOf(key, FieldsOf(event), *event.prev_event_hash);
}

EventSeal SealCanonicalFields(const IntegrityConfig& config, const Hash32& prev_event_hash,
                              std::string_view canonical_fields) {
  EVSIM_ASSERT(config.enabled);
  const auto key = config.keyring.find(config.active_key_id);
  EVSIM_ASSERT(key != config.keyring.end());
  EventSeal seal;
  seal.mac = Mac{config.active_key_id, MacOf(key->second, canonical_fields, prev_event_hash)};
  seal.chain = ChainOf(canonical_fields, prev_event_hash);
  if (config.signing_seed) {
    seal.signature = crypto::Ed25519Sign(*config.signing_seed, HashBytes(seal.chain));
  }
  return seal;
}

Hash32 SealEvent(const IntegrityConfig& config, const Hash32& prev_event_hash, Event& event) {
  EventSeal seal = SealCanonicalFields(config, prev_event_hash, FieldsOf(event));
  event.prev_event_hash = prev_event_hash;
  event.mac = seal.mac;
  event.signature = std::move(seal.signature);
  return seal.chain;
}

Hash32 SnapshotMac(std::string_view key, const Snapshot& snapshot) {
  return crypto::HmacSha256(key, {"snap|", CanonicalSnapshot(snapshot)});
}

void SealSnapshot(const IntegrityConfig& config, const Hash32& anchor_hash, Snapshot& snapshot) {
  EVSIM_ASSERT(config.enabled);
  const auto key = config.keyring.find(config.active_key_id);
  EVSIM_ASSERT(key != config.keyring.end());
  snapshot.anchor_hash = anchor_hash;
  snapshot.mac = Mac{config.active_key_id, SnapshotMac(key->second, snapshot)};
}

std::optional<ViolationKind> VerifyCanonicalFields(const IntegrityConfig& config,
                                                   std::string_view canonical_fields,
                                                   const std::optional<Hash32>& prev_event_hash,
                                                   const std::optional<Mac>& mac,
                                                   const std::optional<std::string>& signature,
                                                   const Hash32& expected_prev_event_hash,
                                                   Hash32* chain_hash_out) {
  if (!prev_event_hash || !mac) return ViolationKind::kMissingIntegrity;
  const Hash32 chain = ChainOf(canonical_fields, *prev_event_hash);
  if (chain_hash_out != nullptr) *chain_hash_out = chain;
  if (!crypto::ConstantTimeEqual(*prev_event_hash, expected_prev_event_hash)) {
    return ViolationKind::kChainMismatch;
  }
  const auto key = config.keyring.find(mac->key_id);
  if (key == config.keyring.end()) return ViolationKind::kUnknownKey;
  if (!crypto::ConstantTimeEqual(MacOf(key->second, canonical_fields, *prev_event_hash),
                                 mac->bytes)) {
    return ViolationKind::kMacMismatch;
  }
  if (signature && !SignatureVerifies(config, chain, *signature)) {
    return ViolationKind::kSignatureMismatch;
  }
  return std::nullopt;
}

std::optional<ViolationKind> VerifyEvent(const IntegrityConfig& config, const Event& event,
                                         const Hash32& expected_prev_event_hash,
                                         Hash32* chain_hash_out) {
  return VerifyCanonicalFields(config, FieldsOf(event), event.prev_event_hash, event.mac,
                               event.signature, expected_prev_event_hash, chain_hash_out);
}

Status VerifyChain(const IntegrityConfig& config, const std::vector<Event>& events,
                   const Hash32& first_prev) {
  Hash32 expected_prev = first_prev;
  for (const Event& event : events) {
    Hash32 chain{};
    if (auto violation = VerifyEvent(config, event, expected_prev, &chain)) {
      return Status::IntegrityViolation(*violation, event.version,
                                        "stream '" + event.stream_id + "' version " +
                                            std::to_string(event.version) + ": " +
                                            std::string(ViolationKindName(*violation)));
    }
    expected_prev = chain;
  }
  return Status::Ok();
}

Status VerifySnapshot(const IntegrityConfig& config, const Snapshot& snapshot) {
  auto violation = [&](ViolationKind kind) {
    return Status::IntegrityViolation(kind, snapshot.version,
                                      "snapshot of '" + snapshot.stream_id + "' at version " +
                                          std::to_string(snapshot.version) + ": " +
                                          std::string(ViolationKindName(kind)));
  };
  if (!snapshot.anchor_hash || !snapshot.mac) return violation(ViolationKind::kMissingIntegrity);
  const auto key = config.keyring.find(snapshot.mac->key_id);
  if (key == config.keyring.end()) return violation(ViolationKind::kUnknownKey);
  if (!crypto::ConstantTimeEqual(SnapshotMac(key->second, snapshot), snapshot.mac->bytes)) {
    return violation(ViolationKind::kMacMismatch);
  }
  return Status::Ok();
}

}  // namespace evsim

// Golden integrity vectors: our C++ encoding, hashes, MACs and signatures against values that
// golden/derive_vectors.sh computed independently (hand-written bytes + the openssl CLI).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "evsim/integrity/canonical.h"
#include "evsim/integrity/crypto.h"
#include "evsim/integrity/seal.h"

namespace evsim {
namespace {

std::map<std::string, std::string> LoadVectors() {
  std::ifstream file(EVSIM_GOLDEN_VECTORS);
  std::map<std::string, std::string> vectors;
  std::string name, hex;
  while (file >> name >> hex) vectors[name] = hex;
  return vectors;
}

std::string Bytes(std::string_view hex) {
  std::string bytes;
  EXPECT_TRUE(crypto::FromHex(hex, bytes)) << hex;
  return bytes;
}

IntegrityConfig Keys(std::uint32_t active) {
  IntegrityConfig config;
  config.enabled = true;
  config.keyring[1] = Bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  config.keyring[7] = std::string(32, '\x07');
  config.active_key_id = active;
  return config;
}

Event PlainEvent() {
  EventInput input;
  input.event_id = "e-1";
  input.event_type = "Created";
  input.data = R"({"n":1})";
  return MakeEvent(input, "acct-1", 0, 1700000000123456);
}

class GoldenVectors : public ::testing::Test {
 protected:
  void SetUp() override {
    vectors_ = LoadVectors();
    ASSERT_EQ(vectors_.size(), 16u) << "vectors.txt is missing or incomplete";
  }
  const std::string& Want(const std::string& name) { return vectors_.at(name); }
  std::map<std::string, std::string> vectors_;
};

TEST_F(GoldenVectors, PlainEvent) {
  Event event = PlainEvent();
  EXPECT_EQ(crypto::ToHex(CanonicalEvent(event)), Want("plain.canon"));
  const Hash32 chain = SealEvent(Keys(1), kZeroHash, event);
  EXPECT_EQ(crypto::ToHex(chain), Want("plain.chain"));
  EXPECT_EQ(crypto::ToHex(event.mac->bytes), Want("plain.mac"));
  EXPECT_EQ(event.mac->key_id, 1u);
}

// The store seals the canonical fields it logs, built from the input without an Event.
TEST_F(GoldenVectors, SealingTheCanonicalFieldsOfAnInputGivesTheSameVectors) {
  EventInput input;
  input.event_id = "e-1";
  input.event_type = "Created";
  input.data = R"({"n":1})";
  const EventView view = EventView::Of(input, "acct-1", 0, 1700000000123456);
  std::string fields;
  AppendCanonicalEventFields(view, fields);
  EXPECT_EQ(fields.size(), CanonicalEventFieldsBytes(view));
  EXPECT_EQ(crypto::ToHex(std::string(CanonicalEventPrefix()) + fields), Want("plain.canon"));
  const EventSeal seal = SealCanonicalFields(Keys(1), kZeroHash, fields);
  EXPECT_EQ(crypto::ToHex(seal.chain), Want("plain.chain"));
  EXPECT_EQ(crypto::ToHex(seal.mac.bytes), Want("plain.mac"));
  Event event = PlainEvent();
  SealEvent(Keys(1), kZeroHash, event);
  EXPECT_FALSE(VerifyCanonicalFields(Keys(1), fields, event.prev_event_hash, event.mac,
                                     event.signature, kZeroHash)
                   .has_value());
  fields.back() ^= 1;
  EXPECT_EQ(VerifyCanonicalFields(Keys(1), fields, event.prev_event_hash, event.mac,
                                  event.signature, kZeroHash),
            ViolationKind::kMacMismatch);
}

TEST_F(GoldenVectors, MetadataSortedTagsInInputOrder) {
  Event plain = PlainEvent();
  const Hash32 prev = SealEvent(Keys(1), kZeroHash, plain);
  EventInput input;
  input.event_id = "e-2";
  input.event_type = "Tagged";
  input.data = "{}";
  input.metadata = {{"z", "1"}, {"a", "2"}, {"m", "3"}};
  input.tags = {"t2", "t1"};
  Event event = MakeEvent(input, "acct-1", 1, 1700000000123456);
  EXPECT_EQ(crypto::ToHex(CanonicalEvent(event)), Want("tagged.canon"));
  EXPECT_EQ(crypto::ToHex(SealEvent(Keys(1), prev, event)), Want("tagged.chain"));
  EXPECT_EQ(crypto::ToHex(event.mac->bytes), Want("tagged.mac"));
}

TEST_F(GoldenVectors, ChainOfThree) {
  Hash32 prev = kZeroHash;
  std::vector<Event> events;
  for (int version = 0; version < 3; ++version) {
    EventInput input;
    input.event_id = "c-" + std::to_string(version);
    input.event_type = "Step";
    input.data = "{\"v\":" + std::to_string(version) + "}";
    Event event = MakeEvent(input, "c", version, 1700000000123457);
    prev = SealEvent(Keys(1), prev, event);
    const std::string name = "chain" + std::to_string(version);
    EXPECT_EQ(crypto::ToHex(prev), Want(name + ".chain"));
    EXPECT_EQ(crypto::ToHex(event.mac->bytes), Want(name + ".mac"));
    events.push_back(event);
  }
  EXPECT_TRUE(VerifyChain(Keys(1), events, kZeroHash).ok());
}

TEST_F(GoldenVectors, RotatedKey) {
  Event event = PlainEvent();
  SealEvent(Keys(7), kZeroHash, event);
  EXPECT_EQ(event.mac->key_id, 7u);
  EXPECT_EQ(crypto::ToHex(event.mac->bytes), Want("rotated.mac"));
  EXPECT_FALSE(VerifyEvent(Keys(1), event, kZeroHash).has_value())
      << "an older key id still verifies after rotation back";
}

TEST_F(GoldenVectors, Snapshot) {
  Event plain = PlainEvent();
  const Hash32 anchor = SealEvent(Keys(1), kZeroHash, plain);
  Snapshot snapshot{"acct-1", 0, R"({"sum":1})", {{"k", "v"}}, 1700000000123, {}, {}};
  SealSnapshot(Keys(1), anchor, snapshot);
  EXPECT_EQ(crypto::ToHex(CanonicalSnapshot(snapshot)), Want("snapshot.canon"));
  EXPECT_EQ(crypto::ToHex(snapshot.mac->bytes), Want("snapshot.mac"));
  EXPECT_TRUE(VerifySnapshot(Keys(1), snapshot).ok());
}

TEST_F(GoldenVectors, Ed25519Signature) {
  IntegrityConfig config = Keys(1);
  config.signing_seed = Bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Event event = PlainEvent();
  SealEvent(config, kZeroHash, event);
  ASSERT_TRUE(event.signature.has_value());
  EXPECT_EQ(crypto::ToHex(*event.signature), Want("signature.sig"));
  // RFC 8032 test 1's public key, as a check on the seed handling itself.
  EXPECT_EQ(crypto::ToHex(crypto::Ed25519PublicKey(*config.signing_seed)),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

}  // namespace
}  // namespace evsim

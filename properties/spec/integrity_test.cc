// SPEC 7 through the adapter: sealing, verification, key rotation, signatures.
#include "evsim/integrity/crypto.h"
#include "evsim/integrity/seal.h"
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

class IntegritySpec : public SpecTest {
 protected:
  void SetUp() override { Open(IntegrityStoreConfig()); }
};

TEST_P(IntegritySpec, EventsCarryAChainFromZeros) {
  MustAppend("s", Batch(3));
  std::vector<Event> events = MustRead("s");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].prev_event_hash, kZeroHash);
  EXPECT_EQ(events[1].prev_event_hash, ChainHash(events[0]));
  EXPECT_EQ(events[2].prev_event_hash, ChainHash(events[1]));
  for (const Event& event : events) {
    ASSERT_TRUE(event.mac.has_value());
    EXPECT_EQ(event.mac->key_id, 1u);
    EXPECT_EQ(event.mac->bytes, EventMac(std::string(32, '\x01'), event));
    EXPECT_FALSE(event.signature.has_value());
  }
  EXPECT_OK(store().VerifyStream("s"));
  EXPECT_CODE(store().VerifyStream("missing"), ErrorCode::kStreamNotFound);
}

TEST_P(IntegritySpec, DisabledIntegrityIsUnsupportedForVerify) {
  Open(StoreConfig{});
  MustAppend("s", Batch(1));
  EXPECT_FALSE(MustRead("s")[0].mac.has_value());
  EXPECT_CODE(store().VerifyStream("s"), ErrorCode::kUnsupported);
}

TEST_P(IntegritySpec, KeyRotationAtReopen) {
  MustAppend("s", Batch(2));
  StoreConfig rotated = IntegrityStoreConfig();
  rotated.integrity.active_key_id = 7;
  ASSERT_OK(Restart(rotated));
  MustAppend("s", Batch(1, "late"));
  std::vector<Event> events = MustRead("s");
  EXPECT_EQ(events[1].mac->key_id, 1u);
  EXPECT_EQ(events[2].mac->key_id, 7u) << "new events use the active key";
  EXPECT_OK(store().VerifyStream("s")) << "older events verify with the key they carry";

  StoreConfig dropped = rotated;
  dropped.integrity.keyring.erase(1);
  ASSERT_OK(Restart(dropped));
  Status verified = store().VerifyStream("s");
  EXPECT_CODE(verified, ErrorCode::kIntegrityViolation);
  EXPECT_EQ(verified.violation_kind(), ViolationKind::kUnknownKey);
  EXPECT_EQ(verified.violation_version(), 0);
}

TEST_P(IntegritySpec, ReopenCannotSwitchIntegrityOrIndexes) {
  StoreConfig off = IntegrityStoreConfig();
  off.integrity.enabled = false;
  EXPECT_CODE(Restart(off), ErrorCode::kInvalidArgument);
  StoreConfig fewer_indexes = IntegrityStoreConfig();
  fewer_indexes.indexes.pop_back();
  EXPECT_CODE(harness_->Restart(fewer_indexes), ErrorCode::kInvalidArgument);
  StoreConfig missing_active = IntegrityStoreConfig();
  missing_active.integrity.active_key_id = 99;
  EXPECT_CODE(harness_->Restart(missing_active), ErrorCode::kUnknownKey);
}

TEST_P(IntegritySpec, SignaturesAndSigningKeyRotation) {
  StoreConfig signing = IntegrityStoreConfig();
  const std::string first_seed(32, '\x21');
  signing.integrity.signing_seed = first_seed;
  Open(signing);
  MustAppend("s", Batch(2));
  std::vector<Event> events = MustRead("s");
  ASSERT_TRUE(events[0].signature.has_value());
  const Hash32 chain = ChainHash(events[0]);
  EXPECT_TRUE(crypto::Ed25519Verify(
      crypto::Ed25519PublicKey(first_seed),
      std::string_view(reinterpret_cast<const char*>(chain.data()), chain.size()),
      *events[0].signature));
  EXPECT_OK(store().VerifyStream("s"));

  StoreConfig rotated = signing;
  rotated.integrity.signing_seed = std::string(32, '\x22');
  rotated.integrity.trusted_signing_public_keys = {crypto::Ed25519PublicKey(first_seed)};
  ASSERT_OK(Restart(rotated));
  MustAppend("s", Batch(1, "n"));
  EXPECT_OK(store().VerifyStream("s"));

  StoreConfig forgotten = rotated;
  forgotten.integrity.trusted_signing_public_keys.clear();
  ASSERT_OK(Restart(forgotten));
  Status verified = store().VerifyStream("s");
  EXPECT_EQ(verified.violation_kind(), ViolationKind::kSignatureMismatch);
  EXPECT_EQ(verified.violation_version(), 0);
}

EVSIM_INSTANTIATE_SPEC(IntegritySpec);

}  // namespace
}  // namespace evsim::testing

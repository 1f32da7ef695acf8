// SPEC 7: each kind of tampering is detected, at the right version, by verify_stream.
#include <gtest/gtest.h>

#include "evsim/integrity/crypto.h"
#include "evsim/integrity/seal.h"
#include "evsim/model/reference_model.h"
#include "spec/expect_status.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

struct Tamper {
  std::string name;
  std::function<void(Event&)> mutate;
  ViolationKind expected;
};

std::vector<Tamper> Tampers() {
  return {
      {"data", [](Event& event) { event.data += " "; }, ViolationKind::kMacMismatch},
      {"tag order",
       [](Event& event) {
         event.tags = {"b", "a"};
       },
       ViolationKind::kMacMismatch},
      {"timestamp", [](Event& event) { event.epoch_us += 1; }, ViolationKind::kMacMismatch},
      {"mac bytes", [](Event& event) { event.mac->bytes[0] ^= 1; }, ViolationKind::kMacMismatch},
      {"prev hash", [](Event& event) { event.prev_event_hash->at(5) ^= 0x80; },
       ViolationKind::kChainMismatch},
      {"mac removed", [](Event& event) { event.mac.reset(); }, ViolationKind::kMissingIntegrity},
      {"prev removed", [](Event& event) { event.prev_event_hash.reset(); },
       ViolationKind::kMissingIntegrity},
      {"key id", [](Event& event) { event.mac->key_id = 42; }, ViolationKind::kUnknownKey},
      {"signature", [](Event& event) { event.signature->at(3) ^= 1; },
       ViolationKind::kSignatureMismatch},
  };
}

class TamperTest : public ::testing::TestWithParam<Tamper> {};

TEST_P(TamperTest, ModelVerifyStreamNamesKindAndVersion) {
  ManualClock clock;
  StoreConfig config;
  config.integrity = TestIntegrity();
  config.integrity.signing_seed = std::string(32, '\x33');
  auto model = std::move(ReferenceModel::Create(clock, config)).value();
  std::vector<EventInput> batch = Batch(4);
  batch[2].tags = {"a", "b"};
  ASSERT_TRUE(model->Append("s", kExpectAny, batch).ok());
  ASSERT_OK(model->VerifyStream("s"));
  GetParam().mutate(*model->MutableEventForTesting("s", 2));
  Status verified = model->VerifyStream("s");
  EXPECT_CODE(verified, ErrorCode::kIntegrityViolation);
  EXPECT_EQ(verified.violation_kind(), GetParam().expected)
      << ViolationKindName(*verified.violation_kind());
  EXPECT_EQ(verified.violation_version(), 2) << "the first violation is the tampered event";
}

INSTANTIATE_TEST_SUITE_P(EachKind, TamperTest, ::testing::ValuesIn(Tampers()),
                         [](const ::testing::TestParamInfo<Tamper>& info) {
                           std::string name = info.param.name;
                           for (char& character : name) {
                             if (character == ' ') character = '_';
                           }
                           return name;
                         });

TEST(TamperChain, RemovedMiddleEventBreaksTheChainAtTheNextOne) {
  ManualClock clock;
  StoreConfig config;
  config.integrity = TestIntegrity();
  auto model = std::move(ReferenceModel::Create(clock, config)).value();
  ASSERT_TRUE(model->Append("s", kExpectAny, Batch(4)).ok());
  std::vector<Event> events = model->Read("s", 0, 10, Direction::kForward).value();
  events.erase(events.begin() + 1);
  Status verified = VerifyChain(config.integrity, events, kZeroHash);
  EXPECT_EQ(verified.violation_kind(), ViolationKind::kChainMismatch);
  EXPECT_EQ(verified.violation_version(), 2);
}

TEST(TamperSnapshot, SnapshotMacDetectsChanges) {
  IntegrityConfig integrity = TestIntegrity();
  Snapshot snapshot{"s", 3, "{}", {{"k", "v"}}, 99, {}, {}};
  SealSnapshot(integrity, Hash32{}, snapshot);
  ASSERT_TRUE(VerifySnapshot(integrity, snapshot).ok());
  Snapshot changed = snapshot;
  changed.data = "{\"forged\":1}";
  EXPECT_EQ(VerifySnapshot(integrity, changed).violation_kind(), ViolationKind::kMacMismatch);
  changed = snapshot;
  changed.mac->key_id = 9;
  EXPECT_EQ(VerifySnapshot(integrity, changed).violation_kind(), ViolationKind::kUnknownKey);
  changed = snapshot;
  changed.anchor_hash.reset();
  EXPECT_EQ(VerifySnapshot(integrity, changed).violation_kind(), ViolationKind::kMissingIntegrity);
}

TEST(ConstantTime, EqualityIsExact) {
  Hash32 left{};
  Hash32 right{};
  EXPECT_TRUE(crypto::ConstantTimeEqual(left, right));
  for (std::size_t index : {std::size_t{0}, std::size_t{17}, std::size_t{31}}) {
    right = left;
    right[index] = 1;
    EXPECT_FALSE(crypto::ConstantTimeEqual(left, right)) << index;
  }
}

}  // namespace
}  // namespace evsim::testing

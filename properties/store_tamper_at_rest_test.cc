// Tampering with the log at rest, with every record checksum made valid again (what a buggy
// writer or an attacker without the MAC key could produce): replay checks the MAC and the
// chain over the bytes as read, and reports what it finds as corruption.
#include <gtest/gtest.h>

#include "evsim/sim/simulated_disk.h"
#include "evsim/store/event_store.h"
#include "log_format.h"
#include "log_records.h"

namespace evsim::store {
namespace {

constexpr const char* kDirectory = "/store";

class TamperAtRest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.integrity.enabled = true;
    config_.integrity.keyring[1] = std::string(32, '\x01');
    config_.integrity.active_key_id = 1;
    options_.directory = kDirectory;
    store_ = std::move(EventStore::Open({&clock_, &disk_, &executor_}, options_, config_)).value();
    std::vector<EventInput> batch(2);
    batch[0].event_id = "first";
    batch[0].event_type = "Opened";
    batch[0].data = "original-data";
    batch[1].event_id = "second";
    batch[1].event_type = "Moved";
    ASSERT_TRUE(store_->Append("s", kExpectAny, batch).ok());
    ASSERT_TRUE(store_->Reopen(config_).ok());
  }

  // Applies `edit` to the payload of the batch record of stream "s", re-frames it with a valid
  // checksum, and writes the segment back.
  void EditBatchPayload(const std::function<void(std::string&)>& edit) {
    const std::vector<std::string> names = disk_.ListDirectory(kDirectory).value();
    ASSERT_EQ(names.size(), 1u);
    const std::string path = std::string(kDirectory) + "/" + names[0];
    std::string content = disk_.ReadFile(path).value();
    const log_format::SegmentScan scan =
        log_format::ScanSegment(content, path, /*is_last_segment=*/true).value();
    for (const log_format::ScannedRecord& record : scan.records) {
      if (record.type != log_format::RecordType::kBatch) continue;
      std::string payload(record.payload);
      edit(payload);
      ASSERT_EQ(payload.size(), record.payload.size()) << "edits keep the size";
      const std::string framed = log_format::FrameRecord(record.type, payload);
      content.replace(record.offset, framed.size(), framed);
    }
    ASSERT_TRUE(disk_.DeleteFile(path).ok());
    auto file = disk_.OpenForAppend(path).value();
    ASSERT_TRUE(file->Append(content).ok());
    ASSERT_TRUE(file->Sync().ok());
    ASSERT_TRUE(disk_.SyncDirectory(kDirectory).ok());
  }

  ManualClock clock_;
  sim::SimulatedDisk disk_{sim::Random(7)};
  QueueExecutor executor_;
  StoreConfig config_;
  StoreOptions options_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(TamperAtRest, ChangedDataIsAMacMismatchAtItsVersion) {
  EditBatchPayload([](std::string& payload) {
    const std::size_t at = payload.find("original-data");
    ASSERT_NE(at, std::string::npos);
    payload[at] = 'O';
  });
  const Status reopened = store_->Reopen(config_);
  EXPECT_EQ(reopened.code(), ErrorCode::kCorruption) << reopened.ToString();
  EXPECT_NE(reopened.message().find("mac_mismatch at version 0 of 's'"), std::string::npos)
      << reopened.message();
}

TEST_F(TamperAtRest, ChangedPrevHashIsAChainMismatchAtItsVersion) {
  EditBatchPayload([](std::string& payload) {
    // The second event's prev hash follows its presence byte, after its metadata content type.
    const std::size_t second = payload.find("second");
    ASSERT_NE(second, std::string::npos);
    const std::size_t content_type = payload.rfind(kDefaultContentType);
    ASSERT_GT(content_type, second);
    const std::size_t prev_hash = content_type + std::string_view(kDefaultContentType).size() + 1;
    ASSERT_EQ(payload[prev_hash - 1], '\x01') << "the prev hash is present";
    payload[prev_hash] ^= 0x01;
  });
  const Status reopened = store_->Reopen(config_);
  EXPECT_EQ(reopened.code(), ErrorCode::kCorruption) << reopened.ToString();
  EXPECT_NE(reopened.message().find("chain_mismatch at version 1 of 's'"), std::string::npos)
      << reopened.message();
}

// A record whose checksum passes but whose content no writer produces: a compaction's
// stream-state record for a stream that has no version (first present version 0, no events
// after it). Recovery once aborted on its own state invariant here (fuzz/log_segment_fuzz).
TEST_F(TamperAtRest, StreamStateWithoutAVersionIsCorruptionNotAnAbort) {
  const std::vector<std::string> names = disk_.ListDirectory(kDirectory).value();
  ASSERT_EQ(names.size(), 1u);
  auto file = disk_.OpenForAppend(std::string(kDirectory) + "/" + names[0]).value();
  ASSERT_TRUE(file->Append(log_format::FrameRecord(
                                log_format::RecordType::kStreamState,
                                EncodeStreamState("ghost", /*first_present=*/0, Hash32{})))
                  .ok());
  ASSERT_TRUE(file->Sync().ok());
  const Status reopened = store_->Reopen(config_);
  EXPECT_EQ(reopened.code(), ErrorCode::kCorruption) << reopened.ToString();
  EXPECT_NE(reopened.message().find("stream 'ghost' has a stream-state record but no version"),
            std::string::npos)
      << reopened.message();
}

TEST_F(TamperAtRest, UntouchedLogReopens) {
  EditBatchPayload([](std::string&) {});
  EXPECT_TRUE(store_->Reopen(config_).ok());
  EXPECT_EQ(store_->Read("s", 0, 10, Direction::kForward).value().size(), 2u);
}

}  // namespace
}  // namespace evsim::store

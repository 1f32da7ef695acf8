// libFuzzer target: the store's log decoding, end to end. A store directory holds one segment
// built from the fuzz input, and EventStore::Open must either recover or refuse with a status
// naming the damage; never crash, assert or allocate without bound.
//
// The first input byte picks how the rest becomes a segment:
//   0: raw bytes after a valid segment header (framing, headers, torn tails);
//   1: a valid log (config, batches, snapshot, subscription, scavenge, delete), then one
//      well-framed record whose type is the next byte and whose payload is the rest: the record
//      checksums pass, so the payload decoders and the replay rules see hostile input;
//   2: the valid log with the rest applied as (offset, byte) edits: damage anywhere.
#include <cstddef>
#include <cstdint>
#include <string>

#include "evsim/env/clock.h"
#include "evsim/env/executor.h"
#include "evsim/records/assert.h"
#include "evsim/sim/random.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/store/event_store.h"
#include "log_format.h"

namespace evsim::store {
namespace {

constexpr const char* kDirectory = "/store";

StoreConfig Config() {
  StoreConfig config;
  config.indexes = {IndexDeclaration::Tags(), IndexDeclaration::EventType()};
  config.integrity.enabled = true;
  config.integrity.keyring[1] = std::string(32, '\x01');
  config.integrity.active_key_id = 1;
  return config;
}

// A log with one record of most kinds, written by the store itself.
const std::string& ValidSegment() {
  static const std::string segment = [] {
    ManualClock clock;
    sim::SimulatedDisk disk{sim::Random(1)};
    QueueExecutor executor;
    StoreOptions options;
    options.directory = kDirectory;
    auto store = std::move(EventStore::Open({&clock, &disk, &executor}, options, Config())).value();
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<EventInput> events(2);
      for (int index = 0; index < 2; ++index) {
        events[index].event_id = "e" + std::to_string(batch * 2 + index);
        events[index].event_type = index == 0 ? "Opened" : "Moved";
        events[index].tags = {"t" + std::to_string(index)};
        events[index].metadata = {{"tenant", "a"}};
        events[index].data = "{\"n\":" + std::to_string(batch) + "}";
      }
      EVSIM_ASSERT(store->Append(batch == 2 ? "other" : "s", kExpectAny, events).ok());
      clock.Advance(1000);
    }
    EVSIM_ASSERT(store->SaveSnapshot("s", 3, "{}", {}).ok());
    EVSIM_ASSERT(store->Subscribe("sub", Selector::All(), SubscriptionStart::Beginning()).ok());
    ScavengeOptions scavenge;
    scavenge.before_version = 2;
    (void)store->Scavenge("s", scavenge);
    EVSIM_ASSERT(store->DeleteStream("other").ok());
    const std::vector<std::string> names = disk.ListDirectory(kDirectory).value();
    EVSIM_ASSERT(names.size() == 1);
    return disk.ReadFile(std::string(kDirectory) + "/" + names[0]).value();
  }();
  return segment;
}

std::string SegmentFrom(const std::uint8_t* data, std::size_t size) {
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      return log_format::EncodeSegmentHeader({1, true}) + rest;
    case 1: {
      if (rest.empty()) return ValidSegment();
      const auto type = static_cast<log_format::RecordType>(
          1 + static_cast<std::uint8_t>(rest[0]) % log_format::kRecordTypeMax);
      return ValidSegment() + log_format::FrameRecord(type, rest.substr(1));
    }
    default: {
      std::string segment = ValidSegment();
      for (std::size_t at = 0; at + 2 < rest.size(); at += 3) {
        const std::size_t offset =
            (static_cast<std::uint8_t>(rest[at]) << 8 | static_cast<std::uint8_t>(rest[at + 1])) %
            segment.size();
        segment[offset] = rest[at + 2];
      }
      return segment;
    }
  }
}

}  // namespace
}  // namespace evsim::store

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evsim;
  using namespace evsim::store;
  if (size == 0 || size > (1u << 20)) return 0;
  const std::string segment = SegmentFrom(data, size);
  ManualClock clock;
  sim::SimulatedDisk disk{sim::Random(2)};
  QueueExecutor executor;
  EVSIM_ASSERT(disk.CreateDirectory(kDirectory).ok());
  const std::string path = std::string(kDirectory) + "/" + log_format::SegmentFileName(1);
  auto file = disk.OpenForAppend(path).value();
  EVSIM_ASSERT(file->Append(segment).ok());
  EVSIM_ASSERT(file->Sync().ok());
  EVSIM_ASSERT(disk.SyncDirectory(kDirectory).ok());
  StoreOptions options;
  options.directory = kDirectory;
  Result<std::unique_ptr<EventStore>> opened =
      EventStore::Open({&clock, &disk, &executor}, options, Config());
  if (!opened.ok()) return 0;  // refused: the status names the damage
  // Recovered: what it holds must be readable and verify or report corruption, not crash.
  EventStore& store = *opened.value();
  for (const std::string& stream : store.ListStreams().value()) {
    (void)store.Read(stream, 0, 1000, Direction::kForward);
    (void)store.VerifyStream(stream);
  }
  (void)store.ReadGlobal(Cursor::Beginning(), 1000);
  return 0;
}

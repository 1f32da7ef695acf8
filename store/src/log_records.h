#pragma once
// Payload encodings of each log record type (docs/log-format.md) and their replay into State.

#include <string>
#include <vector>

#include "log_format.h"
#include "store_state.h"

namespace evsim::store {

std::string EncodeStoreConfig(const StoreConfig& config);
// A batch record's payload built from new events (the layout of EncodeBatch): each event is
// encoded once, straight from its input, as canon(e)'s fields followed, with integrity on, by
// the seal computed over those bytes as they are. `chain` is the stream's chain hash before the
// batch on entry and chain(e) of its last event on return.
struct NewBatch {
  std::string payload;
  std::vector<EventSpan> spans;  // where each event's encoding lies in the payload
};
NewBatch EncodeNewBatch(const std::string& stream_id, const std::vector<EventView>& events,
                        const IntegrityConfig& integrity, Hash32& chain);
// A batch record's payload: the stream id, the event count, then each event's encoding as is.
std::string EncodeBatch(const std::string& stream_id,
                        const std::vector<std::string_view>& encoded_events);
std::string EncodeStreamName(const std::string& stream_id);  // delete, unsubscribe
std::string EncodeScavenge(const std::string& stream_id, std::int64_t cutoff, const Hash32& anchor);
std::string EncodeSnapshot(const Snapshot& snapshot);
std::string EncodeSnapshotDelete(const std::string& stream_id, std::int64_t version);
std::string EncodeSubscribe(const std::string& name, const Selector& selector,
                            const Cursor& checkpoint);
std::string EncodeAck(const std::string& name, const Cursor& cursor);
std::string EncodeStreamState(const std::string& stream_id, std::int64_t first_present,
                              const Hash32& anchor);
std::string EncodeClock(std::int64_t last_epoch_us);

// Decodes the persisted store configuration (indexes and whether integrity is on).
Result<StoreConfig> DecodeStoreConfig(std::string_view payload, const std::string& where);

// Checks one record against the state it applies to and applies it. Anything a well-formed log
// cannot contain (undecodable bytes, a version gap, a broken chain, a MAC that does not verify
// with a known key) is `corruption` naming `where` (file and offset).
Status ReplayRecord(EventStore::State& state, const log_format::ScannedRecord& record,
                    const std::string& where);

}  // namespace evsim::store

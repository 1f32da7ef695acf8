#include "log_records.h"

#include "codec.h"
#include "evsim/integrity/seal.h"
#include "evsim/probes/probe.h"
#include "evsim/records/assert.h"
#include "evsim/records/limits.h"

namespace evsim::store {
namespace {

using log_format::RecordType;

Status Corrupt(const std::string& where, const std::string& what) {
  return Status::Corruption(where + ": " + what);
}

Status ReplayBatch(EventStore::State& state, ByteReader& reader, const std::string& where) {
  std::string stream_id;
  std::uint32_t count = 0;
  if (!reader.Bytes(stream_id) || !reader.U32(count) || count == 0 ||
      count > limits::kBatchEventsMax) {
    return Corrupt(where, "undecodable batch header");
  }
  auto existing = state.streams.find(stream_id);
  std::int64_t high_water = existing == state.streams.end() ? -1 : existing->second.high_water;
  Hash32 prev = existing == state.streams.end() ? Hash32{} : existing->second.last_chain_hash;
  std::vector<Event> events(count);
  std::vector<EventView> views;
  std::vector<EventSpan> spans;
  views.reserve(count);
  spans.reserve(count);
  for (Event& event : events) {
    const std::size_t start = reader.position();
    if (!reader.DecodeEventFields(event)) return Corrupt(where, "undecodable event");
    const std::string_view canonical_fields = reader.BytesSince(start);
    if (!reader.DecodeEventIntegrity(event)) return Corrupt(where, "undecodable event");
    spans.push_back(EventSpan{start, reader.position() - start});
    views.push_back(EventView::Of(event));
    if (event.stream_id != stream_id || event.version != high_water + 1) {
      return Corrupt(where, "event version " + std::to_string(event.version) + " of '" + stream_id +
                                "' does not follow " + std::to_string(high_water));
    }
    if (state.config.integrity.enabled) {
      Hash32 chain{};
      // The MAC and chain are checked over the bytes as logged, not a re-encoding of them.
      // Signatures are not: a signature that fails to verify is not corruption (its signing key
      // may have been rotated out of trust), so it is verify_stream's to report, and an Ed25519
      // verification per event would only be thrown away here. Damage to a signature's bytes is
      // caught by the record checksum.
      std::optional<ViolationKind> violation =
          VerifyCanonicalFields(state.config.integrity, canonical_fields, event.prev_event_hash,
                                event.mac, /*signature=*/std::nullopt, prev, &chain);
      // A MAC key rotated out of the keyring is verify_stream's to report too; only what the log
      // itself contradicts is corruption.
      if (violation == ViolationKind::kUnknownKey) EVSIM_PROBE(kReplayedUnknownKey);
      if (violation && *violation != ViolationKind::kUnknownKey) {
        return Corrupt(where, std::string(ViolationKindName(*violation)) + " at version " +
                                  std::to_string(event.version) + " of '" + stream_id + "'");
      }
      prev = chain;
    }
    high_water = event.version;
  }
  // The store keeps the record's payload; its events are views into it.
  state.ApplyBatch(stream_id, views, std::make_shared<const std::string>(reader.input()), spans,
                   prev);
  return Status::Ok();
}

Status ReplaySubscriptionRecord(EventStore::State& state, RecordType type, ByteReader& reader,
                                const std::string& where) {
  std::string name;
  if (!reader.Bytes(name)) return Corrupt(where, "undecodable subscription name");
  const bool live = state.subscriptions.contains(name);
  if (type == RecordType::kSubscribe) {
    Selector selector;
    Cursor checkpoint;
    if (!reader.DecodeSelector(selector) || !reader.DecodeCursor(checkpoint) || live) {
      return Corrupt(where, "bad subscribe record for '" + name + "'");
    }
    state.ApplySubscribe(name, selector, checkpoint);
  } else if (type == RecordType::kAck) {
    Cursor cursor;
    if (!reader.DecodeCursor(cursor) || !live) return Corrupt(where, "bad ack for '" + name + "'");
    state.ApplyAck(name, cursor);
  } else {
    state.ApplyUnsubscribe(name);
  }
  return Status::Ok();
}

Status ReplayStreamRecord(EventStore::State& state, RecordType type, ByteReader& reader,
                          const std::string& where) {
  std::string stream_id;
  if (type == RecordType::kSnapshotSave) {
    Snapshot snapshot;
    if (!reader.DecodeSnapshot(snapshot) || !state.streams.contains(snapshot.stream_id) ||
        snapshot.version > state.streams.at(snapshot.stream_id).high_water) {
      return Corrupt(where, "bad snapshot record");
    }
    // mutant:snapshot-metadata-lost-on-recovery: the replayed snapshot loses its metadata.
    if (state.mutation == Mutation::kSnapshotMetadataLostOnRecovery) snapshot.metadata.clear();
    state.ApplySnapshotSave(snapshot);
    return Status::Ok();
  }
  if (!reader.Bytes(stream_id)) return Corrupt(where, "undecodable stream id");
  std::int64_t number = 0;
  Hash32 anchor{};
  switch (type) {
    case RecordType::kDeleteStream:
      state.ApplyDelete(stream_id);
      return Status::Ok();
    case RecordType::kScavenge:
      if (!reader.I64(number) || !reader.Hash(anchor) || !state.streams.contains(stream_id)) {
        return Corrupt(where, "bad scavenge record");
      }
      state.ApplyScavenge(stream_id, number, anchor);
      return Status::Ok();
    case RecordType::kSnapshotDelete:
      if (!reader.I64(number)) return Corrupt(where, "bad snapshot delete record");
      state.ApplySnapshotDelete(stream_id, number);
      return Status::Ok();
    case RecordType::kStreamState:
      if (!reader.I64(number) || number < 0 || !reader.Hash(anchor) ||
          state.streams.contains(stream_id)) {
        return Corrupt(where, "bad stream state record");
      }
      state.ApplyStreamState(stream_id, number, anchor);
      return Status::Ok();
    default:
      return Corrupt(where, "unexpected record type");
  }
}

// The head of a batch payload, with room reserved for `event_bytes` of events after it.
void WriteBatchHeader(const std::string& stream_id, std::size_t count, std::size_t event_bytes,
                      ByteWriter& writer) {
  writer.bytes().reserve(8 + stream_id.size() + event_bytes);
  writer.Bytes(stream_id);
  writer.U32(static_cast<std::uint32_t>(count));
}

}  // namespace

std::string EncodeStoreConfig(const StoreConfig& config) {
  ByteWriter writer;
  writer.U32(static_cast<std::uint32_t>(config.indexes.size()));
  for (const IndexDeclaration& index : config.indexes) {
    writer.U8(static_cast<std::uint8_t>(index.kind));
    writer.Bytes(index.metadata_key);
  }
  writer.U8(config.integrity.enabled ? 1 : 0);
  return std::move(writer.bytes());
}

Result<StoreConfig> DecodeStoreConfig(std::string_view payload, const std::string& where) {
  ByteReader reader(payload);
  StoreConfig config;
  std::uint32_t count = 0;
  if (!reader.U32(count) || count > 1024) return Corrupt(where, "bad store config record");
  for (std::uint32_t index = 0; index < count; ++index) {
    std::uint8_t kind = 0;
    IndexDeclaration declaration;
    if (!reader.U8(kind) || kind > 2 || !reader.Bytes(declaration.metadata_key)) {
      return Corrupt(where, "bad index declaration");
    }
    declaration.kind = static_cast<IndexDeclaration::Kind>(kind);
    config.indexes.push_back(std::move(declaration));
  }
  std::uint8_t integrity = 0;
  if (!reader.U8(integrity) || integrity > 1 || !reader.AtEnd()) {
    return Corrupt(where, "bad store config record");
  }
  config.integrity.enabled = integrity == 1;
  return config;
}

NewBatch EncodeNewBatch(const std::string& stream_id, const std::vector<EventView>& events,
                        const IntegrityConfig& integrity, Hash32& chain) {
  // Presence byte and value: prev hash 1+32, MAC 1+4+32, signature 1+4+64.
  constexpr std::size_t kIntegrityBytesMax = 33 + 37 + 69;
  std::size_t size = 0;
  for (const EventView& event : events) {
    size += CanonicalEventFieldsBytes(event) + kIntegrityBytesMax;
  }
  ByteWriter writer;
  WriteBatchHeader(stream_id, events.size(), size, writer);
  std::string& payload = writer.bytes();
  NewBatch batch;
  batch.spans.reserve(events.size());
  for (const EventView& event : events) {
    const std::size_t start = payload.size();
    AppendCanonicalEventFields(event, payload);
    if (integrity.enabled) {
      const std::string_view fields = std::string_view(payload).substr(start);
      EventSeal seal = SealCanonicalFields(integrity, chain, fields);
      writer.EncodeEventIntegrity(chain, seal.mac, seal.signature);
      chain = seal.chain;
    } else {
      writer.EncodeEventIntegrity(std::nullopt, std::nullopt, std::nullopt);
    }
    batch.spans.push_back(EventSpan{start, payload.size() - start});
  }
  batch.payload = std::move(payload);
  return batch;
}

std::string EncodeBatch(const std::string& stream_id,
                        const std::vector<std::string_view>& encoded_events) {
  std::size_t size = 0;
  for (std::string_view event : encoded_events) size += event.size();
  ByteWriter writer;
  WriteBatchHeader(stream_id, encoded_events.size(), size, writer);
  for (std::string_view event : encoded_events) writer.bytes().append(event);
  return std::move(writer.bytes());
}

std::string EncodeStreamName(const std::string& stream_id) {
  ByteWriter writer;
  writer.Bytes(stream_id);
  return std::move(writer.bytes());
}

std::string EncodeScavenge(const std::string& stream_id, std::int64_t cutoff,
                           const Hash32& anchor) {
  ByteWriter writer;
  writer.Bytes(stream_id);
  writer.I64(cutoff);
  writer.Hash(anchor);
  return std::move(writer.bytes());
}

std::string EncodeSnapshot(const Snapshot& snapshot) {
  ByteWriter writer;
  writer.EncodeSnapshot(snapshot);
  return std::move(writer.bytes());
}

std::string EncodeSnapshotDelete(const std::string& stream_id, std::int64_t version) {
  ByteWriter writer;
  writer.Bytes(stream_id);
  writer.I64(version);
  return std::move(writer.bytes());
}

std::string EncodeSubscribe(const std::string& name, const Selector& selector,
                            const Cursor& checkpoint) {
  ByteWriter writer;
  writer.Bytes(name);
  writer.EncodeSelector(selector);
  writer.EncodeCursor(checkpoint);
  return std::move(writer.bytes());
}

std::string EncodeAck(const std::string& name, const Cursor& cursor) {
  ByteWriter writer;
  writer.Bytes(name);
  writer.EncodeCursor(cursor);
  return std::move(writer.bytes());
}

std::string EncodeStreamState(const std::string& stream_id, std::int64_t first_present,
                              const Hash32& anchor) {
  ByteWriter writer;
  writer.Bytes(stream_id);
  writer.I64(first_present);
  writer.Hash(anchor);
  return std::move(writer.bytes());
}

std::string EncodeClock(std::int64_t last_epoch_us) {
  ByteWriter writer;
  writer.I64(last_epoch_us);
  return std::move(writer.bytes());
}

Status ReplayRecord(EventStore::State& state, const log_format::ScannedRecord& record,
                    const std::string& where) {
  ByteReader reader(record.payload);
  Status status;
  switch (record.type) {
    case RecordType::kStoreConfig:
      return Corrupt(where, "store config record outside the head of a base segment");
    case RecordType::kBatch:
      status = ReplayBatch(state, reader, where);
      break;
    case RecordType::kSubscribe:
    case RecordType::kAck:
    case RecordType::kUnsubscribe:
      status = ReplaySubscriptionRecord(state, record.type, reader, where);
      break;
    case RecordType::kClock: {
      std::int64_t last_epoch_us = 0;
      if (!reader.I64(last_epoch_us)) return Corrupt(where, "bad clock record");
      state.last_epoch_us = std::max(state.last_epoch_us, last_epoch_us);
      break;
    }
    default:
      status = ReplayStreamRecord(state, record.type, reader, where);
  }
  if (status.ok() && !reader.AtEnd()) return Corrupt(where, "trailing bytes in record");
  return status;
}

}  // namespace evsim::store

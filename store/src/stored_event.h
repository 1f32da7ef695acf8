#pragma once
// StoredEvent: a present event as the store holds it in memory: its log encoding
// (ByteWriter::EncodeEvent) inside the payload of the batch record it came in, which the events
// of that batch share and which lives as long as any of them, plus the position the store's
// maps key on. It decodes on read. A decoded Event costs about ten allocations and twice the
// memory, and an allocation per event was most of an append's cost besides the hashing; this
// way an append or a replayed record makes one allocation per batch.

#include <memory>
#include <string>
#include <string_view>

#include "evsim/records/event.h"
#include "global_position.h"

namespace evsim::store {

// Decodes the bytes of a stored event into `event`, reusing its storage.
// REQUIRES: `encoded` is StoredEvent::encoded() of a live stored event.
void DecodeStoredBytes(std::string_view encoded, Event& event);

// Where one event's encoding lies within its batch record's payload.
struct EventSpan {
  std::size_t offset = 0;
  std::size_t size = 0;
};

class StoredEvent {
 public:
  // REQUIRES: `span` of `*batch` is the encoding of `event`, and `stream_id` points at the key of
  // the event's stream in State::streams.
  StoredEvent(std::shared_ptr<const std::string> batch, EventSpan span, const EventView& event,
              const std::string* stream_id);

  StoredEvent(const StoredEvent&) = delete;  // index entries point at the stored event
  StoredEvent& operator=(const StoredEvent&) = delete;

  Event Decode() const;
  const GlobalPosition& position() const { return position_; }
  std::int64_t version() const { return position_.version; }
  std::int64_t epoch_us() const { return position_.epoch_us; }
  // Valid, and at the same address, for the stored event's lifetime (it never moves and its
  // bytes never change), so an index may hold it to reach the bytes without a detour.
  std::string_view encoded() const { return encoded_; }

 private:
  std::shared_ptr<const std::string> batch_;
  std::string_view encoded_;  // within *batch_
  GlobalPosition position_;
};

}  // namespace evsim::store

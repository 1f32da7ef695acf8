#pragma once
// StoredEvent: a present event as the store holds it in memory. It keeps the event's log
// encoding (ByteWriter::EncodeEvent) in one allocation, plus the position the store's maps key
// on, and decodes on read. A decoded Event costs about ten allocations and twice the memory;
// appends and recovery would pay for both on every event, reads pay once per event returned.

#include <string>
#include <string_view>

#include "evsim/records/event.h"
#include "global_position.h"

namespace evsim::store {

// Decodes the bytes of a stored event into `event`, reusing its storage.
// REQUIRES: `encoded` is StoredEvent::encoded() of a live stored event.
void DecodeStoredBytes(std::string_view encoded, Event& event);

class StoredEvent {
 public:
  // REQUIRES: `encoded` is the event's log encoding (ByteWriter::EncodeEvent) and `stream_id`
  // points at the key of the event's stream in State::streams.
  StoredEvent(std::string encoded, const EventView& event, const std::string* stream_id);

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
  std::string encoded_;
  GlobalPosition position_;
};

}  // namespace evsim::store

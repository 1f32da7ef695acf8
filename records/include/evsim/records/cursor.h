#pragma once
// Global order and cursors (SPEC 2.4 and 3).
//
// The global order is the tuple order (epoch_us, stream_id bytewise, version). A Cursor names a
// position in it: the beginning, or the tuple of one event. A cursor stays meaningful when the
// event it names is removed: reads "after" it compare tuples, never look the event up.
//
// OrderKey is the byte encoding of the tuple whose bytewise order equals the tuple order:
//   u64be(epoch_us XOR 2^63) || stream_id || 0x00 || u64be(version)
// Stream ids hold bytes 0x21..0x7E only, so the 0x00 terminator sorts a stream id before every
// id it is a prefix of ("a" < "a-b" < "a|b" < "ab"), which the seeds' "|"-separated layout
// gets wrong. The beginning cursor encodes as the empty string, below every event's key.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "evsim/records/event.h"

namespace evsim {

struct Cursor {
  bool is_beginning = true;
  std::int64_t epoch_us = 0;
  std::string stream_id;
  std::int64_t version = 0;

  static Cursor Beginning() { return Cursor{}; }
  static Cursor At(std::int64_t epoch_us, std::string stream_id, std::int64_t version) {
    return Cursor{false, epoch_us, std::move(stream_id), version};
  }
  static Cursor Of(const Event& event) {
    return At(event.epoch_us, event.stream_id, event.version);
  }

  friend bool operator==(const Cursor&, const Cursor&) = default;
  // Beginning sorts below every event cursor; event cursors compare as tuples.
  friend std::strong_ordering operator<=>(const Cursor& left, const Cursor& right);

  // "beginning" or "epoch_us/stream_id/version"; the form the CLI and YAML use.
  std::string ToString() const;
};

// True when event lies strictly after cursor in the global order.
bool IsAfter(const Event& event, const Cursor& cursor);

// Global-order comparison of two events.
bool GlobalOrderLess(const Event& left, const Event& right);

std::string OrderKey(const Cursor& cursor);
std::string OrderKey(const Event& event);
// Inverse of OrderKey; nullopt when the bytes are not an order key.
std::optional<Cursor> CursorFromOrderKey(std::string_view key);

}  // namespace evsim

#pragma once
// The global order (SPEC 2.4, 3) as the model states it: a plain tuple compared field by field,
// (epoch_us, stream_id bytewise, version), with the beginning below every event.
//
// Deliberately not the store's Cursor comparison or order-key encoding (records/cursor.h):
// those are what the model checks. std::string compares bytewise (char_traits<char> compares
// as unsigned char), so a stream id sorts before every id it is a prefix of, as SPEC 2.4 asks.

#include <cstdint>
#include <string>
#include <tuple>

#include "evsim/records/cursor.h"
#include "evsim/records/event.h"

namespace evsim::oracle {

using Position = std::tuple<std::int64_t, std::string, std::int64_t>;

inline Position PositionOf(const Event& event) {
  return Position{event.epoch_us, event.stream_id, event.version};
}

// REQUIRES: !cursor.is_beginning (the beginning has no position; it lies below all of them).
inline Position PositionOf(const Cursor& cursor) {
  return Position{cursor.epoch_us, cursor.stream_id, cursor.version};
}

// True when `left` lies strictly before `right` in the global order.
inline bool Before(const Cursor& left, const Cursor& right) {
  if (right.is_beginning) return false;
  if (left.is_beginning) return true;
  return PositionOf(left) < PositionOf(right);
}

}  // namespace evsim::oracle

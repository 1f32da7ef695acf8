#pragma once
// GlobalPosition: where a present event sits in the global order (SPEC 2.4), without allocating.
//
// The store keys its global map and every index set by this, so that adding an event costs no
// order-key string. `stream_id` points at the key of the event's entry in State::streams, a map
// node that outlives every position naming it (a stream's positions are removed before its entry).
//
// GlobalOrder compares positions and cursors as the tuple (epoch_us, stream_id bytewise, version),
// the same order as the bytes of OrderKey() (std::string compares bytes as unsigned char). A
// beginning cursor sorts below every position.

#include <cstdint>
#include <map>
#include <string>

#include "evsim/records/cursor.h"

namespace evsim::store {

struct GlobalPosition {
  std::int64_t epoch_us = 0;
  const std::string* stream_id = nullptr;
  std::int64_t version = 0;

  Cursor ToCursor() const { return Cursor::At(epoch_us, *stream_id, version); }
};

struct GlobalOrder {
  using is_transparent = void;  // maps keyed by positions can be searched with cursors

  bool operator()(const GlobalPosition& left, const GlobalPosition& right) const {
    return Compare(left.epoch_us, *left.stream_id, left.version, right.epoch_us, *right.stream_id,
                   right.version) < 0;
  }
  bool operator()(const GlobalPosition& left, const Cursor& right) const {
    if (right.is_beginning) return false;
    return Compare(left.epoch_us, *left.stream_id, left.version, right.epoch_us, right.stream_id,
                   right.version) < 0;
  }
  bool operator()(const Cursor& left, const GlobalPosition& right) const {
    if (left.is_beginning) return true;
    return Compare(left.epoch_us, left.stream_id, left.version, right.epoch_us, *right.stream_id,
                   right.version) < 0;
  }

 private:
  static int Compare(std::int64_t left_epoch, const std::string& left_stream,
                     std::int64_t left_version, std::int64_t right_epoch,
                     const std::string& right_stream, std::int64_t right_version) {
    if (left_epoch != right_epoch) return left_epoch < right_epoch ? -1 : 1;
    if (const int order = left_stream.compare(right_stream); order != 0) return order;
    if (left_version != right_version) return left_version < right_version ? -1 : 1;
    return 0;
  }
};

// A set of present events in global order, each mapped to where the event is held.
template <typename Value>
using GlobalMap = std::map<GlobalPosition, Value, GlobalOrder>;

}  // namespace evsim::store

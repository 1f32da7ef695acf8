#pragma once
// Subscription start positions and deliveries (SPEC 8).

#include <cstdint>
#include <string>

#include "evsim/records/cursor.h"
#include "evsim/records/event.h"
#include "evsim/records/selector.h"

namespace evsim {

struct SubscriptionStart {
  enum class Kind : std::uint8_t { kBeginning, kEnd, kAfter };
  Kind kind = Kind::kBeginning;
  Cursor after;  // kAfter only

  static SubscriptionStart Beginning() { return {}; }
  static SubscriptionStart End() { return {Kind::kEnd, Cursor::Beginning()}; }
  // After the beginning is the beginning: one value, one spelling.
  static SubscriptionStart After(Cursor cursor) {
    if (cursor.is_beginning) return Beginning();
    return {Kind::kAfter, std::move(cursor)};
  }
  friend bool operator==(const SubscriptionStart&, const SubscriptionStart&) = default;
};

// A live subscription as the store reports it.
struct SubscriptionInfo {
  std::string name;
  Selector selector;
  Cursor checkpoint;  // the durable checkpoint
  friend bool operator==(const SubscriptionInfo&, const SubscriptionInfo&) = default;
};

}  // namespace evsim

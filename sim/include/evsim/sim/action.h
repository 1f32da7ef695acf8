#pragma once
// Action: one step of a simulation, as data. The scheduler generates actions from a seed; a
// scenario's `ops:` list spells them out; a run can write the actions it executed back out as
// an `ops:` list, which is how a failing run becomes a regression scenario.

#include <cstdint>
#include <string>
#include <vector>

#include "evsim/adapter/event_store_adapter.h"

namespace evsim::sim {

enum class ActionKind : std::uint8_t {
  kAppend,
  kRead,
  kReadGlobal,
  kVersion,
  kListStreams,
  kLookupTags,
  kLookupTypes,
  kLookupMeta,
  kSnapshotSave,
  kSnapshotRead,
  kSnapshotList,
  kSnapshotDelete,
  kScavenge,
  kDelete,
  kVerify,
  kSubscribe,
  kUnsubscribe,
  kAck,
  kTake,        // a subscriber consumes deliveries
  kBackground,  // the store runs one of its pending work items
  kCrash,       // power loss: unsynced writes torn or lost, then restart
  kRestart,     // clean restart, possibly rotating keys
  kClockJump,   // the clock jumps by clock_delta_us (may be negative or zero: stands still)
  kBitFlip,     // flip one synced bit in the log, then crash: recovery must report it
};
inline constexpr int kActionKindCount = static_cast<int>(ActionKind::kBitFlip) + 1;

std::string_view ActionKindName(ActionKind kind);
bool ActionKindFromName(std::string_view name, ActionKind& kind);
// Client operations change or query the store; the rest are the environment's doing.
bool IsClientOperation(ActionKind kind);
// Operations that change durable state (their io_error leaves them pending at a crash).
bool IsMutation(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::kRead;
  int client = 0;
  std::string stream;
  std::int64_t expected_version = kExpectAny;
  std::vector<EventInput> events;
  std::int64_t from = 0;
  std::int64_t count = 1;
  Direction direction = Direction::kForward;
  Cursor cursor;  // read_global's `after`, ack's cursor, subscribe's start cursor
  std::int64_t limit = 1;
  std::vector<std::string> values;  // tags or types
  TagMatch match = TagMatch::kAny;
  std::string key;
  std::string value;
  std::int64_t version = 0;
  std::string data;
  ScavengeOptions scavenge;
  std::string name;  // subscription
  Selector selector;
  SubscriptionStart start;
  std::int64_t clock_delta_us = 0;
  std::uint32_t active_key_id = 0;  // restart: the key to rotate to (0 keeps the current one)
  std::uint64_t pick = 0;           // background: which pending item; bit flip: which bit

  // One line for the trace: "append stream=a expected=any events=3".
  std::string Describe() const;
};

}  // namespace evsim::sim

#pragma once
// Action: one step of a simulation, as data: an operation (sim/operations/*.h) and, for a client
// operation, the client that issues it. The scheduler generates actions from a seed; a
// scenario's `ops:` list spells them out; a failing run's actions are written back out as an
// `ops:` list, which is how a failure becomes a regression scenario.
//
// The registry: `Operation` lists every operation type, and everything else (names, roles,
// capabilities, parsing, writing, generating, applying) is derived from that list. Adding an
// operation is one file in sim/operations/ and one line here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "evsim/sim/disk_choices.h"
#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"
#include "evsim/sim/operations/ack.h"
#include "evsim/sim/operations/append.h"
#include "evsim/sim/operations/background.h"
#include "evsim/sim/operations/bit_flip.h"
#include "evsim/sim/operations/clock_jump.h"
#include "evsim/sim/operations/crash.h"
#include "evsim/sim/operations/delete_stream.h"
#include "evsim/sim/operations/list_streams.h"
#include "evsim/sim/operations/lookup_meta.h"
#include "evsim/sim/operations/lookup_tags.h"
#include "evsim/sim/operations/lookup_types.h"
#include "evsim/sim/operations/read.h"
#include "evsim/sim/operations/read_global.h"
#include "evsim/sim/operations/restart.h"
#include "evsim/sim/operations/scavenge.h"
#include "evsim/sim/operations/snapshot_delete.h"
#include "evsim/sim/operations/snapshot_list.h"
#include "evsim/sim/operations/snapshot_read.h"
#include "evsim/sim/operations/snapshot_save.h"
#include "evsim/sim/operations/subscribe.h"
#include "evsim/sim/operations/take.h"
#include "evsim/sim/operations/unsubscribe.h"
#include "evsim/sim/operations/verify.h"
#include "evsim/sim/operations/version.h"

namespace evsim::sim {

// The order is the scheduler's: weights are drawn over it, faults tried in it. Reordering
// changes every generated run.
using Operation = std::variant<Append, Read, ReadGlobal, Version, ListStreams, LookupTags,
                               LookupTypes, LookupMeta, SnapshotSave, SnapshotRead, SnapshotList,
                               SnapshotDelete, Scavenge, Delete, Verify, Subscribe, Unsubscribe,
                               Ack, Take, Background, Crash, Restart, ClockJump, BitFlip>;

inline constexpr std::size_t kOperationCount = std::variant_size_v<Operation>;
using OperationKind = std::size_t;  // an index into Operation

namespace detail {
template <typename Op, std::size_t Index = 0>
constexpr OperationKind KindIndex() {
  static_assert(Index < kOperationCount, "not an operation of the registry");
  if constexpr (std::is_same_v<Op, std::variant_alternative_t<Index, Operation>>) {
    return Index;
  } else {
    return KindIndex<Op, Index + 1>();
  }
}
}  // namespace detail
template <typename Op>
inline constexpr OperationKind kKindOf = detail::KindIndex<Op>();

std::string_view OperationName(OperationKind kind);  // "append"
std::optional<OperationKind> OperationFromName(std::string_view name);
OperationRole RoleOf(OperationKind kind);
inline bool IsClientOperation(OperationKind kind) { return RoleOf(kind) == OperationRole::kClient; }
// The capability whose operations a client operation exercises (core for the others).
Capability CapabilityOf(OperationKind kind);
// Client operations that change durable state (an io_error leaves them pending at a crash).
bool IsMutation(OperationKind kind);
// The rate at which a fault strikes per step. REQUIRES: RoleOf(kind) == kFault.
std::uint32_t FaultRates::*RateOf(OperationKind kind);

struct Action {
  Action() = default;
  Action(int client_in, Operation operation_in)
      : client(client_in), operation(std::move(operation_in)) {}

  int client = 0;  // who issues a client operation; 0 for the others
  Operation operation;
  // What the simulated disk chose while the step ran (disk_choices.h): recorded by a run,
  // pinned by a regression scenario.
  DiskChoiceMap disk_choices;
  // The clock's reading (epoch µs) when the step began, in the run that recorded it. A scripted
  // run sets its clock to it before the step, so that removing earlier steps moves no later one
  // in time: a failure that hangs on an exact instant (an event at exactly a scavenge's cutoff)
  // survives shrinking. Unset: the clock advances as usual.
  std::optional<std::int64_t> at_us;

  OperationKind kind() const { return operation.index(); }
  template <typename Op>
  const Op* As() const {
    return std::get_if<Op>(&operation);
  }
  // One line for the trace: "append stream=a expected=any events=[...]".
  std::string Describe() const;
  friend bool operator==(const Action&, const Action&) = default;
};

// A fresh operation of `kind`, generated from the seeded context.
// REQUIRES: a client kind for the first, an environment kind for the second.
Operation GenerateClient(OperationKind kind, ClientGeneration& generation);
Operation GenerateEnvironment(OperationKind kind, EnvironmentGeneration& generation);

// An operation of `kind` with its fields read from an `ops:` entry (defaults for the absent).
Result<Operation> ParseOperation(OperationKind kind, OperationFields& fields);
void EmitOperation(const Operation& operation, OperationWriter& writer);

// REQUIRES: a client operation.
Outcome Apply(const Action& action, EventStoreAdapter& adapter);
// What the model is asked when the store answered `store` (the same action, but a take asks
// for exactly as many events as the store delivered); nullopt: nothing to compare.
std::optional<Action> ForModel(const Action& action, const Outcome& store);
void Remember(const Action& action, OperationMemory& memory, const Outcome& outcome);
// REQUIRES: not a client operation.
std::string Perform(const Action& action, OperationEnvironment& environment);
// Simpler versions of the action, one change each, for shrinking (none for most kinds); each
// keeps the action's client, disk choices and instant.
std::vector<Action> Simpler(const Action& action);

}  // namespace evsim::sim

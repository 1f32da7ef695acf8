// The registry's dispatchers: each visits the variant or the operation type of a kind.
#include "evsim/sim/action.h"

#include <array>
#include <utility>

namespace evsim::sim {
namespace {

// Calls visit(type tag) for the operation type at `kind`.
template <typename Visit, std::size_t... Index>
decltype(auto) WithKind(OperationKind kind, Visit&& visit, std::index_sequence<Index...>) {
  using Return = decltype(visit(std::type_identity<std::variant_alternative_t<0, Operation>>{}));
  static constexpr std::array<Return (*)(Visit&&), sizeof...(Index)> kTable = {
      [](Visit&& call) -> Return {
        return call(std::type_identity<std::variant_alternative_t<Index, Operation>>{});
      }...};
  EVSIM_ASSERT(kind < kOperationCount);
  return kTable[kind](std::forward<Visit>(visit));
}

template <typename Visit>
decltype(auto) WithKind(OperationKind kind, Visit&& visit) {
  return WithKind(kind, std::forward<Visit>(visit), std::make_index_sequence<kOperationCount>{});
}

template <typename Op>
concept ClientOperation = Op::kRole == OperationRole::kClient;
template <typename Op>
concept FaultOperation = Op::kRole == OperationRole::kFault;
template <typename Op>
concept HasModelCounterpart = requires(const Op op, const Outcome& outcome) {
  { op.ForModel(outcome) } -> std::same_as<std::optional<Op>>;
};
template <typename Op>
concept HasMemory = requires(const Op op, OperationMemory& memory, const Outcome& outcome) {
  op.Remember(memory, outcome);
};
template <typename Op>
concept HasSimplerForms = requires(const Op op) {
  { op.Simpler() } -> std::same_as<std::vector<Op>>;
};

}  // namespace

std::string_view OperationName(OperationKind kind) {
  return WithKind(kind, [](auto type) -> std::string_view { return decltype(type)::type::kName; });
}

std::optional<OperationKind> OperationFromName(std::string_view name) {
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (OperationName(kind) == name) return kind;
  }
  return std::nullopt;
}

OperationRole RoleOf(OperationKind kind) {
  return WithKind(kind, [](auto type) { return decltype(type)::type::kRole; });
}

Capability CapabilityOf(OperationKind kind) {
  return WithKind(kind, [](auto type) {
    using Op = typename decltype(type)::type;
    if constexpr (ClientOperation<Op>) {
      return Op::kCapability;
    } else {
      return Capability::kCore;
    }
  });
}

bool IsMutation(OperationKind kind) {
  return WithKind(kind, [](auto type) {
    using Op = typename decltype(type)::type;
    if constexpr (ClientOperation<Op>) {
      return Op::kMutation;
    } else {
      return false;
    }
  });
}

std::uint32_t FaultRates::*RateOf(OperationKind kind) {
  return WithKind(kind, [](auto type) -> std::uint32_t FaultRates::* {
    using Op = typename decltype(type)::type;
    if constexpr (FaultOperation<Op>) {
      return Op::kRate;
    } else {
      EVSIM_ASSERT_MSG(false, "only faults strike at a rate");
      return nullptr;
    }
  });
}

std::string Action::Describe() const {
  return std::visit([](const auto& operation) { return operation.Describe(); }, operation);
}

Operation GenerateClient(OperationKind kind, ClientGeneration& generation) {
  return WithKind(kind, [&](auto type) -> Operation {
    using Op = typename decltype(type)::type;
    if constexpr (ClientOperation<Op>) {
      return Op::Generate(generation);
    } else {
      EVSIM_ASSERT_MSG(false, "not a client operation");
      return Op{};
    }
  });
}

Operation GenerateEnvironment(OperationKind kind, EnvironmentGeneration& generation) {
  return WithKind(kind, [&](auto type) -> Operation {
    using Op = typename decltype(type)::type;
    if constexpr (!ClientOperation<Op>) {
      return Op::Generate(generation);
    } else {
      EVSIM_ASSERT_MSG(false, "not an environment operation");
      return Op{};
    }
  });
}

Result<Operation> ParseOperation(OperationKind kind, OperationFields& fields) {
  return WithKind(kind, [&](auto type) -> Result<Operation> {
    typename decltype(type)::type operation;
    EVSIM_RETURN_IF_ERROR(operation.Parse(fields));
    return Operation(std::move(operation));
  });
}

void EmitOperation(const Operation& operation, OperationWriter& writer) {
  std::visit([&](const auto& typed) { typed.Emit(writer); }, operation);
}

Outcome Apply(const Action& action, EventStoreAdapter& adapter) {
  return std::visit(
      [&](const auto& operation) -> Outcome {
        using Op = std::decay_t<decltype(operation)>;
        if constexpr (ClientOperation<Op>) {
          return operation.Apply(adapter);
        } else {
          EVSIM_ASSERT_MSG(false, "only client operations apply to an adapter");
          return OutcomeOf(Status::InvalidArgument("not a client operation"));
        }
      },
      action.operation);
}

std::optional<Action> ForModel(const Action& action, const Outcome& store) {
  return std::visit(
      [&](const auto& operation) -> std::optional<Action> {
        using Op = std::decay_t<decltype(operation)>;
        if constexpr (HasModelCounterpart<Op>) {
          std::optional<Op> counterpart = operation.ForModel(store);
          if (!counterpart) return std::nullopt;
          return Action{action.client, std::move(*counterpart)};
        } else {
          return action;
        }
      },
      action.operation);
}

void Remember(const Action& action, OperationMemory& memory, const Outcome& outcome) {
  std::visit(
      [&](const auto& operation) {
        if constexpr (HasMemory<std::decay_t<decltype(operation)>>) {
          operation.Remember(memory, outcome);
        }
      },
      action.operation);
}

std::string Perform(const Action& action, OperationEnvironment& environment) {
  return std::visit(
      [&](const auto& operation) -> std::string {
        using Op = std::decay_t<decltype(operation)>;
        if constexpr (!ClientOperation<Op>) {
          return operation.Perform(environment);
        } else {
          EVSIM_ASSERT_MSG(false, "client operations apply to an adapter");
          return "";
        }
      },
      action.operation);
}

std::vector<Action> Simpler(const Action& action) {
  return std::visit(
      [&](const auto& operation) {
        std::vector<Action> simpler;
        if constexpr (HasSimplerForms<std::decay_t<decltype(operation)>>) {
          // Only the operation changes: the step keeps its disk choices and its instant.
          for (auto& form : operation.Simpler()) {
            Action changed = action;
            changed.operation = std::move(form);
            simpler.push_back(std::move(changed));
          }
        }
        return simpler;
      },
      action.operation);
}

}  // namespace evsim::sim

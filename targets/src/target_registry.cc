#include "evsim/targets/target_registry.h"

#include "exec_target.h"
#include "in_process_targets.h"
#include "sqlite_target.h"

namespace evsim::targets {

std::vector<std::string> MutantNames() {
  std::vector<std::string> names;
  for (const MutationInfo& info : Mutations()) names.emplace_back(info.name);
  return names;
}

Result<sim::TargetFactory> MakeTargetFactory(const std::string& spec,
                                             const ExecOptions& exec_options) {
  if (spec == "store") return StoreTargetFactory(spec, Mutation::kNone);
  if (spec == "model") return ModelTargetFactory();
  if (spec == "sqlite" || spec.starts_with("sqlite:")) return SqliteTargetFactory(spec);
  if (spec.starts_with("mutant:")) {
    const std::string name = spec.substr(7);
    if (const std::optional<Mutation> mutation = MutationFromName(name)) {
      return StoreTargetFactory(spec, *mutation);
    }
    std::string known;
    for (const std::string& mutant : MutantNames()) known += (known.empty() ? "" : ", ") + mutant;
    return Status::InvalidArgument("--adapter '" + spec + "': no mutant named '" + name +
                                   "' (known: " + known + ")");
  }
  if (spec.starts_with("exec:")) return ExecTargetFactory(spec.substr(5), exec_options);
  return Status::InvalidArgument("--adapter '" + spec +
                                 "': expected store, model, sqlite, sqlite:JOURNAL-SYNC, mutant:NAME or "
                                 "exec:COMMAND");
}

}  // namespace evsim::targets

#include "evsim/targets/target_registry.h"

#include "exec_target.h"
#include "in_process_targets.h"

namespace evsim::targets {

std::vector<std::string> MutantNames() { return {"index-skip"}; }

Result<sim::TargetFactory> MakeTargetFactory(const std::string& spec,
                                             const ExecOptions& exec_options) {
  if (spec == "store") return StoreTargetFactory(spec, StoreBugs{});
  if (spec == "model") return ModelTargetFactory();
  if (spec.starts_with("mutant:")) {
    const std::string name = spec.substr(7);
    if (name == "index-skip") return StoreTargetFactory(spec, StoreBugs{.index_skips_entry = true});
    std::string known;
    for (const std::string& mutant : MutantNames()) known += (known.empty() ? "" : ", ") + mutant;
    return Status::InvalidArgument("--adapter '" + spec + "': no mutant named '" + name +
                                   "' (known: " + known + ")");
  }
  if (spec.starts_with("exec:")) return ExecTargetFactory(spec.substr(5), exec_options);
  return Status::InvalidArgument("--adapter '" + spec +
                                 "': expected store, model, mutant:NAME or exec:COMMAND");
}

}  // namespace evsim::targets

#include "evsim/records/scavenge.h"

namespace evsim {

Status ValidateScavengeOptions(const ScavengeOptions& options) {
  if (options.before_version.has_value() == options.before_epoch_us.has_value()) {
    return Status::InvalidArgument(
        "scavenge needs exactly one of before_version and before_epoch_us");
  }
  if (options.before_version && *options.before_version < 0) {
    return Status::InvalidArgument("scavenge before_version must be >= 0");
  }
  if (options.keep_versions < 0) {
    return Status::InvalidArgument("scavenge keep_versions must be >= 0");
  }
  return Status::Ok();
}

std::string ScavengeReport::ToString() const {
  return "removed [" + std::to_string(from_version) + "," + std::to_string(to_version) +
         "] count " + std::to_string(count) + (dry_run ? " (dry run)" : "");
}

}  // namespace evsim

#pragma once
// AdapterHarness: how the SPEC tests get a fresh adapter of each kind, so that every SPEC test
// is written once and runs against the reference model and the real store alike.

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/clock.h"

namespace evsim::testing {

class AdapterHarness {
 public:
  virtual ~AdapterHarness() = default;
  virtual EventStoreAdapter& adapter() = 0;
  ManualClock& clock() { return clock_; }
  // Runs the adapter's pending background work (delivery, compaction) until it is idle.
  virtual void Settle() {}
  // A clean process restart with the given (possibly rotated) configuration.
  virtual Status Restart(const StoreConfig& config) { return adapter().Reopen(config); }

 protected:
  ManualClock clock_;
};

struct AdapterKind {
  std::string name;
  std::function<std::unique_ptr<AdapterHarness>(const StoreConfig&)> make;
};

inline void PrintTo(const AdapterKind& kind, std::ostream* out) { *out << kind.name; }

// Every adapter kind the SPEC tests run against; defined in spec/adapter_kinds.cc.
std::vector<AdapterKind> AllAdapterKinds();

}  // namespace evsim::testing

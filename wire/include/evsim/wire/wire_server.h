#pragma once
// The adapter side of the wire protocol: reads requests on a descriptor, answers on another,
// and drives a ServedStore. `evsim serve store|model` is this over stdin and stdout.
//
// Bad input never ends the loop: a line that is not JSON, or a request with a missing or
// mistyped field, is answered with an `invalid_argument` error naming what was wrong. The loop
// ends at `close` (exit code 0) or at the end of its input (0 as well), or when its output is
// gone (2).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/wire/codec.h"

namespace evsim::wire {

// A store the server can open on a directory and whose lifecycle and background work it
// exposes.
class ServedStore {
 public:
  virtual ~ServedStore() = default;
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  virtual Capabilities capabilities() const = 0;
  virtual bool harness_background() const = 0;  // "harness" or "adapter" mode

  // The clock reading of the request being served; set before each request is dispatched.
  virtual void SetNow(std::int64_t now_us) = 0;
  // hello: open (creating when new) the store. `data_directory` may be empty when the request
  // named none; `options` are hello's tuning hints (may be null).
  virtual Status Open(const std::string& data_directory, const StoreConfig& config,
                      const Json& options) = 0;
  // REQUIRES: Open succeeded. One line on what opening found ("recovered 12 records ...").
  virtual std::string StartReport() const = 0;
  // REQUIRES: Open succeeded.
  virtual EventStoreAdapter& adapter() = 0;
  virtual Status Close() = 0;
  virtual std::vector<std::string> PendingWork() = 0;
  virtual std::optional<std::string> RunWork(std::uint64_t pick) = 0;
};

struct ServeLimits {
  std::uint64_t line_bytes_max = 64ull << 20;
};

// Serves until close or end of input. `log` receives one line per start and per error.
int Serve(ServedStore& store, int input, int output, std::ostream& log, ServeLimits limits = {});

}  // namespace evsim::wire

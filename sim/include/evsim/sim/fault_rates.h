#pragma once
// How often each fault strikes in a generated run.

#include <cstdint>

namespace evsim::sim {

struct FaultRates {  // parts per million, per step (crash, clock) or per IO operation (disk)
  std::uint32_t crash_ppm = 0;
  std::uint32_t restart_ppm = 0;
  std::uint32_t clock_jump_ppm = 0;
  std::uint32_t bit_flip_ppm = 0;
  std::uint32_t failed_sync_ppm = 0;
  std::uint32_t failed_write_ppm = 0;
  std::uint32_t power_loss_ppm = 0;  // per mutating IO call: a crash inside an operation
  // At a crash (the simulated disk's model, sim/include/evsim/sim/simulated_disk.h):
  std::uint32_t lost_unsynced_ppm = 500'000;  // per unsynced sector and size change
  std::uint32_t torn_write_ppm = 500'000;     // per surviving unsynced sector
  std::uint32_t lost_directory_entry_ppm = 500'000;
  friend bool operator==(const FaultRates&, const FaultRates&) = default;
};

}  // namespace evsim::sim

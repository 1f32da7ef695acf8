#pragma once
// The clock, injected. Nothing in a store or model reads time any other way.

#include <cstdint>

namespace evsim {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch. May stand still or move backwards (SPEC 2.3 copes).
  virtual std::int64_t NowMicros() = 0;
};

// A clock that moves only when told: the tests' and the simulator's.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t now_us = 1'700'000'000'000'000) : now_us_(now_us) {}
  std::int64_t NowMicros() override { return now_us_; }
  void Set(std::int64_t now_us) { now_us_ = now_us; }
  void Advance(std::int64_t delta_us) { now_us_ += delta_us; }

 private:
  std::int64_t now_us_;
};

}  // namespace evsim

// Shrinking shows where it stands (issue 13: "bounded in time with progress shown"): the
// printer the CLI and the gate hand to the shrinker writes a line at most every interval.
#include <gtest/gtest.h>

#include <sstream>

#include "evsim/gate/regression.h"

namespace evsim::gate {
namespace {

sim::ShrinkProgress At(int seconds, std::size_t operations, int runs) {
  sim::ShrinkProgress progress;
  progress.history = 1100;
  progress.operations = operations;
  progress.runs = runs;
  progress.elapsed = std::chrono::seconds(seconds);
  progress.time_max = std::chrono::seconds(60);
  return progress;
}

TEST(ShrinkProgressLines, ALineAtMostEveryIntervalSayingWhereShrinkingStands) {
  std::ostringstream out;
  const sim::ShrinkObserver observer = ShrinkProgressLines(out, std::chrono::seconds(2));
  observer(At(0, 1100, 1));  // too soon: a shrinking that ends within the interval prints nothing
  observer(At(1, 600, 2));
  EXPECT_EQ(out.str(), "");
  observer(At(2, 300, 3));
  EXPECT_EQ(out.str(), "  shrinking: 1100 -> 300 operations, 3 runs, 2 s of at most 60 s\n");
  observer(At(3, 200, 4));  // within 2 s of the last line
  const sim::ShrinkObserver copy = observer;  // std::function copies share when the last line was
  copy(At(4, 100, 5));
  EXPECT_EQ(out.str(),
            "  shrinking: 1100 -> 300 operations, 3 runs, 2 s of at most 60 s\n"
            "  shrinking: 1100 -> 100 operations, 5 runs, 4 s of at most 60 s\n");
}

}  // namespace
}  // namespace evsim::gate

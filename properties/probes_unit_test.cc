// The code probe counters (probes/probe.h): where hits land, and the table that shows them.
#include <gtest/gtest.h>

#include "evsim/probes/probe.h"
#include "evsim/probes/probe_table.h"

namespace evsim {
namespace {

TEST(Probes, HitsCountIntoTheInnermostScopeOnly) {
  ProbeCounts outer, inner;
  {
    const ProbeScope outer_scope(outer);
    EVSIM_PROBE(kTornTailTruncated);
    {
      const ProbeScope inner_scope(inner);
      EVSIM_PROBE(kTornTailTruncated);
      EVSIM_PROBE(kSegmentRolled);
    }
    EVSIM_PROBE(kTornTailTruncated);  // the outer scope is current again
  }
  EXPECT_EQ(outer.Of(Probe::kTornTailTruncated), 2u);
  EXPECT_EQ(outer.Of(Probe::kSegmentRolled), 0u);
  EXPECT_EQ(inner.Of(Probe::kTornTailTruncated), 1u);
  EXPECT_EQ(inner.Of(Probe::kSegmentRolled), 1u);
}

TEST(Probes, AHitWithNoScopeCountsNowhere) {
  ProbeCounts counts;
  { const ProbeScope scope(counts); }
  EVSIM_PROBE(kCompacted);  // no scope: the store outside a simulated run
  EXPECT_EQ(counts, ProbeCounts{});
}

TEST(Probes, CountsAdd) {
  ProbeCounts total, one;
  one.hits[static_cast<std::size_t>(Probe::kCompacted)] = 3;
  total += one;
  total += one;
  EXPECT_EQ(total.Of(Probe::kCompacted), 6u);
}

TEST(Probes, NamesRoundTrip) {
  for (const ProbeInfo& info : kProbeCatalog) {
    EXPECT_EQ(ProbeFromName(info.name), info.probe) << info.name;
    EXPECT_EQ(&InfoOf(info.probe), &info);
    EXPECT_FALSE(info.meaning.empty()) << info.name;
    EXPECT_FALSE(info.file.empty()) << info.name;
  }
  EXPECT_EQ(ProbeFromName("no_such_probe"), std::nullopt);
}

TEST(Probes, TheTableListsEveryProbeZerosIncluded) {
  ProbeCounts counts;
  for (std::size_t index = 1; index < kProbeCount; ++index) counts.hits[index] = index;
  const std::string table = FormatProbeTable(counts);
  for (const ProbeInfo& info : kProbeCatalog) {
    EXPECT_NE(table.find(std::string(info.name) + " "), std::string::npos) << info.name;
  }
  const std::string first(kProbeCatalog[0].name);
  EXPECT_NE(table.find("never hit: 1 (" + first + ")"), std::string::npos) << table;
  EXPECT_NE(table.find("probes: " + std::to_string(kProbeCount) + ", hit: " +
                       std::to_string(kProbeCount - 1)),
            std::string::npos)
      << table;
}

}  // namespace
}  // namespace evsim

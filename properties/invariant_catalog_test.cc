// The invariant catalogue (sim/invariant_catalog.h) and docs/invariants.md say the same thing.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "evsim/sim/invariant_catalog.h"

namespace evsim::sim {
namespace {

std::string ReadDocument() {
  std::ifstream file(EVSIM_INVARIANTS_DOC);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(InvariantCatalog, EveryCellIsDocumented) {
  const std::string document = ReadDocument();
  ASSERT_FALSE(document.empty()) << EVSIM_INVARIANTS_DOC;
  int cells = 0;
  for (int index = 0; index < kInvariantCount; ++index) {
    const auto invariant = static_cast<Invariant>(index);
    EXPECT_NE(document.find("### " + std::string(InvariantName(invariant))), std::string::npos)
        << InvariantName(invariant) << " has no section";
    for (Capability capability : kAllCapabilities) {
      if (!Applies(capability, invariant)) continue;
      ++cells;
      const std::string cell = "`" + Violation{capability, invariant}.ToString() + "`";
      EXPECT_NE(document.find(cell), std::string::npos) << cell << " is not in docs/invariants.md";
    }
  }
  EXPECT_GE(cells, 18);
}

TEST(InvariantCatalog, NamesRoundTripAndEveryOperationHasACapability) {
  for (int index = 0; index < kInvariantCount; ++index) {
    const auto invariant = static_cast<Invariant>(index);
    EXPECT_EQ(InvariantFromName(InvariantName(invariant)), invariant);
  }
  EXPECT_FALSE(InvariantFromName("agrees").has_value());
  for (Capability capability : kAllCapabilities) {
    EXPECT_EQ(CapabilityFromName(CapabilityName(capability)), capability);
  }
  EXPECT_EQ(CapabilityOf(kKindOf<LookupMeta>), Capability::kIndex);
  EXPECT_EQ(CapabilityOf(kKindOf<Take>), Capability::kSubscriptions);
  EXPECT_EQ(CapabilityOf(kKindOf<Verify>), Capability::kIntegrity);
  EXPECT_EQ(CapabilityOf(kKindOf<Append>), Capability::kCore);
}

}  // namespace
}  // namespace evsim::sim

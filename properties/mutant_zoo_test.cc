// The mutant zoo's own rules (docs/mutants.md): at least 25 public mutants, each named once,
// each description naming the SPEC section it breaks, each documented. Whether the default
// suite kills them is `evsim gate --self-test` (gate_self_test_kills_every_mutant).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "evsim/store/mutation.h"

namespace evsim {
namespace {

TEST(MutantZoo, HoldsAtLeast25PublicMutantsEachNamedOnce) {
  std::set<std::string_view> names;
  int realistic = 0;
  for (const MutationInfo& info : Mutations()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name << " is named twice";
    EXPECT_EQ(MutationFromName(info.name), info.mutation) << info.name;
    if (!info.needs_isolation) ++realistic;
  }
  EXPECT_GE(realistic, 25);
  EXPECT_EQ(MutationFromName("no-such-mutant"), std::nullopt);
}

TEST(MutantZoo, EveryPublicMutantNamesItsSpecSection) {
  for (const MutationInfo& info : Mutations()) {
    if (info.needs_isolation) continue;
    EXPECT_NE(info.description.find("(SPEC "), std::string_view::npos)
        << info.name << ": '" << info.description << "' names no SPEC section";
  }
}

TEST(MutantZoo, EveryMutantIsDocumented) {
  std::ifstream file(EVSIM_MUTANTS_DOC);
  std::stringstream text;
  text << file.rdbuf();
  const std::string document = text.str();
  ASSERT_FALSE(document.empty()) << EVSIM_MUTANTS_DOC;
  for (const MutationInfo& info : Mutations()) {
    EXPECT_NE(document.find("`" + std::string(info.name) + "`"), std::string::npos)
        << info.name << " is not in " << EVSIM_MUTANTS_DOC;
  }
}

}  // namespace
}  // namespace evsim

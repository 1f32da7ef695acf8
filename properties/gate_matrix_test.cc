// The conformance matrix's text form: one column per invariant, each header a distinct short
// name, and the legend under it pairing each short name with the invariant of its column. (A
// table one name short once shifted every header after delivery-bounded by a column, so that
// "crash" stood over delivery-bounded and survives-crash had no name at all.)
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "evsim/gate/reports.h"

namespace evsim::gate {
namespace {

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

TEST(GateMatrix, EveryInvariantHasItsOwnNamedColumn) {
  GateReport report;
  report.target.name = "test-store";
  const std::string matrix = RenderMatrix(report);
  std::istringstream lines(matrix);
  std::string line;
  std::vector<std::string> header;
  std::string legend;
  while (std::getline(lines, line)) {
    if (line.starts_with("conformance matrix:")) {
      ASSERT_TRUE(std::getline(lines, line));
      header = Words(line);
    }
    if (line.starts_with("columns: ")) legend = line.substr(9);
  }
  ASSERT_EQ(header.size(), static_cast<std::size_t>(sim::kInvariantCount)) << matrix;
  EXPECT_EQ(std::set<std::string>(header.begin(), header.end()).size(), header.size()) << matrix;
  // The legend, in column order: "agrees=agrees-with-model, order=global-order, ..."
  std::string expected;
  for (int index = 0; index < sim::kInvariantCount; ++index) {
    expected += (index ? ", " : "") + header[static_cast<std::size_t>(index)] + "=" +
                std::string(sim::InvariantName(static_cast<sim::Invariant>(index)));
  }
  EXPECT_EQ(legend, expected);
}

}  // namespace
}  // namespace evsim::gate

#pragma once
// The report files `evsim gate` and `evsim merge-reports` write: JUnit XML, Markdown and the
// JSON a merge reads. Opened before any work, so that a bad path costs nothing but the message;
// written from one report at the end.

#include <fstream>
#include <string>

#include "evsim/gate/conformance.h"
#include "evsim/records/status.h"

namespace evsim::cli {

class ReportFiles {
 public:
  // "" for a file not wanted. invalid_argument naming the option and the path it cannot write.
  Status Open(const std::string& junit_path, const std::string& markdown_path,
              const std::string& json_path);
  // Writes each opened file and says where on `out`; io_error naming the file that failed.
  // `shard` ("2/4", or "") is recorded in the JSON.
  Status Write(const gate::GateReport& report, const std::string& shard, std::ostream& out);

 private:
  struct File {
    const char* option;
    std::string path;
    std::ofstream stream;
  };
  File junit_{"--junit", "", {}};
  File markdown_{"--markdown", "", {}};
  File json_{"--json", "", {}};
};

}  // namespace evsim::cli

#include "report_files.h"

#include "evsim/gate/report_json.h"
#include "evsim/gate/reports.h"

namespace evsim::cli {
namespace {

Status OpenOne(const std::string& path, std::string& kept, std::ofstream& stream,
               const char* option) {
  if (path.empty()) return Status::Ok();
  stream.open(path);
  if (!stream) return Status::InvalidArgument(std::string(option) + ": cannot write '" + path + "'");
  kept = path;
  return Status::Ok();
}

}  // namespace

Status ReportFiles::Open(const std::string& junit_path, const std::string& markdown_path,
                         const std::string& json_path) {
  EVSIM_RETURN_IF_ERROR(OpenOne(junit_path, junit_.path, junit_.stream, junit_.option));
  EVSIM_RETURN_IF_ERROR(OpenOne(markdown_path, markdown_.path, markdown_.stream, markdown_.option));
  return OpenOne(json_path, json_.path, json_.stream, json_.option);
}

Status ReportFiles::Write(const gate::GateReport& report, const std::string& shard,
                          std::ostream& out) {
  const std::pair<File*, const char*> files[] = {
      {&junit_, "JUnit XML"}, {&markdown_, "Markdown"}, {&json_, "JSON report"}};
  for (const auto& [file, what] : files) {
    if (!file->stream.is_open()) continue;
    if (file == &junit_) file->stream << gate::RenderJUnit(report);
    if (file == &markdown_) file->stream << gate::RenderMarkdown(report);
    if (file == &json_) file->stream << gate::ReportToJson(report, shard);
    file->stream.close();
    if (!file->stream) {
      return Status::IoError(std::string(file->option) + ": writing '" + file->path + "' failed");
    }
    out << what << ": " << file->path << "\n";
  }
  return Status::Ok();
}

}  // namespace evsim::cli

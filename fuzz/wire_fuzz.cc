// libFuzzer target: both ends of the wire protocol's decoding.
//   - The adapter side: `evsim serve model` reads the input as request lines (the first line
//     is prefixed with a valid hello half the time, so that requests get past the handshake)
//     and must answer every one, errors included, and end cleanly.
//   - The harness side: the input as one response line goes through ParseLine and every
//     decoder the client uses on a result; each returns a status, never crashes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "evsim/records/assert.h"
#include "evsim/targets/served_store.h"
#include "evsim/wire/codec.h"
#include "evsim/wire/wire_server.h"

namespace evsim::wire {
namespace {

constexpr const char* kHello =
    R"({"id":1,"op":"hello","now_us":1700000000000000,"protocol":1,)"
    R"("config":{"indexes":["tags"],"integrity":{"enabled":false}}})"
    "\n";

// An in-memory file holding `bytes`, positioned at its start.
int MemoryFile(const std::string& bytes) {
  const int fd = ::memfd_create("evsim-wire-fuzz", 0);
  EVSIM_ASSERT(fd >= 0);
  std::string_view left = bytes;
  while (!left.empty()) {
    const ssize_t written = ::write(fd, left.data(), left.size());
    EVSIM_ASSERT(written > 0);
    left.remove_prefix(static_cast<std::size_t>(written));
  }
  EVSIM_ASSERT(::lseek(fd, 0, SEEK_SET) == 0);
  return fd;
}

void ServeRequests(const std::string& requests) {
  auto store = targets::MakeServedStore("model", "").value();
  const int input = MemoryFile(requests);
  const int output = MemoryFile("");
  std::ostringstream log;
  ServeLimits limits;
  limits.line_bytes_max = 1 << 16;
  const int code = Serve(*store, input, output, log, limits);
  EVSIM_ASSERT_MSG(code == 0, ("serve ended with " + std::to_string(code) + ": " + log.str()).c_str());
  ::close(input);
  ::close(output);
}

void DecodeResponse(const std::string& line) {
  Result<Json> parsed = ParseLine(line);
  if (!parsed.ok()) return;
  const Json& value = parsed.value();
  const Json& result = value.contains("result") ? value["result"] : value;
  Event event;
  std::vector<Event> events;
  EventInput input;
  Snapshot snapshot;
  Cursor cursor;
  Selector selector;
  SubscriptionStart start;
  SubscriptionInfo info;
  ScavengeReport report;
  StoreConfig config;
  Status error;
  (void)DecodeEvent(result, "result", event);
  (void)DecodeEvents(result, "result", events);
  (void)DecodeEventInput(result, "result", input);
  (void)DecodeSnapshot(result, "result", snapshot);
  (void)DecodeCursor(result, "result", cursor);
  (void)DecodeSelector(result, "result", selector);
  (void)DecodeStart(result, "result", start);
  (void)DecodeSubscriptionInfo(result, "result", info);
  (void)DecodeScavengeReport(result, "result", report);
  (void)DecodeStoreConfig(result, "result", config);
  if (value.contains("error")) (void)DecodeError(value["error"], "error", error);
}

}  // namespace
}  // namespace evsim::wire

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > (1u << 16)) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  evsim::wire::DecodeResponse(text);
  evsim::wire::ServeRequests(data[0] & 1 ? evsim::wire::kHello + text : text);
  return 0;
}

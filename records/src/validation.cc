#include "evsim/records/validation.h"

#include <set>

#include "evsim/records/limits.h"

namespace evsim {
namespace {

bool IsPrintableIdentifier(std::string_view text, std::size_t bytes_max) {
  if (text.empty() || text.size() > bytes_max) return false;
  for (unsigned char byte : text) {
    if (byte < 0x21 || byte > 0x7E) return false;
  }
  return true;
}

}  // namespace

Status ValidateStreamId(std::string_view stream_id) {
  if (IsPrintableIdentifier(stream_id, limits::kStreamIdBytesMax)) return Status::Ok();
  return Status::Error(ErrorCode::kInvalidStreamId,
                       "stream id must be 1..255 bytes in 0x21..0x7E (got " +
                           std::to_string(stream_id.size()) + " bytes)");
}

Status ValidateSubscriptionName(std::string_view name) {
  if (IsPrintableIdentifier(name, limits::kSubscriptionNameBytesMax)) return Status::Ok();
  return Status::InvalidArgument("subscription name must be 1..255 bytes in 0x21..0x7E");
}

Status ValidateExpectedVersion(std::int64_t expected_version) {
  if (expected_version >= 0 || expected_version == kExpectAny ||
      expected_version == kExpectNoStream || expected_version == kExpectStreamExists) {
    return Status::Ok();
  }
  return Status::InvalidArgument("expected version " + std::to_string(expected_version) +
                                 " is none of -2 (any), -1 (no stream), -4 (stream exists), N>=0");
}

Status ValidateEventInput(const EventInput& event) {
  if (event.event_id.empty() || event.event_id.size() > limits::kEventIdBytesMax) {
    return Status::InvalidEvent("event_id must be 1..128 bytes");
  }
  if (event.event_type.empty() || event.event_type.size() > limits::kEventTypeBytesMax) {
    return Status::InvalidEvent("event_type must be 1..256 bytes");
  }
  if (event.data.size() > limits::kEventDataBytesMax) {
    return Status::InvalidEvent("data exceeds 1 MiB");
  }
  std::set<std::string_view> seen;
  for (const std::string& tag : event.tags) {
    if (tag.empty()) return Status::InvalidEvent("tags must be non-empty strings");
    if (!seen.insert(tag).second) return Status::InvalidEvent("duplicate tag '" + tag + "'");
  }
  return Status::Ok();
}

std::size_t BatchBytes(const std::vector<EventInput>& events) {
  std::size_t bytes = 0;
  for (const EventInput& event : events) {
    bytes += event.event_id.size() + event.event_type.size() + event.data.size() +
             event.data_content_type.size() + event.metadata_content_type.size();
    for (const auto& [key, value] : event.metadata) bytes += key.size() + value.size();
    for (const std::string& tag : event.tags) bytes += tag.size();
  }
  return bytes;
}

Status ValidateAppend(std::string_view stream_id, std::int64_t expected_version,
                      const std::vector<EventInput>& events) {
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  EVSIM_RETURN_IF_ERROR(ValidateExpectedVersion(expected_version));
  if (events.size() > limits::kBatchEventsMax) {
    return Status::InvalidArgument("batch holds " + std::to_string(events.size()) +
                                   " events; the bound is 10000");
  }
  if (BatchBytes(events) > limits::kBatchBytesMax) {
    return Status::InvalidArgument("batch exceeds 16 MiB");
  }
  for (std::size_t index = 0; index < events.size(); ++index) {
    Status status = ValidateEventInput(events[index]);
    if (!status.ok()) {
      return Status::InvalidEvent("event " + std::to_string(index) + ": " + status.message());
    }
  }
  return Status::Ok();
}

bool ExpectedVersionMatches(std::int64_t expected_version, std::int64_t high_water) {
  switch (expected_version) {
    case kExpectAny:
      return true;
    case kExpectNoStream:
      return high_water == kNoVersion;
    case kExpectStreamExists:
      return high_water >= 0;
    default:
      return high_water == expected_version;
  }
}

}  // namespace evsim

#include "evsim/records/event.h"

#include "evsim/records/assert.h"

namespace evsim {

Event MakeEvent(const EventInput& input, const std::string& stream_id, std::int64_t version,
                std::int64_t epoch_us) {
  EVSIM_ASSERT(version >= 0);
  Event event;
  event.event_id = input.event_id;
  event.event_type = input.event_type;
  event.stream_id = stream_id;
  event.version = version;
  event.data = input.data;
  event.metadata = input.metadata;
  event.tags = input.tags;
  event.epoch_us = epoch_us;
  event.timestamp = epoch_us / 1000;  // SPEC 1: integer division
  event.data_content_type = input.data_content_type;
  event.metadata_content_type = input.metadata_content_type;
  return event;
}

}  // namespace evsim

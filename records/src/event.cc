#include "evsim/records/event.h"

#include "evsim/records/assert.h"

namespace evsim {

EventView EventView::Of(const Event& event) {
  return EventView{event.event_id,
                   event.event_type,
                   event.stream_id,
                   event.version,
                   event.data,
                   &event.metadata,
                   &event.tags,
                   event.timestamp,
                   event.epoch_us,
                   event.data_content_type,
                   event.metadata_content_type};
}

EventView EventView::Of(const EventInput& input, std::string_view stream_id, std::int64_t version,
                        std::int64_t epoch_us) {
  EVSIM_ASSERT(version >= 0);
  return EventView{input.event_id,
                   input.event_type,
                   stream_id,
                   version,
                   input.data,
                   &input.metadata,
                   &input.tags,
                   TimestampOf(epoch_us),
                   epoch_us,
                   input.data_content_type,
                   input.metadata_content_type};
}

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
  event.timestamp = TimestampOf(epoch_us);
  event.data_content_type = input.data_content_type;
  event.metadata_content_type = input.metadata_content_type;
  return event;
}

}  // namespace evsim

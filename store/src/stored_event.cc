#include "stored_event.h"

#include "codec.h"
#include "evsim/records/assert.h"

namespace evsim::store {

StoredEvent::StoredEvent(std::shared_ptr<const std::string> batch, EventSpan span,
                         const EventView& event, const std::string* stream_id)
    : batch_(std::move(batch)), position_{event.epoch_us, stream_id, event.version} {
  EVSIM_ASSERT(batch_ != nullptr && span.offset <= batch_->size() &&
               span.size <= batch_->size() - span.offset);
  encoded_ = std::string_view(*batch_).substr(span.offset, span.size);
  EVSIM_ASSERT(stream_id != nullptr && *stream_id == event.stream_id);
}

void DecodeStoredBytes(std::string_view encoded, Event& event) {
  ByteReader reader(encoded);
  // The bytes were encoded by this process or decoded once already at recovery.
  const bool decoded = reader.DecodeEvent(event) && reader.AtEnd();
  EVSIM_ASSERT_MSG(decoded, "a stored event always decodes");
}

Event StoredEvent::Decode() const {
  Event event;
  DecodeStoredBytes(encoded_, event);
  EVSIM_ASSERT(event.version == position_.version && event.epoch_us == position_.epoch_us);
  return event;
}

}  // namespace evsim::store

// The store's record codec and framing: round trips, and garbage never crashes the decoders.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec.h"
#include "log_format.h"

namespace evsim::store {
namespace {

rc::Gen<std::string> Bytes() { return rc::gen::container<std::string>(rc::gen::arbitrary<char>()); }

rc::Gen<Event> EventGen() {
  return rc::gen::apply(
      [](std::string id, std::string type, std::string data, std::vector<std::string> tags,
         std::map<std::string, std::string> metadata, std::int64_t version, std::int64_t epoch,
         bool sealed) {
        Event event;
        event.event_id = std::move(id);
        event.event_type = std::move(type);
        event.stream_id = "s";
        event.data = std::move(data);
        event.tags = std::move(tags);
        event.metadata = std::move(metadata);
        event.version = version;
        event.epoch_us = epoch;
        event.timestamp = epoch / 1000;
        if (sealed) {
          event.prev_event_hash = Hash32{1, 2, 3};
          event.mac = Mac{7, Hash32{9}};
          event.signature = std::string(64, 's');
        }
        return event;
      },
      Bytes(), Bytes(), Bytes(), rc::gen::container<std::vector<std::string>>(Bytes()),
      rc::gen::container<std::map<std::string, std::string>>(Bytes(), Bytes()),
      rc::gen::inRange<std::int64_t>(0, INT64_MAX), rc::gen::arbitrary<std::int64_t>(),
      rc::gen::arbitrary<bool>());
}

RC_GTEST_PROP(StoreCodec, EventsRoundTrip, ()) {
  const Event event = *EventGen();
  ByteWriter writer;
  writer.EncodeEvent(event);
  ByteReader reader(writer.bytes());
  Event decoded;
  RC_ASSERT(reader.DecodeEvent(decoded));
  RC_ASSERT(reader.AtEnd());
  RC_ASSERT(decoded == event);
}

// The log holds canon(e)'s fields as they are, which lets the store seal and verify the bytes it
// logs: the encoding must begin with exactly canon(e) minus its constant prefix, and decoding the
// fields half must stop where they end.
RC_GTEST_PROP(StoreCodec, EncodingBeginsWithTheCanonicalFields, ()) {
  const Event event = *EventGen();
  ByteWriter writer;
  writer.EncodeEvent(event);
  const std::string canonical = CanonicalEvent(event);
  RC_ASSERT(canonical.starts_with(CanonicalEventPrefix()));
  const std::string_view fields = std::string_view(canonical).substr(CanonicalEventPrefix().size());
  RC_ASSERT(std::string_view(writer.bytes()).starts_with(fields));
  ByteReader reader(writer.bytes());
  Event decoded;
  RC_ASSERT(reader.DecodeEventFields(decoded));
  RC_ASSERT(reader.BytesSince(0) == fields);
}

RC_GTEST_PROP(StoreCodec, TruncatedOrGarbageInputIsRejectedNotCrashed, ()) {
  const Event event = *EventGen();
  ByteWriter writer;
  writer.EncodeEvent(event);
  const std::string& bytes = writer.bytes();
  const std::size_t cut = *rc::gen::inRange<std::size_t>(0, bytes.size());
  Event decoded;
  ByteReader truncated(std::string_view(bytes).substr(0, cut));
  RC_ASSERT(!truncated.DecodeEvent(decoded));  // every prefix is incomplete
  const std::string garbage = *Bytes();
  ByteReader random(garbage);
  (void)random.DecodeEvent(decoded);  // any answer is fine; no crash, no overread (ASan)
  Selector selector;
  ByteReader random_selector(garbage);
  (void)random_selector.DecodeSelector(selector);
}

RC_GTEST_PROP(LogFormat, FramedRecordsScanBackWhole, ()) {
  const auto payloads = *rc::gen::container<std::vector<std::string>>(Bytes());
  std::string segment = log_format::EncodeSegmentHeader({1, true});
  for (const std::string& payload : payloads) {
    segment += log_format::FrameRecord(log_format::RecordType::kBatch, payload);
  }
  Result<log_format::SegmentScan> scan = log_format::ScanSegment(segment, "seg", true);
  RC_ASSERT(scan.ok());
  RC_ASSERT(!scan.value().torn_tail);
  RC_ASSERT(scan.value().records.size() == payloads.size());
  for (std::size_t index = 0; index < payloads.size(); ++index) {
    RC_ASSERT(scan.value().records[index].payload == payloads[index]);
  }
}

RC_GTEST_PROP(LogFormat, AnyPrefixOfTheLastSegmentScansAsTornOrWhole, ()) {
  const auto payloads = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(Bytes()));
  std::string segment = log_format::EncodeSegmentHeader({1, true});
  std::vector<std::size_t> ends;
  for (const std::string& payload : payloads) {
    segment += log_format::FrameRecord(log_format::RecordType::kAck, payload);
    ends.push_back(segment.size());
  }
  const std::size_t cut =
      *rc::gen::inRange<std::size_t>(log_format::kSegmentHeaderBytes, segment.size());
  Result<log_format::SegmentScan> scan =
      log_format::ScanSegment(segment.substr(0, cut), "seg", true);
  RC_ASSERT(scan.ok());  // a crash can cut anywhere: never corruption
  std::size_t whole = 0;
  while (whole < ends.size() && ends[whole] <= cut) ++whole;
  RC_ASSERT(scan.value().records.size() == whole);
  RC_ASSERT(scan.value().torn_tail ==
            (cut != (whole ? ends[whole - 1] : log_format::kSegmentHeaderBytes)));
}

}  // namespace
}  // namespace evsim::store

// The wire protocol's codec (wire/): every record round-trips through its JSON line, and what
// does not decode is an error naming the field by its path, never a crash or a silent default.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "evsim/wire/codec.h"

namespace evsim::wire {
namespace {

// Text fields are UTF-8 on the wire: strings of ASCII (quotes, backslashes and control
// characters included, which JSON must escape) and multi-byte characters.
rc::Gen<std::string> Text() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::string>>(
          rc::gen::element<std::string>("a", "Z", "0", "-", "\"", "\\", "\n", "\x01", "\x7f",
                                        "\xc3\xa9", "\xe6\xbc\xa2", "\xf0\x9f\x98\x80", " ")),
      [](const std::vector<std::string>& parts) {
        std::string text;
        for (const std::string& part : parts) text += part;
        return text;
      });
}

rc::Gen<std::string> Bytes() { return rc::gen::container<std::string>(rc::gen::arbitrary<char>()); }

rc::Gen<Hash32> Hash() { return rc::gen::arbitrary<Hash32>(); }

rc::Gen<Event> EventGen() {
  return rc::gen::apply(
      [](std::string id, std::string type, std::string stream, std::string data,
         std::vector<std::string> tags, std::map<std::string, std::string> metadata,
         std::int64_t version, std::int64_t epoch, std::string content_type, bool sealed,
         Hash32 prev, Hash32 mac, std::uint32_t key_id, std::string signature) {
        Event event;
        event.event_id = std::move(id);
        event.event_type = std::move(type);
        event.stream_id = std::move(stream);
        event.data = std::move(data);
        event.tags = std::move(tags);
        event.metadata = std::move(metadata);
        event.version = version;
        event.epoch_us = epoch;
        event.timestamp = epoch / 1000;
        event.data_content_type = std::move(content_type);
        if (sealed) {
          event.prev_event_hash = prev;
          event.mac = Mac{key_id, mac};
          event.signature = std::move(signature);
        }
        return event;
      },
      Text(), Text(), Text(), Bytes(), rc::gen::container<std::vector<std::string>>(Text()),
      rc::gen::container<std::map<std::string, std::string>>(Text(), Text()),
      rc::gen::arbitrary<std::int64_t>(), rc::gen::arbitrary<std::int64_t>(), Text(),
      rc::gen::arbitrary<bool>(), Hash(), Hash(), rc::gen::arbitrary<std::uint32_t>(), Bytes());
}

rc::Gen<Cursor> CursorGen() {
  return rc::gen::oneOf(rc::gen::just(Cursor::Beginning()),
                        rc::gen::apply([](std::int64_t epoch, std::string stream,
                                          std::int64_t version) {
                          return Cursor::At(epoch, std::move(stream), version);
                        },
                                       rc::gen::arbitrary<std::int64_t>(), Text(),
                                       rc::gen::arbitrary<std::int64_t>()));
}

rc::Gen<Selector> SelectorGen() {
  return rc::gen::oneOf(
      rc::gen::just(Selector::All()), rc::gen::map(Text(), &Selector::ByStream),
      rc::gen::map(Text(), &Selector::ByEventType),
      rc::gen::map(rc::gen::container<Metadata>(Text(), Text()), &Selector::ByEventPattern),
      rc::gen::apply([](std::vector<std::string> tags,
                        bool all) { return Selector::ByTags(std::move(tags), all ? TagMatch::kAll : TagMatch::kAny); },
                     rc::gen::container<std::vector<std::string>>(Text()),
                     rc::gen::arbitrary<bool>()));
}

// Through a whole line, as the other side sees it.
Json ThroughALine(const Json& value) {
  const Result<std::string> line = DumpLine(Json{{"value", value}});
  RC_ASSERT(line.ok());
  RC_ASSERT(line.value().find('\n') == std::string::npos);
  const Result<Json> parsed = ParseLine(line.value());
  RC_ASSERT(parsed.ok());
  return parsed.value()["value"];
}

RC_GTEST_PROP(WireCodec, EventsRoundTrip, ()) {
  const Event event = *EventGen();
  Event decoded;
  RC_ASSERT(DecodeEvent(ThroughALine(EncodeEvent(event)), "event", decoded).ok());
  RC_ASSERT(decoded == event);
}

RC_GTEST_PROP(WireCodec, EventInputsRoundTrip, ()) {
  const Event event = *EventGen();
  EventInput input{event.event_id, event.event_type, event.data, event.metadata, event.tags,
                   event.data_content_type, event.metadata_content_type};
  EventInput decoded;
  RC_ASSERT(DecodeEventInput(ThroughALine(EncodeEventInput(input)), "input", decoded).ok());
  RC_ASSERT(decoded == input);
}

RC_GTEST_PROP(WireCodec, SnapshotsRoundTrip, (std::int64_t version, std::int64_t timestamp,
                                              bool sealed)) {
  Snapshot snapshot{*Text(), version, *Bytes(), *rc::gen::container<Metadata>(Text(), Text()),
                    timestamp, std::nullopt, std::nullopt};
  if (sealed) {
    snapshot.anchor_hash = *Hash();
    snapshot.mac = Mac{*rc::gen::arbitrary<std::uint32_t>(), *Hash()};
  }
  Snapshot decoded;
  RC_ASSERT(DecodeSnapshot(ThroughALine(EncodeSnapshot(snapshot)), "snapshot", decoded).ok());
  RC_ASSERT(decoded == snapshot);
}

RC_GTEST_PROP(WireCodec, SubscriptionsSelectorsAndCursorsRoundTrip, ()) {
  const SubscriptionInfo info{*Text(), *SelectorGen(), *CursorGen()};
  SubscriptionInfo decoded;
  RC_ASSERT(DecodeSubscriptionInfo(ThroughALine(EncodeSubscriptionInfo(info)), "info", decoded).ok());
  RC_ASSERT(decoded == info);
  const SubscriptionStart start = *rc::gen::oneOf(
      rc::gen::just(SubscriptionStart::Beginning()), rc::gen::just(SubscriptionStart::End()),
      rc::gen::map(CursorGen(), &SubscriptionStart::After));
  SubscriptionStart decoded_start;
  RC_ASSERT(DecodeStart(ThroughALine(EncodeStart(start)), "start", decoded_start).ok());
  RC_ASSERT(decoded_start == start);
}

RC_GTEST_PROP(WireCodec, ScavengeOptionsAndReportsRoundTrip,
              (std::int64_t cutoff, bool by_version, std::int64_t keep, bool require, bool dry,
               std::int64_t from, std::int64_t to, std::int64_t count)) {
  ScavengeOptions options;
  (by_version ? options.before_version : options.before_epoch_us) = cutoff;
  options.keep_versions = keep;
  options.require_snapshot = require;
  options.dry_run = dry;
  Json request = Json::object();
  EncodeScavengeOptions(options, request);
  const Json line = ThroughALine(request);
  ScavengeOptions decoded;
  RC_ASSERT(DecodeScavengeOptions(Fields(line, "request"), decoded).ok());
  RC_ASSERT(decoded == options);
  const ScavengeReport report{from, to, count, dry};
  ScavengeReport decoded_report;
  RC_ASSERT(DecodeScavengeReport(ThroughALine(EncodeScavengeReport(report)), "report",
                                 decoded_report).ok());
  RC_ASSERT(decoded_report == report);
}

RC_GTEST_PROP(WireCodec, StoreConfigsRoundTrip, (bool integrity, bool signing)) {
  StoreConfig config;
  config.indexes = {IndexDeclaration::Tags(), IndexDeclaration::MetadataKey(*rc::gen::nonEmpty(Text()))};
  if (integrity) {
    config.integrity.enabled = true;
    config.integrity.keyring = *rc::gen::container<std::map<std::uint32_t, std::string>>(
        rc::gen::arbitrary<std::uint32_t>(), Bytes());
    config.integrity.active_key_id = *rc::gen::arbitrary<std::uint32_t>();
    if (signing) config.integrity.signing_seed = *Bytes();
    config.integrity.trusted_signing_public_keys = *rc::gen::container<std::vector<std::string>>(Bytes());
  }
  StoreConfig decoded;
  RC_ASSERT(DecodeStoreConfig(ThroughALine(EncodeStoreConfig(config)), "config", decoded).ok());
  RC_ASSERT(decoded == config);
}

RC_GTEST_PROP(WireCodec, BytesRoundTripAsCanonicalBase64, ()) {
  const std::string bytes = *Bytes();
  const Result<std::string> decoded = FromBase64(ToBase64(bytes));
  RC_ASSERT(decoded.ok());
  RC_ASSERT(decoded.value() == bytes);
}

TEST(WireCodec, ErrorsRoundTripWithTheirDetails) {
  for (const Status& status :
       {Status::WrongExpectedVersion(5, 3), Status::IntegrityViolation(ViolationKind::kMacMismatch, 4, "m"),
        Status::StreamNotFound("s"), Status::Unsupported("no"), Status::IoError("disk")}) {
    Status decoded;
    ASSERT_TRUE(DecodeError(EncodeError(status), "error", decoded).ok()) << status.ToString();
    EXPECT_TRUE(decoded.SameOutcome(status)) << status.ToString() << " vs " << decoded.ToString();
  }
}

void ExpectError(const Status& status, const std::string& fragment) {
  ASSERT_FALSE(status.ok()) << "accepted, but expected: " << fragment;
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find(fragment), std::string::npos) << status.message();
}

Json ValidEventJson() {
  Event event;
  event.event_id = "e1";
  event.event_type = "T";
  event.stream_id = "s";
  return EncodeEvent(event);
}

TEST(WireCodec, EveryBadFieldIsNamedByItsPath) {
  std::vector<Event> events;
  Json list = Json::array({ValidEventJson(), ValidEventJson()});
  list[1]["version"] = "3";
  ExpectError(DecodeEvents(list, "result.events", events),
              "field 'result.events[1].version': expected an integer, got a string");
  list[1] = ValidEventJson();
  list[1].erase("epoch_us");
  ExpectError(DecodeEvents(list, "result.events", events),
              "field 'result.events[1].epoch_us': expected an integer, got nothing");
  list[1] = ValidEventJson();
  list[1]["version"] = 1.5;
  ExpectError(DecodeEvents(list, "result.events", events), "expected an integer, got a fraction");
  list[1]["version"] = 18446744073709551615ull;
  ExpectError(DecodeEvents(list, "result.events", events), "beyond the signed 64-bit range");
  list[1] = ValidEventJson();
  list[1]["tags"] = Json::array({"red", 7});
  ExpectError(DecodeEvents(list, "r", events), "field 'r[1].tags[1]': expected a string");
  list[1] = ValidEventJson();
  list[1]["data"] = "not base64!";
  ExpectError(DecodeEvents(list, "r", events), "field 'r[1].data': not base64");
  list[1] = ValidEventJson();
  list[1]["prev_event_hash"] = ToBase64("short");
  ExpectError(DecodeEvents(list, "r", events), "field 'r[1].prev_event_hash': expected 32 bytes");
  list[1] = ValidEventJson();
  list[1]["mac"] = Json{{"key_id", -1}, {"bytes", ToBase64(std::string(32, 'm'))}};
  ExpectError(DecodeEvents(list, "r", events), "field 'r[1].mac.key_id'");
  Cursor cursor;
  ExpectError(DecodeCursor(Json::array({1, "s"}), "after", cursor),
              "field 'after': expected null or [epoch_us, stream_id, version]");
  Selector selector;
  ExpectError(DecodeSelector(Json{{"kind", "by_colour"}}, "selector", selector),
              "field 'selector.kind': unknown selector kind \"by_colour\"");
  ExpectError(DecodeSelector(Json{{"kind", "by_tags"}, {"tags", Json::array()}, {"match", "some"}},
                             "selector", selector),
              "field 'selector.match': expected \"any\" or \"all\"");
}

TEST(WireCodec, AdapterErrorsMustUseTheProtocolsCodesAndDetails) {
  Status decoded;
  ExpectError(DecodeError(Json{{"code", "disk_full"}, {"message", "m"}}, "error", decoded),
              "field 'error.code': \"disk_full\" is not an error code");
  ExpectError(DecodeError(Json{{"code", "ok"}, {"message", "m"}}, "error", decoded),
              "is not an error code");
  ExpectError(DecodeError(Json{{"code", "wrong_expected_version"}, {"message", "m"}}, "error",
                          decoded),
              "field 'error.expected': expected an integer");
  ExpectError(DecodeError(Json{{"code", "integrity_violation"}, {"message", "m"}, {"kind", "bad"},
                               {"version", 1}},
                          "error", decoded),
              "\"bad\" is not a violation kind");
}

TEST(WireCodec, LinesThatAreNotObjectsOrTooDeepAreRejected) {
  ExpectError(ParseLine("garbage").status(), "not JSON");
  ExpectError(ParseLine("[1,2]").status(), "expected a JSON object, got a list");
  ExpectError(ParseLine("{\"a\":1} trailing").status(), "not JSON");
  ExpectError(ParseLine(std::string(100'000, '[')).status(), "nested deeper than 64 levels");
  // Brackets inside strings do not count as nesting.
  EXPECT_TRUE(ParseLine("{\"text\":\"" + std::string(1000, '[') + "\"}").ok());
}

TEST(WireCodec, Base64MustBeCanonical) {
  EXPECT_EQ(FromBase64("QQ==").value(), "A");
  EXPECT_EQ(FromBase64("").value(), "");
  ExpectError(FromBase64("QR==").status(), "not canonical");
  ExpectError(FromBase64("QQ=").status(), "not a multiple of 4");
  ExpectError(FromBase64("Q!==").status(), "outside the alphabet");
}

TEST(WireCodec, TextThatIsNotUtf8CannotBeSentAndSaysSo) {
  Event event;
  event.event_id = std::string("\xff\xfe");
  ExpectError(DumpLine(EncodeEvent(event)).status(), "cannot encode as JSON");
}

}  // namespace
}  // namespace evsim::wire

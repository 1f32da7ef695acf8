#pragma once
// Events as SPEC section 1 defines them. Bytes are held in std::string: its comparison is
// bytewise (char_traits<char> compares as unsigned char), which the SPEC's orderings require.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

using Hash32 = std::array<std::uint8_t, 32>;
// Metadata: keys unique and iterated in bytewise key order, as canon() requires.
using Metadata = std::map<std::string, std::string>;

inline constexpr const char* kDefaultContentType = "application/json";

struct Mac {
  std::uint32_t key_id = 0;
  Hash32 bytes{};
  friend bool operator==(const Mac&, const Mac&) = default;
};

// What a client hands to append: the fields the client sets.
struct EventInput {
  std::string event_id;
  std::string event_type;
  std::string data;
  Metadata metadata;
  std::vector<std::string> tags;  // order kept as given
  std::string data_content_type = kDefaultContentType;
  std::string metadata_content_type = kDefaultContentType;
  friend bool operator==(const EventInput&, const EventInput&) = default;
};

// A stored event: the client's fields plus what the store sets.
struct Event {
  std::string event_id;
  std::string event_type;
  std::string stream_id;
  std::int64_t version = 0;
  std::string data;
  Metadata metadata;
  std::vector<std::string> tags;
  std::int64_t timestamp = 0;  // milliseconds: epoch_us / 1000
  std::int64_t epoch_us = 0;
  std::string data_content_type = kDefaultContentType;
  std::string metadata_content_type = kDefaultContentType;
  // Integrity fields: present iff the store has integrity enabled (SPEC 7).
  std::optional<Hash32> prev_event_hash;
  std::optional<Mac> mac;
  std::optional<std::string> signature;  // 64 bytes of Ed25519, when a signing key is set
  friend bool operator==(const Event&, const Event&) = default;
};

// timestamp in milliseconds, derived from epoch_us by integer division (SPEC 1).
inline std::int64_t TimestampOf(std::int64_t epoch_us) { return epoch_us / 1000; }

// The fields of an event that canon(e) covers, by reference, without copying them: taken from a
// stored Event, or from an input and what the store assigns before any Event is built.
// Valid while what it refers to is.
struct EventView {
  std::string_view event_id;
  std::string_view event_type;
  std::string_view stream_id;
  std::int64_t version = 0;
  std::string_view data;
  const Metadata* metadata = nullptr;
  const std::vector<std::string>* tags = nullptr;
  std::int64_t timestamp = 0;
  std::int64_t epoch_us = 0;
  std::string_view data_content_type;
  std::string_view metadata_content_type;

  static EventView Of(const Event& event);
  static EventView Of(const EventInput& input, std::string_view stream_id, std::int64_t version,
                      std::int64_t epoch_us);
};

// Builds the stored form of an input; the store fields are filled in by the caller.
Event MakeEvent(const EventInput& input, const std::string& stream_id, std::int64_t version,
                std::int64_t epoch_us);

struct Snapshot {
  std::string stream_id;
  std::int64_t version = 0;
  std::string data;
  Metadata metadata;
  std::int64_t timestamp = 0;  // milliseconds, the store clock at save
  std::optional<Hash32> anchor_hash;
  std::optional<Mac> mac;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

// Expected-version sentinels (SPEC 2.1).
inline constexpr std::int64_t kExpectAny = -2;
inline constexpr std::int64_t kExpectNoStream = -1;
inline constexpr std::int64_t kExpectStreamExists = -4;
// H(s) of a stream with no version yet.
inline constexpr std::int64_t kNoVersion = -1;

}  // namespace evsim

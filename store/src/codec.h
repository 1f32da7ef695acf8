#pragma once
// Bounds-checked binary encoding of the store's records (docs/log-format.md). ByteReader never
// reads past its input: every getter returns false on underflow, and the caller turns that into
// a `corruption` status naming the file and offset.

#include <cstdint>
#include <string>
#include <string_view>

#include "evsim/integrity/canonical.h"
#include "evsim/records/cursor.h"
#include "evsim/records/event.h"
#include "evsim/records/selector.h"

namespace evsim::store {

class ByteWriter {
 public:
  void U8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void U32(std::uint32_t value);
  void U64(std::uint64_t value);
  void I64(std::int64_t value) { U64(static_cast<std::uint64_t>(value)); }
  void Bytes(std::string_view bytes);  // u32 length || bytes
  void Hash(const Hash32& hash) { out_.append(reinterpret_cast<const char*>(hash.data()), 32); }
  void OptionalHash(const std::optional<Hash32>& hash);
  void OptionalMac(const std::optional<Mac>& mac);
  void Map(const Metadata& map);
  void Strings(const std::vector<std::string>& strings);
  // An event in the log: canon(e)'s fields (integrity/canonical.h), which integrity is computed
  // over as stored, then the integrity fields.
  void EncodeEvent(const Event& event);
  void EncodeEventIntegrity(const std::optional<Hash32>& prev_event_hash,
                            const std::optional<Mac>& mac,
                            const std::optional<std::string>& signature);
  void EncodeSnapshot(const Snapshot& snapshot);
  void EncodeCursor(const Cursor& cursor);
  void EncodeSelector(const Selector& selector);
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view input) : input_(input) {}
  [[nodiscard]] bool U8(std::uint8_t& value);
  [[nodiscard]] bool U32(std::uint32_t& value);
  [[nodiscard]] bool U64(std::uint64_t& value);
  [[nodiscard]] bool I64(std::int64_t& value);
  [[nodiscard]] bool Bytes(std::string& value);
  [[nodiscard]] bool Hash(Hash32& hash);
  [[nodiscard]] bool OptionalHash(std::optional<Hash32>& hash);
  [[nodiscard]] bool OptionalMac(std::optional<Mac>& mac);
  [[nodiscard]] bool Map(Metadata& map);
  [[nodiscard]] bool Strings(std::vector<std::string>& strings);
  [[nodiscard]] bool DecodeEvent(Event& event);
  // The two halves of DecodeEvent: after the first, BytesSince(start) are the event's canonical
  // fields.
  [[nodiscard]] bool DecodeEventFields(Event& event);
  [[nodiscard]] bool DecodeEventIntegrity(Event& event);
  [[nodiscard]] bool DecodeSnapshot(Snapshot& snapshot);
  [[nodiscard]] bool DecodeCursor(Cursor& cursor);
  [[nodiscard]] bool DecodeSelector(Selector& selector);
  bool AtEnd() const { return position_ == input_.size(); }
  std::size_t position() const { return position_; }
  std::string_view input() const { return input_; }
  // The input consumed since `start`, a position this reader has passed.
  std::string_view BytesSince(std::size_t start) const {
    return input_.substr(start, position_ - start);
  }

 private:
  std::string_view input_;
  std::size_t position_ = 0;
};

}  // namespace evsim::store

#pragma once
// What an adapter can do. A partial adapter answers `unsupported` for the operations of a
// capability it lacks, and the gate reports the checks that need it as not supported.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evsim {

enum class Capability : std::uint32_t {
  kCore = 1u << 0,           // append, read, version, exists, list, global read, delete
  kIndex = 1u << 1,          // lookup_tags, lookup_types, lookup_meta
  kSnapshots = 1u << 2,      // save/read/list/delete snapshots
  kScavenge = 1u << 3,       // scavenge
  kSubscriptions = 1u << 4,  // subscribe, ack, unsubscribe, deliveries
  kIntegrity = 1u << 5,      // chain hashes, MACs, signatures, verify_stream
  kDurability = 1u << 6,     // state survives Reopen (and crashes, for a real store)
};

// Every capability, in the order reports list them.
inline constexpr std::array<Capability, 7> kAllCapabilities = {
    Capability::kCore,      Capability::kIndex,         Capability::kSnapshots,
    Capability::kScavenge,  Capability::kSubscriptions, Capability::kIntegrity,
    Capability::kDurability};

// "core", "index", ... as the wire protocol and reports spell them.
std::string_view CapabilityName(Capability capability);
std::optional<Capability> CapabilityFromName(std::string_view name);

class Capabilities {
 public:
  constexpr Capabilities() = default;
  static constexpr Capabilities All() { return Capabilities(0x7F); }
  constexpr Capabilities With(Capability capability) const {
    return Capabilities(bits_ | static_cast<std::uint32_t>(capability));
  }
  constexpr Capabilities Without(Capability capability) const {
    return Capabilities(bits_ & ~static_cast<std::uint32_t>(capability));
  }
  constexpr bool Has(Capability capability) const {
    return (bits_ & static_cast<std::uint32_t>(capability)) != 0;
  }
  constexpr std::uint32_t bits() const { return bits_; }
  friend constexpr bool operator==(Capabilities, Capabilities) = default;
  // "core,index,..." in kAllCapabilities order; "none" when empty.
  std::string ToString() const;

 private:
  constexpr explicit Capabilities(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

}  // namespace evsim

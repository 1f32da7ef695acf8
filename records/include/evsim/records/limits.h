#pragma once
// Every bound evsim enforces, in one place. SPEC bounds first, then evsim's own (documented in
// docs/semantics.md). Exceeding one is a clear error, never a truncation.

#include <cstddef>
#include <cstdint>

namespace evsim::limits {

// SPEC 1.
inline constexpr std::size_t kEventIdBytesMax = 128;
inline constexpr std::size_t kEventTypeBytesMax = 256;
inline constexpr std::size_t kStreamIdBytesMax = 255;
inline constexpr std::size_t kEventDataBytesMax = 1 << 20;  // 1 MiB
// SPEC 2.2.
inline constexpr std::size_t kBatchEventsMax = 10'000;
inline constexpr std::size_t kBatchBytesMax = 16 << 20;  // 16 MiB, see BatchBytes()
// evsim's own choices.
inline constexpr std::size_t kSnapshotBytesMax = 16 << 20;  // data plus metadata
inline constexpr std::size_t kSubscriptionNameBytesMax = 255;
inline constexpr std::size_t kSubscriptionsMax = 1'024;
inline constexpr std::size_t kKeyBytes = 32;  // HMAC keys and Ed25519 seeds

}  // namespace evsim::limits

#pragma once
// Every bound evsim enforces, in one place. SPEC bounds first, then evsim's own (documented in
// docs/semantics.md). Exceeding one is a clear error, never a truncation.

#include <cstddef>
#include <cstdint>
#include <limits>

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
// The last epoch_us a store hands out (about the year 146,000): far past any clock, and far
// enough below INT64_MAX that epoch_us = max(now, last + 1) never overflows (SPEC 2.3).
inline constexpr std::int64_t kEpochMicrosMax = std::numeric_limits<std::int64_t>::max() / 2;
inline constexpr std::size_t kSnapshotBytesMax = 16 << 20;  // data plus metadata
inline constexpr std::size_t kSubscriptionNameBytesMax = 255;
inline constexpr std::size_t kSubscriptionsMax = 1'024;
inline constexpr std::size_t kKeyBytes = 32;  // HMAC keys and Ed25519 seeds

}  // namespace evsim::limits

#pragma once
// The constants of the wire protocol (docs/wire-protocol.md is the prose beside them). A change
// to anything here or there bumps kProtocolVersion.

#include <array>
#include <cstdint>
#include <string_view>

namespace evsim::wire {

inline constexpr std::int64_t kProtocolVersion = 1;

// Bounds evsim enforces on what an adapter sends.
inline constexpr std::uint64_t kLineBytesMaxDefault = 64ull << 20;
inline constexpr int kJsonDepthMax = 64;
inline constexpr std::size_t kStderrTailBytes = 64 << 10;
inline constexpr std::size_t kOffendingLineShownBytes = 200;

// Operation names, in the order of docs/wire-protocol.md section 4.
namespace op {
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kClose = "close";
inline constexpr std::string_view kPendingWork = "pending_work";
inline constexpr std::string_view kRunWork = "run_work";
inline constexpr std::string_view kAppend = "append";
inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kVersion = "version";
inline constexpr std::string_view kExists = "exists";
inline constexpr std::string_view kListStreams = "list_streams";
inline constexpr std::string_view kReadGlobal = "read_global";
inline constexpr std::string_view kDeleteStream = "delete_stream";
inline constexpr std::string_view kLookupTags = "lookup_tags";
inline constexpr std::string_view kLookupTypes = "lookup_types";
inline constexpr std::string_view kLookupMeta = "lookup_meta";
inline constexpr std::string_view kSaveSnapshot = "save_snapshot";
inline constexpr std::string_view kReadLatestSnapshot = "read_latest_snapshot";
inline constexpr std::string_view kReadSnapshotAt = "read_snapshot_at";
inline constexpr std::string_view kListSnapshots = "list_snapshots";
inline constexpr std::string_view kDeleteSnapshotAt = "delete_snapshot_at";
inline constexpr std::string_view kDeleteAllSnapshots = "delete_all_snapshots";
inline constexpr std::string_view kScavenge = "scavenge";
inline constexpr std::string_view kVerifyStream = "verify_stream";
inline constexpr std::string_view kSubscribe = "subscribe";
inline constexpr std::string_view kUnsubscribe = "unsubscribe";
inline constexpr std::string_view kAck = "ack";
inline constexpr std::string_view kTakeDeliveries = "take_deliveries";
inline constexpr std::string_view kListSubscriptions = "list_subscriptions";
}  // namespace op

// Background modes named in the hello answer (section 5).
inline constexpr std::string_view kBackgroundHarness = "harness";
inline constexpr std::string_view kBackgroundAdapter = "adapter";

}  // namespace evsim::wire

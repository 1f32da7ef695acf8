#include "evsim/model/reference_model.h"

#include <algorithm>

#include "evsim/records/limits.h"
#include "model_integrity.h"
#include "model_matching.h"
#include "model_order.h"
#include "model_validation.h"

namespace evsim {
namespace {

std::int64_t SaturatingAdd(std::int64_t left, std::int64_t right) {
  return left > INT64_MAX - right ? INT64_MAX : left + right;
}

std::size_t SnapshotBytes(const std::string& data, const Metadata& metadata) {
  std::size_t bytes = data.size();
  for (const auto& [key, value] : metadata) bytes += key.size() + value.size();
  return bytes;
}

// The stored form of an input: the client's fields as given, the store's fields as assigned.
Event StoredEvent(const EventInput& input, const std::string& stream_id, std::int64_t version,
                  std::int64_t epoch_us) {
  Event event;
  event.event_id = input.event_id;
  event.event_type = input.event_type;
  event.stream_id = stream_id;
  event.version = version;
  event.data = input.data;
  event.metadata = input.metadata;
  event.tags = input.tags;
  event.timestamp = epoch_us / 1000;  // SPEC 1: integer division, toward zero
  event.epoch_us = epoch_us;
  event.data_content_type = input.data_content_type;
  event.metadata_content_type = input.metadata_content_type;
  return event;
}

}  // namespace

using oracle::PositionOf;

Result<std::unique_ptr<ReferenceModel>> ReferenceModel::Create(Clock& clock, StoreConfig config) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStoreConfig(config));
  return std::unique_ptr<ReferenceModel>(new ReferenceModel(clock, std::move(config)));
}

std::int64_t ReferenceModel::HighWater(const std::string& stream_id) const {
  auto found = streams_.find(stream_id);
  return found == streams_.end() ? kNoVersion : found->second.high_water;
}

ReferenceModel::ReferenceModel(const ReferenceModel& other)
    : clock_(other.clock_),
      config_(other.config_),
      streams_(other.streams_),
      subscriptions_(other.subscriptions_),
      last_epoch_us_(other.last_epoch_us_) {
  RebuildGlobalOrder();
}

void ReferenceModel::RebuildGlobalOrder() {
  global_.clear();
  for (const auto& [stream_id, stream] : streams_) {
    for (const auto& [version, event] : stream.events) global_[PositionOf(event)] = &event;
  }
}

template <typename Predicate>
std::vector<Event> ReferenceModel::Scan(const Cursor& after, std::int64_t limit,
                                        Predicate predicate) const {
  std::vector<Event> matches;
  auto it = after.is_beginning ? global_.begin() : global_.upper_bound(PositionOf(after));
  for (; it != global_.end(); ++it) {
    if (static_cast<std::int64_t>(matches.size()) >= limit) break;
    if (predicate(*it->second)) matches.push_back(*it->second);
  }
  return matches;
}

Result<std::int64_t> ReferenceModel::Append(const std::string& stream_id,
                                            std::int64_t expected_version,
                                            const std::vector<EventInput>& events) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckAppend(stream_id, expected_version, events));
  const std::int64_t high_water = HighWater(stream_id);
  if (!oracle::ExpectedVersionPasses(expected_version, high_water)) {
    return Status::WrongExpectedVersion(expected_version, high_water);
  }
  if (events.empty()) return high_water;

  // SPEC 2.3: one clock reading per batch, strictly increasing across batches, and never past
  // the last epoch a store hands out (docs/semantics.md).
  const std::int64_t now_us = clock_.NowMicros();
  if (now_us > limits::kEpochMicrosMax || last_epoch_us_ >= limits::kEpochMicrosMax) {
    return Status::InvalidArgument("no epoch_us after " + std::to_string(limits::kEpochMicrosMax));
  }
  const std::int64_t epoch_us = std::max(now_us, last_epoch_us_ + 1);
  last_epoch_us_ = epoch_us;
  Stream& stream = streams_[stream_id];
  for (const EventInput& input : events) {
    Event event = StoredEvent(input, stream_id, stream.high_water + 1, epoch_us);
    if (config_.integrity.enabled) {
      stream.last_chain_hash = oracle::Seal(config_.integrity, stream.last_chain_hash, event);
    }
    stream.high_water = event.version;
    const Event& stored = stream.events.emplace(event.version, std::move(event)).first->second;
    global_[PositionOf(stored)] = &stored;
  }
  return stream.high_water;
}

Result<std::vector<Event>> ReferenceModel::Read(const std::string& stream_id, std::int64_t from,
                                                std::int64_t count, Direction direction) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  if (count <= 0 || from < 0) {
    return Status::InvalidArgument("read needs from >= 0 and count > 0");
  }
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return Status::StreamNotFound(stream_id);
  std::int64_t low = from;
  std::int64_t high = SaturatingAdd(from, count - 1);
  if (direction == Direction::kBackward) {
    high = from;
    low = std::max<std::int64_t>(0, from - count + 1);
  }
  std::vector<Event> result;
  for (const auto& [version, event] : found->second.events) {
    if (version >= low && version <= high) result.push_back(event);
  }
  if (direction == Direction::kBackward) std::reverse(result.begin(), result.end());
  return result;
}

Result<std::int64_t> ReferenceModel::Version(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  return HighWater(stream_id);
}

Result<bool> ReferenceModel::Exists(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  return HighWater(stream_id) >= 0;
}

Result<std::vector<std::string>> ReferenceModel::ListStreams() {
  std::vector<std::string> names;
  for (const auto& [stream_id, stream] : streams_) names.push_back(stream_id);
  return names;  // std::map iterates in bytewise order
}

Result<std::vector<Event>> ReferenceModel::ReadGlobal(const Cursor& after, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckLimit(limit));
  return Scan(after, limit, [](const Event&) { return true; });
}

Status ReferenceModel::DeleteStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return Status::Ok();
  for (const auto& [version, event] : found->second.events) global_.erase(PositionOf(event));
  streams_.erase(found);  // events, snapshots, chain state and anchor go together
  return Status::Ok();
}

Result<std::vector<Event>> ReferenceModel::LookupTags(const std::vector<std::string>& tags,
                                                      TagMatch match, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckLimit(limit));
  return Scan(Cursor::Beginning(), limit,
              [&](const Event& event) { return oracle::HasTags(event, tags, match); });
}

Result<std::vector<Event>> ReferenceModel::LookupTypes(const std::vector<std::string>& types,
                                                       std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckLimit(limit));
  return Scan(Cursor::Beginning(), limit, [&](const Event& event) {
    return std::find(types.begin(), types.end(), event.event_type) != types.end();
  });
}

Result<std::vector<Event>> ReferenceModel::LookupMeta(const std::string& key,
                                                      const std::string& value,
                                                      std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckLimit(limit));
  return Scan(Cursor::Beginning(), limit, [&](const Event& event) {
    auto found = event.metadata.find(key);
    return found != event.metadata.end() && found->second == value;
  });
}

Result<Snapshot> ReferenceModel::SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                              const std::string& data, const Metadata& metadata) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  if (SnapshotBytes(data, metadata) > limits::kSnapshotBytesMax) {
    return Status::InvalidArgument("snapshot exceeds 16 MiB");
  }
  const std::int64_t high_water = HighWater(stream_id);
  if (version < 0 || version > high_water) {
    return Status::InvalidArgument("snapshot version " + std::to_string(version) +
                                   " outside 0..H(s) = " + std::to_string(high_water));
  }
  Stream& stream = streams_.at(stream_id);
  Snapshot snapshot{stream_id, version, data, metadata, clock_.NowMicros() / 1000, {}, {}};
  if (config_.integrity.enabled) {
    auto anchor_event = stream.events.find(version);
    if (anchor_event == stream.events.end()) {
      return Status::Error(ErrorCode::kSnapshotAnchorUnavailable,
                           "event " + std::to_string(version) + " of '" + stream_id +
                               "' was scavenged; a snapshot cannot anchor to it");
    }
    oracle::SealSnapshotAt(config_.integrity, oracle::ChainOf(anchor_event->second), snapshot);
  }
  stream.snapshots[version] = snapshot;
  return snapshot;
}

Result<Snapshot> ReferenceModel::ReadLatestSnapshot(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  auto found = streams_.find(stream_id);
  if (found == streams_.end() || found->second.snapshots.empty()) {
    return Status::NotFound("no snapshot of '" + stream_id + "'");
  }
  return found->second.snapshots.rbegin()->second;
}

Result<Snapshot> ReferenceModel::ReadSnapshotAt(const std::string& stream_id,
                                                std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  auto found = streams_.find(stream_id);
  if (found != streams_.end()) {
    auto snapshot = found->second.snapshots.find(version);
    if (snapshot != found->second.snapshots.end()) return snapshot->second;
  }
  return Status::NotFound("no snapshot of '" + stream_id + "' at version " +
                          std::to_string(version));
}

Result<std::vector<Snapshot>> ReferenceModel::ListSnapshots(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  std::vector<Snapshot> snapshots;
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return snapshots;
  for (const auto& [version, snapshot] : found->second.snapshots) snapshots.push_back(snapshot);
  return snapshots;
}

Status ReferenceModel::DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  auto found = streams_.find(stream_id);
  if (found != streams_.end()) found->second.snapshots.erase(version);
  return Status::Ok();
}

Status ReferenceModel::DeleteAllSnapshots(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  auto found = streams_.find(stream_id);
  if (found != streams_.end()) found->second.snapshots.clear();
  return Status::Ok();
}

Result<ScavengeReport> ReferenceModel::Scavenge(const std::string& stream_id,
                                                const ScavengeOptions& options) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  EVSIM_RETURN_IF_ERROR(oracle::CheckScavengeOptions(options));
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return Status::StreamNotFound(stream_id);
  Stream& stream = found->second;

  std::int64_t cutoff = -1;
  if (options.before_version) {
    cutoff = *options.before_version - 1;
  } else {
    for (const auto& [version, event] : stream.events) {
      if (event.epoch_us <= *options.before_epoch_us) cutoff = version;
    }
  }
  cutoff = std::min(cutoff, stream.high_water - options.keep_versions);

  ScavengeReport report;
  report.dry_run = options.dry_run;
  for (const auto& [version, event] : stream.events) {
    if (version > cutoff) break;
    if (report.count == 0) report.from_version = version;
    report.to_version = version;
    ++report.count;
  }
  if (report.count == 0) return report;
  if (options.require_snapshot && stream.snapshots.lower_bound(cutoff) == stream.snapshots.end()) {
    return Status::Error(ErrorCode::kNoSnapshot, "scavenge of '" + stream_id + "' up to version " +
                                                     std::to_string(cutoff) +
                                                     " needs a snapshot at a version >= it");
  }
  if (options.dry_run) return report;
  if (config_.integrity.enabled) stream.anchor = oracle::ChainOf(stream.events.at(report.to_version));
  for (auto it = stream.events.begin(); it != stream.events.end() && it->first <= cutoff;) {
    global_.erase(PositionOf(it->second));
    it = stream.events.erase(it);
  }
  return report;
}

Status ReferenceModel::VerifyStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckStreamId(stream_id));
  if (!config_.integrity.enabled) {
    return Status::Unsupported("integrity is disabled for this store");
  }
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return Status::StreamNotFound(stream_id);
  std::vector<Event> events;
  for (const auto& [version, event] : found->second.events) events.push_back(event);
  return oracle::VerifyEvents(config_.integrity, events, found->second.anchor);
}

Status ReferenceModel::Subscribe(const std::string& name, const Selector& selector,
                                 const SubscriptionStart& start) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckSubscriptionName(name));
  EVSIM_RETURN_IF_ERROR(oracle::CheckSelector(selector));
  if (subscriptions_.contains(name)) {
    return Status::InvalidArgument("subscription '" + name + "' is already live");
  }
  if (subscriptions_.size() >= limits::kSubscriptionsMax) {
    return Status::InvalidArgument("a store holds at most 1024 subscriptions");
  }
  Cursor checkpoint = start.after;
  if (start.kind == SubscriptionStart::Kind::kBeginning) checkpoint = Cursor::Beginning();
  if (start.kind == SubscriptionStart::Kind::kEnd) {
    checkpoint = global_.empty() ? Cursor::Beginning() : Cursor::Of(*global_.rbegin()->second);
  }
  subscriptions_[name] = Subscription{selector, checkpoint, checkpoint};
  return Status::Ok();
}

Status ReferenceModel::Unsubscribe(const std::string& name) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckSubscriptionName(name));
  subscriptions_.erase(name);
  return Status::Ok();
}

Status ReferenceModel::Ack(const std::string& name, const Cursor& cursor) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckSubscriptionName(name));
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return Status::NotFound("no subscription '" + name + "'");
  // A checkpoint never moves back (SPEC 8).
  if (oracle::Before(found->second.checkpoint, cursor)) found->second.checkpoint = cursor;
  return Status::Ok();
}

Result<std::vector<Event>> ReferenceModel::TakeDeliveries(const std::string& name,
                                                          std::int64_t max_events) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckSubscriptionName(name));
  EVSIM_RETURN_IF_ERROR(oracle::CheckLimit(max_events));
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return Status::NotFound("no subscription '" + name + "'");
  Subscription& subscription = found->second;
  std::vector<Event> delivered = Scan(subscription.handed_out, max_events, [&](const Event& event) {
    return oracle::SelectorPicks(subscription.selector, event);
  });
  if (!delivered.empty()) subscription.handed_out = Cursor::Of(delivered.back());
  return delivered;
}

Result<std::vector<SubscriptionInfo>> ReferenceModel::ListSubscriptions() {
  std::vector<SubscriptionInfo> infos;
  for (const auto& [name, subscription] : subscriptions_) {
    infos.push_back(SubscriptionInfo{name, subscription.selector, subscription.checkpoint});
  }
  return infos;
}

Status ReferenceModel::Reopen(const StoreConfig& config) {
  EVSIM_RETURN_IF_ERROR(oracle::CheckReopen(config_, config));
  config_ = config;
  for (auto& [name, subscription] : subscriptions_) {
    subscription.handed_out = subscription.checkpoint;
  }
  return Status::Ok();
}

Event* ReferenceModel::MutableEventForTesting(const std::string& stream_id, std::int64_t version) {
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return nullptr;
  auto event = found->second.events.find(version);
  return event == found->second.events.end() ? nullptr : &event->second;
}

}  // namespace evsim

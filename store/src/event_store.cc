// EventStore: append, reads, delete and index lookups.
#include "evsim/store/event_store.h"

#include <algorithm>
#include <cstdio>

#include "evsim/integrity/seal.h"
#include "evsim/probes/probe.h"
#include "evsim/records/limits.h"
#include "evsim/records/validation.h"
#include "log_records.h"
#include "store_state.h"

namespace evsim {

using store::log_format::RecordType;

namespace {

Status ValidateLimit(std::int64_t limit) {
  if (limit > 0) return Status::Ok();
  return Status::InvalidArgument("limit must be > 0, got " + std::to_string(limit));
}

// A lookup on an undeclared index answers by scanning the global order (SPEC 5).
// `counts_examined` is mutant:scan-limit-counts-examined.
template <typename Predicate>
std::vector<Event> ScanGlobal(const store::GlobalMap<const store::StoredEvent*>& global,
                              std::int64_t limit, Predicate predicate,
                              bool counts_examined = false) {
  EVSIM_PROBE(kLookupWithoutIndex);
  std::vector<Event> events;
  std::int64_t examined = 0;
  for (const auto& [position, stored] : global) {
    if (static_cast<std::int64_t>(events.size()) >= limit) break;
    if (counts_examined && examined++ >= limit) break;
    Event event = stored->Decode();
    if (predicate(event)) events.push_back(std::move(event));
  }
  return events;
}

// Union of ordered index sets in global order, each event once, at most `limit`.
std::vector<Event> MergeUnion(const std::vector<const store::OrderKeySet*>& sets,
                              std::int64_t limit) {
  using Iterator = store::OrderKeySet::const_iterator;
  std::vector<std::pair<Iterator, Iterator>> cursors;
  std::size_t entries = 0;
  for (const store::OrderKeySet* set : sets) {
    if (set == nullptr) continue;
    cursors.emplace_back(set->begin(), set->end());
    entries += set->size();
  }
  const store::GlobalOrder less;
  std::vector<Event> events;
  events.reserve(std::min<std::size_t>(entries, static_cast<std::size_t>(limit)));
  while (static_cast<std::int64_t>(events.size()) < limit) {
    std::pair<Iterator, Iterator>* smallest = nullptr;
    for (auto& cursor : cursors) {
      if (cursor.first != cursor.second &&
          (smallest == nullptr || less(cursor.first->first, smallest->first->first))) {
        smallest = &cursor;
      }
    }
    if (smallest == nullptr) break;
    const std::string_view bytes = smallest->first->second;
    // Matches are scattered through memory: start fetching the next one's bytes while this one
    // decodes.
    if (auto next = std::next(smallest->first); next != smallest->second) {
      __builtin_prefetch(next->second.data());
    }
    store::DecodeStoredBytes(bytes, events.emplace_back());
    // Every set holding this event holds the same bytes.
    for (auto& [position, end] : cursors) {
      if (position != end && position->second.data() == bytes.data()) ++position;
    }
  }
  return events;
}

// The seeds' order key, which mutant:cursor-compares-order-keys compares (SPEC 2.4 says why it
// is wrong: with a prefix stream id, the byte after it decides).
std::string SeedsOrderKey(std::int64_t epoch_us, const std::string& stream_id,
                          std::int64_t version) {
  char epoch[32], number[32];
  std::snprintf(epoch, sizeof epoch, "%020lld", static_cast<long long>(epoch_us));
  std::snprintf(number, sizeof number, "%012lld", static_cast<long long>(version));
  return std::string(epoch) + "|" + stream_id + "|" + number;
}

// mutant:accept-duplicate-tags: what its validation sees.
std::vector<EventInput> WithUniqueTags(std::vector<EventInput> events) {
  for (EventInput& event : events) {
    std::vector<std::string> unique;
    for (const std::string& tag : event.tags) {
      if (std::find(unique.begin(), unique.end(), tag) == unique.end()) unique.push_back(tag);
    }
    event.tags = std::move(unique);
  }
  return events;
}

}  // namespace

Status EventStore::CheckOpen() const {
  if (state_ && state_->failure && state_->failure->code() != ErrorCode::kIoError) {
    return *state_->failure;  // recovery failed: nothing can be served
  }
  return Status::Ok();
}

Result<std::int64_t> EventStore::Append(const std::string& stream_id, std::int64_t expected_version,
                                        const std::vector<EventInput>& events_in) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  // mutant:accept-duplicate-tags "normalizes" the tags instead of rejecting the batch.
  std::vector<EventInput> normalized;
  if (options_.mutation == Mutation::kAcceptsDuplicateTags) normalized = WithUniqueTags(events_in);
  const std::vector<EventInput>& events =
      options_.mutation == Mutation::kAcceptsDuplicateTags ? normalized : events_in;
  EVSIM_RETURN_IF_ERROR(ValidateAppend(stream_id, expected_version, events));
  State& state = *state_;
  auto existing = state.streams.find(stream_id);
  const std::int64_t high_water =
      existing == state.streams.end() ? kNoVersion : existing->second.high_water;
  if (options_.mutation == Mutation::kEmptyBatchSkipsCheck && events.empty()) return high_water;
  if (!ExpectedVersionPasses(expected_version, existing == state.streams.end()
                                                   ? nullptr
                                                   : &existing->second)) {
    EVSIM_PROBE(kWrongExpectedVersion);
    return Status::WrongExpectedVersion(expected_version, high_water);
  }
  if (events.empty()) return high_water;
  EVSIM_RETURN_IF_ERROR(state.CheckWritable());

  const std::int64_t now_us = env_.clock->NowMicros();
  if (now_us > limits::kEpochMicrosMax || state.last_epoch_us >= limits::kEpochMicrosMax) {
    return Status::InvalidArgument(
        "the clock (" + std::to_string(now_us) + " us) is past the last epoch_us a store hands "
        "out (" + std::to_string(limits::kEpochMicrosMax) + " us)");
  }
  if (now_us <= state.last_epoch_us) EVSIM_PROBE(kEpochAheadOfClock);
  const std::int64_t epoch_us =
      options_.mutation == Mutation::kEpochRepeatsWhenClockStalls
          ? std::max(now_us, state.last_epoch_us)
          : std::max(now_us, state.last_epoch_us + 1);
  Hash32 prev = existing == state.streams.end() ? Hash32{} : existing->second.last_chain_hash;
  if (existing == state.streams.end() && state.stale_chain_heads.contains(stream_id)) {
    prev = state.stale_chain_heads.at(stream_id);  // mutant:recreate-keeps-chain
  }
  std::vector<EventView> views;
  views.reserve(events.size());
  for (const EventInput& input : events) {
    views.push_back(
        EventView::Of(input, stream_id, high_water + 1 + std::int64_t(views.size()), epoch_us));
    if (options_.mutation == Mutation::kTimestampRounds) {
      views.back().timestamp = (epoch_us + 500) / 1000;
    }
  }
  store::NewBatch batch = store::EncodeNewBatch(stream_id, views, state.config.integrity, prev);
  EVSIM_RETURN_IF_ERROR(state.Persist(RecordType::kBatch, batch.payload));
  state.ApplyBatch(stream_id, views, std::make_shared<const std::string>(std::move(batch.payload)),
                   batch.spans, prev);
  PostDeliveriesToAll();
  return state.streams.at(stream_id).high_water;
}

bool EventStore::ExpectedVersionPasses(std::int64_t expected_version,
                                       const store::StreamData* stream) const {
  const std::int64_t high_water = stream == nullptr ? kNoVersion : stream->high_water;
  switch (options_.mutation) {
    case Mutation::kStreamExistsAcceptsMissing:
      if (expected_version == kExpectStreamExists) return high_water >= kNoVersion;
      break;
    case Mutation::kExpectedVersionCountsPresent:
      if (expected_version >= 0) {
        return stream != nullptr && std::int64_t(stream->events.size()) - 1 == expected_version;
      }
      break;
    default:
      break;
  }
  return ExpectedVersionMatches(expected_version, high_water);
}

Result<std::vector<Event>> EventStore::Read(const std::string& stream_id, std::int64_t from,
                                            std::int64_t count, Direction direction) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  if (count <= 0 || from < 0) return Status::InvalidArgument("read needs from >= 0 and count > 0");
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end()) return Status::StreamNotFound(stream_id);
  const store::StreamData& stream = found->second;
  std::int64_t low = from;
  std::int64_t high = from > INT64_MAX - (count - 1) ? INT64_MAX : from + count - 1;
  if (direction == Direction::kBackward) {
    high = from;
    low = std::max<std::int64_t>(
        0, options_.mutation == Mutation::kReadBackwardOffByOne ? from - count : from - count + 1);
  }
  low = std::max(low, stream.first_present());
  high = std::min(high, stream.high_water);
  std::vector<Event> events;
  if (high >= low) events.reserve(static_cast<std::size_t>(high - low + 1));
  for (std::int64_t version = low; version <= high; ++version) {
    events.push_back(
        stream.events[static_cast<std::size_t>(version - stream.first_present())].Decode());
  }
  if (direction == Direction::kBackward) std::reverse(events.begin(), events.end());
  return events;
}

Result<std::int64_t> EventStore::Version(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  auto found = state_->streams.find(stream_id);
  return found == state_->streams.end() ? kNoVersion : found->second.high_water;
}

Result<bool> EventStore::Exists(const std::string& stream_id) {
  EVSIM_ASSIGN_OR_RETURN(std::int64_t version, Version(stream_id));
  return version >= 0;
}

Result<std::vector<std::string>> EventStore::ListStreams() {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  std::vector<std::string> names;
  for (const auto& [stream_id, stream] : state_->streams) {
    if (options_.mutation == Mutation::kListSkipsEmptiedStreams && stream.events.empty()) continue;
    names.push_back(stream_id);
  }
  return names;
}

Result<std::vector<Event>> EventStore::ReadGlobal(const Cursor& after, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  std::vector<Event> events;
  const bool includes_cursor = options_.mutation == Mutation::kReadGlobalIncludesCursor;
  auto it = includes_cursor ? state_->global.lower_bound(after) : state_->global.upper_bound(after);
  if (options_.mutation == Mutation::kCursorComparesOrderKeys && !after.is_beginning) {
    // The seeds' layout: pad20(epoch_us) | stream_id | pad12(version), compared as bytes.
    const std::string after_key = SeedsOrderKey(after.epoch_us, after.stream_id, after.version);
    it = state_->global.lower_bound(Cursor::At(after.epoch_us, "", INT64_MIN));
    while (it != state_->global.end() &&
           SeedsOrderKey(it->first.epoch_us, *it->first.stream_id, it->first.version) <=
               after_key) {
      ++it;
    }
  }
  for (; it != state_->global.end() && static_cast<std::int64_t>(events.size()) < limit; ++it) {
    events.push_back(it->second->Decode());
  }
  return events;
}

Status EventStore::DeleteStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end()) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(
      state_->Persist(RecordType::kDeleteStream, store::EncodeStreamName(stream_id)));
  if (!found->second.snapshots.empty()) EVSIM_PROBE(kDeletedStreamWithSnapshots);
  state_->ApplyDelete(stream_id);
  MaybeCompact();
  return Status::Ok();
}

Result<std::vector<Event>> EventStore::LookupTags(const std::vector<std::string>& tags,
                                                  TagMatch match, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  const State& state = *state_;
  const bool scan_counts_examined = options_.mutation == Mutation::kScanLimitCountsExamined;
  if (tags.empty()) {
    if (options_.mutation == Mutation::kEmptyTagsMatchAll && match == TagMatch::kAll) {
      return ScanGlobal(state.global, limit, [](const Event&) { return true; });
    }
    return std::vector<Event>{};
  }
  if (!state.index.tags_declared()) {
    return ScanGlobal(
        state.global, limit, [&](const Event& event) { return TagsMatch(event.tags, tags, match); },
        scan_counts_examined);
  }
  std::vector<const store::OrderKeySet*> sets;
  for (const std::string& tag : tags) {
    const store::OrderKeySet* set = state.index.Tag(tag);
    if (options_.mutation == Mutation::kAllMatchSkipsUnknownTag && set == nullptr &&
        match == TagMatch::kAll && tags.size() > 1) {
      continue;
    }
    sets.push_back(set);
  }
  if (match == TagMatch::kAny) return MergeUnion(sets, limit);
  // All: walk the smallest set and keep the keys every other set holds.
  if (sets.empty() || std::find(sets.begin(), sets.end(), nullptr) != sets.end()) {
    return std::vector<Event>{};
  }
  const store::OrderKeySet* smallest =
      *std::min_element(sets.begin(), sets.end(),
                        [](auto* left, auto* right) { return left->size() < right->size(); });
  std::vector<Event> events;
  for (const auto& entry : *smallest) {
    if (static_cast<std::int64_t>(events.size()) >= limit) break;
    const auto& key = entry.first;  // not a structured binding: clang 14 cannot capture one
    if (std::all_of(sets.begin(), sets.end(), [&](auto* set) { return set->contains(key); })) {
      store::DecodeStoredBytes(entry.second, events.emplace_back());
    }
  }
  return events;
}

Result<std::vector<Event>> EventStore::LookupTypes(const std::vector<std::string>& types,
                                                   std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  const State& state = *state_;
  if (options_.mutation == Mutation::kLoopsInLookupTypes && !state.streams.empty()) {
    volatile bool walking = true;  // volatile: a loop without side effects would be UB
    while (walking) {
    }
  }
  if (!state.index.types_declared()) {
    return ScanGlobal(
        state.global, limit,
        [&](const Event& event) {
          return std::find(types.begin(), types.end(), event.event_type) != types.end();
        },
        options_.mutation == Mutation::kScanLimitCountsExamined);
  }
  std::vector<const store::OrderKeySet*> sets;
  for (const std::string& type : types) sets.push_back(state.index.Type(type));
  return MergeUnion(sets, limit);
}

Result<std::vector<Event>> EventStore::LookupMeta(const std::string& key, const std::string& value,
                                                  std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  const State& state = *state_;
  if (options_.mutation == Mutation::kAllocatesInLookupMeta && !state.streams.empty()) {
    std::vector<std::string> hoard;
    while (true) hoard.emplace_back(1 << 20, 'x');  // a MiB at a time, every page touched
  }
  if (!state.index.meta_declared(key)) {
    return ScanGlobal(
        state.global, limit,
        [&](const Event& event) {
          auto found = event.metadata.find(key);
          return found != event.metadata.end() && found->second == value;
        },
        options_.mutation == Mutation::kScanLimitCountsExamined);
  }
  return MergeUnion({state.index.Meta(key, value)}, limit);
}

}  // namespace evsim

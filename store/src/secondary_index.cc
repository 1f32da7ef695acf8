#include "secondary_index.h"

#include "evsim/records/assert.h"

namespace evsim::store {

SecondaryIndex::SecondaryIndex(const std::vector<IndexDeclaration>& declared,
                               bool test_bug_skip_entries)
    : test_bug_skip_entries_(test_bug_skip_entries) {
  for (const IndexDeclaration& declaration : declared) {
    switch (declaration.kind) {
      case IndexDeclaration::Kind::kTags:
        tags_declared_ = true;
        break;
      case IndexDeclaration::Kind::kEventType:
        types_declared_ = true;
        break;
      case IndexDeclaration::Kind::kMetadata:
        meta_keys_.insert(declaration.metadata_key);
        break;
    }
  }
}

template <typename Sets, typename Value>
void SecondaryIndex::Insert(Sets& sets, const Value& value, const StoredEvent& stored) {
  auto found = sets.find(value);
  if (found == sets.end()) {
    found = sets.emplace(typename Sets::key_type(value), OrderKeySet{}).first;
  }
  OrderKeySet& set = found->second;
  const std::size_t size = set.size();
  // Appends land at the end of the global order; recovery of a compacted base may not.
  set.emplace_hint(set.end(), stored.position(), stored.encoded());
  EVSIM_ASSERT_MSG(set.size() == size + 1, "a global position is unique per event");
}

template <typename Sets, typename Value>
void SecondaryIndex::Erase(Sets& sets, const Value& value, const GlobalPosition& position) {
  auto found = sets.find(value);
  if (found == sets.end()) return;
  found->second.erase(position);
  if (found->second.empty()) sets.erase(found);
}

void SecondaryIndex::Add(const EventView& event, const StoredEvent& stored) {
  if (tags_declared_) {
    for (const std::string& tag : *event.tags) {
      // The deliberate bug the harness must catch: every 7th tag entry goes missing.
      if (test_bug_skip_entries_ && ++tag_adds_ % 7 == 0) continue;
      Insert(tags_, tag, stored);
    }
  }
  if (types_declared_) {
    Insert(types_, event.event_type, stored);
  }
  for (const std::string& key : meta_keys_) {
    auto value = event.metadata->find(key);
    if (value == event.metadata->end()) continue;
    Insert(meta_, std::pair<std::string, std::string>(key, value->second), stored);
  }
}

void SecondaryIndex::Remove(const StoredEvent& stored) {
  if (!tags_declared_ && !types_declared_ && meta_keys_.empty()) return;
  const Event event = stored.Decode();
  const GlobalPosition& position = stored.position();
  if (tags_declared_) {
    for (const std::string& tag : event.tags) Erase(tags_, tag, position);
  }
  if (types_declared_) Erase(types_, event.event_type, position);
  for (const std::string& key : meta_keys_) {
    auto value = event.metadata.find(key);
    if (value == event.metadata.end()) continue;
    Erase(meta_, std::pair<std::string, std::string>(key, value->second), position);
  }
}

const OrderKeySet* SecondaryIndex::Tag(const std::string& tag) const {
  auto found = tags_.find(tag);
  return found == tags_.end() ? nullptr : &found->second;
}

const OrderKeySet* SecondaryIndex::Type(const std::string& type) const {
  auto found = types_.find(type);
  return found == types_.end() ? nullptr : &found->second;
}

const OrderKeySet* SecondaryIndex::Meta(const std::string& key, const std::string& value) const {
  auto found = meta_.find({key, value});
  return found == meta_.end() ? nullptr : &found->second;
}

}  // namespace evsim::store

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

void SecondaryIndex::Insert(std::map<std::string, OrderKeySet>& sets, const std::string& value,
                            const std::string& order_key, const Event* event) {
  const bool inserted = sets[value].emplace(order_key, event).second;
  EVSIM_ASSERT_MSG(inserted, "an order key is unique per event");
}

void SecondaryIndex::Erase(std::map<std::string, OrderKeySet>& sets, const std::string& value,
                           const std::string& order_key) {
  auto found = sets.find(value);
  if (found == sets.end()) return;
  found->second.erase(order_key);
  if (found->second.empty()) sets.erase(found);
}

void SecondaryIndex::Add(const Event& event, const std::string& order_key) {
  if (tags_declared_) {
    for (const std::string& tag : event.tags) {
      // The deliberate bug the harness must catch: every 7th tag entry goes missing.
      if (test_bug_skip_entries_ && ++tag_adds_ % 7 == 0) continue;
      Insert(tags_, tag, order_key, &event);
      ++entry_count_;
    }
  }
  if (types_declared_) {
    Insert(types_, event.event_type, order_key, &event);
    ++entry_count_;
  }
  for (const std::string& key : meta_keys_) {
    auto value = event.metadata.find(key);
    if (value == event.metadata.end()) continue;
    const bool inserted = meta_[{key, value->second}].emplace(order_key, &event).second;
    EVSIM_ASSERT(inserted);
    ++entry_count_;
  }
}

void SecondaryIndex::Remove(const Event& event, const std::string& order_key) {
  if (tags_declared_) {
    for (const std::string& tag : event.tags) Erase(tags_, tag, order_key);
  }
  if (types_declared_) Erase(types_, event.event_type, order_key);
  for (const std::string& key : meta_keys_) {
    auto value = event.metadata.find(key);
    if (value == event.metadata.end()) continue;
    auto found = meta_.find({key, value->second});
    if (found == meta_.end()) continue;
    found->second.erase(order_key);
    if (found->second.empty()) meta_.erase(found);
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

#pragma once
// The store's secondary indexes (SPEC 5): for each declared kind, an ordered map from global
// position to event per indexed value. Iterating a set yields matches in global order; a lookup is
// O(log n) to find the set plus O(matches) to walk it. Entries are added and removed in the same
// step as their events, so no reader ever sees one without the other.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "evsim/adapter/store_config.h"
#include "evsim/records/event.h"
#include "stored_event.h"

namespace evsim::store {

// Global position -> the present event's bytes (StoredEvent::encoded(), stable while the event
// is present), so a lookup walks the matches and decodes each without a second search or a
// detour through the stored event: at 0.1% selectivity every match is a cache miss.
using OrderKeySet = GlobalMap<std::string_view>;

class SecondaryIndex {
 public:
  SecondaryIndex(const std::vector<IndexDeclaration>& declared, bool test_bug_skip_entries);

  // REQUIRES: `event` is the event `stored` holds; `stored` outlives its entries.
  void Add(const EventView& event, const StoredEvent& stored);
  // Removes the entries of `stored` (decoding it only when some index is declared).
  void Remove(const StoredEvent& stored);

  bool tags_declared() const { return tags_declared_; }
  bool types_declared() const { return types_declared_; }
  bool meta_declared(const std::string& key) const { return meta_keys_.contains(key); }

  // The set for one value, or nullptr when no present event has it.
  const OrderKeySet* Tag(const std::string& tag) const;
  const OrderKeySet* Type(const std::string& type) const;
  const OrderKeySet* Meta(const std::string& key, const std::string& value) const;

 private:
  template <typename Sets, typename Value>
  static void Insert(Sets& sets, const Value& value, const StoredEvent& stored);
  template <typename Sets, typename Value>
  static void Erase(Sets& sets, const Value& value, const GlobalPosition& position);

  bool tags_declared_ = false;
  bool types_declared_ = false;
  std::set<std::string> meta_keys_;
  bool test_bug_skip_entries_;
  std::size_t tag_adds_ = 0;
  std::map<std::string, OrderKeySet, std::less<>> tags_;
  std::map<std::string, OrderKeySet, std::less<>> types_;
  std::map<std::pair<std::string, std::string>, OrderKeySet> meta_;
};

}  // namespace evsim::store

// SqliteEventStore: subscriptions. The selector and durable checkpoint are a row of the
// subscriptions table; the session's position and its bounded queue are in memory. Delivery is
// background work: a work item reads the global order after the session's position (the
// events_global index) and fills the queue. Catch-up and live delivery are the same read (new
// events always sort after every existing one, SPEC 2.3), so the hand-over between them has no
// gap and no duplicate by construction.
#include "event_rows.h"
#include "evsim/records/limits.h"
#include "evsim/records/validation.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "row_codec.h"
#include "schema.h"
#include "statement.h"
#include "store_transaction.h"

namespace evsim {

using sqlite::Statement;

namespace {
// Events one delivery work item examines before it yields (and re-posts itself).
constexpr std::int64_t kDeliveryScanEventsMax = 1'024;
}  // namespace

Status SqliteEventStore::PersistCheckpoint(const std::string& name, const Cursor& cursor) {
  Statement update(db_,
                   "UPDATE subscriptions SET at_beginning = ?2, epoch_us = ?3, stream_id = ?4, "
                   "version = ?5 WHERE name = ?1");
  update.Bind(1, name).Bind(2, std::int64_t{cursor.is_beginning ? 1 : 0});
  update.Bind(3, cursor.epoch_us).Bind(4, cursor.stream_id).Bind(5, cursor.version);
  return update.Run();
}

Status SqliteEventStore::Subscribe(const std::string& name, const Selector& selector,
                                   const SubscriptionStart& start) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  EVSIM_RETURN_IF_ERROR(ValidateSelector(selector));
  if (subscriptions_.contains(name)) {
    return Status::InvalidArgument("subscription '" + name + "' is already live");
  }
  if (subscriptions_.size() >= limits::kSubscriptionsMax) {
    return Status::InvalidArgument("a store holds at most 1024 subscriptions");
  }
  Cursor checkpoint = start.after;
  if (start.kind == SubscriptionStart::Kind::kBeginning) checkpoint = Cursor::Beginning();
  if (start.kind == SubscriptionStart::Kind::kEnd) {
    // The greatest present event (docs/semantics.md), or the beginning of an empty store.
    Statement last(db_,
                   "SELECT epoch_us, stream_id, version FROM events ORDER BY epoch_us DESC, "
                   "stream_id DESC, version DESC LIMIT 1");
    EVSIM_ASSIGN_OR_RETURN(bool row, last.Step());
    checkpoint = row ? Cursor::At(last.Int(0), last.Bytes(1), last.Int(2)) : Cursor::Beginning();
  }
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  EVSIM_RETURN_IF_ERROR(InTransaction([&]() -> Status {
    Statement insert(db_,
                     "INSERT INTO subscriptions (name, selector, at_beginning, epoch_us, "
                     "stream_id, version) VALUES (?1, ?2, 1, 0, x'', 0)");
    insert.Bind(1, name).Bind(2, sqlite::EncodeSelector(selector));
    EVSIM_RETURN_IF_ERROR(insert.Run());
    return PersistCheckpoint(name, checkpoint);
  }));
  Subscription subscription;
  subscription.selector = selector;
  subscription.checkpoint = checkpoint;
  subscription.enqueued_through = checkpoint;
  subscriptions_.emplace(name, std::move(subscription));
  PostDelivery(name);
  return Status::Ok();
}

Status SqliteEventStore::Unsubscribe(const std::string& name) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  if (!subscriptions_.contains(name)) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  EVSIM_RETURN_IF_ERROR(InTransaction([&] {
    Statement remove(db_, "DELETE FROM subscriptions WHERE name = ?1");
    remove.Bind(1, name);
    return remove.Run();
  }));
  subscriptions_.erase(name);
  return Status::Ok();
}

Status SqliteEventStore::Ack(const std::string& name, const Cursor& cursor) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return Status::NotFound("no subscription '" + name + "'");
  if (cursor <= found->second.checkpoint) return Status::Ok();  // never moves back
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  EVSIM_RETURN_IF_ERROR(InTransaction([&] { return PersistCheckpoint(name, cursor); }));
  found->second.checkpoint = cursor;
  return Status::Ok();
}

Result<std::vector<Event>> SqliteEventStore::TakeDeliveries(const std::string& name,
                                                            std::int64_t max_events) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  if (max_events <= 0) return Status::InvalidArgument("max_events must be > 0");
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return Status::NotFound("no subscription '" + name + "'");
  Subscription& subscription = found->second;
  std::vector<Event> taken;
  Statement present(db_,
                    "SELECT 1 FROM events WHERE stream_id = ?1 AND version = ?2 AND epoch_us = ?3");
  while (!subscription.queue.empty() && static_cast<std::int64_t>(taken.size()) < max_events) {
    Event event = std::move(subscription.queue.front());
    subscription.queue.pop_front();
    // Removed after it was queued but before it was handed out: it was never delivered. The
    // epoch tells a re-created stream's event from the deleted one at the same version.
    present.Reset();
    present.Bind(1, event.stream_id).Bind(2, event.version).Bind(3, event.epoch_us);
    EVSIM_ASSIGN_OR_RETURN(bool row, present.Step());
    if (row) taken.push_back(std::move(event));
  }
  if (!subscription.caught_up) PostDelivery(name);  // delivery may have paused on a full queue
  return taken;
}

Result<std::vector<SubscriptionInfo>> SqliteEventStore::ListSubscriptions() {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  std::vector<SubscriptionInfo> infos;
  for (const auto& [name, subscription] : subscriptions_) {
    infos.push_back(SubscriptionInfo{name, subscription.selector, subscription.checkpoint});
  }
  return infos;
}

void SqliteEventStore::PostDeliveriesToAll() {
  for (auto& [name, subscription] : subscriptions_) {
    subscription.caught_up = false;
    PostDelivery(name);
  }
}

void SqliteEventStore::PostDelivery(const std::string& name) {
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end() || found->second.delivery_posted) return;
  if (found->second.queue.size() >= options_.subscription_queue_events_max) return;
  found->second.delivery_posted = true;
  std::weak_ptr<int> alive = alive_;
  env_.executor->Post({"deliver:" + name, [this, alive, name] {
                         if (!alive.expired()) DeliverSome(name);
                       }});
}

void SqliteEventStore::DeliverSome(const std::string& name) {
  auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return;  // unsubscribed since posting
  Subscription& subscription = found->second;
  subscription.delivery_posted = false;
  if (db_ == nullptr) return;
  Result<std::vector<Event>> read = ReadGlobal(subscription.enqueued_through,
                                               kDeliveryScanEventsMax);
  // A failed read (a disk fault) is retried by the next take: caught_up stays false.
  if (!read.ok()) return;
  std::vector<Event> next = std::move(read).value();
  for (Event& event : next) {
    if (subscription.queue.size() >= options_.subscription_queue_events_max) return;
    subscription.enqueued_through = Cursor::Of(event);
    if (subscription.selector.Matches(event)) subscription.queue.push_back(std::move(event));
  }
  if (static_cast<std::int64_t>(next.size()) < kDeliveryScanEventsMax) {
    subscription.caught_up = true;
  } else {
    PostDelivery(name);  // more to scan: continue as a new work item
  }
}

}  // namespace evsim

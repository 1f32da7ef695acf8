// EventStore: subscriptions. Delivery is background work: a work item scans the global order
// after the subscription's position and fills its bounded queue. Catch-up and live delivery are
// the same scan (new events always sort after every existing one, SPEC 2.3), so the hand-over
// between them has no gap and no duplicate by construction.
#include "evsim/probes/probe.h"
#include "evsim/records/limits.h"
#include "evsim/records/validation.h"
#include "evsim/store/event_store.h"
#include "log_records.h"
#include "store_state.h"

namespace evsim {

using store::log_format::RecordType;

namespace {
// Events one delivery work item examines before it yields (and re-posts itself).
constexpr std::size_t kDeliveryScanEventsMax = 1'024;
}  // namespace

bool EventStore::DeliveryMatches(const Selector& selector, const Event& event) const {
  if (options_.mutation == Mutation::kPatternIgnoresStreamId &&
      selector.kind == Selector::Kind::kByEventPattern) {
    Selector without_stream = selector;
    without_stream.pattern.erase("stream_id");
    return without_stream.Matches(event);
  }
  return selector.Matches(event);
}

Status EventStore::Subscribe(const std::string& name, const Selector& selector,
                             const SubscriptionStart& start) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  EVSIM_RETURN_IF_ERROR(ValidateSelector(selector));
  State& state = *state_;
  if (state.subscriptions.contains(name)) {
    return Status::InvalidArgument("subscription '" + name + "' is already live");
  }
  if (state.subscriptions.size() >= limits::kSubscriptionsMax) {
    return Status::InvalidArgument("a store holds at most 1024 subscriptions");
  }
  Cursor checkpoint = start.after;
  if (start.kind == SubscriptionStart::Kind::kBeginning) checkpoint = Cursor::Beginning();
  if (start.kind == SubscriptionStart::Kind::kEnd) {
    checkpoint =
        state.global.empty() ? Cursor::Beginning() : state.global.rbegin()->first.ToCursor();
    if (options_.mutation == Mutation::kSubscribeEndRedeliversLast && !state.global.empty()) {
      // The last event's position, taken one step too far back.
      const auto before_last = std::next(state.global.rbegin());
      checkpoint = before_last == state.global.rend() ? Cursor::Beginning()
                                                      : before_last->first.ToCursor();
    }
  }
  EVSIM_RETURN_IF_ERROR(
      state.Persist(RecordType::kSubscribe, store::EncodeSubscribe(name, selector, checkpoint)));
  state.ApplySubscribe(name, selector, checkpoint);
  PostDelivery(name);
  return Status::Ok();
}

Status EventStore::Unsubscribe(const std::string& name) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  if (!state_->subscriptions.contains(name)) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(state_->Persist(RecordType::kUnsubscribe, store::EncodeStreamName(name)));
  state_->ApplyUnsubscribe(name);
  return Status::Ok();
}

Status EventStore::Ack(const std::string& name, const Cursor& cursor) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  auto found = state_->subscriptions.find(name);
  if (found == state_->subscriptions.end()) {
    return Status::NotFound("no subscription '" + name + "'");
  }
  const bool stays = options_.mutation == Mutation::kAckMovesBack
                         ? cursor == found->second.checkpoint
                         : cursor <= found->second.checkpoint;
  if (stays) {
    EVSIM_PROBE(kAckNotForward);
    return Status::Ok();  // never moves back
  }
  EVSIM_RETURN_IF_ERROR(state_->Persist(RecordType::kAck, store::EncodeAck(name, cursor)));
  state_->ApplyAck(name, cursor);
  MaybeCompact();
  return Status::Ok();
}

Result<std::vector<Event>> EventStore::TakeDeliveries(const std::string& name,
                                                      std::int64_t max_events) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateSubscriptionName(name));
  if (max_events <= 0) return Status::InvalidArgument("max_events must be > 0");
  auto found = state_->subscriptions.find(name);
  if (found == state_->subscriptions.end()) {
    return Status::NotFound("no subscription '" + name + "'");
  }
  store::SubscriptionData& subscription = found->second;
  std::vector<Event> taken;
  while (!subscription.queue.empty() && static_cast<std::int64_t>(taken.size()) < max_events) {
    Event event = std::move(subscription.queue.front());
    subscription.queue.pop_front();
    // Removed after it was queued but before it was handed out: it was never delivered.
    if (options_.mutation == Mutation::kDeliversRemovedEvents ||
        state_->global.contains(Cursor::Of(event))) {
      taken.push_back(std::move(event));
    } else {
      EVSIM_PROBE(kDeliveryDroppedRemovedEvent);
    }
  }
  if (!subscription.caught_up) PostDelivery(name);  // delivery may have paused on a full queue
  return taken;
}

Result<std::vector<SubscriptionInfo>> EventStore::ListSubscriptions() {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  std::vector<SubscriptionInfo> infos;
  for (const auto& [name, subscription] : state_->subscriptions) {
    infos.push_back(SubscriptionInfo{name, subscription.selector, subscription.checkpoint});
  }
  return infos;
}

void EventStore::PostDeliveriesToAll() {
  for (auto& [name, subscription] : state_->subscriptions) {
    subscription.caught_up = false;
    PostDelivery(name);
  }
}

void EventStore::PostDelivery(const std::string& name) {
  auto found = state_->subscriptions.find(name);
  if (found == state_->subscriptions.end() || found->second.delivery_posted) return;
  if (found->second.queue.size() >= options_.subscription_queue_events_max) return;
  found->second.delivery_posted = true;
  std::weak_ptr<int> alive = state_->alive;
  env_.executor->Post({"deliver:" + name, [this, alive, name] {
                         if (!alive.expired()) DeliverSome(name);
                       }});
}

void EventStore::DeliverSome(const std::string& name) {
  auto found = state_->subscriptions.find(name);
  if (found == state_->subscriptions.end()) {
    EVSIM_PROBE(kDeliveryAfterUnsubscribe);
    return;  // unsubscribed since posting
  }
  store::SubscriptionData& subscription = found->second;
  subscription.delivery_posted = false;
  const auto& global = state_->global;
  auto next = global.upper_bound(subscription.enqueued_through);
  for (std::size_t scanned = 0; next != global.end() && scanned < kDeliveryScanEventsMax;
       ++next, ++scanned) {
    if (subscription.queue.size() >= options_.subscription_queue_events_max) {
      EVSIM_PROBE(kSubscriptionQueueFull);
      return;
    }
    Event event = next->second->Decode();
    subscription.enqueued_through = Cursor::Of(event);
    if (DeliveryMatches(subscription.selector, event)) {
      subscription.queue.push_back(std::move(event));
    }
  }
  if (next == global.end()) {
    subscription.caught_up = true;
  } else {
    EVSIM_PROBE(kDeliveryScanYielded);
    PostDelivery(name);  // more to scan: continue as a new work item
  }
}

}  // namespace evsim

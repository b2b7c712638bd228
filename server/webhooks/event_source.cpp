#include "server/webhooks/event_source.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "server/webhooks/payload.h"

namespace vingt::server::webhooks {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool Wants(const storage::Webhook& webhook, std::string_view object, std::string_view action) {
  for (const std::string& op : webhook.operations)
    if (storage::WebhookOperationMatches(op, object, action)) return true;
  return false;
}

}  // namespace

// One atomic load while no workspace has a webhook; the workspace's own
// list is looked up once, in OnRecordChange.
bool WebhookEventSource::Watching(const storage::Uuid&) const { return store_.HasLive(); }

uint64_t WebhookEventSource::OnRecordChange(const storage::RecordChange& change) {
  storage::WebhookStore::Subscribers subscribers = store_.SubscribersOf(change.workspace_id);
  if (!subscribers) return 0;
  std::optional<ClassifiedChange> event = ClassifyChange(change);
  if (!event) return 0;
  const std::string_view action = ActionName(event->action);
  const int64_t now = NowMs();
  uint64_t lsn = 0;
  std::vector<Delivery> deliveries;
  for (const storage::Webhook& webhook : *subscribers) {
    if (!Wants(webhook, change.schema->name_singular, action)) continue;
    // Every field assigned: a pooled event holds an earlier one's values.
    std::shared_ptr<storage::WebhookEvent> d = pool_.Take();
    d->id = storage::Uuid::Random();
    d->webhook_id = webhook.id;
    d->workspace_id = change.workspace_id;
    d->created_at_ms = now;
    d->event_name.assign(change.schema->name_singular).append(".").append(action);
    d->target_url = webhook.target_url;
    d->secret = webhook.secret;
    RenderWebhookBody(webhook, change.schema, *event, now, &d->body);
    auto logged = store_.AddEvent(d);
    // A WAL that refuses appends refuses the write's own record too: the
    // write fails, and its events are not sent.
    if (!logged.ok()) return lsn;
    lsn = std::max(lsn, *logged);
    deliveries.push_back(std::move(d));
  }
  if (deliveries.empty()) return lsn;
  // Sent once durable, as Twenty sends after its transaction commits: a
  // receiver never hears of a write that a crash or a failed fsync undid.
  // The dispatcher holds them until then; but the events of one record of
  // a batch wait for the whole batch, which only the batch's thread knows.
  if (store_.InOpenGroup()) {
    store_.OnEventsDurable(lsn, [&dispatcher = dispatcher_, deliveries = std::move(deliveries)](Status durable) {
      if (!durable.ok()) return;  // the batch was refused; so are its events
      for (const Delivery& d : deliveries) dispatcher.Enqueue(d);
    });
    return lsn;
  }
  for (Delivery& d : deliveries) dispatcher_.Enqueue(std::move(d), lsn);
  return lsn;
}

}  // namespace vingt::server::webhooks

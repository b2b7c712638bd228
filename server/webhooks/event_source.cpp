#include "server/webhooks/event_source.h"

#include <chrono>

#include <sodium.h>

#include "server/webhooks/payload.h"

namespace vingt::server::webhooks {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string DeliveryId() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, 2 * sizeof bytes);
}

bool Wants(const storage::Webhook& webhook, std::string_view object, std::string_view action) {
  for (const std::string& op : webhook.operations)
    if (storage::WebhookOperationMatches(op, object, action)) return true;
  return false;
}

}  // namespace

bool WebhookEventSource::Watching(const storage::Uuid& workspace_id) const {
  return store_.HasLive() && store_.SubscribersOf(workspace_id) != nullptr;
}

uint64_t WebhookEventSource::OnRecordChange(const storage::RecordChange& change) {
  storage::WebhookStore::Subscribers subscribers = store_.SubscribersOf(change.workspace_id);
  if (!subscribers) return 0;
  std::optional<ClassifiedChange> event = ClassifyChange(change);
  if (!event) return 0;
  const std::string_view action = ActionName(event->action);
  const int64_t now = NowMs();
  for (const storage::Webhook& webhook : *subscribers) {
    if (!Wants(webhook, change.schema.name_singular, action)) continue;
    Delivery d;
    d.webhook_id = webhook.id;
    d.target_url = webhook.target_url;
    d.secret = webhook.secret;
    d.event_name = change.schema.name_singular + "." + std::string(action);
    d.body = RenderWebhookBody(webhook, change.schema, *event, now);
    d.id = DeliveryId();
    dispatcher_.Enqueue(std::move(d));
  }
  return 0;
}

}  // namespace vingt::server::webhooks

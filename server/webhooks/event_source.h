// Record changes -> webhook deliveries: the storage change feed's listener
// (storage/record_change.h). For each committed change of a workspace that
// has webhooks, it works out the event (payload.h), and for each webhook
// whose operations match it renders the body and hands it to the
// dispatcher. Each delivery is logged (kWebhookEvent) before the write's
// shard lock is released, and its lsn returned, so the write is
// acknowledged only once what it owes its webhooks is durable too; and
// the dispatcher sends them only then (dispatcher.h), so no receiver hears
// of a write that is not durable (a crash or a failed fsync undid it). A
// server without webhooks costs one atomic load per write.
#pragma once

#include "server/webhooks/dispatcher.h"
#include "server/webhooks/event_pool.h"
#include "storage/record_change.h"
#include "storage/webhook_store.h"

namespace vingt::server::webhooks {

class WebhookEventSource : public storage::RecordChangeListener {
 public:
  WebhookEventSource(storage::WebhookStore& store, WebhookDispatcher& dispatcher)
      : store_(store), dispatcher_(dispatcher) {}

  bool Watching(const storage::Uuid& workspace_id) const override;
  uint64_t OnRecordChange(const storage::RecordChange& change) override;

 private:
  storage::WebhookStore& store_;
  WebhookDispatcher& dispatcher_;
  WebhookEventPool pool_;
};

}  // namespace vingt::server::webhooks

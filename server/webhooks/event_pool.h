// Webhook events whose memory serves again. A write watched by a webhook
// makes one event per webhook it matches, and the event is freed when its
// delivery ends, on another thread: a body of a kilobyte or more, the target
// URL and the secret, the object itself. That is four allocations per
// write, made on one thread and freed on another, the body past the size
// glibc's per-thread caches keep. An event taken from the pool is one a
// delivery has released, its strings still holding their capacity, so
// filling it in (string assignments) allocates nothing but the shared
// pointer's control block.
//
// Thread-safe: events are taken by writers and released by whichever thread
// drops the last reference. Released events outlive the pool object if need
// be (the shelf is shared with their deleters).
#pragma once

#include <cstddef>
#include <memory>

#include "storage/wal_payload.h"

namespace vingt::server::webhooks {

class WebhookEventPool {
 public:
  // Keeps at most `capacity` released events, none whose body grew past
  // `max_kept_body` bytes (a record with a huge text field): those are freed.
  explicit WebhookEventPool(size_t capacity = 4096, size_t max_kept_body = 64 * 1024);

  // An event to fill in: every field must be assigned, as it may hold a
  // released event's values. Back to the pool when its last owner lets go.
  std::shared_ptr<storage::WebhookEvent> Take();

  // Released events on the shelf now (tests).
  size_t kept() const;

 private:
  struct Shelf;
  struct ReturnToShelf;
  std::shared_ptr<Shelf> shelf_;
};

}  // namespace vingt::server::webhooks

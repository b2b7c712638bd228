#include "server/webhooks/event_pool.h"

#include <mutex>
#include <vector>

namespace vingt::server::webhooks {

struct WebhookEventPool::Shelf {
  std::mutex mu;
  std::vector<storage::WebhookEvent*> events;  // GUARDED_BY(mu)
  size_t capacity = 0;
  size_t max_kept_body = 0;

  ~Shelf() {
    for (storage::WebhookEvent* e : events) delete e;
  }

  void Put(storage::WebhookEvent* e) {
    if (e->body.capacity() <= max_kept_body) {
      std::lock_guard lock(mu);
      if (events.size() < capacity) {
        events.push_back(e);
        return;
      }
    }
    delete e;
  }
};

// The deleter of a pooled event: it goes back on the shelf.
struct WebhookEventPool::ReturnToShelf {
  std::shared_ptr<Shelf> shelf;
  void operator()(storage::WebhookEvent* e) const { shelf->Put(e); }
};

WebhookEventPool::WebhookEventPool(size_t capacity, size_t max_kept_body) : shelf_(std::make_shared<Shelf>()) {
  shelf_->capacity = capacity;
  shelf_->max_kept_body = max_kept_body;
  shelf_->events.reserve(capacity);
}

std::shared_ptr<storage::WebhookEvent> WebhookEventPool::Take() {
  storage::WebhookEvent* e = nullptr;
  {
    std::lock_guard lock(shelf_->mu);
    if (!shelf_->events.empty()) {
      e = shelf_->events.back();
      shelf_->events.pop_back();
    }
  }
  if (!e) e = new storage::WebhookEvent();
  return std::shared_ptr<storage::WebhookEvent>(e, ReturnToShelf{shelf_});
}

size_t WebhookEventPool::kept() const {
  std::lock_guard lock(shelf_->mu);
  return shelf_->events.size();
}

}  // namespace vingt::server::webhooks

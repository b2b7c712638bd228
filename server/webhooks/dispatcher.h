// Sends webhook deliveries (spec/auth-errors-limits.md §4.3–§4.4) from one
// of the server's event loops, asynchronously, so a
// slow or dead receiver never holds up the API: writers only append to an
// in-memory queue and return, and every delivery waits on sockets and
// timers, never on a thread.
//
// Per webhook: a queue of at most `queue_limit` pending deliveries (when it
// is full the oldest one is dropped, counted and logged — one line a
// second at most — never the writer blocked) and at most `concurrency`
// connections busy at once, each carrying a batch: what is waiting, up to
// `pipeline_depth` deliveries, sent pipelined (http_post.h), so at most
// concurrency × pipeline_depth deliveries are in flight. Under a light load
// batches are single deliveries; a backlog drains in full ones. A
// delivery is tried up to
// `max_attempts` times: again after a connection error, a timeout
// (`timeout_ms`) or a 5xx, with exponential backoff from `retry_base_ms`
// and ±50 % jitter; not again after any other status.
//
// Connections to a receiver are kept alive and reused (http_post.h).
// Headers: Content-Type: application/json; X-Vingt-Delivery-Id, the
// delivery's stable id (32 hex digits, the same on every attempt: receivers
// deduplicate on it); with a non-empty secret also X-Twenty-Webhook-
// Timestamp (ms), X-Twenty-Webhook-Signature (payload.h) and X-Twenty-
// Webhook-Nonce (the delivery id again).
//
// Durability: each delivery was logged with the write that caused it
// (storage/webhook_store.h, kWebhookEvent), and each attempt is logged as it
// ends (kWebhookAttempt); the final one closes the delivery. A delivery
// still open when the process stops (or is killed) is handed back on the
// next start (Resume), with the same id.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "server/webhooks/delivery_options.h"
#include "server/webhooks/http_post.h"
#include "storage/uuid.h"
#include "storage/wal_payload.h"
#include "storage/webhook_store.h"

namespace vingt::server::webhooks {

// Shared with the store, which keeps it until its final attempt.
using Delivery = std::shared_ptr<const storage::WebhookEvent>;

class WebhookDispatcher {
 public:
  // Attempts are logged to `store` (null: not logged). Runs on `io`: all
  // its work stays on that loop's one thread (the caller runs and stops it).
  WebhookDispatcher(DeliveryOptions options, storage::WebhookStore* store, asio::io_context& io);
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // From any thread; never waits for the network.
  void Enqueue(Delivery delivery);
  // Enqueues the deliveries recovery found open.
  void Resume();

  // Deliveries ended so far, by outcome (for /metrics).
  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  uint64_t failed() const { return failed_.load(std::memory_order_relaxed); }   // every attempt failed
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }  // queue full


 private:
  struct Queue {
    std::deque<Delivery> pending;
    size_t connections = 0;  // batches being delivered
    bool pump_posted = false;  // a Pump is on its way: writers need not post another
    uint64_t dropped_unlogged = 0;  // drops since the last log line (one line a second at most)
    int64_t last_drop_log_ms = 0;
  };
  void Pump(const storage::Uuid& webhook_id);  // on the thread
  // Delivers a batch of one webhook's deliveries: all attempts of each, the
  // ones to try again together after each backoff.
  asio::awaitable<void> Deliver(std::vector<Delivery> batch);

  static storage::WebhookAttempt AttemptOf(const Delivery& d, int attempt, bool final, int status,
                                           int64_t duration_ms, std::string error);
  void LogAttempts(const std::vector<storage::WebhookAttempt>& attempts);

  DeliveryOptions options_;
  storage::WebhookStore* store_;
  asio::io_context& io_;
  std::unique_ptr<ReceiverPool> receivers_;  // used on io_'s thread only
  std::mutex mu_;
  std::unordered_map<storage::Uuid, Queue, storage::UuidHash> queues_;  // GUARDED_BY(mu_)
  std::atomic<uint64_t> delivered_{0}, failed_{0}, dropped_{0};
};

}  // namespace vingt::server::webhooks

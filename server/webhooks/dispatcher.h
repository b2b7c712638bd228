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
// ends (kWebhookAttempts, a batch's at once); the final one closes the delivery. A delivery
// still open when the process stops (or is killed) is handed back on the
// next start (Resume), with the same id.
//
// A delivery is sent only once the WAL is durable up to its event, as
// Twenty sends after its transaction commits: a receiver never hears of a
// write that a crash or a failed fsync undid. Writers enqueue at once,
// with the event's lsn; what is not yet durable waits at the head of its
// queue, and one WAL durability callback at a time (for the newest lsn
// enqueued) wakes the dispatcher to pump the queues that wait: one
// callback per group commit, not one per write. After a failed fsync the
// WAL takes no more writes until restart, and what waits is never sent.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

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

  // From any thread; never waits for the network. `logged_at`: the lsn of
  // the delivery's event, sent once the WAL is durable up to it (0: now).
  void Enqueue(Delivery delivery, uint64_t logged_at = 0);
  // Enqueues the deliveries recovery found open.
  void Resume();

  // Deliveries ended so far, by outcome (for /metrics).
  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  uint64_t failed() const { return failed_.load(std::memory_order_relaxed); }   // every attempt failed
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }  // queue full


 private:
  struct Waiting {
    Delivery delivery;
    uint64_t logged_at;  // sent once the WAL is durable up to it
  };
  struct Queue {
    std::deque<Waiting> pending;
    size_t connections = 0;  // batches being delivered
    bool pump_posted = false;  // a Pump is on its way: writers need not post another
    bool awaiting_durable = false;  // listed in awaiting_durable_
    uint64_t dropped_unlogged = 0;  // drops since the last log line (one line a second at most)
    int64_t last_drop_log_ms = 0;
  };
  void Pump(const storage::Uuid& webhook_id);  // on the thread
  bool Durable(uint64_t lsn) const { return !store_ || store_->IsDurable(lsn); }
  // Lists a queue whose head is not durable yet; returns the lsn to watch
  // for when no watch is on (0: none to start).
  uint64_t AwaitDurableLocked(const storage::Uuid& webhook_id, Queue& q);
  void Watch(uint64_t lsn);  // without the lock
  void PumpAwaiting();  // on the thread, once a watch fires
  // Delivers a batch of one webhook's deliveries: all attempts of each, the
  // ones to try again together after each backoff.
  asio::awaitable<void> Deliver(std::vector<Delivery> batch);

  // at_ms 0: now.
  static storage::WebhookAttempt AttemptOf(const Delivery& d, int attempt, bool final, int status,
                                           int64_t duration_ms, std::string error, int64_t at_ms = 0);
  void LogAttempts(const std::vector<storage::WebhookAttempt>& attempts);

  DeliveryOptions options_;
  storage::WebhookStore* store_;
  asio::io_context& io_;
  std::unique_ptr<ReceiverPool> receivers_;  // used on io_'s thread only
  std::mutex mu_;
  std::unordered_map<storage::Uuid, Queue, storage::UuidHash> queues_;  // GUARDED_BY(mu_)
  std::vector<storage::Uuid> awaiting_durable_;  // GUARDED_BY(mu_)
  uint64_t newest_logged_ = 0;  // GUARDED_BY(mu_): the largest logged_at enqueued
  bool watching_ = false;       // GUARDED_BY(mu_): a durability callback is due
  bool wal_failed_ = false;     // GUARDED_BY(mu_): none will come again
  std::atomic<uint64_t> delivered_{0}, failed_{0}, dropped_{0};
};

}  // namespace vingt::server::webhooks

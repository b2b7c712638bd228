// Sends webhook deliveries (spec/auth-errors-limits.md §4.3–§4.4) from a
// thread of its own, so a slow or dead receiver never holds up the API:
// writers only append to an in-memory queue and return.
//
// Per webhook: a queue of at most `queue_limit` pending deliveries (when it
// is full the oldest one is dropped, counted and logged, never the writer
// blocked) and at most `concurrency` in flight. A delivery is tried up to
// `max_attempts` times: again after a connection error, a timeout
// (`timeout_ms`) or a 5xx, with exponential backoff from `retry_base_ms`
// and ±50 % jitter; not again after any other status.
//
// Headers: Content-Type: application/json; X-Vingt-Delivery-Id, the
// delivery's stable id (32 hex digits, the same on every attempt: receivers
// deduplicate on it); with a non-empty secret also X-Twenty-Webhook-
// Timestamp (ms), X-Twenty-Webhook-Signature (payload.h) and X-Twenty-
// Webhook-Nonce (the delivery id again).
//
// Deliveries live in memory only so far: one not yet sent when the process
// stops is lost (the WAL-backed queue is the next step of issue 12).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "server/webhooks/delivery_options.h"
#include "storage/uuid.h"

namespace vingt::server::webhooks {

struct Delivery {
  storage::Uuid webhook_id;
  std::string target_url;
  std::string secret;
  std::string event_name;
  std::string body;  // the exact bytes sent and signed
  std::string id;    // 32 hex digits
};

class WebhookDispatcher {
 public:
  explicit WebhookDispatcher(DeliveryOptions options);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void Start();
  // Stops the thread; pending deliveries are dropped.
  void Stop();
  // From any thread; never waits for the network.
  void Enqueue(Delivery delivery);

  struct Stats {
    uint64_t enqueued = 0, delivered = 0, failed = 0, dropped = 0, attempts = 0;
  };
  Stats stats() const;

 private:
  struct Queue {
    std::deque<Delivery> pending;
    size_t in_flight = 0;
  };
  void Pump(const storage::Uuid& webhook_id);  // on the thread
  asio::awaitable<void> Deliver(Delivery delivery);

  DeliveryOptions options_;
  asio::io_context io_;
  std::thread thread_;
  std::mutex mu_;
  std::unordered_map<storage::Uuid, Queue, storage::UuidHash> queues_;  // GUARDED_BY(mu_)
  std::atomic<uint64_t> enqueued_{0}, delivered_{0}, failed_{0}, dropped_{0}, attempts_{0};
};

}  // namespace vingt::server::webhooks

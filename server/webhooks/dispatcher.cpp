#include "server/webhooks/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "server/webhooks/http_post.h"
#include "server/webhooks/payload.h"

namespace vingt::server::webhooks {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool Retryable(const PostResult& r) { return r.status == 0 || r.status >= 500; }

// The delivery id as the headers carry it: 32 lower-case hex digits.
std::string HexOf(const storage::Uuid& id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : id.AsBytes()) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(DeliveryOptions options, storage::WebhookStore* store, asio::io_context* io)
    : options_(options),
      store_(store),
      own_io_(io ? nullptr : std::make_unique<asio::io_context>()),
      io_(io ? *io : *own_io_),
      receivers_(std::make_unique<ReceiverPool>(options.ca_file)) {}

void WebhookDispatcher::Resume() {
  if (!store_) return;
  for (Delivery& d : store_->PendingEvents()) Enqueue(std::move(d));
}

void WebhookDispatcher::Log(const Delivery& d, int attempt, bool final, int status, int64_t duration_ms,
                            std::string error) {
  if (!store_) return;
  storage::WebhookAttempt a;
  a.delivery_id = d.id;
  a.webhook_id = d.webhook_id;
  a.at_ms = NowMs();
  a.attempt = static_cast<uint8_t>(attempt);
  a.final = final;
  a.status = static_cast<uint16_t>(status);
  a.duration_ms = static_cast<uint32_t>(std::max<int64_t>(0, duration_ms));
  a.event_name = d.event_name;
  a.error = std::move(error);
  // Not awaited: a final attempt lost in a crash means one more delivery.
  (void)store_->AddAttempt(a);
}

WebhookDispatcher::~WebhookDispatcher() { Stop(); }

void WebhookDispatcher::Start() {
  if (!own_io_ || thread_.joinable()) return;
  thread_ = std::thread([this] {
    auto guard = asio::make_work_guard(io_);
    io_.run();
  });
}

void WebhookDispatcher::Stop() {
  if (!own_io_) return;
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::Enqueue(Delivery delivery) {
  const storage::Uuid id = delivery.webhook_id;
  bool post = false;
  {
    std::lock_guard lock(mu_);
    Queue& q = queues_[id];
    if (q.pending.size() >= options_.queue_limit) {
      ++q.dropped_unlogged;
      const int64_t now = NowMs();
      if (now - q.last_drop_log_ms >= 1000) {
        std::fprintf(stderr, "vingt: webhook %s: queue full (%zu pending), dropped the %llu oldest deliveries\n",
                     id.ToString().c_str(), q.pending.size(), static_cast<unsigned long long>(q.dropped_unlogged));
        q.dropped_unlogged = 0;
        q.last_drop_log_ms = now;
      }
      Log(q.pending.front(), 0, /*final=*/true, 0, 0, "dropped: queue full");
      q.pending.pop_front();
    }
    q.pending.push_back(std::move(delivery));
    // One wake-up of the dispatcher's thread per burst, not per delivery.
    post = !q.pump_posted;
    q.pump_posted = true;
  }
  if (post) asio::post(io_, [this, id] { Pump(id); });
}

void WebhookDispatcher::Pump(const storage::Uuid& webhook_id) {
  std::vector<Delivery> start;
  {
    std::lock_guard lock(mu_);
    Queue& q = queues_[webhook_id];
    q.pump_posted = false;
    while (q.in_flight < options_.concurrency && !q.pending.empty()) {
      ++q.in_flight;
      start.push_back(std::move(q.pending.front()));
      q.pending.pop_front();
    }
  }
  // Outside the lock: a delivery may run (and finish) inside co_spawn.
  for (Delivery& d : start) asio::co_spawn(io_, Deliver(std::move(d)), asio::detached);
}

asio::awaitable<void> WebhookDispatcher::Deliver(Delivery delivery) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  protocol::HttpUrlParse parsed = protocol::ParseHttpUrl(delivery.target_url);
  const std::string id_hex = HexOf(delivery.id);
  PostResult last;
  int attempt = 0;
  if (!parsed.url) {
    last.error = "not an http(s) URL";
    Log(delivery, 1, /*final=*/true, 0, 0, last.error);
  } else {
    asio::steady_timer backoff(co_await asio::this_coro::executor);
    for (attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      std::vector<std::pair<std::string, std::string>> headers;
      headers.emplace_back("X-Vingt-Delivery-Id", id_hex);
      if (!delivery.secret.empty()) {
        const std::string timestamp = std::to_string(NowMs());
        headers.emplace_back("X-Twenty-Webhook-Timestamp", timestamp);
        headers.emplace_back("X-Twenty-Webhook-Signature", WebhookSignature(delivery.secret, timestamp, delivery.body));
        headers.emplace_back("X-Twenty-Webhook-Nonce", id_hex);
      }
      const auto started = std::chrono::steady_clock::now();
      last = co_await receivers_->Post(*parsed.url, headers, delivery.body,
                                       std::chrono::milliseconds(options_.timeout_ms));
      const int64_t took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      const bool final = !Retryable(last) || attempt == options_.max_attempts;
      Log(delivery, attempt, final, last.status, took, last.error);
      if (final) break;
      // Exponential backoff with ±50 % jitter: base, 2 × base, 4 × base, ...
      const double jitter = 0.5 + static_cast<double>(rng() % 1001) / 1000.0;
      const auto wait = std::chrono::milliseconds(
          static_cast<int64_t>(static_cast<double>(options_.retry_base_ms << (attempt - 1)) * jitter));
      backoff.expires_after(wait);
      asio::error_code ec;
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  if (last.status < 200 || last.status >= 300) {
    std::fprintf(stderr, "vingt: webhook %s: %s to %s failed after %d attempt(s): %s\n",
                 delivery.webhook_id.ToString().c_str(), delivery.event_name.c_str(), delivery.target_url.c_str(),
                 std::min(attempt, options_.max_attempts),
                 last.status ? ("status " + std::to_string(last.status)).c_str() : last.error.c_str());
  }
  {
    std::lock_guard lock(mu_);
    --queues_[delivery.webhook_id].in_flight;
  }
  Pump(delivery.webhook_id);
}

}  // namespace vingt::server::webhooks

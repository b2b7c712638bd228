#include "server/webhooks/dispatcher.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
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

// A delivery's own header lines (see the header): its id, and with a
// secret the timestamp, signature and nonce.
void WriteHeaderLines(const storage::WebhookEvent& d, std::string_view timestamp, std::string* out) {
  *out += "X-Vingt-Delivery-Id: ";
  AppendLowerHex(d.id.AsBytes(), out);  // 32 hex digits
  *out += "\r\n";
  if (d.secret.empty()) return;
  *out += "X-Twenty-Webhook-Timestamp: ";
  *out += timestamp;
  *out += "\r\nX-Twenty-Webhook-Signature: ";
  AppendWebhookSignature(d.secret, timestamp, d.body, out);
  *out += "\r\nX-Twenty-Webhook-Nonce: ";
  AppendLowerHex(d.id.AsBytes(), out);
  *out += "\r\n";
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(DeliveryOptions options, storage::WebhookStore* store, asio::io_context& io)
    : options_(options),
      store_(store),
      io_(io),
      receivers_(std::make_unique<ReceiverPool>(options.ca_file)) {}

void WebhookDispatcher::Resume() {
  if (!store_) return;
  for (Delivery& d : store_->PendingEvents()) Enqueue(std::move(d));
}

storage::WebhookAttempt WebhookDispatcher::AttemptOf(const Delivery& d, int attempt, bool final, int status,
                                                     int64_t duration_ms, std::string error, int64_t at_ms) {
  storage::WebhookAttempt a;
  a.delivery_id = d->id;
  a.webhook_id = d->webhook_id;
  a.at_ms = at_ms ? at_ms : NowMs();
  a.attempt = static_cast<uint8_t>(attempt);
  a.final = final;
  a.status = static_cast<uint16_t>(status);
  a.duration_ms = static_cast<uint32_t>(std::max<int64_t>(0, duration_ms));
  a.event_name = d->event_name;
  a.error = std::move(error);
  return a;
}

void WebhookDispatcher::LogAttempts(const std::vector<storage::WebhookAttempt>& attempts) {
  // Not awaited: a final attempt lost in a crash means one more delivery.
  if (store_) (void)store_->AddAttempts(attempts);
}

void WebhookDispatcher::Enqueue(Delivery delivery, uint64_t logged_at) {
  const storage::Uuid id = delivery->webhook_id;
  bool post = false;
  uint64_t watch = 0;
  {
    std::lock_guard lock(mu_);
    Queue& q = queues_[id];
    if (q.pending.size() >= options_.queue_limit) {
      ++q.dropped_unlogged;
      dropped_.fetch_add(1, std::memory_order_relaxed);
      const int64_t now = NowMs();
      if (now - q.last_drop_log_ms >= 1000) {
        std::fprintf(stderr, "vingt: webhook %s: queue full (%zu pending), dropped the %llu oldest deliveries\n",
                     id.ToString().c_str(), q.pending.size(), static_cast<unsigned long long>(q.dropped_unlogged));
        q.dropped_unlogged = 0;
        q.last_drop_log_ms = now;
      }
      LogAttempts({AttemptOf(q.pending.front().delivery, 0, /*final=*/true, 0, 0, "dropped: queue full")});
      q.pending.pop_front();
    }
    q.pending.push_back({std::move(delivery), logged_at});
    newest_logged_ = std::max(newest_logged_, logged_at);
    if (!Durable(q.pending.front().logged_at)) {
      watch = AwaitDurableLocked(id, q);
    } else if (!q.pump_posted && q.connections < options_.concurrency) {
      // One wake-up of the dispatcher's thread per burst, not per delivery.
      post = q.pump_posted = true;
    }
  }
  if (post) asio::post(io_, [this, id] { Pump(id); });
  if (watch) Watch(watch);
}

uint64_t WebhookDispatcher::AwaitDurableLocked(const storage::Uuid& webhook_id, Queue& q) {
  if (wal_failed_) return 0;
  if (!q.awaiting_durable) {
    q.awaiting_durable = true;
    awaiting_durable_.push_back(webhook_id);
  }
  if (watching_) return 0;
  watching_ = true;
  return newest_logged_;
}

void WebhookDispatcher::Watch(uint64_t lsn) {
  // On the WAL's writer thread after its fsync (or here, at once): only a
  // post, so the writer is not held up.
  store_->WhenDurable(lsn, [this](Status durable) {
    if (!durable.ok()) {
      std::lock_guard lock(mu_);
      wal_failed_ = true;
      watching_ = false;
      return;
    }
    asio::post(io_, [this] { PumpAwaiting(); });
  });
}

void WebhookDispatcher::PumpAwaiting() {
  std::vector<storage::Uuid> ids;
  {
    std::lock_guard lock(mu_);
    watching_ = false;
    ids.swap(awaiting_durable_);
    for (const storage::Uuid& id : ids) queues_[id].awaiting_durable = false;
  }
  // A queue whose head is still not durable (enqueued after the watched
  // lsn) is listed again, and a new watch started, by its Pump.
  for (const storage::Uuid& id : ids) Pump(id);
}

void WebhookDispatcher::Pump(const storage::Uuid& webhook_id) {
  std::vector<std::vector<Delivery>> batches;
  uint64_t watch = 0;
  {
    std::lock_guard lock(mu_);
    Queue& q = queues_[webhook_id];
    q.pump_posted = false;
    // One connection per batch; a batch is what is waiting and durable, up
    // to the pipeline depth, so a backlog drains in pipelined batches
    // while a light load goes one delivery at a time.
    while (q.connections < options_.concurrency && !q.pending.empty() && Durable(q.pending.front().logged_at)) {
      ++q.connections;
      std::vector<Delivery>& batch = batches.emplace_back();
      const size_t depth = std::max<size_t>(1, options_.pipeline_depth);
      while (batch.size() < depth && !q.pending.empty() && Durable(q.pending.front().logged_at)) {
        batch.push_back(std::move(q.pending.front().delivery));
        q.pending.pop_front();
      }
    }
    if (!q.pending.empty() && !Durable(q.pending.front().logged_at)) watch = AwaitDurableLocked(webhook_id, q);
  }
  if (watch) Watch(watch);
  // Outside the lock: a batch may run (and finish) inside co_spawn.
  for (std::vector<Delivery>& batch : batches) asio::co_spawn(io_, Deliver(std::move(batch)), asio::detached);
}

asio::awaitable<void> WebhookDispatcher::Deliver(std::vector<Delivery> batch) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const storage::Uuid webhook_id = batch.front()->webhook_id;
  // Every delivery of a batch is for one webhook, hence one target URL.
  const protocol::HttpUrlParse parsed = protocol::ParseHttpUrl(batch.front()->target_url);
  std::vector<PostResult> last(batch.size());
  std::vector<int> attempts(batch.size(), 0);
  std::vector<storage::WebhookAttempt> log;
  log.reserve(batch.size());
  if (!parsed.url) {
    for (size_t i = 0; i < batch.size(); ++i) {
      last[i].error = "not an http(s) URL";
      attempts[i] = 1;
      log.push_back(AttemptOf(batch[i], 1, /*final=*/true, 0, 0, last[i].error));
    }
    LogAttempts(log);
  } else {
    asio::steady_timer backoff(co_await asio::this_coro::executor);
    std::vector<size_t> open(batch.size());  // indexes still to deliver
    for (size_t i = 0; i < open.size(); ++i) open[i] = i;
    for (int attempt = 1; attempt <= options_.max_attempts && !open.empty(); ++attempt) {
      std::vector<ReceiverPool::Request> requests(open.size());
      // One timestamp for the batch: its requests leave in one write.
      char timestamp_digits[24];
      const std::string_view timestamp(
          timestamp_digits,
          std::to_chars(timestamp_digits, timestamp_digits + sizeof timestamp_digits, NowMs()).ptr - timestamp_digits);
      // The batch's header lines in one string, each request's a slice.
      std::string header_lines;
      header_lines.reserve(open.size() * 256);  // 250 bytes with a secret, 55 without
      std::vector<size_t> lines_end(open.size());
      for (size_t k = 0; k < open.size(); ++k) {
        WriteHeaderLines(*batch[open[k]], timestamp, &header_lines);
        lines_end[k] = header_lines.size();
      }
      for (size_t k = 0; k < open.size(); ++k) {
        const size_t start = k == 0 ? 0 : lines_end[k - 1];
        requests[k].header_lines = std::string_view(header_lines).substr(start, lines_end[k] - start);
        requests[k].body = batch[open[k]]->body;
      }
      const auto started = std::chrono::steady_clock::now();
      std::vector<PostResult> answers =
          co_await receivers_->Post(*parsed.url, requests, std::chrono::milliseconds(options_.timeout_ms));
      const int64_t took =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      std::vector<size_t> again;
      log.clear();
      const int64_t ended_at = NowMs();
      for (size_t k = 0; k < open.size(); ++k) {
        const size_t i = open[k];
        last[i] = std::move(answers[k]);
        attempts[i] = attempt;
        const bool final = !Retryable(last[i]) || attempt == options_.max_attempts;
        log.push_back(AttemptOf(batch[i], attempt, final, last[i].status, took, last[i].error, ended_at));
        if (!final) again.push_back(i);
      }
      LogAttempts(log);
      open = std::move(again);
      if (open.empty()) break;
      // Exponential backoff with ±50 % jitter: base, 2 × base, 4 × base, ...
      const double jitter = 0.5 + static_cast<double>(rng() % 1001) / 1000.0;
      const auto wait = std::chrono::milliseconds(
          static_cast<int64_t>(static_cast<double>(options_.retry_base_ms << (attempt - 1)) * jitter));
      backoff.expires_after(wait);
      asio::error_code ec;
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (last[i].status >= 200 && last[i].status < 300) {
      delivered_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    failed_.fetch_add(1, std::memory_order_relaxed);
    const Delivery& d = batch[i];
    std::fprintf(stderr, "vingt: webhook %s: %s to %s failed after %d attempt(s): %s\n",
                 d->webhook_id.ToString().c_str(), d->event_name.c_str(), d->target_url.c_str(), attempts[i],
                 last[i].status ? ("status " + std::to_string(last[i].status)).c_str() : last[i].error.c_str());
  }
  {
    std::lock_guard lock(mu_);
    --queues_[webhook_id].connections;
  }
  Pump(webhook_id);
}

}  // namespace vingt::server::webhooks

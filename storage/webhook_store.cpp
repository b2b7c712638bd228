#include "storage/webhook_store.h"

#include <algorithm>
#include <mutex>

#include "storage/wal_format.h"
#include "storage/wal_group.h"
#include "storage/wal_writer.h"

namespace vingt::storage {
namespace {

// The most a thread's event-encoding buffer keeps between events.
constexpr size_t kKeptEncodeBuffer = 64 * 1024;

bool Older(const Webhook& a, const Webhook& b) {
  return a.created_at_ms != b.created_at_ms ? a.created_at_ms < b.created_at_ms : a.id < b.id;
}

}  // namespace

bool WebhookOperationMatches(std::string_view pattern, std::string_view object, std::string_view action) {
  const size_t dot = pattern.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view p_object = pattern.substr(0, dot), p_action = pattern.substr(dot + 1);
  return (p_object == "*" || p_object == object) && (p_action == "*" || p_action == action);
}

Result<uint64_t> WebhookStore::Put(const Webhook& webhook) {
  std::unique_lock lock(mu_);
  uint64_t lsn = 0;
  if (wal_) {
    Result<uint64_t> r = wal_->Append(WalRecordType::kPutWebhook, EncodeWebhook(webhook));
    if (!r.ok()) return std::move(r).TakeStatus();
    lsn = *r;
    changes_.Raise(lsn);
  }
  ApplyLocked(webhook);
  return lsn;
}

void WebhookStore::ReplayPut(const Webhook& webhook) {
  std::unique_lock lock(mu_);
  ApplyLocked(webhook);
}

void WebhookStore::ApplyLocked(const Webhook& webhook) {
  by_id_[webhook.id] = webhook;
  auto live = std::make_shared<std::vector<Webhook>>();
  for (const auto& [id, each] : by_id_)
    if (each.workspace_id == webhook.workspace_id && !each.deleted_at_ms) live->push_back(each);
  std::sort(live->begin(), live->end(), Older);
  if (live->empty())
    live_by_workspace_.erase(webhook.workspace_id);
  else
    live_by_workspace_[webhook.workspace_id] = std::move(live);
  size_t total = 0;
  for (const auto& [workspace, each] : live_by_workspace_) total += each->size();
  live_total_.store(total, std::memory_order_release);
}

void WebhookStore::ForgetWorkspace(const Uuid& workspace_id) {
  std::vector<Uuid> dropped;
  {
    std::unique_lock lock(mu_);
    for (auto it = by_id_.begin(); it != by_id_.end();) {
      if (it->second.workspace_id == workspace_id) {
        dropped.push_back(it->first);
        it = by_id_.erase(it);
      } else {
        ++it;
      }
    }
    live_by_workspace_.erase(workspace_id);
    size_t total = 0;
    for (const auto& [workspace, each] : live_by_workspace_) total += each->size();
    live_total_.store(total, std::memory_order_release);
  }
  std::lock_guard lock(deliveries_mu_);
  for (auto it = pending_.begin(); it != pending_.end();)
    it = it->second.second->workspace_id == workspace_id ? pending_.erase(it) : std::next(it);
  for (const Uuid& id : dropped) attempts_.erase(id);
}

std::optional<Webhook> WebhookStore::FindLive(const Uuid& workspace_id, const Uuid& id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end() || it->second.workspace_id != workspace_id || it->second.deleted_at_ms) return std::nullopt;
  return it->second;
}

std::vector<Webhook> WebhookStore::ListLive(const Uuid& workspace_id) const {
  Subscribers live = SubscribersOf(workspace_id);
  return live ? *live : std::vector<Webhook>();
}

std::vector<Webhook> WebhookStore::ListAll() const {
  std::vector<Webhook> out;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, webhook] : by_id_) out.push_back(webhook);
  }
  std::sort(out.begin(), out.end(), Older);
  return out;
}

Result<uint64_t> WebhookStore::AddEvent(std::shared_ptr<const WebhookEvent> event) {
  // Encoded before the lock: it copies the body. Into this thread's
  // buffer, which keeps its capacity from one event to the next.
  thread_local std::string payload;
  payload.clear();
  if (wal_) EncodeWebhookEventInto(*event, &payload);
  std::lock_guard lock(deliveries_mu_);
  uint64_t lsn = 0;
  if (wal_) {
    Result<uint64_t> r = wal_->Append(WalRecordType::kWebhookEvent, payload);
    if (payload.capacity() > kKeptEncodeBuffer) std::string().swap(payload);  // a huge record's body
    if (!r.ok()) return std::move(r).TakeStatus();
    lsn = *r;
  }
  ApplyEventLocked(std::move(event));
  return lsn;
}

void WebhookStore::OnEventsDurable(uint64_t lsn, std::function<void(Status)> done) const {
  // An event of one record of a batch waits for the whole batch.
  // (`done` is moved from only when it is taken: no copy on the usual path.)
  if (!wal_ || lsn == 0) {
    done(Status::Ok());
    return;
  }
  if (WhenOpenGroupDurable(wal_, std::move(done))) return;
  wal_->OnDurable(lsn, std::move(done));
}

bool WebhookStore::InOpenGroup() const { return wal_ && GroupOpenOnThisThread(wal_); }

bool WebhookStore::IsDurable(uint64_t lsn) const { return !wal_ || lsn == 0 || lsn <= wal_->durable_lsn(); }

void WebhookStore::WhenDurable(uint64_t lsn, std::function<void(Status)> done) const {
  if (!wal_ || lsn == 0) {
    done(Status::Ok());
    return;
  }
  wal_->OnDurableWithoutWaking(lsn, std::move(done));
}

Result<uint64_t> WebhookStore::AddAttempt(const WebhookAttempt& attempt) { return AddAttempts({attempt}); }

Result<uint64_t> WebhookStore::AddAttempts(const std::vector<WebhookAttempt>& attempts) {
  if (attempts.empty()) return uint64_t{0};
  // One record for the batch (kWebhookAttempts), encoded before the lock.
  std::string payload;
  if (wal_) EncodeWebhookAttemptsInto(attempts, &payload);
  std::lock_guard lock(deliveries_mu_);
  uint64_t lsn = 0;
  if (wal_) {
    Result<uint64_t> r = wal_->Append(WalRecordType::kWebhookAttempts, payload);
    if (!r.ok()) return std::move(r).TakeStatus();
    lsn = *r;
  }
  for (const WebhookAttempt& attempt : attempts) ApplyAttemptLocked(attempt);
  return lsn;
}

void WebhookStore::ReplayEvent(const WebhookEvent& event) {
  std::lock_guard lock(deliveries_mu_);
  ApplyEventLocked(std::make_shared<const WebhookEvent>(event));
}

void WebhookStore::ReplayAttempt(const WebhookAttempt& attempt) {
  std::lock_guard lock(deliveries_mu_);
  ApplyAttemptLocked(attempt);
}

void WebhookStore::ApplyEventLocked(std::shared_ptr<const WebhookEvent> event) {
  const Uuid id = event->id;
  pending_[id] = {next_sequence_++, std::move(event)};
}

void WebhookStore::ApplyAttemptLocked(const WebhookAttempt& attempt) {
  if (attempt.final) pending_.erase(attempt.delivery_id);
  std::deque<WebhookAttempt>& log = attempts_[attempt.webhook_id];
  log.push_back(attempt);
  while (log.size() > kAttemptLogSize) log.pop_front();
}

std::vector<std::shared_ptr<const WebhookEvent>> WebhookStore::PendingEvents() const {
  std::vector<std::pair<uint64_t, std::shared_ptr<const WebhookEvent>>> order;
  {
    std::lock_guard lock(deliveries_mu_);
    order.reserve(pending_.size());
    for (const auto& [id, entry] : pending_) order.push_back(entry);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::shared_ptr<const WebhookEvent>> out;
  out.reserve(order.size());
  for (auto& [seq, event] : order) out.push_back(std::move(event));
  return out;
}

std::vector<WebhookAttempt> WebhookStore::AttemptLog(const Uuid& webhook_id) const {
  std::lock_guard lock(deliveries_mu_);
  auto it = attempts_.find(webhook_id);
  if (it == attempts_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<WebhookAttempt> WebhookStore::AllAttempts() const {
  std::lock_guard lock(deliveries_mu_);
  std::vector<WebhookAttempt> out;
  for (const auto& [id, log] : attempts_) out.insert(out.end(), log.begin(), log.end());
  return out;
}

WebhookStore::Subscribers WebhookStore::SubscribersOf(const Uuid& workspace_id) const {
  std::shared_lock lock(mu_);
  auto it = live_by_workspace_.find(workspace_id);
  return it == live_by_workspace_.end() ? nullptr : it->second;
}

}  // namespace vingt::storage

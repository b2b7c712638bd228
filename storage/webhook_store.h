// The webhooks of all workspaces (storage/wal_payload.h's Webhook), logged
// as after-images like API keys (storage/key_store.h). Deleting one keeps it
// with deleted_at set, as Twenty's soft delete does; lookups skip it.
//
// Also what is owed to them: the deliveries logged with the writes that
// caused them (kWebhookEvent) and not yet ended by a final attempt, which
// recovery hands back to the dispatcher; and each webhook's last
// kAttemptLogSize attempts (kWebhookAttempts), its delivery log.
//
// Record writes ask, for every record event, which webhooks of the
// workspace want it: Subscribers() hands out an immutable list per
// workspace (rebuilt on each change, which is rare) so that question costs
// one shared lock and a few string compares, never a copy.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/change_watermark.h"
#include "storage/uuid.h"
#include "storage/wal_payload.h"

namespace vingt::storage {

class WalWriter;

// Whether an operation pattern of a webhook matches an event
// "<object>.<action>": the exact name, "*.<action>", "<object>.*" or "*.*".
bool WebhookOperationMatches(std::string_view pattern, std::string_view object, std::string_view action);

class WebhookStore {
 public:
  explicit WebhookStore(WalWriter* wal) : wal_(wal) {}
  void set_wal(WalWriter* wal) { wal_ = wal; }
  // The newest webhook definition record readers may see
  // (storage/change_watermark.h); events and attempts do not count.
  const ChangeWatermark& changes() const { return changes_; }

  // Logs and applies the after-image of a webhook; returns the lsn to await.
  Result<uint64_t> Put(const Webhook& webhook);
  void ReplayPut(const Webhook& webhook);
  // Drops the webhooks of a deleted workspace (storage/database.h), what
  // they are owed and their delivery logs; not logged itself: the
  // workspace's deletion is.
  void ForgetWorkspace(const Uuid& workspace_id);

  // A webhook of `workspace_id` that is not deleted.
  std::optional<Webhook> FindLive(const Uuid& workspace_id, const Uuid& id) const;
  // The live webhooks of a workspace, oldest first (created_at, then id).
  std::vector<Webhook> ListLive(const Uuid& workspace_id) const;
  // Every webhook, deleted ones included (snapshots).
  std::vector<Webhook> ListAll() const;

  // Whether any workspace has a live webhook: one atomic load, so writes
  // pay nothing for webhooks while there are none.
  bool HasLive() const { return live_total_.load(std::memory_order_acquire) > 0; }

  // Deliveries. AddEvent logs one with the write that caused it and
  // returns its lsn (the writer awaits it); AddAttempt logs a try without
  // being awaited, and a final one ends the delivery.
  static constexpr size_t kAttemptLogSize = 100;
  // The store keeps `event` (shared with the dispatcher's queue, not copied)
  // until its final attempt.
  Result<uint64_t> AddEvent(std::shared_ptr<const WebhookEvent> event);
  // Calls done(status) once the events logged up to `lsn` are durable (OK)
  // or can never be (the WAL's error), on the WAL's writer thread or at
  // once (WalWriter::OnDurable's rules); at once with OK when nothing is
  // logged (lsn 0, or a store without a WAL). Inside a multi-record
  // operation (wal_group.h), once the whole operation is.
  void OnEventsDurable(uint64_t lsn, std::function<void(Status)> done) const;
  // Whether events logged now would wait for an operation open on this
  // thread (OnEventsDurable's second case).
  bool InOpenGroup() const;
  // Whether the log is durable up to `lsn` (always for 0 or without a WAL).
  bool IsDurable(uint64_t lsn) const;
  // For a listener of events that writers await (the dispatcher): done(status)
  // once the log is durable up to `lsn` itself, whatever operation is open,
  // and without hurrying the WAL's writer (WalWriter::OnDurableWithoutWaking).
  void WhenDurable(uint64_t lsn, std::function<void(Status)> done) const;
  Result<uint64_t> AddAttempt(const WebhookAttempt& attempt);
  // Several at once (a batch of deliveries' attempts): one WAL record
  // (kWebhookAttempts), applied under one lock; all or none.
  Result<uint64_t> AddAttempts(const std::vector<WebhookAttempt>& attempts);
  void ReplayEvent(const WebhookEvent& event);
  void ReplayAttempt(const WebhookAttempt& attempt);
  // Deliveries not yet ended, oldest first.
  std::vector<std::shared_ptr<const WebhookEvent>> PendingEvents() const;
  // A webhook's recent attempts, oldest first (at most kAttemptLogSize).
  std::vector<WebhookAttempt> AttemptLog(const Uuid& webhook_id) const;
  // Every webhook's recent attempts (snapshots).
  std::vector<WebhookAttempt> AllAttempts() const;

  using Subscribers = std::shared_ptr<const std::vector<Webhook>>;
  // The live webhooks of a workspace as one shared, immutable list; null
  // when it has none.
  Subscribers SubscribersOf(const Uuid& workspace_id) const;

 private:
  void ApplyLocked(const Webhook& webhook);

  WalWriter* wal_;
  ChangeWatermark changes_;
  mutable std::shared_mutex mu_;
  std::unordered_map<Uuid, Webhook, UuidHash> by_id_;               // GUARDED_BY(mu_)
  std::unordered_map<Uuid, Subscribers, UuidHash> live_by_workspace_;  // GUARDED_BY(mu_)
  std::atomic<size_t> live_total_{0};

  void ApplyEventLocked(std::shared_ptr<const WebhookEvent> event);
  void ApplyAttemptLocked(const WebhookAttempt& attempt);
  mutable std::mutex deliveries_mu_;
  uint64_t next_sequence_ = 0;                                         // GUARDED_BY(deliveries_mu_)
  std::unordered_map<Uuid, std::pair<uint64_t, std::shared_ptr<const WebhookEvent>>, UuidHash>
      pending_;  // GUARDED_BY(deliveries_mu_)
  std::unordered_map<Uuid, std::deque<WebhookAttempt>, UuidHash> attempts_;          // GUARDED_BY(deliveries_mu_)
};

}  // namespace vingt::storage

#include "storage/database.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <optional>
#include <thread>

#include "storage/row.h"
#include "storage/snapshot_file.h"
#include "storage/wal_format.h"
#include "storage/wal_group_replay.h"
#include "storage/wal_payload.h"

namespace vingt::storage {
namespace {

// User + system time of the whole process so far.
double ProcessCpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Database::Database(const DatabaseOptions& options)
    : options_(options),
      fs_(options.fs ? options.fs : DefaultFileSystem()),
      wal_dir_(options.data_dir + "/wal"),
      snapshot_dir_(options.data_dir + "/snapshots") {}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options, RecoveryReport* report) {
  RecoveryReport local;
  if (!report) report = &local;
  auto started = std::chrono::steady_clock::now();
  std::unique_ptr<Database> db(new Database(options));
  VINGT_RETURN_IF_ERROR(db->fs_->CreateDir(options.data_dir));
  if (options.lock_data_dir) {
    Result<DataDirLock> lock = DataDirLock::Acquire(options.data_dir);
    if (!lock.ok()) return std::move(lock).TakeStatus();
    db->lock_ = std::move(lock).value();
  }
  VINGT_RETURN_IF_ERROR(db->fs_->CreateDir(db->wal_dir_));
  VINGT_RETURN_IF_ERROR(db->fs_->CreateDir(db->snapshot_dir_));
  VINGT_RETURN_IF_ERROR(db->Recover(report));
  // What was salvaged from a damaged snapshot lives only in memory and in
  // the WAL after it: a new snapshot takes its place (and the damaged file
  // goes with the older ones), so the next start needs no skip-corrupt.
  if (report->salvaged_snapshot) VINGT_RETURN_IF_ERROR(db->Snapshot());
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (options.snapshot_after_wal_bytes > 0) db->maintenance_ = std::thread([d = db.get()] { d->MaintenanceLoop(); });
  return db;
}

Database::~Database() { Close().IgnoreError(); }

Status Database::Recover(RecoveryReport* report) {
  // Without a snapshot the log must be complete from its first segment: a
  // missing segment 1 is then reported instead of silently skipped.
  uint64_t first_segment = 1;
  VINGT_RETURN_IF_ERROR(RemoveAbandonedSnapshots(fs_, snapshot_dir_, &report->warnings));
  const size_t warnings_before = report->warnings.size();
  Result<SnapshotInfo> snap = FindNewestSnapshot(fs_, snapshot_dir_, &report->warnings);
  // Snapshots passed over as damaged: if the log does not reach back past
  // them, what they held is lost, and the refusal below names them.
  std::string passed_over;
  for (size_t i = warnings_before; i < report->warnings.size(); ++i)
    passed_over += (passed_over.empty() ? "" : "; ") + report->warnings[i];
  if (!snap.ok() && snap.status().code() != StatusCode::kNotFound) return snap.status();
  // --wal-recovery=skip-corrupt, and a damaged snapshot newer than any valid
  // one whose WAL is gone (it was deleted when that snapshot committed):
  // what the damaged one holds is nowhere else, so its undamaged records
  // are salvaged, as the WAL's are in this mode, and the log replays after it.
  if (options_.recovery_mode == WalRecoveryMode::kSkipCorrupt && !passed_over.empty()) {
    std::optional<std::pair<std::string, uint64_t>> damaged =
        NewestSnapshotAfter(fs_, snapshot_dir_, snap.ok() ? snap->wal_segment : 0);
    if (damaged && !WalSegmentExists(snap.ok() ? snap->wal_segment : 1)) {
      snap = Status::NotFound("salvaging " + damaged->first);  // the older one is not loaded
      VINGT_RETURN_IF_ERROR(SalvageSnapshotInto(damaged->first, report));
      report->snapshot_path = damaged->first;
      first_segment = damaged->second;
      passed_over.clear();
    }
  }
  if (snap.ok()) {
    report->snapshot_path = snap->path;
    VINGT_RETURN_IF_ERROR(LoadSnapshot(*snap, report));
    first_segment = snap->wal_segment;
    snap->file.reset();  // unmap it before the WAL is read
  }

  ReplayCursor cursor;
  // Multi-record operations apply at their end, or not at all (wal_group_replay.h).
  GroupReplay groups(
      [&](WalRecordType type, std::string_view payload) { return ApplyRecord(type, payload, &cursor); },
      [&](WalRecordType type, std::string_view payload) -> std::optional<GroupReplay::RowKey> {
        Uuid id;
        Table* table = RowTargetOf(type, payload, &cursor, &id);
        if (!table) return std::nullopt;
        return GroupReplay::RowKey{table, id};
      });
  Result<WalReplayReport> replay = ReplayWal(fs_, wal_dir_, first_segment, options_.recovery_mode,
                                             [&](WalRecordType type, uint64_t, std::string_view payload) {
                                               if (type == WalRecordType::kShardPaths)
                                                 return Status::Corruption("snapshot-only record in the WAL");
                                               return groups.Add(type, payload);
                                             },
                                             [&](uint64_t) { groups.EndOfSegment(); });
  if (!replay.ok()) {
    Status failed = std::move(replay).TakeStatus();
    if (failed.code() == StatusCode::kCorruption && !passed_over.empty()) {
      return Status::Corruption(passed_over + "; and no older snapshot with the WAL after it holds what it held: " +
                                failed.message());
    }
    return failed;
  }
  report->wal_records = replay->records;
  for (auto& w : replay->warnings) report->warnings.push_back(std::move(w));
  if (GroupReplay::Dropped dropped = groups.Finish(); dropped.groups > 0) {
    report->warnings.push_back("WAL: " + std::to_string(dropped.groups) + " operation(s) cut short at the end of the log (" +
                               std::to_string(dropped.records) +
                               " record(s), never acknowledged) were left out whole: a batch is applied entirely or not at all");
  }
  report->fresh = !snap.ok() && replay->records == 0 && workspaces_.empty();
  // Every row is in: build the access paths and unique indexes once.
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  const auto index_start = std::chrono::steady_clock::now();
  const double index_cpu_start = ProcessCpuSeconds();
  for (auto& ws : workspaces_) report->shards_paths_built += ws->EndBulkLoad(threads);
  report->shards_paths_loaded = shards_paths_loaded_.load();
  report->index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - index_start).count();
  report->index_cpu_seconds = ProcessCpuSeconds() - index_cpu_start;


  // New writes go to a fresh segment: a segment that was cut at a torn tail
  // is never appended to.
  uint64_t next_segment = std::max(first_segment, replay->last_segment + 1);
  WalOptions wal_options;
  wal_options.dir = wal_dir_;
  wal_options.durability = options_.durability;
  wal_options.batch_interval_ms = options_.batch_interval_ms;
  wal_options.reserve_bytes = options_.wal_reserve_bytes;
  Result<std::unique_ptr<WalWriter>> wal = WalWriter::Open(fs_, wal_options, next_segment, replay->last_lsn + 1);
  if (!wal.ok()) return std::move(wal).TakeStatus();
  wal_ = std::move(wal).value();
  keys_.set_wal(wal_.get());
  webhooks_.set_wal(wal_.get());
  for (auto& ws : workspaces_) ws->set_wal(wal_.get());
  return Status::Ok();
}

bool Database::WalSegmentExists(uint64_t segment) const {
  Result<std::vector<std::string>> names = fs_->ListDir(wal_dir_);
  if (!names.ok()) return false;
  for (const std::string& name : *names)
    if (ParseWalSegmentFileName(name) == segment) return true;
  return false;
}

Status Database::SalvageSnapshotInto(const std::string& path, RecoveryReport* report) {
  ReplayCursor cursor;
  Result<SalvageReport> salvaged = SalvageSnapshot(fs_, path, [&](WalRecordType type, std::string_view payload) {
    return ApplyRecord(type, payload, &cursor);
  });
  if (!salvaged.ok()) return std::move(salvaged).TakeStatus();
  report->snapshot_records = salvaged->records;
  report->salvaged_snapshot = true;
  report->warnings.push_back(
      path + " is damaged; --wal-recovery=skip-corrupt salvaged " + std::to_string(salvaged->records) +
      " records from it and skipped " + std::to_string(salvaged->bytes_skipped) + " bytes in " +
      std::to_string(salvaged->damaged_stretches) + " damaged stretch(es)" +
      (salvaged->first_damage ? " (the first at offset " + std::to_string(*salvaged->first_damage) + ")" : std::string()) +
      ", and the records they held are lost; a new snapshot is written now in its place");
  return Status::Ok();
}

Workspace* Database::AddWorkspace(const WorkspaceRecord& record) {
  std::lock_guard lock(workspaces_mu_);
  if (deleted_workspaces_.contains(record.id)) return nullptr;
  if (auto it = workspaces_by_id_.find(record.id); it != workspaces_by_id_.end()) return it->second.get();
  workspaces_.push_back(
      std::make_shared<Workspace>(record.id, record.name, record.created_at_ms, wal_.get(), options_.shard_count));
  workspaces_by_id_.emplace(record.id, workspaces_.back());
  // Only recovery adds a workspace before the WAL is open: it bulk-loads.
  if (!wal_) workspaces_.back()->BeginBulkLoad();
  if (change_listener_) workspaces_.back()->set_change_listener(change_listener_);
  return workspaces_.back().get();
}

void Database::set_change_listener(RecordChangeListener* listener) {
  std::lock_guard lock(workspaces_mu_);
  change_listener_ = listener;
  for (auto& ws : workspaces_) ws->set_change_listener(listener);
}

// Records that belong to one shard, applied by that shard's thread.
bool IsShardRecord(WalRecordType type) {
  return type == WalRecordType::kPutRow || type == WalRecordType::kDeleteRow || type == WalRecordType::kShardPaths;
}

// Applies one snapshot record; a snapshot may hold shard paths.
Status Database::ApplySnapshotRecord(WalRecordType type, std::string_view payload, ReplayCursor* cursor) {
  if (type != WalRecordType::kShardPaths) return ApplyRecord(type, payload, cursor);
  ApplyShardPaths(payload, cursor);
  return Status::Ok();
}

void Database::ApplyShardPaths(std::string_view payload, ReplayCursor* cursor) {
  Result<ShardPathsRecord> r = DecodeShardPaths(payload);
  if (!r.ok()) return;
  Table* table = ReplayTable(r->workspace_id, r->object_id, cursor);
  if (!table || r->shard_count != table->shard_count() || r->shard >= table->shard_count()) return;
  if (table->LoadShardPaths(r->shard, r->paths).ok()) shards_paths_loaded_.fetch_add(1);
}

// Two threads walk the same records. The main one applies every record but
// the rows of odd shards; the helper applies only those. A record that is
// not a row (a workspace, a key, metadata: a few, before the rows) is a
// barrier: the main thread applies it once the helper has done every record
// before it, and the helper goes past it once it is applied. So no row is
// applied before the record that creates its table or after one that
// drops it, and the rows of one record (one shard) stay in log order.
Status Database::LoadSnapshot(const SnapshotInfo& snapshot, RecoveryReport* report) {
  if (std::thread::hardware_concurrency() < 2) {
    ReplayCursor cursor;
    return ReadValidatedSnapshot(snapshot, [&](WalRecordType type, std::string_view payload) {
      ++report->snapshot_records;
      return ApplySnapshotRecord(type, payload, &cursor);
    });
  }
  std::atomic<uint64_t> main_done{0}, helper_done{0};  // records each has gone past
  std::atomic<bool> failed{false};
  auto wait_for = [&](const std::atomic<uint64_t>& done, uint64_t at_least) {
    while (done.load(std::memory_order_acquire) < at_least) {
      if (failed.load(std::memory_order_relaxed)) return false;
      std::this_thread::yield();
    }
    return true;
  };
  // A thread that stops because the other failed returns this; the other's
  // error is the one reported.
  const Status kStopped = Status::Unavailable("snapshot load stopped");
  Status helper_status;
  std::thread helper([&] {
    ReplayCursor cursor;
    uint64_t i = 0;
    helper_status = ReadValidatedSnapshot(snapshot, [&](WalRecordType type, std::string_view payload) {
      if (!IsShardRecord(type)) {
        if (!wait_for(main_done, i + 1)) return kStopped;
        cursor = ReplayCursor{};
      } else if (LaneOf(type, payload, &cursor) == 1) {
        Status st = ApplySnapshotRecord(type, payload, &cursor);
        if (!st.ok()) {
          failed = true;
          return st;
        }
      }
      helper_done.store(++i, std::memory_order_release);
      return Status::Ok();
    });
    if (!helper_status.ok()) failed = true;
  });
  ReplayCursor cursor;
  uint64_t i = 0;
  Status main_status = ReadValidatedSnapshot(snapshot, [&](WalRecordType type, std::string_view payload) {
    ++report->snapshot_records;
    Status st;
    if (!IsShardRecord(type)) {
      if (!wait_for(helper_done, i)) return kStopped;
      st = ApplyRecord(type, payload, &cursor);
    } else if (LaneOf(type, payload, &cursor) == 0) {
      st = ApplySnapshotRecord(type, payload, &cursor);
    }
    if (!st.ok()) {
      failed = true;
      return st;
    }
    main_done.store(++i, std::memory_order_release);
    return Status::Ok();
  });
  helper.join();
  auto stopped = [&](const Status& st) { return st.code() == kStopped.code() && st.message() == kStopped.message(); };
  if (!main_status.ok() && !stopped(main_status)) return main_status;
  if (!helper_status.ok() && !stopped(helper_status)) return helper_status;
  return main_status.ok() ? helper_status : main_status;
}

int Database::LaneOf(WalRecordType type, std::string_view payload, ReplayCursor* cursor) {
  if (type == WalRecordType::kShardPaths) {
    Result<ShardPathsRecord> r = DecodeShardPaths(payload);
    return r.ok() ? static_cast<int>(r->shard & 1) : 0;
  }
  Uuid id;
  Table* table = RowTargetOf(type, payload, cursor, &id);
  return table ? static_cast<int>(table->ShardIndexOf(id) & 1) : 0;
}

Table* Database::RowTargetOf(WalRecordType type, std::string_view payload, ReplayCursor* cursor, Uuid* id) {
  if (type == WalRecordType::kPutRow) {
    Result<RowRecord> r = DecodePutRow(payload);
    if (!r.ok()) return nullptr;
    Table* table = ReplayTable(r->workspace_id, r->object_id, cursor);
    if (!table) return nullptr;
    std::optional<std::string_view> bytes = EncodedSlotBytes(r->row, table->schema()->id_slot);
    if (!bytes || bytes->size() != 16) return nullptr;
    *id = Uuid::FromBytes(*bytes);
    return table;
  }
  if (type == WalRecordType::kDeleteRow) {
    Result<DeleteRecord> d = DecodeDeleteRow(payload);
    if (!d.ok()) return nullptr;
    Table* table = ReplayTable(d->workspace_id, d->object_id, cursor);
    if (!table) return nullptr;
    *id = d->record_id;
    return table;
  }
  return nullptr;
}

Status Database::ApplyRecord(WalRecordType type, std::string_view payload, ReplayCursor* cursor) {
  switch (type) {
    case WalRecordType::kWorkspace: {
      Result<WorkspaceRecord> w = DecodeWorkspace(payload);
      if (!w.ok()) return std::move(w).TakeStatus();
      AddWorkspace(*w);
      return Status::Ok();
    }
    case WalRecordType::kDeleteWorkspace: {
      Result<WorkspaceDeletionRecord> d = DecodeWorkspaceDeletion(payload);
      if (!d.ok()) return std::move(d).TakeStatus();
      *cursor = ReplayCursor{};  // its tables take no rows any more
      ApplyWorkspaceDeletion(d->workspace_id);
      return Status::Ok();
    }
    case WalRecordType::kPutRow: {
      Result<RowRecord> r = DecodePutRow(payload);
      if (!r.ok()) return std::move(r).TakeStatus();
      Table* table = ReplayTable(r->workspace_id, r->object_id, cursor);
      if (!table && ObjectWasDropped(r->workspace_id, r->object_id)) return Status::Ok();
      if (!table) return Status::Corruption("row record for unknown object " + r->object_id.ToString());
      Result<RowRef> row = RowRef::Decode(r->row);
      if (!row.ok()) return std::move(row).TakeStatus();
      table->ReplayPut(std::move(row).value());
      return Status::Ok();
    }
    case WalRecordType::kDeleteRow: {
      Result<DeleteRecord> d = DecodeDeleteRow(payload);
      if (!d.ok()) return std::move(d).TakeStatus();
      Table* table = ReplayTable(d->workspace_id, d->object_id, cursor);
      if (!table && ObjectWasDropped(d->workspace_id, d->object_id)) return Status::Ok();
      if (!table) return Status::Corruption("delete record for unknown object " + d->object_id.ToString());
      table->ReplayRemove(d->record_id);
      return Status::Ok();
    }
    case WalRecordType::kWorkspaceSettings: {
      Result<WorkspaceSettingsRecord> w = DecodeWorkspaceSettings(payload);
      if (!w.ok()) return std::move(w).TakeStatus();
      Workspace* ws = FindWorkspace(w->workspace_id);
      if (!ws && WorkspaceWasDeleted(w->workspace_id)) return Status::Ok();
      if (!ws) return Status::Corruption("settings record for unknown workspace " + w->workspace_id.ToString());
      ws->set_rest_metadata_new_format(w->rest_metadata_new_format);
      return Status::Ok();
    }
    case WalRecordType::kPutKey: {
      Result<ApiKey> k = DecodeApiKey(payload);
      if (!k.ok()) return std::move(k).TakeStatus();
      keys_.ReplayPut(*k);
      return Status::Ok();
    }
    case WalRecordType::kPutWebhook: {
      Result<Webhook> h = DecodeWebhook(payload);
      if (!h.ok()) return std::move(h).TakeStatus();
      webhooks_.ReplayPut(*h);
      return Status::Ok();
    }
    case WalRecordType::kWebhookEvent: {
      Result<WebhookEvent> e = DecodeWebhookEvent(payload);
      if (!e.ok()) return std::move(e).TakeStatus();
      webhooks_.ReplayEvent(*e);
      return Status::Ok();
    }
    case WalRecordType::kWebhookAttempt: {
      Result<WebhookAttempt> a = DecodeWebhookAttempt(payload);
      if (!a.ok()) return std::move(a).TakeStatus();
      webhooks_.ReplayAttempt(*a);
      return Status::Ok();
    }
    case WalRecordType::kWebhookAttempts: {
      Result<std::vector<WebhookAttempt>> attempts = DecodeWebhookAttempts(payload);
      if (!attempts.ok()) return std::move(attempts).TakeStatus();
      for (const WebhookAttempt& a : *attempts) webhooks_.ReplayAttempt(a);
      return Status::Ok();
    }
    case WalRecordType::kMetadata: {
      Result<MetadataRecord> m = DecodeMetadata(payload);
      if (!m.ok()) return std::move(m).TakeStatus();
      Workspace* ws = FindWorkspace(m->workspace_id);
      if (!ws && WorkspaceWasDeleted(m->workspace_id)) return Status::Ok();
      if (!ws) return Status::Corruption("metadata record for unknown workspace " + m->workspace_id.ToString());
      *cursor = ReplayCursor{};  // a deleted object's table must not take rows any more
      return ws->ReplayMetadata(MetadataChange{std::move(m->put), std::move(m->drop), std::move(m->migrations)});
    }
    default:
      return Status::Corruption("unknown record type " + std::to_string(static_cast<int>(type)));
  }
}

Table* Database::ReplayTable(const Uuid& workspace_id, const Uuid& object_id, ReplayCursor* cursor) {
  if (cursor->table && cursor->object_id == object_id && cursor->workspace_id == workspace_id) return cursor->table;
  Workspace* ws = FindWorkspace(workspace_id);
  Table* table = ws ? ws->FindAnyById(object_id) : nullptr;
  if (table) *cursor = ReplayCursor{workspace_id, object_id, table};
  return table;
}

bool Database::ObjectWasDropped(const Uuid& workspace_id, const Uuid& object_id) const {
  Workspace* ws = FindWorkspace(workspace_id);
  return ws ? ws->WasDropped(object_id) : WorkspaceWasDeleted(workspace_id);
}

bool Database::WorkspaceWasDeleted(const Uuid& id) const {
  std::shared_lock lock(workspaces_mu_);
  return deleted_workspaces_.contains(id);
}

std::shared_ptr<Workspace> Database::AcquireWorkspace(const Uuid& id) const {
  std::shared_lock lock(workspaces_mu_);
  auto it = workspaces_by_id_.find(id);
  return it == workspaces_by_id_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Workspace>> Database::Workspaces() const {
  std::shared_lock lock(workspaces_mu_);
  return workspaces_;
}

Status Database::DeleteWorkspace(const Uuid& id, uint64_t* unsynced_lsn) {
  uint64_t lsn = 0;
  {
    std::lock_guard set_lock(workspace_set_mu_);
    if (!AcquireWorkspace(id)) return Status::NotFound("workspace " + id.ToString() + " not found");
    Result<uint64_t> logged =
        wal_->Append(WalRecordType::kDeleteWorkspace, EncodeWorkspaceDeletion({id, NowMs()}));
    if (!logged.ok()) return std::move(logged).TakeStatus();
    lsn = *logged;
    ApplyWorkspaceDeletion(id);
  }
  if (unsynced_lsn) {
    *unsynced_lsn = lsn;
    return Status::Ok();
  }
  return wal_->WaitDurable(lsn);
}

void Database::ApplyWorkspaceDeletion(const Uuid& id) {
  std::shared_ptr<Workspace> dropped;  // freed after the lock, or by the last request holding it
  {
    std::lock_guard lock(workspaces_mu_);
    deleted_workspaces_.insert(id);
    workspaces_by_id_.erase(id);
    for (auto it = workspaces_.begin(); it != workspaces_.end(); ++it) {
      if ((*it)->id() != id) continue;
      dropped = std::move(*it);
      workspaces_.erase(it);
      break;
    }
  }
  keys_.ForgetWorkspace(id);
  webhooks_.ForgetWorkspace(id);
}

Workspace* Database::default_workspace() const {
  std::shared_lock lock(workspaces_mu_);
  return workspaces_.empty() ? nullptr : workspaces_.front().get();
}

Workspace* Database::FindWorkspace(const Uuid& id) const {
  std::shared_lock lock(workspaces_mu_);
  auto it = workspaces_by_id_.find(id);
  return it == workspaces_by_id_.end() ? nullptr : it->second.get();
}

Result<Workspace*> Database::CreateWorkspace(const std::string& name, uint64_t* unsynced_lsn) {
  WorkspaceRecord record{Uuid::Random(), NowMs(), name};
  Workspace* ws = nullptr;
  uint64_t last_lsn = 0;
  {
    std::lock_guard set_lock(workspace_set_mu_);
    Result<uint64_t> lsn = wal_->Append(WalRecordType::kWorkspace, EncodeWorkspace(record));
    if (!lsn.ok()) return std::move(lsn).TakeStatus();
    last_lsn = *lsn;
    ws = AddWorkspace(record);
    if (options_.new_workspace_rest_metadata_new_format) {
      Result<uint64_t> settings =
          wal_->Append(WalRecordType::kWorkspaceSettings, EncodeWorkspaceSettings({ws->id(), true}));
      if (!settings.ok()) return std::move(settings).TakeStatus();
      ws->set_rest_metadata_new_format(true);
      last_lsn = *settings;
    }
  }
  if (unsynced_lsn) {
    *unsynced_lsn = last_lsn;
    return ws;
  }
  VINGT_RETURN_IF_ERROR(wal_->WaitDurable(last_lsn));
  return ws;
}

Status Database::SetRestMetadataNewFormat(Workspace* workspace, bool on) {
  Result<uint64_t> lsn =
      wal_->Append(WalRecordType::kWorkspaceSettings, EncodeWorkspaceSettings({workspace->id(), on}));
  if (!lsn.ok()) return std::move(lsn).TakeStatus();
  workspace->set_rest_metadata_new_format(on);
  return wal_->WaitDurable(*lsn);
}

// Consistency argument: Rotate() returns segment S such that every record
// appended before the call is in a segment < S. A writer appends its record
// and applies its row under the same shard lock, and ForEachRow reads each
// shard under that lock, so every change logged before S is visible to the
// walk. Changes after S may or may not be seen; replaying segments >= S
// re-applies them, and after-images make that harmless.
Status Database::Snapshot() {
  // The rotation creates a segment file: not on a disk already short of
  // room, where it could fail the log for good. Tried again later.
  VINGT_RETURN_IF_ERROR(wal_->CheckRoom());
  std::lock_guard guard(snapshot_mu_);
  const auto started = std::chrono::steady_clock::now();
  // Held for the whole snapshot: a workspace deleted meanwhile stays alive
  // until it is written (its deletion is in a later segment).
  std::vector<std::shared_ptr<Workspace>> spaces;
  std::vector<Uuid> deleted;
  // No multi-record operation is open while the view is taken: each one is
  // either wholly in it (its end logged before S) or wholly after it, so a
  // crash before an operation's end never leaves part of it in the
  // snapshot (wal_group.h). Taken first: a group may wait for the locks
  // below, never the other way round.
  std::optional<WalWriter::GroupsHeldOut> no_groups;
  no_groups.emplace(wal_->HoldGroupsOut());
  // No workspace is created or deleted from here to the rotation: each is
  // either in this view or logged in segment S or later.
  std::unique_lock set_lock(workspace_set_mu_);
  {
    std::lock_guard lock(workspaces_mu_);
    spaces = workspaces_;
    deleted.assign(deleted_workspaces_.begin(), deleted_workspaces_.end());
  }
  // What the snapshot holds is read while every workspace's metadata lock
  // is held across the rotation to segment S: a metadata change logged
  // before S is wholly in the view (schemas and migrated rows), one logged
  // in S or later is not, so replaying S on top migrates no row twice (a
  // migration may swap two values: replaying it is not idempotent). Row
  // writes go on meanwhile; their records are after-images, harmless to
  // replay over the snapshot. Only RowRefs are copied under the locks; the
  // file is written after they are released.
  struct ShardView {
    std::vector<RowRef> rows;  // in ordinal order
    uint64_t version = 0;      // the shard's, when they were taken
  };
  struct TableView {
    Table* table;  // tables live as long as their workspace
    Uuid object_id;
    std::vector<ShardView> shards;
  };
  struct View {
    Workspace* ws;
    MetadataRecord metadata;
    std::vector<TableView> tables;
  };
  std::vector<View> views;
  uint64_t segment_number = 0;
  {
    std::vector<std::unique_lock<std::mutex>> metadata_locks;
    metadata_locks.reserve(spaces.size());
    for (const auto& ws : spaces) metadata_locks.push_back(ws->LockMetadata());
    Result<uint64_t> segment = wal_->Rotate();
    if (!segment.ok()) return std::move(segment).TakeStatus();
    segment_number = *segment;
    set_lock.unlock();
    for (const auto& ws : spaces) {
      View& v = views.emplace_back(View{ws.get(), MetadataRecord{ws->id(), {}, ws->DroppedObjects(), {}}, {}});
      for (Table* table : ws->AllTables()) {
        ObjectSchemaPtr schema = table->schema();
        v.metadata.put.push_back(*schema);
        TableView& t = v.tables.emplace_back(TableView{table, schema->id, {}});
        t.shards.resize(table->shard_count());
        for (size_t i = 0; i < t.shards.size(); ++i)
          t.shards[i].version = table->SnapshotShardRows(i, &t.shards[i].rows);
      }
    }
  }
  no_groups.reset();
  Result<std::unique_ptr<SnapshotWriter>> writer = SnapshotWriter::Create(fs_, snapshot_dir_, segment_number);
  if (!writer.ok()) return std::move(writer).TakeStatus();
  SnapshotWriter& w = **writer;
  Status st;
  // Deleted workspaces first: records of theirs in later segments (writes
  // that raced a deletion) are ignored on replay.
  for (const Uuid& id : deleted) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kDeleteWorkspace, EncodeWorkspaceDeletion({id, 0}));
  }
  for (const View& v : views) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kWorkspace, EncodeWorkspace({v.ws->id(), v.ws->created_at_ms(), v.ws->name()}));
    if (st.ok())
      st = w.Add(WalRecordType::kWorkspaceSettings,
                 EncodeWorkspaceSettings({v.ws->id(), v.ws->rest_metadata_new_format()}));
  }
  for (const ApiKey& key : keys_.List()) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kPutKey, EncodeApiKey(key));
  }
  for (const Webhook& webhook : webhooks_.ListAll()) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kPutWebhook, EncodeWebhook(webhook));
  }
  // Attempts first: a pending delivery must stay pending when loaded, and
  // no attempt held here is final for a delivery still pending.
  for (const WebhookAttempt& attempt : webhooks_.AllAttempts()) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kWebhookAttempt, EncodeWebhookAttempt(attempt));
  }
  for (const auto& event : webhooks_.PendingEvents()) {
    if (!st.ok()) break;
    st = w.Add(WalRecordType::kWebhookEvent, EncodeWebhookEvent(*event));
  }
  std::string payload;
  for (View& v : views) {
    if (!st.ok()) break;
    // The metadata first, so loading the rows finds their objects.
    st = w.Add(WalRecordType::kMetadata, EncodeMetadata(v.metadata));
    for (TableView& t : v.tables) {
      for (size_t i = 0; i < t.shards.size() && st.ok(); ++i) {
        for (const RowRef& row : t.shards[i].rows) {
          if (!st.ok()) break;
          payload.clear();
          EncodePutRowHeader(v.ws->id(), t.object_id, &payload);
          payload.append(row->Encoded());
          st = w.Add(WalRecordType::kPutRow, payload);
        }
        std::vector<RowRef>().swap(t.shards[i].rows);  // release as we go
        // The shard's paths, if it has not changed since its rows were
        // taken: recovery then installs them instead of building them.
        payload.clear();
        EncodeShardPathsHeader({v.ws->id(), t.object_id, static_cast<uint32_t>(i),
                                static_cast<uint32_t>(t.shards.size()), {}},
                               &payload);
        if (st.ok() && t.table->EncodeShardPaths(i, t.shards[i].version, &payload) &&
            payload.size() <= kMaxWalPayload)
          st = w.Add(WalRecordType::kShardPaths, payload);
      }
    }
  }
  if (!st.ok()) {
    w.Abandon();
    return st;
  }
  VINGT_RETURN_IF_ERROR(w.Commit());
  snapshot_stats_.count.fetch_add(1, std::memory_order_relaxed);
  snapshot_stats_.last_seconds.store(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                                     std::memory_order_relaxed);
  snapshot_stats_.last_at_ms.store(NowMs(), std::memory_order_relaxed);
  VINGT_RETURN_IF_ERROR(wal_->DeleteSegmentsBefore(segment_number));
  return RemoveSnapshotsOlderThan(fs_, snapshot_dir_, segment_number);
}

void Database::MaintenanceLoop() {
  std::unique_lock lock(maintenance_mu_);
  while (!stopping_) {
    maintenance_cv_.wait_for(lock, std::chrono::milliseconds(250));
    if (stopping_) break;
    if (wal_->bytes_since_rotate() < options_.snapshot_after_wal_bytes) continue;
    if (!wal_->CheckRoom().ok()) continue;  // a full disk: once there is room again
    lock.unlock();
    Status st = Snapshot();
    if (!st.ok()) std::fprintf(stderr, "vingt: background snapshot failed: %s\n", st.ToString().c_str());
    lock.lock();
  }
}

Status Database::Close() {
  if (closed_.exchange(true)) return Status::Ok();
  {
    std::lock_guard lock(maintenance_mu_);
    stopping_ = true;
  }
  maintenance_cv_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  return wal_ ? wal_->Flush() : Status::Ok();
}

}  // namespace vingt::storage

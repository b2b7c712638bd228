// The whole engine behind one data dir: workspaces, API keys, webhooks, the WAL,
// snapshots and recovery.
//
// Data dir layout:
//   LOCK                    flock held by the owning process (data_dir_lock.h)
//   wal/wal-<seg>.log       log segments (wal_format.md)
//   snapshots/snap-<seg>.vsnap   newest valid one + WAL segments >= <seg> = state
// (server/ keeps its own files, e.g. the key-hashing secret, next to these.)
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/data_dir_lock.h"
#include "storage/file.h"
#include "storage/key_store.h"
#include "storage/webhook_store.h"
#include "storage/snapshot_file.h"
#include "storage/wal_reader.h"
#include "storage/wal_writer.h"
#include "storage/workspace.h"

namespace vingt::storage {

struct DatabaseOptions {
  std::string data_dir;
  Durability durability = Durability::kAlways;
  uint32_t batch_interval_ms = 10;
  WalRecoveryMode recovery_mode = WalRecoveryMode::kTolerateTornTail;
  size_t shard_count = 16;  // power of two
  // Take a snapshot in the background once this many WAL bytes were written
  // since the last one; 0 disables automatic snapshots.
  uint64_t snapshot_after_wal_bytes = 256ull << 20;
  uint64_t wal_reserve_bytes = 64ull << 20;  // WalOptions::reserve_bytes
  FileSystem* fs = nullptr;  // null = POSIX
  bool lock_data_dir = true;
  // What CreateWorkspace gives a new workspace, as Twenty's default feature
  // flags do: the newer REST metadata format (Workspace::rest_metadata_new_format).
  bool new_workspace_rest_metadata_new_format = true;
};

struct RecoveryReport {
  bool fresh = false;  // no snapshot and no WAL: a new data dir
  std::string snapshot_path;
  uint64_t snapshot_records = 0;
  bool salvaged_snapshot = false;  // skip-corrupt read a damaged snapshot (then a new one was written)
  uint64_t wal_records = 0;
  std::vector<std::string> warnings;  // torn tails cut off, bad snapshots skipped
  double seconds = 0;
  uint64_t shards_paths_loaded = 0;  // shards whose access paths came from the snapshot
  uint64_t shards_paths_built = 0;   // shards whose access paths were built from their rows
  double index_seconds = 0;  // of which building access paths and unique indexes
  double index_cpu_seconds = 0;  // CPU time that took, over every thread
};

// Snapshots written so far by this process, for /metrics.
struct SnapshotStats {
  std::atomic<uint64_t> count{0};
  std::atomic<double> last_seconds{0};   // how long the last one took
  std::atomic<int64_t> last_at_ms{0};    // when it was committed (Unix ms); 0: none yet
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options, RecoveryReport* report);
  ~Database();

  // The first workspace; null only before CreateWorkspace on a fresh dir
  // (or once every workspace is deleted).
  Workspace* default_workspace() const;
  Workspace* FindWorkspace(const Uuid& id) const;
  // The workspace, kept alive (its tables, schema, rows) for as long as the
  // caller holds it, even if it is deleted meanwhile: what a request holds.
  std::shared_ptr<Workspace> AcquireWorkspace(const Uuid& id) const;
  // The live workspaces, oldest first.
  std::vector<std::shared_ptr<Workspace>> Workspaces() const;
  // Logs the deletion of a workspace and drops it with everything in it:
  // records, objects and fields, API keys (they then open nothing, as
  // unknown keys) and webhooks. Its memory is freed once the last request
  // holding it ends. Returns once durable; NotFound for an unknown id.
  Status DeleteWorkspace(const Uuid& id, uint64_t* unsynced_lsn = nullptr);
  // Logs and creates a workspace with Twenty's standard objects; returns
  // after the record is durable, or at once with `unsynced_lsn` set to the
  // lsn to await (an event loop awaits it without blocking).
  Result<Workspace*> CreateWorkspace(const std::string& name, uint64_t* unsynced_lsn = nullptr);
  // Logs and applies a workspace's REST metadata format; returns once durable.
  Status SetRestMetadataNewFormat(Workspace* workspace, bool on);

  KeyStore& keys() { return keys_; }
  WebhookStore& webhooks() { return webhooks_; }
  // Where the record changes of every workspace, present and future, are
  // reported (storage/record_change.h). Set once, before serving; must
  // outlive the database's writes.
  void set_change_listener(RecordChangeListener* listener);
  WalWriter& wal() { return *wal_; }
  // Whether a write may start: Unavailable while the disk is short of room
  // (WalWriter::CheckRoom). Handlers ask before changing anything, so a
  // full disk refuses whole operations, never half of one.
  Status CheckWriteRoom() const { return wal_->CheckRoom(); }
  // Everything a request of `workspace` may have seen was logged at or
  // before this LSN: its records and metadata, and the server's keys and
  // webhooks. Answers wait for it to be durable (storage/change_watermark.h).
  uint64_t VisibleLsn(const Workspace& workspace) const {
    return std::max({workspace.changes().Get(), keys_.changes().Get(), webhooks_.changes().Get()});
  }
  const DatabaseOptions& options() const { return options_; }

  // Writes a snapshot while writes go on, then drops the WAL segments and
  // snapshots it makes redundant. Serialized: concurrent calls wait.
  Status Snapshot();
  const SnapshotStats& snapshot_stats() const { return snapshot_stats_; }
  // Stops background work and flushes the WAL. Idempotent.
  Status Close();

 private:
  explicit Database(const DatabaseOptions& options);
  Status Recover(RecoveryReport* report);
  // Applies a snapshot's records, rows on two threads (see the .cpp).
  Status LoadSnapshot(const SnapshotInfo& snapshot, RecoveryReport* report);
  // Recovery applies runs of records for one object: the last table looked
  // up, one per applying thread.
  struct ReplayCursor {
    Uuid workspace_id, object_id;
    Table* table = nullptr;
  };
  Status ApplyRecord(WalRecordType type, std::string_view payload, ReplayCursor* cursor);
  // ApplyRecord, plus the records only snapshots hold.
  Status ApplySnapshotRecord(WalRecordType type, std::string_view payload, ReplayCursor* cursor);
  // A snapshot's kShardPaths record: installs the paths, or leaves the
  // shard to be built if they do not fit (never an error: the rows are in).
  void ApplyShardPaths(std::string_view payload, ReplayCursor* cursor);
  // Which of two loading threads applies a row record: 0 or 1 by the
  // record's shard; 0 for anything it cannot tell.
  int LaneOf(WalRecordType type, std::string_view payload, ReplayCursor* cursor);
  // The table and record id a kPutRow / kDeleteRow writes; null if it is
  // not such a record or names no table recovery knows.
  Table* RowTargetOf(WalRecordType type, std::string_view payload, ReplayCursor* cursor, Uuid* id);
  bool WalSegmentExists(uint64_t segment) const;
  // skip-corrupt recovery: applies the undamaged records of a damaged
  // snapshot (storage/snapshot_file.h, SalvageSnapshot) and says so in the report.
  Status SalvageSnapshotInto(const std::string& path, RecoveryReport* report);
  Workspace* AddWorkspace(const WorkspaceRecord& record);
  void ApplyWorkspaceDeletion(const Uuid& id);
  bool WorkspaceWasDeleted(const Uuid& id) const;
  void MaintenanceLoop();
  Table* ReplayTable(const Uuid& workspace_id, const Uuid& object_id, ReplayCursor* cursor);
  bool ObjectWasDropped(const Uuid& workspace_id, const Uuid& object_id) const;

  DatabaseOptions options_;
  FileSystem* fs_;
  std::string wal_dir_;
  std::string snapshot_dir_;
  DataDirLock lock_;
  std::unique_ptr<WalWriter> wal_;
  KeyStore keys_{nullptr};
  RecordChangeListener* change_listener_ = nullptr;  // GUARDED_BY(workspaces_mu_)
  WebhookStore webhooks_{nullptr};

  // Held by CreateWorkspace / DeleteWorkspace while they log and apply, and
  // by Snapshot from reading the workspace list to the WAL rotation.
  std::mutex workspace_set_mu_;
  // Every request looks its workspace up: readers share the lock.
  mutable std::shared_mutex workspaces_mu_;
  std::vector<std::shared_ptr<Workspace>> workspaces_;  // GUARDED_BY(workspaces_mu_); oldest first
  std::unordered_map<Uuid, std::shared_ptr<Workspace>, UuidHash> workspaces_by_id_;  // GUARDED_BY(workspaces_mu_)
  std::unordered_set<Uuid, UuidHash> deleted_workspaces_;  // GUARDED_BY(workspaces_mu_)

  std::mutex snapshot_mu_;  // one snapshot at a time
  SnapshotStats snapshot_stats_;
  std::atomic<uint64_t> shards_paths_loaded_{0};  // recovery: ApplyShardPaths successes

  std::mutex maintenance_mu_;
  std::condition_variable maintenance_cv_;
  bool stopping_ = false;  // GUARDED_BY(maintenance_mu_)
  std::thread maintenance_;
  std::atomic<bool> closed_{false};
};

}  // namespace vingt::storage

// The records of one object: the only entry point to its rows.
//
// Rows live in N shards chosen by `hash(id) & (N-1)` (storage/shard.h); each
// shard has its own reader/writer lock, its rows in id order and an access
// path per indexed slot, kept under that lock by every write. Unique fields
// have table-wide indexes split into lock stripes by key hash (a key must be
// unique across shards).
//
// Lock order (deadlock freedom): a shard lock, then indexes_mu_, then
// unique-index stripes in ascending address order. Index lookups take only
// their stripe. Nothing blocks on disk under any of these:
// a write appends its WAL record to the writer's in-memory queue (which is
// why the log order of two writes to one record matches their apply order)
// and the caller awaits durability after the locks are gone.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/change_watermark.h"
#include "storage/query.h"
#include "storage/record_change.h"
#include "storage/row.h"
#include "storage/row_migration.h"
#include "storage/schema.h"
#include "storage/index/unique_keys.h"
#include "storage/shard.h"
#include "common/status.h"

namespace vingt::storage {

class WalWriter;

enum class PutMode { kInsert, kUpdate, kUpsert };

struct WriteOutcome {
  uint64_t lsn = 0;  // 0 when the table has no WAL (tests, recovery)
  RowRef before;     // the previous row, if any
  RowRef after;      // the new row (null after a Remove)
};

class Table {
 public:
  // shard_count must be a power of two. `wal` may be null (then nothing is logged).
  // `changes` (may be null) is raised to each logged write's LSN before the
  // write becomes visible (storage/change_watermark.h).
  Table(ObjectSchemaPtr schema, WalWriter* wal, size_t shard_count, ChangeWatermark* changes = nullptr);
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  ObjectSchemaPtr schema() const;
  // Set once, before the table serves writes (recovery runs without a WAL).
  void set_wal(WalWriter* wal) { wal_ = wal; }
  // For a WalGroup around a multi-record operation (storage/wal_group.h).
  WalWriter* wal() const { return wal_; }
  ChangeWatermark* changes() const { return changes_; }
  // Where committed Puts and Removes are reported (storage/record_change.h);
  // null: nowhere. Replays and migrations are not reported.
  void set_change_listener(RecordChangeListener* listener) { listener_.store(listener, std::memory_order_release); }

  // Reads. Soft-deleted rows are returned by Get; callers decide.
  RowRef Get(const Uuid& id) const;
  ListResult List(const ListQuery& query) const;
  // Id of the record whose unique `slot` holds `key` (slot bytes), if any.
  std::optional<Uuid> FindUnique(uint16_t slot, std::string_view key) const;
  // Ids (ascending) of records, live or soft-deleted, whose join column
  // `slot` equals `target` (through the slot's access path).
  std::vector<Uuid> FindByForeignKey(uint16_t slot, const Uuid& target, size_t limit) const;
  uint64_t live_count() const;   // rows not soft-deleted
  // Rows that `filter` (null: every row) selects among the live ones, or
  // among all with include_deleted; through the planner, a shard at a time.
  // `plans`, if given, gets each shard's plan.
  uint64_t Count(const FilterNode* filter, bool include_deleted, std::vector<std::string>* plans = nullptr) const;
  uint64_t total_count() const;  // all rows
  // Calls fn with every row, a shard at a time; the shard lock is not held
  // during fn (rows are immutable), so writes go on meanwhile.
  void ForEachRow(const std::function<void(const RowRef&)>& fn) const;
  // Calls fn(id, row) for every row that matches `filter` (null: every row)
  // and is live, or also soft-deleted if include_deleted: a shard at a time
  // under its read lock, as List scans (one point in time per shard). fn runs
  // under that lock, so it must be quick and must not call into this table;
  // it may keep the RowRef.
  void ForEachMatch(const FilterNode* filter, bool include_deleted,
                    const std::function<void(const Uuid& id, const RowRef& row)>& fn,
                    std::vector<std::string>* plans = nullptr) const;

  // A position before every existing one ("new records go first", as
  // Twenty's web app shows them). Thread-safe.
  double TakeFirstPosition();

  // Writes. `make` builds the new row from the current one (null if the
  // record does not exist) while the shard lock is held, so read-modify-write
  // is atomic per record. It must be quick and must not touch other tables.
  using RowMaker = std::function<Result<RowRef>(const RowRef& current)>;
  Result<WriteOutcome> Put(const Uuid& id, PutMode mode, const RowMaker& make);
  Result<WriteOutcome> Remove(const Uuid& id);

  // Metadata change (Workspace::CommitMetadata): the object's new schema,
  // same id, slots only ever appended. Builds the access paths of new
  // fields and the indexes of fields that became unique from the rows and
  // drops the ones no longer wanted, holding every shard lock of this table only
  // (other tables keep serving). Fails with Conflict, changing nothing, if
  // a field that becomes unique already holds one value twice.
  Status SetSchema(ObjectSchemaPtr schema);

  // The same in steps, for a change that must also log and rewrite rows
  // with nothing in between (Workspace::Apply): while the returned locks
  // live, every shard lock and the index lock of this table are held
  // exclusively, so no read or write of its rows runs.
  struct FrozenLocks {
    std::vector<std::unique_lock<std::shared_mutex>> shards;
    std::unique_lock<std::shared_mutex> indexes;
  };
  [[nodiscard]] FrozenLocks Freeze();
  // REQUIRES: Freeze() held. SetSchema without taking the locks.
  Status SetSchemaFrozen(ObjectSchemaPtr schema);
  // REQUIRES: Freeze() held. Rewrites in memory, without logging (the
  // metadata record carries `m`), every row `m` changes, under the current
  // schema. Returns how many rows changed.
  size_t MigrateRowsFrozen(const RowMigration& m);
  // Forgets every row: the object was deleted. Not logged.
  void Clear();

  // Recovery: apply an after-image without checks and without logging.
  void ReplayPut(RowRef row);
  void ReplayRemove(const Uuid& id);
  // Bulk loading (recovery): stop maintaining access paths and unique
  // indexes, then build them from the rows in one pass each (the paths of
  // shards that got them from a snapshot excepted). Returns how many
  // shards' paths it built. Queries
  // are still answered meanwhile (by scanning), but nobody should write.
  void BeginBulkLoad();
  size_t EndBulkLoad(size_t threads = 1);

  // Snapshots. The rows of shard `i`, in ordinal order, and the shard's
  // version (Shard::version) as they were taken.
  uint64_t SnapshotShardRows(size_t i, std::vector<RowRef>* rows) const;
  // Appends shard `i`'s access paths in snapshot form if the shard is still
  // at `version`, so that they cover exactly the rows SnapshotShardRows
  // gave; false, appending nothing, if it has changed since.
  bool EncodeShardPaths(size_t i, uint64_t version, std::string* out);
  // Recovery, during a bulk load, once shard `i` holds its snapshot rows:
  // installs its paths from the snapshot (Shard::LoadPaths), and
  // EndBulkLoad builds only the other shards'.
  Status LoadShardPaths(size_t i, std::string_view encoded);

  // The slots that get an access path under `schema`: every slot of an
  // active field whose kind has one (storage/index/).
  static std::vector<PathSpec> PathSpecsOf(const ObjectSchema& schema);
  // Shards, for the query engine (storage/query_engine.h). Stable for the
  // table's life.
  size_t shard_count() const { return shards_.size(); }
  size_t ShardIndexOf(const Uuid& id) const { return id.Hash() & (shards_.size() - 1); }
  // Reads that use the access paths call this first (Shard::
  // FlushPendingBeforeRead on every shard).
  void FlushPendingBeforeRead() const;
  Shard& shard(size_t i) const { return *shards_[i]; }
  // Memory held by rows, ordinals and access paths (approximate).
  size_t MemoryUsage() const;

 private:
  struct UniqueStripe {
    UniqueStripe(uint16_t slot, uint16_t id_slot) : owner(slot, id_slot) {}
    mutable std::mutex mu;
    UniqueKeys owner;  // GUARDED_BY(mu)
  };
  struct UniqueIndex {
    uint16_t slot;
    std::vector<std::unique_ptr<UniqueStripe>> stripes;
  };
  UniqueIndex NewUniqueIndex(uint16_t slot) const;

  Shard& ShardFor(const Uuid& id) const { return *shards_[ShardIndexOf(id)]; }
  static size_t StripeOf(std::string_view key, size_t n);
  bool IsLive(const Row& row) const { return row.IsNull(deleted_at_slot_); }
  // The row of `id` becomes `after` (null: it is gone); `ord` is its
  // ordinal if it exists. Keeps the shard's paths and the unique indexes.
  // REQUIRES: shard.mu held exclusively, indexes_mu_ held shared.
  void ApplyLocked(Shard& shard, const Uuid& id, std::optional<uint32_t> ord, const RowRef& before,
                   const RowRef& after);
  // REQUIRES: indexes_mu_ held (shared is enough: stripes have their own locks).
  void UpdateIndexes(const Uuid& id, const RowRef& before, const RowRef& after);
  void NotePosition(const Row& row);
  ListResult ListById(const ListQuery& q) const;
  ListResult ListPlanned(const ListQuery& q) const;
  // The plan for a filter that pins a unique field to one value: at most one
  // record can match, found through the unique index. nullopt otherwise.
  std::optional<ListResult> ListByUniqueKey(const ListQuery& q) const;
  // REQUIRES: indexes_mu_ held (shared is enough).
  std::optional<Uuid> FindUniqueLocked(uint16_t slot, std::string_view key) const;
  // REQUIRES: every shard lock and indexes_mu_ held exclusively. Rebuilds
  // stripes [first_stripe, end_stripe) of `idx` from the rows (end of a
  // bulk load; parts of one index on several threads).
  void RebuildUniqueLocked(UniqueIndex& idx, size_t first_stripe, size_t end_stripe);

  mutable std::mutex schema_mu_;
  ObjectSchemaPtr schema_;  // GUARDED_BY(schema_mu_)
  WalWriter* wal_;
  ChangeWatermark* const changes_;
  std::atomic<RecordChangeListener*> listener_{nullptr};
  Uuid workspace_id_;
  Uuid object_id_;
  uint16_t id_slot_;
  uint16_t deleted_at_slot_;
  int32_t position_slot_;
  std::vector<std::unique_ptr<Shard>> shards_;
  // Which unique indexes exist changes only in SetSchema, under every shard
  // lock and this lock exclusively; everyone else reads the list under it
  // shared. Lock order: shard locks, then indexes_mu_, then stripes.
  mutable std::shared_mutex indexes_mu_;
  std::vector<UniqueIndex> unique_;  // GUARDED_BY(indexes_mu_)
  bool bulk_load_ = false;           // GUARDED_BY(indexes_mu_)
  std::atomic<double> min_position_{0};
};

// Per-shard plans as one line: "16x lookup(city eq); id-walk", or
// "12x <plan> | 4x <other plan>" when shards chose differently.
std::string SummarizePlans(const std::vector<std::string>& plans);

// The slot that carries uniqueness for a unique field: the primary
// sub-field of EMAILS / LINKS / PHONES, else the field's own slot.
std::optional<uint16_t> UniqueSlotOf(const FieldSchema& field);

}  // namespace vingt::storage

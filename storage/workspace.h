// A workspace: its objects' metadata and their tables.
//
// The set of objects changes at runtime (custom objects, fields added,
// renamed, deactivated, deleted). Readers never wait for that: every lookup
// reads one immutable Catalog through a shared pointer, and a metadata
// change builds a new Catalog and swaps it in. Tables are never destroyed
// while the process runs (a deleted object's table is emptied and kept), so
// a Table* handed out before a change stays valid.
//
// Metadata writers serialize on LockMetadata(): a planner reads Objects(),
// checks names and builds the after-images, and commits while holding it,
// so two concurrent "create pet" calls cannot both pass the name check.
#pragma once

#include <atomic>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/row_migration.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/table.h"

namespace vingt::storage {

// One atomic metadata change: after-images of the objects it creates or
// alters, and the ids of the objects it deletes (with their records).
// Fields of a `put` object that have no slots yet (slot_count == 0) get
// fresh ones; fields that keep their slots must keep first_slot/slot_count
// of the current schema (copy the current ObjectSchema and edit it).
// `migrations` rewrite the rows the objects already hold (a new field's
// default, renamed or removed option values): applied under the table's
// shard locks right after the change is logged, inside the same record.
struct MetadataChange {
  std::vector<ObjectSchema> put;
  std::vector<Uuid> drop;
  std::vector<RowMigration> migrations;
};

class Workspace {
 public:
  // Builds the standard objects of a new Twenty workspace.
  Workspace(const Uuid& id, std::string name, int64_t created_at_ms, WalWriter* wal, size_t shard_count);
  ~Workspace();

  const Uuid& id() const { return id_; }
  const std::string& name() const { return name_; }
  int64_t created_at_ms() const { return created_at_ms_; }

  // Twenty's per-workspace feature flag IS_REST_METADATA_API_NEW_FORMAT_DIRECT:
  // the REST metadata routes answer its newer format (bare records, one
  // list envelope). Off for a workspace that never had the setting logged
  // (as Twenty leaves existing workspaces); Database sets it (kWorkspaceSettings).
  bool rest_metadata_new_format() const { return rest_metadata_new_format_.load(std::memory_order_relaxed); }
  void set_rest_metadata_new_format(bool on) { rest_metadata_new_format_.store(on, std::memory_order_relaxed); }

  // Record API lookups by the exact, case-sensitive API names: active
  // objects only (a deactivated object is gone from REST and GraphQL).
  // Null if absent.
  Table* FindByPlural(std::string_view name_plural) const;
  Table* FindBySingular(std::string_view name_singular) const;
  Table* FindById(const Uuid& object_id) const;
  // Active tables, in creation order.
  std::vector<Table*> tables() const;

  // Metadata API view: every object, active or not, in creation order.
  std::vector<ObjectSchemaPtr> Objects() const;
  Table* FindAnyById(const Uuid& object_id) const;  // active or not
  // +1 on every committed change; caches keyed by it stay valid until it moves.
  uint64_t metadata_version() const;

  // See the header comment. Hold it across read-validate-commit.
  [[nodiscard]] std::unique_lock<std::mutex> LockMetadata() { return std::unique_lock(metadata_mu_); }
  // REQUIRES: LockMetadata() held. Assigns slots, checks the layout (names
  // unique, slots only ever appended, a field that becomes unique has no
  // duplicate values), logs one WAL record and applies it. Returns the LSN
  // to await before acknowledging (0 without a WAL). On error nothing changed.
  Result<uint64_t> CommitMetadata(MetadataChange change);

  // Recovery and snapshots (storage/database.cpp).
  // Set once recovery is done; tables created later log through it too.
  void set_wal(WalWriter* wal);
  // The newest record or metadata change of this workspace readers may see
  // (storage/change_watermark.h).
  const ChangeWatermark& changes() const { return changes_; }
  // Where every table, present and future, reports its record changes
  // (storage/record_change.h); null: nowhere.
  void set_change_listener(RecordChangeListener* listener);
  // Applies a logged change without logging it again, migrations included
  // (so replaying one twice is not idempotent; see Database::Snapshot).
  Status ReplayMetadata(MetadataChange change);
  // Every table incl. inactive ones, for snapshots and set_wal.
  std::vector<Table*> AllTables() const;
  // Recovery loads rows without maintaining access paths, then builds them
  // once (Table::BeginBulkLoad); tables created by replayed metadata
  // records join the bulk load. EndBulkLoad builds every table's paths with
  // `threads` threads.
  void BeginBulkLoad();
  size_t EndBulkLoad(size_t threads);  // returns how many shards' paths it built
  // Ids of deleted objects; their rows may still appear in older WAL
  // segments and are skipped on replay.
  bool WasDropped(const Uuid& object_id) const;
  std::vector<Uuid> DroppedObjects() const;

 private:
  struct Catalog;
  std::shared_ptr<const Catalog> catalog() const;
  // REQUIRES: metadata_mu_ held. Builds and publishes the next catalog;
  // with `log`, checks the change and writes it to the WAL first.
  Status Apply(MetadataChange change, bool log, uint64_t* lsn = nullptr);

  Uuid id_;
  std::string name_;
  int64_t created_at_ms_;
  WalWriter* wal_;  // GUARDED_BY(metadata_mu_)
  ChangeWatermark changes_;  // every table of this workspace raises it
  RecordChangeListener* change_listener_ = nullptr;  // GUARDED_BY(metadata_mu_); given to every table
  size_t shard_count_;

  std::mutex metadata_mu_;                // serializes metadata writers
  std::vector<std::unique_ptr<Table>> owned_;  // GUARDED_BY(metadata_mu_); never shrinks
  bool bulk_load_ = false;                     // GUARDED_BY(metadata_mu_)
  std::atomic<bool> rest_metadata_new_format_{false};
  mutable std::mutex catalog_mu_;         // guards the pointer swap only
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace vingt::storage

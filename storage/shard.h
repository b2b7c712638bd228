// One shard of a table: its rows, addressed by id and by a dense ordinal,
// and the access paths over them (storage/index/).
//
//   ids      id -> ordinal (IdTable); id order is the id field's path
//   rows     ordinal -> RowRef (null = a free ordinal, reused by the next insert)
//   id_of    ordinal -> id
//   live     RowSet of the ordinals of rows that are not soft-deleted
//   present  RowSet of the ordinals in use
//   paths    per indexed slot: a ValueIndex (sortable kinds) or an ItemIndex
//            (string lists), over every row, live or not, but
//   pending  the rows inserted since the last batch: up to kPendingBatch
//            new rows wait here and enter the paths together. A write then
//            costs a bit in a set, and the batch finds every path's hot
//            entries in cache, which one insert between two requests never
//            does (that cut path maintenance per create several times).
//            Every read takes pending rows into account by testing them one
//            by one (storage/filter_eval.h), so they are never missed.
//
// Ordinals exist only in memory: they are given out as rows arrive (also on
// recovery), so the bitsets of a query are dense, small (a shard holds tens
// of thousands of rows at a million) and cheap to combine. A snapshot holds
// the paths with each ordinal replaced by its rank among the rows in use,
// which is the ordinal recovery gives that row (EncodePaths / LoadPaths).
//
// Thread safety: `mu` guards everything; Table takes it (exclusive to
// write, shared to read) and the query engine reads under it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/index/access_path.h"
#include "storage/index/id_table.h"
#include "storage/index/item_index.h"
#include "storage/index/row_set.h"
#include "storage/index/value_index.h"
#include "storage/row.h"
#include "common/status.h"
#include "storage/uuid.h"

namespace vingt::storage {

// The value of `slot` as an index takes it: nullopt for NULL.
inline std::optional<std::string_view> SlotValue(const Row& row, uint16_t slot) {
  if (row.IsNull(slot)) return std::nullopt;
  return row.Bytes(slot);
}

class Shard {
 public:
  Shard(uint16_t id_slot, uint16_t deleted_at_slot) : id_slot_(id_slot), deleted_at_slot_(deleted_at_slot) {}
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  mutable std::shared_mutex mu;

  // ---- rows (REQUIRES: mu held) ----
  std::optional<uint32_t> Find(const Uuid& id) const { return by_id_.Find(id); }
  RowRef Get(const Uuid& id) const {
    auto ord = Find(id);
    return ord ? rows_[*ord] : RowRef();
  }
  // fn(ord) for every row, in ordinal order.
  template <typename Fn>
  void ForEachOrdinal(Fn&& fn) const {
    for (uint32_t ord = 0; ord < rows_.size(); ++ord)
      if (rows_[ord]) fn(ord);
  }
  // Rows not in the paths yet (see above); reads test them one by one.
  const RowSet& pending() const { return pending_; }
  const std::vector<uint32_t>& pending_rows() const { return pending_list_; }
  bool has_pending() const { return !pending_list_.empty(); }
  // Puts the pending rows into the paths. REQUIRES: mu held exclusively.
  void FlushPending();
  // For a reader, before it takes the shared lock: if rows are pending,
  // puts them into the paths under the exclusive lock (once after a burst
  // of writes, so that the reads after it walk the paths alone). Without
  // the lock; a write that comes in between is still covered (see above).
  void FlushPendingBeforeRead();

  // The id field's ordered path: rows in id order. Null while paths are
  // suspended.
  const ValueIndex* id_path() const {
    const AccessPath* p = PathOf(id_slot_);
    return p ? p->values.get() : nullptr;
  }
  const RowRef& row(uint32_t ord) const { return rows_[ord]; }
  const Uuid& id(uint32_t ord) const { return ids_[ord]; }
  // Every ordinal in use is below this.
  uint32_t capacity() const { return static_cast<uint32_t>(rows_.size()); }
  const RowSet& live() const { return live_; }
  const RowSet& present() const { return present_; }  // every row, live or not
  bool IsLive(uint32_t ord) const { return live_.Test(ord); }
  uint64_t live_count() const { return live_count_; }
  size_t size() const { return by_id_.size(); }
  uint16_t id_slot() const { return id_slot_; }
  bool IsLiveRow(const Row& row) const { return row.IsNull(deleted_at_slot_); }

  // ---- writes (REQUIRES: mu held exclusively) ----
  // A new row, a new version of the row at `ord`, a row gone. Access paths
  // follow unless they are suspended (SuspendPaths).
  uint32_t Insert(const Uuid& id, RowRef row);
  void Replace(uint32_t ord, RowRef row);
  void Erase(uint32_t ord);
  // Forgets every row.
  void Clear();

  // ---- access paths (REQUIRES: mu held; changes: exclusively) ----
  // The path of `slot`, null if it has none (or paths are suspended).
  const AccessPath* PathOf(uint16_t slot) const;
  // Makes the paths exactly `specs`: keeps the ones already there, builds
  // the new ones from the rows, drops the others.
  void SetPaths(std::vector<PathSpec> specs);
  // Bulk loading (recovery): stop maintaining paths, then build them all
  // at once from the rows (one sort per path instead of a sorted insert per
  // row and path).
  void SuspendPaths();
  void RebuildPaths();
  bool paths_suspended() const { return suspended_; }
  bool paths_deferred() const { return deferred_; }

  // ---- snapshots (storage/index/path_codec.h) ----
  // Moves with every change to the rows or to the set of paths: a snapshot
  // writes a shard's paths only if they still cover exactly the rows it
  // took from the shard (Table::EncodeShardPaths).
  uint64_t version() const { return version_; }
  // Appends the paths in snapshot form, each ordinal as its rank among the
  // rows in use (the order a snapshot writes them in). REQUIRES: mu held
  // exclusively, paths not suspended.
  // False, writing nothing, for a shard whose paths were never built.
  bool EncodePaths(std::string* out);
  // Installs the paths a snapshot holds, instead of RebuildPaths. Nothing
  // changes on failure: InvalidArgument unless the paths are suspended
  // and the rows fill ordinals 0..size()-1 with nothing pending, or if the
  // encoded paths are not exactly this shard's; Corruption if damaged.
  // REQUIRES: mu held exclusively.
  Status LoadPaths(std::string_view encoded);

  size_t MemoryUsage() const;

 private:
  static constexpr size_t kPendingBatch = 64;
  void DropPending();
  void AddToPaths(uint32_t ord, const Row& row, bool live);
  void RemoveFromPaths(uint32_t ord, const Row& row, bool live);
  // The paths of `specs` (in that order), built from the rows.
  std::vector<AccessPath> BuildPaths(const std::vector<PathSpec>& specs) const;

  const uint16_t id_slot_;
  const uint16_t deleted_at_slot_;
  IdTable by_id_;
  std::vector<RowRef> rows_;
  std::vector<Uuid> ids_;
  std::vector<uint32_t> free_;
  RowSet live_;
  RowSet present_;
  uint64_t live_count_ = 0;
  RowSet pending_;
  std::vector<uint32_t> pending_list_;  // the same ordinals, in arrival order
  std::atomic<bool> any_pending_{false};  // !pending_list_.empty(), readable without mu
  std::vector<PathSpec> specs_;   // the paths there should be
  std::vector<AccessPath> paths_; // sorted by slot; empty while suspended or deferred
  bool suspended_ = false;
  // No row has reached the paths yet, so none were built: a new
  // workspace's objects are many shards of nothing, and their empty
  // indexes would be most of its memory and creation time. Built (empty)
  // when the first rows are flushed; PathOf answers null meanwhile, as for
  // a field without a path.
  bool deferred_ = false;
  void BuildDeferredPaths();
  uint64_t version_ = 0;
};

}  // namespace vingt::storage

// One shard of a table: its rows, addressed by id (in id order) and by a
// dense ordinal, and the access paths over them (storage/index/).
//
//   by_id    id -> ordinal, ordered: id-order pages and cursors
//   rows     ordinal -> RowRef (null = a free ordinal, reused by the next insert)
//   ids      ordinal -> id
//   live     RowSet of the ordinals of rows that are not soft-deleted
//   present  RowSet of the ordinals in use
//   paths    per indexed slot: a ValueIndex (sortable kinds) or an ItemIndex
//            (string lists), over every row, live or not
//
// Ordinals exist only in memory: they are given out as rows arrive (also on
// recovery) and never written anywhere, so the bitsets of a query are
// dense, small (a shard holds tens of thousands of rows at a million) and
// cheap to combine.
//
// Thread safety: `mu` guards everything; Table takes it (exclusive to
// write, shared to read) and the query engine reads under it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/index/item_index.h"
#include "storage/index/row_set.h"
#include "storage/index/value_index.h"
#include "storage/row.h"
#include "storage/uuid.h"

namespace vingt::storage {

// Which slot gets an access path, and of which kind.
struct PathSpec {
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
  bool operator==(const PathSpec&) const = default;
};

// The path of one slot: exactly one of the two is set.
struct AccessPath {
  PathSpec spec;
  std::unique_ptr<ValueIndex> values;
  std::unique_ptr<ItemIndex> items;
};

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
  std::optional<uint32_t> Find(const Uuid& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }
  RowRef Get(const Uuid& id) const {
    auto ord = Find(id);
    return ord ? rows_[*ord] : RowRef();
  }
  const std::map<Uuid, uint32_t>& by_id() const { return by_id_; }
  const RowRef& row(uint32_t ord) const { return rows_[ord]; }
  const Uuid& id(uint32_t ord) const { return ids_[ord]; }
  // Every ordinal in use is below this.
  uint32_t capacity() const { return static_cast<uint32_t>(rows_.size()); }
  const RowSet& live() const { return live_; }
  const RowSet& present() const { return present_; }  // every row, live or not
  bool IsLive(uint32_t ord) const { return live_.Test(ord); }
  uint64_t live_count() const { return live_count_; }
  size_t size() const { return by_id_.size(); }
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

  size_t MemoryUsage() const;

 private:
  void AddToPaths(uint32_t ord, const Row& row, bool live);
  void RemoveFromPaths(uint32_t ord, const Row& row, bool live);
  // The paths of `specs` (in that order), built from the rows.
  std::vector<AccessPath> BuildPaths(const std::vector<PathSpec>& specs) const;

  const uint16_t id_slot_;
  const uint16_t deleted_at_slot_;
  std::map<Uuid, uint32_t> by_id_;
  std::vector<RowRef> rows_;
  std::vector<Uuid> ids_;
  std::vector<uint32_t> free_;
  RowSet live_;
  RowSet present_;
  uint64_t live_count_ = 0;
  std::vector<PathSpec> specs_;   // the paths there should be
  std::vector<AccessPath> paths_; // sorted by slot; empty while suspended
  bool suspended_ = false;
};

}  // namespace vingt::storage

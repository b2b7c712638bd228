#include "storage/table.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "storage/filter_eval.h"
#include "storage/index/sort_key.h"
#include "storage/query_planner.h"
#include "storage/wal_format.h"
#include "storage/wal_payload.h"
#include "storage/wal_writer.h"

namespace vingt::storage {
namespace {

constexpr size_t kIndexStripes = 16;

Status DuplicateEntry() {
  return Status::Conflict("A duplicate entry was detected").WithDetailCode("DUPLICATE_ENTRY_DETECTED");
}

}  // namespace

std::optional<uint16_t> UniqueSlotOf(const FieldSchema& field) {
  if (!field.is_unique || field.slot_count == 0) return std::nullopt;
  // EMAILS, LINKS and PHONES carry uniqueness on their first sub-field.
  return field.first_slot;
}

Table::Table(ObjectSchemaPtr schema, WalWriter* wal, size_t shard_count, ChangeWatermark* changes)
    : schema_(schema),
      wal_(wal),
      changes_(changes),
      workspace_id_(schema->workspace_id),
      object_id_(schema->id),
      id_slot_(schema->id_slot),
      deleted_at_slot_(schema->deleted_at_slot),
      position_slot_(schema->position_slot) {
  shards_.reserve(shard_count);
  for (size_t i = 0; i < shard_count; ++i) shards_.push_back(std::make_unique<Shard>(id_slot_, deleted_at_slot_));
  // An empty table has no duplicate to refuse: this only creates the indexes.
  (void)SetSchema(std::move(schema));
}

std::vector<PathSpec> Table::PathSpecsOf(const ObjectSchema& schema) {
  std::vector<PathSpec> specs;
  for (const auto& f : schema.fields) {
    if (!f.is_active) continue;
    for (uint16_t i = 0; i < f.slot_count; ++i) {
      const uint16_t slot = static_cast<uint16_t>(f.first_slot + i);
      const SlotKind kind = schema.slots[slot].kind;
      if (HasSortKey(kind) || kind == SlotKind::kStringList) specs.push_back({slot, kind});
    }
  }
  return specs;
}

ObjectSchemaPtr Table::schema() const {
  std::lock_guard lock(schema_mu_);
  return schema_;
}

size_t Table::StripeOf(std::string_view key, size_t n) {
  return std::hash<std::string_view>{}(key) & (n - 1);
}

RowRef Table::Get(const Uuid& id) const {
  Shard& s = ShardFor(id);
  std::shared_lock lock(s.mu);
  return s.Get(id);
}

std::optional<Uuid> Table::FindUnique(uint16_t slot, std::string_view key) const {
  std::shared_lock indexes(indexes_mu_);
  return FindUniqueLocked(slot, key);
}

std::optional<Uuid> Table::FindUniqueLocked(uint16_t slot, std::string_view key) const {
  for (const auto& idx : unique_) {
    if (idx.slot != slot) continue;
    const UniqueStripe& st = *idx.stripes[StripeOf(key, idx.stripes.size())];
    std::lock_guard lock(st.mu);
    return st.owner.Find(key);
  }
  return std::nullopt;
}

std::vector<Uuid> Table::FindByForeignKey(uint16_t slot, const Uuid& target, size_t limit) const {
  FlushPendingBeforeRead();
  std::vector<Uuid> out;
  const std::string_view key = target.AsBytes();
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    const AccessPath* path = s->PathOf(slot);
    if (path && path->values) {
      if (auto pos = path->values->Find(key)) {
        const ValueIndex::Entry e = path->values->At(*pos);
        path->values->ForEachRow(e, [&](uint32_t ord) { out.push_back(s->id(ord)); });
      }
      for (uint32_t ord : s->pending_rows()) {
        const Row& row = *s->row(ord);
        if (!row.IsNull(slot) && row.Bytes(slot) == key) out.push_back(s->id(ord));
      }
      continue;
    }
    // No path (a bulk load is under way): read the rows.
    s->ForEachOrdinal([&](uint32_t ord) {
      const Row& row = *s->row(ord);
      if (!row.IsNull(slot) && row.Bytes(slot) == key) out.push_back(s->id(ord));
    });
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

uint64_t Table::live_count() const {
  uint64_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    n += s->live_count();
  }
  return n;
}

uint64_t Table::total_count() const {
  uint64_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    n += s->size();
  }
  return n;
}

void Table::ForEachRow(const std::function<void(const RowRef&)>& fn) const {
  std::vector<RowRef> batch;
  for (size_t i = 0; i < shards_.size(); ++i) {
    batch.clear();
    SnapshotShardRows(i, &batch);
    for (const auto& row : batch) fn(row);
  }
}

uint64_t Table::Count(const FilterNode* filter, bool include_deleted, std::vector<std::string>* plans) const {
  FlushPendingBeforeRead();
  ObjectSchemaPtr current = schema();
  uint64_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    Selection sel = SelectRows(*s, filter, include_deleted, current.get());
    n += sel.count;
    if (plans) plans->push_back(std::move(sel.plan));
  }
  return n;
}

void Table::ForEachMatch(const FilterNode* filter, bool include_deleted,
                         const std::function<void(const Uuid&, const RowRef&)>& fn,
                         std::vector<std::string>* plans) const {
  FlushPendingBeforeRead();
  ObjectSchemaPtr current = schema();
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    Selection sel = SelectRows(*s, filter, include_deleted, current.get());
    ForEachSelected(*s, sel, include_deleted, [&](uint32_t ord) { fn(s->id(ord), s->row(ord)); });
    if (plans) plans->push_back(std::move(sel.plan));
  }
}

double Table::TakeFirstPosition() {
  double cur = min_position_.load(std::memory_order_relaxed);
  while (!min_position_.compare_exchange_weak(cur, cur - 1, std::memory_order_relaxed)) {
  }
  return cur - 1;
}

void Table::NotePosition(const Row& row) {
  if (position_slot_ < 0 || row.IsNull(position_slot_)) return;
  double p = row.Number(position_slot_);
  double cur = min_position_.load(std::memory_order_relaxed);
  while (p < cur && !min_position_.compare_exchange_weak(cur, p, std::memory_order_relaxed)) {
  }
}

void Table::UpdateIndexes(const Uuid& id, const RowRef& before, const RowRef& after) {
  for (auto& idx : unique_) {
    std::string_view old_key = before && !before->IsNull(idx.slot) ? before->Bytes(idx.slot) : std::string_view();
    std::string_view new_key = after && !after->IsNull(idx.slot) ? after->Bytes(idx.slot) : std::string_view();
    if (!old_key.empty() && old_key != new_key) {
      UniqueStripe& st = *idx.stripes[StripeOf(old_key, idx.stripes.size())];
      std::lock_guard lock(st.mu);
      // Only drop the entry if it is still ours: during replay another
      // record may already have claimed the key.
      st.owner.EraseIfOwner(old_key, id);
    }
    // Also when the key did not change: the entry then holds the record's
    // new version (an old one would stay in memory otherwise).
    if (!new_key.empty()) {
      UniqueStripe& st = *idx.stripes[StripeOf(new_key, idx.stripes.size())];
      std::lock_guard lock(st.mu);
      st.owner.Set(after);
    }
  }
}

void Table::ApplyLocked(Shard& shard, const Uuid& id, std::optional<uint32_t> ord, const RowRef& before,
                        const RowRef& after) {
  if (after) {
    if (ord)
      shard.Replace(*ord, after);
    else
      shard.Insert(id, after);
    NotePosition(*after);
  } else if (ord) {
    shard.Erase(*ord);
  }
  if (!bulk_load_) UpdateIndexes(id, before, after);
}

Result<WriteOutcome> Table::Put(const Uuid& id, PutMode mode, const RowMaker& make) {
  Shard& shard = ShardFor(id);
  std::unique_lock lock(shard.mu);
  const std::optional<uint32_t> ord = shard.Find(id);
  RowRef current = ord ? shard.row(*ord) : RowRef();
  if (mode == PutMode::kInsert && current) return DuplicateEntry();
  if (mode == PutMode::kUpdate && !current)
    return Status::NotFound("Record not found").WithDetailCode("RECORD_NOT_FOUND");
  std::shared_lock indexes(indexes_mu_);

  Result<RowRef> made = make(current);
  if (!made.ok()) return std::move(made).TakeStatus();
  RowRef after = std::move(made).value();

  // Unique checks: hold every stripe a new key falls in until the row is
  // applied, so two concurrent writers cannot both claim one key.
  struct Held {
    UniqueStripe* stripe;
    std::string_view key;
  };
  std::vector<Held> held;
  for (auto& idx : unique_) {
    if (after->IsNull(idx.slot)) continue;
    std::string_view key = after->Bytes(idx.slot);
    if (key.empty()) continue;  // Twenty's unique indexes ignore empty values
    if (current && !current->IsNull(idx.slot) && current->Bytes(idx.slot) == key) continue;
    held.push_back({idx.stripes[StripeOf(key, idx.stripes.size())].get(), key});
  }
  std::vector<UniqueStripe*> order;
  for (const auto& h : held) order.push_back(h.stripe);
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::vector<std::unique_lock<std::mutex>> stripe_locks;
  stripe_locks.reserve(order.size());
  for (UniqueStripe* st : order) stripe_locks.emplace_back(st->mu);
  for (const auto& h : held) {
    std::optional<Uuid> owner = h.stripe->owner.Find(h.key);
    if (owner && *owner != id) return DuplicateEntry();
  }

  WriteOutcome out;
  if (wal_) {
    Result<uint64_t> lsn = wal_->Append(WalRecordType::kPutRow, EncodePutRow(workspace_id_, object_id_, after->Encoded()));
    if (!lsn.ok()) return std::move(lsn).TakeStatus();
    out.lsn = *lsn;
    if (changes_) changes_->Raise(*lsn);
  }
  // UpdateIndexes takes stripe locks itself; release ours first. The shard
  // lock still excludes every other writer of this record, and a writer of
  // another record that wants one of these keys re-checks under the stripe.
  for (auto& h : held) h.stripe->owner.Set(after);
  stripe_locks.clear();
  ApplyLocked(shard, id, ord, current, after);
  RecordChangeListener* listener = listener_.load(std::memory_order_acquire);
  if (listener && listener->Watching(workspace_id_)) {
    const ObjectSchemaPtr schema = this->schema();
    out.lsn = std::max(out.lsn, listener->OnRecordChange({workspace_id_, schema, current, after}));
  }
  out.before = std::move(current);
  out.after = std::move(after);
  return out;
}

Result<WriteOutcome> Table::Remove(const Uuid& id) {
  Shard& shard = ShardFor(id);
  std::unique_lock lock(shard.mu);
  const std::optional<uint32_t> ord = shard.Find(id);
  if (!ord) return Status::NotFound("Record not found").WithDetailCode("RECORD_NOT_FOUND");
  std::shared_lock indexes(indexes_mu_);
  WriteOutcome out;
  if (wal_) {
    Result<uint64_t> lsn = wal_->Append(WalRecordType::kDeleteRow, EncodeDeleteRow({workspace_id_, object_id_, id}));
    if (!lsn.ok()) return std::move(lsn).TakeStatus();
    out.lsn = *lsn;
    if (changes_) changes_->Raise(*lsn);
  }
  out.before = shard.row(*ord);
  ApplyLocked(shard, id, ord, out.before, RowRef());
  RecordChangeListener* listener = listener_.load(std::memory_order_acquire);
  if (listener && listener->Watching(workspace_id_)) {
    const ObjectSchemaPtr schema = this->schema();
    out.lsn = std::max(out.lsn, listener->OnRecordChange({workspace_id_, schema, out.before, out.after}));
  }
  return out;
}

void Table::ReplayPut(RowRef row) {
  Uuid id = row->GetUuid(id_slot_);
  Shard& shard = ShardFor(id);
  std::unique_lock lock(shard.mu);
  const std::optional<uint32_t> ord = shard.Find(id);
  RowRef before = ord ? shard.row(*ord) : RowRef();
  std::shared_lock indexes(indexes_mu_);
  ApplyLocked(shard, id, ord, before, row);
}

void Table::ReplayRemove(const Uuid& id) {
  Shard& shard = ShardFor(id);
  std::unique_lock lock(shard.mu);
  const std::optional<uint32_t> ord = shard.Find(id);
  if (!ord) return;
  RowRef before = shard.row(*ord);
  std::shared_lock indexes(indexes_mu_);
  ApplyLocked(shard, id, ord, before, RowRef());
}

void Table::BeginBulkLoad() {
  FrozenLocks locks = Freeze();
  bulk_load_ = true;
  for (auto& s : shards_) s->SuspendPaths();
}

uint64_t Table::SnapshotShardRows(size_t i, std::vector<RowRef>* rows) const {
  const Shard& s = *shards_[i];
  std::shared_lock lock(s.mu);
  rows->reserve(rows->size() + s.size());
  s.ForEachOrdinal([&](uint32_t ord) { rows->push_back(s.row(ord)); });
  return s.version();
}

bool Table::EncodeShardPaths(size_t i, uint64_t version, std::string* out) {
  Shard& s = *shards_[i];
  std::unique_lock lock(s.mu);  // encoding flushes the pending rows first
  if (s.version() != version || s.paths_suspended()) return false;
  // A shard that never had a row has no paths to save: recovery defers them too.
  return s.EncodePaths(out);
}

Status Table::LoadShardPaths(size_t i, std::string_view encoded) {
  Shard& s = *shards_[i];
  std::unique_lock lock(s.mu);
  std::shared_lock indexes(indexes_mu_);
  if (!bulk_load_) return Status::InvalidArgument("shard paths are loaded only during recovery");
  return s.LoadPaths(encoded);
}

size_t Table::EndBulkLoad(size_t threads) {
  FrozenLocks locks = Freeze();
  if (!bulk_load_) return 0;
  // Independent work, spread over `threads` threads: each unique index
  // (one pass over every row, started first: it is the longest task), then
  // each shard's access paths.
  std::vector<std::function<void()>> tasks;
  // A unique index is split by stripes, one part per thread: each part
  // reads every row but hashes and inserts into its own stripes only.
  const size_t parts = std::clamp<size_t>(threads, 1, kIndexStripes);
  for (auto& idx : unique_)
    for (size_t p = 0; p < parts; ++p)
      tasks.push_back([this, &idx, p, parts] {
        RebuildUniqueLocked(idx, p * kIndexStripes / parts, (p + 1) * kIndexStripes / parts);
      });
  size_t built = 0;
  for (auto& shard : shards_) {
    if (!shard->paths_suspended()) continue;  // loaded from the snapshot
    tasks.push_back([&shard] { shard->RebuildPaths(); });
    if (shard->capacity() > 0) ++built;  // an empty one defers its paths
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < tasks.size();) tasks[i]();
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < std::min(threads, tasks.size()); ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
  bulk_load_ = false;
  return built;
}

void Table::RebuildUniqueLocked(UniqueIndex& idx, size_t first_stripe, size_t end_stripe) {
  size_t rows = 0;
  for (const auto& s : shards_) rows += s->size();
  for (size_t i = first_stripe; i < end_stripe; ++i) {
    idx.stripes[i]->owner.Clear();
    idx.stripes[i]->owner.Reserve(rows / idx.stripes.size() + 1);
  }
  for (const auto& s : shards_)
    s->ForEachOrdinal([&](uint32_t ord) {
      const RowRef& row = s->row(ord);
      if (row->IsNull(idx.slot) || row->Bytes(idx.slot).empty()) return;
      const size_t stripe = StripeOf(row->Bytes(idx.slot), idx.stripes.size());
      if (stripe < first_stripe || stripe >= end_stripe) return;
      // One row per record: no two rows of the table can both hold a key
      // they both wrote under uniqueness; replay leaves the last writer.
      idx.stripes[stripe]->owner.Set(row);
    });
}

Table::UniqueIndex Table::NewUniqueIndex(uint16_t slot) const {
  UniqueIndex idx{slot, {}};
  for (size_t i = 0; i < kIndexStripes; ++i) idx.stripes.push_back(std::make_unique<UniqueStripe>(slot, id_slot_));
  return idx;
}

Table::FrozenLocks Table::Freeze() {
  FrozenLocks locks;
  locks.shards.reserve(shards_.size());
  for (auto& s : shards_) locks.shards.emplace_back(s->mu);
  locks.indexes = std::unique_lock(indexes_mu_);
  return locks;
}

Status Table::SetSchema(ObjectSchemaPtr schema) {
  FrozenLocks locks = Freeze();
  return SetSchemaFrozen(std::move(schema));
}

size_t Table::MigrateRowsFrozen(const RowMigration& m) {
  ObjectSchemaPtr current = schema();
  size_t changed = 0;
  for (auto& shard : shards_) {
    shard->ForEachOrdinal([&](uint32_t ord) {
      RowRef before = shard->row(ord);
      RowRef after = MigrateRow(*before, *current, m);
      if (!after) return;
      ApplyLocked(*shard, shard->id(ord), ord, before, after);
      ++changed;
    });
  }
  return changed;
}

Status Table::SetSchemaFrozen(ObjectSchemaPtr schema) {
  std::vector<uint16_t> unique_slots;
  for (const auto& f : schema->fields) {
    if (!f.is_active) continue;
    // The shard maps enforce id uniqueness.
    if (auto slot = UniqueSlotOf(f); slot && f.name != "id") unique_slots.push_back(*slot);
  }
  auto has = [&](uint16_t slot) {
    for (const auto& idx : unique_)
      if (idx.slot == slot) return true;
    return false;
  };
  // Build the new indexes aside first, so a duplicate leaves nothing changed.
  std::vector<UniqueIndex> new_unique;
  for (uint16_t slot : unique_slots) {
    if (has(slot)) continue;
    UniqueIndex idx = NewUniqueIndex(slot);
    if (!bulk_load_) {
      bool duplicate = false;
      for (const auto& shard : shards_) {
        shard->ForEachOrdinal([&](uint32_t ord) {
          const RowRef& row = shard->row(ord);
          if (duplicate || row->IsNull(slot) || row->Bytes(slot).empty()) return;
          duplicate = !idx.stripes[StripeOf(row->Bytes(slot), kIndexStripes)]->owner.Insert(row);
        });
      }
      if (duplicate) return DuplicateEntry();
    }
    new_unique.push_back(std::move(idx));
  }
  std::erase_if(unique_, [&](const UniqueIndex& idx) {
    return std::find(unique_slots.begin(), unique_slots.end(), idx.slot) == unique_slots.end();
  });
  for (auto& idx : new_unique) unique_.push_back(std::move(idx));
  const std::vector<PathSpec> specs = PathSpecsOf(*schema);
  for (auto& shard : shards_) shard->SetPaths(specs);
  std::lock_guard schema_lock(schema_mu_);
  schema_ = std::move(schema);
  return Status::Ok();
}

void Table::Clear() {
  FrozenLocks locks = Freeze();
  for (auto& s : shards_) s->Clear();
  for (auto& idx : unique_)
    for (auto& st : idx.stripes) st->owner.Clear();
}

size_t Table::MemoryUsage() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mu);
    n += s->MemoryUsage();
  }
  return n;
}

void Table::FlushPendingBeforeRead() const {
  for (const auto& s : shards_) s->FlushPendingBeforeRead();
}

ListResult Table::List(const ListQuery& q) const {
  FlushPendingBeforeRead();
  bool by_id = q.order.empty() && (!q.filter || q.filter->kind == FilterNode::Kind::kAll) && !q.include_deleted;
  if (by_id) {
    ListResult out = ListById(q);
    if (q.explain) out.plan = "id-merge";
    return out;
  }
  if (auto pinned = ListByUniqueKey(q)) {
    if (q.explain) pinned->plan = "unique-key";
    return std::move(*pinned);
  }
  return ListPlanned(q);
}

namespace {

// An eq comparison the filter requires to hold, on a slot `indexed` says
// has a unique index: at the top, or inside an AND (every child of an AND
// must hold).
template <typename Indexed>
const FilterNode* FindPinnedKey(const FilterNode& f, const Indexed& indexed) {
  if (f.kind == FilterNode::Kind::kCompare) {
    const bool pins = f.op == CompareOp::kEq && f.operands.size() == 1 && !f.operands[0].empty() && indexed(f.slot);
    return pins ? &f : nullptr;
  }
  if (f.kind == FilterNode::Kind::kAnd) {
    for (const auto& c : f.children)
      if (const FilterNode* pinned = FindPinnedKey(c, indexed)) return pinned;
  }
  return nullptr;
}

}  // namespace

std::optional<ListResult> Table::ListByUniqueKey(const ListQuery& q) const {
  if (!q.filter) return std::nullopt;
  std::optional<Uuid> id;
  {
    std::shared_lock indexes(indexes_mu_);
    if (unique_.empty()) return std::nullopt;
    auto indexed = [&](uint16_t slot) {
      return std::any_of(unique_.begin(), unique_.end(), [slot](const UniqueIndex& idx) { return idx.slot == slot; });
    };
    const FilterNode* pinned = FindPinnedKey(*q.filter, indexed);
    if (!pinned) return std::nullopt;
    id = FindUniqueLocked(pinned->slot, pinned->operands[0]);
  }
  ListResult out;
  RowRef row = id ? Get(*id) : RowRef();
  if (!row || (!q.include_deleted && !IsLive(*row)) || !Matches(*q.filter, *row)) return out;
  out.total_count = 1;
  const Uuid row_id = *id;
  if (q.after && CompareRowToCursor(q.order, *row, row_id, *q.after) <= 0) return out;
  if (q.before && CompareRowToCursor(q.order, *row, row_id, *q.before) >= 0) return out;
  if (q.limit > 0) out.rows.push_back(std::move(row));
  return out;
}

// No filter, id order: a k-way merge of the shards' ordered maps under all
// their read locks (taken in index order; a writer only ever holds one shard
// lock, so this cannot deadlock), touching only the rows of the page.
ListResult Table::ListById(const ListQuery& q) const {
  ListResult out;
  const bool backward = q.before.has_value();
  const size_t want = q.limit + 1;
  std::vector<std::shared_lock<std::shared_mutex>> locks;
  locks.reserve(shards_.size());
  for (auto& s : shards_) locks.emplace_back(s->mu);

  // Per shard, a cursor into its id path (ids are unique: one row per
  // entry) at the next id on the page's side, and one into its pending rows
  // (not on the path yet, storage/shard.h), sorted the same way.
  struct Cursor {
    const Shard* shard;
    const ValueIndex* ids;  // null: a cursor into `pending`
    ValueIndex::Pos pos;
    std::vector<std::pair<Uuid, uint32_t>> pending;
    size_t next = 0;
    Uuid id;  // at the cursor
  };
  auto id_at = [](const ValueIndex& ids, ValueIndex::Pos pos) { return Uuid::FromBytes(ids.At(pos).key); };
  auto past_cursor = [&](const Uuid& id) { return backward ? id < q.before->id : !q.after || q.after->id < id; };
  std::vector<Cursor> cursors;
  cursors.reserve(shards_.size());
  for (auto& sp : shards_) {
    const Shard& s = *sp;
    out.total_count += s.live_count();
    if (s.has_pending()) {
      Cursor c{&s, nullptr, {}, {}, 0, {}};
      for (uint32_t ord : s.pending_rows())
        if (past_cursor(s.id(ord))) c.pending.emplace_back(s.id(ord), ord);
      std::sort(c.pending.begin(), c.pending.end(), [&](const auto& a, const auto& b) {
        return backward ? b.first < a.first : a.first < b.first;
      });
      if (!c.pending.empty()) {
        c.id = c.pending[0].first;
        cursors.push_back(std::move(c));
      }
    }
    const ValueIndex* ids = s.id_path();
    if (!ids) continue;  // no path yet (bulk load): nothing to page through
    if (!backward) {
      ValueIndex::Pos pos = q.after ? ids->UpperBound(q.after->id.AsBytes()) : ids->Begin();
      if (pos != ids->End()) cursors.push_back({&s, ids, pos, {}, 0, id_at(*ids, pos)});
    } else {
      ValueIndex::Pos pos = ids->LowerBound(q.before->id.AsBytes());
      if (pos != ids->Begin()) {
        ids->Prev(&pos);
        cursors.push_back({&s, ids, pos, {}, 0, id_at(*ids, pos)});
      }
    }
  }
  // Heap of cursors by current id: smallest first going forward, largest
  // first going backward.
  auto after_in_heap = [backward](const Cursor& a, const Cursor& b) { return backward ? a.id < b.id : b.id < a.id; };
  std::make_heap(cursors.begin(), cursors.end(), after_in_heap);
  std::vector<RowRef> taken;
  taken.reserve(std::min<size_t>(want, 1024));
  while (!cursors.empty() && taken.size() < want) {
    std::pop_heap(cursors.begin(), cursors.end(), after_in_heap);
    Cursor& c = cursors.back();
    bool more;
    if (!c.ids) {
      const uint32_t ord = c.pending[c.next].second;
      if (c.shard->IsLive(ord)) taken.push_back(c.shard->row(ord));
      more = ++c.next < c.pending.size();
      if (more) c.id = c.pending[c.next].first;
    } else {
      // Ids are unique: an entry of the id path holds one row, inline.
      const ValueIndex::Entry e = c.ids->At(c.pos);
      c.ids->ForEachRow(e, [&](uint32_t ord) {
        if (c.shard->IsLive(ord)) taken.push_back(c.shard->row(ord));
      });
      if (!backward) {
        c.ids->Next(&c.pos);
        more = c.pos != c.ids->End();
      } else {
        more = c.pos != c.ids->Begin();
        if (more) c.ids->Prev(&c.pos);
      }
      if (more) c.id = id_at(*c.ids, c.pos);
    }
    if (more)
      std::push_heap(cursors.begin(), cursors.end(), after_in_heap);
    else
      cursors.pop_back();
  }
  locks.clear();

  if (!backward) {
    out.has_next_page = taken.size() > q.limit;
    if (taken.size() > q.limit) taken.resize(q.limit);
    out.rows = std::move(taken);
  } else {
    // The `limit` rows closest before the cursor, returned in ascending order.
    out.has_previous_page = taken.size() > q.limit;
    if (taken.size() > q.limit) taken.resize(q.limit);
    out.rows.assign(std::make_move_iterator(taken.rbegin()), std::make_move_iterator(taken.rend()));
  }
  return out;
}

// Any filter or order: each shard, under its read lock, plans and takes
// its best limit+1 rows (storage/query_planner.h); the shards' pages are
// then merged.
ListResult Table::ListPlanned(const ListQuery& q) const {
  ListResult out;
  ObjectSchemaPtr current = schema();
  const bool backward = q.before.has_value();
  auto better = [&](const std::pair<Uuid, RowRef>& a, const std::pair<Uuid, RowRef>& b) {
    int c = CompareRows(q.order, *a.second, a.first, *b.second, b.first);
    return backward ? c > 0 : c < 0;
  };
  std::vector<std::pair<Uuid, RowRef>> candidates;
  std::vector<std::string> plans;
  for (const auto& s : shards_) {
    ShardPage page;
    {
      std::shared_lock lock(s->mu);
      page = ListShard(*s, q, *current);
    }
    out.total_count += page.count;
    for (auto& item : page.rows) candidates.push_back(std::move(item));
    if (q.explain) plans.push_back(std::move(page.plan));
  }
  const size_t keep = std::min(candidates.size(), q.limit + 1);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep), candidates.end(),
                    better);
  candidates.resize(keep);
  const bool more = candidates.size() > q.limit;
  if (more) candidates.resize(q.limit);
  if (!backward) {
    out.has_next_page = more;
    for (auto& item : candidates) out.rows.push_back(std::move(item.second));
  } else {
    // Collected closest-first; the page is returned in ascending order.
    out.has_previous_page = more;
    for (size_t i = candidates.size(); i-- > 0;) out.rows.push_back(std::move(candidates[i].second));
  }
  if (q.explain) out.plan = SummarizePlans(plans);
  return out;
}

std::string SummarizePlans(const std::vector<std::string>& plans) {
  // Shards with the same plan are told once, with how many chose it.
  std::vector<std::pair<std::string, size_t>> distinct;
  for (const auto& p : plans) {
    auto it = std::find_if(distinct.begin(), distinct.end(), [&](const auto& d) { return d.first == p; });
    if (it == distinct.end())
      distinct.emplace_back(p, 1);
    else
      ++it->second;
  }
  std::sort(distinct.begin(), distinct.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [plan, n] : distinct) {
    if (!out.empty()) out += " | ";
    out += std::to_string(n) + "x " + plan;
  }
  return out;
}

}  // namespace vingt::storage

#include "storage/shard.h"

#include <algorithm>
#include <mutex>

#include "storage/index/path_codec.h"

namespace vingt::storage {
namespace {

// A path of no rows: what a shard starts from.
AccessPath EmptyPath(const PathSpec& spec) {
  AccessPath p{spec, nullptr, nullptr};
  if (spec.kind == SlotKind::kStringList)
    p.items = std::make_unique<ItemIndex>();
  else
    p.values = std::make_unique<ValueIndex>(spec.kind);
  return p;
}

}  // namespace

uint32_t Shard::Insert(const Uuid& id, RowRef row) {
  ++version_;
  uint32_t ord;
  if (!free_.empty()) {
    ord = free_.back();
    free_.pop_back();
  } else {
    ord = static_cast<uint32_t>(rows_.size());
    rows_.emplace_back();
    ids_.emplace_back();
  }
  const bool live = IsLiveRow(*row);
  if (live) {
    live_.Set(ord);
    ++live_count_;
  }
  present_.Set(ord);
  ids_[ord] = id;
  by_id_.Insert(id, ord);
  rows_[ord] = std::move(row);
  if (!suspended_) {
    pending_.Set(ord);
    pending_list_.push_back(ord);
    any_pending_.store(true, std::memory_order_relaxed);
    if (pending_list_.size() >= kPendingBatch) FlushPending();
  }
  return ord;
}

void Shard::BuildDeferredPaths() {
  deferred_ = false;
  paths_.clear();
  paths_.reserve(specs_.size());
  for (const PathSpec& spec : specs_) paths_.push_back(EmptyPath(spec));
}

void Shard::FlushPending() {
  // Every row so far is pending: the paths start empty and take them all.
  if (deferred_ && !pending_list_.empty()) BuildDeferredPaths();
  // One row after the other, all paths each: the paths' hot entries stay
  // in cache across the batch, which is what makes it cheaper.
  for (uint32_t ord : pending_list_) AddToPaths(ord, *rows_[ord], live_.Test(ord));
  for (uint32_t ord : pending_list_) pending_.Reset(ord);
  pending_list_.clear();
  any_pending_.store(false, std::memory_order_relaxed);
}

void Shard::DropPending() {
  for (uint32_t ord : pending_list_) pending_.Reset(ord);
  pending_list_.clear();
  any_pending_.store(false, std::memory_order_relaxed);
}

void Shard::FlushPendingBeforeRead() {
  if (!any_pending_.load(std::memory_order_relaxed)) return;
  std::unique_lock lock(mu);
  if (!suspended_) FlushPending();
}

void Shard::Replace(uint32_t ord, RowRef row) {
  ++version_;
  const Row& before = *rows_[ord];
  const bool was_live = IsLiveRow(before), live = IsLiveRow(*row);
  // A pending row is not in the paths yet: they will take its last version.
  if (!suspended_ && !pending_.Test(ord)) {
    for (AccessPath& p : paths_) {
      const uint16_t slot = p.spec.slot;
      auto old_value = SlotValue(before, slot), new_value = SlotValue(*row, slot);
      if (p.values) {
        if (old_value == new_value && was_live == live) continue;
        p.values->Remove(old_value, ord, was_live);
        p.values->Add(new_value, ord, live);
      } else if (old_value != new_value) {
        p.items->Remove(old_value, ord);
        p.items->Add(new_value, ord);
      }
    }
  }
  if (was_live != live) {
    if (live) {
      live_.Set(ord);
      ++live_count_;
    } else {
      live_.Reset(ord);
      --live_count_;
    }
  }
  rows_[ord] = std::move(row);
}

void Shard::Erase(uint32_t ord) {
  ++version_;
  const Row& row = *rows_[ord];
  const bool live = IsLiveRow(row);
  if (pending_.Test(ord)) {
    pending_.Reset(ord);
    std::erase(pending_list_, ord);
    any_pending_.store(!pending_list_.empty(), std::memory_order_relaxed);
  } else if (!suspended_) {
    RemoveFromPaths(ord, row, live);
  }
  if (live) {
    live_.Reset(ord);
    --live_count_;
  }
  present_.Reset(ord);
  by_id_.Erase(ids_[ord]);
  rows_[ord] = RowRef();
  ids_[ord] = Uuid{};
  free_.push_back(ord);
}

void Shard::Clear() {
  ++version_;
  DropPending();
  by_id_.Clear();
  rows_.clear();
  ids_.clear();
  free_.clear();
  live_ = RowSet();
  present_ = RowSet();
  live_count_ = 0;
  paths_.clear();
  deferred_ = !suspended_;
}

void Shard::AddToPaths(uint32_t ord, const Row& row, bool live) {
  for (AccessPath& p : paths_) {
    if (p.values)
      p.values->Add(SlotValue(row, p.spec.slot), ord, live);
    else
      p.items->Add(SlotValue(row, p.spec.slot), ord);
  }
}

void Shard::RemoveFromPaths(uint32_t ord, const Row& row, bool live) {
  for (AccessPath& p : paths_) {
    if (p.values)
      p.values->Remove(SlotValue(row, p.spec.slot), ord, live);
    else
      p.items->Remove(SlotValue(row, p.spec.slot), ord);
  }
}

const AccessPath* Shard::PathOf(uint16_t slot) const {
  auto it = std::lower_bound(paths_.begin(), paths_.end(), slot,
                             [](const AccessPath& p, uint16_t s) { return p.spec.slot < s; });
  return it != paths_.end() && it->spec.slot == slot ? &*it : nullptr;
}

std::vector<AccessPath> Shard::BuildPaths(const std::vector<PathSpec>& specs) const {
  // One pass over the rows feeds every path: a row is read from memory
  // once, not once per path.
  std::vector<ValueIndex::Builder> builders;
  std::vector<AccessPath> paths;
  for (const PathSpec& spec : specs) {
    if (spec.kind == SlotKind::kStringList || rows_.empty()) {
      paths.push_back(EmptyPath(spec));  // an item index is filled row by row below; no rows: nothing to sort
    } else {
      paths.push_back(AccessPath{spec, nullptr, nullptr});
      builders.emplace_back(spec.kind, rows_.size());
    }
  }
  for (uint32_t ord = 0; ord < rows_.size(); ++ord) {
    if (!rows_[ord]) continue;
    const Row& row = *rows_[ord];
    const bool live = live_.Test(ord);
    size_t b = 0;
    for (AccessPath& p : paths) {
      if (p.items)
        p.items->Add(SlotValue(row, p.spec.slot), ord);
      else if (!p.values)
        builders[b++].Add(SlotValue(row, p.spec.slot), ord, live);
    }
  }
  size_t b = 0;
  for (AccessPath& p : paths)
    if (!p.items && !p.values) p.values = std::make_unique<ValueIndex>(builders[b++].Finish());
  return paths;
}

void Shard::SetPaths(std::vector<PathSpec> specs) {
  std::sort(specs.begin(), specs.end(), [](const PathSpec& a, const PathSpec& b) { return a.slot < b.slot; });
  specs_ = std::move(specs);
  ++version_;
  if (suspended_) return;
  // The paths kept must hold every row before new ones are built from all.
  FlushPending();
  if (rows_.empty() && (deferred_ || paths_.empty())) {
    paths_.clear();
    deferred_ = true;
    return;
  }
  std::vector<PathSpec> missing;
  for (const PathSpec& spec : specs_)
    if (std::none_of(paths_.begin(), paths_.end(), [&](const AccessPath& p) { return p.spec == spec; }))
      missing.push_back(spec);
  std::vector<AccessPath> built = BuildPaths(missing);
  std::vector<AccessPath> next;
  next.reserve(specs_.size());
  for (const PathSpec& spec : specs_) {
    auto it = std::find_if(paths_.begin(), paths_.end(), [&](const AccessPath& p) { return p.spec == spec; });
    if (it == paths_.end()) it = std::find_if(built.begin(), built.end(), [&](const AccessPath& p) { return p.spec == spec; });
    next.push_back(std::move(*it));
  }
  paths_ = std::move(next);
}

void Shard::SuspendPaths() {
  ++version_;
  suspended_ = true;
  deferred_ = false;
  paths_.clear();
  DropPending();
}

void Shard::RebuildPaths() {
  ++version_;
  DropPending();  // built from every row below
  suspended_ = false;
  deferred_ = rows_.empty();
  paths_ = deferred_ ? std::vector<AccessPath>() : BuildPaths(specs_);
}

bool Shard::EncodePaths(std::string* out) {
  FlushPending();
  if (deferred_) return false;
  const auto rows = static_cast<uint32_t>(by_id_.size());
  std::vector<uint32_t> rank;
  if (rows != rows_.size()) {  // free ordinals: the rows after them move down
    rank.resize(rows_.size());
    uint32_t next = 0;
    for (uint32_t ord = 0; ord < rows_.size(); ++ord)
      if (rows_[ord]) rank[ord] = next++;
  }
  storage::EncodePaths(paths_, rows, rank.empty() ? nullptr : &rank, out);
  return true;
}

Status Shard::LoadPaths(std::string_view encoded) {
  if (!suspended_ || has_pending() || !free_.empty() || by_id_.size() != rows_.size())
    return Status::InvalidArgument("shard paths can only be loaded into a fresh bulk load");
  Result<std::vector<AccessPath>> paths = DecodePaths(encoded, static_cast<uint32_t>(rows_.size()));
  if (!paths.ok()) return std::move(paths).TakeStatus();
  if (paths->size() != specs_.size()) return Status::InvalidArgument("snapshot paths are for other fields");
  for (size_t i = 0; i < specs_.size(); ++i)
    if (!((*paths)[i].spec == specs_[i])) return Status::InvalidArgument("snapshot paths are for other fields");
  paths_ = std::move(paths).value();
  suspended_ = false;
  deferred_ = false;
  ++version_;
  return Status::Ok();
}

size_t Shard::MemoryUsage() const {
  size_t n = sizeof(*this) + by_id_.MemoryUsage() + rows_.capacity() * sizeof(RowRef) + ids_.capacity() * sizeof(Uuid) +
             free_.capacity() * 4 + live_.MemoryUsage();
  for (const AccessPath& p : paths_) n += p.values ? p.values->MemoryUsage() : p.items->MemoryUsage();
  return n;
}

}  // namespace vingt::storage

#include "storage/index/unique_keys.h"

#include "storage/index/keyed_hash.h"

namespace vingt::storage {

size_t UniqueKeys::Probe(std::string_view key, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Entry& e = slots_[i];
    if (!e.row || (e.hash == hash && KeyOf(e) == key)) return i;
  }
}

void UniqueKeys::Grow(size_t min_slots) {
  size_t n = slots_.empty() ? 16 : slots_.size();
  while (n * 7 < min_slots * 8) n *= 2;
  if (n == slots_.size()) return;
  std::vector<Entry> old = std::move(slots_);
  slots_.assign(n, Entry{});
  const size_t mask = n - 1;
  for (Entry& e : old) {
    if (!e.row) continue;
    size_t i = e.hash & mask;
    while (slots_[i].row) i = (i + 1) & mask;
    slots_[i] = std::move(e);
  }
}

void UniqueKeys::Reserve(size_t keys) { Grow(keys); }

std::optional<Uuid> UniqueKeys::Find(std::string_view key) const {
  if (slots_.empty()) return std::nullopt;
  const Entry& e = slots_[Probe(key, KeyedHash(key))];
  if (!e.row) return std::nullopt;
  return e.row->GetUuid(id_slot_);
}

void UniqueKeys::Set(const RowRef& row) {
  Grow(size_ + 1);
  const std::string_view key = row->Bytes(slot_);
  const uint64_t hash = KeyedHash(key);
  Entry& e = slots_[Probe(key, hash)];
  if (!e.row) ++size_;
  e = Entry{hash, row};
}

bool UniqueKeys::Insert(const RowRef& row) {
  Grow(size_ + 1);
  const std::string_view key = row->Bytes(slot_);
  const uint64_t hash = KeyedHash(key);
  Entry& e = slots_[Probe(key, hash)];
  if (e.row) return false;
  e = Entry{hash, row};
  ++size_;
  return true;
}

void UniqueKeys::EraseIfOwner(std::string_view key, const Uuid& id) {
  if (slots_.empty()) return;
  size_t i = Probe(key, KeyedHash(key));
  if (!slots_[i].row || slots_[i].row->GetUuid(id_slot_) != id) return;
  // Backward shift, as in IdTable: no tombstones.
  const size_t mask = slots_.size() - 1;
  size_t hole = i;
  for (size_t j = (i + 1) & mask; slots_[j].row; j = (j + 1) & mask) {
    const size_t home = slots_[j].hash & mask;
    const bool reachable = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (reachable) continue;
    slots_[hole] = std::move(slots_[j]);
    hole = j;
  }
  slots_[hole] = Entry{};
  --size_;
}

void UniqueKeys::Clear() {
  slots_.clear();
  size_ = 0;
}

}  // namespace vingt::storage

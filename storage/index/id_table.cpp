#include "storage/index/id_table.h"

#include "storage/index/keyed_hash.h"

namespace vingt::storage {
size_t IdTable::Home(const Uuid& id) const { return KeyedHash(id.AsBytes()) & (slots_.size() - 1); }

std::optional<uint32_t> IdTable::Find(const Uuid& id) const {
  if (slots_.empty()) return std::nullopt;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Home(id);; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (!s.used) return std::nullopt;
    if (s.id == id) return s.ord;
  }
}

void IdTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.used) continue;
    size_t i = Home(s.id);
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void IdTable::Insert(const Uuid& id, uint32_t ord) {
  // At most 7/8 full: probes stay short with a good hash.
  if ((size_ + 1) * 8 > slots_.size() * 7) Grow();
  const size_t mask = slots_.size() - 1;
  size_t i = Home(id);
  while (slots_[i].used) i = (i + 1) & mask;
  slots_[i] = Slot{id, ord, true};
  ++size_;
}

void IdTable::Erase(const Uuid& id) {
  if (slots_.empty()) return;
  const size_t mask = slots_.size() - 1;
  size_t i = Home(id);
  while (slots_[i].used && !(slots_[i].id == id)) i = (i + 1) & mask;
  if (!slots_[i].used) return;
  // Backward shift: pull later entries of the run into the hole when their
  // home is not between the hole and them, so every entry stays reachable
  // from its home without tombstones.
  size_t hole = i;
  for (size_t j = (i + 1) & mask; slots_[j].used; j = (j + 1) & mask) {
    const size_t home = Home(slots_[j].id);
    const bool reachable = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (reachable) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = Slot{};
  --size_;
}

void IdTable::Clear() {
  slots_.clear();
  size_ = 0;
}

}  // namespace vingt::storage

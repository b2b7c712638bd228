// A shard's record ids to their ordinals: a flat open-addressing hash table
// (linear probing, deletion by backward shift), the structure every write
// and every Get goes through. A red-black tree did the same with an
// allocation and a dozen cache misses per insert; id order, which the tree
// also gave, is the id field's ordered path (storage/index/value_index.h).
//
// Hashes are keyed (storage/index/keyed_hash.h), so ids a client chooses
// cannot be made to collide on purpose.
//
// Thread safety: none; guarded by the shard's lock.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "storage/uuid.h"

namespace vingt::storage {

class IdTable {
 public:
  std::optional<uint32_t> Find(const Uuid& id) const;
  // REQUIRES: !Find(id).
  void Insert(const Uuid& id, uint32_t ord);
  // No-op if absent.
  void Erase(const Uuid& id);
  void Clear();
  size_t size() const { return size_; }
  size_t MemoryUsage() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    Uuid id;
    uint32_t ord = 0;
    bool used = false;
  };
  size_t Home(const Uuid& id) const;
  void Grow();

  std::vector<Slot> slots_;  // size a power of two (or 0)
  size_t size_ = 0;
};

}  // namespace vingt::storage

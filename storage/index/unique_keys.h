// Who owns each value of a unique field (one lock stripe's share of it):
// a flat open-addressing table of (hash, owner row). The value itself is
// read from the owner row when hashes match, so a key costs 16 bytes and
// no allocation, not a std::string and a node; the row (immutable,
// reference-counted) is the current version of its record, replaced on
// every write of that record.
//
// Thread safety: none; Table guards each stripe with its own mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/row.h"
#include "storage/uuid.h"

namespace vingt::storage {

class UniqueKeys {
 public:
  // Keys are the bytes of `slot`; owners are named by their `id_slot`.
  UniqueKeys(uint16_t slot, uint16_t id_slot) : slot_(slot), id_slot_(id_slot) {}

  std::optional<Uuid> Find(std::string_view key) const;
  // `row` owns the value of its slot from now on (replacing any owner).
  void Set(const RowRef& row);
  // Adds `row` as the owner of its value unless one exists: false then.
  bool Insert(const RowRef& row);
  // Forgets `key` if the record `id` owns it.
  void EraseIfOwner(std::string_view key, const Uuid& id);
  void Clear();
  void Reserve(size_t keys);
  size_t size() const { return size_; }

 private:
  struct Entry {
    uint64_t hash = 0;
    RowRef row;  // null: free
  };
  std::string_view KeyOf(const Entry& e) const { return e.row->Bytes(slot_); }
  // The entry holding `key`, or the free one where it would go.
  size_t Probe(std::string_view key, uint64_t hash) const;
  void Grow(size_t min_slots);

  uint16_t slot_;
  uint16_t id_slot_;
  std::vector<Entry> slots_;  // a power of two in size, or empty
  size_t size_ = 0;
};

}  // namespace vingt::storage

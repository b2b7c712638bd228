// The rows of one indexed value in one shard, when there are two or more
// (a value held by one row keeps that ordinal inline in its index entry).
//
// Sparse sets are a sorted vector of ordinals; once the set would take
// more room that way than as a bitset over the shard's ordinals it turns
// into a RowSet, and back when it thins out (with slack, so a value at the
// border does not flip on every write). This is what a Roaring bitmap does
// per 64K-row container; a shard's ordinals are one such range at a million
// records, so the two forms are enough.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "storage/index/row_set.h"

namespace vingt::storage {

class Posting {
 public:
  Posting() = default;
  // From ordinals in ascending order, without duplicates.
  static Posting FromSorted(std::vector<uint32_t> ordinals);

  uint32_t size() const { return size_; }
  bool Contains(uint32_t ord) const;
  // REQUIRES: !Contains(ord).
  void Insert(uint32_t ord);
  // REQUIRES: Contains(ord).
  void Erase(uint32_t ord);

  // *out |= this.
  void OrInto(RowSet* out) const;
  // |this & set|.
  uint64_t CountAnd(const RowSet& set) const;

  // fn(ord) for every member, ascending.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (dense_) {
      bits_.ForEach(fn);
    } else {
      for (uint32_t ord : sparse_) fn(ord);
    }
  }
  // Any member (the only one when size() == 1). REQUIRES: size() > 0.
  uint32_t Any() const;

  size_t MemoryUsage() const { return sparse_.capacity() * 4 + bits_.MemoryUsage(); }

 private:
  void Rebalance();

  std::vector<uint32_t> sparse_;  // ascending; empty when dense_
  RowSet bits_;                   // empty unless dense_
  uint32_t size_ = 0;
  bool dense_ = false;
};

}  // namespace vingt::storage

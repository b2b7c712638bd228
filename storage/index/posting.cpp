#include "storage/index/posting.h"

#include <cassert>

namespace vingt::storage {
namespace {

// A sorted vector costs 32 bits a member, a bitset one bit per ordinal up
// to the highest member: dense once members are more than 1/32 of that
// range, sparse again below 1/64. Small sets stay sparse whatever the range.
constexpr uint32_t kMinDense = 64;

bool ShouldBeDense(uint32_t size, uint32_t range) { return size >= kMinDense && uint64_t{size} * 32 > range; }
bool ShouldBeSparse(uint32_t size, uint32_t range) { return size < kMinDense || uint64_t{size} * 64 < range; }

}  // namespace

Posting Posting::FromSorted(std::vector<uint32_t> ordinals) {
  Posting p;
  p.size_ = static_cast<uint32_t>(ordinals.size());
  p.sparse_ = std::move(ordinals);
  p.Rebalance();
  return p;
}

bool Posting::Contains(uint32_t ord) const {
  if (dense_) return bits_.Test(ord);
  return std::binary_search(sparse_.begin(), sparse_.end(), ord);
}

void Posting::Insert(uint32_t ord) {
  ++size_;
  if (dense_) {
    bits_.Set(ord);
  } else if (sparse_.empty() || sparse_.back() < ord) {
    sparse_.push_back(ord);  // a new row takes the highest ordinal: the usual case
  } else {
    sparse_.insert(std::upper_bound(sparse_.begin(), sparse_.end(), ord), ord);
  }
  Rebalance();
}

void Posting::Erase(uint32_t ord) {
  assert(Contains(ord));
  --size_;
  if (dense_) {
    bits_.Reset(ord);
  } else {
    sparse_.erase(std::lower_bound(sparse_.begin(), sparse_.end(), ord));
  }
  Rebalance();
}

void Posting::Rebalance() {
  if (!dense_) {
    const uint32_t range = sparse_.empty() ? 0 : sparse_.back() + 1;
    if (!ShouldBeDense(size_, range)) return;
    bits_ = RowSet(range);
    for (uint32_t ord : sparse_) bits_.Set(ord);
    std::vector<uint32_t>().swap(sparse_);
    dense_ = true;
    return;
  }
  if (!ShouldBeSparse(size_, bits_.capacity())) return;
  sparse_.reserve(size_);
  bits_.ForEach([&](uint32_t ord) { sparse_.push_back(ord); });
  bits_ = RowSet();
  dense_ = false;
}

void Posting::OrInto(RowSet* out) const {
  if (dense_) {
    out->Or(bits_);
  } else {
    for (uint32_t ord : sparse_) out->Set(ord);
  }
}

uint64_t Posting::CountAnd(const RowSet& set) const {
  if (dense_) return bits_.CountAnd(set);
  uint64_t n = 0;
  for (uint32_t ord : sparse_) n += set.Test(ord);
  return n;
}

uint32_t Posting::Any() const {
  assert(size_ > 0);
  if (!dense_) return sparse_.front();
  uint32_t first = 0;
  bool found = false;
  bits_.ForEach([&](uint32_t ord) {
    if (!found) first = ord, found = true;
  });
  return first;
}

}  // namespace vingt::storage

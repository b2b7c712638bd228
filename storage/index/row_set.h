// A set of a shard's row ordinals as a flat bitset: what filter evaluation
// builds and combines (and / or / not are word loops the compiler
// vectorizes), and how the shard knows its live rows.
//
// A shard holds tens of thousands of rows at a million records (16 shards),
// so a set over all of them is a few KiB: cheaper to clear, combine and
// count than a compressed form, and it never needs a decision about shape.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vingt::storage {

class RowSet {
 public:
  RowSet() = default;
  // An empty set able to hold ordinals < capacity without growing.
  explicit RowSet(uint32_t capacity) : words_((capacity + 63) / 64, 0) {}

  uint32_t capacity() const { return static_cast<uint32_t>(words_.size() * 64); }
  // Makes room for ordinals < capacity (new ones are not members).
  void Reserve(uint32_t capacity) {
    if (capacity > this->capacity()) words_.resize((capacity + 63) / 64, 0);
  }

  bool Test(uint32_t ord) const {
    size_t w = ord >> 6;
    return w < words_.size() && ((words_[w] >> (ord & 63)) & 1);
  }
  void Set(uint32_t ord) {
    Reserve(ord + 1);
    words_[ord >> 6] |= uint64_t{1} << (ord & 63);
  }
  void Reset(uint32_t ord) {
    size_t w = ord >> 6;
    if (w < words_.size()) words_[w] &= ~(uint64_t{1} << (ord & 63));
  }
  void Clear() { std::fill(words_.begin(), words_.end(), 0); }

  // this &= other; this |= other; this &= ~other.
  void And(const RowSet& other);
  void Or(const RowSet& other);
  void AndNot(const RowSet& other);

  uint64_t Count() const;
  // |this & other| without building it.
  uint64_t CountAnd(const RowSet& other) const;
  bool Empty() const;

  // Calls fn(ord) for every member, ascending. fn may not change the set.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      uint64_t bits = words_[w];
      while (bits) {
        fn(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
        bits &= bits - 1;
      }
    }
  }
  // Members of (this & other) ascending.
  template <typename Fn>
  void ForEachAnd(const RowSet& other, Fn&& fn) const {
    const size_t n = std::min(words_.size(), other.words_.size());
    for (size_t w = 0; w < n; ++w) {
      uint64_t bits = words_[w] & other.words_[w];
      while (bits) {
        fn(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
        bits &= bits - 1;
      }
    }
  }

  const std::vector<uint64_t>& words() const { return words_; }
  std::vector<uint64_t>& mutable_words() { return words_; }
  size_t MemoryUsage() const { return words_.capacity() * 8; }

 private:
  std::vector<uint64_t> words_;
};

}  // namespace vingt::storage

#include "storage/index/row_set.h"

#include <algorithm>

namespace vingt::storage {

void RowSet::And(const RowSet& other) {
  const size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) words_[i] &= other.words_[i];
  std::fill(words_.begin() + static_cast<std::ptrdiff_t>(n), words_.end(), 0);
}

void RowSet::Or(const RowSet& other) {
  if (other.words_.size() > words_.size()) words_.resize(other.words_.size(), 0);
  for (size_t i = 0; i < other.words_.size(); ++i) words_[i] |= other.words_[i];
}

void RowSet::AndNot(const RowSet& other) {
  const size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) words_[i] &= ~other.words_[i];
}

// Counting is most of what a count query does: use the POPCNT instruction
// where the CPU has it (the baseline x86-64 target does not assume it).
// Not under ThreadSanitizer: the clones' ifunc resolver runs while the
// dynamic loader relocates, before TSan's runtime exists, and TSan
// instruments it (the process dies before main). Nor under clang 14, whose
// clones of a member function are left undefined at link time (the fuzz
// build, tests/fuzz/).
#if defined(__SANITIZE_THREAD__) || defined(__clang__)
#define VINGT_POPCNT_CLONES
#else
#define VINGT_POPCNT_CLONES [[gnu::target_clones("popcnt", "default")]]
#endif

VINGT_POPCNT_CLONES uint64_t RowSet::Count() const {
  uint64_t n = 0;
  for (uint64_t w : words_) n += static_cast<uint64_t>(std::popcount(w));
  return n;
}

VINGT_POPCNT_CLONES uint64_t RowSet::CountAnd(const RowSet& other) const {
  const size_t n = std::min(words_.size(), other.words_.size());
  uint64_t c = 0;
  for (size_t i = 0; i < n; ++i) c += static_cast<uint64_t>(std::popcount(words_[i] & other.words_[i]));
  return c;
}

bool RowSet::Empty() const {
  return std::all_of(words_.begin(), words_.end(), [](uint64_t w) { return w == 0; });
}

}  // namespace vingt::storage

// The newest WAL record whose change readers may already see.
//
// Writers apply a change in memory right after appending its record, and
// the record becomes durable a group commit later. A reader that answers
// with what it saw must first wait until everything it could have seen is
// durable (Database::VisibleLsn), or a crash would take back what a client
// was shown. Writers Raise the mark after Append and before the change is
// visible (under the same lock that publishes it), so a reader that sees
// the change also sees a mark at least its LSN.
#pragma once

#include <atomic>
#include <cstdint>

namespace vingt::storage {

class ChangeWatermark {
 public:
  // Records from several threads reach here in any order: keep the maximum.
  void Raise(uint64_t lsn) {
    uint64_t seen = lsn_.load(std::memory_order_relaxed);
    while (seen < lsn && !lsn_.compare_exchange_weak(seen, lsn, std::memory_order_release,
                                                      std::memory_order_relaxed)) {
    }
  }
  uint64_t Get() const { return lsn_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint64_t> lsn_{0};
};

}  // namespace vingt::storage

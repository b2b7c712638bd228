// A histogram with fixed bucket bounds, observed from any thread with
// relaxed atomics: one add to a bucket, one to the sum. Readers (a metrics
// scrape) get per-bucket counts and build Prometheus' cumulative buckets;
// a read racing writers may be off by the observations in flight, which a
// monitoring system tolerates.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

namespace vingt {

class Histogram {
 public:
  // `upper_bounds` ascending; values above the last go to +Inf.
  explicit Histogram(std::initializer_list<double> upper_bounds)
      : bounds_(upper_bounds), counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

  void Observe(double value) {
    const size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
  }

  struct Reading {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (= count)
    double sum = 0;
  };
  Reading Read() const {
    Reading r;
    uint64_t running = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      running += counts_[i].load(std::memory_order_relaxed);
      r.cumulative.push_back(running);
    }
    r.sum = sum_.load(std::memory_order_relaxed);
    return r;
  }
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

}  // namespace vingt

// Counters of the HTTP API for /metrics: requests by route (the route
// table's pattern, never the raw path), method and status; a latency
// histogram per route; requests in flight. Updated on every request with
// relaxed atomics, no lock and no allocation, in one of a few stripes
// picked per thread, so that two I/O threads do not bounce one cache line
// between their cores on every request; a scrape sums the stripes
// (server/metrics/exposition.h).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace vingt::server::metrics {

class RequestMetrics {
 public:
  // Latency buckets, seconds (Prometheus' `le`).
  static constexpr std::array<double, 14> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1,    0.25,  0.5,    1,     2.5,  5,    10};

  // Slots 0 .. routes-1 are the route table's entries; slot `routes` is
  // every request no route matched.
  explicit RequestMetrics(size_t routes);

  void Started();
  void Finished(size_t route, int status, double seconds);

  size_t slots() const { return slots_; }
  // Requests of `route` answered with `status` (100 to 599).
  uint64_t Count(size_t route, int status) const;
  struct Latency {
    // Prometheus' buckets: requests at or under each bound, then all of them (+Inf).
    std::array<uint64_t, kLatencyBounds.size() + 1> cumulative{};
    double sum_seconds = 0;
  };
  Latency LatencyOf(size_t route) const;
  int64_t in_flight() const;

 private:
  static constexpr int kFirstStatus = 100, kLastStatus = 599;
  static constexpr size_t kStripes = 4;
  struct Slot {
    std::array<std::atomic<uint64_t>, kLastStatus - kFirstStatus + 1> by_status{};
    std::array<std::atomic<uint64_t>, kLatencyBounds.size() + 1> latency{};
    std::atomic<uint64_t> latency_ns{0};
  };
  struct alignas(64) Stripe {
    std::unique_ptr<Slot[]> slots;
    std::atomic<int64_t> in_flight{0};
  };
  Stripe& Mine();

  size_t slots_;
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace vingt::server::metrics

#include "server/metrics/request_metrics.h"

#include <algorithm>

namespace vingt::server::metrics {

RequestMetrics::RequestMetrics(size_t routes) : slots_(routes + 1) {
  for (Stripe& s : stripes_) s.slots = std::make_unique<Slot[]>(slots_);
}

RequestMetrics::Stripe& RequestMetrics::Mine() {
  static std::atomic<size_t> next{0};
  thread_local const size_t stripe = next.fetch_add(1, std::memory_order_relaxed) % kStripes;
  return stripes_[stripe];
}

void RequestMetrics::Started() { Mine().in_flight.fetch_add(1, std::memory_order_relaxed); }

void RequestMetrics::Finished(size_t route, int status, double seconds) {
  Stripe& s = Mine();
  s.in_flight.fetch_sub(1, std::memory_order_relaxed);
  Slot& slot = s.slots[std::min(route, slots_ - 1)];
  slot.by_status[std::clamp(status, kFirstStatus, kLastStatus) - kFirstStatus].fetch_add(1, std::memory_order_relaxed);
  const size_t bucket =
      static_cast<size_t>(std::lower_bound(kLatencyBounds.begin(), kLatencyBounds.end(), seconds) - kLatencyBounds.begin());
  slot.latency[bucket].fetch_add(1, std::memory_order_relaxed);
  slot.latency_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

uint64_t RequestMetrics::Count(size_t route, int status) const {
  if (status < kFirstStatus || status > kLastStatus) return 0;
  uint64_t n = 0;
  for (const Stripe& s : stripes_) n += s.slots[route].by_status[status - kFirstStatus].load(std::memory_order_relaxed);
  return n;
}

RequestMetrics::Latency RequestMetrics::LatencyOf(size_t route) const {
  Latency out;
  uint64_t ns = 0;
  for (const Stripe& s : stripes_) {
    const Slot& slot = s.slots[route];
    for (size_t i = 0; i < out.cumulative.size(); ++i)
      out.cumulative[i] += slot.latency[i].load(std::memory_order_relaxed);
    ns += slot.latency_ns.load(std::memory_order_relaxed);
  }
  for (size_t i = 1; i < out.cumulative.size(); ++i) out.cumulative[i] += out.cumulative[i - 1];
  out.sum_seconds = static_cast<double>(ns) / 1e9;
  return out;
}

int64_t RequestMetrics::in_flight() const {
  int64_t n = 0;
  for (const Stripe& s : stripes_) n += s.in_flight.load(std::memory_order_relaxed);
  return n;
}

}  // namespace vingt::server::metrics

// Twenty's API rate limit (spec/auth-errors-limits.md §3.1): per workspace,
// two token buckets that every record query draws one token from, refilled
// continuously (floor(elapsed × limit / window)). Off unless configured:
// vingt serves load tests and local development by default.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/uuid.h"

namespace vingt::server {

struct BucketConfig {
  uint32_t limit = 100;        // tokens
  uint32_t window_ms = 1000;  // refill period for `limit` tokens
};

struct RateLimitConfig {
  bool enabled = false;
  BucketConfig short_bucket{100, 1000};
  BucketConfig long_bucket{100, 60000};
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimitConfig config) : config_(config) {}

  // Takes one token from both buckets of the workspace. On refusal returns
  // Twenty's message for the bucket that ran out (the short one first), and
  // takes nothing. Thread-safe.
  std::optional<std::string> TryAcquire(const storage::Uuid& workspace, Clock::time_point now = Clock::now());
  bool enabled() const { return config_.enabled; }
  // Requests refused so far.
  uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }
  // Drops a deleted workspace's buckets.
  void Forget(const storage::Uuid& workspace);

 private:
  struct Bucket {
    double tokens = -1;  // -1: not initialised (full)
    Clock::time_point last;
  };
  struct Buckets {
    Bucket short_bucket, long_bucket;
  };
  static void Refill(Bucket& b, const BucketConfig& c, Clock::time_point now);

  RateLimitConfig config_;
  std::atomic<uint64_t> rejected_{0};
  std::mutex mu_;
  std::unordered_map<storage::Uuid, Buckets, storage::UuidHash> buckets_;  // GUARDED_BY(mu_)
};

}  // namespace vingt::server

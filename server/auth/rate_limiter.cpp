#include "server/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace vingt::server {

void RateLimiter::Refill(Bucket& b, const BucketConfig& c, Clock::time_point now) {
  if (b.tokens < 0) {
    b.tokens = c.limit;
    b.last = now;
    return;
  }
  auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - b.last).count();
  double refill = std::floor(static_cast<double>(elapsed_ms) * c.limit / c.window_ms);
  if (refill <= 0) return;
  b.tokens = std::min<double>(c.limit, b.tokens + refill);
  b.last = now;
}

void RateLimiter::Forget(const storage::Uuid& workspace) {
  std::lock_guard lock(mu_);
  buckets_.erase(workspace);
}

std::optional<std::string> RateLimiter::TryAcquire(const storage::Uuid& workspace, Clock::time_point now) {
  if (!config_.enabled) return std::nullopt;
  std::lock_guard lock(mu_);
  Buckets& b = buckets_[workspace];
  Refill(b.short_bucket, config_.short_bucket, now);
  Refill(b.long_bucket, config_.long_bucket, now);
  auto message = [](const BucketConfig& c) {
    return "Limit reached (" + std::to_string(c.limit) + " tokens per " + std::to_string(c.window_ms) + " ms)";
  };
  if (b.short_bucket.tokens < 1 || b.long_bucket.tokens < 1) rejected_.fetch_add(1, std::memory_order_relaxed);
  if (b.short_bucket.tokens < 1) return message(config_.short_bucket);
  if (b.long_bucket.tokens < 1) return message(config_.long_bucket);
  b.short_bucket.tokens -= 1;
  b.long_bucket.tokens -= 1;
  return std::nullopt;
}

}  // namespace vingt::server

#include "server/auth/rate_limiter.h"

#include <boost/test/unit_test.hpp>

using vingt::server::RateLimitConfig;
using vingt::server::RateLimiter;
using vingt::storage::Uuid;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(rate_limiter)

BOOST_AUTO_TEST_CASE(disabled_never_refuses) {
  RateLimiter limiter(RateLimitConfig{});
  Uuid ws = Uuid::Random();
  for (int i = 0; i < 10000; ++i) BOOST_REQUIRE(!limiter.TryAcquire(ws).has_value());
}

BOOST_AUTO_TEST_CASE(twentys_buckets_short_first_then_long) {
  RateLimitConfig c;
  c.enabled = true;
  RateLimiter limiter(c);
  Uuid ws = Uuid::Random(), other = Uuid::Random();
  auto t = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 100; ++i) BOOST_REQUIRE(!limiter.TryAcquire(ws, t).has_value());
  auto refused = limiter.TryAcquire(ws, t);
  BOOST_TEST_REQUIRE(refused.has_value());
  BOOST_TEST(*refused == "Limit reached (100 tokens per 1000 ms)");
  BOOST_TEST(!limiter.TryAcquire(other, t).has_value());  // per workspace
  // Half a second later the short bucket has 50 tokens again, the long one
  // (100 per minute) none yet.
  refused = limiter.TryAcquire(ws, t + 500ms);
  BOOST_TEST_REQUIRE(refused.has_value());
  BOOST_TEST(*refused == "Limit reached (100 tokens per 60000 ms)");
  // 600 ms of the long bucket's refill rate is one token.
  BOOST_TEST(!limiter.TryAcquire(ws, t + 1100ms).has_value());
  BOOST_TEST(limiter.TryAcquire(ws, t + 1100ms).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

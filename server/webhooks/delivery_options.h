// How webhook deliveries are sent (server/webhooks/dispatcher.h); set by
// `vingt serve --webhook-*` (server/config.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace vingt::server::webhooks {

struct DeliveryOptions {
  int64_t timeout_ms = 5000;     // per attempt, as Twenty's 5 s
  int64_t retry_base_ms = 1000;  // first backoff; doubles per attempt, ±50 % jitter
  int max_attempts = 4;          // the first try and Twenty's 3 retries
  size_t queue_limit = 10000;    // pending deliveries per webhook; the oldest goes beyond
  size_t concurrency = 8;        // connections busy at once per webhook (each kept alive)
  size_t pipeline_depth = 64;    // deliveries sent at once on one connection when a backlog waits
  // https:// receivers are verified against the system's CA store, and also
  // against this PEM file when set (a test CA, a private receiver's CA).
  std::string ca_file;
};

}  // namespace vingt::server::webhooks

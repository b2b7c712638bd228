// What a handler gets: the process-wide state, and the authenticated caller.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/twenty_limits.h"
#include "server/auth/admin_token.h"
#include "server/auth/key_tokens.h"
#include "server/auth/rate_limiter.h"
#include "storage/database.h"

namespace asio {
class thread_pool;
}

namespace vingt::server {

class HttpServer;
namespace metrics {
class RequestMetrics;
}
namespace webhooks {
class WebhookDispatcher;
}

// Limits of the record API (spec/auth-errors-limits.md §3). One value caps
// the page size, batch size and the records a bulk call may touch, as
// Twenty's QUERY_MAX_RECORDS does.
struct ApiLimits {
  size_t default_page_size = twenty::kQueryDefaultLimitRecords;
  size_t max_records = twenty::kQueryMaxRecords;
  // What one request may compute before it is given up with a 500 (Twenty's
  // PostgreSQL query timeout, PG_DATABASE_PRIMARY_TIMEOUT_MS); 0: no limit.
  uint32_t query_timeout_ms = 10000;
};

// Shared by every connection; immutable after startup except through the
// thread-safe Database.
struct ServerState {
  storage::Database* db = nullptr;
  KeyHasher hasher;
  ApiLimits limits;
  RateLimiter* rate_limiter = nullptr;  // null or disabled: no limit
  // --explain: record and list answers say how storage found the rows, in
  // an X-Vingt-Plan header (storage/query_planner.h).
  bool explain = false;
  // Opens the admin routes and /metrics; unset: they answer 404.
  AdminToken admin_token;
  bool metrics_public = false;  // /metrics without the admin token
  // What /metrics reads (server/metrics/exposition.h); set by main, any may be null.
  metrics::RequestMetrics* request_metrics = nullptr;
  const HttpServer* http_server = nullptr;
  const webhooks::WebhookDispatcher* webhook_dispatcher = nullptr;
  int64_t started_at_ms = 0;
  // Where requests that may cost milliseconds compute, off the I/O threads
  // (server/costly_request.h); null: on them.
  asio::thread_pool* compute = nullptr;
};

struct CallContext {
  storage::Workspace* workspace = nullptr;
  std::shared_ptr<storage::Workspace> workspace_ref;  // keeps `workspace` alive for the call
  storage::ApiKey key;
  int64_t now_ms = 0;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  // ?fields= projection (spec/rest-core.md §3.3): the keys to keep in each
  // record, or null for all of them. Set by ResolveObject.
  const std::vector<std::string>* projection = nullptr;
  std::vector<std::string> projection_fields;
  // A write's own record (and its webhook events): the answer is sent once
  // it is durable, with everything the answer shows (ApiHandler::Dispatch).
  // Write handlers build their answer first and leave the wait to Dispatch,
  // so what the answer shows is read before the wait, not after it.
  uint64_t await_lsn = 0;

  // First value of a query parameter; nullopt if absent.
  const std::string* Param(std::string_view name) const {
    for (const auto& [k, v] : query)
      if (k == name) return &v;
    return nullptr;
  }
};

}  // namespace vingt::server

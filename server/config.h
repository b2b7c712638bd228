// Command line and environment -> an immutable Config.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/api_context.h"
#include "server/auth/rate_limiter.h"
#include "server/http/server_limits.h"
#include "server/webhooks/delivery_options.h"
#include "storage/database.h"

namespace vingt::server {

struct Config {
  std::string command;                // "serve", "keys", "snapshot", "help", "version"
  std::vector<std::string> arguments;  // positional words after the command ("create", an id, ...)

  std::string data_dir = "vingt-data";
  std::string host = "127.0.0.1";
  uint16_t port = 3000;
  unsigned threads = 0;  // 0 = one per core
  storage::Durability durability = storage::Durability::kAlways;
  uint32_t batch_interval_ms = 10;
  storage::WalRecoveryMode wal_recovery = storage::WalRecoveryMode::kTolerateTornTail;
  uint64_t snapshot_wal_bytes = 256ull << 20;
  uint64_t wal_reserve_bytes = 64ull << 20;  // storage::WalOptions::reserve_bytes
  size_t shards = 16;
  ServerLimits limits;
  ApiLimits api;
  RateLimitConfig rate_limit;
  bool explain = false;  // X-Vingt-Plan headers (ServerState::explain)
  webhooks::DeliveryOptions webhooks;
  // --rest-metadata-format: set the workspace's REST metadata format (logged).
  std::optional<bool> rest_metadata_new_format;

  // The admin token (admin routes, /metrics): --admin-token-file FILE or
  // VINGT_ADMIN_TOKEN; empty: none, and the admin routes answer 404. Never logged.
  std::string admin_token;
  bool metrics_public = false;  // --metrics-public: /metrics without the admin token
  bool no_metrics = false;      // --no-metrics: requests are not counted (measuring the cost)

  // keys create, workspaces create
  std::string key_name = "default";
  std::optional<std::string> name;      // --name as given
  std::optional<std::string> workspace;  // --workspace ID (keys create)
  std::optional<int64_t> key_expires_at_ms;
  bool json_output = false;
};

// Parses argv. On error, the Status message is meant for stderr, followed
// by a pointer to `vingt --help`.
Result<Config> ParseCommandLine(int argc, char** argv);
std::string UsageText();

}  // namespace vingt::server

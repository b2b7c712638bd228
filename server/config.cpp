#include "server/config.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "protocol/iso_time.h"

namespace vingt::server {
namespace {


template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

Status Invalid(const std::string& flag, const std::string& value, const std::string& expected) {
  return Status::InvalidArgument("invalid value '" + value + "' for " + flag + ": expected " + expected);
}

}  // namespace

std::string UsageText() {
  return R"(vingt — the Twenty CRM API from memory, with a write-ahead log.

Usage:
  vingt serve    [options]   start the HTTP server (creates the workspace and a first key on a fresh data dir)
  vingt keys create [--name NAME] [--expires-at ISO8601] [--json]
                              mint an API key; prints only the token on stdout
  vingt keys list            list keys (id, name, created, expires, revoked)
  vingt keys revoke ID       revoke a key; it stops working at once
  vingt keys create --workspace ID
                              the same for another workspace (default: the first one)
  vingt workspaces create [--name NAME]
                              create a workspace with Twenty's standard objects; prints its id,
                              then a first API key, one per line
  vingt workspaces list      list workspaces (id, created, name)
  vingt workspaces delete ID delete a workspace and everything in it (records, objects, keys, webhooks)
  vingt snapshot             write a snapshot and drop the WAL segments it covers
  vingt webhooks list        list webhooks (id, target URL, operations, deliveries still owed)
  vingt webhooks log ID      a webhook's last delivery attempts, newest first
  vingt --help | --version

keys, workspaces, snapshot and webhooks work offline: they refuse while a server holds the data dir.

Options (every command):
  --data-dir DIR             data directory (default ./vingt-data, env VINGT_DATA_DIR)

Options (serve):
  --listen HOST:PORT         address to listen on (default 127.0.0.1:3000, env VINGT_LISTEN)
  --threads N                I/O threads (default: one per core)
  --durability MODE          always (fsync before answering; default), batch, none
  --batch-interval-ms N      fsync period for --durability batch (default 10)
  --wal-recovery MODE        tolerate-torn-tail (default), skip-corrupt, absolute
  --snapshot-wal-bytes N     snapshot after N WAL bytes (default 268435456; 0 = never)
  --wal-reserve-bytes N      disk space held ahead of the WAL, so a full disk refuses
                             writes cleanly (503) and they resume when space returns
                             (default 67108864; 0 = none)
  --shards N                 lock shards per table, a power of two (default 16)
  --max-body-bytes N         request body limit (default 10485760) -> 413
  --max-header-bytes N       request line + headers limit (default 16384) -> 431
  --max-connections N        concurrent connections (default 10000) -> 503
  --idle-timeout-ms N        keep-alive idle timeout (default 60000)
  --request-timeout-ms N     time to receive one request (default 30000) -> 408
  --query-timeout-ms N       time one request may compute before it is given up (default 10000,
                             Twenty's PostgreSQL query timeout; 0 = none) -> 500; a request whose
                             client has gone is given up too
  --max-records N            page size cap, batch size and bulk cap (default 200)
  --default-page-size N      page size when no limit is given (default 60)
  --rate-limit               turn on Twenty's API rate limit: per workspace, 100 requests
                             per second and 100 per minute, 429 beyond (off by default)
  --rate-limit-short N/MS    the short bucket, e.g. 100/1000 (implies --rate-limit)
  --rate-limit-long N/MS     the long bucket, e.g. 100/60000 (implies --rate-limit)
  --webhook-timeout-ms N     time a webhook receiver has to answer one delivery (default 5000)
  --webhook-retry-ms N       first backoff before a delivery is tried again (default 1000; doubles
                             per attempt, 4 attempts in all)
  --webhook-concurrency N    connections busy at once per webhook, each kept alive (default 8)
  --webhook-pipeline N       deliveries sent at once on one connection when a backlog waits, HTTP/1.1
                             pipelining (default 64; 1: one at a time)
  --webhook-queue-limit N    deliveries waiting per webhook; beyond, the oldest are dropped (default 10000)
  --webhook-ca-file FILE     also trust this PEM CA file for https:// webhook receivers (the
                             system's CA store is always used)
  --admin-token-file FILE    the admin token (else env VINGT_ADMIN_TOKEN): Authorization: Bearer
                             <token> opens /admin/workspaces and /metrics; without one they answer 404
  --metrics-public           serve /metrics to anyone, without the admin token
  --no-metrics               do not count requests (/metrics keeps the rest)
  --explain                  lists, group-bys and GraphQL answers carry an X-Vingt-Plan header
                             saying how the rows were found (index, scan, page strategy)
  --rest-metadata-format F   new or legacy: the REST metadata format of the workspace (Twenty's
                             IS_REST_METADATA_API_NEW_FORMAT_DIRECT flag), kept in the data dir;
                             a new workspace gets new, as in Twenty, one recovered from a data dir
                             without the setting legacy
)";
}

Result<Config> ParseCommandLine(int argc, char** argv) {
  Config c;
  if (const char* dir = std::getenv("VINGT_DATA_DIR"); dir && *dir) c.data_dir = dir;
  std::string listen;
  if (const char* l = std::getenv("VINGT_LISTEN"); l && *l) listen = l;
  if (const char* t = std::getenv("VINGT_ADMIN_TOKEN"); t && *t) c.admin_token = t;

  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) -> Status {
      size_t eq = a.find('=');
      if (eq != std::string::npos) {
        *out = a.substr(eq + 1);
        return Status::Ok();
      }
      if (i + 1 >= args.size()) return Status::InvalidArgument("missing value for " + a);
      *out = args[++i];
      return Status::Ok();
    };
    std::string flag = a.substr(0, a.find('='));
    std::string v;
    if (flag == "--help" || flag == "-h" || a == "help") {
      c.command = "help";
      return c;
    }
    if (flag == "--version" || flag == "-V" || a == "version") {
      c.command = "version";
      return c;
    }
    if (flag == "--json") {
      c.json_output = true;
      continue;
    }
    if (flag == "--rate-limit") {
      c.rate_limit.enabled = true;
      continue;
    }
    if (flag == "--explain") {
      c.explain = true;
      continue;
    }
    if (flag == "--metrics-public") {
      c.metrics_public = true;
      continue;
    }
    if (flag == "--no-metrics") {
      c.no_metrics = true;
      continue;
    }
    if (!a.starts_with("--")) {
      if (c.command.empty())
        c.command = a;
      else
        c.arguments.push_back(a);
      continue;
    }
    VINGT_RETURN_IF_ERROR(value(&v));
    if (flag == "--data-dir") {
      c.data_dir = v;
    } else if (flag == "--listen") {
      listen = v;
    } else if (flag == "--threads") {
      if (!ParseNumber(v, &c.threads) || c.threads > 1024) return Invalid(flag, v, "a thread count");
    } else if (flag == "--durability") {
      if (v == "always") c.durability = storage::Durability::kAlways;
      else if (v == "batch") c.durability = storage::Durability::kBatch;
      else if (v == "none") c.durability = storage::Durability::kNone;
      else return Invalid(flag, v, "always, batch or none");
    } else if (flag == "--webhook-timeout-ms") {
      if (!ParseNumber(v, &c.webhooks.timeout_ms) || c.webhooks.timeout_ms <= 0)
        return Invalid(flag, v, "milliseconds > 0");
    } else if (flag == "--webhook-concurrency") {
      if (!ParseNumber(v, &c.webhooks.concurrency) || c.webhooks.concurrency == 0 || c.webhooks.concurrency > 1024)
        return Invalid(flag, v, "a count from 1 to 1024");
    } else if (flag == "--webhook-pipeline") {
      if (!ParseNumber(v, &c.webhooks.pipeline_depth) || c.webhooks.pipeline_depth == 0 ||
          c.webhooks.pipeline_depth > 1024)
        return Invalid(flag, v, "a count from 1 to 1024");
    } else if (flag == "--webhook-queue-limit") {
      if (!ParseNumber(v, &c.webhooks.queue_limit) || c.webhooks.queue_limit == 0)
        return Invalid(flag, v, "a count > 0");
    } else if (flag == "--webhook-ca-file") {
      c.webhooks.ca_file = v;
    } else if (flag == "--webhook-retry-ms") {
      if (!ParseNumber(v, &c.webhooks.retry_base_ms) || c.webhooks.retry_base_ms < 0)
        return Invalid(flag, v, "milliseconds >= 0");
    } else if (flag == "--batch-interval-ms") {
      if (!ParseNumber(v, &c.batch_interval_ms) || c.batch_interval_ms == 0) return Invalid(flag, v, "milliseconds > 0");
    } else if (flag == "--wal-recovery") {
      if (v == "tolerate-torn-tail") c.wal_recovery = storage::WalRecoveryMode::kTolerateTornTail;
      else if (v == "skip-corrupt") c.wal_recovery = storage::WalRecoveryMode::kSkipCorrupt;
      else if (v == "absolute") c.wal_recovery = storage::WalRecoveryMode::kAbsoluteConsistency;
      else return Invalid(flag, v, "tolerate-torn-tail, skip-corrupt or absolute");
    } else if (flag == "--rest-metadata-format") {
      if (v == "new") c.rest_metadata_new_format = true;
      else if (v == "legacy") c.rest_metadata_new_format = false;
      else return Invalid(flag, v, "new or legacy");
    } else if (flag == "--snapshot-wal-bytes") {
      if (!ParseNumber(v, &c.snapshot_wal_bytes)) return Invalid(flag, v, "a byte count");
    } else if (flag == "--wal-reserve-bytes") {
      if (!ParseNumber(v, &c.wal_reserve_bytes)) return Invalid(flag, v, "a byte count");
    } else if (flag == "--shards") {
      if (!ParseNumber(v, &c.shards) || c.shards == 0 || (c.shards & (c.shards - 1)) || c.shards > 4096)
        return Invalid(flag, v, "a power of two up to 4096");
    } else if (flag == "--max-body-bytes") {
      if (!ParseNumber(v, &c.limits.max_body_bytes)) return Invalid(flag, v, "a byte count");
    } else if (flag == "--max-header-bytes") {
      if (!ParseNumber(v, &c.limits.max_header_bytes)) return Invalid(flag, v, "a byte count");
    } else if (flag == "--max-connections") {
      if (!ParseNumber(v, &c.limits.max_connections) || c.limits.max_connections == 0)
        return Invalid(flag, v, "a count > 0");
    } else if (flag == "--idle-timeout-ms") {
      if (!ParseNumber(v, &c.limits.idle_timeout_ms)) return Invalid(flag, v, "milliseconds");
    } else if (flag == "--request-timeout-ms") {
      if (!ParseNumber(v, &c.limits.request_timeout_ms)) return Invalid(flag, v, "milliseconds");
    } else if (flag == "--query-timeout-ms") {
      if (!ParseNumber(v, &c.api.query_timeout_ms)) return Invalid(flag, v, "milliseconds");
    } else if (flag == "--max-records") {
      if (!ParseNumber(v, &c.api.max_records) || c.api.max_records == 0) return Invalid(flag, v, "a count > 0");
    } else if (flag == "--default-page-size") {
      if (!ParseNumber(v, &c.api.default_page_size)) return Invalid(flag, v, "a count");
    } else if (flag == "--rate-limit-short" || flag == "--rate-limit-long") {
      BucketConfig& b = flag == "--rate-limit-short" ? c.rate_limit.short_bucket : c.rate_limit.long_bucket;
      size_t slash = v.find('/');
      if (slash == std::string::npos || !ParseNumber(std::string_view(v).substr(0, slash), &b.limit) ||
          !ParseNumber(std::string_view(v).substr(slash + 1), &b.window_ms) || b.limit == 0 || b.window_ms == 0)
        return Invalid(flag, v, "TOKENS/MILLISECONDS, e.g. 100/1000");
      c.rate_limit.enabled = true;
    } else if (flag == "--name") {
      c.key_name = v;
      c.name = v;
    } else if (flag == "--workspace") {
      if (!storage::Uuid::Parse(v)) return Invalid(flag, v, "a workspace id");
      c.workspace = v;
    } else if (flag == "--admin-token-file") {
      std::FILE* f = std::fopen(v.c_str(), "rb");
      if (!f) return Status::InvalidArgument("cannot read the admin token file " + v);
      std::string token;
      char buf[4096];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) token.append(buf, n);
      std::fclose(f);
      while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
      if (token.empty()) return Status::InvalidArgument("the admin token file " + v + " is empty");
      c.admin_token = std::move(token);
    } else if (flag == "--expires-at") {
      auto ms = protocol::ParseIsoDateTime(v);
      if (!ms) return Invalid(flag, v, "an ISO 8601 date-time such as 2030-01-01T00:00:00Z");
      c.key_expires_at_ms = *ms;
    } else {
      return Status::InvalidArgument("unknown option " + flag);
    }
  }
  if (c.command.empty()) c.command = "serve";
  if (c.api.default_page_size > c.api.max_records) c.api.default_page_size = c.api.max_records;
  if (!listen.empty()) {
    size_t colon = listen.rfind(':');
    if (colon == std::string::npos) return Invalid("--listen", listen, "HOST:PORT");
    c.host = listen.substr(0, colon);
    if (c.host.size() >= 2 && c.host.front() == '[' && c.host.back() == ']') c.host = c.host.substr(1, c.host.size() - 2);
    if (!ParseNumber(std::string_view(listen).substr(colon + 1), &c.port)) return Invalid("--listen", listen, "HOST:PORT");
  }
  return c;
}

}  // namespace vingt::server

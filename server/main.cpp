// vingt: config, recovery, start, wait for a signal, stop cleanly.
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include <asio/thread_pool.hpp>

#include "protocol/iso_time.h"
#include "server/auth/key_tokens.h"
#include "server/config.h"
#include "server/http/http_server.h"
#include "server/http/io_pool.h"
#include "server/metrics/request_metrics.h"
#include "server/webhooks/dispatcher.h"
#include "server/webhooks/event_source.h"
#include "server/route_table.h"
#include "storage/database.h"

namespace {

using namespace vingt;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int Fail(const Status& st) {
  std::fprintf(stderr, "vingt: %s\n", st.message().empty() ? st.ToString().c_str() : st.message().c_str());
  return 1;
}

storage::DatabaseOptions DatabaseOptionsFor(const server::Config& c, bool background_snapshots) {
  storage::DatabaseOptions o;
  o.data_dir = c.data_dir;
  o.durability = c.durability;
  o.batch_interval_ms = c.batch_interval_ms;
  o.wal_reserve_bytes = c.wal_reserve_bytes;
  o.recovery_mode = c.wal_recovery;
  o.shard_count = c.shards;
  o.snapshot_after_wal_bytes = background_snapshots ? c.snapshot_wal_bytes : 0;
  return o;
}

// Opens the data dir, reporting what recovery did, and makes sure the
// workspace exists (a fresh data dir gets one with Twenty's standard objects).
Result<std::unique_ptr<storage::Database>> OpenDatabase(const server::Config& c, bool background_snapshots,
                                                                 bool verbose) {
  storage::RecoveryReport report;
  auto db = storage::Database::Open(DatabaseOptionsFor(c, background_snapshots), &report);
  if (!db.ok()) return db;
  for (const auto& w : report.warnings) std::fprintf(stderr, "vingt: recovery: %s\n", w.c_str());
  if (verbose && !report.fresh) {
    std::fprintf(stderr,
                 "vingt: recovered %llu snapshot records and %llu WAL records in %.3f s (access paths: %llu shards "
                 "loaded from the snapshot, %llu built; indexes done in %.3f s, %.3f s of CPU)\n",
                 static_cast<unsigned long long>(report.snapshot_records),
                 static_cast<unsigned long long>(report.wal_records), report.seconds,
                 static_cast<unsigned long long>(report.shards_paths_loaded),
                 static_cast<unsigned long long>(report.shards_paths_built), report.index_seconds,
                 report.index_cpu_seconds);
  }
  if (!(*db)->default_workspace()) {
    auto ws = (*db)->CreateWorkspace("Default Workspace");
    if (!ws.ok()) return std::move(ws).TakeStatus();
    if (verbose) std::fprintf(stderr, "vingt: created workspace %s in %s\n", (*ws)->id().ToString().c_str(), c.data_dir.c_str());
  }
  storage::Workspace* ws = (*db)->default_workspace();
  if (c.rest_metadata_new_format && *c.rest_metadata_new_format != ws->rest_metadata_new_format()) {
    VINGT_RETURN_IF_ERROR((*db)->SetRestMetadataNewFormat(ws, *c.rest_metadata_new_format));
  }
  return db;
}

Result<server::MintedKey> CreateKey(storage::Database& db, const server::KeyHasher& hasher,
                                    const storage::Uuid& workspace_id, std::string name,
                                    std::optional<int64_t> expires_at_ms) {
  server::MintedKey minted = server::MintApiKey(hasher, workspace_id, std::move(name), NowMs(), expires_at_ms);
  auto lsn = db.keys().Put(minted.key);
  if (!lsn.ok()) return std::move(lsn).TakeStatus();
  VINGT_RETURN_IF_ERROR(db.wal().WaitDurable(*lsn));
  return minted;
}

int Serve(const server::Config& c) {
  auto db = OpenDatabase(c, true, true);
  if (!db.ok()) return Fail(db.status());
  auto hasher = server::KeyHasher::LoadOrCreate(c.data_dir);
  if (!hasher.ok()) return Fail(hasher.status());

  std::string first_key;  // a key minted now, for the hint once the port is known
  if ((*db)->keys().size() == 0) {
    auto minted = CreateKey(**db, *hasher, (*db)->default_workspace()->id(), "default", std::nullopt);
    if (!minted.ok()) return Fail(minted.status());
    std::fprintf(stderr, "vingt: created API key 'default' (shown once, keep it):\n%s\n", minted->token.c_str());
    first_key = minted->token;
  }

  server::ServerState state;
  state.db = db->get();
  state.hasher = *hasher;
  state.limits = c.api;
  server::RateLimiter rate_limiter(c.rate_limit);
  state.rate_limiter = &rate_limiter;
  state.explain = c.explain;
  state.admin_token = server::AdminToken(c.admin_token);
  state.metrics_public = c.metrics_public;
  state.started_at_ms = NowMs();
  server::metrics::RequestMetrics request_metrics(server::RouteTable().size());
  if (!c.no_metrics) state.request_metrics = &request_metrics;
  server::IoPool pool(c.threads);
  // As many compute threads as I/O threads: the kernel shares the cores
  // between them, so costly requests never starve the quick ones.
  asio::thread_pool compute(pool.size());
  state.compute = &compute;
  // Record changes reach webhooks through the change feed; deliveries run
  // asynchronously on the first event loop.
  server::webhooks::WebhookDispatcher webhook_dispatcher(c.webhooks, &(*db)->webhooks(), pool.At(0));
  server::webhooks::WebhookEventSource webhook_events((*db)->webhooks(), webhook_dispatcher);
  webhook_dispatcher.Resume();  // what a stop or a crash left undelivered
  (*db)->set_change_listener(&webhook_events);
  server::ApiHandler handler(state);
  server::HttpServer http(c.limits, handler, pool);
  state.http_server = &http;
  state.webhook_dispatcher = &webhook_dispatcher;
  auto port = http.Listen(c.host, c.port);
  if (!port.ok()) return Fail(port.status());
  pool.Run();
  std::fprintf(stderr, "vingt %s: listening on http://%s:%u (data dir %s, %zu threads)\n", VINGT_VERSION,
               c.host.c_str(), *port, c.data_dir.c_str(), pool.size());
  if (!first_key.empty()) {
    std::fprintf(stderr, "vingt: try: curl -H 'Authorization: Bearer %s' http://%s:%u/rest/people\n",
                 first_key.c_str(), c.host.c_str(), *port);
  }

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  std::fprintf(stderr, "vingt: %s received, finishing in-flight requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM");

  http.BeginShutdown();
  http.WaitIdle(std::chrono::seconds(10));
  pool.Stop();
  pool.Join();
  compute.join();
  (*db)->set_change_listener(nullptr);
  Status closed = (*db)->Close();
  if (!closed.ok()) return Fail(closed);
  std::fprintf(stderr, "vingt: stopped cleanly\n");
  // Everything is durable and every thread is stopped; freeing millions of
  // rows one by one would only delay the exit.
  std::fflush(nullptr);
  _exit(0);
}

std::string FormatTime(std::optional<int64_t> ms) {
  if (!ms) return "-";
  std::string out;
  protocol::FormatIsoDateTime(*ms, &out);
  return out;
}

int Keys(const server::Config& c) {
  std::string sub = c.arguments.empty() ? "" : c.arguments[0];
  if (sub != "create" && sub != "list" && sub != "revoke") {
    std::fprintf(stderr, "vingt: usage: vingt keys create|list|revoke [ID]\n");
    return 2;
  }
  auto db = OpenDatabase(c, false, false);
  if (!db.ok()) return Fail(db.status());
  auto hasher = server::KeyHasher::LoadOrCreate(c.data_dir);
  if (!hasher.ok()) return Fail(hasher.status());

  if (sub == "create") {
    storage::Uuid workspace_id = (*db)->default_workspace()->id();
    if (c.workspace) {
      workspace_id = *storage::Uuid::Parse(*c.workspace);
      if (!(*db)->FindWorkspace(workspace_id)) {
        std::fprintf(stderr, "vingt: no workspace with id '%s'\n", c.workspace->c_str());
        return 1;
      }
    }
    auto minted = CreateKey(**db, *hasher, workspace_id, c.key_name, c.key_expires_at_ms);
    if (!minted.ok()) return Fail(minted.status());
    if (c.json_output) {
      std::printf("{\"id\":\"%s\",\"name\":\"%s\",\"token\":\"%s\"}\n", minted->key.id.ToString().c_str(),
                  minted->key.name.c_str(), minted->token.c_str());
    } else {
      std::printf("%s\n", minted->token.c_str());
    }
  } else if (sub == "list") {
    std::printf("%-36s  %-24s  %-24s  %-24s  %s\n", "ID", "CREATED", "EXPIRES", "REVOKED", "NAME");
    for (const auto& k : (*db)->keys().List()) {
      std::printf("%-36s  %-24s  %-24s  %-24s  %s\n", k.id.ToString().c_str(), FormatTime(k.created_at_ms).c_str(),
                  FormatTime(k.expires_at_ms).c_str(), FormatTime(k.revoked_at_ms).c_str(), k.name.c_str());
    }
  } else {
    if (c.arguments.size() < 2) {
      std::fprintf(stderr, "vingt: usage: vingt keys revoke ID\n");
      return 2;
    }
    auto id = storage::Uuid::Parse(c.arguments[1]);
    auto key = id ? (*db)->keys().FindById(*id) : std::nullopt;
    if (!key) {
      std::fprintf(stderr, "vingt: no API key with id '%s'\n", c.arguments[1].c_str());
      return 1;
    }
    if (!key->revoked_at_ms) {
      key->revoked_at_ms = key->updated_at_ms = NowMs();
      auto lsn = (*db)->keys().Put(*key);
      if (!lsn.ok()) return Fail(lsn.status());
      Status st = (*db)->wal().WaitDurable(*lsn);
      if (!st.ok()) return Fail(st);
    }
    std::printf("revoked %s\n", key->id.ToString().c_str());
  }
  Status closed = (*db)->Close();
  return closed.ok() ? 0 : Fail(closed);
}

int Workspaces(const server::Config& c) {
  const std::string sub = c.arguments.empty() ? "" : c.arguments[0];
  if (sub != "create" && sub != "list" && !(sub == "delete" && c.arguments.size() == 2)) {
    std::fprintf(stderr, "vingt: usage: vingt workspaces create [--name NAME] | list | delete ID\n");
    return 2;
  }
  auto db = OpenDatabase(c, false, false);
  if (!db.ok()) return Fail(db.status());
  if (sub == "create") {
    auto hasher = server::KeyHasher::LoadOrCreate(c.data_dir);
    if (!hasher.ok()) return Fail(hasher.status());
    auto ws = (*db)->CreateWorkspace(c.name.value_or("Workspace"));
    if (!ws.ok()) return Fail(ws.status());
    auto minted = CreateKey(**db, *hasher, (*ws)->id(), "default", std::nullopt);
    if (!minted.ok()) return Fail(minted.status());
    std::printf("%s\n%s\n", (*ws)->id().ToString().c_str(), minted->token.c_str());
  } else if (sub == "list") {
    std::printf("%-36s  %-24s  %s\n", "ID", "CREATED", "NAME");
    for (const auto& ws : (*db)->Workspaces())
      std::printf("%-36s  %-24s  %s\n", ws->id().ToString().c_str(), FormatTime(ws->created_at_ms()).c_str(),
                  ws->name().c_str());
  } else {
    auto id = storage::Uuid::Parse(c.arguments[1]);
    Status st = id ? (*db)->DeleteWorkspace(*id) : Status::NotFound("");
    if (st.code() == StatusCode::kNotFound) {
      std::fprintf(stderr, "vingt: no workspace with id '%s'\n", c.arguments[1].c_str());
      return 1;
    }
    if (!st.ok()) return Fail(st);
    std::printf("deleted %s\n", id->ToString().c_str());
  }
  Status closed = (*db)->Close();
  return closed.ok() ? 0 : Fail(closed);
}

int Webhooks(const server::Config& c) {
  const std::string sub = c.arguments.empty() ? "" : c.arguments[0];
  if (sub != "list" && !(sub == "log" && c.arguments.size() == 2)) {
    std::fprintf(stderr, "vingt: usage: vingt webhooks list | vingt webhooks log ID\n");
    return 2;
  }
  auto db = OpenDatabase(c, false, false);
  if (!db.ok()) return Fail(db.status());
  storage::WebhookStore& store = (*db)->webhooks();
  if (sub == "list") {
    const auto pending = store.PendingEvents();
    std::printf("%-36s  %-5s  %-40s  %s\n", "ID", "OWED", "TARGET", "OPERATIONS");
    for (const storage::Webhook& h : store.ListAll()) {
      if (h.deleted_at_ms) continue;
      size_t owed = 0;
      for (const auto& e : pending) owed += e->webhook_id == h.id;
      std::string ops;
      for (const auto& op : h.operations) ops += (ops.empty() ? "" : ",") + op;
      std::printf("%-36s  %-5zu  %-40s  %s\n", h.id.ToString().c_str(), owed, h.target_url.c_str(), ops.c_str());
    }
  } else {
    auto id = storage::Uuid::Parse(c.arguments[1]);
    if (!id) {
      std::fprintf(stderr, "vingt: '%s' is not a webhook id\n", c.arguments[1].c_str());
      return 1;
    }
    std::vector<storage::WebhookAttempt> log = store.AttemptLog(*id);
    std::printf("%-24s  %-32s  %-7s  %-6s  %-8s  %-36s  %s\n", "AT", "EVENT", "ATTEMPT", "STATUS", "MS",
                "DELIVERY", "ERROR");
    for (auto it = log.rbegin(); it != log.rend(); ++it) {
      std::printf("%-24s  %-32s  %-7s  %-6s  %-8u  %-36s  %s\n", FormatTime(it->at_ms).c_str(),
                  it->event_name.c_str(), (std::to_string(it->attempt) + (it->final ? " final" : "")).c_str(),
                  it->status ? std::to_string(it->status).c_str() : "-", it->duration_ms,
                  it->delivery_id.ToString().c_str(), it->error.c_str());
    }
  }
  Status closed = (*db)->Close();
  return closed.ok() ? 0 : Fail(closed);
}

int Snapshot(const server::Config& c) {
  auto started = std::chrono::steady_clock::now();
  auto db = OpenDatabase(c, false, false);
  if (!db.ok()) return Fail(db.status());
  Status st = (*db)->Snapshot();
  if (!st.ok()) return Fail(st);
  st = (*db)->Close();
  if (!st.ok()) return Fail(st);
  std::fprintf(stderr, "vingt: snapshot written in %.3f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return 0;
}

}  // namespace

// Rows are many small allocations; with 4 KiB pages, recovering 100k
// records costs tens of thousands of page faults, which are slow under
// virtualisation. glibc reads its malloc tunables only from the environment
// at startup, so ask for transparent huge pages by re-executing once.
// VINGT_NO_HUGEPAGES=1 turns this off.
void ReexecWithHugePages(char** argv) {
  if (std::getenv("VINGT_NO_HUGEPAGES") || std::getenv("VINGT_REEXECED")) return;
  std::string tunables = "glibc.malloc.hugetlb=1";
  if (const char* existing = std::getenv("GLIBC_TUNABLES"); existing && *existing) {
    if (std::string_view(existing).find("glibc.malloc.hugetlb") != std::string_view::npos) return;
    tunables = std::string(existing) + ":" + tunables;
  }
  setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  setenv("VINGT_REEXECED", "1", 1);
  execv("/proc/self/exe", argv);
  // exec failed: carry on with the default allocator.
}

// Response bodies of tens of KiB are allocated and freed on every request.
// With glibc's defaults, a free at the top of the heap trims it and the next
// request faults the same pages in again (seen as a 4x drop in list
// throughput after a burst of small requests). Keep freed memory for reuse,
// and fix the mmap threshold so it stops moving.
void TuneMalloc() {
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
}

int main(int argc, char** argv) {
  ReexecWithHugePages(argv);
  TuneMalloc();
  // Block the stop signals before any thread exists, so every thread
  // inherits the mask and only sigwait() in Serve sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  if (sodium_init() < 0) {
    std::fprintf(stderr, "vingt: libsodium failed to initialise\n");
    return 1;
  }
  auto config = server::ParseCommandLine(argc, argv);
  if (!config.ok()) {
    std::fprintf(stderr, "vingt: %s\nRun 'vingt --help' for usage.\n", config.status().message().c_str());
    return 2;
  }
  const server::Config& c = *config;
  if (c.command == "help") {
    std::cout << server::UsageText();
    return 0;
  }
  if (c.command == "version") {
    std::printf("vingt %s\n", VINGT_VERSION);
    return 0;
  }
  if (c.command == "serve") return Serve(c);
  if (c.command == "keys") return Keys(c);
  if (c.command == "snapshot") return Snapshot(c);
  if (c.command == "webhooks") return Webhooks(c);
  if (c.command == "workspaces") return Workspaces(c);
  std::fprintf(stderr, "vingt: unknown command '%s'\nRun 'vingt --help' for usage.\n", c.command.c_str());
  return 2;
}

#include "server/metrics/exposition.h"

#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>

#include "server/http/http_server.h"
#include "server/metrics/request_metrics.h"
#include "server/route_table.h"
#include "server/webhooks/dispatcher.h"

namespace vingt::server::metrics {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A label value with \, " and newlines escaped.
std::string Escaped(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

class Writer {
 public:
  void Header(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  // `labels`: already formatted, without braces ("" for none).
  void Sample(std::string_view name, std::string_view labels, double value) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      out_ += labels;
      out_ += '}';
    }
    char buf[64];
    if (value == static_cast<double>(static_cast<int64_t>(value)))
      std::snprintf(buf, sizeof buf, " %" PRId64 "\n", static_cast<int64_t>(value));
    else
      std::snprintf(buf, sizeof buf, " %.9g\n", value);
    out_ += buf;
  }
  // `cumulative`: one count per bound, then the +Inf one (the total).
  template <typename Bounds, typename Counts>
  void Histogram(const std::string& name, const std::string& labels, const Bounds& bounds, const Counts& cumulative,
                 double sum) {
    const std::string sep = labels.empty() ? "" : ",";
    char le[32];
    for (size_t i = 0; i < bounds.size(); ++i) {
      std::snprintf(le, sizeof le, "%g", bounds[i]);
      Sample(name + "_bucket", labels + sep + "le=\"" + le + "\"", static_cast<double>(cumulative[i]));
    }
    const double total = static_cast<double>(cumulative[bounds.size()]);
    Sample(name + "_bucket", labels + sep + "le=\"+Inf\"", total);
    Sample(name + "_sum", labels, sum);
    Sample(name + "_count", labels, total);
  }
  void Histogram(const std::string& name, const std::string& labels, const vingt::Histogram& h) {
    const vingt::Histogram::Reading r = h.Read();
    Histogram(name, labels, h.bounds(), r.cumulative, r.sum);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

std::string RenderMetrics(const ServerState& state) {
  Writer w;
  const std::span<const Route> routes = RouteTable();

  if (const RequestMetrics* m = state.request_metrics) {
    auto labels_of = [&](size_t slot) {
      return slot < routes.size() ? "route=\"" + Escaped(routes[slot].pattern) + "\",method=\"" +
                                        std::string(routes[slot].method) + "\""
                                  : std::string("route=\"unmatched\",method=\"any\"");
    };
    w.Header("vingt_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status.");
    std::vector<RequestMetrics::Latency> latency;
    for (size_t slot = 0; slot < m->slots(); ++slot) latency.push_back(m->LatencyOf(slot));
    for (size_t slot = 0; slot < m->slots(); ++slot) {
      if (latency[slot].cumulative.back() == 0) continue;
      const std::string labels = labels_of(slot);
      for (int status = 100; status <= 599; ++status)
        if (uint64_t n = m->Count(slot, status))
          w.Sample("vingt_http_requests_total", labels + ",status=\"" + std::to_string(status) + "\"",
                   static_cast<double>(n));
    }
    w.Header("vingt_http_request_duration_seconds", "histogram",
             "Time from a request's arrival at the handler to its response, by route pattern and method.");
    for (size_t slot = 0; slot < m->slots(); ++slot)
      if (latency[slot].cumulative.back() > 0)
        w.Histogram("vingt_http_request_duration_seconds", labels_of(slot), RequestMetrics::kLatencyBounds,
                    latency[slot].cumulative, latency[slot].sum_seconds);
    w.Header("vingt_http_requests_in_flight", "gauge", "Requests being handled now.");
    w.Sample("vingt_http_requests_in_flight", "", static_cast<double>(m->in_flight()));
  }
  if (state.http_server) {
    w.Header("vingt_http_connections_open", "gauge", "Client connections open now.");
    w.Sample("vingt_http_connections_open", "", static_cast<double>(state.http_server->ConnectionCount()));
    w.Header("vingt_http_connections_refused_total", "counter", "Connections refused at --max-connections.");
    w.Sample("vingt_http_connections_refused_total", "", static_cast<double>(state.http_server->RefusedConnections()));
  }
  w.Header("vingt_rate_limit_rejections_total", "counter", "Requests refused by the workspace rate limit (429).");
  w.Sample("vingt_rate_limit_rejections_total", "",
           static_cast<double>(state.rate_limiter ? state.rate_limiter->rejected() : 0));

  storage::Database& db = *state.db;
  const storage::WalStats& wal = db.wal().stats();
  w.Header("vingt_wal_bytes_written_total", "counter", "Bytes of WAL records written to the OS.");
  w.Sample("vingt_wal_bytes_written_total", "", static_cast<double>(wal.bytes_written.load(std::memory_order_relaxed)));
  w.Header("vingt_wal_fsync_duration_seconds", "histogram", "Time of each WAL fdatasync.");
  w.Histogram("vingt_wal_fsync_duration_seconds", "", wal.sync_seconds);
  w.Header("vingt_wal_records_per_commit", "histogram", "WAL records written by one group commit.");
  w.Histogram("vingt_wal_records_per_commit", "", wal.records_per_commit);

  const storage::SnapshotStats& snap = db.snapshot_stats();
  const int64_t last_at = snap.last_at_ms.load(std::memory_order_relaxed);
  w.Header("vingt_snapshots_total", "counter", "Snapshots written by this process.");
  w.Sample("vingt_snapshots_total", "", static_cast<double>(snap.count.load(std::memory_order_relaxed)));
  w.Header("vingt_snapshot_last_duration_seconds", "gauge", "How long the last snapshot took.");
  w.Sample("vingt_snapshot_last_duration_seconds", "", snap.last_seconds.load(std::memory_order_relaxed));
  w.Header("vingt_snapshot_last_timestamp_seconds", "gauge", "When the last snapshot was committed (0: none yet).");
  w.Sample("vingt_snapshot_last_timestamp_seconds", "", static_cast<double>(last_at) / 1000.0);
  if (last_at) {
    w.Header("vingt_snapshot_age_seconds", "gauge", "Time since the last snapshot was committed.");
    w.Sample("vingt_snapshot_age_seconds", "", static_cast<double>(NowMs() - last_at) / 1000.0);
  }

  const auto workspaces = db.Workspaces();
  w.Header("vingt_workspaces", "gauge", "Workspaces.");
  w.Sample("vingt_workspaces", "", static_cast<double>(workspaces.size()));
  w.Header("vingt_records", "gauge", "Records not soft-deleted, by workspace and object.");
  for (const auto& ws : workspaces) {
    const std::string workspace = "workspace=\"" + ws->id().ToString() + "\",object=\"";
    for (const storage::Table* table : ws->AllTables())
      w.Sample("vingt_records", workspace + Escaped(table->schema()->name_plural) + "\"",
               static_cast<double>(table->live_count()));
  }

  if (const webhooks::WebhookDispatcher* d = state.webhook_dispatcher) {
    w.Header("vingt_webhook_deliveries_total", "counter",
             "Webhook deliveries ended, by result: delivered (2xx), failed (every attempt), dropped (queue full).");
    w.Sample("vingt_webhook_deliveries_total", "result=\"delivered\"", static_cast<double>(d->delivered()));
    w.Sample("vingt_webhook_deliveries_total", "result=\"failed\"", static_cast<double>(d->failed()));
    w.Sample("vingt_webhook_deliveries_total", "result=\"dropped\"", static_cast<double>(d->dropped()));
  }

  w.Header("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  w.Sample("process_resident_memory_bytes", "", ResidentBytes());
  w.Header("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
  w.Sample("process_start_time_seconds", "", static_cast<double>(state.started_at_ms) / 1000.0);
  w.Header("vingt_uptime_seconds", "gauge", "Seconds since the server started.");
  w.Sample("vingt_uptime_seconds", "", static_cast<double>(NowMs() - state.started_at_ms) / 1000.0);
  return w.Take();
}

}  // namespace vingt::server::metrics

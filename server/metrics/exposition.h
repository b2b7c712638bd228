// GET /metrics: the server in Prometheus' text exposition format (0.0.4).
// Server-wide, so route_table.cpp lets only the admin token (or anyone,
// with --metrics-public) read it. Names and labels never carry record
// contents or keys: routes are the route table's patterns, workspaces their
// ids, objects their plural names.
//
//   vingt_http_requests_total{route,method,status}        counter
//   vingt_http_request_duration_seconds{route,method}      histogram
//   vingt_http_requests_in_flight                          gauge
//   vingt_http_connections_open                            gauge
//   vingt_http_connections_refused_total                   counter (max connections)
//   vingt_rate_limit_rejections_total                      counter
//   vingt_wal_bytes_written_total                          counter
//   vingt_wal_fsync_duration_seconds                       histogram
//   vingt_wal_records_per_commit                           histogram
//   vingt_snapshots_total                                  counter
//   vingt_snapshot_last_duration_seconds                   gauge
//   vingt_snapshot_last_timestamp_seconds                  gauge (0: none yet)
//   vingt_snapshot_age_seconds                             gauge (only after one)
//   vingt_workspaces                                       gauge
//   vingt_records{workspace,object}                        gauge (not soft-deleted)
//   vingt_webhook_deliveries_total{result}                 counter: delivered, failed, dropped
//   process_resident_memory_bytes, process_start_time_seconds, vingt_uptime_seconds
#pragma once

#include <string>

#include "server/api_context.h"

namespace vingt::server::metrics {

std::string RenderMetrics(const ServerState& state);

}  // namespace vingt::server::metrics

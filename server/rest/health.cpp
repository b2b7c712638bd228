#include "server/rest/health.h"

#include "protocol/json_write.h"
#include "server/api_errors.h"

namespace vingt::server::rest {

protocol::HttpResponse Health(ServerState&) {
  protocol::HttpResponse r;
  r.body = R"({"status":"ok","info":{},"error":{},"details":{}})";
  return r;
}

// Terminus format. "database" is the storage engine: down once the WAL has
// refused writes after a disk failure (until restart), and while the disk
// is too full to take writes (until space returns). The other indicators
// of Twenty have nothing behind them here and report up.
protocol::HttpResponse HealthIndicator(ServerState& state, std::string_view indicator) {
  static constexpr std::string_view kKnown[] = {"database", "redis", "worker", "connectedAccount", "app"};
  bool known = false;
  for (auto k : kKnown) known |= k == indicator;
  if (!known) return BadRequest("Invalid indicatorId: " + std::string(indicator));

  Status wal = state.db->wal().sticky_error();
  if (wal.ok()) wal = state.db->CheckWriteRoom();
  bool up = indicator != "database" || wal.ok();
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("status");
  w.String(up ? "ok" : "error");
  auto detail = [&] {
    w.StartObject();
    w.Key(indicator);
    w.StartObject();
    w.Key("status");
    w.String(up ? "up" : "down");
    if (!up) {
      w.Key("message");
      w.String(wal.message());
    }
    w.EndObject();
    w.EndObject();
  };
  w.Key("info");
  if (up)
    detail();
  else {
    w.StartObject();
    w.EndObject();
  }
  w.Key("error");
  if (!up)
    detail();
  else {
    w.StartObject();
    w.EndObject();
  }
  w.Key("details");
  detail();
  w.EndObject();
  protocol::HttpResponse r;
  r.status = up ? 200 : 503;
  r.body = w.Take();
  return r;
}

}  // namespace vingt::server::rest

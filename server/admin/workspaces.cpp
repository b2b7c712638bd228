#include "server/admin/workspaces.h"

#include <algorithm>
#include <chrono>

#include <simdjson.h>

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "server/api_errors.h"
#include "server/auth/key_tokens.h"
#include "server/durability.h"
#include "server/graphql/core_schema.h"

namespace vingt::server::admin {
namespace {

using protocol::HttpResponse;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The optional {"name": "..."} of a create; anything else is refused.
Result<std::string> NameFrom(const protocol::HttpRequest& request) {
  std::string name = "Workspace";
  if (std::all_of(request.body.begin(), request.body.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }))
    return name;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object body;
  if (parser.parse(request.body).get(body)) return Status::InvalidArgument("The body must be a JSON object");
  for (auto [key, value] : body) {
    if (key != "name") return Status::InvalidArgument("Unknown property '" + std::string(key) + "'; expected name");
    std::string_view text;
    if (value.get(text) || text.empty()) return Status::InvalidArgument("name must be a non-empty string");
    name = std::string(text);
  }
  return name;
}

}  // namespace

asio::awaitable<HttpResponse> CreateWorkspace(ServerState& state, const protocol::HttpRequest& request) {
  Result<std::string> name = NameFrom(request);
  if (!name.ok()) co_return RestErrorFromStatus(name.status());
  uint64_t workspace_lsn = 0;
  Result<storage::Workspace*> ws = state.db->CreateWorkspace(*name, &workspace_lsn);
  if (!ws.ok()) co_return RestErrorFromStatus(ws.status());
  MintedKey minted = MintApiKey(state.hasher, (*ws)->id(), "default", NowMs(), std::nullopt);
  Result<uint64_t> key_lsn = state.db->keys().Put(minted.key);
  if (!key_lsn.ok()) co_return RestErrorFromStatus(key_lsn.status());
  Status durable = co_await AwaitDurable(state.db->wal(), std::max(workspace_lsn, *key_lsn));
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("id");
  w.String((*ws)->id().ToString());
  w.Key("name");
  w.String((*ws)->name());
  w.Key("apiKey");
  w.String(minted.token);
  w.EndObject();
  co_return Json(201, w.Take());
}

HttpResponse ListWorkspaces(ServerState& state) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("workspaces");
  w.StartArray();
  std::string created;
  for (const auto& ws : state.db->Workspaces()) {
    w.StartObject();
    w.Key("id");
    w.String(ws->id().ToString());
    w.Key("name");
    w.String(ws->name());
    w.Key("createdAt");
    created.clear();
    protocol::FormatIsoDateTime(ws->created_at_ms(), &created);
    w.String(created);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Json(200, w.Take());
}

asio::awaitable<HttpResponse> DeleteWorkspace(ServerState& state, std::string_view id_text) {
  std::optional<storage::Uuid> id = storage::Uuid::Parse(id_text);
  if (!id) co_return RestErrorFromStatus(Status::InvalidArgument("Invalid workspace id '" + std::string(id_text) + "'"));
  uint64_t lsn = 0;
  Status deleted = state.db->DeleteWorkspace(*id, &lsn);
  if (deleted.code() == StatusCode::kNotFound) co_return RestErrorFromStatus(Status::NotFound("Workspace not found"));
  if (!deleted.ok()) co_return RestErrorFromStatus(deleted);
  graphql::ForgetCoreSchema(*id);
  if (state.rate_limiter) state.rate_limiter->Forget(*id);
  Status durable = co_await AwaitDurable(state.db->wal(), lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("id");
  w.String(id->ToString());
  w.EndObject();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::admin

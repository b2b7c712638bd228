#include "server/rest/api_keys.h"

#include <simdjson.h>

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "server/durability.h"
#include "server/metadata/rest_list.h"
#include "server/api_errors.h"

namespace vingt::server::rest {
namespace {

using protocol::HttpResponse;
using storage::ApiKey;

void WriteTime(protocol::JsonWriter& w, std::optional<int64_t> ms) {
  if (!ms) {
    w.Null();
    return;
  }
  std::string text;
  protocol::FormatIsoDateTime(*ms, &text);
  w.String(text);
}

void WriteKey(protocol::JsonWriter& w, const ApiKey& k, std::string_view token = {}) {
  w.StartObject();
  w.Key("id");
  w.String(k.id.ToString());
  w.Key("name");
  w.String(k.name);
  w.Key("expiresAt");
  WriteTime(w, k.expires_at_ms);
  w.Key("revokedAt");
  WriteTime(w, k.revoked_at_ms);
  w.Key("workspaceId");
  w.String(k.workspace_id.ToString());
  w.Key("createdAt");
  WriteTime(w, k.created_at_ms);
  w.Key("updatedAt");
  WriteTime(w, k.updated_at_ms);
  if (!token.empty()) {
    w.Key("token");
    w.String(token);
  }
  w.EndObject();
}

HttpResponse KeyResponse(int status, const ApiKey& k, std::string_view token = {}) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  WriteKey(w, k, token);
  HttpResponse r;
  r.status = status;
  r.body = w.Take();
  return r;
}

// The caller's workspace owns the key, or it does not exist for them.
std::optional<ApiKey> FindOwnKey(ServerState& state, const CallContext& call, std::string_view id_text) {
  auto id = storage::Uuid::Parse(id_text);
  if (!id) return std::nullopt;
  auto key = state.db->keys().FindById(*id);
  if (!key || key->workspace_id != call.workspace->id()) return std::nullopt;
  return key;
}

HttpResponse KeyNotFound() { return RestErrorFromStatus(Status::NotFound("API key not found")); }

simdjson::error_code ParseObject(const protocol::HttpRequest& request, simdjson::dom::object* out) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto ec = parser.parse(request.body).get(doc)) return ec;
  return doc.get(*out);
}

// Reads an optional "name" / "expiresAt" / "revokedAt" from a body; unknown
// keys other than roleId are refused like any unknown field.
Status ApplyFields(const simdjson::dom::object& body, ApiKey* key, bool* has_name) {
  for (auto [name, value] : body) {
    if (name == "name") {
      std::string_view v;
      if (value.get(v) || v.empty()) return Status::InvalidArgument("name must be a non-empty string");
      key->name = std::string(v);
      *has_name = true;
    } else if (name == "expiresAt" || name == "revokedAt") {
      std::optional<int64_t>* target = name == "expiresAt" ? &key->expires_at_ms : &key->revoked_at_ms;
      if (value.is_null()) {
        target->reset();
        continue;
      }
      std::string_view v;
      std::optional<int64_t> ms;
      if (!value.get(v)) ms = protocol::ParseIsoDateTime(v);
      if (!ms) return Status::InvalidArgument(std::string(name) + " must be an ISO 8601 date-time string");
      *target = *ms;
    } else if (name == "roleId" || name == "id") {
      // Roles are not modelled: every key has full access to its workspace.
    } else {
      return Status::InvalidArgument("ApiKey doesn't have any \"" + std::string(name) + "\" field.");
    }
  }
  return Status::Ok();
}

asio::awaitable<HttpResponse> Persist(ServerState& state, const ApiKey& key, int status, std::string_view token = {}) {
  auto lsn = state.db->keys().Put(key);
  if (!lsn.ok()) co_return RestErrorFromStatus(lsn.status());
  Status durable = co_await AwaitDurable(state.db->wal(), *lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);
  co_return KeyResponse(status, key, token);
}

}  // namespace

asio::awaitable<HttpResponse> ListApiKeys(ServerState& state, CallContext& call, bool deprecated_alias) {
  std::vector<ApiKey> keys;
  for (ApiKey& k : state.db->keys().List())
    if (k.workspace_id == call.workspace->id() && !k.revoked_at_ms) keys.push_back(std::move(k));
  co_return metadata::BareObjectList(
      call, "apiKeys", std::move(keys), deprecated_alias, [](const ApiKey& k) { return k.id; },
      [](protocol::JsonWriter& w, const ApiKey& k) { WriteKey(w, k); });
}

asio::awaitable<HttpResponse> GetApiKey(ServerState& state, CallContext& call, std::string_view id) {
  auto key = FindOwnKey(state, call, id);
  if (!key) co_return KeyNotFound();
  co_return KeyResponse(200, *key);
}

asio::awaitable<HttpResponse> CreateApiKey(ServerState& state, CallContext& call, const protocol::HttpRequest& request) {
  simdjson::dom::object body;
  if (ParseObject(request, &body)) co_return BadRequest("Request body must be a JSON object");
  MintedKey minted = MintApiKey(state.hasher, call.workspace->id(), "", call.now_ms, std::nullopt);
  bool has_name = false;
  Status st = ApplyFields(body, &minted.key, &has_name);
  if (!st.ok()) co_return RestErrorFromStatus(st);
  if (!has_name) co_return BadRequest("name must be a non-empty string");
  // The token embeds the expiry for clients that read it; re-mint with it.
  ApiKey fields = minted.key;
  minted = MintApiKey(state.hasher, call.workspace->id(), fields.name, call.now_ms, fields.expires_at_ms);
  minted.key.revoked_at_ms = fields.revoked_at_ms;
  co_return co_await Persist(state, minted.key, 201, minted.token);
}

asio::awaitable<HttpResponse> UpdateApiKey(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                           std::string_view id) {
  auto key = FindOwnKey(state, call, id);
  if (!key) co_return KeyNotFound();
  simdjson::dom::object body;
  if (ParseObject(request, &body)) co_return BadRequest("Request body must be a JSON object");
  bool has_name = false;
  Status st = ApplyFields(body, &*key, &has_name);
  if (!st.ok()) co_return RestErrorFromStatus(st);
  key->updated_at_ms = call.now_ms;
  co_return co_await Persist(state, *key, 200);
}

asio::awaitable<HttpResponse> RevokeApiKey(ServerState& state, CallContext& call, std::string_view id) {
  auto key = FindOwnKey(state, call, id);
  if (!key) co_return KeyNotFound();
  if (!key->revoked_at_ms) key->revoked_at_ms = call.now_ms;
  key->updated_at_ms = call.now_ms;
  co_return co_await Persist(state, *key, 200);
}

}  // namespace vingt::server::rest

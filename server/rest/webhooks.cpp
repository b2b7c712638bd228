#include "server/rest/webhooks.h"

#include <simdjson.h>

#include "protocol/json_write.h"
#include "server/api_errors.h"
#include "server/durability.h"
#include "server/metadata/rest_list.h"
#include "server/rest/record_common.h"
#include "server/webhooks/webhook_inputs.h"

namespace vingt::server::rest {
namespace {

using protocol::HttpResponse;
using storage::Webhook;

HttpResponse WebhookResponse(int status, const Webhook& webhook) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  webhooks::WriteWebhookJson(w, webhook);
  HttpResponse r;
  r.status = status;
  r.body = w.Take();
  return r;
}

std::optional<Webhook> FindOwn(ServerState& state, const CallContext& call, std::string_view id_text) {
  auto id = storage::Uuid::Parse(id_text);
  if (!id) return std::nullopt;
  return state.db->webhooks().FindLive(call.workspace->id(), *id);
}

// Logs the after-image, awaits durability, answers `answer`.
asio::awaitable<HttpResponse> Persist(ServerState& state, const Webhook& webhook, HttpResponse answer) {
  auto lsn = state.db->webhooks().Put(webhook);
  if (!lsn.ok()) co_return RestErrorFromStatus(lsn.status());
  Status durable = co_await AwaitDurable(state.db->wal(), *lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);
  co_return answer;
}

}  // namespace

asio::awaitable<HttpResponse> ListWebhooks(ServerState& state, CallContext& call, bool deprecated_alias) {
  co_return metadata::BareObjectList(
      call, "webhooks", state.db->webhooks().ListLive(call.workspace->id()), deprecated_alias,
      [](const Webhook& h) { return h.id; },
      [](protocol::JsonWriter& w, const Webhook& h) { webhooks::WriteWebhookJson(w, h); });
}

asio::awaitable<HttpResponse> GetWebhook(ServerState& state, CallContext& call, std::string_view id) {
  auto webhook = FindOwn(state, call, id);
  if (!webhook) co_return RestErrorFromStatus(webhooks::WebhookNotFound());
  co_return WebhookResponse(200, *webhook);
}

asio::awaitable<HttpResponse> CreateWebhook(ServerState& state, CallContext& call,
                                            const protocol::HttpRequest& request) {
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  Webhook webhook;
  webhook.id = storage::Uuid::Random();
  webhook.workspace_id = call.workspace->id();
  webhook.created_at_ms = webhook.updated_at_ms = call.now_ms;
  Status st = webhooks::ApplyWebhookInput(body, webhooks::WebhookWrite::kCreate, &webhook);
  if (!st.ok()) co_return RestErrorFromStatus(st);
  co_return co_await Persist(state, webhook, WebhookResponse(201, webhook));
}

asio::awaitable<HttpResponse> UpdateWebhook(ServerState& state, CallContext& call,
                                            const protocol::HttpRequest& request, std::string_view id) {
  auto webhook = FindOwn(state, call, id);
  if (!webhook) co_return RestErrorFromStatus(webhooks::WebhookNotFound());
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  Status st = webhooks::ApplyWebhookInput(body, webhooks::WebhookWrite::kUpdate, &*webhook);
  if (!st.ok()) co_return RestErrorFromStatus(st);
  webhook->updated_at_ms = call.now_ms;
  co_return co_await Persist(state, *webhook, WebhookResponse(200, *webhook));
}

asio::awaitable<HttpResponse> WebhookDeliveries(ServerState& state, CallContext& call, std::string_view id) {
  auto webhook = FindOwn(state, call, id);
  if (!webhook) co_return RestErrorFromStatus(webhooks::WebhookNotFound());
  std::vector<storage::WebhookAttempt> log = state.db->webhooks().AttemptLog(webhook->id);
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartArray();
  for (auto it = log.rbegin(); it != log.rend(); ++it) webhooks::WriteAttemptJson(w, *it);
  w.EndArray();
  HttpResponse r;
  r.body = w.Take();
  co_return r;
}

asio::awaitable<HttpResponse> DeleteWebhook(ServerState& state, CallContext& call, std::string_view id) {
  auto webhook = FindOwn(state, call, id);
  if (!webhook) co_return RestErrorFromStatus(webhooks::WebhookNotFound());
  webhook->deleted_at_ms = webhook->updated_at_ms = call.now_ms;
  HttpResponse answer;
  answer.body = "true";
  co_return co_await Persist(state, *webhook, std::move(answer));
}

}  // namespace vingt::server::rest

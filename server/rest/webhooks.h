// Webhooks over REST: /rest/metadata/webhooks and the deprecated alias
// /rest/webhooks (spec/auth-errors-limits.md §4.1), as Twenty's webhook
// controller answers: bare webhook objects, 201 on create, `true` on
// delete (a soft delete: the webhook stops receiving events and is gone
// from every answer). Bodies and objects: server/webhooks/webhook_inputs.h.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

// GET /rest/metadata/webhooks: in the workspace's REST metadata format (the
// newer one pages like every metadata list; the legacy one is an array).
// GET /rest/webhooks (`deprecated_alias`): always the array, with
// Deprecation and Link headers naming the metadata route.
asio::awaitable<protocol::HttpResponse> ListWebhooks(ServerState& state, CallContext& call, bool deprecated_alias);
asio::awaitable<protocol::HttpResponse> GetWebhook(ServerState& state, CallContext& call, std::string_view id);
asio::awaitable<protocol::HttpResponse> CreateWebhook(ServerState& state, CallContext& call,
                                                      const protocol::HttpRequest& request);
asio::awaitable<protocol::HttpResponse> UpdateWebhook(ServerState& state, CallContext& call,
                                                      const protocol::HttpRequest& request, std::string_view id);
// GET /rest/metadata/webhooks/{id}/deliveries (vingt extension): the
// webhook's last attempts, newest first (server/webhooks/webhook_inputs.h).
asio::awaitable<protocol::HttpResponse> WebhookDeliveries(ServerState& state, CallContext& call, std::string_view id);
asio::awaitable<protocol::HttpResponse> DeleteWebhook(ServerState& state, CallContext& call, std::string_view id);

}  // namespace vingt::server::rest

// GET /healthz and /healthz/{indicator} (spec/auth-errors-limits.md §5).
#pragma once

#include <string_view>

#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

protocol::HttpResponse Health(ServerState& state);
protocol::HttpResponse HealthIndicator(ServerState& state, std::string_view indicator);

}  // namespace vingt::server::rest

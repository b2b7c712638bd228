// Shared by the record handlers: resolving {plural}, parsing ids and the
// common query parameters, parsing bodies, small response helpers.
#pragma once

#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "server/api_context.h"
#include "server/records/record_codec.h"
#include "server/records/rest_query.h"

namespace vingt::server::rest {

using Response = protocol::HttpResponse;

// {plural} resolved as Twenty does, or the 400 explaining why not (rest-core.md §1.1).
struct Resolved {
  storage::Table* table = nullptr;
  storage::ObjectSchemaPtr schema;
  std::optional<Response> error;
};
Resolved ResolveObject(CallContext& call, std::string_view plural);

// Each returns the error response, or nullopt after filling *out.
std::optional<Response> ParseRecordId(std::string_view text, storage::Uuid* out);
std::optional<Response> ParseDepth(const CallContext& call, int* depth);  // absent => 0; 0 or 1
std::optional<Response> ParseLimit(const ServerState& state, const CallContext& call, size_t* limit);

// The ?filter= / ?<name>= order parameters parsed (Twenty checks both
// parameters' syntax before checking either against the object): the 400
// with INVALID_FILTER_QUERY_PARAM / INVALID_ORDER_BY_QUERY_PARAM, or
// nullopt with *out left empty when the parameter is absent.
std::optional<Response> ParseFilterParam(const CallContext& call, std::optional<protocol::RestFilterParse>* out);
std::optional<Response> ParseOrderByParam(const CallContext& call, std::string_view name,
                                          protocol::RestOrderByParse* out);
// A parsed filter compiled against the object into *out (left empty when
// `parsed` is); the 400 on an unknown field, a bad value, ...
std::optional<Response> CompileFilterParam(const std::optional<protocol::RestFilterParse>& parsed,
                                           const storage::ObjectSchema& schema, std::optional<CompiledFilter>* out);

WriteContext MakeWriteContext(const CallContext& call);
Response Json(int status, std::string body);

// With --explain, how storage found the rows (ServerState::explain).
inline constexpr std::string_view kPlanHeader = "X-Vingt-Plan";
// Parses a request body in place (the request's buffer carries simdjson's
// padding) with this thread's parser: the element is valid until the next
// ParseBody on this thread, so use it before any co_await.
simdjson::error_code ParseBody(const protocol::HttpRequest& request, simdjson::dom::element* out);
Response MalformedBody(simdjson::error_code error);

}  // namespace vingt::server::rest

// Shared by the record handlers: resolving {plural}, parsing ids and the
// common query parameters, parsing bodies, small response helpers.
#pragma once

#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"
#include "server/record_codec.h"

namespace vingt::server::handlers {

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

WriteContext MakeWriteContext(const CallContext& call);
Response Json(int status, std::string body);
// Parses a request body in place (the request's buffer carries simdjson's
// padding) with this thread's parser: the element is valid until the next
// ParseBody on this thread, so use it before any co_await.
simdjson::error_code ParseBody(const protocol::HttpRequest& request, simdjson::dom::element* out);
Response MalformedBody(simdjson::error_code error);

// Moves record `id` to the trash (deletedAt = `deleted_at_ms`) or, with
// nullopt, out of it. Trashing a record already in the trash is NotFound,
// as a GET of it would answer.
storage::Result<storage::WriteOutcome> SetDeletedAt(storage::Table& table, const storage::ObjectSchema& schema,
                                                    const storage::Uuid& id, std::optional<int64_t> deleted_at_ms);

}  // namespace vingt::server::handlers

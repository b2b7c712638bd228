#include "server/handlers/record_common.h"

#include <charconv>

#include "server/rest_errors.h"

namespace vingt::server::handlers {

using storage::Status;
using storage::Table;
using storage::Uuid;

Resolved ResolveObject(CallContext& call, std::string_view plural) {
  Resolved r;
  r.table = call.workspace->FindByPlural(plural);
  if (r.table) {
    r.schema = r.table->schema();
    if (r.schema->is_active) return r;
  }
  std::string name(plural);
  if (Table* singular = call.workspace->FindBySingular(plural)) {
    r.error = BadRequest("object '" + name + "' not found. Did you mean '" + singular->schema()->name_plural + "'?");
  } else {
    r.error = BadRequest("object '" + name + "' not found. eg: companies");
  }
  r.table = nullptr;
  return r;
}

std::optional<Response> ParseRecordId(std::string_view text, Uuid* out) {
  auto id = Uuid::Parse(text);
  if (!id) return BadRequest("'" + std::string(text) + "' is not a valid UUID");
  *out = *id;
  return std::nullopt;
}

std::optional<Response> ParseDepth(const CallContext& call, int* depth) {
  *depth = 0;
  const std::string* d = call.Param("depth");
  if (!d) return std::nullopt;
  if (*d == "0" || *d == "1") {
    *depth = *d == "1";
    return std::nullopt;
  }
  return BadRequest("'depth=" + *d + "' parameter invalid. Allowed values are 0, 1");
}

std::optional<Response> ParseLimit(const ServerState& state, const CallContext& call, size_t* limit) {
  *limit = state.limits.default_page_size;
  const std::string* l = call.Param("limit");
  if (!l || l->empty()) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
  if (ec == std::errc::result_out_of_range && end == l->data() + l->size()) {
    *limit = state.limits.max_records;
    return std::nullopt;
  }
  if (ec != std::errc() || end != l->data() + l->size())
    return BadRequest("limit '" + *l + "' is invalid. Should be an integer", "INVALID_LIMIT_QUERY_PARAM");
  *limit = std::min<uint64_t>(v, state.limits.max_records);
  return std::nullopt;
}

WriteContext MakeWriteContext(const CallContext& call) {
  WriteContext ctx;
  ctx.now_ms = call.now_ms;
  ctx.actor_name = call.key.name;
  return ctx;
}

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

simdjson::error_code ParseBody(const protocol::HttpRequest& request, simdjson::dom::element* out) {
  thread_local simdjson::dom::parser parser;
  if (request.body.capacity() >= request.body.size() + simdjson::SIMDJSON_PADDING)
    return parser.parse(request.body.data(), request.body.size(), false).get(*out);
  return parser.parse(request.body).get(*out);
}

Response MalformedBody(simdjson::error_code error) {
  return BadRequest(std::string("Invalid JSON in request body: ") + simdjson::error_message(error));
}

}  // namespace vingt::server::handlers

#include "server/rest/record_common.h"

#include <algorithm>
#include <charconv>

#include "server/api_errors.h"

namespace vingt::server::rest {

using storage::Table;
using storage::Uuid;

namespace {

// ?fields=a,b&fields=c: names trimmed, duplicates dropped, first use kept.
std::optional<Response> ParseProjection(CallContext& call, const storage::ObjectSchema& schema) {
  bool present = false;
  std::vector<std::string> names;
  for (const auto& [key, value] : call.query) {
    if (key != "fields") continue;
    present = true;
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string name = value.substr(start, comma - start);
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      start = comma + 1;
    }
  }
  if (!present) return std::nullopt;
  if (names.empty())
    return BadRequest("'fields' parameter is empty. Expected a comma-separated list of field names, e.g. fields=id,name");
  std::string unknown;
  for (const auto& name : names) {
    const storage::FieldSchema* f = schema.FindField(name);
    bool readable = (f && f->is_active && f->type != storage::FieldType::kTsVector) || schema.FindByJoinColumn(name);
    if (!readable) unknown += (unknown.empty() ? "" : ", ") + name;
  }
  if (!unknown.empty())
    return BadRequest("'fields' parameter invalid. Unknown or unreadable fields on '" + schema.name_singular +
                      "': " + unknown);
  call.projection_fields = std::move(names);
  call.projection = &call.projection_fields;
  return std::nullopt;
}

}  // namespace

Resolved ResolveObject(CallContext& call, std::string_view plural) {
  Resolved r;
  r.table = call.workspace->FindByPlural(plural);
  if (r.table) {
    r.schema = r.table->schema();
    if (r.schema->is_active) {
      r.error = ParseProjection(call, *r.schema);
      if (r.error) r.table = nullptr;
      return r;
    }
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

std::optional<Response> ParseFilterParam(const CallContext& call, std::optional<protocol::RestFilterParse>* out) {
  const std::string* text = call.Param("filter");
  if (!text) return std::nullopt;
  *out = protocol::ParseRestFilter(*text);
  if (!(*out)->ok()) return BadRequest((*out)->error, "INVALID_FILTER_QUERY_PARAM");
  return std::nullopt;
}

std::optional<Response> ParseOrderByParam(const CallContext& call, std::string_view name,
                                          protocol::RestOrderByParse* out) {
  const std::string* text = call.Param(name);
  if (!text) return std::nullopt;
  *out = protocol::ParseRestOrderBy(*text);
  if (!out->ok()) return BadRequest(out->error, "INVALID_ORDER_BY_QUERY_PARAM");
  return std::nullopt;
}

std::optional<Response> CompileFilterParam(const std::optional<protocol::RestFilterParse>& parsed,
                                           const storage::ObjectSchema& schema, std::optional<CompiledFilter>* out) {
  if (!parsed) return std::nullopt;
  auto compiled = CompileRestFilter(parsed->root, schema);
  if (!compiled.ok()) return RestErrorFromStatus(compiled.status());
  *out = std::move(*compiled);
  return std::nullopt;
}

WriteContext MakeWriteContext(const CallContext& call) {
  WriteContext ctx;
  ctx.now_ms = call.now_ms;
  ctx.actor_name = call.key.name;
  ctx.workspace = call.workspace;
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

}  // namespace vingt::server::rest

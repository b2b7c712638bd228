#include "server/rest/duplicates.h"

#include <optional>

#include "protocol/json_write.h"
#include "server/records/cursor.h"
#include "server/records/duplicate_search.h"
#include "server/rest/relations.h"
#include "server/api_errors.h"

namespace vingt::server::rest {
namespace {

using storage::ObjectSchema;
using storage::Uuid;

void WriteGroup(const CallContext& call, int depth, const ObjectSchema& schema, const storage::ListResult& result,
                protocol::JsonWriter& w) {
  w.StartObject();
  w.Key(schema.name_singular + "Duplicates");
  w.StartArray();
  for (const auto& row : result.rows) WriteRecordAtDepth(*call.workspace, depth, schema, *row, w, call.projection);
  w.EndArray();
  w.Key("totalCount");
  w.Uint64(result.total_count);
  w.Key("pageInfo");
  w.StartObject();
  w.Key("hasNextPage");
  w.Bool(result.has_next_page);
  w.Key("hasPreviousPage");
  w.Bool(false);
  w.Key("startCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeIdCursor(result.rows.front()->GetUuid(schema.id_slot)));
  w.Key("endCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeIdCursor(result.rows.back()->GetUuid(schema.id_slot)));
  w.EndObject();
  w.EndObject();
}

// JavaScript truthiness, which Twenty's argument checks test: absent,
// null, false, 0 and "" are "not given"; an empty array or object is.
bool Given(simdjson::dom::object body, std::string_view key) {
  simdjson::dom::element v;
  if (body[key].get(v) != simdjson::SUCCESS) return false;
  switch (v.type()) {
    case simdjson::dom::element_type::NULL_VALUE: return false;
    case simdjson::dom::element_type::BOOL: return v.get_bool().value();
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return v.get_double().value() != 0;
    case simdjson::dom::element_type::STRING: return !v.get_string().value().empty();
    default: return true;
  }
}

// lodash isEmpty: no elements, no keys, or not a collection at all.
bool IsEmpty(simdjson::dom::element v) {
  simdjson::dom::array a;
  if (v.get(a) == simdjson::SUCCESS) return a.size() == 0;
  simdjson::dom::object o;
  if (v.get(o) == simdjson::SUCCESS) return o.size() == 0;
  std::string_view text;
  if (v.get(text) == simdjson::SUCCESS) return text.empty();
  return true;
}

// Twenty's checks of the two arguments, in its order.
std::optional<Response> ValidateArguments(simdjson::dom::element body) {
  const char* neither = "You have to provide either \"data\" or \"ids\" argument";
  simdjson::dom::object fields;
  if (body.get(fields) != simdjson::SUCCESS) return BadRequest(neither, "INVALID_QUERY_INPUT");
  const bool ids = Given(fields, "ids"), data = Given(fields, "data");
  if (!ids && !data) return BadRequest(neither, "INVALID_QUERY_INPUT");
  if (ids && data) return BadRequest("You cannot provide both \"data\" and \"ids\" arguments", "INVALID_QUERY_INPUT");
  if (!ids && IsEmpty(fields["data"].value()))
    return BadRequest("The \"data\" condition can not be empty when \"ids\" input not provided", "INVALID_QUERY_INPUT");
  return std::nullopt;
}

}  // namespace

asio::awaitable<Response> FindDuplicates(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                         std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  if (auto err = ValidateArguments(body)) co_return *err;
  simdjson::dom::array ids, data;
  const bool by_ids = body["ids"].get(ids) == simdjson::SUCCESS;
  if (!by_ids && body["data"].get(data) != simdjson::SUCCESS) {
    co_return BadRequest(Given(body.get_object().value(), "ids") ? "\"ids\" must be an array of UUID strings"
                                                                 : "\"data\" must be an array of objects");
  }

  const ObjectSchema& schema = *obj.schema;
  Result<std::vector<DuplicateMatches>> found = std::vector<DuplicateMatches>();
  if (by_ids) {
    std::vector<Uuid> id_list;
    for (simdjson::dom::element e : ids) {
      std::string_view text;
      if (e.get(text) != simdjson::SUCCESS) co_return BadRequest("\"ids\" must be an array of UUID strings");
      Uuid id;
      if (auto err = ParseRecordId(text, &id)) co_return *err;
      id_list.push_back(id);
    }
    found = FindDuplicatesOfIds(*obj.table, schema, id_list, IdLookup::kEveryId, state.limits.max_records);
  } else {
    std::vector<InputView> inputs(data.begin(), data.end());
    found = FindDuplicatesOfInputs(*obj.table, schema, inputs, MakeWriteContext(call), state.limits.max_records);
  }
  if (!found.ok()) co_return RestErrorFromStatus(found.status());

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (const DuplicateMatches& m : *found) WriteGroup(call, depth, schema, m.page, w);
  w.EndArray();
  w.EndObject();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::rest

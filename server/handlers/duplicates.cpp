#include "server/handlers/duplicates.h"

#include "protocol/json_write.h"
#include "server/cursor.h"
#include "server/duplicate_search.h"
#include "server/rest_errors.h"

namespace vingt::server::handlers {
namespace {

using storage::ObjectSchema;
using storage::Uuid;

void WriteGroup(const ObjectSchema& schema, const storage::ListResult& result, protocol::JsonWriter& w) {
  w.StartObject();
  w.Key(schema.name_singular + "Duplicates");
  w.StartArray();
  for (const auto& row : result.rows) WriteRecordJson(schema, *row, w);
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

}  // namespace

asio::awaitable<Response> FindDuplicates(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                         std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  simdjson::dom::array ids, data;
  const bool by_ids = body["ids"].get(ids) == simdjson::SUCCESS;
  const bool by_data = body["data"].get(data) == simdjson::SUCCESS;
  if (by_ids == by_data)
    co_return BadRequest("You must provide either \"ids\" or \"data\" (an array), not both", "INVALID_QUERY_INPUT");

  const ObjectSchema& schema = *obj.schema;
  storage::Result<std::vector<DuplicateMatches>> found = std::vector<DuplicateMatches>();
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
    std::vector<simdjson::dom::element> inputs(data.begin(), data.end());
    found = FindDuplicatesOfInputs(*obj.table, schema, inputs, MakeWriteContext(call), state.limits.max_records);
  }
  if (!found.ok()) co_return RestErrorFromStatus(found.status());

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (const DuplicateMatches& m : *found) WriteGroup(schema, m.page, w);
  w.EndArray();
  w.EndObject();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::handlers

#include "server/rest/records.h"

#include <charconv>
#include <simdjson.h>

#include "protocol/json_write.h"
#include "server/records/cursor.h"
#include "server/rest/envelopes.h"
#include "server/rest/record_common.h"
#include "server/rest/relations.h"
#include "server/records/record_codec.h"
#include "server/records/record_writes.h"
#include "server/api_errors.h"
#include "server/records/rest_query.h"
#include "storage/cascade.h"

namespace vingt::server::rest {
namespace {

using storage::ObjectSchema;
using storage::RowRef;
using storage::Table;
using storage::Uuid;

// 201 {"data":{"create<Plural>":[...]}}
Response CreatedMany(const CallContext& call, int depth, const ObjectSchema& schema, const std::vector<RowRef>& rows) {
  return RecordsEnvelope(*call.workspace, depth, schema, "create" + storage::Capitalize(schema.name_plural), rows, 201, call.projection);
}

bool IsUpsert(const CallContext& call) {
  const std::string* u = call.Param("upsert");
  return u && *u == "true";
}

}  // namespace

asio::awaitable<Response> FindMany(ServerState& state, CallContext& call, std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  size_t limit;
  if (auto err = ParseLimit(state, call, &limit)) co_return *err;
  const ObjectSchema& schema = *obj.schema;
  // spec/rest-core.md §5-§7, in Twenty's order: both parameters are parsed,
  // then the filter and the order are checked against the object.
  protocol::RestOrderByParse order_by;
  if (auto err = ParseOrderByParam(call, "order_by", &order_by)) co_return *err;
  std::optional<protocol::RestFilterParse> filter_text;
  if (auto err = ParseFilterParam(call, &filter_text)) co_return *err;
  const std::string* after = call.Param("starting_after");
  const std::string* before = call.Param("ending_before");
  if (after && before) co_return BadRequest("Cannot provide both before and after", "ARGS_CONFLICT");

  storage::ListQuery q;
  q.limit = limit;
  q.explain = state.explain;
  std::optional<CompiledFilter> filter;
  if (auto err = CompileFilterParam(filter_text, schema, &filter)) co_return *err;
  if (filter) {
    q.filter = &filter->filter;
    q.include_deleted = filter->include_deleted;
  }
  auto order = CompileRestOrderBy(order_by.items, schema);
  if (!order.ok()) co_return RestErrorFromStatus(order.status());
  q.order = std::move(*order);
  for (auto [text, slot] : {std::pair{after, &q.after}, std::pair{before, &q.before}}) {
    if (!text) continue;
    *slot = DecodeCursor(*text, q.order, schema);
    if (!*slot) co_return BadRequest("Invalid cursor: " + *text, "INVALID_CURSOR");
  }
  storage::ListResult result = obj.table->List(q);

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key(schema.name_plural);
  w.StartArray();
  for (const auto& row : result.rows) WriteRecordAtDepth(*call.workspace, depth, schema, *row, w, call.projection);
  w.EndArray();
  w.EndObject();
  w.Key("totalCount");
  w.Uint64(result.total_count);
  w.Key("pageInfo");
  w.StartObject();
  w.Key("hasNextPage");
  w.Bool(result.has_next_page);
  w.Key("hasPreviousPage");
  w.Bool(result.has_previous_page);
  w.Key("startCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeCursor(q.order, schema, *result.rows.front()));
  w.Key("endCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeCursor(q.order, schema, *result.rows.back()));
  w.EndObject();
  w.EndObject();
  Response response = Json(200, w.Take());
  if (state.explain) response.headers.emplace_back(kPlanHeader, std::move(result.plan));
  co_return response;
}

asio::awaitable<Response> FindOne(ServerState& state, CallContext& call, std::string_view plural,
                                  std::string_view id_text) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  Uuid id;
  if (auto err = ParseRecordId(id_text, &id)) co_return *err;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  RowRef row = obj.table->Get(id);
  if (!row || !row->IsNull(obj.schema->deleted_at_slot))
    co_return RestErrorFromStatus(RecordNotFound());
  co_return RecordEnvelope(*call.workspace, depth, *obj.schema, obj.schema->name_singular, *row, 200, call.projection);
}

asio::awaitable<Response> CreateOne(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                    std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  if (!body.is_object()) co_return BadRequest("Request body must be a JSON object");

  const ObjectSchema& schema = *obj.schema;
  storage::RowBuilder builder(schema.slot_count());
  Status st = DecodeRecordInput(schema, body, WriteMode::kCreate, MakeWriteContext(call), &builder);
  if (!st.ok()) co_return RestErrorFromStatus(st);
  auto outcome = CreateOrUpsert(*obj.table, schema, IsUpsert(call), body, builder, MakeWriteContext(call));
  if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
  call.await_lsn = outcome->lsn;

  co_return RecordEnvelope(*call.workspace, depth, schema, "create" + storage::Capitalize(schema.name_singular), *outcome->after, 201, call.projection);
}

asio::awaitable<Response> CreateMany(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                     std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  simdjson::dom::array items;
  if (body.get(items) != simdjson::SUCCESS) co_return BadRequest("Body must be an array");

  const ObjectSchema& schema = *obj.schema;
  std::vector<InputView> elements(items.begin(), items.end());
  BatchWrite batch = CreateRecords(*obj.table, schema, elements, IsUpsert(call), MakeWriteContext(call),
                                   state.limits.max_records);
  call.await_lsn = batch.lsn;  // the rows written before a failure too
  if (!batch.status.ok()) co_return RestErrorFromStatus(batch.status);
  co_return CreatedMany(call, depth, schema, batch.rows);
}

asio::awaitable<Response> UpdateOne(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                    std::string_view plural, std::string_view id_text) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  Uuid id;
  if (auto err = ParseRecordId(id_text, &id)) co_return *err;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  if (!body.is_object()) co_return BadRequest("Request body must be a JSON object");

  const ObjectSchema& schema = *obj.schema;
  WriteContext ctx = MakeWriteContext(call);
  auto outcome = UpdateRecord(*obj.table, schema, id, body, ctx, /*live_only=*/true);
  if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
  call.await_lsn = outcome->lsn;

  co_return RecordEnvelope(*call.workspace, depth, schema, "update" + storage::Capitalize(schema.name_singular), *outcome->after, 200, call.projection);
}

asio::awaitable<Response> DeleteOne(ServerState& state, CallContext& call, std::string_view plural,
                                    std::string_view id_text) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  Uuid id;
  if (auto err = ParseRecordId(id_text, &id)) co_return *err;
  const ObjectSchema& schema = *obj.schema;
  const std::string* soft = call.Param("soft_delete");
  uint64_t lsn = 0;
  if (soft && *soft == "true") {
    auto outcome = SetDeletedAt(*obj.table, schema, id, call.now_ms);
    if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
    lsn = outcome->lsn;
  } else {
    auto outcome = storage::DestroyWithCascade(*call.workspace, *obj.table, id);
    if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
    lsn = outcome->lsn;
  }
  call.await_lsn = lsn;

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("delete" + storage::Capitalize(schema.name_singular));
  w.StartObject();
  w.Key("id");
  w.String(id.ToString());
  w.EndObject();
  w.EndObject();
  w.EndObject();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::rest

namespace vingt::server::rest {

asio::awaitable<Response> RestoreOne(ServerState& state, CallContext& call, std::string_view plural,
                                     std::string_view id_text) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  Uuid id;
  if (auto err = ParseRecordId(id_text, &id)) co_return *err;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  const ObjectSchema& schema = *obj.schema;
  RowRef row = obj.table->Get(id);
  if (!row) co_return RestErrorFromStatus(RecordNotFound());
  uint64_t lsn = 0;
  if (!row->IsNull(schema.deleted_at_slot)) {
    auto outcome = SetDeletedAt(*obj.table, schema, id, std::nullopt);
    if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
    lsn = outcome->lsn;
    row = outcome->after;
  }
  call.await_lsn = lsn;

  co_return RecordEnvelope(*call.workspace, depth, schema, "restore" + storage::Capitalize(schema.name_singular), *row, 200, call.projection);
}

}  // namespace vingt::server::rest

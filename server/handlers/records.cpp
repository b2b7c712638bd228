#include "server/handlers/records.h"

#include <charconv>
#include <simdjson.h>

#include "protocol/json_write.h"
#include "server/cursor.h"
#include "server/handlers/envelopes.h"
#include "server/handlers/record_common.h"
#include "server/handlers/relations.h"
#include "server/durability.h"
#include "server/record_codec.h"
#include "server/rest_errors.h"
#include "server/rest_query.h"
#include "storage/cascade.h"

namespace vingt::server::handlers {
namespace {

using storage::ObjectSchema;
using storage::RowRef;
using storage::Status;
using storage::Table;
using storage::Uuid;

// Fills position and checks what the codec cannot: the row is complete.
RowRef FinishCreate(Table& table, const ObjectSchema& schema, storage::RowBuilder& builder) {
  if (schema.position_slot >= 0 && builder.IsNull(schema.position_slot))
    builder.SetNumber(schema.position_slot, table.TakeFirstPosition());
  return builder.Build();
}

Uuid IdOf(const ObjectSchema& schema, const storage::RowBuilder& builder) {
  return Uuid::FromBytes(builder.Get(schema.id_slot));
}


// 201 {"data":{"create<Plural>":[...]}}
Response CreatedMany(const CallContext& call, int depth, const ObjectSchema& schema, const std::vector<RowRef>& rows) {
  return RecordsEnvelope(*call.workspace, depth, schema, "create" + storage::Capitalize(schema.name_plural), rows, 201, call.projection);
}

bool IsUpsert(const CallContext& call) {
  const std::string* u = call.Param("upsert");
  return u && *u == "true";
}

// The API path of a unique slot ("id", "emails.primaryEmail") and its value as text.
std::string UniquePath(const ObjectSchema& schema, uint16_t slot) {
  const storage::SlotInfo& info = schema.slots[slot];
  const storage::FieldSchema& f = schema.fields[info.field_index];
  if (info.sub_index < 0) return f.name;
  return f.name + "." + std::string(storage::CompositeSubFields(f.type)[info.sub_index].name);
}

// Twenty's upsert (spec/rest-core.md §4.5): the existing record, soft-deleted
// or not, whose id or any unique field equals the input's; nullopt if none;
// 400 if the input points at two different records.
storage::Result<std::optional<Uuid>> FindUpsertTarget(const Table& table, const ObjectSchema& schema,
                                                      simdjson::dom::element body,
                                                      const storage::RowBuilder& candidate) {
  std::vector<std::pair<Uuid, std::string>> matches;  // id, "path: value"
  if (body["id"].error() == simdjson::SUCCESS) {
    Uuid id = IdOf(schema, candidate);
    if (table.Get(id)) matches.emplace_back(id, "id: " + id.ToString());
  }
  for (const auto& f : schema.fields) {
    auto slot = storage::UniqueSlotOf(f);
    if (!slot || *slot == schema.id_slot || candidate.IsNull(*slot)) continue;
    std::string_view key = candidate.Get(*slot);
    if (key.empty()) continue;
    if (auto owner = table.FindUnique(*slot, key))
      matches.emplace_back(*owner, UniquePath(schema, *slot) + ": " + std::string(key));
  }
  if (matches.empty()) return std::optional<Uuid>();
  for (const auto& m : matches) {
    if (m.first == matches.front().first) continue;
    std::string list;
    for (const auto& each : matches) list += (list.empty() ? "" : ", ") + each.second;
    return Status::InvalidArgument("Multiple records found with the same unique field values for " + list +
                                   ". Cannot determine which record to update.")
        .WithDetailCode("UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT");
  }
  return std::optional<Uuid>(matches.front().first);
}

// Creates the record, or with ?upsert=true updates (and un-deletes) the one
// it matches. `builder` holds the input decoded for a create.
storage::Result<storage::WriteOutcome> CreateOrUpsert(Table& table, const ObjectSchema& schema, bool upsert,
                                                      simdjson::dom::element body, storage::RowBuilder& builder,
                                                      const WriteContext& ctx) {
  if (upsert) {
    auto target = FindUpsertTarget(table, schema, body, builder);
    if (!target.ok()) return target.status();
    if (*target) {
      const Uuid id = **target;
      return table.Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> storage::Result<RowRef> {
        storage::RowBuilder update(*current, schema.slot_count());
        Status st = DecodeRecordInput(schema, body, WriteMode::kUpdate, ctx, &update);
        if (!st.ok()) return st;
        update.SetUuid(schema.id_slot, id);
        update.SetNull(schema.deleted_at_slot);
        return update.Build();
      });
    }
  }
  RowRef row = FinishCreate(table, schema, builder);
  return table.Put(IdOf(schema, builder), storage::PutMode::kInsert,
                   [&](const RowRef&) { return storage::Result<RowRef>(row); });
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
  if (const std::string* o = call.Param("order_by")) {
    order_by = protocol::ParseRestOrderBy(*o);
    if (!order_by.ok()) co_return BadRequest(order_by.error, "INVALID_ORDER_BY_QUERY_PARAM");
  }
  std::optional<protocol::RestFilterParse> filter_text;
  if (const std::string* f = call.Param("filter")) {
    filter_text = protocol::ParseRestFilter(*f);
    if (!filter_text->ok()) co_return BadRequest(filter_text->error, "INVALID_FILTER_QUERY_PARAM");
  }
  const std::string* after = call.Param("starting_after");
  const std::string* before = call.Param("ending_before");
  if (after && before) co_return BadRequest("Cannot provide both before and after", "ARGS_CONFLICT");

  storage::ListQuery q;
  q.limit = limit;
  std::optional<CompiledFilter> filter;
  if (filter_text) {
    auto compiled = CompileRestFilter(filter_text->root, schema);
    if (!compiled.ok()) co_return RestErrorFromStatus(compiled.status());
    filter = std::move(*compiled);
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
  co_return Json(200, w.Take());
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
    co_return RestError(404, "NotFoundException", "Record not found", "RECORD_NOT_FOUND");
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
  Status durable = co_await AwaitDurable(state.db->wal(), outcome->lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

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
  if (items.size() == 0) co_return BadRequest("Input must not be empty");
  if (items.size() > state.limits.max_records)
    co_return BadRequest("Maximum number of records to upsert is " + std::to_string(state.limits.max_records) + ".",
                         "TOO_MANY_RECORDS_TO_UPDATE");

  // Validate every record before writing any, so a bad one changes nothing.
  const ObjectSchema& schema = *obj.schema;
  WriteContext ctx = MakeWriteContext(call);
  std::vector<std::pair<Uuid, RowRef>> rows;
  rows.reserve(items.size());
  if (IsUpsert(call)) {
    // Each record is matched and written in order; all are validated first.
    std::vector<std::pair<simdjson::dom::element, storage::RowBuilder>> inputs;
    for (simdjson::dom::element item : items) {
      if (!item.is_object()) co_return BadRequest("Request body must be an array of JSON objects");
      storage::RowBuilder builder(schema.slot_count());
      Status st = DecodeRecordInput(schema, item, WriteMode::kCreate, ctx, &builder);
      if (!st.ok()) co_return RestErrorFromStatus(st);
      inputs.emplace_back(item, std::move(builder));
    }
    std::vector<RowRef> written;
    uint64_t last_lsn = 0;
    for (auto& [item, builder] : inputs) {
      auto outcome = CreateOrUpsert(*obj.table, schema, true, item, builder, ctx);
      if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
      last_lsn = std::max(last_lsn, outcome->lsn);
      written.push_back(outcome->after);
    }
    Status durable = co_await AwaitDurable(state.db->wal(), last_lsn);
    if (!durable.ok()) co_return RestErrorFromStatus(durable);
    co_return CreatedMany(call, depth, schema, written);
  }
  for (simdjson::dom::element item : items) {
    if (!item.is_object()) co_return BadRequest("Request body must be an array of JSON objects");
    storage::RowBuilder builder(schema.slot_count());
    Status st = DecodeRecordInput(schema, item, WriteMode::kCreate, ctx, &builder);
    if (!st.ok()) co_return RestErrorFromStatus(st);
    Uuid id = IdOf(schema, builder);
    for (const auto& [other, _] : rows)
      if (other == id)
        co_return RestErrorFromStatus(
            Status::Conflict("A duplicate entry was detected").WithDetailCode("DUPLICATE_ENTRY_DETECTED"));
    rows.emplace_back(id, FinishCreate(*obj.table, schema, builder));
  }

  // Twenty inserts a batch in one statement: all or nothing. Insert in
  // order, and on a conflict take back the ones already in.
  std::vector<RowRef> created;
  uint64_t last_lsn = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const RowRef& row = rows[i].second;
    auto outcome = obj.table->Put(rows[i].first, storage::PutMode::kInsert,
                                  [&](const RowRef&) { return storage::Result<RowRef>(row); });
    if (!outcome.ok()) {
      for (size_t j = 0; j < i; ++j) {
        auto undone = obj.table->Remove(rows[j].first);
        if (undone.ok()) last_lsn = std::max(last_lsn, undone->lsn);
      }
      Status durable = co_await AwaitDurable(state.db->wal(), last_lsn);
      durable.IgnoreError();  // the client's error below is the one that matters
      co_return RestErrorFromStatus(outcome.status());
    }
    last_lsn = std::max(last_lsn, outcome->lsn);
    created.push_back(outcome->after);
  }
  Status durable = co_await AwaitDurable(state.db->wal(), last_lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);
  co_return CreatedMany(call, depth, schema, created);
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
  auto outcome = obj.table->Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> storage::Result<RowRef> {
    if (!current->IsNull(schema.deleted_at_slot))
      return Status::NotFound("Record not found").WithDetailCode("RECORD_NOT_FOUND");
    storage::RowBuilder builder(*current, schema.slot_count());
    Status st = DecodeRecordInput(schema, body, WriteMode::kUpdate, ctx, &builder);
    if (!st.ok()) return st;
    // The id is the record's identity; a body may repeat it but not change it.
    builder.SetUuid(schema.id_slot, id);
    return builder.Build();
  });
  if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
  Status durable = co_await AwaitDurable(state.db->wal(), outcome->lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

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
  Status durable = co_await AwaitDurable(state.db->wal(), lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

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

}  // namespace vingt::server::handlers

namespace vingt::server::handlers {

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
  if (!row) co_return RestError(404, "NotFoundException", "Record not found", "RECORD_NOT_FOUND");
  uint64_t lsn = 0;
  if (!row->IsNull(schema.deleted_at_slot)) {
    auto outcome = SetDeletedAt(*obj.table, schema, id, std::nullopt);
    if (!outcome.ok()) co_return RestErrorFromStatus(outcome.status());
    lsn = outcome->lsn;
    row = outcome->after;
  }
  Status durable = co_await AwaitDurable(state.db->wal(), lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

  co_return RecordEnvelope(*call.workspace, depth, schema, "restore" + storage::Capitalize(schema.name_singular), *row, 200, call.projection);
}

}  // namespace vingt::server::handlers

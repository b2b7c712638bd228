#include "server/rest/bulk.h"

#include "protocol/json_write.h"
#include "protocol/rest_filter.h"
#include "server/rest/envelopes.h"
#include "server/api_errors.h"
#include "server/records/record_writes.h"
#include "server/records/rest_query.h"
#include "storage/cascade.h"

namespace vingt::server::rest {
namespace {

using storage::ObjectSchema;
using storage::RowRef;
using storage::Uuid;

// The records a bulk call applies to: compiled from ?filter=, capped.
struct Targets {
  std::vector<RowRef> rows;
  std::optional<Response> error;
};

// `missing_message`: Twenty's answer to an absent or empty filter.
// `include_deleted`: restore and destroy look in the trash too, whatever the
// filter says.
Targets FindTargets(const ServerState& state, const CallContext& call, const Resolved& obj,
                    const std::string& missing_message, const std::string& too_many_message,
                    const char* too_many_code, bool include_deleted) {
  Targets t;
  const std::string* text = call.Param("filter");
  if (!text || text->empty()) {
    t.error = BadRequest(missing_message);
    return t;
  }
  std::optional<protocol::RestFilterParse> parsed;
  std::optional<CompiledFilter> compiled;
  t.error = ParseFilterParam(call, &parsed);
  if (!t.error) t.error = CompileFilterParam(parsed, *obj.schema, &compiled);
  if (t.error) return t;
  auto rows = BulkTargets(*obj.table, compiled->filter, include_deleted || compiled->include_deleted,
                          state.limits.max_records, too_many_message, too_many_code);
  if (!rows.ok()) {
    t.error = RestErrorFromStatus(rows.status());
    return t;
  }
  t.rows = std::move(*rows);
  return t;
}

}  // namespace

asio::awaitable<Response> UpdateMany(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                     std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  const ObjectSchema& schema = *obj.schema;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  if (!body.is_object()) co_return BadRequest("Request body must be a JSON object");
  WriteContext ctx = MakeWriteContext(call);
  {
    // Validate the body once before touching any record.
    storage::RowBuilder probe(schema.slot_count());
    Status st = DecodeRecordInput(schema, body, WriteMode::kUpdate, ctx, &probe);
    if (!st.ok()) co_return RestErrorFromStatus(st);
  }
  // Twenty lets a filter-less PATCH reach every record (up to the cap); like
  // bulk deletes, vingt asks for a filter (spec/rest-core.md §4.7).
  const std::string max = std::to_string(state.limits.max_records);
  Targets targets = FindTargets(state, call, obj, "Filter is required",
                                "Cannot update more than " + max + " records at once", "TOO_MANY_RECORDS_TO_UPDATE",
                                false);
  if (targets.error) co_return *targets.error;

  BatchWrite batch = UpdateRows(*obj.table, schema, targets.rows, body, ctx);
  if (!batch.status.ok()) co_return RestErrorFromStatus(batch.status);
  const std::vector<RowRef>& updated = batch.rows;
  const uint64_t lsn = batch.lsn;
  call.await_lsn = lsn;
  co_return RecordsEnvelope(*call.workspace, depth, schema, "update" + storage::Capitalize(schema.name_plural), updated, 200, call.projection);
}

asio::awaitable<Response> DeleteMany(ServerState& state, CallContext& call, std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  const ObjectSchema& schema = *obj.schema;
  const std::string* soft_param = call.Param("soft_delete");
  const bool soft = soft_param && *soft_param == "true";
  const std::string max = std::to_string(state.limits.max_records);
  Targets targets = FindTargets(
      state, call, obj,
      std::string("Filters are mandatory for bulk ") + (soft ? "delete" : "destroy") +
          " operations. Please provide at least one filter to prevent accidental deletion of all records.",
      soft ? "Cannot delete more than " + max + " records at once" : "Cannot destroy more than " + max + " records at once",
      soft ? "TOO_MANY_RECORDS_TO_UPDATE" : "TOO_MANY_RECORDS_TO_DESTROY",
      // Twenty's destroy-many runs a plain DELETE with the filter: records
      // already in the trash match too.
      /*include_deleted=*/!soft);
  if (targets.error) co_return *targets.error;

  BatchWrite batch = soft ? SetDeletedAtRows(*obj.table, schema, targets.rows, call.now_ms)
                          : DestroyRows(*call.workspace, *obj.table, schema, targets.rows);
  if (!batch.status.ok()) co_return RestErrorFromStatus(batch.status);
  const std::vector<Uuid>& done = batch.ids;
  const uint64_t lsn = batch.lsn;
  call.await_lsn = lsn;

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("delete" + storage::Capitalize(schema.name_plural));
  w.StartArray();
  for (const Uuid& id : done) {
    w.StartObject();
    w.Key("id");
    w.String(id.ToString());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  co_return Json(200, w.Take());
}

asio::awaitable<Response> RestoreMany(ServerState& state, CallContext& call, std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  const ObjectSchema& schema = *obj.schema;
  const std::string max = std::to_string(state.limits.max_records);
  Targets targets = FindTargets(state, call, obj, "Filter is required",
                                "Cannot restore more than " + max + " records at once", "TOO_MANY_RECORDS_TO_UPDATE",
                                true);
  if (targets.error) co_return *targets.error;
  BatchWrite batch = SetDeletedAtRows(*obj.table, schema, targets.rows, std::nullopt);
  if (!batch.status.ok()) co_return RestErrorFromStatus(batch.status);
  const std::vector<RowRef>& restored = batch.rows;
  const uint64_t lsn = batch.lsn;
  call.await_lsn = lsn;
  co_return RecordsEnvelope(*call.workspace, depth, schema, "restore" + storage::Capitalize(schema.name_plural), restored, 200, call.projection);
}

}  // namespace vingt::server::rest

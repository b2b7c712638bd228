#include "server/records/record_writes.h"
#include "server/rest/merge.h"

#include "protocol/json_read.h"
#include "server/rest/envelopes.h"
#include "server/records/record_merge.h"
#include "server/api_errors.h"

namespace vingt::server::rest {
namespace {

Response MergeError(const std::string& message) { return BadRequest(message, "INVALID_QUERY_INPUT"); }

std::string InvalidPriority(const std::string& value, size_t count) {
  return "Invalid conflict priority '" + value + "'. Valid options for " + std::to_string(count) + " records: 0-" +
         std::to_string(count - 1);
}

}  // namespace

asio::awaitable<Response> MergeRecords(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                       std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  simdjson::dom::array id_array;
  if (body["ids"].get(id_array) != simdjson::SUCCESS) co_return MergeError("\"ids\" must be an array of record ids");
  MergeRequest merge;
  merge.now_ms = call.now_ms;
  for (simdjson::dom::element e : id_array) {
    std::string_view text;
    if (e.get(text) != simdjson::SUCCESS) co_return MergeError("\"ids\" must be an array of record ids");
    storage::Uuid id;
    if (auto err = ParseRecordId(text, &id)) co_return *err;
    merge.ids.push_back(id);
  }
  if (auto p = body["conflictPriorityIndex"]; p.error() == simdjson::SUCCESS) {
    if (p.get(merge.conflict_priority_index) != simdjson::SUCCESS)
      co_return MergeError(InvalidPriority(protocol::MinifiedJson(p.value_unsafe()), merge.ids.size()));
  }
  if (auto d = body["dryRun"]; d.error() == simdjson::SUCCESS && d.get(merge.dry_run) != simdjson::SUCCESS)
    co_return MergeError("\"dryRun\" must be a boolean");

  const storage::ObjectSchema& schema = *obj.schema;
  MergeOutcome outcome = server::MergeRecords(*call.workspace, *obj.table, schema, merge);
  call.await_lsn = outcome.lsn;
  if (!outcome.status.ok()) {
    // Twenty's REST filter answers every RECORD_NOT_FOUND of a query runner
    // with this one message.
    if (outcome.status.code() == StatusCode::kNotFound)
      co_return RestErrorFromStatus(RecordNotFound());
    co_return RestErrorFromStatus(outcome.status);
  }
  co_return RecordEnvelope(*call.workspace, depth, schema, "merge" + storage::Capitalize(schema.name_singular),
                           *outcome.record, 200, call.projection);
}

}  // namespace vingt::server::rest

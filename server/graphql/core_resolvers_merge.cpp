// merge<Plural>(ids, conflictPriorityIndex, dryRun) of the core /graphql
// API: the arguments become a MergeRequest for server/records/record_merge.h, which
// REST's PATCH /rest/{plural}/merge shares, so the rules and messages are
// one. The write is awaited by the transport (RequestContext::NoteWrite).
#include "server/graphql/core_model.h"
#include "server/records/record_merge.h"

namespace vingt::server::graphql::core {

using protocol::graphql::InputValue;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;

ResolvedValue ResolveMerge(const ResolverContext& c, const ObjectModel& obj) {
  MergeRequest merge;
  RequestContext* rc = ContextOf(c);
  if (rc && rc->call) merge.now_ms = rc->call->now_ms;
  // ids: [UUID!]! and conflictPriorityIndex: Int! are checked for presence
  // and type by validation; the UUID scalar does not check the format.
  if (const InputValue* ids = c.Arg("ids"); ids && ids->kind() == InputValue::Kind::kList) {
    for (const InputValue& v : ids->AsList()) {
      std::string text = v.kind() == InputValue::Kind::kString ? v.AsString() : v.Inspect();
      auto id = storage::Uuid::Parse(text);
      if (!id) return BadUserInput("'" + text + "' is not a valid UUID", "INVALID_UUID");
      merge.ids.push_back(*id);
    }
  }
  if (const InputValue* index = c.Arg("conflictPriorityIndex"); index && index->kind() == InputValue::Kind::kInt)
    merge.conflict_priority_index = index->AsInt();
  if (const InputValue* dry_run = c.Arg("dryRun"); dry_run && dry_run->kind() == InputValue::Kind::kBool)
    merge.dry_run = dry_run->AsBool();

  MergeOutcome outcome = MergeRecords(*obj.workspace, *obj.table, *obj.schema, merge);
  if (rc) rc->NoteWrite(outcome.lsn);
  if (!outcome.status.ok()) return ErrorFromStatus(outcome.status);
  return RecordValue(std::move(outcome.record));
}

}  // namespace vingt::server::graphql::core

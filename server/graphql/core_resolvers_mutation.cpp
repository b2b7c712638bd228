// Writes of the core /graphql API: create (with upsert), update, soft
// delete, destroy and restore, one and many. The record rules, upsert
// matching, bulk caps, cascades and messages are REST's: both call
// server/records/record_writes.h; GraphQL's `data` is handed to the same
// DecodeRecordInput as it is (server/records/input_view.h).
#include "server/graphql/core_model.h"
#include "server/records/record_writes.h"
#include "storage/cascade.h"

namespace vingt::server::graphql::core {

WriteContext MakeWriteContext(const protocol::graphql::ResolverContext& c) {
  WriteContext ctx;
  if (RequestContext* rc = ContextOf(c); rc && rc->call) {
    ctx.now_ms = rc->call->now_ms;
    ctx.actor_name = rc->call->key.name;
    ctx.workspace = rc->call->workspace;
  }
  return ctx;
}

namespace {

using protocol::graphql::InputValue;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;
using storage::RowRef;
using storage::Uuid;

int64_t NowMs(const ResolverContext& c) {
  RequestContext* rc = ContextOf(c);
  return rc && rc->call ? rc->call->now_ms : 0;
}

void NoteWrite(const ResolverContext& c, uint64_t lsn) {
  if (RequestContext* rc = ContextOf(c)) rc->NoteWrite(lsn);
}

// The `data` argument, read in place by the record decoder (enums as
// their names); null when absent.
InputView DataArg(const ResolverContext& c) {
  static const InputValue kAbsent;
  const InputValue* v = c.Arg("data");
  return v ? InputView(*v) : InputView(kAbsent);
}

std::optional<ResolvedValue> ParseId(const ResolverContext& c, Uuid* out) {
  const InputValue* v = c.Arg("id");
  std::string text = v && !v->IsNull() ? v->AsString() : std::string();
  auto id = Uuid::Parse(text);
  if (!id) return BadUserInput("'" + text + "' is not a valid UUID", "INVALID_UUID");
  *out = *id;
  return std::nullopt;
}

ResolvedValue RecordList(std::vector<RowRef> rows) {
  std::vector<ResolvedValue> items;
  items.reserve(rows.size());
  for (RowRef& row : rows) items.push_back(RecordValue(std::move(row)));
  return ResolvedValue::List(std::move(items));
}

bool Upsert(const ResolverContext& c) {
  const InputValue* v = c.Arg("upsert");
  return v && v->kind() == InputValue::Kind::kBool && v->AsBool();
}

ResolvedValue CreateOne(const ResolverContext& c, const ObjectModel& obj) {
  const storage::ObjectSchema& schema = *obj.schema;
  const InputView data = DataArg(c);
  if (!data.IsObject()) return BadUserInput("Request body must be a JSON object");
  WriteContext ctx = MakeWriteContext(c);
  storage::RowBuilder builder(schema.slot_count());
  Status st = DecodeRecordInput(schema, data, WriteMode::kCreate, ctx, &builder);
  if (!st.ok()) return ErrorFromStatus(st);
  auto outcome = CreateOrUpsert(*obj.table, schema, Upsert(c), data, builder, ctx);
  if (!outcome.ok()) return ErrorFromStatus(outcome.status());
  NoteWrite(c, outcome->lsn);
  return RecordValue(outcome->after);
}

ResolvedValue CreateMany(const ResolverContext& c, const ObjectModel& obj) {
  const auto items = DataArg(c).AsArray();
  if (!items) return BadUserInput("Body must be an array");
  std::vector<InputView> elements;
  elements.reserve(items->size());
  for (InputView item : *items) elements.push_back(item);
  BatchWrite batch = CreateRecords(*obj.table, *obj.schema, elements, Upsert(c), MakeWriteContext(c),
                                   LimitsOf(c).max_records);
  NoteWrite(c, batch.lsn);
  if (!batch.status.ok()) return ErrorFromStatus(batch.status);
  return RecordList(std::move(batch.rows));
}

ResolvedValue UpdateOne(const ResolverContext& c, const ObjectModel& obj) {
  Uuid id;
  if (auto err = ParseId(c, &id)) return std::move(*err);
  const InputView data = DataArg(c);
  if (!data.IsObject()) return BadUserInput("Request body must be a JSON object");
  auto outcome = UpdateRecord(*obj.table, *obj.schema, id, data, MakeWriteContext(c), /*live_only=*/true);
  if (!outcome.ok()) return ErrorFromStatus(outcome.status());
  NoteWrite(c, outcome->lsn);
  return RecordValue(outcome->after);
}

// A bulk call's targets, as REST's bulk handlers find them.
Result<std::vector<RowRef>> Targets(const ResolverContext& c, const ObjectModel& obj,
                                             const std::string& missing_message, const std::string& verb,
                                             const std::string& too_many_code, bool include_deleted) {
  auto filter = CompileFilterInput(c.Arg("filter"), *obj.schema);
  if (!filter.ok()) return filter.status();
  if (filter->filter.kind == storage::FilterNode::Kind::kAll) return Status::InvalidArgument(missing_message);
  const size_t max = LimitsOf(c).max_records;
  return BulkTargets(*obj.table, filter->filter, include_deleted || filter->include_deleted, max,
                     "Cannot " + verb + " more than " + std::to_string(max) + " records at once", too_many_code);
}

ResolvedValue UpdateMany(const ResolverContext& c, const ObjectModel& obj) {
  const storage::ObjectSchema& schema = *obj.schema;
  const InputView data = DataArg(c);
  if (!data.IsObject()) return BadUserInput("Request body must be a JSON object");
  WriteContext ctx = MakeWriteContext(c);
  {
    storage::RowBuilder probe(schema.slot_count());
    Status st = DecodeRecordInput(schema, data, WriteMode::kUpdate, ctx, &probe);
    if (!st.ok()) return ErrorFromStatus(st);
  }
  auto targets = Targets(c, obj, "Filter is required", "update", "TOO_MANY_RECORDS_TO_UPDATE", false);
  if (!targets.ok()) return ErrorFromStatus(targets.status());
  BatchWrite batch = UpdateRows(*obj.table, schema, *targets, data, ctx);
  NoteWrite(c, batch.lsn);
  if (!batch.status.ok()) return ErrorFromStatus(batch.status);
  return RecordList(std::move(batch.rows));
}

ResolvedValue DeleteOne(const ResolverContext& c, const ObjectModel& obj) {
  Uuid id;
  if (auto err = ParseId(c, &id)) return std::move(*err);
  auto outcome = SetDeletedAt(*obj.table, *obj.schema, id, NowMs(c));
  if (!outcome.ok()) return ErrorFromStatus(outcome.status());
  NoteWrite(c, outcome->lsn);
  return RecordValue(outcome->after);
}

const std::string kMandatory =
    " operations. Please provide at least one filter to prevent accidental deletion of all records.";

ResolvedValue DeleteMany(const ResolverContext& c, const ObjectModel& obj) {
  auto targets = Targets(c, obj, "Filters are mandatory for bulk delete" + kMandatory, "delete",
                         "TOO_MANY_RECORDS_TO_UPDATE", false);
  if (!targets.ok()) return ErrorFromStatus(targets.status());
  BatchWrite batch = SetDeletedAtRows(*obj.table, *obj.schema, *targets, NowMs(c));
  NoteWrite(c, batch.lsn);
  if (!batch.status.ok()) return ErrorFromStatus(batch.status);
  return RecordList(std::move(batch.rows));
}

ResolvedValue DestroyOne(const ResolverContext& c, const ObjectModel& obj) {
  Uuid id;
  if (auto err = ParseId(c, &id)) return std::move(*err);
  auto outcome = storage::DestroyWithCascade(*obj.workspace, *obj.table, id);
  if (!outcome.ok()) return ErrorFromStatus(outcome.status());
  NoteWrite(c, outcome->lsn);
  return RecordValue(outcome->before);
}

ResolvedValue DestroyMany(const ResolverContext& c, const ObjectModel& obj) {
  // Twenty's destroy-many runs a plain DELETE with the filter: records
  // already in the trash match too.
  auto targets = Targets(c, obj, "Filters are mandatory for bulk destroy" + kMandatory, "destroy",
                         "TOO_MANY_RECORDS_TO_DESTROY", /*include_deleted=*/true);
  if (!targets.ok()) return ErrorFromStatus(targets.status());
  BatchWrite batch = DestroyRows(*obj.workspace, *obj.table, *obj.schema, *targets);
  NoteWrite(c, batch.lsn);
  if (!batch.status.ok()) return ErrorFromStatus(batch.status);
  return RecordList(std::move(batch.rows));
}

ResolvedValue RestoreOne(const ResolverContext& c, const ObjectModel& obj) {
  Uuid id;
  if (auto err = ParseId(c, &id)) return std::move(*err);
  const storage::ObjectSchema& schema = *obj.schema;
  RowRef row = obj.table->Get(id);
  if (!row) return ErrorFromStatus(RecordNotFound());
  if (!row->IsNull(schema.deleted_at_slot)) {
    auto outcome = SetDeletedAt(*obj.table, schema, id, std::nullopt);
    if (!outcome.ok()) return ErrorFromStatus(outcome.status());
    NoteWrite(c, outcome->lsn);
    row = outcome->after;
  }
  return RecordValue(std::move(row));
}

ResolvedValue RestoreMany(const ResolverContext& c, const ObjectModel& obj) {
  auto targets = Targets(c, obj, "Filter is required", "restore", "TOO_MANY_RECORDS_TO_UPDATE", true);
  if (!targets.ok()) return ErrorFromStatus(targets.status());
  BatchWrite batch = SetDeletedAtRows(*obj.table, *obj.schema, *targets, std::nullopt);
  NoteWrite(c, batch.lsn);
  if (!batch.status.ok()) return ErrorFromStatus(batch.status);
  return RecordList(std::move(batch.rows));
}

}  // namespace

ResolvedValue ResolveMutation(const ResolverContext& c, const ObjectModel& obj) {
  // Refused before anything is written, as Twenty's query runner does.
  if (auto refused = RefuseNestedOneToMany(c, false)) return std::move(*refused);
  switch (c.field().tag) {
    case kCreateOne: return CreateOne(c, obj);
    case kCreateMany: return CreateMany(c, obj);
    case kUpdateOne: return UpdateOne(c, obj);
    case kUpdateMany: return UpdateMany(c, obj);
    case kDeleteOne: return DeleteOne(c, obj);
    case kDeleteMany: return DeleteMany(c, obj);
    case kDestroyOne: return DestroyOne(c, obj);
    case kDestroyMany: return DestroyMany(c, obj);
    case kRestoreOne: return RestoreOne(c, obj);
    case kRestoreMany: return RestoreMany(c, obj);
    case kMerge: return ResolveMerge(c, obj);
    default: return ResolvedValue::Error("Not implemented", "INTERNAL_SERVER_ERROR");
  }
}

}  // namespace vingt::server::graphql::core

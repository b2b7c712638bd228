#include "server/records/record_writes.h"

#include <algorithm>

#include "server/records/foreign_keys.h"
#include "storage/cascade.h"
#include "storage/wal_group.h"

namespace vingt::server {
namespace {

using storage::ObjectSchema;
using storage::RowRef;
using storage::Table;
using storage::Uuid;

Uuid IdOf(const ObjectSchema& schema, const storage::RowBuilder& builder) {
  return Uuid::FromBytes(builder.Get(schema.id_slot));
}

// The API path of a unique slot ("id", "emails.primaryEmail").
std::string UniquePath(const ObjectSchema& schema, uint16_t slot) {
  const storage::SlotInfo& info = schema.slots[slot];
  const storage::FieldSchema& f = schema.fields[info.field_index];
  if (info.sub_index < 0) return f.name;
  return f.name + "." + std::string(storage::CompositeSubFields(f.type)[info.sub_index].name);
}

// Twenty's upsert (spec/rest-core.md §4.5): the existing record, soft-deleted
// or not, whose id or any unique field equals the input's; nullopt if none;
// 400 if the input points at two different records.
Result<std::optional<Uuid>> FindUpsertTarget(const Table& table, const ObjectSchema& schema,
                                                      InputView body,
                                                      const storage::RowBuilder& candidate) {
  std::vector<std::pair<Uuid, std::string>> matches;  // id, "path: value"
  if (auto object = body.AsObject(); object && object->Find("id")) {
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

// The body's relation connects, looked up before a decode that runs under
// the record's shard lock: a lookup takes the target table's locks, which
// may be this very shard's (a self-relation) or another writer's, so it
// must not nest inside them. nullopt without a workspace (nothing to look up).
std::optional<std::vector<ResolvedConnect>> ConnectsOutsideLock(const ObjectSchema& schema,
                                                                InputView body, const WriteContext& ctx) {
  if (ctx.workspace == nullptr) return std::nullopt;
  return ResolveConnects(*ctx.workspace, schema, body);
}

// Foreign keys of a body (server/records/foreign_keys.h), before anything is
// written; nothing to check without a workspace.
Status ForeignKeysOf(const ObjectSchema& schema, InputView body, const WriteContext& ctx,
                     const std::vector<Uuid>& batch_ids = {}) {
  if (ctx.workspace == nullptr) return Status::Ok();
  return CheckForeignKeys(*ctx.workspace, schema, body, batch_ids);
}

}  // namespace

RowRef FinishCreate(Table& table, const ObjectSchema& schema, storage::RowBuilder& builder) {
  if (schema.position_slot >= 0 && builder.IsNull(schema.position_slot))
    builder.SetNumber(schema.position_slot, table.TakeFirstPosition());
  return builder.Build();
}

namespace {

// CreateOrUpsert once the body's foreign keys are checked.
Result<storage::WriteOutcome> CreateOrUpsertChecked(Table& table, const ObjectSchema& schema, bool upsert,
                                                             InputView body,
                                                             storage::RowBuilder& builder, const WriteContext& ctx) {
  if (upsert) {
    auto target = FindUpsertTarget(table, schema, body, builder);
    if (!target.ok()) return target.status();
    if (*target) {
      const Uuid id = **target;
      const auto connects = ConnectsOutsideLock(schema, body, ctx);
      return table.Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
        storage::RowBuilder update(*current, schema.slot_count());
        Status st = DecodeRecordInput(schema, body, WriteMode::kUpdate, ctx, &update, connects ? &*connects : nullptr);
        if (!st.ok()) return st;
        update.SetUuid(schema.id_slot, id);
        update.SetNull(schema.deleted_at_slot);
        return update.Build();
      });
    }
  }
  RowRef row = FinishCreate(table, schema, builder);
  return table.Put(IdOf(schema, builder), storage::PutMode::kInsert,
                   [&](const RowRef&) { return Result<RowRef>(row); });
}

}  // namespace

Result<storage::WriteOutcome> CreateOrUpsert(Table& table, const ObjectSchema& schema, bool upsert,
                                                      InputView body, storage::RowBuilder& builder,
                                                      const WriteContext& ctx) {
  if (Status st = ForeignKeysOf(schema, body, ctx); !st.ok()) return st;
  return CreateOrUpsertChecked(table, schema, upsert, body, builder, ctx);
}

namespace {

// Runs a multi-record write as one WAL group (storage/wal_group.h), so that
// after a crash it comes back whole or not at all, as Twenty's transaction
// would; the answer awaits the group's end.
template <typename Write>
BatchWrite AsOneOperation(Table& table, Write write) {
  storage::WalGroup group(table.wal(), table.changes());
  BatchWrite out = write();
  out.lsn = std::max(out.lsn, group.End());
  return out;
}

BatchWrite CreateRecordsInGroup(Table& table, const ObjectSchema& schema, const std::vector<InputView>& items,
                                bool upsert, const WriteContext& ctx, size_t max_records) {
  BatchWrite out;
  if (items.empty()) {
    out.status = Status::InvalidArgument("Input must not be empty");
    return out;
  }
  if (items.size() > max_records) {
    out.status = Status::InvalidArgument("Maximum number of records to upsert is " + std::to_string(max_records) + ".")
                     .WithDetailCode("TOO_MANY_RECORDS_TO_UPDATE");
    return out;
  }
  // Validate every record before writing any, so a bad one changes nothing.
  std::vector<storage::RowBuilder> builders;
  builders.reserve(items.size());
  for (InputView item : items) {
    if (!item.IsObject()) {
      out.status = Status::InvalidArgument("Request body must be an array of JSON objects");
      return out;
    }
    storage::RowBuilder builder(schema.slot_count());
    Status st = DecodeRecordInput(schema, item, WriteMode::kCreate, ctx, &builder);
    if (!st.ok()) {
      out.status = st;
      return out;
    }
    builders.push_back(std::move(builder));
  }
  // A batch is one statement in Twenty: a dangling key in any record
  // refuses them all; a key may name another record of the batch.
  std::vector<Uuid> batch_ids;
  for (const auto& builder : builders) batch_ids.push_back(IdOf(schema, builder));
  for (InputView item : items) {
    out.status = ForeignKeysOf(schema, item, ctx, batch_ids);
    if (!out.status.ok()) return out;
  }
  if (upsert) {
    // Each record is matched and written in order.
    for (size_t i = 0; i < items.size(); ++i) {
      auto outcome = CreateOrUpsertChecked(table, schema, true, items[i], builders[i], ctx);
      if (!outcome.ok()) {
        out.status = outcome.status();
        out.rows.clear();
        return out;
      }
      out.lsn = std::max(out.lsn, outcome->lsn);
      out.rows.push_back(outcome->after);
    }
    return out;
  }
  std::vector<std::pair<Uuid, RowRef>> rows;
  for (auto& builder : builders) {
    Uuid id = IdOf(schema, builder);
    for (const auto& [other, _] : rows)
      if (other == id) {
        out.status = Status::Conflict("A duplicate entry was detected").WithDetailCode("DUPLICATE_ENTRY_DETECTED");
        return out;
      }
    rows.emplace_back(id, FinishCreate(table, schema, builder));
  }
  // Twenty inserts a batch in one statement: all or nothing. Insert in
  // order, and on a conflict take back the ones already in.
  for (size_t i = 0; i < rows.size(); ++i) {
    const RowRef& row = rows[i].second;
    auto outcome = table.Put(rows[i].first, storage::PutMode::kInsert,
                             [&](const RowRef&) { return Result<RowRef>(row); });
    if (!outcome.ok()) {
      for (size_t j = 0; j < i; ++j) {
        auto undone = table.Remove(rows[j].first);
        if (undone.ok()) out.lsn = std::max(out.lsn, undone->lsn);
      }
      out.status = outcome.status();
      out.rows.clear();
      return out;
    }
    out.lsn = std::max(out.lsn, outcome->lsn);
    out.rows.push_back(outcome->after);
  }
  return out;
}

}  // namespace

BatchWrite CreateRecords(Table& table, const ObjectSchema& schema, const std::vector<InputView>& items,
                         bool upsert, const WriteContext& ctx, size_t max_records) {
  return AsOneOperation(table, [&] { return CreateRecordsInGroup(table, schema, items, upsert, ctx, max_records); });
}

Result<storage::WriteOutcome> SetDeletedAt(Table& table, const ObjectSchema& schema, const Uuid& id,
                                                    std::optional<int64_t> deleted_at_ms) {
  return table.Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
    if (deleted_at_ms && !current->IsNull(schema.deleted_at_slot))
      return RecordNotFound();
    storage::RowBuilder b(*current, schema.slot_count());
    if (deleted_at_ms)
      b.SetTimestamp(schema.deleted_at_slot, *deleted_at_ms);
    else
      b.SetNull(schema.deleted_at_slot);
    return b.Build();
  });
}

namespace {

// What an update body needs looked up outside the record's lock, once per
// body however many records it updates: its foreign keys checked, its
// relation connects resolved.
struct PreparedUpdate {
  Status status;
  std::optional<std::vector<ResolvedConnect>> connects;
};

PreparedUpdate PrepareUpdate(const ObjectSchema& schema, InputView body, const WriteContext& ctx) {
  PreparedUpdate p;
  p.status = ForeignKeysOf(schema, body, ctx);
  if (p.status.ok()) p.connects = ConnectsOutsideLock(schema, body, ctx);
  return p;
}

// REQUIRES: prepared.status.ok().
Result<storage::WriteOutcome> ApplyPreparedUpdate(Table& table, const ObjectSchema& schema, const Uuid& id,
                                                           InputView body, const WriteContext& ctx,
                                                           bool live_only, const PreparedUpdate& prepared) {
  const auto& connects = prepared.connects;
  return table.Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
    if (live_only && !current->IsNull(schema.deleted_at_slot))
      return RecordNotFound();
    storage::RowBuilder builder(*current, schema.slot_count());
    Status st = DecodeRecordInput(schema, body, WriteMode::kUpdate, ctx, &builder, connects ? &*connects : nullptr);
    if (!st.ok()) return st;
    // The id is the record's identity; a body may repeat it but not change it.
    builder.SetUuid(schema.id_slot, id);
    return builder.Build();
  });
}

}  // namespace

Result<storage::WriteOutcome> UpdateRecord(Table& table, const ObjectSchema& schema, const Uuid& id,
                                                    InputView body, const WriteContext& ctx,
                                                    bool live_only) {
  const PreparedUpdate prepared = PrepareUpdate(schema, body, ctx);
  if (!prepared.status.ok()) return prepared.status;
  return ApplyPreparedUpdate(table, schema, id, body, ctx, live_only, prepared);
}

Result<std::vector<RowRef>> BulkTargets(const Table& table, const storage::FilterNode& filter,
                                                 bool include_deleted, size_t max_records,
                                                 const std::string& too_many_message,
                                                 const std::string& too_many_code) {
  storage::ListQuery q;
  q.filter = filter.kind == storage::FilterNode::Kind::kAll ? nullptr : &filter;
  q.include_deleted = include_deleted;
  q.limit = max_records;
  storage::ListResult result = table.List(q);
  if (result.total_count > max_records)
    return Status::InvalidArgument(too_many_message).WithDetailCode(too_many_code);
  return std::move(result.rows);
}

namespace {

// One write per target row, in order. `write` returns the outcome for the
// row's record, or nullopt to skip the row; a NotFound outcome is skipped
// too (the record went meanwhile, e.g. with an earlier cascade). `image`:
// the outcome's row the batch answers with (after an update, before a
// destroy).
template <typename Image, typename Write>
BatchWrite ForEachTarget(const ObjectSchema& schema, const std::vector<RowRef>& targets, Image image, Write write) {
  BatchWrite out;
  for (const RowRef& row : targets) {
    const Uuid id = row->GetUuid(schema.id_slot);
    auto outcome = write(*row, id);
    if (!outcome || outcome->status().code() == StatusCode::kNotFound) continue;
    if (!outcome->ok()) {
      out.status = outcome->status();
      out.rows.clear();
      return out;
    }
    out.lsn = std::max(out.lsn, (*outcome)->lsn);
    out.rows.push_back((**outcome).*image);
    out.ids.push_back(id);
  }
  return out;
}

}  // namespace

BatchWrite UpdateRows(Table& table, const ObjectSchema& schema, const std::vector<RowRef>& targets,
                      InputView body, const WriteContext& ctx) {
  if (targets.empty()) return BatchWrite{};  // nothing written, so no key to check (as Postgres)
  const PreparedUpdate prepared = PrepareUpdate(schema, body, ctx);
  if (!prepared.status.ok()) {
    BatchWrite refused;
    refused.status = prepared.status;
    return refused;
  }
  return AsOneOperation(table, [&] {
    return ForEachTarget(schema, targets, &storage::WriteOutcome::after, [&](const storage::Row&, const Uuid& id) {
      return std::optional(ApplyPreparedUpdate(table, schema, id, body, ctx, false, prepared));
    });
  });
}

BatchWrite SetDeletedAtRows(Table& table, const ObjectSchema& schema, const std::vector<RowRef>& targets,
                            std::optional<int64_t> now_ms) {
  return AsOneOperation(table, [&] {
    return ForEachTarget(schema, targets, &storage::WriteOutcome::after, [&](const storage::Row& row, const Uuid& id) {
      using Outcome = std::optional<Result<storage::WriteOutcome>>;
      if (!now_ms && row.IsNull(schema.deleted_at_slot)) return Outcome();  // restore: not in the trash
      return Outcome(SetDeletedAt(table, schema, id, now_ms));
    });
  });
}

BatchWrite DestroyRows(const storage::Workspace& workspace, Table& table, const ObjectSchema& schema,
                       const std::vector<RowRef>& targets) {
  return AsOneOperation(table, [&] {
    return ForEachTarget(schema, targets, &storage::DestroyOutcome::before, [&](const storage::Row&, const Uuid& id) {
      return std::optional(storage::DestroyWithCascade(workspace, table, id));
    });
  });
}

}  // namespace vingt::server

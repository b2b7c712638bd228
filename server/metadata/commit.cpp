#include "server/metadata/commit.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "server/record_codec.h"

namespace vingt::server::metadata {

using storage::Result;
using storage::RowRef;
using storage::Status;
using storage::Uuid;

namespace {

// Rewrites, one logged write each, the rows of `table` that `affected`
// selects. The ids are gathered first; each Put re-checks `affected` under
// its shard lock, so a row changed in between is skipped or still rewritten
// from what it holds then. Returns the last LSN written, 0 if none.
Result<uint64_t> RewriteRows(storage::Table& table, const storage::ObjectSchema& schema,
                             const std::function<bool(const storage::Row&)>& affected,
                             const std::function<RowRef(const storage::Row&)>& rewrite) {
  std::vector<Uuid> ids;
  table.ForEachRow([&](const RowRef& row) {
    if (affected(*row)) ids.push_back(row->GetUuid(schema.id_slot));
  });
  uint64_t last_lsn = 0;
  for (const Uuid& id : ids) {
    auto outcome = table.Put(id, storage::PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
      if (!current || !affected(*current)) return Status::NotFound("unchanged");
      return rewrite(*current);
    });
    if (outcome.ok()) {
      last_lsn = std::max(last_lsn, outcome->lsn);
    } else if (outcome.status().code() != storage::StatusCode::kNotFound) {
      return outcome.status();
    }
  }
  return last_lsn;
}

}  // namespace

Result<Committed> PlanAndCommit(storage::Workspace& workspace, const PlanFn& plan_fn) {
  Committed done;
  {
    auto lock = workspace.LockMetadata();
    Result<Plan> plan = plan_fn(workspace.Objects());
    if (!plan.ok()) return plan.status();
    done.plan = std::move(plan).value();
    Result<uint64_t> lsn = workspace.CommitMetadata(done.plan.change);
    if (!lsn.ok()) return lsn.status();
    done.lsn = *lsn;
    done.objects = workspace.Objects();
  }
  if (done.plan.backfill) {
    Result<uint64_t> lsn = BackfillFieldDefault(workspace, *done.plan.backfill);
    if (!lsn.ok()) return lsn.status();
    done.lsn = std::max(done.lsn, *lsn);
  }
  if (done.plan.migration) {
    Result<uint64_t> lsn = MigrateOptionValues(workspace, *done.plan.migration);
    if (!lsn.ok()) return lsn.status();
    done.lsn = std::max(done.lsn, *lsn);
  }
  return done;
}

Result<uint64_t> BackfillFieldDefault(storage::Workspace& workspace, const FieldBackfill& fb) {
  storage::Table* table = workspace.FindAnyById(fb.object_id);
  if (!table || table->total_count() == 0) return uint64_t{0};
  storage::ObjectSchemaPtr schema = table->schema();
  const storage::FieldSchema* field = nullptr;
  for (const auto& f : schema->fields)
    if (f.id == fb.field_id) field = &f;
  if (!field || field->slot_count == 0) return uint64_t{0};
  WriteContext ctx;
  ctx.now_ms = fb.now_ms;
  {
    // Nothing to write when the default is null in every slot.
    storage::RowBuilder probe(schema->slot_count());
    ApplyFieldDefault(*field, ctx, &probe);
    bool all_null = true;
    for (uint16_t i = 0; i < field->slot_count; ++i) all_null = all_null && probe.IsNull(field->first_slot + i);
    if (all_null) return uint64_t{0};
  }
  // A row too short to hold the field's slots was written before it existed.
  const uint16_t first = field->first_slot;
  return RewriteRows(
      *table, *schema, [&](const storage::Row& row) { return row.slot_count() <= first; },
      [&](const storage::Row& current) {
        storage::RowBuilder b(current, schema->slot_count());
        ApplyFieldDefault(*field, ctx, &b);
        return b.Build();
      });
}

Result<uint64_t> MigrateOptionValues(storage::Workspace& workspace, const OptionValueMigration& m) {
  storage::Table* table = workspace.FindAnyById(m.object_id);
  if (!table) return uint64_t{0};
  storage::ObjectSchemaPtr schema = table->schema();
  const storage::FieldSchema* field = nullptr;
  for (const auto& f : schema->fields)
    if (f.id == m.field_id) field = &f;
  if (!field || field->slot_count == 0) return uint64_t{0};
  const uint16_t slot = field->first_slot;
  const bool multi = field->type == storage::FieldType::kMultiSelect;
  // A SELECT whose value was removed falls back to the field's default when
  // that is still an option (a non-nullable field stays filled), else null.
  std::optional<std::string> fallback;
  if (!multi && !field->default_value_json.empty()) {
    storage::RowBuilder probe(schema->slot_count());
    WriteContext ctx;
    ApplyFieldDefault(*field, ctx, &probe);
    if (!probe.IsNull(slot) && field->FindOption(probe.Get(slot))) fallback = std::string(probe.Get(slot));
  }

  auto renamed_to = [&](std::string_view v) -> const std::string* {
    for (const auto& [from, to] : m.renamed)
      if (from == v) return &to;
    return nullptr;
  };
  auto removed = [&](std::string_view v) { return std::find(m.removed.begin(), m.removed.end(), v) != m.removed.end(); };
  auto affected = [&](const storage::Row& row) {
    if (row.IsNull(slot)) return false;
    if (!multi) return renamed_to(row.Text(slot)) || removed(row.Text(slot));
    for (auto item : row.StringList(slot))
      if (renamed_to(item) || removed(item)) return true;
    return false;
  };

  return RewriteRows(*table, *schema, affected, [&](const storage::Row& current) {
    storage::RowBuilder b(current, std::max<size_t>(schema->slot_count(), current.slot_count()));
    if (!multi) {
      if (const std::string* to = renamed_to(current.Text(slot)))
        b.SetText(slot, *to);
      else if (fallback)
        b.SetText(slot, *fallback);
      else
        b.SetNull(slot);
    } else {
      std::vector<std::string> items;
      for (auto item : current.StringList(slot)) {
        if (const std::string* to = renamed_to(item))
          items.push_back(*to);
        else if (!removed(item))
          items.emplace_back(item);
      }
      b.SetStringList(slot, items);
    }
    return b.Build();
  });
}

}  // namespace vingt::server::metadata

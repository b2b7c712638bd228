#include "server/metadata/commit.h"

#include <optional>
#include <utility>
#include <vector>

#include "server/records/record_codec.h"

namespace vingt::server::metadata {

using storage::RowMigration;

namespace {

// The after-image of `object_id` in the change, laid out as the commit will
// lay it out (new fields get their slots), and its field `field_id`.
struct LaidOutField {
  storage::ObjectSchema object;
  const storage::FieldSchema* field = nullptr;
};

std::optional<LaidOutField> FindLaidOut(const Plan& plan, const storage::Uuid& object_id,
                                        const storage::Uuid& field_id) {
  for (const auto& object : plan.change.put) {
    if (object.id != object_id) continue;
    LaidOutField out{object, nullptr};
    out.object.AssignSlots();
    for (const auto& f : out.object.fields)
      if (f.id == field_id) out.field = &f;
    if (!out.field || out.field->slot_count == 0) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

// The slots a new record's default gives `field` (nullopt: NULL).
std::vector<std::optional<std::string>> DefaultSlots(const storage::ObjectSchema& object,
                                                     const storage::FieldSchema& field, int64_t now_ms) {
  WriteContext ctx;
  ctx.now_ms = now_ms;
  storage::RowBuilder probe(object.slot_count());
  ApplyFieldDefault(field, ctx, &probe);
  std::vector<std::optional<std::string>> out;
  for (uint16_t i = 0; i < field.slot_count; ++i) {
    const size_t slot = field.first_slot + i;
    if (probe.IsNull(slot))
      out.emplace_back();
    else
      out.emplace_back(std::string(probe.Get(slot)));
  }
  return out;
}

}  // namespace

std::vector<RowMigration> RowMigrationsFor(const Plan& plan) {
  std::vector<RowMigration> out;
  if (plan.backfill) {
    if (auto laid = FindLaidOut(plan, plan.backfill->object_id, plan.backfill->field_id)) {
      RowMigration m;
      m.kind = RowMigration::Kind::kFillNewField;
      m.object_id = plan.backfill->object_id;
      m.field_id = plan.backfill->field_id;
      m.slot_values = DefaultSlots(laid->object, *laid->field, plan.backfill->now_ms);
      bool any = false;
      for (const auto& v : m.slot_values) any = any || v.has_value();
      if (any) out.push_back(std::move(m));
    }
  }
  if (plan.migration) {
    if (auto laid = FindLaidOut(plan, plan.migration->object_id, plan.migration->field_id)) {
      const storage::FieldSchema& field = *laid->field;
      RowMigration m;
      m.kind = RowMigration::Kind::kRenameValues;
      m.object_id = plan.migration->object_id;
      m.field_id = plan.migration->field_id;
      // A removed SELECT value falls back to the field's default when that
      // is still an option (a non-nullable field stays filled), else null.
      std::optional<std::string> fallback;
      if (field.type != storage::FieldType::kMultiSelect && !field.default_value_json.empty()) {
        auto slots = DefaultSlots(laid->object, field, 0);
        if (!slots.empty() && slots[0] && field.FindOption(*slots[0])) fallback = slots[0];
      }
      for (const auto& [from, to] : plan.migration->renamed) m.value_map.emplace_back(from, to);
      for (const auto& removed : plan.migration->removed) m.value_map.emplace_back(removed, fallback);
      if (!m.value_map.empty()) out.push_back(std::move(m));
    }
  }
  return out;
}

Result<Committed> PlanAndCommit(storage::Workspace& workspace, const PlanFn& plan_fn) {
  Committed done;
  auto lock = workspace.LockMetadata();
  Result<Plan> plan = plan_fn(workspace.Objects());
  if (!plan.ok()) return plan.status();
  done.plan = std::move(plan).value();
  storage::MetadataChange change = done.plan.change;
  change.migrations = RowMigrationsFor(done.plan);
  Result<uint64_t> lsn = workspace.CommitMetadata(std::move(change));
  if (!lsn.ok()) return lsn.status();
  done.lsn = *lsn;
  done.objects = workspace.Objects();
  return done;
}

}  // namespace vingt::server::metadata

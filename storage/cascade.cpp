#include "storage/cascade.h"

#include <algorithm>
#include <limits>

#include "storage/wal_group.h"

namespace vingt::storage {
namespace {

// Chains of CASCADE relations are short in practice; the bound only stops a
// cyclic schema from recursing forever.
constexpr int kMaxCascadeDepth = 16;

struct Dependants {
  Table* table;
  uint16_t slot;  // the dependant's join column
  OnDelete on_delete;
  std::vector<Uuid> ids;
};

std::vector<Dependants> FindDependants(const Workspace& workspace, const ObjectSchema& schema, const Uuid& id) {
  std::vector<Dependants> out;
  for (const auto& f : schema.fields) {
    if (!f.IsOneToMany()) continue;
    Table* target = workspace.FindBySingular(f.relation->target_object);
    if (!target) continue;
    ObjectSchemaPtr target_schema = target->schema();
    const FieldSchema* inverse = target_schema->FindField(f.relation->inverse_field);
    if (!inverse || !inverse->IsManyToOne() || inverse->slot_count != 1) continue;
    std::vector<Uuid> ids = target->FindByForeignKey(inverse->first_slot, id, std::numeric_limits<size_t>::max());
    if (ids.empty()) continue;
    out.push_back({target, inverse->first_slot, inverse->relation->on_delete, std::move(ids)});
  }
  return out;
}

Status Destroy(const Workspace& workspace, Table& table, const Uuid& id, int depth, DestroyOutcome* out) {
  if (depth > kMaxCascadeDepth) return Status::InvalidArgument("Delete cascades too deep");
  ObjectSchemaPtr schema = table.schema();
  std::vector<Dependants> dependants = FindDependants(workspace, *schema, id);
  for (const auto& d : dependants) {
    if (d.on_delete == OnDelete::kRestrict)
      return Status::InvalidArgument("Cannot delete " + schema->name_singular + " " + id.ToString() + ": " +
                                     std::to_string(d.ids.size()) + " " + d.table->schema()->name_plural +
                                     " still reference it");
  }
  Result<WriteOutcome> removed = table.Remove(id);
  if (!removed.ok()) return removed.status();
  out->lsn = std::max(out->lsn, removed->lsn);
  if (depth == 0) out->before = removed->before;

  for (const auto& d : dependants) {
    for (const Uuid& dep : d.ids) {
      if (d.on_delete == OnDelete::kCascade) {
        Status st = Destroy(workspace, *d.table, dep, depth + 1, out);
        if (st.code() == StatusCode::kNotFound) continue;  // already gone through another path
        if (!st.ok()) return st;
        ++out->dependants_destroyed;
      } else {
        // SET_NULL and NO_ACTION: the dependant stays, without its link.
        const uint16_t slot = d.slot;
        const size_t slots = d.table->schema()->slot_count();
        Result<WriteOutcome> detached = d.table->Put(dep, PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
          RowBuilder b(*current, slots);
          b.SetNull(slot);
          return b.Build();
        });
        if (detached.status().code() == StatusCode::kNotFound) continue;
        if (!detached.ok()) return detached.status();
        out->lsn = std::max(out->lsn, detached->lsn);
        ++out->dependants_detached;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<DestroyOutcome> DestroyWithCascade(const Workspace& workspace, Table& table, const Uuid& id) {
  DestroyOutcome out;
  // The record and its cascade are one operation in the log (wal_group.h).
  WalGroup group(table.wal(), table.changes());
  Status st = Destroy(workspace, table, id, 0, &out);
  out.lsn = std::max(out.lsn, group.End());
  if (!st.ok()) return st;
  return out;
}

}  // namespace vingt::storage

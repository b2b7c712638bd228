#include "server/rest/relations.h"

#include <algorithm>

#include "server/records/record_codec.h"

namespace vingt::server::rest {

namespace {

bool Named(const std::vector<std::string>* keys, std::string_view name) {
  return !keys || std::find(keys->begin(), keys->end(), name) != keys->end();
}

}  // namespace

void WriteRelations(const storage::Workspace& workspace, const storage::ObjectSchema& schema, const storage::Row& row,
                    RecordObjectWriter& out, const std::vector<std::string>* keys) {
  for (const auto& f : schema.fields) {
    if (!f.relation || !f.is_active || !Named(keys, f.name)) continue;
    storage::Table* target = workspace.FindBySingular(f.relation->target_object);
    if (!target) continue;
    storage::ObjectSchemaPtr target_schema = target->schema();
    if (f.IsManyToOne()) {
      out.Key(f.name);
      storage::RowRef related;
      if (f.slot_count == 1 && !row.IsNull(f.first_slot)) related = target->Get(row.GetUuid(f.first_slot));
      if (related && related->IsNull(target_schema->deleted_at_slot))
        out.Record(*target_schema, *related);
      else
        out.Null();
      continue;
    }
    const storage::FieldSchema* inverse = target_schema->FindField(f.relation->inverse_field);
    if (!inverse || !inverse->IsManyToOne() || inverse->slot_count != 1) continue;
    out.Key(f.name);
    out.StartArray();
    const storage::Uuid id = row.GetUuid(schema.id_slot);
    size_t written = 0;
    // Ask for a few more ids than needed: soft-deleted ones are skipped.
    for (const storage::Uuid& dep : target->FindByForeignKey(inverse->first_slot, id, kMaxRelatedRecords * 2)) {
      if (written == kMaxRelatedRecords) break;
      storage::RowRef related = target->Get(dep);
      if (!related || !related->IsNull(target_schema->deleted_at_slot)) continue;
      out.Record(*target_schema, *related);
      ++written;
    }
    out.EndArray();
  }
}

void WriteRecordAtDepth(const storage::Workspace& workspace, int depth, const storage::ObjectSchema& schema,
                        const storage::Row& row, protocol::JsonWriter& out,
                        const std::vector<std::string>* projection) {
  if (depth == 0 && !projection) return WriteRecordJson(schema, row, out);  // the common case, as is
  // One pass: the record's own (projected) fields straight from its layout,
  // then its (projected) relations, into the same buffer.
  RecordObjectWriter record(schema, row, out, projection);
  if (depth == 1) WriteRelations(workspace, schema, row, record, projection);
  record.Close();
}

}  // namespace vingt::server::rest

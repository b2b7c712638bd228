#include "server/rest/relations.h"

#include <algorithm>
#include <simdjson.h>

#include "server/records/record_codec.h"

namespace vingt::server::rest {

void WriteRelations(const storage::Workspace& workspace, const storage::ObjectSchema& schema, const storage::Row& row,
                    protocol::JsonWriter& out) {
  for (const auto& f : schema.fields) {
    if (!f.relation || !f.is_active) continue;
    storage::Table* target = workspace.FindBySingular(f.relation->target_object);
    if (!target) continue;
    storage::ObjectSchemaPtr target_schema = target->schema();
    if (f.IsManyToOne()) {
      out.Key(f.name);
      storage::RowRef related;
      if (f.slot_count == 1 && !row.IsNull(f.first_slot)) related = target->Get(row.GetUuid(f.first_slot));
      if (related && related->IsNull(target_schema->deleted_at_slot))
        WriteRecordJson(*target_schema, *related, out);
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
      WriteRecordJson(*target_schema, *related, out);
      ++written;
    }
    out.EndArray();
  }
}

// The record writer emits a record as one finished value, so the relation
// keys are written separately and spliced in before its closing brace.
void WriteRecordWithRelations(const storage::Workspace& workspace, const storage::ObjectSchema& schema,
                              const storage::Row& row, protocol::JsonWriter& out) {
  protocol::JsonWriter record;
  WriteRecordJson(schema, row, record);
  protocol::JsonWriter relations;
  relations.StartObject();
  WriteRelations(workspace, schema, row, relations);
  relations.EndObject();
  std::string_view fields = record.View();
  std::string_view extra = relations.View();
  std::string joined;
  joined.reserve(fields.size() + extra.size());
  joined.append(fields.substr(0, fields.size() - 1));  // without '}'
  if (extra.size() > 2) {
    if (fields.size() > 2) joined += ',';
    joined.append(extra.substr(1));  // without '{', with '}'
  } else {
    joined += '}';
  }
  out.RawJson(joined);
}

void WriteRecordAtDepth(const storage::Workspace& workspace, int depth, const storage::ObjectSchema& schema,
                        const storage::Row& row, protocol::JsonWriter& out,
                        const std::vector<std::string>* projection) {
  if (!projection) {
    if (depth == 1)
      WriteRecordWithRelations(workspace, schema, row, out);
    else
      WriteRecordJson(schema, row, out);
    return;
  }
  // Projection is rare: write the whole record aside and keep the named keys.
  protocol::JsonWriter full;
  if (depth == 1)
    WriteRecordWithRelations(workspace, schema, row, full);
  else
    WriteRecordJson(schema, row, full);
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(std::string(full.View())).get(object) != simdjson::SUCCESS) {
    out.RawJson(full.View());
    return;
  }
  std::string kept = "{";
  for (auto [key, value] : object) {
    if (std::find(projection->begin(), projection->end(), key) == projection->end()) continue;
    if (kept.size() > 1) kept += ',';
    kept += '"';
    kept.append(key);  // field names need no escaping
    kept += "\":";
    kept += simdjson::minify(value);
  }
  kept += '}';
  out.RawJson(kept);
}

}  // namespace vingt::server::rest

// Objects and fields as Twenty's metadata API writes them.
//
// One writer for both front-ends: REST (/rest/metadata/...) writes the keys
// of Twenty's default REST selection (rest/metadata/query-builder/utils/
// fetch-metadata-fields.utils.ts) plus the ones its REST tests read
// (objectMetadataId) and the few a client needs to round-trip an update
// (shortcut, isUnique, settings, isLabelSyncedWithName ...); the GraphQL
// resolvers pick from the same functions.
//
// Fields carry no timestamps of their own in vingt's schema: a field's
// createdAt / updatedAt are its object's.
#pragma once

#include "protocol/json_write.h"
#include "server/metadata/planner.h"
#include "storage/schema.h"

namespace vingt::server::metadata {

// {"id": ..., "type": "TEXT", "name": ..., ..., "relation": {...} | null}
void WriteFieldJson(protocol::JsonWriter& w, const Objects& objects, const storage::ObjectSchema& owner,
                    const storage::FieldSchema& field);
// {"id": ..., "nameSingular": ..., ..., "fields": [...]}; fields left out
// when !with_fields (the body of deleteOneObject).
void WriteObjectJson(protocol::JsonWriter& w, const Objects& objects, const storage::ObjectSchema& object,
                     bool with_fields = true);
// [{"id","value","label","color","position"}, ...] sorted by position, or
// null for a field without options. RATING options have no color.
void WriteOptionsJson(protocol::JsonWriter& w, const storage::FieldSchema& field);
// Twenty's relation definition of a RELATION field (spec/metadata.md §3.4),
// or null.
void WriteRelationJson(protocol::JsonWriter& w, const Objects& objects, const storage::ObjectSchema& owner,
                       const storage::FieldSchema& field);
// The field of `object` named `name`, as an id or null.
void WriteFieldIdByName(protocol::JsonWriter& w, const storage::ObjectSchema& object, std::string_view name);
void WriteTime(protocol::JsonWriter& w, int64_t ms);

}  // namespace vingt::server::metadata

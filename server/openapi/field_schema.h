// JSON Schema of records and of their fields, per field type, as Twenty's
// OpenAPI core document describes them (spec/data-model.md §1 for the
// types; Twenty: utils/convert-object-metadata-to-schema-properties.util.ts
// and core-modules/open-api/utils/components.utils.ts).
//
// For each object the core document has three schemas:
//   <Singular>             create body: writable fields, `required`, `example`
//   <Singular>ForUpdate    update body: the same fields, nothing required
//   <Singular>ForResponse  a record as returned: every field, plus the
//                          relation objects that depth=1 adds
// Inactive fields and TS_VECTOR fields are left out; so is id/createdAt/
// updatedAt/deletedAt from the two bodies.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "protocol/json_write.h"
#include "storage/schema.h"

namespace vingt::server::openapi {

enum class RecordSchemaKind { kCreate, kUpdate, kResponse };

// nameSingular of every object the document describes. Relation properties
// pointing elsewhere are dropped so that every $ref resolves.
using DocumentedObjects = std::set<std::string, std::less<>>;

// The value of components.schemas.<Singular>[ForUpdate|ForResponse].
void WriteRecordSchema(protocol::JsonWriter& w, const storage::ObjectSchema& object, RecordSchemaKind kind,
                       const DocumentedObjects& documented);

// The schema of one non-relation field's value (with its description).
void WriteFieldValueSchema(protocol::JsonWriter& w, const storage::FieldSchema& field, bool for_response);

}  // namespace vingt::server::openapi

// depth=1 (spec/rest-core.md §8): every RELATION field of a record, written
// as extra keys of the record's JSON object. A MANY_TO_ONE relation becomes
// the related record (or null); a ONE_TO_MANY relation an array of at most
// 60 related records, by id, answered from the foreign-key index (no scan).
// Nested records carry their own fields and foreign keys, no relations.
#pragma once

#include <string>
#include <vector>

#include "common/twenty_limits.h"
#include "protocol/json_write.h"
#include "server/records/record_codec.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "storage/workspace.h"

namespace vingt::server::rest {

inline constexpr size_t kMaxRelatedRecords = twenty::kQueryMaxRecordsFromRelation;

// Appends `"<field>": …` to `out` for each relation field of `schema`
// (those `keys` names, when given).
void WriteRelations(const storage::Workspace& workspace, const storage::ObjectSchema& schema, const storage::Row& row,
                    RecordObjectWriter& out, const std::vector<std::string>* keys = nullptr);

// The record at a REST depth: 0 = its own fields, 1 = with its relations;
// with a projection (?fields=), only the keys it names. One pass either way.
void WriteRecordAtDepth(const storage::Workspace& workspace, int depth, const storage::ObjectSchema& schema,
                        const storage::Row& row, protocol::JsonWriter& out,
                        const std::vector<std::string>* projection = nullptr);

}  // namespace vingt::server::rest

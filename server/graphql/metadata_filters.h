// The `filter` argument of the /metadata objects and fields connections:
// nestjs-query's comparisons (eq, in, like, is, ...) on ids and the boolean
// columns, and / or, evaluated against the catalog in memory.
#pragma once

#include <string>

#include "protocol/graphql/input_value.h"
#include "storage/schema.h"

namespace vingt::server::graphql {

// True when the object (id `id`) passes `filter` (null: no filter).
bool MatchObject(const protocol::graphql::InputValue* filter, const storage::ObjectSchema& o, const std::string& id);
// The same for a field of the object `owner_id` (FieldFilter's objectMetadataId).
bool MatchField(const protocol::graphql::InputValue* filter, const storage::FieldSchema& f, const std::string& id,
                const std::string& owner_id);

}  // namespace vingt::server::graphql

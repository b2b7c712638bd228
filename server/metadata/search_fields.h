// Which fields feed an object's search vector (Twenty's
// SEARCH_FIELDS_BY_STANDARD_OBJECT_NAME for its standard objects; a custom
// object is searched by its label identifier, "name"): what /metadata
// reports as a field's isSearchable.
#pragma once

#include "storage/schema.h"

namespace vingt::server::metadata {

bool IsSearchableField(const storage::ObjectSchema& object, const storage::FieldSchema& field);

}  // namespace vingt::server::metadata

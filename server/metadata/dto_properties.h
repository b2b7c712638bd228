// Twenty 2.x metadata DTO properties that vingt derives rather than stores
// (object-metadata.dto.ts, field-metadata.dto.ts), written once for the
// GraphQL /metadata types and the REST metadata shapes.
//
// vingt has no applications, roles or UI: every object is open, editable
// and creatable, as Twenty's standard objects are.
#pragma once

#include <string_view>

#include "storage/schema.h"

namespace vingt::server::metadata {

inline constexpr std::string_view kObjectOpenRecordIn = "USER_CHOICE";  // ObjectOpenRecordIn
inline constexpr std::string_view kObjectReadability = "OPEN";          // MetadataReadability
inline constexpr std::string_view kObjectWritability = "OPEN";          // MetadataWritability

// Whether the field feeds its object's search vector (Twenty's
// SEARCH_FIELDS_BY_STANDARD_OBJECT_NAME; a custom object is searched by its
// label identifier, "name").
bool IsSearchableField(const storage::ObjectSchema& object, const storage::FieldSchema& field);
// isAuditLoggable: every type but POSITION and TS_VECTOR.
bool IsAuditLoggedField(const storage::FieldSchema& field);
// MetadataWritability of a field: SYSTEM for the search vector, else OPEN.
std::string_view FieldWritability(const storage::FieldSchema& field);

}  // namespace vingt::server::metadata

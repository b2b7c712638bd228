// Field metadata helpers shared by the standard objects (standard_objects.cpp)
// and the metadata API's planner (server/metadata/): Twenty's default value
// for a type, its name-from-label rule, lodash's camelCase that Twenty's name
// check is written against, and the relation settings JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/schema.h"

namespace vingt::storage {

// Twenty's defaultValue for a field declared without one (its
// generateDefaultValue): "''" for TEXT, objects of SQL-literal sub-values for
// composites ({"firstName":"''","lastName":"''"}), the ACTOR default Twenty
// writes for createdBy; "" (null) for every other type.
std::string TypeDefaultValue(FieldType type);

// lodash's words() for ASCII text: runs of letters and digits, split at
// lower->upper, at the end of an upper-case run that starts a capitalised
// word ("HTMLParser" -> HTML, Parser) and between letters and digits.
std::vector<std::string> LodashWords(std::string_view text);
// lodash's camelCase() over LodashWords ("Pet owner" -> "petOwner",
// "myURL" -> "myUrl").
std::string LodashCamelCase(std::string_view text);
// Twenty's computeMetadataNameFromLabel for ASCII labels: "n" before a
// leading digit, then camelCase ("Job Title" -> "jobTitle", "3D" -> "n3D").
std::string NameFromLabel(std::string_view label);

// The relation settings Twenty stores on a RELATION field:
// {"relationType":"ONE_TO_MANY"} or
// {"relationType":"MANY_TO_ONE","onDelete":"SET_NULL","joinColumnName":"companyId"}.
// "" if `field` has no relation.
std::string RelationSettingsJson(const FieldSchema& field);

}  // namespace vingt::storage

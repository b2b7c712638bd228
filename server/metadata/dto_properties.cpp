#include "server/metadata/dto_properties.h"

#include <array>
#include <string_view>
#include <utility>

namespace vingt::server::metadata {
namespace {

// (object nameSingular, field name) of Twenty's standard search fields.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kStandardSearchFields = {{
    {"person", "name"},
    {"person", "emails"},
    {"person", "phones"},
    {"person", "jobTitle"},
    {"company", "name"},
    {"company", "domainName"},
    {"opportunity", "name"},
    {"note", "title"},
    {"task", "title"},
    {"workspaceMember", "name"},
    {"workspaceMember", "userEmail"},
    {"dashboard", "title"},
    {"workflow", "name"},
}};

}  // namespace

bool IsSearchableField(const storage::ObjectSchema& object, const storage::FieldSchema& field) {
  if (object.is_custom) {
    // Not a ?: of "name" and the std::string: that would be a temporary
    // std::string, gone before the view is read (found by AddressSanitizer).
    std::string_view label = object.label_identifier_field;
    if (label.empty()) label = "name";
    return field.name == label;
  }
  for (const auto& [o, f] : kStandardSearchFields)
    if (o == object.name_singular && f == field.name) return true;
  return false;
}

bool IsAuditLoggedField(const storage::FieldSchema& field) {
  return field.type != storage::FieldType::kPosition && field.type != storage::FieldType::kTsVector;
}

std::string_view FieldWritability(const storage::FieldSchema& field) {
  return field.type == storage::FieldType::kTsVector ? "SYSTEM" : "OPEN";
}

}  // namespace vingt::server::metadata

// A minimal custom object, as the metadata API would create one, for the
// workspace and database metadata tests.
#pragma once

#include <string>
#include <utility>

#include "storage/schema.h"

namespace vingt::storage::testing {

// A custom field with a fresh id and no slots yet.
inline FieldSchema CustomField(std::string name, FieldType type) {
  FieldSchema f;
  f.id = Uuid::Random();
  f.name = std::move(name);
  f.label = f.name;
  f.type = type;
  f.is_custom = true;
  return f;
}

// A custom object with a fresh id, the system fields and a TEXT "name".
inline ObjectSchema CustomObject(std::string singular, std::string plural) {
  ObjectSchema o;
  o.id = Uuid::Random();
  o.name_singular = std::move(singular);
  o.name_plural = std::move(plural);
  o.label_singular = o.name_singular;
  o.label_plural = o.name_plural;
  o.is_custom = true;
  for (auto [name, type] : {std::pair{"id", FieldType::kUuid}, {"name", FieldType::kText},
                            {"createdAt", FieldType::kDateTime}, {"updatedAt", FieldType::kDateTime},
                            {"deletedAt", FieldType::kDateTime}, {"position", FieldType::kPosition}})
    o.fields.push_back(CustomField(name, type));
  return o;
}

}  // namespace vingt::storage::testing

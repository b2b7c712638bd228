// Binary encoding of an ObjectSchema, for kMetadata WAL records and
// snapshots (the payload layout is in wal_payload.h).
//
//   u8 version (=2; 1 is still read)
//   object: id | workspace id | strings nameSingular, namePlural,
//           labelSingular, labelPlural, description, icon, shortcut,
//           labelIdentifier, imageIdentifier | u8 flags | i64 createdAt |
//           i64 updatedAt | u16 slot high-water | duplicate criteria
//           (u32 n, each u32 m strings) | u32 field count | fields
//   field:  id | strings name, label, type name, description, icon,
//           defaultValue JSON, settings JSON | u8 flags | i64 createdAt |
//           i64 updatedAt | u16 first slot | u16 slot count | u32 option
//           count, each: id, value, label, color, f64 position | u8 has
//           relation, then u8 type, u8 onDelete, strings target object,
//           inverse field
//
// Version 1 is version 2 without the field's createdAt and updatedAt; its
// fields decode with their object's (data dirs written before version 2
// hold such records). The encoder always writes version 2.
//
// Strings are u32 length + bytes. Field types are stored by Twenty's name
// ("FULL_NAME"), not by enum value, so reordering FieldType is safe.
#pragma once

#include <string>
#include <string_view>

#include "storage/schema.h"
#include "common/status.h"

namespace vingt::storage {

void EncodeObjectSchema(const ObjectSchema& schema, std::string* out);
// Rebuilds `slots` and the system slot numbers (AssignSlots) after decoding.
Result<ObjectSchema> DecodeObjectSchema(std::string_view bytes);

}  // namespace vingt::storage

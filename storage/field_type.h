// Twenty's field types and how each one is laid out in a row.
//
// A field occupies zero or more *slots*. A plain field is one slot; a
// composite field (FULL_NAME, EMAILS, ...) is one slot per sub-field, so a
// filter or sort on `name.firstName` reads one slot like any column; a
// MANY_TO_ONE relation is one UUID slot (its join column `companyId`); a
// ONE_TO_MANY relation has no slot (it is answered from the other side's
// foreign-key index).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vingt::storage {

enum class FieldType : uint8_t {
  kUuid,
  kText,
  kPhones,
  kEmails,
  kDateTime,
  kDate,
  kBoolean,
  kNumber,
  kNumeric,
  kLinks,
  kCurrency,
  kFullName,
  kRating,
  kSelect,
  kMultiSelect,
  kRelation,
  kMorphRelation,
  kPosition,
  kAddress,
  kRawJson,
  kRichText,
  kRichTextV2,
  kActor,
  kArray,
  kTsVector,
  kFiles,
};

// How the bytes of one slot are to be read. The row stores no type tags;
// the schema says which kind each slot is.
enum class SlotKind : uint8_t {
  kText,        // UTF-8 bytes
  kUuid,        // 16 bytes
  kNumber,      // IEEE double, 8 bytes
  kBoolean,     // 1 byte, 0 or 1
  kTimestamp,   // int64 milliseconds since the Unix epoch, UTC
  kDate,        // "YYYY-MM-DD" text (orders correctly as bytes)
  kJson,        // a JSON document as compact text (RAW_JSON, additionalEmails, ...)
  kStringList,  // MULTI_SELECT / ARRAY: u32 count, then u32 length + bytes each
};

struct SubFieldDef {
  std::string_view name;  // e.g. "firstName"
  SlotKind kind;
  FieldType type;  // the sub-field's own type, for validation messages (TEXT, NUMERIC, ...)
};

// Exact Twenty type string ("FULL_NAME") <-> enum.
std::string_view FieldTypeName(FieldType type);
std::optional<FieldType> ParseFieldType(std::string_view name);

bool IsComposite(FieldType type);
// Sub-fields of a composite type, in Twenty's order; empty for other types.
std::span<const SubFieldDef> CompositeSubFields(FieldType type);
// Slot kind of a non-composite, non-relation type.
SlotKind ScalarSlotKind(FieldType type);

}  // namespace vingt::storage

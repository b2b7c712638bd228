// Object and field metadata of a workspace, and the slot layout of rows.
//
// An ObjectSchema is immutable once built and shared by pointer: a metadata
// change builds a new one and swaps it in, so readers never lock metadata.
// Slot numbers are permanent for the life of an object: a new field takes
// new slots at the end, a removed field leaves its slots unused, so rows
// written under an older schema stay readable (missing slots read as null).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/uuid.h"

namespace vingt::storage {

struct SelectOption {
  Uuid id;
  std::string value;  // e.g. "NEW"
  std::string label;  // e.g. "New"
  std::string color;  // e.g. "red"; empty for RATING
  double position = 0;
};

enum class RelationType : uint8_t { kManyToOne, kOneToMany };
enum class OnDelete : uint8_t { kSetNull, kCascade, kRestrict, kNoAction };

std::string_view RelationTypeName(RelationType type);  // "MANY_TO_ONE"
std::string_view OnDeleteName(OnDelete on_delete);     // "SET_NULL"

struct RelationInfo {
  RelationType type = RelationType::kManyToOne;
  std::string target_object;  // nameSingular of the other side
  std::string inverse_field;  // field name on the other side ("" if none)
  OnDelete on_delete = OnDelete::kSetNull;  // meaningful on the MANY_TO_ONE side
};

struct FieldSchema {
  Uuid id;
  std::string name;  // camelCase API name, e.g. "emails"
  std::string label;
  FieldType type = FieldType::kText;
  std::string description;
  std::string icon;
  bool is_nullable = true;
  bool is_unique = false;
  bool is_system = false;
  bool is_custom = false;
  bool is_active = true;
  bool is_ui_readonly = false;
  bool is_label_synced_with_name = false;
  // Twenty's metadata defaultValue as JSON text ("'NEW'", "false", "now",
  // "{\"source\":\"'MANUAL'\",\"name\":\"''\"}"); empty = null.
  std::string default_value_json;
  std::vector<SelectOption> options;  // SELECT, MULTI_SELECT, RATING
  std::string settings_json;          // free JSON; empty = null
  std::optional<RelationInfo> relation;
  // The field's own metadata row times (Twenty's fieldMetadata createdAt /
  // updatedAt), not its object's: set when the field is created, updatedAt
  // moved by every change to the field itself.
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;

  // Layout. A MANY_TO_ONE relation owns one UUID slot, its join column.
  uint16_t first_slot = 0;
  uint16_t slot_count = 0;

  bool IsManyToOne() const { return relation && relation->type == RelationType::kManyToOne; }
  bool IsOneToMany() const { return relation && relation->type == RelationType::kOneToMany; }
  // "companyId" for a MANY_TO_ONE relation field "company", else "".
  std::string JoinColumnName() const { return IsManyToOne() ? name + "Id" : std::string(); }
  const SelectOption* FindOption(std::string_view value) const;
};

// What one slot holds; the inverse of FieldSchema::first_slot/slot_count.
struct SlotInfo {
  static constexpr uint16_t kNoField = 0xFFFF;  // the slot of a deleted field
  SlotKind kind = SlotKind::kText;
  uint16_t field_index = kNoField;  // into ObjectSchema::fields
  int16_t sub_index = -1;    // index into CompositeSubFields, -1 for a plain field
};

struct ObjectSchema {
  Uuid id;
  Uuid workspace_id;
  std::string name_singular;  // "person"
  std::string name_plural;    // "people"
  std::string label_singular;
  std::string label_plural;
  std::string description;
  std::string icon;
  std::string shortcut;
  bool is_custom = false;
  bool is_active = true;
  bool is_system = false;
  bool is_searchable = false;
  bool is_ui_readonly = false;
  bool is_label_synced_with_name = false;
  std::string label_identifier_field;  // field name ("name", "title"), "" if none
  std::string image_identifier_field;  // field name ("avatarUrl"), "" if none
  // Column names, e.g. {{"nameFirstName","nameLastName"},{"emailsPrimaryEmail"}}.
  std::vector<std::vector<std::string>> duplicate_criteria;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;

  std::vector<FieldSchema> fields;
  std::vector<SlotInfo> slots;
  // One past the highest slot ever assigned. Never decreases: a deleted
  // field's slots stay retired, so old rows never show their values under
  // a new field.
  uint16_t slot_high_water = 0;

  // Slots of the system fields every object has; set by AssignSlots().
  uint16_t id_slot = 0;
  uint16_t created_at_slot = 0;
  uint16_t updated_at_slot = 0;
  uint16_t deleted_at_slot = 0;
  int32_t position_slot = -1;    // -1 when the object has no position field
  int32_t created_by_slot = -1;  // first slot of the ACTOR, -1 if absent
  int32_t updated_by_slot = -1;

  const FieldSchema* FindField(std::string_view name) const;
  // The MANY_TO_ONE field whose join column is `column` ("companyId").
  const FieldSchema* FindByJoinColumn(std::string_view column) const;
  // Slot of `field` or `field.subField`; nullopt if there is none.
  std::optional<uint16_t> FindSlot(std::string_view field, std::string_view sub_field = {}) const;
  size_t slot_count() const { return slots.size(); }

  // Lays out slots for fields that have none yet (slot_count == 0 and not
  // ONE_TO_MANY), appending at slot_high_water, then fills `slots` and the
  // system slot numbers. Idempotent.
  void AssignSlots();
};

using ObjectSchemaPtr = std::shared_ptr<const ObjectSchema>;

// Twenty's capitalize(): upper-case the first letter only ("noteTarget" -> "NoteTarget").
std::string Capitalize(std::string_view name);

}  // namespace vingt::storage

#include "storage/schema.h"

#include <algorithm>

namespace vingt::storage {

std::string_view RelationTypeName(RelationType type) {
  return type == RelationType::kManyToOne ? "MANY_TO_ONE" : "ONE_TO_MANY";
}

std::string_view OnDeleteName(OnDelete on_delete) {
  switch (on_delete) {
    case OnDelete::kSetNull: return "SET_NULL";
    case OnDelete::kCascade: return "CASCADE";
    case OnDelete::kRestrict: return "RESTRICT";
    case OnDelete::kNoAction: return "NO_ACTION";
  }
  return "SET_NULL";
}

const SelectOption* FieldSchema::FindOption(std::string_view value) const {
  for (const auto& o : options)
    if (o.value == value) return &o;
  return nullptr;
}

const FieldSchema* ObjectSchema::FindField(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const FieldSchema* ObjectSchema::FindByJoinColumn(std::string_view column) const {
  if (column.size() < 3 || column.substr(column.size() - 2) != "Id") return nullptr;
  const FieldSchema* f = FindField(column.substr(0, column.size() - 2));
  return f && f->IsManyToOne() ? f : nullptr;
}

std::optional<uint16_t> ObjectSchema::FindSlot(std::string_view field, std::string_view sub_field) const {
  const FieldSchema* f = FindField(field);
  if (!f) {
    f = FindByJoinColumn(field);
    if (!f || !sub_field.empty()) return std::nullopt;
    return f->first_slot;
  }
  if (f->slot_count == 0 || f->IsManyToOne()) return std::nullopt;
  if (sub_field.empty()) {
    if (IsComposite(f->type)) return std::nullopt;
    return f->first_slot;
  }
  auto subs = CompositeSubFields(f->type);
  for (size_t i = 0; i < subs.size(); ++i)
    if (subs[i].name == sub_field) return static_cast<uint16_t>(f->first_slot + i);
  return std::nullopt;
}

void ObjectSchema::AssignSlots() {
  uint16_t next = slot_high_water;
  for (const auto& f : fields)
    if (f.slot_count > 0) next = std::max<uint16_t>(next, f.first_slot + f.slot_count);
  for (auto& f : fields) {
    if (f.slot_count > 0 || f.IsOneToMany()) continue;
    uint16_t n = IsComposite(f.type) ? static_cast<uint16_t>(CompositeSubFields(f.type).size()) : 1;
    if (f.relation && f.type == FieldType::kMorphRelation) n = 0;
    f.first_slot = next;
    f.slot_count = n;
    next += n;
  }
  slot_high_water = next;
  slots.assign(next, SlotInfo{});
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    if (f.slot_count == 0) continue;
    auto subs = CompositeSubFields(f.type);
    for (uint16_t s = 0; s < f.slot_count; ++s) {
      SlotInfo& info = slots[f.first_slot + s];
      info.field_index = static_cast<uint16_t>(i);
      if (!subs.empty()) {
        info.sub_index = static_cast<int16_t>(s);
        info.kind = subs[s].kind;
      } else {
        info.sub_index = -1;
        info.kind = f.IsManyToOne() ? SlotKind::kUuid : ScalarSlotKind(f.type);
      }
    }
  }
  auto slot_of = [&](std::string_view name) -> int32_t {
    const FieldSchema* f = FindField(name);
    return f && f->slot_count ? f->first_slot : -1;
  };
  id_slot = static_cast<uint16_t>(std::max(0, slot_of("id")));
  created_at_slot = static_cast<uint16_t>(std::max(0, slot_of("createdAt")));
  updated_at_slot = static_cast<uint16_t>(std::max(0, slot_of("updatedAt")));
  deleted_at_slot = static_cast<uint16_t>(std::max(0, slot_of("deletedAt")));
  position_slot = slot_of("position");
  created_by_slot = slot_of("createdBy");
  updated_by_slot = slot_of("updatedBy");
}

std::string Capitalize(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace vingt::storage

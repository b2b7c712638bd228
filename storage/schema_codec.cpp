#include "storage/schema_codec.h"

#include "storage/byte_codec.h"

namespace vingt::storage {
namespace {

// Version 1 had no field timestamps: its fields take their object's.
constexpr uint8_t kVersion1 = 1;
constexpr uint8_t kVersion = 2;

uint8_t Flags(std::initializer_list<bool> bits) {
  uint8_t v = 0, i = 0;
  for (bool b : bits) v |= static_cast<uint8_t>(b) << i++;
  return v;
}

bool Bit(uint8_t flags, int i) { return (flags >> i) & 1; }

void EncodeField(const FieldSchema& f, ByteWriter& w) {
  w.Id(f.id);
  w.Str(f.name);
  w.Str(f.label);
  w.Str(FieldTypeName(f.type));
  w.Str(f.description);
  w.Str(f.icon);
  w.Str(f.default_value_json);
  w.Str(f.settings_json);
  w.U8(Flags({f.is_nullable, f.is_unique, f.is_system, f.is_custom, f.is_active, f.is_ui_readonly,
              f.is_label_synced_with_name}));
  w.I64(f.created_at_ms);
  w.I64(f.updated_at_ms);
  w.U16(f.first_slot);
  w.U16(f.slot_count);
  w.U32(static_cast<uint32_t>(f.options.size()));
  for (const auto& o : f.options) {
    w.Id(o.id);
    w.Str(o.value);
    w.Str(o.label);
    w.Str(o.color);
    w.F64(o.position);
  }
  w.U8(f.relation ? 1 : 0);
  if (f.relation) {
    w.U8(static_cast<uint8_t>(f.relation->type));
    w.U8(static_cast<uint8_t>(f.relation->on_delete));
    w.Str(f.relation->target_object);
    w.Str(f.relation->inverse_field);
  }
}

// Without `has_times` (version 1), f keeps the created_at_ms / updated_at_ms
// the caller put there.
bool DecodeField(ByteReader& r, bool has_times, FieldSchema* f) {
  std::string type_name;
  uint8_t flags;
  uint32_t options;
  if (!r.Id(&f->id) || !r.Str(&f->name) || !r.Str(&f->label) || !r.Str(&type_name) || !r.Str(&f->description) ||
      !r.Str(&f->icon) || !r.Str(&f->default_value_json) || !r.Str(&f->settings_json) || !r.U8(&flags))
    return false;
  if (has_times && (!r.I64(&f->created_at_ms) || !r.I64(&f->updated_at_ms))) return false;
  if (!r.U16(&f->first_slot) || !r.U16(&f->slot_count) || !r.U32(&options)) return false;
  std::optional<FieldType> type = ParseFieldType(type_name);
  if (!type) return false;
  f->type = *type;
  f->is_nullable = Bit(flags, 0);
  f->is_unique = Bit(flags, 1);
  f->is_system = Bit(flags, 2);
  f->is_custom = Bit(flags, 3);
  f->is_active = Bit(flags, 4);
  f->is_ui_readonly = Bit(flags, 5);
  f->is_label_synced_with_name = Bit(flags, 6);
  if (options > r.Rest().size()) return false;  // each option takes more than a byte
  f->options.resize(options);
  for (auto& o : f->options)
    if (!r.Id(&o.id) || !r.Str(&o.value) || !r.Str(&o.label) || !r.Str(&o.color) || !r.F64(&o.position)) return false;
  uint8_t has_relation;
  if (!r.U8(&has_relation) || has_relation > 1) return false;
  if (has_relation) {
    RelationInfo rel;
    uint8_t type_byte, on_delete;
    if (!r.U8(&type_byte) || !r.U8(&on_delete) || !r.Str(&rel.target_object) || !r.Str(&rel.inverse_field))
      return false;
    if (type_byte > static_cast<uint8_t>(RelationType::kOneToMany) || on_delete > static_cast<uint8_t>(OnDelete::kNoAction))
      return false;
    rel.type = static_cast<RelationType>(type_byte);
    rel.on_delete = static_cast<OnDelete>(on_delete);
    f->relation = std::move(rel);
  }
  return true;
}

}  // namespace

void EncodeObjectSchema(const ObjectSchema& s, std::string* out) {
  ByteWriter w(out);
  w.U8(kVersion);
  w.Id(s.id);
  w.Id(s.workspace_id);
  for (const std::string* text : {&s.name_singular, &s.name_plural, &s.label_singular, &s.label_plural, &s.description,
                                  &s.icon, &s.shortcut, &s.label_identifier_field, &s.image_identifier_field})
    w.Str(*text);
  w.U8(Flags({s.is_custom, s.is_active, s.is_system, s.is_searchable, s.is_ui_readonly, s.is_label_synced_with_name}));
  w.I64(s.created_at_ms);
  w.I64(s.updated_at_ms);
  w.U16(s.slot_high_water);
  w.U32(static_cast<uint32_t>(s.duplicate_criteria.size()));
  for (const auto& group : s.duplicate_criteria) {
    w.U32(static_cast<uint32_t>(group.size()));
    for (const auto& column : group) w.Str(column);
  }
  w.U32(static_cast<uint32_t>(s.fields.size()));
  for (const auto& f : s.fields) EncodeField(f, w);
}

Result<ObjectSchema> DecodeObjectSchema(std::string_view bytes) {
  ByteReader r(bytes);
  ObjectSchema s;
  auto bad = [] { return Status::Corruption("bad object schema record"); };
  uint8_t version, flags;
  if (!r.U8(&version) || (version != kVersion1 && version != kVersion) || !r.Id(&s.id) || !r.Id(&s.workspace_id))
    return bad();
  for (std::string* text : {&s.name_singular, &s.name_plural, &s.label_singular, &s.label_plural, &s.description,
                            &s.icon, &s.shortcut, &s.label_identifier_field, &s.image_identifier_field})
    if (!r.Str(text)) return bad();
  uint32_t groups;
  if (!r.U8(&flags) || !r.I64(&s.created_at_ms) || !r.I64(&s.updated_at_ms) || !r.U16(&s.slot_high_water) ||
      !r.U32(&groups) || groups > r.Rest().size())
    return bad();
  s.is_custom = Bit(flags, 0);
  s.is_active = Bit(flags, 1);
  s.is_system = Bit(flags, 2);
  s.is_searchable = Bit(flags, 3);
  s.is_ui_readonly = Bit(flags, 4);
  s.is_label_synced_with_name = Bit(flags, 5);
  s.duplicate_criteria.resize(groups);
  for (auto& group : s.duplicate_criteria) {
    uint32_t n;
    if (!r.U32(&n) || n > r.Rest().size()) return bad();
    group.resize(n);
    for (auto& column : group)
      if (!r.Str(&column)) return bad();
  }
  uint32_t fields;
  if (!r.U32(&fields) || fields > r.Rest().size()) return bad();
  s.fields.resize(fields);
  for (auto& f : s.fields) {
    f.created_at_ms = s.created_at_ms;
    f.updated_at_ms = s.updated_at_ms;
    if (!DecodeField(r, version != kVersion1, &f)) return bad();
  }
  if (!r.empty()) return bad();
  for (const auto& f : s.fields)
    if (f.slot_count > 0 && f.first_slot + f.slot_count > s.slot_high_water) return bad();
  s.AssignSlots();
  return s;
}

}  // namespace vingt::storage

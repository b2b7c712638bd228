#include "storage/row_migration.h"

#include <algorithm>

namespace vingt::storage {

namespace {

const FieldSchema* FieldById(const ObjectSchema& schema, const Uuid& id) {
  for (const auto& f : schema.fields)
    if (f.id == id) return &f;
  return nullptr;
}

RowRef FillNewField(const Row& row, const ObjectSchema& schema, const FieldSchema& field, const RowMigration& m) {
  // A row that reaches the field's first slot was written after the field
  // existed: it holds what its writer gave it.
  if (row.slot_count() > field.first_slot) return {};
  const size_t n = std::min<size_t>(field.slot_count, m.slot_values.size());
  if (std::none_of(m.slot_values.begin(), m.slot_values.begin() + n, [](const auto& v) { return v.has_value(); }))
    return {};
  RowBuilder b(row, std::max<size_t>(schema.slot_count(), field.first_slot + n));
  for (size_t i = 0; i < n; ++i)
    if (m.slot_values[i]) b.SetRaw(field.first_slot + i, *m.slot_values[i]);
  return b.Build();
}

RowRef RenameValues(const Row& row, const ObjectSchema& schema, const FieldSchema& field, const RowMigration& m) {
  const uint16_t slot = field.first_slot;
  if (row.IsNull(slot)) return {};
  auto mapped = [&](std::string_view value) -> const std::pair<std::string, std::optional<std::string>>* {
    for (const auto& entry : m.value_map)
      if (entry.first == value) return &entry;
    return nullptr;
  };
  const bool list = slot < schema.slots.size() && schema.slots[slot].kind == SlotKind::kStringList;
  RowBuilder b(row, std::max<size_t>(schema.slot_count(), row.slot_count()));
  if (!list) {
    const auto* entry = mapped(row.Text(slot));
    if (!entry) return {};
    if (entry->second)
      b.SetText(slot, *entry->second);
    else
      b.SetNull(slot);
    return b.Build();
  }
  bool changed = false;
  std::vector<std::string> items;
  for (std::string_view item : row.StringList(slot)) {
    const auto* entry = mapped(item);
    changed = changed || entry;
    if (!entry)
      items.emplace_back(item);
    else if (entry->second)
      items.push_back(*entry->second);
  }
  if (!changed) return {};
  b.SetStringList(slot, items);
  return b.Build();
}

void OptionalStr(const std::optional<std::string>& v, ByteWriter* w) {
  w->U8(v ? 1 : 0);
  if (v) w->Str(*v);
}

bool OptionalStr(ByteReader* r, std::optional<std::string>* v) {
  bool present;
  if (!r->Bool(&present)) return false;
  if (!present) {
    v->reset();
    return true;
  }
  std::string s;
  if (!r->Str(&s)) return false;
  *v = std::move(s);
  return true;
}

}  // namespace

RowRef MigrateRow(const Row& row, const ObjectSchema& schema, const RowMigration& m) {
  const FieldSchema* field = FieldById(schema, m.field_id);
  if (!field || field->slot_count == 0) return {};
  switch (m.kind) {
    case RowMigration::Kind::kFillNewField: return FillNewField(row, schema, *field, m);
    case RowMigration::Kind::kRenameValues: return RenameValues(row, schema, *field, m);
  }
  return {};
}

void EncodeRowMigration(const RowMigration& m, ByteWriter* w) {
  w->U8(static_cast<uint8_t>(m.kind));
  w->Id(m.object_id);
  w->Id(m.field_id);
  if (m.kind == RowMigration::Kind::kFillNewField) {
    w->U32(static_cast<uint32_t>(m.slot_values.size()));
    for (const auto& v : m.slot_values) OptionalStr(v, w);
  } else {
    w->U32(static_cast<uint32_t>(m.value_map.size()));
    for (const auto& [from, to] : m.value_map) {
      w->Str(from);
      OptionalStr(to, w);
    }
  }
}

bool DecodeRowMigration(ByteReader* r, RowMigration* m) {
  uint8_t kind;
  uint32_t n;
  if (!r->U8(&kind) || !r->Id(&m->object_id) || !r->Id(&m->field_id) || !r->U32(&n)) return false;
  // Every entry takes at least one byte: a count past the rest is damage.
  if (n > r->Rest().size()) return false;
  switch (kind) {
    case static_cast<uint8_t>(RowMigration::Kind::kFillNewField):
      m->kind = RowMigration::Kind::kFillNewField;
      m->slot_values.resize(n);
      for (auto& v : m->slot_values)
        if (!OptionalStr(r, &v)) return false;
      return true;
    case static_cast<uint8_t>(RowMigration::Kind::kRenameValues):
      m->kind = RowMigration::Kind::kRenameValues;
      m->value_map.resize(n);
      for (auto& [from, to] : m->value_map)
        if (!r->Str(&from) || !OptionalStr(r, &to)) return false;
      return true;
    default: return false;
  }
}

}  // namespace vingt::storage

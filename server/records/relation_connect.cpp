#include "server/records/relation_connect.h"

#include <string>
#include <string_view>

#include "server/records/record_codec.h"
#include "storage/row.h"
#include "storage/table.h"
#include "storage/workspace.h"

namespace vingt::server {
namespace {

using storage::FieldSchema;
using storage::ObjectSchema;
using storage::Uuid;

Status UniqueConstraintError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("CONNECT_UNIQUE_CONSTRAINT_ERROR");
}

// The target's unique constraints, each of one field: its id, then every
// active unique field (vingt's unique indexes are single-field).
bool IsUniqueConstraintField(const FieldSchema& f) {
  return f.is_active && (f.name == "id" || storage::UniqueSlotOf(f).has_value());
}

// One AND-ed condition: slot `slot` of the target holds `bytes`. `column`
// and `shown` spell it as Twenty's error does ("domainNamePrimaryLinkUrl =
// https://acme.com"). A condition no stored value can meet (a malformed id,
// null) has no slot.
struct Condition {
  std::string column;
  std::string shown;
  std::optional<uint16_t> slot;
  std::string bytes;
};

std::string Shown(InputView v) {
  if (auto s = v.String()) return std::string(*s);
  return v.Minified();
}

// Appends the conditions of where[f.name] = `value`.
void AddConditions(const ObjectSchema& target, const FieldSchema& f, InputView value, storage::RowBuilder* scratch,
                   std::vector<Condition>* out) {
  if (value.IsNull()) {
    out->push_back(Condition{f.name, "null", std::nullopt, {}});
    return;
  }
  if (f.name == "id") {
    std::optional<Uuid> id;
    if (auto s = value.String()) id = Uuid::Parse(*s);
    Condition c{f.name, Shown(value), std::nullopt, {}};
    if (id) {
      c.slot = target.id_slot;
      c.bytes = std::string(id->AsBytes());
    }
    out->push_back(std::move(c));
    return;
  }
  // Values are checked and normalised as a write of the field would be
  // (link URL origin lower-cased, emails canonical), as Twenty's data-arg
  // processor does to a connect's `where`; one it rejects can match nothing.
  if (!DecodeFieldValue(target, f, value, scratch).ok()) {
    out->push_back(Condition{f.name, Shown(value), std::nullopt, {}});
    return;
  }
  const bool composite = storage::IsComposite(f.type);
  for (uint16_t i = 0; i < f.slot_count; ++i) {
    const uint16_t slot = f.first_slot + i;
    if (scratch->IsNull(slot)) continue;
    Condition c;
    c.column = f.name;
    InputView raw = value;
    if (composite) {
      const std::string_view sub = storage::CompositeSubFields(f.type)[target.slots[slot].sub_index].name;
      c.column += storage::Capitalize(sub);
      if (auto object = value.AsObject())
        if (auto member = object->Find(sub)) raw = *member;
    }
    c.shown = target.slots[slot].kind == storage::SlotKind::kText ? std::string(scratch->Get(slot)) : Shown(raw);
    c.slot = slot;
    c.bytes = std::string(scratch->Get(slot));
    out->push_back(std::move(c));
  }
}

bool Matches(const ObjectSchema& target, const storage::Row& row, const std::vector<Condition>& conditions) {
  if (target.deleted_at_slot < row.slot_count() && !row.IsNull(target.deleted_at_slot)) return false;
  for (const Condition& c : conditions) {
    if (*c.slot >= row.slot_count() || row.IsNull(*c.slot) || row.Bytes(*c.slot) != c.bytes) return false;
  }
  return true;
}

}  // namespace

std::optional<InputView::Members> ConnectWhereOf(InputView value) {
  auto object = value.AsObject();
  if (!object) return std::nullopt;
  auto connect = object->Find("connect");
  if (!connect) return std::nullopt;
  auto connect_object = connect->AsObject();
  if (!connect_object) return std::nullopt;
  auto where = connect_object->Find("where");
  if (!where) return std::nullopt;
  return where->AsObject();
}

Result<Uuid> ResolveConnect(const storage::Workspace& workspace, const FieldSchema& field,
                                     const InputView::Members& where) {
  const std::string& name = field.name;
  storage::Table* table = field.relation ? workspace.FindBySingular(field.relation->target_object) : nullptr;
  if (table == nullptr)
    return Status::InvalidArgument("Target object metadata not found for " + name).WithDetailCode("MALFORMED_METADATA");
  const storage::ObjectSchemaPtr target = table->schema();

  bool populated = false;
  for (auto entry : where) {
    const FieldSchema* f = target->FindField(entry.key);
    if (f && IsUniqueConstraintField(*f) && !entry.value.IsNull()) populated = true;
  }
  if (!populated)
    return UniqueConstraintError("Missing required fields: at least one unique constraint have to be fully populated for '" +
                                 name + "'.");

  storage::RowBuilder scratch(target->slot_count());
  std::vector<Condition> conditions;
  for (auto entry : where) {
    const FieldSchema* f = target->FindField(entry.key);
    if (f == nullptr || !IsUniqueConstraintField(*f))
      return UniqueConstraintError("Field " + std::string(entry.key) + " is not a unique constraint field for '" + name +
                                   "'.");
    AddConditions(*target, *f, entry.value, &scratch, &conditions);
  }

  size_t found = 0;
  Uuid found_id;
  bool satisfiable = !conditions.empty();
  for (const Condition& c : conditions) satisfiable = satisfiable && c.slot.has_value();
  if (satisfiable) {
    // An id or a unique slot names the only candidate; otherwise (only
    // other sub-fields of a unique composite given) scan.
    const Condition* indexed = nullptr;
    for (const Condition& c : conditions) {
      const storage::SlotInfo& info = target->slots[*c.slot];
      if (*c.slot == target->id_slot ||
          storage::UniqueSlotOf(target->fields[info.field_index]) == std::optional<uint16_t>(*c.slot)) {
        indexed = &c;
        break;
      }
    }
    if (indexed) {
      std::optional<Uuid> candidate = *indexed->slot == target->id_slot
                                          ? std::optional<Uuid>(Uuid::FromBytes(indexed->bytes))
                                          : table->FindUnique(*indexed->slot, indexed->bytes);
      if (candidate) {
        storage::RowRef row = table->Get(*candidate);
        if (row && Matches(*target, *row, conditions)) {
          found = 1;
          found_id = *candidate;
        }
      }
    } else {
      table->ForEachMatch(nullptr, false, [&](const Uuid& id, const storage::RowRef& row) {
        if (!Matches(*target, *row, conditions)) return;
        ++found;
        found_id = id;
      });
    }
  }
  if (found == 1) return found_id;

  std::string condition;
  for (const Condition& c : conditions) condition += (condition.empty() ? "" : " and ") + c.column + " = " + c.shown;
  return Status::InvalidArgument("Expected 1 record to connect to " + name + ", but found " + std::to_string(found) +
                                 " for " + condition)
      .WithDetailCode("CONNECT_RECORD_NOT_FOUND");
}

std::vector<ResolvedConnect> ResolveConnects(const storage::Workspace& workspace, const ObjectSchema& schema,
                                             InputView body) {
  std::vector<ResolvedConnect> out;
  auto object = body.AsObject();
  if (!object) return out;
  for (auto entry : *object) {
    const FieldSchema* f = schema.FindField(entry.key);
    if (f == nullptr || !f->is_active || !f->IsManyToOne()) continue;
    auto where = ConnectWhereOf(entry.value);
    if (!where) continue;
    out.push_back(ResolvedConnect{f, ResolveConnect(workspace, *f, *where)});
  }
  return out;
}

}  // namespace vingt::server

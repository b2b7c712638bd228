#include "server/records/record_merge.h"

#include <algorithm>
#include <set>
#include <string>

#include <simdjson.h>

#include "protocol/json_read.h"
#include "protocol/json_write.h"
#include "storage/wal_group.h"

namespace vingt::server {
namespace {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::Row;
using storage::RowBuilder;
using storage::RowRef;
using storage::SlotKind;
using storage::Uuid;

bool TextHasValue(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

// Twenty's hasRecordFieldValue on one slot: null, blank text, empty arrays
// and objects with no value count as empty.
bool SlotHasValue(SlotKind kind, const Row& row, size_t slot) {
  if (row.IsNull(slot)) return false;
  std::string_view b = row.Bytes(slot);
  switch (kind) {
    case SlotKind::kText:
    case SlotKind::kDate: return TextHasValue(b);
    case SlotKind::kJson: return b != "null" && b != "[]" && b != "{}" && TextHasValue(b);
    case SlotKind::kStringList: return !row.StringList(slot).empty();
    default: return true;
  }
}

bool FieldHasValue(const ObjectSchema& schema, const FieldSchema& f, const Row& row) {
  for (uint16_t s = 0; s < f.slot_count; ++s)
    if (SlotHasValue(schema.slots[f.first_slot + s].kind, row, f.first_slot + s)) return true;
  return false;
}

void CopyField(const FieldSchema& f, const Row& from, RowBuilder* to) {
  for (uint16_t s = 0; s < f.slot_count; ++s) {
    size_t slot = f.first_slot + s;
    if (from.IsNull(slot))
      to->SetNull(slot);
    else
      to->SetRaw(slot, from.Bytes(slot));
  }
}

// The elements of a JSON array slot, each re-serialized compactly.
std::vector<std::string> JsonArrayItems(const Row& row, size_t slot) {
  std::vector<std::string> out;
  if (row.IsNull(slot)) return out;
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(std::string(row.Bytes(slot))).get(items) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element e : items) out.push_back(protocol::MinifiedJson(e));
  return out;
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

std::string JsonString(std::string_view s) {
  protocol::JsonWriter w;
  w.String(s);
  return w.Take();
}

// A multi-value composite (EMAILS, PHONES, LINKS): the primary value comes
// from the priority record if it has one, else the first that has one; every
// other primary and every additional item is kept once in the additional
// list. `primary_item` renders a record's primary value as an additional item.
template <typename PrimaryItem>
void MergeMultiValue(const FieldSchema& f, const std::vector<const Row*>& with_value, const Row* priority,
                     size_t additional_sub, PrimaryItem primary_item, RowBuilder* out) {
  const size_t primary_slot = f.first_slot;
  const Row* primary = nullptr;
  if (priority && TextHasValue(priority->Bytes(primary_slot))) primary = priority;
  for (const Row* r : with_value)
    if (!primary && TextHasValue(r->Bytes(primary_slot))) primary = r;
  // Copy the primary's own sub-fields (all but the additional list).
  for (uint16_t s = 0; s < f.slot_count; ++s) {
    if (s == additional_sub) continue;
    const Row* src = primary ? primary : with_value.front();
    if (src->IsNull(f.first_slot + s))
      out->SetNull(f.first_slot + s);
    else
      out->SetRaw(f.first_slot + s, src->Bytes(f.first_slot + s));
  }
  std::string primary_item_json = primary ? primary_item(*primary) : std::string();
  std::vector<std::string> items;
  std::set<std::string> seen;
  auto add = [&](const std::string& item) {
    if (item.empty() || item == primary_item_json || !seen.insert(item).second) return;
    items.push_back(item);
  };
  for (const Row* r : with_value) {
    if (TextHasValue(r->Bytes(primary_slot))) add(primary_item(*r));
    for (const auto& item : JsonArrayItems(*r, f.first_slot + additional_sub)) add(item);
  }
  if (items.empty())
    out->SetNull(f.first_slot + additional_sub);
  else
    out->SetJson(f.first_slot + additional_sub, JsonArray(items));
}

void MergeField(const ObjectSchema& schema, const FieldSchema& f, const std::vector<const Row*>& rows,
                const Row* priority, RowBuilder* out) {
  std::vector<const Row*> with_value;
  for (const Row* r : rows)
    if (FieldHasValue(schema, f, *r)) with_value.push_back(r);
  if (with_value.empty()) return;
  if (with_value.size() == 1) {
    CopyField(f, *with_value.front(), out);
    return;
  }
  const size_t base = f.first_slot;
  switch (f.type) {
    case FieldType::kArray:
    case FieldType::kMultiSelect: {
      std::vector<std::string> merged;
      for (const Row* r : with_value)
        for (std::string_view item : r->StringList(base))
          if (std::find(merged.begin(), merged.end(), item) == merged.end()) merged.emplace_back(item);
      out->SetStringList(base, merged);
      return;
    }
    case FieldType::kEmails:
      MergeMultiValue(f, with_value, priority, 1, [&](const Row& r) { return JsonString(r.Bytes(base)); }, out);
      return;
    case FieldType::kPhones:
      MergeMultiValue(f, with_value, priority, 3,
                      [&](const Row& r) {
                        return "{\"number\":" + JsonString(r.Bytes(base)) + ",\"countryCode\":" +
                               JsonString(r.Bytes(base + 1)) + ",\"callingCode\":" + JsonString(r.Bytes(base + 2)) +
                               "}";
                      },
                      out);
      return;
    case FieldType::kLinks:
      MergeMultiValue(f, with_value, priority, 2,
                      [&](const Row& r) {
                        return "{\"url\":" + JsonString(r.Bytes(base)) + ",\"label\":" + JsonString(r.Bytes(base + 1)) +
                               "}";
                      },
                      out);
      return;
    default: {
      const Row* pick = priority && FieldHasValue(schema, f, *priority) ? priority : with_value.front();
      CopyField(f, *pick, out);
      return;
    }
  }
}

Status InvalidQueryInput(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_QUERY_INPUT");
}

// Twenty's checks, in its order (they run before any record is read).
Status ValidateRequest(const ObjectSchema& schema, const MergeRequest& request) {
  if (schema.duplicate_criteria.empty())
    return InvalidQueryInput("Merge is only available for objects with duplicate criteria. Object '" +
                             schema.name_singular + "' does not have duplicate criteria defined.");
  const size_t n = request.ids.size();
  if (n < 2) return InvalidQueryInput("At least 2 record IDs are required for merge");
  if (n > kMaxMergeRecords)
    return InvalidQueryInput("Maximum " + std::to_string(kMaxMergeRecords) + " records can be merged at once");
  if (request.conflict_priority_index < 0 || request.conflict_priority_index >= static_cast<int64_t>(n))
    return InvalidQueryInput("Invalid conflict priority '" + std::to_string(request.conflict_priority_index) +
                             "'. Valid options for " + std::to_string(n) + " records: 0-" + std::to_string(n - 1));
  return Status::Ok();
}

// Dependants of the losers move to the winner, through every one-to-many
// field of the object (its inverse is the dependant's join column).
uint64_t MoveDependants(storage::Workspace& workspace, const ObjectSchema& schema, const std::vector<Uuid>& losers,
                        const Uuid& winner) {
  uint64_t lsn = 0;
  for (const auto& f : schema.fields) {
    if (!f.IsOneToMany()) continue;
    storage::Table* target = workspace.FindBySingular(f.relation->target_object);
    if (!target) continue;
    storage::ObjectSchemaPtr target_schema = target->schema();
    const FieldSchema* inverse = target_schema->FindField(f.relation->inverse_field);
    if (!inverse || !inverse->IsManyToOne()) continue;
    const uint16_t slot = inverse->first_slot;
    for (const Uuid& loser : losers) {
      for (const Uuid& dep : target->FindByForeignKey(slot, loser, SIZE_MAX)) {
        auto moved = target->Put(dep, storage::PutMode::kUpdate, [&](const RowRef& current) -> Result<RowRef> {
          RowBuilder b(*current, target_schema->slot_count());
          b.SetUuid(slot, winner);
          return b.Build();
        });
        // A dependant gone meanwhile has nothing left to move.
        if (moved.ok()) lsn = std::max(lsn, moved->lsn);
      }
    }
  }
  return lsn;
}

}  // namespace

namespace {

MergeOutcome MergeInGroup(storage::Workspace& workspace, storage::Table& table, const ObjectSchema& schema,
                          const MergeRequest& request) {
  MergeOutcome out;
  out.status = ValidateRequest(schema, request);
  if (!out.status.ok()) return out;
  const std::vector<Uuid>& ids = request.ids;

  // As Twenty, which reads the live records of `ids` and wants as many back:
  // an unknown, trashed or repeated id is "not found".
  std::vector<RowRef> refs;
  std::vector<const Row*> rows;
  for (size_t i = 0; i < ids.size(); ++i) {
    RowRef row = table.Get(ids[i]);
    const bool repeated = std::find(ids.begin(), ids.begin() + i, ids[i]) != ids.begin() + i;
    if (!row || !row->IsNull(schema.deleted_at_slot) || repeated) {
      out.status = Status::NotFound("One or more records not found").WithDetailCode("RECORD_NOT_FOUND");
      return out;
    }
    rows.push_back(row.get());
    refs.push_back(std::move(row));
  }
  const Row* priority = rows[request.conflict_priority_index];
  const Uuid winner = ids[request.conflict_priority_index];

  // The merged values, on top of the priority record. System fields (id,
  // timestamps, actors, position) are not merged.
  RowBuilder merged(*priority, schema.slot_count());
  for (const auto& f : schema.fields) {
    if (f.is_system || f.slot_count == 0 || f.IsOneToMany() || f.name == "createdBy" || f.name == "updatedBy") continue;
    MergeField(schema, f, rows, priority, &merged);
  }
  merged.SetTimestamp(schema.updated_at_slot, request.now_ms);

  if (request.dry_run) {
    merged.SetUuid(schema.id_slot, Uuid::Random());
    merged.SetTimestamp(schema.deleted_at_slot, request.now_ms);
    out.record = merged.Build();
    return out;
  }

  // Dependants first, then the losers go, then the winner takes the merged
  // values (in that order, so that it can take over a loser's unique email).
  std::vector<Uuid> losers;
  for (const Uuid& id : ids)
    if (id != winner) losers.push_back(id);
  out.lsn = MoveDependants(workspace, schema, losers, winner);
  for (const Uuid& id : losers) {
    auto removed = table.Remove(id);
    if (removed.ok()) {
      out.lsn = std::max(out.lsn, removed->lsn);
    } else if (removed.status().code() != StatusCode::kNotFound) {
      out.status = removed.status();
      return out;
    }
  }
  RowRef merged_row = merged.Build();
  auto updated =
      table.Put(winner, storage::PutMode::kUpdate, [&](const RowRef&) { return Result<RowRef>(merged_row); });
  if (!updated.ok()) {
    out.status = updated.status();
    return out;
  }
  out.lsn = std::max(out.lsn, updated->lsn);
  out.record = updated->after;
  return out;
}

}  // namespace

MergeOutcome MergeRecords(storage::Workspace& workspace, storage::Table& table, const ObjectSchema& schema,
                          const MergeRequest& request) {
  // Dependants moved, losers removed, winner updated: one operation in the
  // log (storage/wal_group.h), whole or not at all after a crash.
  storage::WalGroup group(table.wal(), table.changes());
  MergeOutcome out = MergeInGroup(workspace, table, schema, request);
  out.lsn = std::max(out.lsn, group.End());
  return out;
}

}  // namespace vingt::server

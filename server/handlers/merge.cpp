#include "server/handlers/merge.h"

#include <algorithm>
#include <set>

#include "protocol/json_read.h"
#include "protocol/json_write.h"
#include "server/durability.h"
#include "server/handlers/envelopes.h"
#include "server/rest_errors.h"

namespace vingt::server::handlers {
namespace {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::Row;
using storage::RowBuilder;
using storage::RowRef;
using storage::SlotKind;
using storage::Status;
using storage::Uuid;

constexpr size_t kMaxMergeRecords = 9;  // Twenty's MUTATION_MAX_MERGE_RECORDS

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

Response MergeError(const std::string& message) { return BadRequest(message, "INVALID_QUERY_INPUT"); }

}  // namespace

asio::awaitable<Response> MergeRecords(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                       std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  int depth;
  if (auto err = ParseDepth(call, &depth)) co_return *err;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  simdjson::dom::array id_array;
  if (body["ids"].get(id_array) != simdjson::SUCCESS) co_return MergeError("\"ids\" must be an array of record ids");
  std::vector<Uuid> ids;
  for (simdjson::dom::element e : id_array) {
    std::string_view text;
    if (e.get(text) != simdjson::SUCCESS) co_return MergeError("\"ids\" must be an array of record ids");
    Uuid id;
    if (auto err = ParseRecordId(text, &id)) co_return *err;
    ids.push_back(id);
  }
  int64_t priority_index = 0;
  if (auto p = body["conflictPriorityIndex"]; p.error() == simdjson::SUCCESS) {
    if (p.get(priority_index) != simdjson::SUCCESS)
      co_return MergeError("Invalid conflict priority '" + protocol::MinifiedJson(p.value_unsafe()) + "'. Valid options for " +
                           std::to_string(ids.size()) + " records: 0-" + std::to_string(ids.size() - 1));
  }
  bool dry_run = false;
  if (auto d = body["dryRun"]; d.error() == simdjson::SUCCESS && d.get(dry_run) != simdjson::SUCCESS)
    co_return MergeError("\"dryRun\" must be a boolean");

  const ObjectSchema& schema = *obj.schema;
  if (ids.size() > kMaxMergeRecords)
    co_return MergeError("Maximum " + std::to_string(kMaxMergeRecords) + " records can be merged at once");
  if (ids.size() < 2) co_return MergeError("At least 2 record IDs are required for merge");
  if (priority_index < 0 || priority_index >= static_cast<int64_t>(ids.size()))
    co_return MergeError("Invalid conflict priority '" + std::to_string(priority_index) + "'. Valid options for " +
                         std::to_string(ids.size()) + " records: 0-" + std::to_string(ids.size() - 1));
  if (schema.duplicate_criteria.empty())
    co_return MergeError("Merge is not available: Object '" + schema.name_singular +
                         "' does not have duplicate criteria defined.");

  std::vector<RowRef> refs;
  std::vector<const Row*> rows;
  for (const Uuid& id : ids) {
    if (std::count(ids.begin(), ids.end(), id) > 1) co_return MergeError("\"ids\" must not repeat a record");
    RowRef row = obj.table->Get(id);
    if (!row || !row->IsNull(schema.deleted_at_slot))
      co_return RestError(404, "NotFoundException", "Record not found", "RECORD_NOT_FOUND");
    rows.push_back(row.get());
    refs.push_back(std::move(row));
  }
  const Row* priority = rows[priority_index];
  const Uuid winner = ids[priority_index];

  // The merged values, on top of the priority record. System fields (id,
  // timestamps, actors, position) are not merged.
  RowBuilder merged(*priority, schema.slot_count());
  for (const auto& f : schema.fields) {
    if (f.is_system || f.slot_count == 0 || f.IsOneToMany() || f.name == "createdBy" || f.name == "updatedBy") continue;
    MergeField(schema, f, rows, priority, &merged);
  }
  merged.SetTimestamp(schema.updated_at_slot, call.now_ms);

  RowRef result;
  uint64_t lsn = 0;
  if (dry_run) {
    // As Twenty: the would-be record, under a fresh id and marked deleted,
    // so it is clearly not stored.
    merged.SetUuid(schema.id_slot, Uuid::Random());
    merged.SetTimestamp(schema.deleted_at_slot, call.now_ms);
    result = merged.Build();
  } else {
    // Dependants of the losers move to the winner, the losers go, then the
    // winner takes the merged values (in that order, so that the winner can
    // take over a loser's unique email).
    for (const auto& f : schema.fields) {
      if (!f.IsOneToMany()) continue;
      storage::Table* target = call.workspace->FindBySingular(f.relation->target_object);
      if (!target) continue;
      storage::ObjectSchemaPtr target_schema = target->schema();
      const FieldSchema* inverse = target_schema->FindField(f.relation->inverse_field);
      if (!inverse || !inverse->IsManyToOne()) continue;
      const uint16_t slot = inverse->first_slot;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] == winner) continue;
        for (const Uuid& dep : target->FindByForeignKey(slot, ids[i], SIZE_MAX)) {
          auto moved = target->Put(dep, storage::PutMode::kUpdate, [&](const RowRef& current) -> storage::Result<RowRef> {
            RowBuilder b(*current, target_schema->slot_count());
            b.SetUuid(slot, winner);
            return b.Build();
          });
          if (moved.ok()) lsn = std::max(lsn, moved->lsn);
        }
      }
    }
    for (const Uuid& id : ids) {
      if (id == winner) continue;
      auto removed = obj.table->Remove(id);
      if (!removed.ok() && removed.status().code() != storage::StatusCode::kNotFound)
        co_return RestErrorFromStatus(removed.status());
      if (removed.ok()) lsn = std::max(lsn, removed->lsn);
    }
    RowRef merged_row = merged.Build();
    auto updated = obj.table->Put(winner, storage::PutMode::kUpdate,
                                  [&](const RowRef&) { return storage::Result<RowRef>(merged_row); });
    if (!updated.ok()) co_return RestErrorFromStatus(updated.status());
    lsn = std::max(lsn, updated->lsn);
    result = updated->after;
  }
  Status durable = co_await AwaitDurable(state.db->wal(), lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);

  co_return RecordEnvelope(*call.workspace, depth, schema, "merge" + storage::Capitalize(schema.name_singular), *result, 200, call.projection);
}

}  // namespace vingt::server::handlers

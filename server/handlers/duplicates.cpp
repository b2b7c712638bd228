#include "server/handlers/duplicates.h"

#include <optional>
#include <unordered_map>

#include "protocol/json_write.h"
#include "server/cursor.h"
#include "server/rest_errors.h"

namespace vingt::server::handlers {
namespace {

using storage::FilterNode;
using storage::ObjectSchema;
using storage::RowBuilder;
using storage::RowRef;
using storage::Status;
using storage::Uuid;

// Twenty names duplicate criteria by database column: a composite's
// sub-field is <field><SubField> ("nameFirstName"), a plain field its name.
std::unordered_map<std::string, uint16_t> ColumnSlots(const ObjectSchema& schema) {
  std::unordered_map<std::string, uint16_t> out;
  for (const auto& f : schema.fields) {
    if (f.slot_count == 0 || f.IsManyToOne()) continue;
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty()) {
      out[f.name] = f.first_slot;
      continue;
    }
    for (size_t i = 0; i < subs.size(); ++i) out[f.name + storage::Capitalize(subs[i].name)] = f.first_slot + i;
  }
  return out;
}

// One value's duplicates: OR over the criteria groups whose every column has
// a non-empty value in `values`, each an AND of equalities; the record
// itself excluded. nullopt when no group applies.
template <typename Values>
std::optional<FilterNode> DuplicateFilter(const ObjectSchema& schema, const Values& values,
                                          const std::optional<Uuid>& self) {
  auto columns = ColumnSlots(schema);
  FilterNode any;
  any.kind = FilterNode::Kind::kOr;
  for (const auto& group : schema.duplicate_criteria) {
    FilterNode all;
    all.kind = FilterNode::Kind::kAnd;
    bool usable = !group.empty();
    for (const auto& column : group) {
      auto it = columns.find(column);
      if (it == columns.end() || values.IsNull(it->second) || values.Bytes(it->second).empty()) {
        usable = false;
        break;
      }
      all.children.push_back(FilterNode::Compare(it->second, schema.slots[it->second].kind, storage::CompareOp::kEq,
                                                 {std::string(values.Bytes(it->second))}));
    }
    if (usable) any.children.push_back(std::move(all));
  }
  if (any.children.empty()) return std::nullopt;
  if (!self) return any;
  FilterNode result;
  result.kind = FilterNode::Kind::kAnd;
  result.children.push_back(std::move(any));
  FilterNode not_self;
  not_self.kind = FilterNode::Kind::kNot;
  not_self.children.push_back(FilterNode::Compare(schema.id_slot, storage::SlotKind::kUuid, storage::CompareOp::kEq,
                                                  {std::string(self->AsBytes())}));
  result.children.push_back(std::move(not_self));
  return result;
}

// Adapters so rows and builders answer the same two questions.
struct RowValues {
  const storage::Row& row;
  bool IsNull(size_t slot) const { return row.IsNull(slot); }
  std::string_view Bytes(size_t slot) const { return row.Bytes(slot); }
};
struct BuilderValues {
  const RowBuilder& builder;
  bool IsNull(size_t slot) const { return slot >= builder.slot_count() || builder.IsNull(slot); }
  std::string_view Bytes(size_t slot) const { return builder.Get(slot); }
};

void WriteGroup(const ObjectSchema& schema, const storage::ListResult& result, protocol::JsonWriter& w) {
  w.StartObject();
  w.Key(schema.name_singular + "Duplicates");
  w.StartArray();
  for (const auto& row : result.rows) WriteRecordJson(schema, *row, w);
  w.EndArray();
  w.Key("totalCount");
  w.Uint64(result.total_count);
  w.Key("pageInfo");
  w.StartObject();
  w.Key("hasNextPage");
  w.Bool(result.has_next_page);
  w.Key("hasPreviousPage");
  w.Bool(false);
  w.Key("startCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeIdCursor(result.rows.front()->GetUuid(schema.id_slot)));
  w.Key("endCursor");
  if (result.rows.empty())
    w.Null();
  else
    w.String(EncodeIdCursor(result.rows.back()->GetUuid(schema.id_slot)));
  w.EndObject();
  w.EndObject();
}

}  // namespace

asio::awaitable<Response> FindDuplicates(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                         std::string_view plural) {
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  simdjson::dom::array ids, data;
  const bool by_ids = body["ids"].get(ids) == simdjson::SUCCESS;
  const bool by_data = body["data"].get(data) == simdjson::SUCCESS;
  if (by_ids == by_data)
    co_return BadRequest("You must provide either \"ids\" or \"data\" (an array), not both", "INVALID_QUERY_INPUT");

  const ObjectSchema& schema = *obj.schema;
  std::vector<storage::ListResult> results;
  auto run = [&](const std::optional<FilterNode>& filter) {
    if (!filter) {
      results.emplace_back();
      return;
    }
    storage::ListQuery q;
    q.filter = &*filter;
    q.limit = state.limits.max_records;
    results.push_back(obj.table->List(q));
  };
  if (by_ids) {
    for (simdjson::dom::element e : ids) {
      std::string_view text;
      if (e.get(text) != simdjson::SUCCESS) co_return BadRequest("\"ids\" must be an array of UUID strings");
      Uuid id;
      if (auto err = ParseRecordId(text, &id)) co_return *err;
      RowRef row = obj.table->Get(id);
      if (!row || !row->IsNull(schema.deleted_at_slot))
        co_return RestError(404, "NotFoundException", "Record not found", "RECORD_NOT_FOUND");
      run(DuplicateFilter(schema, RowValues{*row}, id));
    }
  } else {
    WriteContext ctx = MakeWriteContext(call);
    for (simdjson::dom::element e : data) {
      if (!e.is_object()) co_return BadRequest("\"data\" must be an array of objects");
      RowBuilder builder(schema.slot_count());
      Status st = DecodeRecordInput(schema, e, WriteMode::kCreate, ctx, &builder);
      if (!st.ok()) co_return RestErrorFromStatus(st);
      std::optional<Uuid> self;
      if (e["id"].error() == simdjson::SUCCESS) self = Uuid::FromBytes(builder.Get(schema.id_slot));
      run(DuplicateFilter(schema, BuilderValues{builder}, self));
    }
  }

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (const auto& r : results) WriteGroup(schema, r, w);
  w.EndArray();
  w.EndObject();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::handlers

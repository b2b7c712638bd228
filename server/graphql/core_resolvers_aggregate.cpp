// Aggregate fields of connections (spec/graphql-core.md §5) over
// storage/aggregate.h, the engine REST's group-by uses: computed once per
// connection for the fields its selection names, over the whole filtered
// set (not the page).
#include <algorithm>
#include <cstring>

#include "protocol/graphql/execution_plan.h"
#include "protocol/iso_time.h"
#include "server/graphql/core_model.h"

namespace vingt::server::graphql::core {

using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;
using storage::AggregateOp;
using storage::Datum;

std::string AggregateTypeName(const storage::AggregateSpec& spec) {
  switch (spec.op) {
    case AggregateOp::kCount:
    case AggregateOp::kCountUniqueValues:
    case AggregateOp::kCountEmpty:
    case AggregateOp::kCountNotEmpty:
    case AggregateOp::kCountTrue:
    case AggregateOp::kCountFalse: return "Int";
    case AggregateOp::kMin:
    case AggregateOp::kMax:
      return spec.field_type == storage::FieldType::kDateTime || spec.field_type == storage::FieldType::kDate
                 ? "DateTime"
                 : "Float";
    default: return "Float";
  }
}

std::vector<const storage::AggregateSpec*> SelectedAggregateSpecs(const protocol::graphql::ObjectPlan* plan) {
  std::vector<const storage::AggregateSpec*> out;
  if (!plan) return out;
  for (const auto& field : plan->fields()) {
    if (field.definition().tag < kAggregateBase || !field.definition().user_data) continue;
    const auto* spec = static_cast<const storage::AggregateSpec*>(field.definition().user_data);
    if (std::find(out.begin(), out.end(), spec) == out.end()) out.push_back(spec);
  }
  return out;
}

namespace {

// The aggregate fields the connection's selection names, each once, with a
// null slot for its value in conn->aggregates.
storage::AggregateQuery SelectedAggregates(const ResolverContext& c, ConnectionData* conn) {
  storage::AggregateQuery q;
  for (const storage::AggregateSpec* spec : SelectedAggregateSpecs(c.selection().SubSelection())) {
    bool seen = false;
    for (const auto& [s, _] : conn->aggregates) seen |= s == spec;
    if (seen) continue;
    conn->aggregates.emplace_back(spec, Datum::Null());
    q.aggregates.push_back(*spec);
  }
  return q;
}

void StoreAggregates(storage::AggregateResult r, ConnectionData* conn) {
  if (r.groups.empty()) return;
  for (size_t i = 0; i < conn->aggregates.size() && i < r.groups[0].aggregates.size(); ++i)
    conn->aggregates[i].second = std::move(r.groups[0].aggregates[i]);
}

}  // namespace

void ComputeAggregates(const ResolverContext& c, ConnectionData* conn) {
  storage::AggregateQuery q = SelectedAggregates(c, conn);
  if (q.aggregates.empty()) return;
  // totalCount alone is the list's own count: no second pass over the table.
  if (std::all_of(q.aggregates.begin(), q.aggregates.end(),
                  [](const storage::AggregateSpec& a) { return a.op == AggregateOp::kCount; })) {
    for (auto& [spec, value] : conn->aggregates) value = Datum::Integer(static_cast<int64_t>(conn->total_count));
    return;
  }
  q.filter = conn->filter && conn->filter->filter.kind != storage::FilterNode::Kind::kAll ? &conn->filter->filter
                                                                                        : nullptr;
  q.include_deleted = conn->include_deleted;
  StoreAggregates(storage::RunAggregate(*conn->object->table, q), conn);
}

ResolvedValue ResolveAggregateField(const ResolverContext& c, const ConnectionData& conn) {
  const auto* spec = static_cast<const storage::AggregateSpec*>(c.field().user_data);
  for (const auto& [s, d] : conn.aggregates) {
    if (s != spec) continue;
    switch (d.type) {
      case Datum::Type::kNull: return ResolvedValue::Null();
      case Datum::Type::kInteger: return ResolvedValue::Int(d.integer);
      case Datum::Type::kFloat: return ResolvedValue::Float(d.floating);
      case Datum::Type::kLabel: return ResolvedValue::String(d.bytes);
      case Datum::Type::kSlot:
        switch (d.slot_kind) {
          case storage::SlotKind::kNumber: {
            double v = 0;
            if (d.bytes.size() == 8) std::memcpy(&v, d.bytes.data(), 8);
            return ResolvedValue::Float(v);
          }
          case storage::SlotKind::kTimestamp: {
            int64_t ms = 0;
            if (d.bytes.size() == 8) std::memcpy(&ms, d.bytes.data(), 8);
            char buf[protocol::kMaxIsoDateTimeLength];
            return ResolvedValue::String(std::string(buf, protocol::FormatIsoDateTime(ms, buf)));
          }
          default: return ResolvedValue::String(d.bytes);
        }
    }
  }
  // Not reached: every aggregate the selection names was computed with the
  // connection.
  return ResolvedValue::Null();
}

}  // namespace vingt::server::graphql::core

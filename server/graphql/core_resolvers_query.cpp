// Reads of the core /graphql API: find many / find one, record fields,
// composite sub-fields, many-to-one and one-to-many relations, connections.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/twenty_limits.h"
#include "protocol/iso_time.h"
#include "server/records/record_writes.h"
#include "server/api_errors.h"
#include "server/records/cursor.h"
#include "server/graphql/core_model.h"

namespace vingt::server::graphql::core {

using protocol::graphql::FieldError;
using protocol::graphql::InputValue;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;
using storage::Row;
using storage::RowRef;
using storage::SlotKind;

constexpr size_t kMaxRecordsFromRelation = twenty::kQueryMaxRecordsFromRelation;

ResolvedValue ErrorFromStatus(const Status& status) {
  return ResolvedValue::Error(GraphqlErrorFromStatus(status, SubCode::kInclude));
}

ResolvedValue BadUserInput(std::string message, std::string sub_code) {
  FieldError e;
  e.message = std::move(message);
  e.code = "BAD_USER_INPUT";
  if (!sub_code.empty()) e.With("subCode", sub_code);
  return ResolvedValue::Error(std::move(e));
}

RequestContext* ContextOf(const ResolverContext& c) { return static_cast<RequestContext*>(c.user_context()); }

const ApiLimits& LimitsOf(const ResolverContext& c) {
  static const ApiLimits kDefaults;
  RequestContext* rc = ContextOf(c);
  return rc && rc->state ? rc->state->limits : kDefaults;
}

ResolvedValue RecordValue(RowRef row, int64_t inside_one_to_many) {
  auto holder = std::make_shared<RowRef>(std::move(row));
  const Row* raw = holder->get();
  return ResolvedValue::Owned(std::shared_ptr<const void>(holder, raw), inside_one_to_many);
}

namespace {

ResolvedValue SlotValue(const Row& row, uint16_t slot, SlotKind kind) {
  if (row.IsNull(slot)) return ResolvedValue::Null();
  switch (kind) {
    case SlotKind::kText:
    case SlotKind::kDate: return ResolvedValue::StringView(row.Bytes(slot));
    case SlotKind::kUuid: return ResolvedValue::String(row.GetUuid(slot).ToString());
    case SlotKind::kNumber: return ResolvedValue::Float(row.Number(slot));
    case SlotKind::kBoolean: return ResolvedValue::Bool(row.Boolean(slot));
    case SlotKind::kTimestamp: {
      char buf[protocol::kMaxIsoDateTimeLength];
      size_t n = protocol::FormatIsoDateTime(row.Timestamp(slot), buf);
      return ResolvedValue::String(std::string(buf, n));
    }
    case SlotKind::kJson: {
      std::string_view b = row.Bytes(slot);
      return b.empty() ? ResolvedValue::Null() : ResolvedValue::RawJsonView(b);
    }
    case SlotKind::kStringList: {
      std::vector<ResolvedValue> items;
      for (std::string_view item : row.StringList(slot)) items.push_back(ResolvedValue::StringView(item));
      return ResolvedValue::List(std::move(items));
    }
  }
  return ResolvedValue::Null();
}

// A leaf whose GraphQL type serializes as the record encoder writes the
// slot (EncoderWritesAs): written by that encoder, straight into the
// response. Null goes back to the executor, which knows what null means
// for the field; so does a number that is not finite (graphql-js refuses
// it where REST writes null; stored numbers are finite).
ResolvedValue WrittenByEncoder(const ResolverContext& c, const Row& row, uint16_t slot, SlotKind kind) {
  if (row.IsNull(slot) || (kind == SlotKind::kJson && row.Bytes(slot).empty())) return ResolvedValue::Null();
  if (kind == SlotKind::kNumber && !std::isfinite(row.Number(slot))) return SlotValue(row, slot, kind);
  AppendSlotJson(row, slot, kind, c.output());
  return ResolvedValue::Written();
}

struct PageArgs {
  std::optional<int64_t> first, last;
  // Records skipped in the direction of reading (after the cursor when
  // there is one), as Twenty's SQL OFFSET after its cursor condition.
  size_t offset = 0;
  const std::string* before = nullptr;
  const std::string* after = nullptr;
};

// Twenty's checks of the pagination arguments, in its order.
std::optional<ResolvedValue> ReadPageArgs(const ResolverContext& c, PageArgs* p) {
  auto int_arg = [&](std::string_view name) -> std::optional<int64_t> {
    const InputValue* v = c.Arg(name);
    if (!v || v->IsNull()) return std::nullopt;
    return v->AsInt();
  };
  auto string_arg = [&](std::string_view name) -> const std::string* {
    const InputValue* v = c.Arg(name);
    if (!v || v->IsNull()) return nullptr;
    return &v->AsString();
  };
  p->first = int_arg("first");
  p->last = int_arg("last");
  p->before = string_arg("before");
  p->after = string_arg("after");
  if (p->first && p->last) return BadUserInput("Cannot provide both first and last", "ARGS_CONFLICT");
  if (p->before && p->after) return BadUserInput("Cannot provide both before and after", "ARGS_CONFLICT");
  if (p->before && p->first) return BadUserInput("Cannot provide both before and first", "ARGS_CONFLICT");
  if (p->after && p->last) return BadUserInput("Cannot provide both after and last", "ARGS_CONFLICT");
  if (p->first && *p->first < 0) return BadUserInput("First argument must be non-negative", "INVALID_FIRST");
  if (p->last && *p->last < 0) return BadUserInput("Last argument must be non-negative", "INVALID_LAST");
  // Twenty does not check `offset`; Postgres refuses a negative OFFSET with
  // this message, which Twenty passes on.
  if (auto offset = int_arg("offset")) {
    if (*offset < 0) return BadUserInput("OFFSET must not be negative", "INVALID_QUERY_INPUT");
    p->offset = static_cast<size_t>(*offset);
  }
  return std::nullopt;
}

// The order read backwards, with the id tiebreaker made explicit (the
// engine's implicit one is always ascending).
std::vector<storage::OrderKey> Reversed(const std::vector<storage::OrderKey>& order, const storage::ObjectSchema& s) {
  std::vector<storage::OrderKey> out;
  bool has_id = false;
  for (storage::OrderKey k : order) {
    has_id |= k.slot == s.id_slot;
    k.descending = !k.descending;
    k.nulls_first = !k.nulls_first;
    out.push_back(k);
  }
  if (!has_id) {
    storage::OrderKey id;
    id.slot = s.id_slot;
    id.kind = SlotKind::kUuid;
    id.descending = true;
    out.push_back(id);
  }
  return out;
}

struct Prepared {
  std::shared_ptr<CompiledFilter> filter;
  std::vector<storage::OrderKey> order;
  std::optional<storage::CursorPosition> before, after;
  PageArgs page;
};

std::optional<ResolvedValue> Prepare(const ResolverContext& c, const storage::ObjectSchema& schema, Prepared* p) {
  if (auto err = ReadPageArgs(c, &p->page)) return err;
  auto filter = CompileFilterInput(c.Arg("filter"), schema);
  if (!filter.ok()) return ErrorFromStatus(filter.status());
  p->filter = std::make_shared<CompiledFilter>(std::move(*filter));
  auto order = CompileOrderByInput(c.Arg("orderBy"), schema);
  if (!order.ok()) return ErrorFromStatus(order.status());
  p->order = std::move(*order);
  for (auto [text, slot] : {std::pair{p->page.after, &p->after}, std::pair{p->page.before, &p->before}}) {
    if (!text) continue;
    *slot = DecodeCursor(*text, p->order, schema);
    if (!*slot) return BadUserInput("Invalid cursor: " + *text, "INVALID_CURSOR");
  }
  return std::nullopt;
}

const storage::FilterNode* FilterOf(const CompiledFilter& f) {
  return f.filter.kind == storage::FilterNode::Kind::kAll ? nullptr : &f.filter;
}

// One page of `obj`'s records as a connection: the prepared filter, order,
// cursors and offset, at most `cap` records (first / last lower it). Root
// lists and nested one-to-many connections both page here, through the
// engine's planner.
std::shared_ptr<ConnectionData> ListConnection(const ResolverContext& c, const ObjectModel& obj, Prepared& p,
                                               size_t cap) {
  const storage::ObjectSchema& schema = *obj.schema;
  size_t limit = cap;
  if (p.page.first) limit = static_cast<size_t>(*p.page.first);
  if (p.page.last) limit = static_cast<size_t>(*p.page.last);
  limit = std::min(limit, cap);

  storage::ListQuery q;
  q.filter = FilterOf(*p.filter);
  q.include_deleted = p.filter->include_deleted;
  // The offset's records are read and dropped: the engine pages by cursor
  // only, and its has_next_page then speaks for the window after them.
  const size_t offset = std::min(p.page.offset, std::numeric_limits<size_t>::max() - limit);
  q.limit = limit + offset;
  q.after = p.after;
  q.before = p.before;
  const bool from_end = p.page.last && !p.before;
  q.order = from_end ? Reversed(p.order, schema) : p.order;
  RequestContext* rc = ContextOf(c);
  q.explain = rc && rc->explain();
  storage::ListResult r = obj.table->List(q);
  if (q.explain) rc->plans.push_back(std::string(c.field().name) + ": " + r.plan);
  // Skip in the direction of reading: before a `before` cursor the rows
  // come in normal order with the nearest last.
  const size_t skipped = std::min(offset, r.rows.size());
  if (p.before)
    r.rows.resize(r.rows.size() - skipped);
  else
    r.rows.erase(r.rows.begin(), r.rows.begin() + static_cast<std::ptrdiff_t>(skipped));

  auto conn = std::make_shared<ConnectionData>();
  conn->object = &obj;
  conn->rows = std::move(r.rows);
  conn->order = std::move(p.order);
  conn->total_count = r.total_count;
  conn->has_next_page = r.has_next_page;
  conn->has_previous_page = r.has_previous_page;
  if (from_end) {
    std::reverse(conn->rows.begin(), conn->rows.end());
    conn->has_previous_page = r.has_next_page;
    conn->has_next_page = false;
  }
  conn->include_deleted = p.filter->include_deleted;
  conn->filter = std::move(p.filter);
  return conn;
}

}  // namespace

namespace {

constexpr const char* kNestedOneToManyMessage =
    "Query complexity is too high. One-to-Many relation cannot be nested in another One-to-Many relation.";

// The records a connection's selection reads: edges { node { ... } }.
const protocol::graphql::ObjectPlan* NodesOf(const protocol::graphql::ObjectPlan* connection) {
  const protocol::graphql::FieldPlan* edges = connection ? connection->Find("edges") : nullptr;
  const protocol::graphql::ObjectPlan* edge = edges ? edges->SubSelection() : nullptr;
  const protocol::graphql::FieldPlan* node = edge ? edge->Find("node") : nullptr;
  return node ? node->SubSelection() : nullptr;
}

// Whether a record selection holds a one-to-many relation below another
// (through many-to-one hops too). Every field of a record type carries its
// FieldModel; __typename carries none.
bool NestsOneToMany(const protocol::graphql::ObjectPlan* record, bool inside_one_to_many) {
  if (!record) return false;
  for (const protocol::graphql::FieldPlan& f : record->fields()) {
    const auto* fm = static_cast<const FieldModel*>(f.definition().user_data);
    if (!fm) continue;
    if (fm->out == FieldOut::kOneToMany) {
      if (inside_one_to_many || NestsOneToMany(NodesOf(f.SubSelection()), true)) return true;
    } else if (fm->out == FieldOut::kManyToOne) {
      if (NestsOneToMany(f.SubSelection(), inside_one_to_many)) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<ResolvedValue> RefuseNestedOneToMany(const ResolverContext& c, bool connection) {
  const protocol::graphql::ObjectPlan* selected = c.selection().SubSelection();
  if (!NestsOneToMany(connection ? NodesOf(selected) : selected, false)) return std::nullopt;
  return BadUserInput(kNestedOneToManyMessage, "TOO_COMPLEX_QUERY");
}

ResolvedValue ResolveFindMany(const ResolverContext& c, const ObjectModel& obj) {
  if (auto refused = RefuseNestedOneToMany(c, true)) return std::move(*refused);
  Prepared p;
  if (auto err = Prepare(c, *obj.schema, &p)) return std::move(*err);
  std::shared_ptr<ConnectionData> conn = ListConnection(c, obj, p, LimitsOf(c).max_records);
  ComputeAggregates(c, conn.get());
  return ResolvedValue::Owned(std::move(conn));
}

ResolvedValue ResolveFindOne(const ResolverContext& c, const ObjectModel& obj) {
  if (auto refused = RefuseNestedOneToMany(c, false)) return std::move(*refused);
  auto filter = CompileFilterInput(c.Arg("filter"), *obj.schema);
  if (!filter.ok()) return ErrorFromStatus(filter.status());
  storage::ListQuery q;
  q.filter = FilterOf(*filter);
  q.include_deleted = filter->include_deleted;
  q.limit = 1;
  storage::ListResult r = obj.table->List(q);
  if (r.rows.empty()) return ErrorFromStatus(RecordNotFound());
  return RecordValue(std::move(r.rows.front()));
}

namespace {

// A parent's dependants: its connection arguments with "join column = the
// parent's id" added, paged as a root list is (capped at Twenty's
// QUERY_MAX_RECORDS_FROM_RELATION); the planner reads the join column's
// index, so no scan of the whole table.
ResolvedValue ResolveOneToMany(const ResolverContext& c, const FieldModel& fm, const Row& parent) {
  const ObjectModel& target = *fm.target;
  Prepared p;
  if (auto err = Prepare(c, *target.schema, &p)) return std::move(*err);
  const storage::Uuid parent_id = parent.GetUuid(fm.owner->schema->id_slot);
  auto within = std::make_shared<CompiledFilter>();
  within->include_deleted = p.filter->include_deleted;
  within->filter = storage::FilterNode::Compare(fm.inverse_slot, storage::SlotKind::kUuid, storage::CompareOp::kEq,
                                                {std::string(parent_id.AsBytes())});
  if (p.filter->filter.kind != storage::FilterNode::Kind::kAll) {
    storage::FilterNode both;
    both.kind = storage::FilterNode::Kind::kAnd;
    both.children.push_back(std::move(within->filter));
    both.children.push_back(std::move(p.filter->filter));
    within->filter = std::move(both);
  }
  p.filter = std::move(within);
  std::shared_ptr<ConnectionData> conn = ListConnection(c, target, p, kMaxRecordsFromRelation);
  conn->parent_id = parent_id;
  conn->parent_slot = fm.inverse_slot;
  // Aggregates cover the parent's whole filtered set, before it is paged.
  ComputeAggregates(c, conn.get());
  return ResolvedValue::Owned(std::move(conn));
}

}  // namespace

ResolvedValue ResolveRecordField(const ResolverContext& c) {
  const FieldModel& fm = *static_cast<const FieldModel*>(c.field().user_data);
  const Row& row = c.Source<Row>();
  switch (fm.out) {
    case FieldOut::kId:
    case FieldOut::kScalar:
    case FieldOut::kJoinColumn:
      return fm.encoder_writes ? WrittenByEncoder(c, row, fm.slot, fm.kind) : SlotValue(row, fm.slot, fm.kind);
    case FieldOut::kComposite: return ResolvedValue::Object(&row, fm.slot);
    case FieldOut::kManyToOne: {
      if (row.IsNull(fm.slot)) return ResolvedValue::Null();
      RowRef related = fm.target->table->Get(row.GetUuid(fm.slot));
      if (!related || !related->IsNull(fm.target->schema->deleted_at_slot)) return ResolvedValue::Null();
      return RecordValue(std::move(related), c.source().tag);
    }
    case FieldOut::kOneToMany:
      if (c.source().tag != 0)
        return BadUserInput(kNestedOneToManyMessage, "TOO_COMPLEX_QUERY");  // the root's check missed it
      return ResolveOneToMany(c, fm, row);
    case FieldOut::kNull: return ResolvedValue::Null();
  }
  return ResolvedValue::Null();
}

ResolvedValue ResolveCompositeSubField(const ResolverContext& c) {
  const auto& sub = *static_cast<const storage::SubFieldDef*>(c.field().user_data);
  const Row& row = c.Source<Row>();
  return WrittenByEncoder(c, row, static_cast<uint16_t>(c.source().tag + c.field().tag), sub.kind);
}

ResolvedValue ResolveConnectionField(const ResolverContext& c) {
  const ConnectionData& conn = c.Source<ConnectionData>();
  switch (c.field().tag) {
    case kEdges: {
      std::vector<ResolvedValue> edges;
      edges.reserve(conn.rows.size());
      for (size_t i = 0; i < conn.rows.size(); ++i) edges.push_back(ResolvedValue::Object(&conn, static_cast<int64_t>(i)));
      return ResolvedValue::List(std::move(edges));
    }
    case kPageInfo: return ResolvedValue::Object(&conn);
    case kTotalCount: return ResolvedValue::Int(static_cast<int64_t>(conn.total_count));
    default: return ResolveAggregateField(c, conn);
  }
}

ResolvedValue ResolveEdgeField(const ResolverContext& c) {
  const ConnectionData& conn = c.Source<ConnectionData>();
  const RowRef& row = conn.rows[static_cast<size_t>(c.source().tag)];
  if (c.field().tag == kNode) return ResolvedValue::Object(row.get(), conn.parent_id ? 1 : 0);
  return ResolvedValue::String(EncodeCursor(conn.order, *conn.object->schema, *row));
}

ResolvedValue ResolvePageInfoField(const ResolverContext& c) {
  const ConnectionData& conn = c.Source<ConnectionData>();
  switch (c.field().tag) {
    case kHasNextPage: return ResolvedValue::Bool(conn.has_next_page);
    case kHasPreviousPage: return ResolvedValue::Bool(conn.has_previous_page);
    case kStartCursor:
    case kEndCursor: {
      if (conn.rows.empty()) return ResolvedValue::Null();
      const RowRef& row = c.field().tag == kStartCursor ? conn.rows.front() : conn.rows.back();
      return ResolvedValue::String(EncodeCursor(conn.order, *conn.object->schema, *row));
    }
    default: return ResolvedValue::Null();
  }
}

}  // namespace vingt::server::graphql::core

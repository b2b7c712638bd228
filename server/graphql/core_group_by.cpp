// The <plural>GroupBy root field of the core /graphql API (spec/graphql-core.md
// §2.2, §5): its input types, its connection type and its resolver.
//
// Types follow Twenty's workspace-schema-builder (graphql-type-generators/
// input-types/group-by-input/, order-by-input/object-metadata-order-by-with-
// group-by-gql-input-type.generator.ts, object-types/group-by-connection-gql-
// object-type.generator.ts):
//   PersonGroupByInput            a Boolean per field; DATE / DATE_TIME take
//                                 GroupByDateGranularityInput {granularity,
//                                 weekStartDay, timeZone}; composites their
//                                 <Composite>GroupByInput (a Boolean per
//                                 sub-field); a many-to-one relation the
//                                 target's GroupByInput (newest builds) and
//                                 its join column a Boolean (older builds)
//   PersonOrderByWithGroupByInput {aggregate: {<aggregate>: OrderByDirection}}
//                                 plus the order-by fields, dates taking
//                                 OrderByDateGranularityInput {orderBy,
//                                 granularity}
//   PersonGroupByConnection       the Connection's fields plus
//                                 groupByDimensionValues
//
// The resolver follows the GroupByResolverFactory and the common group-by
// runner: arguments compiled by server/records/group_by_query.h (shared with REST),
// the groups computed by storage/aggregate.h, records sampled per group
// (10 after offsetForRecords, in orderByForRecords) only when the selection
// asks for edges { node { ... } }.
#include <algorithm>
#include <cstring>
#include <memory>

#include "protocol/graphql/execution_plan.h"
#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "server/graphql/core_model.h"
#include "server/records/group_by_query.h"

namespace vingt::server::graphql::core {
namespace {

using protocol::graphql::InputValue;
using protocol::graphql::ObjectTypeBuilder;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;
using protocol::graphql::SchemaBuilder;
using storage::Datum;
using storage::FieldType;
using storage::SlotKind;

constexpr int64_t kGroupByDimensionValues = kAggregateBase - 1;  // a connection tag no other field uses

constexpr FieldType kCompositeTypes[] = {FieldType::kFullName, FieldType::kEmails,    FieldType::kLinks,
                                         FieldType::kCurrency, FieldType::kPhones,    FieldType::kAddress,
                                         FieldType::kActor,    FieldType::kRichTextV2};

// "FULL_NAME" -> "FullNameGroupByInput", as the composite's other inputs.
std::string CompositeGroupByInputName(FieldType type) { return CompositeTypeName(type) + "GroupByInput"; }

bool IsDateType(FieldType type) { return type == FieldType::kDate || type == FieldType::kDateTime; }

// One group as a connection (edges, pageInfo, totalCount and aggregates
// resolve as on any connection) plus its dimension values.
struct GroupConnection : ConnectionData {
  std::vector<std::optional<std::string>> dimension_values;
};

// A key value as text: Twenty declares the dimension values [String], so
// graphql-js's String serializer turns numbers and booleans into text.
std::optional<std::string> DimensionText(const Datum& d) {
  switch (d.type) {
    case Datum::Type::kNull:
      return std::nullopt;
    case Datum::Type::kLabel:
      return d.bytes;
    case Datum::Type::kInteger:
      return std::to_string(d.integer);
    case Datum::Type::kFloat:
      return protocol::JsNumberText(d.floating);
    case Datum::Type::kSlot:
      break;
  }
  switch (d.slot_kind) {
    case SlotKind::kUuid:
      return storage::Uuid::FromBytes(d.bytes).ToString();
    case SlotKind::kNumber: {
      double v = 0;
      if (d.bytes.size() == 8) std::memcpy(&v, d.bytes.data(), 8);
      return protocol::JsNumberText(v);
    }
    case SlotKind::kBoolean:
      return std::string(!d.bytes.empty() && d.bytes[0] ? "true" : "false");
    case SlotKind::kTimestamp: {
      int64_t ms = 0;
      if (d.bytes.size() == 8) std::memcpy(&ms, d.bytes.data(), 8);
      char buf[protocol::kMaxIsoDateTimeLength];
      return std::string(buf, protocol::FormatIsoDateTime(ms, buf));
    }
    case SlotKind::kStringList: {
      protocol::JsonWriter w;
      w.StartArray();
      for (std::string_view item : storage::DecodeStringList(d.bytes)) w.String(item);
      w.EndArray();
      return std::string(w.View());
    }
    case SlotKind::kJson:
    case SlotKind::kText:
    case SlotKind::kDate:
      return d.bytes;
  }
  return d.bytes;
}

ResolvedValue ResolveGroupConnectionField(const ResolverContext& c) {
  if (c.field().tag != kGroupByDimensionValues) return ResolveConnectionField(c);
  // The source is a GroupConnection handed out as its ConnectionData base.
  const auto& group = static_cast<const GroupConnection&>(c.Source<ConnectionData>());
  std::vector<ResolvedValue> values;
  values.reserve(group.dimension_values.size());
  for (const auto& v : group.dimension_values)
    values.push_back(v ? ResolvedValue::StringView(*v) : ResolvedValue::Null());
  return ResolvedValue::List(std::move(values));
}

// Twenty includes records when the selection has edges { node { ... } }.
bool SelectsRecords(const protocol::graphql::ObjectPlan* plan) {
  if (!plan) return false;
  const protocol::graphql::FieldPlan* edges = plan->Find("edges");
  if (!edges) return false;
  const protocol::graphql::ObjectPlan* edge = edges->SubSelection();
  return edge && edge->Has("node");
}

std::optional<double> NumberArg(const ResolverContext& c, std::string_view name) {
  const InputValue* v = c.Arg(name);
  if (!v || !v->IsNumber()) return std::nullopt;
  return v->AsFloat();
}

}  // namespace

std::vector<std::string> DeclareGroupBySharedTypes(SchemaBuilder& b) {
  std::vector<std::string> names = {"DateGranularityEnum", "FirstDayOfTheWeek", "GroupByDateGranularityInput",
                                    "OrderByDateGranularityInput"};
  const std::string granularity_text =
      "Date granularity (e.g. day, month, quarter, year, week, day of the week, quarter of the year, month of the "
      "year)";
  auto& granularity = b.Enum("DateGranularityEnum", granularity_text);
  for (const char* g : {"DAY", "MONTH", "QUARTER", "YEAR", "WEEK", "DAY_OF_THE_WEEK", "QUARTER_OF_THE_YEAR",
                        "MONTH_OF_THE_YEAR", "NONE"})
    granularity.Value(g);
  b.Enum("FirstDayOfTheWeek", "First day of the week (MONDAY, SUNDAY, SATURDAY)")
      .Value("MONDAY")
      .Value("SUNDAY")
      .Value("SATURDAY");
  b.InputObject("GroupByDateGranularityInput")
      .Field("granularity", "DateGranularityEnum")
      .FieldDescription(granularity_text)
      .Field("weekStartDay", "FirstDayOfTheWeek")
      .FieldDescription(
          "First day of the week (only applicable when granularity is WEEK). Defaults to MONDAY if not specified.")
      .Field("timeZone", "String")
      .FieldDescription("Time zone in which the date buckets are computed (DAY, WEEK, MONTH, QUARTER, YEAR)");
  b.InputObject("OrderByDateGranularityInput")
      .Field("orderBy", "OrderByDirection")
      .Field("granularity", "DateGranularityEnum");
  for (FieldType type : kCompositeTypes) {
    std::string name = CompositeGroupByInputName(type);
    auto& input = b.InputObject(name);
    for (const auto& sub : storage::CompositeSubFields(type)) {
      // Twenty leaves out sub-fields hidden from input; of ACTOR only
      // source and context are shown.
      if (type == FieldType::kActor && sub.name != "source" && sub.name != "context") continue;
      input.Field(std::string(sub.name), "Boolean");
    }
    names.push_back(std::move(name));
  }
  return names;
}

void DeclareGroupBy(SchemaBuilder& b, const ObjectModel& obj, ObjectTypeBuilder& query) {
  const std::string& T = obj.type_name;
  auto& group_by = b.InputObject(T + "GroupByInput");
  auto& order = b.InputObject(T + "OrderByWithGroupByInput");
  auto& order_aggregate = b.InputObject(T + "OrderByWithGroupByAggregateInput", "Aggregate-based ordering");

  order.Field("aggregate", T + "OrderByWithGroupByAggregateInput").FieldDescription("Order by aggregate values");
  order_aggregate.Field("totalCount", "OrderByDirection");
  for (const storage::AggregateSpec& spec : obj.aggregates) order_aggregate.Field(spec.name, "OrderByDirection");

  for (const FieldModel& fm : obj.fields) {
    const storage::FieldSchema& f = *fm.field;
    switch (fm.out) {
      case FieldOut::kId:
      case FieldOut::kScalar:
        group_by.Field(f.name, IsDateType(f.type) ? "GroupByDateGranularityInput" : "Boolean");
        order.Field(f.name, IsDateType(f.type) ? "OrderByDateGranularityInput" : "OrderByDirection");
        break;
      case FieldOut::kNull:
        group_by.Field(f.name, "Boolean");
        break;
      case FieldOut::kComposite: {
        std::string group_input = CompositeGroupByInputName(f.type);
        group_by.Field(f.name, group_input);
        // "FullNameGroupByInput" -> "FullNameOrderByInput".
        order.Field(f.name, group_input.substr(0, group_input.size() - 12) + "OrderByInput");
        break;
      }
      case FieldOut::kManyToOne:
        group_by.Field(f.name, fm.target->type_name + "GroupByInput");
        order.Field(f.name, fm.target->type_name + "OrderByWithGroupByInput");
        break;
      case FieldOut::kJoinColumn: {
        const std::string column = f.JoinColumnName();
        group_by.Field(column, "Boolean");
        order.Field(column, "OrderByDirection");
        break;
      }
      case FieldOut::kOneToMany:
        break;
    }
  }

  auto& connection = b.Object(T + "GroupByConnection");
  connection.DefaultResolver(ResolveGroupConnectionField);
  connection.Field("edges", "[" + T + "Edge!]!").Tag(kEdges);
  connection.Field("pageInfo", "PageInfo!").Tag(kPageInfo);
  connection.Field("totalCount", "Int").Tag(kTotalCount);
  int64_t index = 0;
  for (const storage::AggregateSpec& spec : obj.aggregates)
    connection.Field(spec.name, AggregateTypeName(spec)).Tag(kAggregateBase + index++, &spec);
  // Twenty declares [String!]!, which fails a group whose key is NULL; the
  // values are nullable here so such groups come back.
  connection.Field("groupByDimensionValues", "[String]").Tag(kGroupByDimensionValues);

  query.Field(obj.schema->name_plural + "GroupBy", "[" + T + "GroupByConnection]")
      .Tag(kGroupBy, &obj)
      .Arg("groupBy", "[" + T + "GroupByInput!]!")
      .Arg("filter", T + "FilterInput")
      .Arg("orderBy", "[" + T + "OrderByWithGroupByInput]")
      .Arg("orderByForRecords", "[" + T + "OrderByInput]")
      .Arg("viewId", "UUID")
      .Arg("limit", "Int")
      .Arg("offsetForRecords", "Int");
}

ResolvedValue ResolveGroupBy(const ResolverContext& c, const ObjectModel& obj) {
  const storage::ObjectSchema& schema = *obj.schema;
  storage::AggregateQuery q;

  // In the common runner's order: groupBy, filter, orderBy, then the
  // records' order when records are asked for.
  std::vector<GroupKeyOrigin> origins;
  if (const InputValue* group_by = c.Arg("groupBy"))
    if (Status st = CompileGroupByArg(*group_by, schema, &q, &origins); !st.ok()) return ErrorFromStatus(st);
  auto filter = CompileFilterInput(c.Arg("filter"), schema);
  if (!filter.ok()) return ErrorFromStatus(filter.status());
  if (filter->filter.kind != storage::FilterNode::Kind::kAll) q.filter = &filter->filter;
  q.include_deleted = filter->include_deleted;
  // viewId adds the view's filters in Twenty; vingt keeps no views, and
  // Twenty ignores an id it does not know.

  // The aggregates the selection names come first, so that an orderBy on
  // one of them reuses it.
  const protocol::graphql::ObjectPlan* plan = c.selection().SubSelection();
  const std::vector<const storage::AggregateSpec*> selected = SelectedAggregateSpecs(plan);
  for (const storage::AggregateSpec* spec : selected) q.aggregates.push_back(*spec);
  if (const InputValue* order = c.Arg("orderBy"))
    if (Status st = CompileGroupOrderArg(*order, schema, origins, &q); !st.ok()) return ErrorFromStatus(st);

  std::vector<storage::OrderKey> records_order;
  if (SelectsRecords(plan)) {
    auto compiled = CompileOrderByInput(c.Arg("orderByForRecords"), schema);
    if (!compiled.ok()) return ErrorFromStatus(compiled.status());
    records_order = std::move(*compiled);
    q.sample_order = records_order;
    // Twenty's window keeps rows offset+1 .. offset+10 of each group, so a
    // negative offset shortens the page rather than failing.
    const int64_t offset = c.Arg("offsetForRecords") && c.Arg("offsetForRecords")->kind() == InputValue::Kind::kInt
                               ? c.Arg("offsetForRecords")->AsInt()
                               : 0;
    const int64_t end = offset + static_cast<int64_t>(kRecordsPerGroup);
    q.sample_offset = static_cast<size_t>(std::max<int64_t>(offset, 0));
    q.sample_limit = static_cast<size_t>(std::max<int64_t>(end - std::max<int64_t>(offset, 0), 0));
  }
  q.group_limit = EffectiveGroupLimit(NumberArg(c, "limit"));

  RequestContext* rc = ContextOf(c);
  q.explain = rc && rc->explain();
  storage::AggregateResult result = storage::RunAggregate(*obj.table, q);
  if (q.explain) rc->plans.push_back(std::string(c.field().name) + ": " + result.plan);

  std::vector<ResolvedValue> groups;
  groups.reserve(result.groups.size());
  for (storage::AggregateGroup& g : result.groups) {
    auto group = std::make_shared<GroupConnection>();
    group->object = &obj;
    group->order = records_order;
    group->total_count = g.row_count;
    group->rows = std::move(g.sample);
    for (size_t i = 0; i < selected.size(); ++i)
      group->aggregates.emplace_back(selected[i], std::move(g.aggregates[i]));
    for (const Datum& key : g.keys) group->dimension_values.push_back(DimensionText(key));
    std::shared_ptr<const ConnectionData> as_connection = group;
    groups.push_back(ResolvedValue::Owned(std::shared_ptr<const void>(as_connection)));
  }
  return ResolvedValue::List(std::move(groups));
}

}  // namespace vingt::server::graphql::core

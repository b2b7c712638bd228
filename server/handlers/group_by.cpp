#include "server/handlers/group_by.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "server/record_codec.h"
#include "server/rest_errors.h"
#include "server/rest_query.h"
#include "storage/aggregate.h"
#include "storage/table.h"

namespace vingt::server::handlers {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using storage::AggregateQuery;
using storage::Datum;
using storage::GroupBySpec;
using storage::GroupOrder;
using storage::ObjectSchema;

// Twenty's messages (rest/input-request-parsers/*-parser-utils/).
constexpr std::string_view kGroupByParamError =
    R"(Invalid group_by query parameter - should be a valid array of objects - ex: [{"firstField": true}, {"secondField": {"subField": true}}, {"dateField": {"granularity": 'DAY'}}])";
constexpr std::string_view kAggregateParamError =
    R"(Invalid aggregate query parameter - should be a valid array of string - ex: ["countNotEmptyId", "countEmptyField"])";
constexpr std::string_view kOrderByParamError =
    R"(Invalid order_by query parameter - should be a valid array of objects - ex: [{"firstField": "AscNullsFirst"}, {"secondField": {"subField": "DescNullsLast"}}, {"aggregate": {"aggregateField": "DescNullsLast"}}, {dateField: {"orderBy": "AscNullsFirst", "granularity": "DAY"}}])";

constexpr size_t kDefaultGroupLimit = 50;  // twenty-shared DEFAULT_NUMBER_OF_GROUPS_LIMIT
constexpr size_t kRecordsPerGroup = 10;    // group-by-with-records RECORDS_PER_GROUP_LIMIT

// Three JSON parameters are alive at once; each gets its own parser, reused
// by this thread. An element is valid until the next parse on its parser,
// and the handler does not suspend, so no other request parses meanwhile.
simdjson::dom::parser& ThreadParser(int which) {
  thread_local simdjson::dom::parser parsers[3];
  return parsers[which];
}

bool ParseJsonParam(int which, const std::string& text, element* out) {
  return ThreadParser(which).parse(text).get(*out) == simdjson::SUCCESS;
}

Response QueryError(std::string_view message) { return BadRequest(message, "INVALID_QUERY_INPUT"); }


// parseLimitRestRequest(request, DEFAULT_NUMBER_OF_GROUPS_LIMIT), then
// getGroupLimit: anything but a positive integer after clamping is 50.
std::optional<Response> ParseGroupLimit(const ServerState& state, const CallContext& call, size_t* limit) {
  *limit = kDefaultGroupLimit;
  const std::string* l = call.Param("limit");
  if (!l || l->empty()) return std::nullopt;
  double v = JsNumberFromString(*l);
  if (std::isnan(v) || v < 0)
    return BadRequest("limit '" + *l + "' is invalid. Should be an integer", "INVALID_LIMIT_QUERY_PARAM");
  v = std::min(v, static_cast<double>(state.limits.max_records));
  if (v > 0 && v == std::floor(v)) *limit = static_cast<size_t>(v);
  return std::nullopt;
}

simdjson::dom::array ArrayOf(element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};  // callers checked the type
  return a;
}

simdjson::dom::object ObjectOf(element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

// String(value) in JavaScript, for Twenty's "Unknown orderBy value: ..."
// messages (objects are "[object Object]", arrays join their items).
std::string JsString(element e) {
  switch (e.type()) {
    case element_type::STRING: return std::string(std::string_view(e.get_string().value_unsafe()));
    case element_type::INT64: return std::to_string(e.get_int64().value_unsafe());
    case element_type::UINT64: return std::to_string(e.get_uint64().value_unsafe());
    case element_type::DOUBLE: {
      std::string out;
      protocol::AppendJsNumber(e.get_double().value_unsafe(), &out);
      return out;
    }
    case element_type::BOOL: return e.get_bool().value_unsafe() ? "true" : "false";
    case element_type::NULL_VALUE: return "null";
    case element_type::ARRAY: {
      std::string out;
      bool first = true;
      for (element item : ArrayOf(e)) {
        if (!first) out += ',';
        first = false;
        if (!item.is_null()) out += JsString(item);
      }
      return out;
    }
    case element_type::OBJECT: break;
  }
  return "[object Object]";
}

bool IsTrue(element e) { return e.type() == element_type::BOOL && e.get_bool().value_unsafe(); }

std::optional<std::string_view> StringOf(element e) {
  if (e.type() != element_type::STRING) return std::nullopt;
  return std::string_view(e.get_string().value_unsafe());
}

// One {"field": definition} entry taken apart for storage::CompileGroupKey.
GroupBySpec SpecOf(std::string_view field, element def) {
  GroupBySpec spec;
  spec.field = std::string(field);
  if (IsTrue(def)) return spec;
  if (def.type() != element_type::OBJECT) {
    spec.definition = GroupBySpec::Definition::kOther;
    return spec;
  }
  spec.definition = GroupBySpec::Definition::kObject;
  for (auto [key, value] : ObjectOf(def)) {
    spec.members.push_back({std::string(key), IsTrue(value)});
    if (key == "granularity") {
      if (auto g = StringOf(value)) spec.granularity = storage::ParseDateGranularity(*g);
    } else if (key == "timeZone") {
      if (auto tz = StringOf(value)) spec.time_zone = std::string(*tz);
    } else if (key == "weekStartDay") {
      auto day = StringOf(value);
      if (day == "SUNDAY") spec.week_start = storage::Weekday::kSunday;
      if (day == "SATURDAY") spec.week_start = storage::Weekday::kSaturday;
    }
  }
  return spec;
}

// Where a key came from, to match order_by entries against it.
struct KeyOrigin {
  const storage::FieldSchema* field = nullptr;
  std::string sub_field;
  std::optional<storage::DateGranularity> granularity;
};

// Twenty's groupBy argument: an array of entries, or one entry alone
// (GroupByArgProcessorService). Each entry has exactly one key.
std::optional<Response> CompileGroupBy(element root, const ObjectSchema& schema, AggregateQuery* q,
                                       std::vector<KeyOrigin>* origins) {
  std::vector<element> entries;
  if (root.type() == element_type::ARRAY) {
    for (element e : ArrayOf(root)) entries.push_back(e);
  } else {
    entries.push_back(root);
  }
  for (element entry : entries) {
    GroupBySpec spec;
    switch (entry.type()) {
      case element_type::OBJECT: {
        auto obj = ObjectOf(entry);
        if (obj.size() > 1)
          return QueryError(
              "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput");
        if (obj.size() == 0) continue;
        auto [key, value] = *obj.begin();
        spec = SpecOf(key, value);
        break;
      }
      case element_type::ARRAY:
      case element_type::STRING: {
        // Object.keys of an array or a string: its indices.
        size_t n = entry.type() == element_type::ARRAY ? ArrayOf(entry).size()
                                                       : std::string_view(entry.get_string().value_unsafe()).size();
        if (n > 1)
          return QueryError(
              "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput");
        if (n == 0) continue;
        spec = GroupBySpec::Field("0");
        break;
      }
      case element_type::NULL_VALUE: return BadRequest("Cannot convert undefined or null to object");
      default: continue;  // Object.keys(true) and Object.keys(5) are empty
    }
    auto key = storage::CompileGroupKey(schema, spec);
    if (!key.ok()) return RestErrorFromStatus(key.status());
    if (!*key) continue;
    KeyOrigin origin;
    origin.field = schema.FindField(spec.field);
    if (!origin.field) origin.field = schema.FindByJoinColumn(spec.field);
    if (spec.granularity)
      origin.granularity = spec.granularity;
    else if (spec.definition == GroupBySpec::Definition::kObject && !spec.members.empty())
      origin.sub_field = spec.members[0].name;
    q->keys.push_back(std::move(**key));
    origins->push_back(std::move(origin));
  }
  return std::nullopt;
}

// Index of the aggregate named `name` in q->aggregates, added (not shown in
// the answer) if the query does not compute it yet.
std::optional<size_t> AggregateIndex(const ObjectSchema& schema, std::string_view name, AggregateQuery* q) {
  for (size_t i = 0; i < q->aggregates.size(); ++i)
    if (q->aggregates[i].name == name) return i;
  auto spec = storage::ResolveAggregate(schema, name);
  if (!spec) return std::nullopt;
  q->aggregates.push_back(std::move(*spec));
  return q->aggregates.size() - 1;
}

GroupOrder OrderFor(GroupOrder::Target target, size_t index, protocol::OrderDirection d) {
  GroupOrder o;
  o.target = target;
  o.index = index;
  o.descending = protocol::IsDescending(d);
  o.nulls_first = protocol::NullsFirst(d);
  return o;
}

// Twenty's GraphqlQueryOrderGroupByParser over the order_by JSON: each
// entry orders by an aggregate ({"aggregate": {"totalCount":
// "DescNullsLast"}}) or by a grouped field, sub-field or date bucket, with
// its messages.
std::optional<Response> CompileGroupOrder(element root, const ObjectSchema& schema,
                                          const std::vector<KeyOrigin>& origins, AggregateQuery* q) {
  if (root.type() == element_type::NULL_VALUE) return std::nullopt;  // `orderBy ?? []`
  if (root.type() != element_type::ARRAY) return BadRequest(kOrderByParamError);
  using Target = GroupOrder::Target;
  for (element entry : ArrayOf(root)) {
    if (entry.type() != element_type::OBJECT) return BadRequest("Unknown orderBy value: " + JsString(entry));
    auto obj = ObjectOf(entry);
    element aggregate;
    if (obj["aggregate"].get(aggregate) == simdjson::SUCCESS && !aggregate.is_null()) {
      std::string name = "undefined";
      std::optional<element> direction;
      if (aggregate.type() == element_type::OBJECT) {
        auto agg = ObjectOf(aggregate);
        if (agg.size() > 1) return BadRequest("Please provide aggregate criteria one by one in orderBy array");
        if (agg.size() == 1) {
          name = std::string((*agg.begin()).key);
          direction = (*agg.begin()).value;
        }
      }
      auto index = AggregateIndex(schema, name, q);
      if (!index) return BadRequest("Unknown aggregate field: " + name);
      auto d = direction ? StringOf(*direction) : std::nullopt;
      auto dir = d ? protocol::ParseOrderDirection(*d) : std::nullopt;
      if (!dir)
        return BadRequest("Invalid direction: " + (direction ? JsString(*direction) : std::string("undefined")));
      q->order.push_back(OrderFor(Target::kAggregate, *index, *dir));
      continue;
    }
    if (obj.size() > 1) return BadRequest("Please provide orderBy field criteria one by one in orderBy array");
    const std::string field_name = obj.size() == 0 ? "undefined" : std::string((*obj.begin()).key);
    const storage::FieldSchema* f = schema.FindField(field_name);
    if (!f || !f->is_active) return BadRequest("Cannot orderBy unknown field: " + field_name + ".");
    element value = (*obj.begin()).value;
    auto key_where = [&](auto&& pred) -> std::optional<size_t> {
      for (size_t i = 0; i < origins.size(); ++i)
        if (origins[i].field == f && pred(origins[i])) return i;
      return std::nullopt;
    };
    // {"stage": "AscNullsFirst"}: any key on the field.
    if (auto d = StringOf(value); d && protocol::ParseOrderDirection(*d)) {
      auto index = key_where([](const KeyOrigin&) { return true; });
      if (!index)
        return BadRequest("Cannot order by a field that is not an aggregate nor in groupBy criteria: " + f->name + ".");
      q->order.push_back(OrderFor(Target::kKey, *index, *protocol::ParseOrderDirection(*d)));
      continue;
    }
    // {"closeDate": {"orderBy": "AscNullsFirst", "granularity": "DAY"}}
    if ((f->type == storage::FieldType::kDate || f->type == storage::FieldType::kDateTime) &&
        value.type() == element_type::OBJECT) {
      element by, gran;
      auto d = value["orderBy"].get(by) == simdjson::SUCCESS ? StringOf(by) : std::nullopt;
      auto g = value["granularity"].get(gran) == simdjson::SUCCESS ? StringOf(gran) : std::nullopt;
      auto dir = d ? protocol::ParseOrderDirection(*d) : std::nullopt;
      auto granularity = g ? storage::ParseDateGranularity(*g) : std::nullopt;
      if (dir && granularity) {
        auto index = key_where([&](const KeyOrigin& o) { return o.granularity == granularity; });
        if (!index)
          return BadRequest("Cannot order by a date granularity that is not in groupBy criteria: " + std::string(*g));
        q->order.push_back(OrderFor(Target::kKey, *index, *dir));
        continue;
      }
    }
    // {"address": {"addressCity": "AscNullsFirst"}}; a relation's
    // {"company": {"id": "AscNullsFirst"}} orders by its join column.
    if (value.type() != element_type::OBJECT) return BadRequest("Unknown orderBy value: " + JsString(value));
    auto sub = ObjectOf(value);
    if (sub.size() > 1) return BadRequest("Please provide orderBy field criteria one by one in orderBy array");
    auto d = sub.size() == 1 ? StringOf((*sub.begin()).value) : std::nullopt;
    auto dir = d ? protocol::ParseOrderDirection(*d) : std::nullopt;
    if (!dir) return BadRequest("Unknown orderBy value: [object Object]");
    const std::string sub_name((*sub.begin()).key);
    auto index = key_where([&](const KeyOrigin& o) {
      return o.sub_field == sub_name || (f->IsManyToOne() && sub_name == "id" && !o.granularity);
    });
    if (!index)
      return BadRequest("Cannot order by a field that is not in groupBy or that is not an aggregate field: " +
                        sub_name);
    q->order.push_back(OrderFor(Target::kKey, *index, *dir));
  }
  return std::nullopt;
}

void WriteJsNumberString(double v, protocol::JsonWriter& w) {
  std::string s;
  protocol::AppendJsNumber(v, &s);
  w.String(s);
}

// A raw slot value as Twenty's raw SQL rows carry it through JSON: numeric
// columns (NUMERIC fields, amountMicros, addressLat/Lng) as strings, float
// columns as numbers, timestamps as toISOString(), dates as "YYYY-MM-DD".
void WriteSlot(storage::SlotKind kind, std::string_view bytes, storage::FieldType type, protocol::JsonWriter& w) {
  using storage::SlotKind;
  switch (kind) {
    case SlotKind::kUuid: w.String(storage::Uuid::FromBytes(bytes).ToString()); return;
    case SlotKind::kNumber: {
      double v = 0;
      if (bytes.size() == 8) std::memcpy(&v, bytes.data(), 8);
      if (type == storage::FieldType::kNumeric)
        WriteJsNumberString(v, w);
      else
        w.Double(v);
      return;
    }
    case SlotKind::kBoolean: w.Bool(!bytes.empty() && bytes[0]); return;
    case SlotKind::kTimestamp: {
      int64_t ms = 0;
      if (bytes.size() == 8) std::memcpy(&ms, bytes.data(), 8);
      char buf[protocol::kMaxIsoDateTimeLength];
      w.String(std::string_view(buf, protocol::FormatIsoDateTime(ms, buf)));
      return;
    }
    case SlotKind::kJson:
      if (bytes.empty())
        w.Null();
      else
        w.RawJson(bytes);
      return;
    case SlotKind::kStringList:
      w.StartArray();
      for (std::string_view item : storage::DecodeStringList(bytes)) w.String(item);
      w.EndArray();
      return;
    case SlotKind::kText:
    case SlotKind::kDate: w.String(bytes); return;
  }
}

void WriteDimension(const Datum& d, const storage::GroupKey& key, protocol::JsonWriter& w) {
  switch (d.type) {
    case Datum::Type::kNull: w.Null(); return;
    case Datum::Type::kLabel: w.String(d.bytes); return;
    case Datum::Type::kSlot: WriteSlot(d.slot_kind, d.bytes, key.value_type, w); return;
    case Datum::Type::kInteger: w.Int64(d.integer); return;
    case Datum::Type::kFloat: w.Double(d.floating); return;
  }
}

// Counts as numbers; CURRENCY aggregates as strings (Postgres numeric, as
// Twenty's integration test reads maxAmountAmountMicros); NUMBER ones and
// percentages as numbers; dates as their text.
void WriteAggregate(const Datum& d, const storage::AggregateSpec& spec, protocol::JsonWriter& w) {
  switch (d.type) {
    case Datum::Type::kNull: w.Null(); return;
    case Datum::Type::kInteger: w.Int64(d.integer); return;
    case Datum::Type::kFloat:
      if (spec.field_type == storage::FieldType::kCurrency && spec.op != storage::AggregateOp::kPercentageEmpty &&
          spec.op != storage::AggregateOp::kPercentageNotEmpty)
        WriteJsNumberString(d.floating, w);
      else
        w.Double(d.floating);
      return;
    case Datum::Type::kSlot: WriteSlot(d.slot_kind, d.bytes, spec.field_type, w); return;
    case Datum::Type::kLabel: w.String(d.bytes); return;
  }
}

}  // namespace

asio::awaitable<Response> GroupBy(ServerState& state, CallContext& call, std::string_view plural) {
  // Twenty's group-by handler reads no `fields` projection: sample records
  // are whole depth-0 records.
  std::erase_if(call.query, [](const auto& kv) { return kv.first == "fields"; });
  Resolved obj = ResolveObject(call, plural);
  if (obj.error) co_return *obj.error;
  const ObjectSchema& schema = *obj.schema;

  // 1. The parameters, each parsed on its own, in Twenty's order.
  std::optional<element> order_json;
  if (const std::string* o = call.Param("order_by")) {
    element e;
    if (!ParseJsonParam(0, *o, &e)) co_return BadRequest(kOrderByParamError);
    order_json = e;
  }
  protocol::RestOrderByParse records_order;
  if (auto err = ParseOrderByParam(call, "order_by_for_records", &records_order)) co_return *err;
  std::optional<protocol::RestFilterParse> filter_text;
  if (auto err = ParseFilterParam(call, &filter_text)) co_return *err;
  element group_json;
  const std::string* g = call.Param("group_by");
  if (!g || !ParseJsonParam(1, *g, &group_json))
    co_return BadRequest(kGroupByParamError, "INVALID_GROUP_BY_QUERY_PARAM");
  const std::string* sample = call.Param("include_records_sample");
  const bool include_records = sample && *sample == "true";
  std::vector<std::string> aggregate_names;
  if (const std::string* a = call.Param("aggregate")) {
    element e;
    if (!ParseJsonParam(2, *a, &e) || e.type() != element_type::ARRAY)
      co_return BadRequest(kAggregateParamError, "INVALID_AGGREGATE_FIELDS_QUERY_PARAM");
    for (element item : ArrayOf(e))
      if (auto name = StringOf(item)) aggregate_names.emplace_back(*name);
  }
  size_t limit;
  if (auto err = ParseGroupLimit(state, call, &limit)) co_return *err;

  // 2. Against the object: the grouping, the filter, the orders.
  AggregateQuery q;
  q.group_limit = limit;
  std::vector<KeyOrigin> origins;
  if (auto err = CompileGroupBy(group_json, schema, &q, &origins)) co_return *err;
  std::optional<CompiledFilter> filter;
  if (auto err = CompileFilterParam(filter_text, schema, &filter)) co_return *err;
  if (filter) {
    q.filter = &filter->filter;
    q.include_deleted = filter->include_deleted;
  }
  // Unknown names are ignored, as Twenty's selected-fields parser does; a
  // name given twice is answered once, where it first appeared.
  for (const auto& name : aggregate_names) {
    if (auto spec = storage::ResolveAggregate(schema, name)) {
      bool seen = false;
      for (const auto& a : q.aggregates) seen = seen || a.name == name;
      if (!seen) q.aggregates.push_back(std::move(*spec));
    }
  }
  const size_t shown_aggregates = q.aggregates.size();
  if (order_json)
    if (auto err = CompileGroupOrder(*order_json, schema, origins, &q)) co_return *err;
  if (include_records) {
    auto order = CompileRestOrderBy(records_order.items, schema);
    if (!order.ok()) co_return RestErrorFromStatus(order.status());
    q.sample_order = std::move(*order);
    q.sample_limit = kRecordsPerGroup;
  }

  storage::AggregateResult result = storage::RunAggregate(*obj.table, q);

  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartArray();
  for (const auto& group : result.groups) {
    w.StartObject();
    for (size_t i = 0; i < shown_aggregates; ++i) {
      w.Key(q.aggregates[i].name);
      WriteAggregate(group.aggregates[i], q.aggregates[i], w);
    }
    w.Key("groupByDimensionValues");
    w.StartArray();
    for (size_t i = 0; i < group.keys.size(); ++i) WriteDimension(group.keys[i], q.keys[i], w);
    w.EndArray();
    if (include_records) {
      w.Key("records");
      w.StartArray();
      for (const auto& row : group.sample) WriteRecordJson(schema, *row, w);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  co_return Json(200, w.Take());
}

}  // namespace vingt::server::handlers

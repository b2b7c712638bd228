#include "server/rest/group_by.h"

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
#include "protocol/js_number.h"
#include "protocol/json_write.h"
#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "server/records/group_by_query.h"
#include "server/records/record_codec.h"
#include "server/api_errors.h"
#include "server/records/rest_query.h"
#include "storage/aggregate.h"
#include "storage/table.h"

namespace vingt::server::rest {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using protocol::graphql::InputValue;
using storage::AggregateQuery;
using storage::Datum;
using storage::ObjectSchema;

// Twenty's messages (rest/input-request-parsers/*-parser-utils/).
constexpr std::string_view kGroupByParamError =
    R"(Invalid group_by query parameter - should be a valid array of objects - ex: [{"firstField": true}, {"secondField": {"subField": true}}, {"dateField": {"granularity": 'DAY'}}])";
constexpr std::string_view kAggregateParamError =
    R"(Invalid aggregate query parameter - should be a valid array of string - ex: ["countNotEmptyId", "countEmptyField"])";
constexpr std::string_view kOrderByParamError =
    R"(Invalid order_by query parameter - should be a valid array of objects - ex: [{"firstField": "AscNullsFirst"}, {"secondField": {"subField": "DescNullsLast"}}, {"aggregate": {"aggregateField": "DescNullsLast"}}, {dateField: {"orderBy": "AscNullsFirst", "granularity": "DAY"}}])";

// One parser reused by this thread; each parameter is copied out of it
// (into an InputValue or strings) before the next parse.
bool ParseJsonParam(const std::string& text, element* out) {
  thread_local simdjson::dom::parser parser;
  return parser.parse(text).get(*out) == simdjson::SUCCESS;
}

// parseLimitRestRequest(request, DEFAULT_NUMBER_OF_GROUPS_LIMIT), then
// getGroupLimit: anything but a positive integer after clamping is 50.
std::optional<Response> ParseGroupLimit(const ServerState& state, const CallContext& call, size_t* limit) {
  *limit = kDefaultGroupLimit;
  const std::string* l = call.Param("limit");
  if (!l || l->empty()) return std::nullopt;
  double v = protocol::JsNumberFromString(*l);
  if (std::isnan(v) || v < 0)
    return BadRequest("limit '" + *l + "' is invalid. Should be an integer", "INVALID_LIMIT_QUERY_PARAM");
  *limit = EffectiveGroupLimit(std::min(v, static_cast<double>(state.limits.max_records)));
  return std::nullopt;
}

simdjson::dom::array ArrayOf(element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};  // callers checked the type
  return a;
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
  std::optional<InputValue> order_arg;
  if (const std::string* o = call.Param("order_by")) {
    element e;
    if (!ParseJsonParam(*o, &e)) co_return BadRequest(kOrderByParamError);
    order_arg = InputValue::FromJson(e);
  }
  protocol::RestOrderByParse records_order;
  if (auto err = ParseOrderByParam(call, "order_by_for_records", &records_order)) co_return *err;
  std::optional<protocol::RestFilterParse> filter_text;
  if (auto err = ParseFilterParam(call, &filter_text)) co_return *err;
  element group_json;
  const std::string* g = call.Param("group_by");
  if (!g || !ParseJsonParam(*g, &group_json)) co_return BadRequest(kGroupByParamError, "INVALID_GROUP_BY_QUERY_PARAM");
  const InputValue group_arg = InputValue::FromJson(group_json);
  const std::string* sample = call.Param("include_records_sample");
  const bool include_records = sample && *sample == "true";
  std::vector<std::string> aggregate_names;
  if (const std::string* a = call.Param("aggregate")) {
    element e;
    if (!ParseJsonParam(*a, &e) || e.type() != element_type::ARRAY)
      co_return BadRequest(kAggregateParamError, "INVALID_AGGREGATE_FIELDS_QUERY_PARAM");
    for (element item : ArrayOf(e))
      if (item.type() == element_type::STRING)
        aggregate_names.emplace_back(std::string_view(item.get_string().value_unsafe()));
  }
  size_t limit;
  if (auto err = ParseGroupLimit(state, call, &limit)) co_return *err;

  // 2. Against the object: the grouping, the filter, the orders.
  AggregateQuery q;
  q.group_limit = limit;
  std::vector<GroupKeyOrigin> origins;
  if (Status st = CompileGroupByArg(group_arg, schema, &q, &origins); !st.ok()) co_return RestErrorFromStatus(st);
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
  // JSON null is no order (`orderBy ?? []`); anything else must be an array.
  if (order_arg && !order_arg->IsNull() && order_arg->kind() != InputValue::Kind::kList)
    co_return BadRequest(kOrderByParamError);
  if (order_arg)
    if (Status st = CompileGroupOrderArg(*order_arg, schema, origins, &q); !st.ok()) co_return RestErrorFromStatus(st);
  if (include_records) {
    auto order = CompileRestOrderBy(records_order.items, schema);
    if (!order.ok()) co_return RestErrorFromStatus(order.status());
    q.sample_order = std::move(*order);
    q.sample_limit = kRecordsPerGroup;
  }

  q.explain = state.explain;
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
  Response response = Json(200, w.Take());
  if (state.explain) response.headers.emplace_back(kPlanHeader, std::move(result.plan));
  co_return response;
}

}  // namespace vingt::server::rest

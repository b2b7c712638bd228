#include "server/records/group_by_query.h"

#include <cmath>
#include <utility>

#include "protocol/json_write.h"
#include "protocol/rest_order_by.h"

namespace vingt::server {
namespace {

using protocol::graphql::InputValue;
using storage::AggregateQuery;
using storage::GroupBySpec;
using storage::GroupOrder;
using storage::ObjectSchema;
using Kind = InputValue::Kind;

Status UserError(std::string message) { return Status::InvalidArgument(std::move(message)); }
Status QueryInputError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_QUERY_INPUT");
}

// String(value) in JavaScript, for Twenty's "Unknown orderBy value: ..."
// messages (objects are "[object Object]", arrays join their items).
std::string JsString(const InputValue& v) {
  switch (v.kind()) {
    case Kind::kString:
    case Kind::kEnum:
      return v.AsString();
    case Kind::kInt:
      return std::to_string(v.AsInt());
    case Kind::kFloat: {
      std::string out;
      protocol::AppendJsNumber(v.AsFloat(), &out);
      return out;
    }
    case Kind::kBool:
      return v.AsBool() ? "true" : "false";
    case Kind::kNull:
      return "null";
    case Kind::kList: {
      std::string out;
      bool first = true;
      for (const InputValue& item : v.AsList()) {
        if (!first) out += ',';
        first = false;
        if (!item.IsNull()) out += JsString(item);
      }
      return out;
    }
    case Kind::kObject:
      break;
  }
  return "[object Object]";
}

bool IsTrue(const InputValue& v) { return v.kind() == Kind::kBool && v.AsBool(); }

// A JSON string or, from GraphQL, an enum value's name.
std::optional<std::string_view> StringOf(const InputValue& v) {
  if (v.kind() != Kind::kString && v.kind() != Kind::kEnum) return std::nullopt;
  return std::string_view(v.AsString());
}

// One {"field": definition} entry taken apart for storage::CompileGroupKey.
GroupBySpec SpecOf(std::string_view field, const InputValue& def) {
  GroupBySpec spec;
  spec.field = std::string(field);
  if (IsTrue(def)) return spec;
  if (def.kind() != Kind::kObject) {
    spec.definition = GroupBySpec::Definition::kOther;
    return spec;
  }
  spec.definition = GroupBySpec::Definition::kObject;
  for (const auto& [key, value] : def.AsObject()) {
    spec.members.push_back({key, IsTrue(value)});
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

std::optional<protocol::OrderDirection> DirectionOf(const InputValue& v) {
  auto text = StringOf(v);
  return text ? protocol::ParseOrderDirection(*text) : std::nullopt;
}

Status CompileOneGroupOrder(const InputValue& entry, const ObjectSchema& schema,
                            const std::vector<GroupKeyOrigin>& origins, AggregateQuery* q) {
  using Target = GroupOrder::Target;
  if (entry.kind() != Kind::kObject) return UserError("Unknown orderBy value: " + JsString(entry));
  const auto& members = entry.AsObject();
  const InputValue* aggregate = entry.Find("aggregate");
  if (aggregate && !aggregate->IsNull()) {
    std::string name = "undefined";
    const InputValue* direction = nullptr;
    if (aggregate->kind() == Kind::kObject) {
      const auto& agg = aggregate->AsObject();
      if (agg.size() > 1) return UserError("Please provide aggregate criteria one by one in orderBy array");
      if (agg.size() == 1) {
        name = agg[0].name;
        direction = &agg[0].value;
      }
    }
    auto index = AggregateIndex(schema, name, q);
    if (!index) return UserError("Unknown aggregate field: " + name);
    auto dir = direction ? DirectionOf(*direction) : std::nullopt;
    if (!dir) return UserError("Invalid direction: " + (direction ? JsString(*direction) : std::string("undefined")));
    q->order.push_back(OrderFor(Target::kAggregate, *index, *dir));
    return Status::Ok();
  }
  if (members.size() > 1) return UserError("Please provide orderBy field criteria one by one in orderBy array");
  if (members.empty()) return UserError("Cannot orderBy unknown field: undefined.");
  const std::string& field_name = members[0].name;
  const storage::FieldSchema* f = schema.FindField(field_name);
  if (!f || !f->is_active) return UserError("Cannot orderBy unknown field: " + field_name + ".");
  const InputValue& value = members[0].value;
  auto key_where = [&](auto&& pred) -> std::optional<size_t> {
    for (size_t i = 0; i < origins.size(); ++i)
      if (origins[i].field == f && pred(origins[i])) return i;
    return std::nullopt;
  };
  // {"stage": "AscNullsFirst"}: any key on the field.
  if (auto dir = DirectionOf(value)) {
    auto index = key_where([](const GroupKeyOrigin&) { return true; });
    if (!index)
      return UserError("Cannot order by a field that is not an aggregate nor in groupBy criteria: " + f->name + ".");
    q->order.push_back(OrderFor(Target::kKey, *index, *dir));
    return Status::Ok();
  }
  // {"closeDate": {"orderBy": "AscNullsFirst", "granularity": "DAY"}}
  if ((f->type == storage::FieldType::kDate || f->type == storage::FieldType::kDateTime) &&
      value.kind() == Kind::kObject) {
    const InputValue* by = value.Find("orderBy");
    const InputValue* gran = value.Find("granularity");
    auto dir = by ? DirectionOf(*by) : std::nullopt;
    auto g = gran ? StringOf(*gran) : std::nullopt;
    auto granularity = g ? storage::ParseDateGranularity(*g) : std::nullopt;
    if (dir && granularity) {
      auto index = key_where([&](const GroupKeyOrigin& o) { return o.granularity == granularity; });
      if (!index)
        return UserError("Cannot order by a date granularity that is not in groupBy criteria: " + std::string(*g));
      q->order.push_back(OrderFor(Target::kKey, *index, *dir));
      return Status::Ok();
    }
  }
  // {"address": {"addressCity": "AscNullsFirst"}}; a relation's
  // {"company": {"id": "AscNullsFirst"}} orders by its join column.
  if (value.kind() != Kind::kObject) return UserError("Unknown orderBy value: " + JsString(value));
  const auto& sub = value.AsObject();
  if (sub.size() > 1) return UserError("Please provide orderBy field criteria one by one in orderBy array");
  auto dir = sub.size() == 1 ? DirectionOf(sub[0].value) : std::nullopt;
  if (!dir) return UserError("Unknown orderBy value: [object Object]");
  const std::string& sub_name = sub[0].name;
  auto index = key_where([&](const GroupKeyOrigin& o) {
    return o.sub_field == sub_name || (f->IsManyToOne() && sub_name == "id" && !o.granularity);
  });
  if (!index)
    return UserError("Cannot order by a field that is not in groupBy or that is not an aggregate field: " + sub_name);
  q->order.push_back(OrderFor(Target::kKey, *index, *dir));
  return Status::Ok();
}

}  // namespace

Status CompileGroupByArg(const InputValue& group_by, const ObjectSchema& schema, AggregateQuery* q,
                         std::vector<GroupKeyOrigin>* origins) {
  std::vector<const InputValue*> entries;
  if (group_by.kind() == Kind::kList) {
    for (const InputValue& e : group_by.AsList()) entries.push_back(&e);
  } else {
    entries.push_back(&group_by);
  }
  for (const InputValue* entry : entries) {
    GroupBySpec spec;
    switch (entry->kind()) {
      case Kind::kObject: {
        const auto& members = entry->AsObject();
        if (members.size() > 1)
          return QueryInputError(
              "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput");
        if (members.empty()) continue;
        spec = SpecOf(members[0].name, members[0].value);
        break;
      }
      case Kind::kList:
      case Kind::kString: {
        // Object.keys of an array or a string: its indices.
        size_t n = entry->kind() == Kind::kList ? entry->AsList().size() : entry->AsString().size();
        if (n > 1)
          return QueryInputError(
              "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput");
        if (n == 0) continue;
        spec = GroupBySpec::Field("0");
        break;
      }
      case Kind::kNull:
        return UserError("Cannot convert undefined or null to object");
      default:
        continue;  // Object.keys(true) and Object.keys(5) are empty
    }
    auto key = storage::CompileGroupKey(schema, spec);
    if (!key.ok()) return key.status();
    if (!*key) continue;
    GroupKeyOrigin origin;
    origin.field = schema.FindField(spec.field);
    if (!origin.field) origin.field = schema.FindByJoinColumn(spec.field);
    if (spec.granularity)
      origin.granularity = spec.granularity;
    else if (spec.definition == GroupBySpec::Definition::kObject && !spec.members.empty())
      origin.sub_field = spec.members[0].name;
    q->keys.push_back(std::move(**key));
    origins->push_back(std::move(origin));
  }
  return Status::Ok();
}

Status CompileGroupOrderArg(const InputValue& order_by, const ObjectSchema& schema,
                            const std::vector<GroupKeyOrigin>& origins, AggregateQuery* q) {
  if (order_by.IsNull()) return Status::Ok();  // `orderBy ?? []`
  if (order_by.kind() != Kind::kList) return CompileOneGroupOrder(order_by, schema, origins, q);
  for (const InputValue& entry : order_by.AsList())
    if (Status st = CompileOneGroupOrder(entry, schema, origins, q); !st.ok()) return st;
  return Status::Ok();
}

size_t EffectiveGroupLimit(std::optional<double> requested) {
  if (!requested || !std::isfinite(*requested) || *requested <= 0 || *requested != std::floor(*requested))
    return kDefaultGroupLimit;
  return static_cast<size_t>(*requested);
}

}  // namespace vingt::server

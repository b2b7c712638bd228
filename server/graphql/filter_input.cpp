// GraphQL `filter` / `orderBy` arguments -> the query engine, through the
// same compiler as REST (server/records/rest_query.h): each operator REST also has
// becomes a REST filter leaf (path + comparator + operands, numbers and
// booleans kept typed) compiled by CompileRestFilter, and orderBy goes through CompileRestOrderBy, so both
// APIs accept, coerce and reject the same things with the same messages.
// The operators only Twenty's GraphQL filter types have (regex, array
// containment, isEmptyArray) are compiled here, straight to storage nodes.
#include <optional>
#include <string>

#include "protocol/graphql/input_value.h"
#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "server/graphql/core_model.h"
#include "storage/regex_match.h"

namespace vingt::server::graphql::core {
namespace {

using protocol::RestComparator;
using protocol::RestFilterNode;
using protocol::graphql::InputValue;

Status FilterError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_ARGS_FILTER");
}

std::string ScalarText(const InputValue& v) {
  switch (v.kind()) {
    case InputValue::Kind::kBool: return v.AsBool() ? "true" : "false";
    case InputValue::Kind::kInt: return std::to_string(v.AsInt());
    case InputValue::Kind::kFloat: return protocol::JsNumberText(v.AsFloat());
    case InputValue::Kind::kString:
    case InputValue::Kind::kEnum: return v.AsString();
    default: return v.ToJson();
  }
}

// A leaf operand: numbers and booleans stay typed (the compiler takes
// them as they are), with their text for messages.
protocol::FilterOperand Operand(const InputValue& v) {
  switch (v.kind()) {
    case InputValue::Kind::kBool: return protocol::FilterOperand::Boolean(v.AsBool());
    case InputValue::Kind::kInt:
      return protocol::FilterOperand::Number(static_cast<double>(v.AsInt()), std::to_string(v.AsInt()));
    case InputValue::Kind::kFloat: return protocol::FilterOperand::Number(v.AsFloat(), ScalarText(v));
    default: return protocol::FilterOperand(ScalarText(v));
  }
}

std::string PathName(const std::vector<std::string>& path) {
  std::string name = path[0];
  for (size_t i = 1; i < path.size(); ++i) name += "." + path[i];
  return name;
}

// The slot a GraphQL-only operator reads (REST's compiler resolves the
// others), with REST's messages for a path that names nothing.
struct Target {
  uint16_t slot = 0;
  storage::SlotKind kind = storage::SlotKind::kText;
};

Result<Target> ResolveTarget(const storage::ObjectSchema& schema, const std::vector<std::string>& path) {
  const storage::FieldSchema* f = schema.FindField(path[0]);
  if (!f || !f->is_active || f->slot_count == 0)
    return FilterError("Object " + schema.name_singular + " doesn't have any \"" + path[0] + "\" field.");
  auto subs = storage::CompositeSubFields(f->type);
  if (subs.empty()) return Target{f->first_slot, schema.slots[f->first_slot].kind};
  for (size_t i = 0; i < subs.size(); ++i) {
    if (path.size() > 1 && subs[i].name == path[1])
      return Target{static_cast<uint16_t>(f->first_slot + i), subs[i].kind};
  }
  return FilterError("Sub field \"" + (path.size() > 1 ? path[1] : std::string()) +
                     "\" not found for composite type: " + std::string(storage::FieldTypeName(f->type)));
}

Status Unsupported(std::string_view op, const std::vector<std::string>& path) {
  return FilterError("Operator \"" + std::string(op) + "\" is not supported for field \"" + PathName(path) + "\"");
}

std::vector<std::string> TextItems(const InputValue& value) {
  std::vector<std::string> items;
  if (value.kind() != InputValue::Kind::kList) {
    items.push_back(ScalarText(value));
    return items;
  }
  for (const InputValue& item : value.AsList())
    if (!item.IsNull()) items.push_back(ScalarText(item));
  return items;
}

// The operators of Twenty's GraphQL filter types that its REST grammar
// lacks (spec/graphql-core.md §6.1), compiled here; nullopt when `op` is
// not one of them.
//   regex / iregex (StringFilter): Postgres `~` / `~*`, a match anywhere.
//   contains / not_contains / containsIlike (ArrayFilter): `@>`,
//     NOT(`&&`), EXISTS(item ILIKE pattern) with any of the patterns; a NULL
//     list is unknown for all three (not_contains skips it, as SQL's NOT
//     of NULL does).
//   isEmptyArray (ArrayFilter, MultiSelectFilter, enum filters): true
//     matches a NULL or empty list (vingt stores [] as NULL), false the
//     others.
std::optional<Result<storage::FilterNode>> CompileGraphqlOnlyOperator(const storage::ObjectSchema& schema,
                                                                              const std::vector<std::string>& path,
                                                                              std::string_view op,
                                                                              const InputValue& value) {
  using storage::CompareOp;
  using storage::FilterNode;
  using storage::SlotKind;
  const bool regex = op == "regex" || op == "iregex";
  const bool list_op = op == "contains" || op == "not_contains" || op == "containsIlike";
  if (!regex && !list_op && op != "isEmptyArray") return std::nullopt;
  auto target = ResolveTarget(schema, path);
  if (!target.ok()) return target.status();
  const Target t = *target;
  if (regex) {
    if (t.kind != SlotKind::kText) return Unsupported(op, path);
    std::string pattern = ScalarText(value);
    auto matcher = storage::RegexMatcher::Compile(pattern, op == "iregex");
    if (!matcher.ok()) return FilterError(matcher.status().message());
    FilterNode n = FilterNode::Compare(t.slot, t.kind, CompareOp::kRegex, {std::move(pattern)});
    n.regex = std::move(*matcher);
    return n;
  }
  if (t.kind != SlotKind::kStringList) return Unsupported(op, path);
  if (op == "isEmptyArray") {
    if (value.kind() != InputValue::Kind::kBool)
      return FilterError("Filter operator \"isEmptyArray\" requires a boolean value for field " + PathName(path));
    FilterNode empty = FilterNode::Compare(t.slot, t.kind, CompareOp::kIsEmptyArray, {});
    if (value.AsBool()) return empty;
    FilterNode negated;
    negated.kind = FilterNode::Kind::kNot;
    negated.children.push_back(std::move(empty));
    return negated;
  }
  std::vector<std::string> items = TextItems(value);
  // Twenty's message for an empty list (Postgres cannot type ARRAY[]).
  if (items.empty()) return FilterError("Invalid filter value for field " + PathName(path) + ". Expected non-empty array");
  if (op == "contains") return FilterNode::Compare(t.slot, t.kind, CompareOp::kContainsAll, std::move(items));
  if (op == "containsIlike") return FilterNode::Compare(t.slot, t.kind, CompareOp::kContainsIlike, std::move(items));
  FilterNode negated;
  negated.kind = FilterNode::Kind::kNot;
  negated.children.push_back(FilterNode::Compare(t.slot, t.kind, CompareOp::kContainsAny, std::move(items)));
  return negated;
}

// {eq: "Paris", in: [...]} under `path`: one node per operator. The
// operators REST has go through REST's compiler one leaf at a time, so
// both APIs accept, coerce and reject them alike.
Status AddLeaves(const std::vector<std::string>& path, const InputValue& ops, const storage::ObjectSchema& schema,
                 std::vector<storage::FilterNode>* out) {
  if (ops.kind() != InputValue::Kind::kObject) return FilterError("Invalid filter value for field \"" + path[0] + "\"");
  for (const auto& [op, value] : ops.AsObject()) {
    if (value.IsNull()) continue;
    if (auto extra = CompileGraphqlOnlyOperator(schema, path, op, value)) {
      if (!extra->ok()) return extra->status();
      out->push_back(std::move(**extra));
      continue;
    }
    auto comparator = protocol::ParseRestComparator(op);
    if (!comparator) return Unsupported(op, path);
    RestFilterNode leaf;
    leaf.kind = RestFilterNode::Kind::kLeaf;
    leaf.path = path;
    leaf.comparator = *comparator;
    if (value.kind() == InputValue::Kind::kList) {
      for (const InputValue& item : value.AsList())
        if (!item.IsNull()) leaf.values.push_back(Operand(item));
    } else {
      leaf.values.push_back(Operand(value));
    }
    auto compiled = CompileRestFilter(leaf, schema);
    if (!compiled.ok()) return compiled.status();
    out->push_back(std::move(compiled->filter));
  }
  return Status::Ok();
}

Status Convert(const InputValue& filter, const storage::ObjectSchema& schema, std::vector<storage::FilterNode>* out);

// One filter object as a single node (AND of its entries); nullopt when empty.
Result<std::optional<storage::FilterNode>> ConvertObject(const InputValue& filter,
                                                                  const storage::ObjectSchema& schema) {
  std::vector<storage::FilterNode> parts;
  if (Status st = Convert(filter, schema, &parts); !st.ok()) return st;
  if (parts.empty()) return std::optional<storage::FilterNode>();
  if (parts.size() == 1) return std::optional<storage::FilterNode>(std::move(parts[0]));
  storage::FilterNode all;
  all.kind = storage::FilterNode::Kind::kAnd;
  all.children = std::move(parts);
  return std::optional<storage::FilterNode>(std::move(all));
}

Status Convert(const InputValue& filter, const storage::ObjectSchema& schema, std::vector<storage::FilterNode>* out) {
  if (filter.kind() != InputValue::Kind::kObject) return FilterError("Filter must be an object");
  for (const auto& [key, value] : filter.AsObject()) {
    if (value.IsNull()) continue;
    if (key == "and" || key == "or") {
      storage::FilterNode node;
      node.kind = key == "and" ? storage::FilterNode::Kind::kAnd : storage::FilterNode::Kind::kOr;
      std::vector<InputValue> single;
      const std::vector<InputValue>* items = &value.AsList();
      if (value.kind() != InputValue::Kind::kList) {
        single.push_back(value);
        items = &single;
      }
      for (const InputValue& item : *items) {
        if (item.IsNull()) continue;
        auto child = ConvertObject(item, schema);
        if (!child.ok()) return child.status();
        if (*child) node.children.push_back(std::move(**child));
      }
      if (!node.children.empty()) out->push_back(std::move(node));
      continue;
    }
    if (key == "not") {
      auto child = ConvertObject(value, schema);
      if (!child.ok()) return child.status();
      if (!*child) continue;
      storage::FilterNode node;
      node.kind = storage::FilterNode::Kind::kNot;
      node.children.push_back(std::move(**child));
      out->push_back(std::move(node));
      continue;
    }
    const storage::FieldSchema* f = schema.FindField(key);
    if (f && !storage::CompositeSubFields(f->type).empty()) {
      if (value.kind() != InputValue::Kind::kObject) return FilterError("Invalid filter value for field \"" + key + "\"");
      for (const auto& [sub, ops] : value.AsObject()) {
        if (ops.IsNull()) continue;
        if (Status st = AddLeaves({key, sub}, ops, schema, out); !st.ok()) return st;
      }
      continue;
    }
    if (Status st = AddLeaves({key}, value, schema, out); !st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

Result<CompiledFilter> CompileFilterInput(const InputValue* filter, const storage::ObjectSchema& schema) {
  CompiledFilter none;
  if (!filter || filter->IsNull()) return none;
  auto root = ConvertObject(*filter, schema);
  if (!root.ok()) return root.status();
  if (!*root) return none;
  CompiledFilter out;
  out.filter = std::move(**root);
  out.include_deleted = out.filter.References(schema.deleted_at_slot);
  return out;
}

Result<std::vector<storage::OrderKey>> CompileOrderByInput(const InputValue* order_by,
                                                                    const storage::ObjectSchema& schema) {
  std::vector<protocol::RestOrderItem> items;
  if (order_by && !order_by->IsNull()) {
    std::vector<InputValue> single;
    const std::vector<InputValue>* list = &order_by->AsList();
    if (order_by->kind() != InputValue::Kind::kList) {
      single.push_back(*order_by);
      list = &single;
    }
    for (const InputValue& entry : *list) {
      if (entry.kind() != InputValue::Kind::kObject) continue;
      for (const auto& [key, value] : entry.AsObject()) {
        if (value.IsNull()) continue;
        if (value.kind() == InputValue::Kind::kObject) {
          for (const auto& [sub, direction] : value.AsObject()) {
            if (direction.IsNull()) continue;
            auto d = protocol::ParseOrderDirection(direction.AsString());
            if (!d) return Status::InvalidArgument("Invalid order by direction").WithDetailCode("INVALID_QUERY_INPUT");
            items.push_back({{key, sub}, *d});
          }
          continue;
        }
        auto d = protocol::ParseOrderDirection(value.AsString());
        if (!d) return Status::InvalidArgument("Invalid order by direction").WithDetailCode("INVALID_QUERY_INPUT");
        items.push_back({{key}, *d});
      }
    }
  }
  return CompileRestOrderBy(items, schema);
}

}  // namespace vingt::server::graphql::core

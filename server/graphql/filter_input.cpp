// GraphQL `filter` / `orderBy` arguments -> the query engine, through the
// same compiler as REST (server/rest_query.h): the input tree is rewritten
// as REST's filter tree (path + comparator + string values) and compiled by
// CompileRestFilter / CompileRestOrderBy, so both APIs accept, coerce and
// reject the same things with the same messages.
#include <string>

#include "protocol/graphql/input_value.h"
#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "server/graphql/core_model.h"

namespace vingt::server::graphql::core {
namespace {

using protocol::RestComparator;
using protocol::RestFilterNode;
using protocol::graphql::InputValue;
using storage::Status;

Status FilterError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_ARGS_FILTER");
}

std::string ScalarText(const InputValue& v) {
  switch (v.kind()) {
    case InputValue::Kind::kBool: return v.AsBool() ? "true" : "false";
    case InputValue::Kind::kInt: return std::to_string(v.AsInt());
    case InputValue::Kind::kFloat: return protocol::graphql::JsNumberText(v.AsFloat());
    case InputValue::Kind::kString:
    case InputValue::Kind::kEnum: return v.AsString();
    default: return v.ToJson();
  }
}

// {eq: "Paris", in: [...]} under `path`: one leaf per operator.
Status AddLeaves(const std::vector<std::string>& path, const InputValue& ops, std::vector<RestFilterNode>* out) {
  if (ops.kind() != InputValue::Kind::kObject) return FilterError("Invalid filter value for field \"" + path[0] + "\"");
  for (const auto& [op, value] : ops.AsObject()) {
    if (value.IsNull()) continue;
    auto comparator = protocol::ParseRestComparator(op);
    if (!comparator) {
      std::string name = path[0];
      for (size_t i = 1; i < path.size(); ++i) name += "." + path[i];
      return FilterError("Operator \"" + op + "\" is not supported for field \"" + name + "\"");
    }
    RestFilterNode leaf;
    leaf.kind = RestFilterNode::Kind::kLeaf;
    leaf.path = path;
    leaf.comparator = *comparator;
    if (value.kind() == InputValue::Kind::kList) {
      for (const InputValue& item : value.AsList())
        if (!item.IsNull()) leaf.values.push_back(ScalarText(item));
    } else {
      leaf.values.push_back(ScalarText(value));
    }
    out->push_back(std::move(leaf));
  }
  return Status::Ok();
}

Status Convert(const InputValue& filter, const storage::ObjectSchema& schema, std::vector<RestFilterNode>* out);

// One filter object as a single node (AND of its entries); nullopt when empty.
storage::Result<std::optional<RestFilterNode>> ConvertObject(const InputValue& filter,
                                                             const storage::ObjectSchema& schema) {
  std::vector<RestFilterNode> parts;
  if (Status st = Convert(filter, schema, &parts); !st.ok()) return st;
  if (parts.empty()) return std::optional<RestFilterNode>();
  if (parts.size() == 1) return std::optional<RestFilterNode>(std::move(parts[0]));
  RestFilterNode all;
  all.kind = RestFilterNode::Kind::kAnd;
  all.children = std::move(parts);
  return std::optional<RestFilterNode>(std::move(all));
}

Status Convert(const InputValue& filter, const storage::ObjectSchema& schema, std::vector<RestFilterNode>* out) {
  if (filter.kind() != InputValue::Kind::kObject) return FilterError("Filter must be an object");
  for (const auto& [key, value] : filter.AsObject()) {
    if (value.IsNull()) continue;
    if (key == "and" || key == "or") {
      RestFilterNode node;
      node.kind = key == "and" ? RestFilterNode::Kind::kAnd : RestFilterNode::Kind::kOr;
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
      RestFilterNode node;
      node.kind = RestFilterNode::Kind::kNot;
      node.children.push_back(std::move(**child));
      out->push_back(std::move(node));
      continue;
    }
    const storage::FieldSchema* f = schema.FindField(key);
    if (f && !storage::CompositeSubFields(f->type).empty()) {
      if (value.kind() != InputValue::Kind::kObject) return FilterError("Invalid filter value for field \"" + key + "\"");
      for (const auto& [sub, ops] : value.AsObject()) {
        if (ops.IsNull()) continue;
        if (Status st = AddLeaves({key, sub}, ops, out); !st.ok()) return st;
      }
      continue;
    }
    if (Status st = AddLeaves({key}, value, out); !st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

storage::Result<CompiledFilter> CompileFilterInput(const InputValue* filter, const storage::ObjectSchema& schema) {
  CompiledFilter none;
  if (!filter || filter->IsNull()) return none;
  auto root = ConvertObject(*filter, schema);
  if (!root.ok()) return root.status();
  if (!*root) return none;
  return CompileRestFilter(**root, schema);
}

storage::Result<std::vector<storage::OrderKey>> CompileOrderByInput(const InputValue* order_by,
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

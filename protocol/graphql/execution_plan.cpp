#include "protocol/graphql/execution_plan.h"

#include <algorithm>

#include "protocol/json_write.h"

namespace vingt::protocol::graphql {
namespace {

// Fragment spreads may chain (a spreads b spreads c ...); validation
// rejects cycles, and this bounds the recursion whatever the input.
constexpr int kMaxFragmentNesting = 1000;

}  // namespace

const ObjectPlan* FieldPlan::SubSelection(const Type* object_type) const {
  const Type* named = definition_->type.named();
  if (named == nullptr || named->IsLeaf()) return nullptr;
  if (object_type == nullptr) {
    if (named->kind != TypeKind::kObject) return nullptr;
    object_type = named;
  }
  if (object_type->kind != TypeKind::kObject) return nullptr;
  if (object_type != named && !planner_->schema().IsSubType(named, object_type)) return nullptr;
  for (const auto& [type, plan] : sub_plans_) {
    if (type == object_type) return plan;
  }
  const ObjectPlan* plan = planner_->PlanSubSelection(*this, *object_type);
  sub_plans_.emplace_back(object_type, plan);
  return plan;
}

const ObjectPlan* FieldPlan::SubSelection(std::string_view object_type_name) const {
  const Type* type = planner_->schema().FindType(object_type_name);
  return type == nullptr ? nullptr : SubSelection(type);
}

const FieldPlan* ObjectPlan::Find(std::string_view field_name) const {
  for (const FieldPlan& field : fields_) {
    if (field.name() == field_name) return &field;
  }
  return nullptr;
}

Planner::Planner(const Schema& schema, const ast::Document& document, const VariableValues& variables)
    : schema_(schema), document_(document), variables_(variables) {}

bool Planner::ShouldInclude(const std::vector<ast::Directive>& directives) const {
  for (const ast::Directive& directive : directives) {
    const bool skip = directive.name.value == "skip";
    if (!skip && directive.name.value != "include") continue;
    for (const ast::Argument& argument : directive.arguments) {
      if (argument.name.value != "if") continue;
      InputValue value;
      const TypeRef boolean_type = TypeRef(schema_.builtin(BuiltinScalar::kBoolean)).NonNull();
      if (!ValueFromLiteral(argument.value, boolean_type, &variables_, &value)) continue;
      if (skip && value.AsBool()) return false;
      if (!skip && !value.AsBool()) return false;
    }
  }
  return true;
}

bool Planner::FragmentConditionMatches(std::string_view type_condition, const Type& object_type) const {
  if (type_condition.empty()) return true;
  const Type* condition = schema_.FindType(type_condition);
  if (condition == nullptr) return false;
  if (condition == &object_type) return true;
  if (condition->IsAbstract()) return schema_.IsSubType(condition, &object_type);
  return false;
}

void Planner::CollectFields(const Type& object_type, const ast::SelectionSet& selection_set, Collected* out,
                            int depth) {
  if (depth > kMaxFragmentNesting) return;
  for (const ast::Selection& selection : selection_set.selections) {
    if (const ast::Field* field = selection.field()) {
      if (!ShouldInclude(field->directives)) continue;
      const std::string_view key = field->response_key();
      Group* group = nullptr;
      for (Group& g : out->groups) {
        if (g.key == key) {
          group = &g;
          break;
        }
      }
      if (group == nullptr) group = &out->groups.emplace_back(Group{key, {}});
      group->nodes.push_back(field);
    } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
      const std::string_view name = spread->name.value;
      if (std::find(out->visited_fragments.begin(), out->visited_fragments.end(), name) !=
              out->visited_fragments.end() ||
          !ShouldInclude(spread->directives)) {
        continue;
      }
      out->visited_fragments.push_back(name);
      const ast::FragmentDefinition* fragment = document_.FindFragment(name);
      if (fragment == nullptr || !FragmentConditionMatches(fragment->type_condition.value, object_type)) continue;
      CollectFields(object_type, fragment->selection_set, out, depth + 1);
    } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
      if (!ShouldInclude(inline_fragment->directives) ||
          !FragmentConditionMatches(inline_fragment->type_condition.value, object_type)) {
        continue;
      }
      CollectFields(object_type, inline_fragment->selection_set, out, depth + 1);
    }
  }
}

const ObjectPlan* Planner::Build(const Type& object_type, Collected& collected) {
  ObjectPlan& plan = plans_.emplace_back();
  plan.type_ = &object_type;
  plan.fields_.reserve(collected.groups.size());
  for (Group& group : collected.groups) {
    const ast::Field& first = *group.nodes.front();
    const FieldDefinition* definition = schema_.FindField(&object_type, first.name.value);
    if (definition == nullptr) continue;  // graphql-js leaves unknown fields out
    FieldPlan& field = plan.fields_.emplace_back();
    field.response_key_ = group.key;
    field.definition_ = definition;
    field.parent_type_ = &object_type;
    field.nodes_ = std::move(group.nodes);
    field.planner_ = this;
    char* buf = nullptr;
    std::string& key = field.key_json_;
    key.resize(MaxJsonStringLength(group.key.size()) + 1);
    buf = key.data();
    char* end = FormatJsonString(group.key, buf);
    *end++ = ':';
    key.resize(static_cast<size_t>(end - buf));
    if (!definition->args.empty() || !first.arguments.empty()) {
      field.args_ok_ = CoerceArgumentValues(definition->args, first.arguments, first.loc, variables_, &field.args_,
                                            &field.args_error_, &field.missing_arg_);
    }
  }
  return &plan;
}

const ObjectPlan* Planner::PlanRoot(const Type& root_type, const ast::SelectionSet& selection_set) {
  Collected collected;
  CollectFields(root_type, selection_set, &collected, 0);
  return Build(root_type, collected);
}

const ObjectPlan* Planner::PlanSubSelection(const FieldPlan& field, const Type& object_type) {
  // graphql-js's collectSubfields: one visited-fragment set across all the
  // merged nodes.
  Collected collected;
  for (const ast::Field* node : field.nodes_) {
    if (node->has_selection_set) CollectFields(object_type, node->selection_set, &collected, 0);
  }
  return Build(object_type, collected);
}

}  // namespace vingt::protocol::graphql

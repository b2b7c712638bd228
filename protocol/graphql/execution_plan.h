// Execution plans: the spec's CollectFields done once per (selection,
// runtime object type) per request, and the look-ahead view resolvers get.
//
// Field collection depends only on the document and the variables, both
// fixed for a request, so it is done the first time an object of a given
// type is completed for a given field and reused for every other object:
// a list of 60 people collects `{ id name company { name } }` once, looks
// up each field definition once, coerces each field's arguments once, and
// pre-escapes each response key. Plans are built lazily, also when a
// resolver asks for its sub-selection ahead of execution.
//
// A FieldPlan is one response key of a selection set: the merged field
// nodes sharing that key, the field's definition and coerced arguments.
// Plans live as long as the Executor that made them; single-threaded.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/coercion.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

class ObjectPlan;
class Planner;

class FieldPlan {
 public:
  std::string_view response_key() const { return response_key_; }
  std::string_view name() const { return definition_->name; }
  const FieldDefinition& definition() const { return *definition_; }
  const ArgumentValues& args() const { return args_; }
  const InputValue* Arg(std::string_view arg_name) const { return args_.Find(arg_name); }
  // The field nodes merged under this response key, in document order.
  const std::vector<const ast::Field*>& nodes() const { return nodes_; }

  // The fields selected below this one on objects of type `object_type`
  // (null: the field's own type, which must then be an object type).
  // Null for a leaf field or a type this field cannot return.
  const ObjectPlan* SubSelection(const Type* object_type = nullptr) const;
  const ObjectPlan* SubSelection(std::string_view object_type_name) const;

 private:
  friend class Planner;
  friend class Executor;

  std::string_view response_key_;
  std::string key_json_;  // "\"key\":", written before the value
  const FieldDefinition* definition_ = nullptr;
  const Type* parent_type_ = nullptr;
  std::vector<const ast::Field*> nodes_;
  ArgumentValues args_;
  bool args_ok_ = true;
  GraphQLError args_error_;  // when !args_ok_: message and location
  const InputValueDefinition* missing_arg_ = nullptr;  // when !args_ok_ for a non-null argument without value
  Planner* planner_ = nullptr;
  mutable std::vector<std::pair<const Type*, const ObjectPlan*>> sub_plans_;
};

class ObjectPlan {
 public:
  const Type& type() const { return *type_; }
  const std::vector<FieldPlan>& fields() const { return fields_; }
  // The first selected field named `field_name` (not response key), or null.
  const FieldPlan* Find(std::string_view field_name) const;
  bool Has(std::string_view field_name) const { return Find(field_name) != nullptr; }

 private:
  friend class Planner;
  const Type* type_ = nullptr;
  std::vector<FieldPlan> fields_;
};

class Planner {
 public:
  Planner(const Schema& schema, const ast::Document& document, const VariableValues& variables);
  Planner(const Planner&) = delete;
  Planner& operator=(const Planner&) = delete;

  const ObjectPlan* PlanRoot(const Type& root_type, const ast::SelectionSet& selection_set);
  const ObjectPlan* PlanSubSelection(const FieldPlan& field, const Type& object_type);

  const Schema& schema() const { return schema_; }

 private:
  struct Group {
    std::string_view key;
    std::vector<const ast::Field*> nodes;
  };
  struct Collected {
    std::vector<Group> groups;
    std::vector<std::string_view> visited_fragments;
  };

  void CollectFields(const Type& object_type, const ast::SelectionSet& selection_set, Collected* out, int depth);
  bool ShouldInclude(const std::vector<ast::Directive>& directives) const;
  bool FragmentConditionMatches(std::string_view type_condition, const Type& object_type) const;
  const ObjectPlan* Build(const Type& object_type, Collected& collected);

  const Schema& schema_;
  const ast::Document& document_;
  const VariableValues& variables_;
  std::deque<ObjectPlan> plans_;
};

}  // namespace vingt::protocol::graphql

#include "protocol/graphql/validation.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/printer.h"
#include "protocol/graphql/scalars.h"
#include "protocol/graphql/suggestions.h"
#include "protocol/graphql/validation_overlap.h"

namespace vingt::protocol::graphql {
namespace {

// Fragment spreads chain; NoFragmentCycles follows them recursively.
constexpr int kMaxFragmentDepth = 1000;

struct VariableUsage {
  const ast::Value* node;
  TypeRef type;      // the input type expected where the variable sits (may be none)
  bool has_default;  // that position has a default value
};

// The type list items are checked against (TypeInfo's ListValue step).
TypeRef ListItemInputType(TypeRef type) {
  if (!type) return type;
  const TypeRef nullable = type.Nullable();
  return nullable.IsList() ? nullable.ItemType() : nullable;
}

class Validator {
 public:
  Validator(const Schema& schema, const ast::Document& document, const ValidationOptions& options)
      : schema_(schema), document_(document), options_(options), conflicts_(schema, document) {}

  std::vector<GraphQLError> Run() {
    // Document enter: ExecutableDefinitions.
    for (const ast::Definition& definition : document_.definitions()) {
      if (const ast::TypeSystemDefinition* sdl = definition.type_system()) {
        const bool schema_def = sdl->kind == ast::TypeSystemDefinition::Kind::kSchema ||
                                sdl->kind == ast::TypeSystemDefinition::Kind::kSchemaExtension;
        Report(
            "The " + (schema_def ? std::string("schema") : Quote(sdl->name.value)) + " definition is not executable.",
            {sdl->loc});
      }
    }
    for (const ast::Definition& definition : document_.definitions()) {
      if (aborted_) break;
      if (const ast::OperationDefinition* op = definition.operation()) {
        VisitOperation(*op);
      } else if (const ast::FragmentDefinition* fragment = definition.fragment()) {
        VisitFragmentDefinition(*fragment);
      }
    }
    if (!aborted_) CheckUnusedFragments();
    return std::move(errors_);
  }

 private:
  void Report(std::string message, std::vector<SourceLocation> locations) {
    if (aborted_) return;
    if (errors_.size() >= kMaxValidationErrors) {
      GraphQLError& error = errors_.emplace_back();
      error.message = "Too many validation errors, error limit reached. Validation aborted.";
      aborted_ = true;
      return;
    }
    GraphQLError& error = errors_.emplace_back();
    error.message = std::move(message);
    error.locations = std::move(locations);
  }

  std::vector<std::string_view> TypeNames() const {
    std::vector<std::string_view> names;
    names.reserve(schema_.types().size());
    for (const Type* type : schema_.types()) names.push_back(type->name);
    return names;
  }

  // ---- fragments: graphql-js's ValidationContext helpers ----

  // Spreads in a selection set, nested ones included, in graphql-js's
  // stack order.
  static std::vector<const ast::FragmentSpread*> FragmentSpreads(const ast::SelectionSet& set) {
    std::vector<const ast::FragmentSpread*> spreads;
    std::vector<const ast::SelectionSet*> to_visit{&set};
    while (!to_visit.empty()) {
      const ast::SelectionSet* current = to_visit.back();
      to_visit.pop_back();
      for (const ast::Selection& selection : current->selections) {
        if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
          spreads.push_back(spread);
        } else if (const ast::Field* field = selection.field()) {
          if (field->has_selection_set) to_visit.push_back(&field->selection_set);
        } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
          to_visit.push_back(&inline_fragment->selection_set);
        }
      }
    }
    return spreads;
  }

  std::vector<const ast::FragmentDefinition*> RecursivelyReferencedFragments(const ast::OperationDefinition& op) const {
    std::vector<const ast::FragmentDefinition*> fragments;
    std::unordered_set<std::string_view> collected;
    std::vector<const ast::SelectionSet*> to_visit{&op.selection_set};
    while (!to_visit.empty()) {
      const ast::SelectionSet* set = to_visit.back();
      to_visit.pop_back();
      for (const ast::FragmentSpread* spread : FragmentSpreads(*set)) {
        if (!collected.insert(spread->name.value).second) continue;
        if (const ast::FragmentDefinition* fragment = document_.FindFragment(spread->name.value)) {
          fragments.push_back(fragment);
          to_visit.push_back(&fragment->selection_set);
        }
      }
    }
    return fragments;
  }

  // ---- variable usages (getVariableUsages with TypeInfo) ----

  void CollectValueUsages(const ast::Value& value, TypeRef type, bool has_default, std::vector<VariableUsage>* out) {
    switch (value.kind) {
      case ast::Value::Kind::kVariable:
        out->push_back({&value, type, has_default});
        return;
      case ast::Value::Kind::kList:
        for (const ast::Value& item : value.list) CollectValueUsages(item, ListItemInputType(type), false, out);
        return;
      case ast::Value::Kind::kObject: {
        const Type* object_type = type ? type.named() : nullptr;
        for (const ast::ObjectField& field : value.fields) {
          const InputValueDefinition* definition = object_type != nullptr && object_type->kind == TypeKind::kInputObject
                                                       ? object_type->FindInputField(field.name.value)
                                                       : nullptr;
          CollectValueUsages(field.value, definition != nullptr ? definition->type : TypeRef(),
                             definition != nullptr && definition->has_default, out);
        }
        return;
      }
      default:
        return;
    }
  }

  void CollectArgumentUsages(const std::vector<ast::Argument>& arguments,
                             const std::vector<InputValueDefinition>* definitions, std::vector<VariableUsage>* out) {
    for (const ast::Argument& argument : arguments) {
      const InputValueDefinition* definition = nullptr;
      if (definitions != nullptr) {
        for (const InputValueDefinition& d : *definitions) {
          if (d.name == argument.name.value) definition = &d;
        }
      }
      CollectValueUsages(argument.value, definition != nullptr ? definition->type : TypeRef(),
                         definition != nullptr && definition->has_default, out);
    }
  }

  void CollectDirectiveUsages(const std::vector<ast::Directive>& directives, std::vector<VariableUsage>* out) {
    for (const ast::Directive& directive : directives) {
      const DirectiveDefinition* definition = schema_.FindDirective(directive.name.value);
      CollectArgumentUsages(directive.arguments, definition != nullptr ? &definition->args : nullptr, out);
    }
  }

  void CollectSelectionUsages(const ast::SelectionSet& set, const Type* parent_type, std::vector<VariableUsage>* out) {
    for (const ast::Selection& selection : set.selections) {
      if (const ast::Field* field = selection.field()) {
        const FieldDefinition* definition = schema_.FindField(parent_type, field->name.value);
        CollectArgumentUsages(field->arguments, definition != nullptr ? &definition->args : nullptr, out);
        CollectDirectiveUsages(field->directives, out);
        if (field->has_selection_set) {
          const Type* named = definition != nullptr ? definition->type.named() : nullptr;
          CollectSelectionUsages(field->selection_set, named != nullptr && named->IsComposite() ? named : nullptr, out);
        }
      } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
        CollectDirectiveUsages(spread->directives, out);
      } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
        const Type* type = inline_fragment->type_condition.empty()
                               ? parent_type
                               : schema_.FindType(inline_fragment->type_condition.value);
        CollectDirectiveUsages(inline_fragment->directives, out);
        CollectSelectionUsages(inline_fragment->selection_set, type != nullptr && type->IsComposite() ? type : nullptr,
                               out);
      }
    }
  }

  const std::vector<VariableUsage>& FragmentUsages(const ast::FragmentDefinition& fragment) {
    auto it = fragment_usages_.find(&fragment);
    if (it != fragment_usages_.end()) return it->second;
    std::vector<VariableUsage> usages;
    const Type* type = schema_.FindType(fragment.type_condition.value);
    CollectDirectiveUsages(fragment.directives, &usages);
    CollectSelectionUsages(fragment.selection_set, type != nullptr && type->IsComposite() ? type : nullptr, &usages);
    return fragment_usages_.emplace(&fragment, std::move(usages)).first->second;
  }

  std::vector<VariableUsage> RecursiveVariableUsages(const ast::OperationDefinition& op) {
    std::vector<VariableUsage> usages;
    CollectDirectiveUsages(op.directives, &usages);
    CollectSelectionUsages(op.selection_set, RootType(op), &usages);
    for (const ast::FragmentDefinition* fragment : RecursivelyReferencedFragments(op)) {
      const std::vector<VariableUsage>& more = FragmentUsages(*fragment);
      usages.insert(usages.end(), more.begin(), more.end());
    }
    return usages;
  }

  const Type* RootType(const ast::OperationDefinition& op) const {
    switch (op.operation) {
      case ast::OperationType::kQuery:
        return schema_.query_type();
      case ast::OperationType::kMutation:
        return schema_.mutation_type();
      case ast::OperationType::kSubscription:
        return schema_.subscription_type();
    }
    return nullptr;
  }

  // ---- the walk ----

  void VisitOperation(const ast::OperationDefinition& op) {
    // UniqueOperationNames
    if (!op.name.empty()) {
      auto [it, inserted] = operation_names_.emplace(op.name.value, op.name.loc);
      if (!inserted) {
        Report("There can be only one operation named " + Quote(op.name.value) + ".", {it->second, op.name.loc});
      }
    }
    // LoneAnonymousOperation
    if (op.name.empty() && document_.operation_count() > 1) {
      Report("This anonymous operation must be the only defined operation.", {op.loc});
    }
    // UniqueVariableNames
    std::vector<std::pair<std::string_view, std::vector<SourceLocation>>> groups;
    for (const ast::VariableDefinition& variable : op.variables) {
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == variable.variable.value; });
      if (it == groups.end()) {
        groups.push_back({variable.variable.value, {variable.variable.loc}});
      } else {
        it->second.push_back(variable.variable.loc);
      }
    }
    for (auto& [name, locations] : groups) {
      if (locations.size() > 1) {
        Report("There can be only one variable named \"$" + std::string(name) + "\".", std::move(locations));
      }
    }
    CheckUniqueDirectives(op.directives);

    for (const ast::VariableDefinition& variable : op.variables) VisitVariableDefinition(variable);
    DirectiveLocation location = DirectiveLocation::kQuery;
    if (op.operation == ast::OperationType::kMutation) location = DirectiveLocation::kMutation;
    if (op.operation == ast::OperationType::kSubscription) location = DirectiveLocation::kSubscription;
    VisitDirectives(op.directives, location);
    VisitSelectionSet(op.selection_set, RootType(op));
    if (aborted_) return;

    const std::vector<VariableUsage> usages = RecursiveVariableUsages(op);
    auto find_definition = [&](std::string_view name) -> const ast::VariableDefinition* {
      const ast::VariableDefinition* found = nullptr;
      for (const ast::VariableDefinition& variable : op.variables) {
        if (variable.variable.value == name) found = &variable;  // graphql-js keeps the last
      }
      return found;
    };
    // NoUndefinedVariables
    for (const VariableUsage& usage : usages) {
      if (find_definition(usage.node->text) != nullptr) continue;
      Report(op.name.empty() ? "Variable \"$" + std::string(usage.node->text) + "\" is not defined."
                             : "Variable \"$" + std::string(usage.node->text) + "\" is not defined by operation " +
                                   Quote(op.name.value) + ".",
             {usage.node->loc, op.loc});
    }
    // NoUnusedVariables
    for (const ast::VariableDefinition& variable : op.variables) {
      const bool used = std::any_of(usages.begin(), usages.end(),
                                    [&](const VariableUsage& u) { return u.node->text == variable.variable.value; });
      if (used) continue;
      Report(op.name.empty() ? "Variable \"$" + std::string(variable.variable.value) + "\" is never used."
                             : "Variable \"$" + std::string(variable.variable.value) +
                                   "\" is never used in operation " + Quote(op.name.value) + ".",
             {variable.loc});
    }
    // VariablesInAllowedPosition
    for (const VariableUsage& usage : usages) {
      const ast::VariableDefinition* variable = find_definition(usage.node->text);
      if (variable == nullptr || !usage.type) continue;
      const TypeRef variable_type = TypeFromAst(schema_, variable->type);
      if (!variable_type) continue;
      if (!AllowedVariableUsage(variable_type, *variable, usage)) {
        Report("Variable \"$" + std::string(usage.node->text) + "\" of type " + Quote(variable_type.ToString()) +
                   " used in position expecting type " + Quote(usage.type.ToString()) + ".",
               {variable->loc, usage.node->loc});
      }
    }
  }

  bool AllowedVariableUsage(TypeRef variable_type, const ast::VariableDefinition& variable,
                            const VariableUsage& usage) const {
    if (options_.lenient_variable_positions) return SameShape(variable_type, usage.type);
    if (usage.type.IsNonNull() && !variable_type.IsNonNull()) {
      const bool has_non_null_variable_default =
          variable.has_default && variable.default_value.kind != ast::Value::Kind::kNull;
      if (!has_non_null_variable_default && !usage.has_default) return false;
      return schema_.IsTypeSubTypeOf(variable_type, usage.type.Nullable());
    }
    return schema_.IsTypeSubTypeOf(variable_type, usage.type);
  }

  // Lenient positions: the same list nesting around the same named type,
  // whatever is non-null; ID, UUID and String count as one.
  static bool SameShape(TypeRef a, TypeRef b) {
    for (;;) {
      a = a.Nullable();
      b = b.Nullable();
      if (a.IsList() != b.IsList()) return false;
      if (!a.IsList()) break;
      a = a.ItemType();
      b = b.ItemType();
    }
    if (a.named() == b.named()) return true;
    auto text_like = [](const Type* t) { return t->name == "ID" || t->name == "UUID" || t->name == "String"; };
    return text_like(a.named()) && text_like(b.named());
  }

  void VisitVariableDefinition(const ast::VariableDefinition& variable) {
    const TypeRef type = TypeFromAst(schema_, variable.type);
    // VariablesAreInputTypes
    if (type && !type.IsInputType()) {
      Report("Variable \"$" + std::string(variable.variable.value) + "\" cannot be non-input type " +
                 Quote(PrintTypeNode(variable.type)) + ".",
             {variable.type.loc});
    }
    CheckUniqueDirectives(variable.directives);
    CheckKnownType(variable.type.name);
    if (variable.has_default) {
      VisitValue(variable.default_value, type && type.IsInputType() ? type : TypeRef(), TypeRef(), true);
    }
    VisitDirectives(variable.directives, DirectiveLocation::kVariableDefinition);
  }

  void CheckKnownType(const ast::Name& name) {
    if (schema_.FindType(name.value) != nullptr) return;
    Report("Unknown type " + Quote(name.value) + "." + DidYouMean(SuggestionList(name.value, TypeNames())), {name.loc});
  }

  void VisitFragmentDefinition(const ast::FragmentDefinition& fragment) {
    const Type* type = schema_.FindType(fragment.type_condition.value);
    // FragmentsOnCompositeTypes
    if (type != nullptr && !type->IsComposite()) {
      Report("Fragment " + Quote(fragment.name.value) + " cannot condition on non composite type " +
                 Quote(fragment.type_condition.value) + ".",
             {fragment.type_condition.loc});
    }
    // UniqueFragmentNames
    auto [it, inserted] = fragment_names_.emplace(fragment.name.value, fragment.name.loc);
    if (!inserted) {
      Report("There can be only one fragment named " + Quote(fragment.name.value) + ".",
             {it->second, fragment.name.loc});
    }
    // NoFragmentCycles
    DetectCycles(fragment, 0);
    CheckUniqueDirectives(fragment.directives);

    CheckKnownType(fragment.type_condition);
    VisitDirectives(fragment.directives, DirectiveLocation::kFragmentDefinition);
    VisitSelectionSet(fragment.selection_set, type != nullptr && type->IsComposite() ? type : nullptr);
  }

  void DetectCycles(const ast::FragmentDefinition& fragment, int depth) {
    const std::string_view name = fragment.name.value;
    if (depth > kMaxFragmentDepth || !cycle_visited_.insert(name).second) return;
    const std::vector<const ast::FragmentSpread*> spreads = FragmentSpreads(fragment.selection_set);
    if (spreads.empty()) return;
    spread_path_index_[name] = spread_path_.size();
    for (const ast::FragmentSpread* spread : spreads) {
      const std::string_view spread_name = spread->name.value;
      auto cycle = spread_path_index_.find(spread_name);
      spread_path_.push_back(spread);
      if (cycle == spread_path_index_.end()) {
        if (const ast::FragmentDefinition* next = document_.FindFragment(spread_name)) DetectCycles(*next, depth + 1);
      } else {
        std::string via;
        std::vector<SourceLocation> locations;
        for (size_t i = cycle->second; i < spread_path_.size(); ++i) {
          locations.push_back(spread_path_[i]->loc);
          if (i + 1 < spread_path_.size()) {
            if (!via.empty()) via += ", ";
            via += Quote(spread_path_[i]->name.value);
          }
        }
        Report("Cannot spread fragment " + Quote(spread_name) + " within itself" +
                   (via.empty() ? "." : " via " + via + "."),
               std::move(locations));
      }
      spread_path_.pop_back();
    }
    spread_path_index_.erase(name);
  }

  void CheckUnusedFragments() {
    std::unordered_set<std::string_view> used;
    for (const ast::Definition& definition : document_.definitions()) {
      if (const ast::OperationDefinition* op = definition.operation()) {
        for (const ast::FragmentDefinition* fragment : RecursivelyReferencedFragments(*op)) {
          used.insert(fragment->name.value);
        }
      }
    }
    for (const ast::Definition& definition : document_.definitions()) {
      if (const ast::FragmentDefinition* fragment = definition.fragment()) {
        if (used.count(fragment->name.value) == 0) {
          Report("Fragment " + Quote(fragment->name.value) + " is never used.", {fragment->loc});
        }
      }
    }
  }

  void VisitSelectionSet(const ast::SelectionSet& set, const Type* parent_type) {
    if (aborted_) return;
    // OverlappingFieldsCanBeMerged
    for (FieldConflict& conflict : conflicts_.FindWithin(parent_type, set)) {
      Report(std::move(conflict.message), std::move(conflict.locations));
    }
    for (const ast::Selection& selection : set.selections) {
      if (aborted_) return;
      if (const ast::Field* field = selection.field()) {
        VisitField(*field, parent_type);
      } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
        VisitFragmentSpread(*spread, parent_type);
      } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
        VisitInlineFragment(*inline_fragment, parent_type);
      }
    }
  }

  void VisitField(const ast::Field& field, const Type* parent_type) {
    const std::string_view name = field.name.value;
    const FieldDefinition* definition = schema_.FindField(parent_type, name);
    const TypeRef type = definition != nullptr ? definition->type : TypeRef();
    // ScalarLeafs
    if (type) {
      if (type.named()->IsLeaf()) {
        if (field.has_selection_set) {
          Report("Field " + Quote(name) + " must not have a selection since type " + Quote(type.ToString()) +
                     " has no subfields.",
                 {field.selection_set.loc});
        }
      } else if (!field.has_selection_set) {
        Report("Field " + Quote(name) + " of type " + Quote(type.ToString()) +
                   " must have a selection of subfields. Did you mean \"" + std::string(name) + " { ... }\"?",
               {field.loc});
      }
    }
    // FieldsOnCorrectType
    if (parent_type != nullptr && definition == nullptr) {
      std::string suggestion = DidYouMean("to use an inline fragment on", SuggestedTypeNames(parent_type, name));
      if (suggestion.empty()) {
        std::vector<std::string_view> names;
        if (parent_type->kind == TypeKind::kObject || parent_type->kind == TypeKind::kInterface) {
          for (const FieldDefinition& f : parent_type->fields) names.push_back(f.name);
        }
        suggestion = DidYouMean(SuggestionList(name, names));
      }
      Report("Cannot query field " + Quote(name) + " on type " + Quote(parent_type->name) + "." + suggestion,
             {field.loc});
    }
    CheckUniqueDirectives(field.directives);
    CheckUniqueArguments(field.arguments);

    for (const ast::Argument& argument : field.arguments) {
      const InputValueDefinition* arg_definition =
          definition != nullptr ? definition->FindArg(argument.name.value) : nullptr;
      // KnownArgumentNames
      if (arg_definition == nullptr && definition != nullptr && parent_type != nullptr) {
        std::vector<std::string_view> names;
        for (const InputValueDefinition& a : definition->args) names.push_back(a.name);
        Report("Unknown argument " + Quote(argument.name.value) + " on field \"" + parent_type->name + "." +
                   definition->name + "\"." + DidYouMean(SuggestionList(argument.name.value, names)),
               {argument.name.loc});
      }
      VisitValue(argument.value, arg_definition != nullptr ? arg_definition->type : TypeRef(), TypeRef(), true);
    }
    VisitDirectives(field.directives, DirectiveLocation::kField);
    if (field.has_selection_set) {
      const Type* named = type.named();
      VisitSelectionSet(field.selection_set, named != nullptr && named->IsComposite() ? named : nullptr);
    }
    // ProvidedRequiredArguments (on leave)
    if (definition != nullptr) {
      for (const InputValueDefinition& arg : definition->args) {
        if (!arg.IsRequired()) continue;
        const bool provided = std::any_of(field.arguments.begin(), field.arguments.end(),
                                          [&](const ast::Argument& a) { return a.name.value == arg.name; });
        if (!provided) {
          Report("Field " + Quote(definition->name) + " argument " + Quote(arg.name) + " of type " +
                     Quote(arg.type.ToString()) + " is required, but it was not provided.",
                 {field.loc});
        }
      }
    }
  }

  // getSuggestedTypeNames: for an abstract type, the possible types (and
  // interfaces) that do define the field, most used first.
  std::vector<std::string_view> SuggestedTypeNames(const Type* type, std::string_view field_name) const {
    std::vector<std::string_view> result;
    if (!type->IsAbstract()) return result;
    std::vector<const Type*> suggested_types;
    std::unordered_map<const Type*, int> usage_count;
    for (const Type* possible_type : type->possible_types) {
      if (possible_type->FindField(field_name) == nullptr) continue;
      suggested_types.push_back(possible_type);
      usage_count[possible_type] = 1;
      for (const Type* iface : possible_type->interfaces) {
        if (iface->FindField(field_name) == nullptr) continue;
        if (usage_count.count(iface) == 0) suggested_types.push_back(iface);
        usage_count[iface] = usage_count[iface] + 1;
      }
    }
    std::stable_sort(suggested_types.begin(), suggested_types.end(), [&](const Type* a, const Type* b) {
      const int diff = usage_count[b] - usage_count[a];
      if (diff != 0) return diff < 0;
      const bool a_iface = a->kind == TypeKind::kInterface;
      const bool b_iface = b->kind == TypeKind::kInterface;
      if (a_iface && schema_.IsSubType(a, b)) return true;
      if (b_iface && schema_.IsSubType(b, a)) return false;
      return NaturalCompare(a->name, b->name) < 0;
    });
    for (const Type* t : suggested_types) result.push_back(t->name);
    return result;
  }

  void VisitFragmentSpread(const ast::FragmentSpread& spread, const Type* parent_type) {
    const ast::FragmentDefinition* fragment = document_.FindFragment(spread.name.value);
    // KnownFragmentNames
    if (fragment == nullptr) Report("Unknown fragment " + Quote(spread.name.value) + ".", {spread.name.loc});
    // PossibleFragmentSpreads
    if (fragment != nullptr && parent_type != nullptr) {
      const Type* fragment_type = schema_.FindType(fragment->type_condition.value);
      if (fragment_type != nullptr && fragment_type->IsComposite() &&
          !schema_.DoTypesOverlap(fragment_type, parent_type)) {
        Report("Fragment " + Quote(spread.name.value) + " cannot be spread here as objects of type " +
                   Quote(parent_type->name) + " can never be of type " + Quote(fragment_type->name) + ".",
               {spread.loc});
      }
    }
    CheckUniqueDirectives(spread.directives);
    VisitDirectives(spread.directives, DirectiveLocation::kFragmentSpread);
  }

  void VisitInlineFragment(const ast::InlineFragment& fragment, const Type* parent_type) {
    const Type* type = parent_type;
    if (!fragment.type_condition.empty()) {
      type = schema_.FindType(fragment.type_condition.value);
      // FragmentsOnCompositeTypes
      if (type != nullptr && !type->IsComposite()) {
        Report("Fragment cannot condition on non composite type " + Quote(fragment.type_condition.value) + ".",
               {fragment.type_condition.loc});
      }
    }
    // PossibleFragmentSpreads
    if (type != nullptr && type->IsComposite() && parent_type != nullptr &&
        !schema_.DoTypesOverlap(type, parent_type)) {
      Report("Fragment cannot be spread here as objects of type " + Quote(parent_type->name) +
                 " can never be of type " + Quote(type->name) + ".",
             {fragment.loc});
    }
    CheckUniqueDirectives(fragment.directives);
    if (!fragment.type_condition.empty()) CheckKnownType(fragment.type_condition);
    VisitDirectives(fragment.directives, DirectiveLocation::kInlineFragment);
    VisitSelectionSet(fragment.selection_set, type != nullptr && type->IsComposite() ? type : nullptr);
  }

  // UniqueDirectivesPerLocation, at the node that carries the directives.
  void CheckUniqueDirectives(const std::vector<ast::Directive>& directives) {
    std::vector<std::pair<std::string_view, SourceLocation>> seen;
    for (const ast::Directive& directive : directives) {
      const DirectiveDefinition* definition = schema_.FindDirective(directive.name.value);
      if (definition == nullptr || definition->repeatable) continue;
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == directive.name.value; });
      if (it != seen.end()) {
        Report("The directive \"@" + std::string(directive.name.value) + "\" can only be used once at this location.",
               {it->second, directive.loc});
      } else {
        seen.emplace_back(directive.name.value, directive.loc);
      }
    }
  }

  // UniqueArgumentNames
  void CheckUniqueArguments(const std::vector<ast::Argument>& arguments) {
    std::vector<std::pair<std::string_view, std::vector<SourceLocation>>> groups;
    for (const ast::Argument& argument : arguments) {
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == argument.name.value; });
      if (it == groups.end()) {
        groups.push_back({argument.name.value, {argument.name.loc}});
      } else {
        it->second.push_back(argument.name.loc);
      }
    }
    for (auto& [name, locations] : groups) {
      if (locations.size() > 1)
        Report("There can be only one argument named " + Quote(name) + ".", std::move(locations));
    }
  }

  void VisitDirectives(const std::vector<ast::Directive>& directives, DirectiveLocation location) {
    for (const ast::Directive& directive : directives) {
      if (aborted_) return;
      const DirectiveDefinition* definition = schema_.FindDirective(directive.name.value);
      // KnownDirectives
      if (definition == nullptr) {
        Report("Unknown directive \"@" + std::string(directive.name.value) + "\".", {directive.loc});
      } else if (std::find(definition->locations.begin(), definition->locations.end(), location) ==
                 definition->locations.end()) {
        Report("Directive \"@" + std::string(directive.name.value) + "\" may not be used on " +
                   std::string(DirectiveLocationName(location)) + ".",
               {directive.loc});
      }
      // KnownArgumentNames (directives)
      if (definition != nullptr) {
        for (const ast::Argument& argument : directive.arguments) {
          if (definition->FindArg(argument.name.value) != nullptr) continue;
          std::vector<std::string_view> names;
          for (const InputValueDefinition& a : definition->args) names.push_back(a.name);
          Report("Unknown argument " + Quote(argument.name.value) + " on directive \"@" + definition->name + "\"." +
                     DidYouMean(SuggestionList(argument.name.value, names)),
                 {argument.name.loc});
        }
      }
      CheckUniqueArguments(directive.arguments);
      for (const ast::Argument& argument : directive.arguments) {
        const InputValueDefinition* arg_definition =
            definition != nullptr ? definition->FindArg(argument.name.value) : nullptr;
        VisitValue(argument.value, arg_definition != nullptr ? arg_definition->type : TypeRef(), TypeRef(), true);
      }
      // ProvidedRequiredArguments (directives, on leave)
      if (definition != nullptr) {
        for (const InputValueDefinition& arg : definition->args) {
          if (!arg.IsRequired()) continue;
          const bool provided = std::any_of(directive.arguments.begin(), directive.arguments.end(),
                                            [&](const ast::Argument& a) { return a.name.value == arg.name; });
          if (!provided) {
            Report("Directive \"@" + definition->name + "\" argument " + Quote(arg.name) + " of type " +
                       Quote(arg.type.ToString()) + " is required, but it was not provided.",
                   {directive.loc});
          }
        }
      }
    }
  }

  // ValuesOfCorrectType's isValidValueNode for a value at `location_type`.
  void CheckLeafValue(const ast::Value& value, TypeRef location_type) {
    if (!location_type) return;
    const Type& named = *location_type.named();
    if (!named.IsLeaf()) {
      Report("Expected value of type " + Quote(location_type.ToString()) + ", found " + PrintValue(value) + ".",
             {value.loc});
      return;
    }
    LeafParse parsed = ParseLeafLiteral(named, value, nullptr);
    if (parsed.ok) return;
    if (parsed.verbatim) {
      Report(std::move(parsed.error), {value.loc});
    } else if (parsed.error.empty()) {
      Report("Expected value of type " + Quote(location_type.ToString()) + ", found " + PrintValue(value) + ".",
             {value.loc});
    } else {
      Report("Expected value of type " + Quote(location_type.ToString()) + ", found " + PrintValue(value) + "; " +
                 parsed.error,
             {value.loc});
    }
  }

  // A value literal: ValuesOfCorrectType (while `check` holds: the rule
  // stops descending where it reported a whole list or object) and
  // UniqueInputFieldNames. `type` is TypeInfo's input type here.
  void VisitValue(const ast::Value& value, TypeRef type, TypeRef parent_type, bool check) {
    if (aborted_) return;
    using K = ast::Value::Kind;
    switch (value.kind) {
      case K::kVariable:
        return;
      case K::kNull:
        if (check && type && type.IsNonNull()) {
          Report("Expected value of type " + Quote(type.ToString()) + ", found null.", {value.loc});
        }
        return;
      case K::kList: {
        const TypeRef item_type = ListItemInputType(type);
        bool check_items = check;
        if (check && type && !type.Nullable().IsList()) {
          CheckLeafValue(value, item_type);
          check_items = false;
        }
        for (const ast::Value& item : value.list) VisitValue(item, item_type, type, check_items);
        return;
      }
      case K::kObject: {
        const Type* named = type ? type.named() : nullptr;
        const bool input_object = named != nullptr && named->kind == TypeKind::kInputObject;
        bool check_fields = check;
        if (check && !input_object) {
          CheckLeafValue(value, type);
          check_fields = false;
        } else if (check) {
          for (const InputValueDefinition& field : named->input_fields) {
            if (!field.IsRequired()) continue;
            const bool present = std::any_of(value.fields.begin(), value.fields.end(),
                                             [&](const ast::ObjectField& f) { return f.name.value == field.name; });
            if (!present) {
              Report("Field \"" + named->name + "." + field.name + "\" of required type " +
                         Quote(field.type.ToString()) + " was not provided.",
                     {value.loc});
            }
          }
        }
        // UniqueInputFieldNames
        std::vector<std::pair<std::string_view, SourceLocation>> seen;
        for (const ast::ObjectField& field : value.fields) {
          auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == field.name.value; });
          const InputValueDefinition* definition = input_object ? named->FindInputField(field.name.value) : nullptr;
          if (check_fields && definition == nullptr && input_object) {
            std::vector<std::string_view> names;
            for (const InputValueDefinition& f : named->input_fields) names.push_back(f.name);
            Report("Field " + Quote(field.name.value) + " is not defined by type " + Quote(named->name) + "." +
                       DidYouMean(SuggestionList(field.name.value, names)),
                   {field.name.loc});
          }
          if (it != seen.end()) {
            Report("There can be only one input field named " + Quote(field.name.value) + ".",
                   {it->second, field.name.loc});
          } else {
            seen.emplace_back(field.name.value, field.name.loc);
          }
          VisitValue(field.value, definition != nullptr ? definition->type : TypeRef(), type, check_fields);
        }
        return;
      }
      default:
        if (check) CheckLeafValue(value, type);
        return;
    }
  }

  const Schema& schema_;
  const ast::Document& document_;
  const ValidationOptions options_;
  ConflictFinder conflicts_;
  std::vector<GraphQLError> errors_;
  bool aborted_ = false;
  std::unordered_map<std::string_view, SourceLocation> operation_names_;
  std::unordered_map<std::string_view, SourceLocation> fragment_names_;
  std::unordered_map<const ast::FragmentDefinition*, std::vector<VariableUsage>> fragment_usages_;
  // NoFragmentCycles state.
  std::unordered_set<std::string_view> cycle_visited_;
  std::vector<const ast::FragmentSpread*> spread_path_;
  std::unordered_map<std::string_view, size_t> spread_path_index_;
};

}  // namespace

std::vector<GraphQLError> Validate(const Schema& schema, const ast::Document& document,
                                   const ValidationOptions& options) {
  Validator validator(schema, document, options);
  return validator.Run();
}

}  // namespace vingt::protocol::graphql

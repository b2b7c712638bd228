#include "protocol/graphql/schema.h"

#include <algorithm>

namespace vingt::protocol::graphql {

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar:
      return "SCALAR";
    case TypeKind::kObject:
      return "OBJECT";
    case TypeKind::kInterface:
      return "INTERFACE";
    case TypeKind::kUnion:
      return "UNION";
    case TypeKind::kEnum:
      return "ENUM";
    case TypeKind::kInputObject:
      return "INPUT_OBJECT";
  }
  return "SCALAR";
}

std::string_view DirectiveLocationName(DirectiveLocation location) {
  switch (location) {
    case DirectiveLocation::kQuery:
      return "QUERY";
    case DirectiveLocation::kMutation:
      return "MUTATION";
    case DirectiveLocation::kSubscription:
      return "SUBSCRIPTION";
    case DirectiveLocation::kField:
      return "FIELD";
    case DirectiveLocation::kFragmentDefinition:
      return "FRAGMENT_DEFINITION";
    case DirectiveLocation::kFragmentSpread:
      return "FRAGMENT_SPREAD";
    case DirectiveLocation::kInlineFragment:
      return "INLINE_FRAGMENT";
    case DirectiveLocation::kVariableDefinition:
      return "VARIABLE_DEFINITION";
    case DirectiveLocation::kSchema:
      return "SCHEMA";
    case DirectiveLocation::kScalar:
      return "SCALAR";
    case DirectiveLocation::kObject:
      return "OBJECT";
    case DirectiveLocation::kFieldDefinition:
      return "FIELD_DEFINITION";
    case DirectiveLocation::kArgumentDefinition:
      return "ARGUMENT_DEFINITION";
    case DirectiveLocation::kInterface:
      return "INTERFACE";
    case DirectiveLocation::kUnion:
      return "UNION";
    case DirectiveLocation::kEnum:
      return "ENUM";
    case DirectiveLocation::kEnumValue:
      return "ENUM_VALUE";
    case DirectiveLocation::kInputObject:
      return "INPUT_OBJECT";
    case DirectiveLocation::kInputFieldDefinition:
      return "INPUT_FIELD_DEFINITION";
  }
  return "FIELD";
}

bool TypeRef::IsInputType() const { return named_ != nullptr && named_->IsInputType(); }
bool TypeRef::IsOutputType() const { return named_ != nullptr && named_->IsOutputType(); }
bool TypeRef::IsLeaf() const { return named_ != nullptr && named_->IsLeaf(); }

std::string TypeRef::ToString() const {
  std::string out;
  if (named_ == nullptr) return out;
  out.append(depth_, '[');
  out += named_->name;
  for (int i = depth_; i >= 0; --i) {
    if (bits_ & (uint64_t{1} << i)) out += '!';
    if (i > 0) out += ']';
  }
  return out;
}

const InputValueDefinition* FieldDefinition::FindArg(std::string_view arg_name) const {
  for (const InputValueDefinition& arg : args) {
    if (arg.name == arg_name) return &arg;
  }
  return nullptr;
}

const InputValueDefinition* DirectiveDefinition::FindArg(std::string_view arg_name) const {
  for (const InputValueDefinition& arg : args) {
    if (arg.name == arg_name) return &arg;
  }
  return nullptr;
}

uint64_t NameIndex::Hash(std::string_view name) {
  // FNV-1a: names are short, and this is cheaper than std::hash to set up.
  uint64_t h = 1469598103934665603ull;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

void Type::BuildIndexes() {
  field_index_.Build(fields, [](const FieldDefinition& f) -> std::string_view { return f.name; });
  enum_index_.Build(enum_values, [](const EnumValueDefinition& v) -> std::string_view { return v.name; });
  input_index_.Build(input_fields, [](const InputValueDefinition& v) -> std::string_view { return v.name; });
}

const FieldDefinition* Type::FindField(std::string_view field_name) const {
  int64_t i = field_index_.Find(
      fields, [](const FieldDefinition& f) -> std::string_view { return f.name; }, field_name);
  return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
}

const EnumValueDefinition* Type::FindEnumValue(std::string_view value_name) const {
  int64_t i = enum_index_.Find(
      enum_values, [](const EnumValueDefinition& v) -> std::string_view { return v.name; }, value_name);
  return i < 0 ? nullptr : &enum_values[static_cast<size_t>(i)];
}

const InputValueDefinition* Type::FindInputField(std::string_view field_name) const {
  int64_t i = input_index_.Find(
      input_fields, [](const InputValueDefinition& v) -> std::string_view { return v.name; }, field_name);
  return i < 0 ? nullptr : &input_fields[static_cast<size_t>(i)];
}

const Type* Schema::FindType(std::string_view name) const {
  auto it = types_by_name_.find(name);
  return it == types_by_name_.end() ? nullptr : it->second;
}

const DirectiveDefinition* Schema::FindDirective(std::string_view name) const {
  for (const DirectiveDefinition& directive : directives_) {
    if (directive.name == name) return &directive;
  }
  return nullptr;
}

const FieldDefinition* Schema::FindField(const Type* parent, std::string_view name) const {
  if (parent == nullptr) return nullptr;
  if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
    if (parent == query_) {
      if (name == "__schema") return &schema_field_;
      if (name == "__type") return &type_field_;
    }
    if (name == "__typename" && parent->IsComposite()) return &typename_field_;
  }
  if (parent->kind == TypeKind::kObject || parent->kind == TypeKind::kInterface) return parent->FindField(name);
  return nullptr;
}

bool Schema::IsSubType(const Type* abstract_type, const Type* maybe_sub) const {
  if (abstract_type == nullptr || maybe_sub == nullptr) return false;
  if (abstract_type->kind == TypeKind::kUnion) {
    return std::find(abstract_type->possible_types.begin(), abstract_type->possible_types.end(), maybe_sub) !=
           abstract_type->possible_types.end();
  }
  if (abstract_type->kind == TypeKind::kInterface) {
    return std::find(maybe_sub->interfaces.begin(), maybe_sub->interfaces.end(), abstract_type) !=
           maybe_sub->interfaces.end();
  }
  return false;
}

bool Schema::DoTypesOverlap(const Type* a, const Type* b) const {
  if (a == b) return true;
  if (a->IsAbstract()) {
    if (b->IsAbstract()) {
      for (const Type* possible : a->possible_types) {
        if (IsSubType(b, possible)) return true;
      }
      return false;
    }
    return IsSubType(a, b);
  }
  if (b->IsAbstract()) return IsSubType(b, a);
  return false;
}

bool Schema::IsTypeSubTypeOf(TypeRef maybe_sub, TypeRef super) const {
  if (maybe_sub == super) return true;
  if (super.IsNonNull()) {
    if (maybe_sub.IsNonNull()) return IsTypeSubTypeOf(maybe_sub.Nullable(), super.Nullable());
    return false;
  }
  if (maybe_sub.IsNonNull()) return IsTypeSubTypeOf(maybe_sub.Nullable(), super);
  if (super.IsList()) {
    if (maybe_sub.IsList()) return IsTypeSubTypeOf(maybe_sub.ItemType(), super.ItemType());
    return false;
  }
  if (maybe_sub.IsList()) return false;
  const Type* sub = maybe_sub.named();
  const Type* sup = super.named();
  return sup->IsAbstract() && (sub->kind == TypeKind::kInterface || sub->kind == TypeKind::kObject) &&
         IsSubType(sup, sub);
}

const Type* Schema::builtin(BuiltinScalar which) const { return builtins_[static_cast<int>(which)]; }

}  // namespace vingt::protocol::graphql

// The type system: named types, their fields, arguments, enum values and
// input fields, directives, and the immutable Schema that owns them.
//
// A Schema is built once by SchemaBuilder (schema_builder.h), then shared
// read-only between threads through std::shared_ptr<const Schema>; nothing
// in it changes after Build(). Type references (TypeRef) are small values
// (a named type plus list/non-null layers) rather than interned wrapper
// objects, so a query can use `[[Int!]]!` without the schema having made
// that wrapper, and without locking.
//
// Name lookups (types, fields, enum values, input fields) are hash lookups.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/graphql/input_value.h"
#include "protocol/graphql/resolver.h"

namespace vingt::protocol::graphql {

enum class TypeKind : uint8_t { kScalar, kObject, kInterface, kUnion, kEnum, kInputObject };
// Introspection's __TypeKind spelling: "SCALAR", ..., "LIST", "NON_NULL".
std::string_view TypeKindName(TypeKind kind);

// A named type wrapped in list and non-null layers, as a value. Layer 0 is
// the outermost; bit i of non_null_bits() marks layer i non-null, layer
// list_depth() being the named type itself.
class TypeRef {
 public:
  TypeRef() = default;  // no type (an unknown field's type, say)
  explicit TypeRef(const Type* named) : named_(named) {}
  TypeRef(const Type* named, uint8_t list_depth, uint64_t non_null_bits)
      : named_(named), depth_(list_depth), bits_(non_null_bits) {}

  explicit operator bool() const { return named_ != nullptr; }
  const Type* named() const { return named_; }  // getNamedType
  uint8_t list_depth() const { return depth_; }
  uint64_t non_null_bits() const { return bits_; }

  bool IsNonNull() const { return (bits_ & 1) != 0; }
  // A nullable list (a non-null list is IsNonNull()).
  bool IsList() const { return !IsNonNull() && depth_ > 0; }
  // Neither list nor non-null.
  bool IsNamed() const { return depth_ == 0 && !IsNonNull(); }
  TypeRef Nullable() const { return {named_, depth_, bits_ & ~uint64_t{1}}; }
  // REQUIRES: IsList().
  TypeRef ItemType() const { return {named_, static_cast<uint8_t>(depth_ - 1), bits_ >> 1}; }
  TypeRef NonNull() const { return {named_, depth_, bits_ | 1}; }
  TypeRef ListOf() const { return {named_, static_cast<uint8_t>(depth_ + 1), bits_ << 1}; }
  // The type one wrapper in: Nullable() of a non-null, ItemType() of a list.
  TypeRef OfType() const { return IsNonNull() ? Nullable() : ItemType(); }

  bool IsInputType() const;
  bool IsOutputType() const;
  bool IsLeaf() const;  // named type is a scalar or enum (any wrapping)

  std::string ToString() const;  // "[Person!]!"
  friend bool operator==(const TypeRef&, const TypeRef&) = default;

 private:
  const Type* named_ = nullptr;
  uint8_t depth_ = 0;
  uint64_t bits_ = 0;
};

struct InputValueDefinition {
  std::string name;
  std::string description;
  TypeRef type;
  bool has_default = false;
  InputValue default_value;     // coerced
  std::string default_literal;  // as introspection prints it (astFromValue)
  std::optional<std::string> deprecation_reason;
  // Required: non-null and without a default.
  bool IsRequired() const { return type.IsNonNull() && !has_default; }
};

struct FieldDefinition {
  std::string name;
  std::string description;
  TypeRef type;
  std::vector<InputValueDefinition> args;
  std::optional<std::string> deprecation_reason;
  Resolver resolver;  // when empty: the type's default resolver
  // Free for the schema's author: a column index, a kind, a pointer, so a
  // shared resolver can tell fields apart without comparing names.
  int64_t tag = 0;
  const void* user_data = nullptr;
  const Type* parent = nullptr;
  bool is_typename = false;  // the __typename meta field

  const InputValueDefinition* FindArg(std::string_view arg_name) const;
};

struct EnumValueDefinition {
  std::string name;
  std::string description;
  std::optional<std::string> deprecation_reason;
};

enum class DirectiveLocation : uint8_t {
  kQuery,
  kMutation,
  kSubscription,
  kField,
  kFragmentDefinition,
  kFragmentSpread,
  kInlineFragment,
  kVariableDefinition,
  kSchema,
  kScalar,
  kObject,
  kFieldDefinition,
  kArgumentDefinition,
  kInterface,
  kUnion,
  kEnum,
  kEnumValue,
  kInputObject,
  kInputFieldDefinition,
};
std::string_view DirectiveLocationName(DirectiveLocation location);  // "FIELD_DEFINITION"

struct DirectiveDefinition {
  std::string name;
  std::string description;
  std::vector<DirectiveLocation> locations;
  std::vector<InputValueDefinition> args;
  bool repeatable = false;
  const InputValueDefinition* FindArg(std::string_view arg_name) const;
};

// Custom scalar hooks. `parse` turns a raw input (from variables JSON, or a
// literal converted as graphql-js's valueFromASTUntyped does) into the
// coerced value; `serialize` turns a resolver's leaf into the output leaf.
// An error message is reported as graphql-js reports a plain Error thrown
// by the hook ("Expected type \"UUID\". <message>"), or verbatim when
// `verbatim` is set (as a thrown GraphQLError).
struct ScalarParseResult {
  bool ok = true;
  InputValue value;
  std::string error;
  bool verbatim = false;
  static ScalarParseResult Ok(InputValue v) { return {true, std::move(v), {}, false}; }
  static ScalarParseResult Fail(std::string message, bool verbatim = false) {
    return {false, InputValue(), std::move(message), verbatim};
  }
};
using ScalarParser = std::function<ScalarParseResult(const InputValue& raw)>;
// Returns the leaf to write, or an Error value.
using ScalarSerializer = std::function<ResolvedValue(const ResolvedValue& value)>;
// For interfaces and unions: the runtime object type of a resolved object
// that did not name one.
using TypeResolver = std::function<const Type*(const ObjectRef& object, const Schema& schema)>;

enum class BuiltinScalar : uint8_t { kNone, kInt, kFloat, kString, kBoolean, kId };

// Small open-addressing index from names to positions in a vector the
// owner holds; the names must outlive it.
class NameIndex {
 public:
  template <typename Items, typename NameOf>
  void Build(const Items& items, NameOf name_of);
  template <typename Items, typename NameOf>
  int64_t Find(const Items& items, NameOf name_of, std::string_view name) const;

 private:
  static uint64_t Hash(std::string_view name);
  std::vector<uint32_t> slots_;  // position + 1; 0 = empty
};

class Type {
 public:
  TypeKind kind = TypeKind::kScalar;
  std::string name;
  std::string description;

  // kObject, kInterface.
  std::vector<FieldDefinition> fields;
  std::vector<const Type*> interfaces;
  Resolver default_resolver;  // for fields without their own (kObject)
  // kInterface: the object types implementing it; kUnion: its members.
  std::vector<const Type*> possible_types;
  TypeResolver resolve_type;  // kInterface, kUnion
  // kEnum.
  std::vector<EnumValueDefinition> enum_values;
  // kInputObject.
  std::vector<InputValueDefinition> input_fields;
  // kScalar.
  std::string specified_by_url;
  BuiltinScalar builtin = BuiltinScalar::kNone;
  ScalarParser parse;
  ScalarSerializer serialize;

  bool IsLeaf() const { return kind == TypeKind::kScalar || kind == TypeKind::kEnum; }
  bool IsComposite() const {
    return kind == TypeKind::kObject || kind == TypeKind::kInterface || kind == TypeKind::kUnion;
  }
  bool IsAbstract() const { return kind == TypeKind::kInterface || kind == TypeKind::kUnion; }
  bool IsInputType() const { return IsLeaf() || kind == TypeKind::kInputObject; }
  bool IsOutputType() const { return kind != TypeKind::kInputObject; }

  // Own fields only (no meta fields; see Schema::FindField).
  const FieldDefinition* FindField(std::string_view field_name) const;
  const EnumValueDefinition* FindEnumValue(std::string_view value_name) const;
  const InputValueDefinition* FindInputField(std::string_view field_name) const;

 private:
  friend class SchemaAssembler;
  void BuildIndexes();
  NameIndex field_index_;
  NameIndex enum_index_;
  NameIndex input_index_;
};

class Schema {
 public:
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  const Type* FindType(std::string_view name) const;
  const Type* query_type() const { return query_; }
  const Type* mutation_type() const { return mutation_; }
  const Type* subscription_type() const { return subscription_; }
  // Every named type, user types first, then the built-in scalars in use
  // and the introspection types.
  const std::vector<const Type*>& types() const { return type_list_; }
  const std::vector<DirectiveDefinition>& directives() const { return directives_; }
  const DirectiveDefinition* FindDirective(std::string_view name) const;

  // graphql-js's getFieldDef: the type's own field, or __typename on any
  // composite type, or __schema / __type on the query root.
  const FieldDefinition* FindField(const Type* parent, std::string_view name) const;

  // isSubType / isPossibleType: `maybe_sub` implements or belongs to
  // `abstract_type` (also for an interface implementing an interface).
  bool IsSubType(const Type* abstract_type, const Type* maybe_sub) const;
  // doTypesOverlap for composite types.
  bool DoTypesOverlap(const Type* a, const Type* b) const;
  // isTypeSubTypeOf for variable usage checks.
  bool IsTypeSubTypeOf(TypeRef maybe_sub, TypeRef super) const;

  const Type* builtin(BuiltinScalar which) const;
  const FieldDefinition& typename_field() const { return typename_field_; }

 private:
  friend class SchemaAssembler;
  Schema() = default;

  std::deque<Type> storage_;
  std::vector<const Type*> type_list_;
  std::unordered_map<std::string_view, const Type*> types_by_name_;
  std::vector<DirectiveDefinition> directives_;
  const Type* query_ = nullptr;
  const Type* mutation_ = nullptr;
  const Type* subscription_ = nullptr;
  const Type* builtins_[6] = {};
  FieldDefinition typename_field_;
  FieldDefinition schema_field_;
  FieldDefinition type_field_;
};

// ---- NameIndex templates ----

template <typename Items, typename NameOf>
void NameIndex::Build(const Items& items, NameOf name_of) {
  slots_.clear();
  if (items.empty()) return;
  size_t size = 4;
  while (size < items.size() * 2) size <<= 1;
  slots_.assign(size, 0);
  for (size_t i = 0; i < items.size(); ++i) {
    size_t slot = Hash(name_of(items[i])) & (size - 1);
    while (slots_[slot] != 0) {
      if (name_of(items[slots_[slot] - 1]) == name_of(items[i])) break;  // keep the first of duplicates
      slot = (slot + 1) & (size - 1);
    }
    if (slots_[slot] == 0) slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

template <typename Items, typename NameOf>
int64_t NameIndex::Find(const Items& items, NameOf name_of, std::string_view name) const {
  if (slots_.empty()) return -1;
  const size_t mask = slots_.size() - 1;
  size_t slot = Hash(name) & mask;
  while (slots_[slot] != 0) {
    const uint32_t index = slots_[slot] - 1;
    if (name_of(items[index]) == name) return index;
    slot = (slot + 1) & mask;
  }
  return -1;
}

}  // namespace vingt::protocol::graphql

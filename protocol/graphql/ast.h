// The executable-document AST: what the parser produces and what the
// validator and executor read.
//
// Nodes are plain structs held in vectors, and every name and literal is a
// string_view into the Document's own copy of the query text (or into its
// arena, for strings that had escapes), so a parse allocates little beyond
// the vectors. A Document is immutable once parsed; node addresses are
// stable for its lifetime (moving the Document keeps them), which lets
// execution plans point at nodes.
//
// Type-system definitions (SDL: `type Foo {...}`, `schema {...}`,
// `extend ...`, `directive @x ...`) are parsed for syntax and kept only as
// a kind, a name and a location: validation then rejects them with
// graphql-js's "The \"Foo\" definition is not executable.".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "protocol/graphql/lexer.h"

namespace vingt::protocol::graphql {
class Parser;
}  // namespace vingt::protocol::graphql

namespace vingt::protocol::graphql::ast {

struct Name {
  std::string_view value;
  SourceLocation loc;
  bool empty() const { return value.empty(); }
};

// A type reference: a named type wrapped in list and non-null layers,
// flattened. `list_depth` lists wrap the name; bit i of `non_null_bits` is
// set when the layer at depth i (0 = outermost, list_depth = the named
// type) is non-null. `[[Int!]]!` is list_depth 2, bits 0b101.
struct TypeNode {
  SourceLocation loc;  // start of the whole reference
  Name name;
  uint8_t list_depth = 0;
  uint64_t non_null_bits = 0;
};

struct ObjectField;

struct Value {
  enum class Kind : uint8_t { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };
  Kind kind = Kind::kNull;
  bool block = false;    // kString written as a block string
  bool boolean = false;  // kBoolean
  SourceLocation loc;
  // kVariable: the name without '$'; kInt/kFloat: the source text;
  // kString: the decoded value; kEnum: the name.
  std::string_view text;
  SourceLocation name_loc;          // kVariable: where the name starts
  std::vector<Value> list;          // kList
  std::vector<ObjectField> fields;  // kObject, in source order
};

struct ObjectField {
  Name name;
  Value value;
};

struct Argument {
  Name name;  // the argument's location is its name's
  Value value;
};

struct Directive {
  SourceLocation loc;  // the '@'
  Name name;
  std::vector<Argument> arguments;
};

struct Selection;

struct SelectionSet {
  SourceLocation loc;  // the '{'
  std::vector<Selection> selections;
  bool empty() const { return selections.empty(); }
};

struct Field {
  SourceLocation loc;  // the alias if any, else the name
  Name alias;          // empty when there is none
  Name name;
  std::vector<Argument> arguments;
  std::vector<Directive> directives;
  bool has_selection_set = false;
  SelectionSet selection_set;
  std::string_view response_key() const { return alias.empty() ? name.value : alias.value; }
};

struct FragmentSpread {
  SourceLocation loc;  // the '...'
  Name name;
  std::vector<Directive> directives;
};

struct InlineFragment {
  SourceLocation loc;   // the '...'
  Name type_condition;  // empty when there is none
  std::vector<Directive> directives;
  SelectionSet selection_set;
};

struct Selection {
  std::variant<Field, FragmentSpread, InlineFragment> node;
  const Field* field() const { return std::get_if<Field>(&node); }
  const FragmentSpread* fragment_spread() const { return std::get_if<FragmentSpread>(&node); }
  const InlineFragment* inline_fragment() const { return std::get_if<InlineFragment>(&node); }
};

enum class OperationType : uint8_t { kQuery, kMutation, kSubscription };
std::string_view OperationTypeName(OperationType type);  // "query", ...

struct VariableDefinition {
  SourceLocation loc;  // the '$'
  Name variable;       // name without '$'; its loc is just after the '$'
  TypeNode type;
  bool has_default = false;
  Value default_value;
  std::vector<Directive> directives;
};

struct OperationDefinition {
  SourceLocation loc;
  OperationType operation = OperationType::kQuery;
  Name name;  // empty for an anonymous operation
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  SelectionSet selection_set;
};

struct FragmentDefinition {
  SourceLocation loc;
  Name name;
  Name type_condition;
  std::vector<Directive> directives;
  SelectionSet selection_set;
};

// A parsed-and-dropped SDL definition.
struct TypeSystemDefinition {
  enum class Kind : uint8_t { kSchema, kSchemaExtension, kType, kTypeExtension, kDirective };
  SourceLocation loc;
  Kind kind = Kind::kType;
  Name name;  // empty for schema definitions and extensions
};

struct Definition {
  std::variant<OperationDefinition, FragmentDefinition, TypeSystemDefinition> node;
  const OperationDefinition* operation() const { return std::get_if<OperationDefinition>(&node); }
  const FragmentDefinition* fragment() const { return std::get_if<FragmentDefinition>(&node); }
  const TypeSystemDefinition* type_system() const { return std::get_if<TypeSystemDefinition>(&node); }
};

class Document {
 public:
  Document() : source_(std::make_unique<std::string>()), arena_(std::make_unique<StringArena>()) {}
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const std::vector<Definition>& definitions() const { return definitions_; }
  std::string_view source() const { return *source_; }
  // The fragment named `name`; with duplicates, the last one (as
  // graphql-js's execution and validation contexts pick). Null if none.
  const FragmentDefinition* FindFragment(std::string_view name) const;
  size_t operation_count() const { return operation_count_; }

 private:
  friend class graphql::Parser;
  void Index();

  std::unique_ptr<std::string> source_;  // heap-held so views survive moves
  std::unique_ptr<StringArena> arena_;
  std::vector<Definition> definitions_;
  std::unordered_map<std::string_view, const FragmentDefinition*> fragments_;
  size_t operation_count_ = 0;
};

}  // namespace vingt::protocol::graphql::ast

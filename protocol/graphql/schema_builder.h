// Declares a schema in code, then builds the immutable Schema.
//
//   SchemaBuilder b;
//   b.Scalar("UUID").SpecifiedBy("https://tools.ietf.org/html/rfc4122");
//   b.Enum("Direction").Value("ASC").Value("DESC", "Newest first");
//   b.InputObject("PersonFilter").Field("name", "String").Field("limit", "Int", DefaultLiteral("10"));
//   b.Object("Person")
//       .Field("id", "UUID!", [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<Row>().id); })
//       .Arg("format", "String", DefaultLiteral("\"short\"")).ArgDescription("How to print it");
//   b.Object("Query").Field("people", "[Person!]!", ResolvePeople).Arg("filter", "PersonFilter");
//   b.QueryType("Query");
//   SchemaBuildResult built = std::move(b).Build();  // built.schema, or built.errors
//
// Types are referenced by name in type strings ("[Person!]!"), so the
// declaration order does not matter. Default values are GraphQL literals,
// checked and coerced at build. Build() runs graphql-js validateSchema's
// checks that matter here (unknown or duplicate names, input/output
// positions, interface conformance, empty types) and returns every problem
// as a string, never throwing. The built-in scalars, the four standard
// directives and the introspection types are added by Build().
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

inline constexpr std::string_view kDefaultDeprecationReason = "No longer supported";

class SchemaBuilder;
class ObjectTypeBuilder;

// The default value of an argument or input field, as a GraphQL literal:
// "10", "ASC", "{first: 10}". A type of its own, constructed explicitly, so
// that a description or any other string passed in its place does not
// compile: Arg("first", "Int", DefaultLiteral("10")).
struct DefaultLiteral {
  explicit DefaultLiteral(std::string literal) : text(std::move(literal)) {}
  std::string text;
};

class FieldBuilder {
 public:
  FieldBuilder& Arg(std::string name, std::string type);
  FieldBuilder& Arg(std::string name, std::string type, DefaultLiteral default_value);
  // Describe / deprecate the argument declared last.
  FieldBuilder& ArgDescription(std::string description);
  FieldBuilder& ArgDeprecated(std::string reason = std::string(kDefaultDeprecationReason));
  FieldBuilder& Description(std::string description);
  FieldBuilder& Deprecated(std::string reason = std::string(kDefaultDeprecationReason));
  FieldBuilder& Resolve(Resolver resolver);
  FieldBuilder& Tag(int64_t tag, const void* user_data = nullptr);
  // Back to the owning type, to chain further fields.
  FieldBuilder& Field(std::string name, std::string type, Resolver resolver = {});

  // An argument or input field as declared (internal to the builder).
  struct ArgSpec {
    std::string name;
    std::string type;
    std::optional<std::string> default_literal;
    std::string description;
    std::optional<std::string> deprecation_reason;
  };

 private:
  friend class SchemaAssembler;
  friend class ObjectTypeBuilder;
  ObjectTypeBuilder* owner_ = nullptr;
  std::string name_;
  std::string type_;
  std::string description_;
  std::optional<std::string> deprecation_reason_;
  std::vector<ArgSpec> args_;
  Resolver resolver_;
  int64_t tag_ = 0;
  const void* user_data_ = nullptr;
};

// Object and interface types.
class ObjectTypeBuilder {
 public:
  ObjectTypeBuilder& Description(std::string description);
  ObjectTypeBuilder& Implements(std::string interface_name);
  // The resolver of fields declared without one (one switch on
  // field().tag instead of a closure per field).
  ObjectTypeBuilder& DefaultResolver(Resolver resolver);
  // Interfaces: the runtime type of objects that do not name it.
  ObjectTypeBuilder& ResolveType(TypeResolver resolver);
  // References stay valid until Build().
  FieldBuilder& Field(std::string name, std::string type, Resolver resolver = {});

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  TypeKind kind_ = TypeKind::kObject;
  std::string name_;
  std::string description_;
  std::vector<std::string> interfaces_;
  std::deque<FieldBuilder> fields_;
  Resolver default_resolver_;
  TypeResolver resolve_type_;
};

class InputObjectTypeBuilder {
 public:
  InputObjectTypeBuilder& Description(std::string description);
  InputObjectTypeBuilder& Field(std::string name, std::string type);
  InputObjectTypeBuilder& Field(std::string name, std::string type, DefaultLiteral default_value);
  // Describe / deprecate the field declared last.
  InputObjectTypeBuilder& FieldDescription(std::string description);
  InputObjectTypeBuilder& FieldDeprecated(std::string reason = std::string(kDefaultDeprecationReason));

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  std::string name_;
  std::string description_;
  std::vector<FieldBuilder::ArgSpec> fields_;
};

class EnumTypeBuilder {
 public:
  EnumTypeBuilder& Description(std::string description);
  EnumTypeBuilder& Value(std::string name, std::string description = {},
                         std::optional<std::string> deprecation_reason = std::nullopt);

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  std::string name_;
  std::string description_;
  std::vector<EnumValueDefinition> values_;
};

class ScalarTypeBuilder {
 public:
  ScalarTypeBuilder& Description(std::string description);
  ScalarTypeBuilder& SpecifiedBy(std::string url);
  ScalarTypeBuilder& Parse(ScalarParser parser);
  ScalarTypeBuilder& Serialize(ScalarSerializer serializer);

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  std::string name_;
  std::string description_;
  std::string specified_by_url_;
  ScalarParser parse_;
  ScalarSerializer serialize_;
};

class UnionTypeBuilder {
 public:
  UnionTypeBuilder& Description(std::string description);
  UnionTypeBuilder& Member(std::string object_type_name);
  UnionTypeBuilder& ResolveType(TypeResolver resolver);

 private:
  friend class SchemaBuilder;
  friend class SchemaAssembler;
  std::string name_;
  std::string description_;
  std::vector<std::string> members_;
  TypeResolver resolve_type_;
};

struct SchemaBuildResult {
  std::shared_ptr<const Schema> schema;  // null when errors is not empty
  std::vector<std::string> errors;
  bool ok() const { return errors.empty(); }
};

class SchemaBuilder {
 public:
  SchemaBuilder() = default;
  SchemaBuilder(const SchemaBuilder&) = delete;
  SchemaBuilder& operator=(const SchemaBuilder&) = delete;

  // Each returns a builder that stays valid until Build().
  ObjectTypeBuilder& Object(std::string name, std::string description = {});
  ObjectTypeBuilder& Interface(std::string name, std::string description = {});
  InputObjectTypeBuilder& InputObject(std::string name, std::string description = {});
  EnumTypeBuilder& Enum(std::string name, std::string description = {});
  ScalarTypeBuilder& Scalar(std::string name, std::string description = {});
  UnionTypeBuilder& Union(std::string name, std::string description = {});

  SchemaBuilder& QueryType(std::string name);
  SchemaBuilder& MutationType(std::string name);
  SchemaBuilder& SubscriptionType(std::string name);

  SchemaBuildResult Build() &&;

 private:
  friend class SchemaAssembler;
  enum class Kind : uint8_t { kObject, kInput, kEnum, kScalar, kUnion };
  struct Declared {
    Kind kind;
    size_t index;
  };

  std::deque<ObjectTypeBuilder> objects_;
  std::deque<InputObjectTypeBuilder> inputs_;
  std::deque<EnumTypeBuilder> enums_;
  std::deque<ScalarTypeBuilder> scalars_;
  std::deque<UnionTypeBuilder> unions_;
  std::vector<Declared> order_;
  std::string query_;
  std::string mutation_;
  std::string subscription_;
};

}  // namespace vingt::protocol::graphql

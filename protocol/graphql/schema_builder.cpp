#include "protocol/graphql/schema_builder.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/introspection.h"
#include "protocol/graphql/parser.h"

namespace vingt::protocol::graphql {

// ---- declaration side ----

FieldBuilder& FieldBuilder::Arg(std::string name, std::string type) {
  args_.push_back({std::move(name), std::move(type), std::nullopt, {}, std::nullopt});
  return *this;
}
FieldBuilder& FieldBuilder::Arg(std::string name, std::string type, DefaultLiteral default_value) {
  args_.push_back({std::move(name), std::move(type), std::move(default_value.text), {}, std::nullopt});
  return *this;
}
FieldBuilder& FieldBuilder::ArgDescription(std::string description) {
  if (!args_.empty()) args_.back().description = std::move(description);
  return *this;
}
FieldBuilder& FieldBuilder::ArgDeprecated(std::string reason) {
  if (!args_.empty()) args_.back().deprecation_reason = std::move(reason);
  return *this;
}
FieldBuilder& FieldBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
FieldBuilder& FieldBuilder::Deprecated(std::string reason) {
  deprecation_reason_ = std::move(reason);
  return *this;
}
FieldBuilder& FieldBuilder::Resolve(Resolver resolver) {
  resolver_ = std::move(resolver);
  return *this;
}
FieldBuilder& FieldBuilder::Tag(int64_t tag, const void* user_data) {
  tag_ = tag;
  user_data_ = user_data;
  return *this;
}
FieldBuilder& FieldBuilder::Field(std::string name, std::string type, Resolver resolver) {
  return owner_->Field(std::move(name), std::move(type), std::move(resolver));
}

ObjectTypeBuilder& ObjectTypeBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
ObjectTypeBuilder& ObjectTypeBuilder::Implements(std::string interface_name) {
  interfaces_.push_back(std::move(interface_name));
  return *this;
}
ObjectTypeBuilder& ObjectTypeBuilder::DefaultResolver(Resolver resolver) {
  default_resolver_ = std::move(resolver);
  return *this;
}
ObjectTypeBuilder& ObjectTypeBuilder::ResolveType(TypeResolver resolver) {
  resolve_type_ = std::move(resolver);
  return *this;
}
FieldBuilder& ObjectTypeBuilder::Field(std::string name, std::string type, Resolver resolver) {
  FieldBuilder& field = fields_.emplace_back();
  field.owner_ = this;
  field.name_ = std::move(name);
  field.type_ = std::move(type);
  field.resolver_ = std::move(resolver);
  return field;
}

InputObjectTypeBuilder& InputObjectTypeBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
InputObjectTypeBuilder& InputObjectTypeBuilder::Field(std::string name, std::string type) {
  fields_.push_back({std::move(name), std::move(type), std::nullopt, {}, std::nullopt});
  return *this;
}
InputObjectTypeBuilder& InputObjectTypeBuilder::Field(std::string name, std::string type, DefaultLiteral default_value) {
  fields_.push_back({std::move(name), std::move(type), std::move(default_value.text), {}, std::nullopt});
  return *this;
}
InputObjectTypeBuilder& InputObjectTypeBuilder::FieldDescription(std::string description) {
  if (!fields_.empty()) fields_.back().description = std::move(description);
  return *this;
}
InputObjectTypeBuilder& InputObjectTypeBuilder::FieldDeprecated(std::string reason) {
  if (!fields_.empty()) fields_.back().deprecation_reason = std::move(reason);
  return *this;
}

EnumTypeBuilder& EnumTypeBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
EnumTypeBuilder& EnumTypeBuilder::Value(std::string name, std::string description,
                                        std::optional<std::string> deprecation_reason) {
  values_.push_back({std::move(name), std::move(description), std::move(deprecation_reason)});
  return *this;
}

ScalarTypeBuilder& ScalarTypeBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
ScalarTypeBuilder& ScalarTypeBuilder::SpecifiedBy(std::string url) {
  specified_by_url_ = std::move(url);
  return *this;
}
ScalarTypeBuilder& ScalarTypeBuilder::Parse(ScalarParser parser) {
  parse_ = std::move(parser);
  return *this;
}
ScalarTypeBuilder& ScalarTypeBuilder::Serialize(ScalarSerializer serializer) {
  serialize_ = std::move(serializer);
  return *this;
}

UnionTypeBuilder& UnionTypeBuilder::Description(std::string description) {
  description_ = std::move(description);
  return *this;
}
UnionTypeBuilder& UnionTypeBuilder::Member(std::string object_type_name) {
  members_.push_back(std::move(object_type_name));
  return *this;
}
UnionTypeBuilder& UnionTypeBuilder::ResolveType(TypeResolver resolver) {
  resolve_type_ = std::move(resolver);
  return *this;
}

ObjectTypeBuilder& SchemaBuilder::Object(std::string name, std::string description) {
  ObjectTypeBuilder& type = objects_.emplace_back();
  type.name_ = std::move(name);
  type.description_ = std::move(description);
  order_.push_back({Kind::kObject, objects_.size() - 1});
  return type;
}
ObjectTypeBuilder& SchemaBuilder::Interface(std::string name, std::string description) {
  ObjectTypeBuilder& type = Object(std::move(name), std::move(description));
  type.kind_ = TypeKind::kInterface;
  return type;
}
InputObjectTypeBuilder& SchemaBuilder::InputObject(std::string name, std::string description) {
  InputObjectTypeBuilder& type = inputs_.emplace_back();
  type.name_ = std::move(name);
  type.description_ = std::move(description);
  order_.push_back({Kind::kInput, inputs_.size() - 1});
  return type;
}
EnumTypeBuilder& SchemaBuilder::Enum(std::string name, std::string description) {
  EnumTypeBuilder& type = enums_.emplace_back();
  type.name_ = std::move(name);
  type.description_ = std::move(description);
  order_.push_back({Kind::kEnum, enums_.size() - 1});
  return type;
}
ScalarTypeBuilder& SchemaBuilder::Scalar(std::string name, std::string description) {
  ScalarTypeBuilder& type = scalars_.emplace_back();
  type.name_ = std::move(name);
  type.description_ = std::move(description);
  order_.push_back({Kind::kScalar, scalars_.size() - 1});
  return type;
}
UnionTypeBuilder& SchemaBuilder::Union(std::string name, std::string description) {
  UnionTypeBuilder& type = unions_.emplace_back();
  type.name_ = std::move(name);
  type.description_ = std::move(description);
  order_.push_back({Kind::kUnion, unions_.size() - 1});
  return type;
}
SchemaBuilder& SchemaBuilder::QueryType(std::string name) {
  query_ = std::move(name);
  return *this;
}
SchemaBuilder& SchemaBuilder::MutationType(std::string name) {
  mutation_ = std::move(name);
  return *this;
}
SchemaBuilder& SchemaBuilder::SubscriptionType(std::string name) {
  subscription_ = std::move(name);
  return *this;
}

// ---- assembly ----

class SchemaAssembler {
 public:
  explicit SchemaAssembler(SchemaBuilder& builder) : b_(builder), schema_(new Schema()) {}

  SchemaBuildResult Run() {
    const size_t user_types = b_.order_.size();
    introspection::DeclareTypes(b_);

    AddBuiltinScalars();
    for (size_t i = 0; i < b_.order_.size(); ++i) CreateType(b_.order_[i], i >= user_types);
    for (size_t i = 0; i < b_.order_.size(); ++i) {
      if (declared_[i] != nullptr) FillType(b_.order_[i], declared_[i], internal_[i]);
    }
    // Name lookups are needed from here on (default values name enum
    // values and input fields); the member vectors no longer change.
    for (Type& type : schema_->storage_) type.BuildIndexes();
    AddDirectivesAndMetaFields();
    for (auto& [type, literals] : input_default_literals_) EnsureInputDefaults(type);
    for (PendingArgDefault& pending : arg_defaults_) CoerceDefault(pending.def, pending.literal, pending.where);
    SetRootTypes();
    LinkPossibleTypes();
    Validate();

    SchemaBuildResult result;
    if (!errors_.empty()) {
      result.errors = std::move(errors_);
      return result;
    }
    // Type map order: declared types, the built-in scalars in use, then
    // the introspection types.
    for (size_t i = 0; i < user_types; ++i) {
      if (declared_[i] != nullptr) schema_->type_list_.push_back(declared_[i]);
    }
    for (int i = 1; i <= 5; ++i) {
      if (builtin_used_[i]) schema_->type_list_.push_back(schema_->builtins_[i]);
    }
    for (size_t i = user_types; i < declared_.size(); ++i) {
      if (declared_[i] != nullptr) schema_->type_list_.push_back(declared_[i]);
    }
    result.schema = std::move(schema_);
    return result;
  }

 private:
  struct PendingArgDefault {
    InputValueDefinition* def;
    std::string literal;
    std::string where;
  };

  void Error(std::string message) { errors_.push_back(std::move(message)); }

  void CheckName(const std::string& name, bool internal) {
    if (name.empty()) {
      Error("Expected name to be a non-empty string.");
      return;
    }
    auto start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!start(name[0])) {
      Error("Names must start with [_a-zA-Z] but \"" + name + "\" does not.");
      return;
    }
    for (char c : name) {
      if (!start(c) && !(c >= '0' && c <= '9')) {
        Error("Names must only contain [_a-zA-Z0-9] but \"" + name + "\" does not.");
        return;
      }
    }
    if (!internal && name.size() >= 2 && name[0] == '_' && name[1] == '_') {
      Error("Name \"" + name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
  }

  Type* NewType(TypeKind kind, std::string name, std::string description) {
    Type& type = schema_->storage_.emplace_back();
    type.kind = kind;
    type.name = std::move(name);
    type.description = std::move(description);
    return &type;
  }

  void AddBuiltinScalars() {
    struct Builtin {
      BuiltinScalar which;
      const char* name;
      const char* description;
    };
    static const Builtin kBuiltins[] = {
        {BuiltinScalar::kInt, "Int", "A signed 32-bit integer."},
        {BuiltinScalar::kFloat, "Float", "A signed double-precision floating-point number."},
        {BuiltinScalar::kString, "String", "A UTF-8 character sequence."},
        {BuiltinScalar::kBoolean, "Boolean", "true or false."},
        {BuiltinScalar::kId, "ID",
         "A unique identifier, serialized as a string; accepts strings and integers as input."},
    };
    for (const Builtin& builtin : kBuiltins) {
      Type* type = NewType(TypeKind::kScalar, builtin.name, builtin.description);
      type->builtin = builtin.which;
      schema_->builtins_[static_cast<int>(builtin.which)] = type;
      by_name_[type->name] = type;
    }
  }

  void CreateType(const SchemaBuilder::Declared& declared, bool internal) {
    std::string name;
    std::string description;
    TypeKind kind = TypeKind::kObject;
    switch (declared.kind) {
      case SchemaBuilder::Kind::kObject: {
        const ObjectTypeBuilder& spec = b_.objects_[declared.index];
        name = spec.name_;
        description = spec.description_;
        kind = spec.kind_;
        break;
      }
      case SchemaBuilder::Kind::kInput:
        name = b_.inputs_[declared.index].name_;
        description = b_.inputs_[declared.index].description_;
        kind = TypeKind::kInputObject;
        break;
      case SchemaBuilder::Kind::kEnum:
        name = b_.enums_[declared.index].name_;
        description = b_.enums_[declared.index].description_;
        kind = TypeKind::kEnum;
        break;
      case SchemaBuilder::Kind::kScalar:
        name = b_.scalars_[declared.index].name_;
        description = b_.scalars_[declared.index].description_;
        kind = TypeKind::kScalar;
        break;
      case SchemaBuilder::Kind::kUnion:
        name = b_.unions_[declared.index].name_;
        description = b_.unions_[declared.index].description_;
        kind = TypeKind::kUnion;
        break;
    }
    CheckName(name, internal);
    if (by_name_.count(name) != 0) {
      Error("Schema must contain uniquely named types but contains multiple types named \"" + name + "\".");
      declared_.push_back(nullptr);
      internal_.push_back(internal);
      return;
    }
    Type* type = NewType(kind, std::move(name), std::move(description));
    by_name_[type->name] = type;
    declared_.push_back(type);
    internal_.push_back(internal);
  }

  // "[Person!]!" to a TypeRef; a hand-written scanner because schemas
  // declare thousands of these, falling back to the real parser for the
  // error message.
  TypeRef ResolveTypeString(std::string_view text, const std::string& where) {
    size_t i = 0;
    auto skip = [&] {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ',')) ++i;
    };
    uint8_t depth = 0;
    bool ok = true;
    skip();
    while (i < text.size() && text[i] == '[') {
      ++depth;
      ++i;
      skip();
    }
    const size_t name_start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
    std::string_view name = text.substr(name_start, i - name_start);
    ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) && depth < 32;
    uint64_t bits = 0;
    // Layers from the inside out: the named type is layer `depth`.
    for (int layer = depth; ok && layer >= 0; --layer) {
      skip();
      if (i < text.size() && text[i] == '!') {
        bits |= uint64_t{1} << layer;
        ++i;
        skip();
      }
      if (layer > 0) {
        if (i < text.size() && text[i] == ']') {
          ++i;
        } else {
          ok = false;
        }
      }
    }
    skip();
    if (!ok || i != text.size()) {
      ast::TypeNode node;
      auto error = ParseTypeReference(text, &node);
      Error("Invalid type \"" + std::string(text) + "\" for " + where + ": " +
            (error ? error->message : std::string("nesting too deep")));
      return TypeRef();
    }
    auto it = by_name_.find(name);
    if (it == by_name_.end()) {
      Error("Unknown type \"" + std::string(name) + "\" referenced by " + where + ".");
      return TypeRef();
    }
    const Type* type = it->second;
    if (type->builtin != BuiltinScalar::kNone) builtin_used_[static_cast<int>(type->builtin)] = true;
    return TypeRef(type, depth, bits);
  }

  // `what` is "argument" or "input field", for graphql-js's wording.
  void FillInputValue(const FieldBuilder::ArgSpec& spec, const char* what, const std::string& where, bool internal,
                      InputValueDefinition* out) {
    CheckName(spec.name, internal);
    out->name = spec.name;
    out->description = spec.description;
    out->deprecation_reason = spec.deprecation_reason;
    out->type = ResolveTypeString(spec.type, where);
    if (out->type && !out->type.IsInputType()) {
      Error("The type of " + where + " must be Input Type but got: " + out->type.ToString() + ".");
    }
    if (out->deprecation_reason && out->type.IsNonNull() && !spec.default_literal) {
      Error(std::string("Required ") + what + " " + where + " cannot be deprecated.");
    }
  }

  void FillType(const SchemaBuilder::Declared& declared, Type* type, bool internal) {
    switch (declared.kind) {
      case SchemaBuilder::Kind::kObject: {
        ObjectTypeBuilder& spec = b_.objects_[declared.index];
        type->fields.reserve(spec.fields_.size());
        for (FieldBuilder& field_spec : spec.fields_) {
          CheckName(field_spec.name_, internal);
          FieldDefinition& field = type->fields.emplace_back();
          const std::string where = type->name + "." + field_spec.name_;
          field.name = field_spec.name_;
          field.description = std::move(field_spec.description_);
          field.deprecation_reason = std::move(field_spec.deprecation_reason_);
          field.type = ResolveTypeString(field_spec.type_, "field \"" + where + "\"");
          if (field.type && !field.type.IsOutputType()) {
            Error("The type of " + where + " must be Output Type but got: " + field.type.ToString() + ".");
          }
          field.resolver = std::move(field_spec.resolver_);
          field.tag = field_spec.tag_;
          field.user_data = field_spec.user_data_;
          field.parent = type;
          field.args.resize(field_spec.args_.size());
        }
        // Argument definitions live in the fields vector, now stable.
        size_t f = 0;
        for (FieldBuilder& field_spec : spec.fields_) {
          FieldDefinition& field = type->fields[f++];
          for (size_t a = 0; a < field_spec.args_.size(); ++a) {
            const FieldBuilder::ArgSpec& arg = field_spec.args_[a];
            const std::string where = type->name + "." + field.name + "(" + arg.name + ":)";
            FillInputValue(arg, "argument", where, internal, &field.args[a]);
            for (size_t prev = 0; prev < a; ++prev) {
              if (field_spec.args_[prev].name == arg.name) {
                Error("Argument \"" + where + "\" can only be defined once.");
              }
            }
            if (arg.default_literal) arg_defaults_.push_back({&field.args[a], *arg.default_literal, where});
          }
        }
        for (const std::string& name : spec.interfaces_) {
          auto it = by_name_.find(name);
          if (it == by_name_.end()) {
            Error("Unknown type \"" + name + "\" referenced by type \"" + type->name + "\".");
            continue;
          }
          type->interfaces.push_back(it->second);
        }
        type->default_resolver = std::move(spec.default_resolver_);
        type->resolve_type = std::move(spec.resolve_type_);
        return;
      }
      case SchemaBuilder::Kind::kInput: {
        InputObjectTypeBuilder& spec = b_.inputs_[declared.index];
        type->input_fields.resize(spec.fields_.size());
        std::vector<std::optional<std::string>>& literals = input_default_literals_[type];
        literals.resize(spec.fields_.size());
        for (size_t i = 0; i < spec.fields_.size(); ++i) {
          const FieldBuilder::ArgSpec& field = spec.fields_[i];
          FillInputValue(field, "input field", type->name + "." + field.name, internal, &type->input_fields[i]);
          literals[i] = field.default_literal;
        }
        return;
      }
      case SchemaBuilder::Kind::kEnum: {
        EnumTypeBuilder& spec = b_.enums_[declared.index];
        for (EnumValueDefinition& value : spec.values_) {
          CheckName(value.name, internal);
          if (value.name == "true" || value.name == "false" || value.name == "null") {
            Error("Enum type " + type->name + " cannot include value: " + value.name + ".");
          }
          type->enum_values.push_back(std::move(value));
        }
        return;
      }
      case SchemaBuilder::Kind::kScalar: {
        ScalarTypeBuilder& spec = b_.scalars_[declared.index];
        type->specified_by_url = std::move(spec.specified_by_url_);
        type->parse = std::move(spec.parse_);
        type->serialize = std::move(spec.serialize_);
        return;
      }
      case SchemaBuilder::Kind::kUnion: {
        UnionTypeBuilder& spec = b_.unions_[declared.index];
        for (const std::string& name : spec.members_) {
          auto it = by_name_.find(name);
          if (it == by_name_.end()) {
            Error("Unknown type \"" + name + "\" referenced by union \"" + type->name + "\".");
            continue;
          }
          type->possible_types.push_back(it->second);
        }
        type->resolve_type = std::move(spec.resolve_type_);
        return;
      }
    }
  }

  void CoerceDefault(InputValueDefinition* def, const std::string& literal, const std::string& where) {
    if (!def->type) return;  // its type error is already reported
    StringArena arena;
    ast::Value value;
    if (auto error = ParseConstValue(literal, &arena, &value)) {
      Error("Default value of " + where + " is not a GraphQL literal: " + error->message);
      return;
    }
    if (def->type.named()->kind == TypeKind::kInputObject) EnsureInputDefaults(def->type.named());
    InputValue coerced;
    if (!ValueFromLiteral(value, def->type, nullptr, &coerced)) {
      Error("Default value " + literal + " of " + where + " is not a valid " + def->type.ToString() + ".");
      return;
    }
    def->has_default = true;
    def->default_value = std::move(coerced);
    def->default_literal = PrintDefaultValue(def->default_value, def->type);
  }

  // Input-field defaults may contain objects whose own fields default, so
  // they are coerced inner types first (cycles are cut, not followed).
  void EnsureInputDefaults(const Type* const_type) {
    auto it = input_default_literals_.find(const_type);
    if (it == input_default_literals_.end()) return;
    int& state = input_default_state_[const_type];
    if (state != 0) return;
    state = 1;
    Type* type = const_cast<Type*>(const_type);  // owned by schema_, still under construction
    for (size_t i = 0; i < type->input_fields.size(); ++i) {
      InputValueDefinition& field = type->input_fields[i];
      if (field.type && field.type.named()->kind == TypeKind::kInputObject) EnsureInputDefaults(field.type.named());
    }
    for (size_t i = 0; i < type->input_fields.size(); ++i) {
      if (it->second[i])
        CoerceDefault(&type->input_fields[i], *it->second[i], type->name + "." + type->input_fields[i].name);
    }
    state = 2;
  }

  InputValueDefinition MakeArg(const std::string& name, const std::string& type, const std::string& description) {
    InputValueDefinition arg;
    arg.name = name;
    arg.type = ResolveTypeString(type, "a built-in definition");
    arg.description = description;
    return arg;
  }

  void AddDirectivesAndMetaFields() {
    using L = DirectiveLocation;
    auto& directives = schema_->directives_;
    directives.push_back({"include",
                          "Includes this field or fragment only when the `if` argument is true.",
                          {L::kField, L::kFragmentSpread, L::kInlineFragment},
                          {MakeArg("if", "Boolean!", "Included when true.")},
                          false});
    directives.push_back({"skip",
                          "Leaves this field or fragment out when the `if` argument is true.",
                          {L::kField, L::kFragmentSpread, L::kInlineFragment},
                          {MakeArg("if", "Boolean!", "Skipped when true.")},
                          false});
    directives.push_back({"deprecated",
                          "Marks an element of the schema as no longer supported.",
                          {L::kFieldDefinition, L::kArgumentDefinition, L::kInputFieldDefinition, L::kEnumValue},
                          {MakeArg("reason", "String", "Why it is deprecated and what to use instead.")},
                          false});
    directives.push_back({"specifiedBy",
                          "Links a custom scalar to the specification of its behaviour.",
                          {L::kScalar},
                          {MakeArg("url", "String!", "Where the specification is published.")},
                          false});
    // @deprecated(reason) defaults to graphql-js's DEFAULT_DEPRECATION_REASON.
    arg_defaults_.push_back(
        {&directives[2].args[0], "\"" + std::string(kDefaultDeprecationReason) + "\"", "@deprecated(reason:)"});

    FieldDefinition& type_name = schema_->typename_field_;
    type_name.name = "__typename";
    type_name.description = "The name of the current Object type at runtime.";
    type_name.type = ResolveTypeString("String!", "__typename");
    type_name.is_typename = true;

    FieldDefinition& schema_field = schema_->schema_field_;
    schema_field.name = "__schema";
    schema_field.description = "Access the current type schema of this server.";
    schema_field.type = ResolveTypeString("__Schema!", "__schema");
    schema_field.resolver = introspection::ResolveSchema;

    FieldDefinition& type_field = schema_->type_field_;
    type_field.name = "__type";
    type_field.description = "Request the type information of a single type.";
    type_field.type = ResolveTypeString("__Type", "__type");
    type_field.args.push_back(MakeArg("name", "String!", ""));
    type_field.resolver = introspection::ResolveType;
  }

  const Type* RootType(const std::string& name, const char* which) {
    if (name.empty()) return nullptr;
    auto it = by_name_.find(name);
    if (it == by_name_.end()) {
      Error(std::string(which) + " root type \"" + name + "\" is not defined.");
      return nullptr;
    }
    if (it->second->kind != TypeKind::kObject) {
      Error(std::string(which) + " root type must be Object type, it cannot be " + name + ".");
      return nullptr;
    }
    return it->second;
  }

  void SetRootTypes() {
    schema_->query_ = RootType(b_.query_, "Query");
    if (b_.query_.empty()) Error("Query root type must be provided.");
    schema_->mutation_ = RootType(b_.mutation_, "Mutation");
    schema_->subscription_ = RootType(b_.subscription_, "Subscription");
    for (Type* type : declared_) {
      if (type != nullptr) schema_->types_by_name_[type->name] = type;
    }
    // As in graphql-js, a built-in scalar nothing refers to is not part of
    // the schema (a variable of that type is an unknown type).
    for (int i = 1; i <= 5; ++i) {
      if (builtin_used_[i]) schema_->types_by_name_[schema_->builtins_[i]->name] = schema_->builtins_[i];
    }
    schema_->schema_field_.parent = schema_->query_;
    schema_->type_field_.parent = schema_->query_;
  }

  void LinkPossibleTypes() {
    for (Type* type : declared_) {
      if (type == nullptr || type->kind != TypeKind::kObject) continue;
      for (const Type* iface : type->interfaces) {
        if (iface->kind == TypeKind::kInterface) const_cast<Type*>(iface)->possible_types.push_back(type);
      }
    }
  }

  void ValidateInterfaces(Type* type) {
    for (size_t i = 0; i < type->interfaces.size(); ++i) {
      const Type* iface = type->interfaces[i];
      if (iface->kind != TypeKind::kInterface) {
        Error("Type " + type->name + " must only implement Interface types, it cannot implement " + iface->name + ".");
        continue;
      }
      if (iface == type) {
        Error("Type " + type->name + " cannot implement itself because it would create a circular reference.");
        continue;
      }
      if (std::find(type->interfaces.begin(), type->interfaces.begin() + static_cast<long>(i), iface) !=
          type->interfaces.begin() + static_cast<long>(i)) {
        Error("Type " + type->name + " can only implement " + iface->name + " once.");
        continue;
      }
      for (const Type* transitive : iface->interfaces) {
        if (transitive != type &&
            std::find(type->interfaces.begin(), type->interfaces.end(), transitive) == type->interfaces.end()) {
          Error("Type " + type->name + " must implement " + transitive->name + " because it is implemented by " +
                iface->name + ".");
        }
      }
      for (const FieldDefinition& iface_field : iface->fields) {
        const std::string iface_where = iface->name + "." + iface_field.name;
        const FieldDefinition* field = nullptr;
        for (const FieldDefinition& f : type->fields) {
          if (f.name == iface_field.name) field = &f;
        }
        if (field == nullptr) {
          Error("Interface field " + iface_where + " expected but " + type->name + " does not provide it.");
          continue;
        }
        const std::string where = type->name + "." + field->name;
        if (field->type && iface_field.type && !schema_->IsTypeSubTypeOf(field->type, iface_field.type)) {
          Error("Interface field " + iface_where + " expects type " + iface_field.type.ToString() + " but " + where +
                " is type " + field->type.ToString() + ".");
        }
        for (const InputValueDefinition& iface_arg : iface_field.args) {
          const InputValueDefinition* arg = field->FindArg(iface_arg.name);
          if (arg == nullptr) {
            Error("Interface field argument " + iface_where + "(" + iface_arg.name + ":) expected but " + where +
                  " does not provide it.");
            continue;
          }
          if (!(arg->type == iface_arg.type)) {
            Error("Interface field argument " + iface_where + "(" + iface_arg.name + ":) expects type " +
                  iface_arg.type.ToString() + " but " + where + "(" + arg->name + ":) is type " + arg->type.ToString() +
                  ".");
          }
        }
        for (const InputValueDefinition& arg : field->args) {
          if (iface_field.FindArg(arg.name) == nullptr && arg.IsRequired()) {
            Error("Object field " + where + " includes required argument " + arg.name +
                  " that is missing from the Interface field " + iface_where + ".");
          }
        }
      }
    }
  }

  void Validate() {
    for (Type* type : declared_) {
      if (type == nullptr) continue;
      switch (type->kind) {
        case TypeKind::kObject:
        case TypeKind::kInterface: {
          if (type->fields.empty()) Error("Type " + type->name + " must define one or more fields.");
          for (size_t i = 0; i < type->fields.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
              if (type->fields[j].name == type->fields[i].name) {
                Error("Field \"" + type->name + "." + type->fields[i].name + "\" can only be defined once.");
              }
            }
          }
          ValidateInterfaces(type);
          break;
        }
        case TypeKind::kUnion:
          if (type->possible_types.empty()) {
            Error("Union type " + type->name + " must define one or more member types.");
          }
          for (size_t i = 0; i < type->possible_types.size(); ++i) {
            const Type* member = type->possible_types[i];
            if (member->kind != TypeKind::kObject) {
              Error("Union type " + type->name + " can only include Object types, it cannot include " + member->name +
                    ".");
            }
            for (size_t j = 0; j < i; ++j) {
              if (type->possible_types[j] == member) {
                Error("Union type " + type->name + " can include " + member->name + " type only once.");
              }
            }
          }
          break;
        case TypeKind::kEnum:
          if (type->enum_values.empty()) Error("Enum type " + type->name + " must define one or more values.");
          for (size_t i = 0; i < type->enum_values.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
              if (type->enum_values[j].name == type->enum_values[i].name) {
                Error("Enum value \"" + type->name + "." + type->enum_values[i].name + "\" can only be defined once.");
              }
            }
          }
          break;
        case TypeKind::kInputObject:
          if (type->input_fields.empty()) Error("Input Object type " + type->name + " must define one or more fields.");
          for (size_t i = 0; i < type->input_fields.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
              if (type->input_fields[j].name == type->input_fields[i].name) {
                Error("Field \"" + type->name + "." + type->input_fields[i].name + "\" can only be defined once.");
              }
            }
          }
          break;
        case TypeKind::kScalar:
          break;
      }
    }
  }

  SchemaBuilder& b_;
  std::shared_ptr<Schema> schema_;
  std::vector<std::string> errors_;
  std::unordered_map<std::string_view, Type*> by_name_;
  std::vector<Type*> declared_;  // parallel to b_.order_; null for a rejected duplicate
  std::vector<bool> internal_;   // parallel to declared_: introspection types may use "__" names
  bool builtin_used_[6] = {};
  std::vector<PendingArgDefault> arg_defaults_;
  std::unordered_map<const Type*, std::vector<std::optional<std::string>>> input_default_literals_;
  std::unordered_map<const Type*, int> input_default_state_;
};

SchemaBuildResult SchemaBuilder::Build() && {
  SchemaAssembler assembler(*this);
  return assembler.Run();
}

}  // namespace vingt::protocol::graphql

#include "protocol/graphql/introspection.h"

#include "protocol/graphql/schema.h"
#include "protocol/graphql/schema_builder.h"

namespace vingt::protocol::graphql::introspection {
namespace {

// A __Type source: the named type, with the wrapper layers in the tag.
ResolvedValue TypeValue(TypeRef type) {
  if (!type) return ResolvedValue::Null();
  const int64_t tag = static_cast<int64_t>((type.non_null_bits() << 8) | type.list_depth());
  return ResolvedValue::Object(type.named(), tag);
}

TypeRef TypeOf(const ObjectRef& source) {
  const auto tag = static_cast<uint64_t>(source.tag);
  return TypeRef(static_cast<const Type*>(source.ptr), static_cast<uint8_t>(tag & 0xFF), tag >> 8);
}

ResolvedValue NullableString(const std::string& s) {
  return s.empty() ? ResolvedValue::Null() : ResolvedValue::StringView(s);
}

ResolvedValue Deprecation(const std::optional<std::string>& reason, bool want_reason) {
  if (!want_reason) return ResolvedValue::Bool(reason.has_value());
  return reason ? ResolvedValue::StringView(*reason) : ResolvedValue::Null();
}

bool IncludeDeprecated(const ResolverContext& c) {
  const InputValue* v = c.Arg("includeDeprecated");
  return v != nullptr && v->kind() == InputValue::Kind::kBool && v->AsBool();
}

ResolvedValue InputValueList(const std::vector<InputValueDefinition>& values, bool include_deprecated) {
  std::vector<ResolvedValue> items;
  items.reserve(values.size());
  for (const InputValueDefinition& value : values) {
    if (value.deprecation_reason && !include_deprecated) continue;
    items.push_back(ResolvedValue::Object(&value));
  }
  return ResolvedValue::List(std::move(items));
}

enum SchemaField : int64_t { kSchemaDescription, kTypes, kQueryType, kMutationType, kSubscriptionType, kDirectives };

ResolvedValue ResolveSchemaFields(const ResolverContext& c) {
  const Schema& schema = c.Source<Schema>();
  switch (c.field().tag) {
    case kSchemaDescription:
      return ResolvedValue::Null();
    case kTypes: {
      std::vector<ResolvedValue> items;
      items.reserve(schema.types().size());
      for (const Type* type : schema.types()) items.push_back(TypeValue(TypeRef(type)));
      return ResolvedValue::List(std::move(items));
    }
    case kQueryType:
      return TypeValue(TypeRef(schema.query_type()));
    case kMutationType:
      return TypeValue(TypeRef(schema.mutation_type()));
    case kSubscriptionType:
      return TypeValue(TypeRef(schema.subscription_type()));
    case kDirectives: {
      std::vector<ResolvedValue> items;
      for (const DirectiveDefinition& directive : schema.directives())
        items.push_back(ResolvedValue::Object(&directive));
      return ResolvedValue::List(std::move(items));
    }
  }
  return ResolvedValue::Null();
}

enum TypeField : int64_t {
  kKind,
  kName,
  kTypeDescription,
  kSpecifiedByUrl,
  kFields,
  kInterfaces,
  kPossibleTypes,
  kEnumValues,
  kInputFields,
  kOfType,
};

ResolvedValue ResolveTypeFields(const ResolverContext& c) {
  const TypeRef type = TypeOf(c.source());
  const bool wrapper = !type.IsNamed();
  const Type& named = *type.named();
  switch (c.field().tag) {
    case kKind:
      if (type.IsNonNull()) return ResolvedValue::StringView("NON_NULL");
      if (type.IsList()) return ResolvedValue::StringView("LIST");
      return ResolvedValue::StringView(TypeKindName(named.kind));
    case kName:
      return wrapper ? ResolvedValue::Null() : ResolvedValue::StringView(named.name);
    case kTypeDescription:
      return wrapper ? ResolvedValue::Null() : NullableString(named.description);
    case kSpecifiedByUrl:
      return wrapper || named.kind != TypeKind::kScalar ? ResolvedValue::Null()
                                                        : NullableString(named.specified_by_url);
    case kFields: {
      if (wrapper || (named.kind != TypeKind::kObject && named.kind != TypeKind::kInterface)) {
        return ResolvedValue::Null();
      }
      const bool include_deprecated = IncludeDeprecated(c);
      std::vector<ResolvedValue> items;
      items.reserve(named.fields.size());
      for (const FieldDefinition& field : named.fields) {
        if (field.deprecation_reason && !include_deprecated) continue;
        items.push_back(ResolvedValue::Object(&field));
      }
      return ResolvedValue::List(std::move(items));
    }
    case kInterfaces: {
      if (wrapper || (named.kind != TypeKind::kObject && named.kind != TypeKind::kInterface)) {
        return ResolvedValue::Null();
      }
      std::vector<ResolvedValue> items;
      for (const Type* iface : named.interfaces) items.push_back(TypeValue(TypeRef(iface)));
      return ResolvedValue::List(std::move(items));
    }
    case kPossibleTypes: {
      if (wrapper || !named.IsAbstract()) return ResolvedValue::Null();
      std::vector<ResolvedValue> items;
      for (const Type* possible : named.possible_types) items.push_back(TypeValue(TypeRef(possible)));
      return ResolvedValue::List(std::move(items));
    }
    case kEnumValues: {
      if (wrapper || named.kind != TypeKind::kEnum) return ResolvedValue::Null();
      const bool include_deprecated = IncludeDeprecated(c);
      std::vector<ResolvedValue> items;
      for (const EnumValueDefinition& value : named.enum_values) {
        if (value.deprecation_reason && !include_deprecated) continue;
        items.push_back(ResolvedValue::Object(&value));
      }
      return ResolvedValue::List(std::move(items));
    }
    case kInputFields:
      if (wrapper || named.kind != TypeKind::kInputObject) return ResolvedValue::Null();
      return InputValueList(named.input_fields, IncludeDeprecated(c));
    case kOfType:
      return wrapper ? TypeValue(type.OfType()) : ResolvedValue::Null();
  }
  return ResolvedValue::Null();
}

enum FieldField : int64_t { kFieldName, kFieldDescription, kArgs, kFieldType, kIsDeprecated, kDeprecationReason };

ResolvedValue ResolveFieldFields(const ResolverContext& c) {
  const FieldDefinition& field = c.Source<FieldDefinition>();
  switch (c.field().tag) {
    case kFieldName:
      return ResolvedValue::StringView(field.name);
    case kFieldDescription:
      return NullableString(field.description);
    case kArgs:
      return InputValueList(field.args, IncludeDeprecated(c));
    case kFieldType:
      return TypeValue(field.type);
    case kIsDeprecated:
      return Deprecation(field.deprecation_reason, false);
    case kDeprecationReason:
      return Deprecation(field.deprecation_reason, true);
  }
  return ResolvedValue::Null();
}

enum InputValueField : int64_t {
  kInputName,
  kInputDescription,
  kInputType,
  kDefaultValue,
  kInputIsDeprecated,
  kInputDeprecationReason,
};

ResolvedValue ResolveInputValueFields(const ResolverContext& c) {
  const InputValueDefinition& value = c.Source<InputValueDefinition>();
  switch (c.field().tag) {
    case kInputName:
      return ResolvedValue::StringView(value.name);
    case kInputDescription:
      return NullableString(value.description);
    case kInputType:
      return TypeValue(value.type);
    case kDefaultValue:
      return value.has_default ? ResolvedValue::StringView(value.default_literal) : ResolvedValue::Null();
    case kInputIsDeprecated:
      return Deprecation(value.deprecation_reason, false);
    case kInputDeprecationReason:
      return Deprecation(value.deprecation_reason, true);
  }
  return ResolvedValue::Null();
}

enum EnumValueField : int64_t { kEnumName, kEnumDescription, kEnumIsDeprecated, kEnumDeprecationReason };

ResolvedValue ResolveEnumValueFields(const ResolverContext& c) {
  const EnumValueDefinition& value = c.Source<EnumValueDefinition>();
  switch (c.field().tag) {
    case kEnumName:
      return ResolvedValue::StringView(value.name);
    case kEnumDescription:
      return NullableString(value.description);
    case kEnumIsDeprecated:
      return Deprecation(value.deprecation_reason, false);
    case kEnumDeprecationReason:
      return Deprecation(value.deprecation_reason, true);
  }
  return ResolvedValue::Null();
}

enum DirectiveField : int64_t { kDirectiveName, kDirectiveDescription, kIsRepeatable, kLocations, kDirectiveArgs };

ResolvedValue ResolveDirectiveFields(const ResolverContext& c) {
  const DirectiveDefinition& directive = c.Source<DirectiveDefinition>();
  switch (c.field().tag) {
    case kDirectiveName:
      return ResolvedValue::StringView(directive.name);
    case kDirectiveDescription:
      return NullableString(directive.description);
    case kIsRepeatable:
      return ResolvedValue::Bool(directive.repeatable);
    case kLocations: {
      std::vector<ResolvedValue> items;
      for (DirectiveLocation location : directive.locations) {
        items.push_back(ResolvedValue::StringView(DirectiveLocationName(location)));
      }
      return ResolvedValue::List(std::move(items));
    }
    case kDirectiveArgs:
      return InputValueList(directive.args, IncludeDeprecated(c));
  }
  return ResolvedValue::Null();
}

}  // namespace

ResolvedValue ResolveSchema(const ResolverContext& context) { return ResolvedValue::Object(&context.schema()); }

ResolvedValue ResolveType(const ResolverContext& context) {
  const InputValue* name = context.Arg("name");
  if (name == nullptr || name->kind() != InputValue::Kind::kString) return ResolvedValue::Null();
  const Type* type = context.schema().FindType(name->AsString());
  return type == nullptr ? ResolvedValue::Null() : TypeValue(TypeRef(type));
}

void DeclareTypes(SchemaBuilder& b) {
  b.Object("__Schema",
           "A GraphQL Schema defines the capabilities of a GraphQL server: its types and directives, and the "
           "entry points for query, mutation and subscription operations.")
      .DefaultResolver(ResolveSchemaFields)
      .Field("description", "String")
      .Tag(kSchemaDescription)
      .Field("types", "[__Type!]!")
      .Tag(kTypes)
      .Description("Every type this server supports.")
      .Field("queryType", "__Type!")
      .Tag(kQueryType)
      .Description("The type query operations start from.")
      .Field("mutationType", "__Type")
      .Tag(kMutationType)
      .Description("The type mutation operations start from, if any.")
      .Field("subscriptionType", "__Type")
      .Tag(kSubscriptionType)
      .Description("The type subscription operations start from, if any.")
      .Field("directives", "[__Directive!]!")
      .Tag(kDirectives)
      .Description("Every directive this server supports.");

  b.Object("__Type",
           "Every type of the schema and every list or non-null wrapper around one. The kind tells which fields "
           "apply.")
      .DefaultResolver(ResolveTypeFields)
      .Field("kind", "__TypeKind!")
      .Tag(kKind)
      .Field("name", "String")
      .Tag(kName)
      .Field("description", "String")
      .Tag(kTypeDescription)
      .Field("specifiedByURL", "String")
      .Tag(kSpecifiedByUrl)
      .Field("fields", "[__Field!]")
      .Tag(kFields)
      .Arg("includeDeprecated", "Boolean", DefaultLiteral("false"))
      .Field("interfaces", "[__Type!]")
      .Tag(kInterfaces)
      .Field("possibleTypes", "[__Type!]")
      .Tag(kPossibleTypes)
      .Field("enumValues", "[__EnumValue!]")
      .Tag(kEnumValues)
      .Arg("includeDeprecated", "Boolean", DefaultLiteral("false"))
      .Field("inputFields", "[__InputValue!]")
      .Tag(kInputFields)
      .Arg("includeDeprecated", "Boolean", DefaultLiteral("false"))
      .Field("ofType", "__Type")
      .Tag(kOfType);

  b.Object("__Field", "A field of an object or interface type: its name, arguments and result type.")
      .DefaultResolver(ResolveFieldFields)
      .Field("name", "String!")
      .Tag(kFieldName)
      .Field("description", "String")
      .Tag(kFieldDescription)
      .Field("args", "[__InputValue!]!")
      .Tag(kArgs)
      .Arg("includeDeprecated", "Boolean", DefaultLiteral("false"))
      .Field("type", "__Type!")
      .Tag(kFieldType)
      .Field("isDeprecated", "Boolean!")
      .Tag(kIsDeprecated)
      .Field("deprecationReason", "String")
      .Tag(kDeprecationReason);

  b.Object("__InputValue", "An argument or input object field: its name, type and default value.")
      .DefaultResolver(ResolveInputValueFields)
      .Field("name", "String!")
      .Tag(kInputName)
      .Field("description", "String")
      .Tag(kInputDescription)
      .Field("type", "__Type!")
      .Tag(kInputType)
      .Field("defaultValue", "String")
      .Tag(kDefaultValue)
      .Description("The default value as a GraphQL literal, or null when there is none.")
      .Field("isDeprecated", "Boolean!")
      .Tag(kInputIsDeprecated)
      .Field("deprecationReason", "String")
      .Tag(kInputDeprecationReason);

  b.Object("__EnumValue", "One value of an enum type.")
      .DefaultResolver(ResolveEnumValueFields)
      .Field("name", "String!")
      .Tag(kEnumName)
      .Field("description", "String")
      .Tag(kEnumDescription)
      .Field("isDeprecated", "Boolean!")
      .Tag(kEnumIsDeprecated)
      .Field("deprecationReason", "String")
      .Tag(kEnumDeprecationReason);

  b.Object("__Directive", "A directive: where it may be used and which arguments it takes.")
      .DefaultResolver(ResolveDirectiveFields)
      .Field("name", "String!")
      .Tag(kDirectiveName)
      .Field("description", "String")
      .Tag(kDirectiveDescription)
      .Field("isRepeatable", "Boolean!")
      .Tag(kIsRepeatable)
      .Field("locations", "[__DirectiveLocation!]!")
      .Tag(kLocations)
      .Field("args", "[__InputValue!]!")
      .Tag(kDirectiveArgs)
      .Arg("includeDeprecated", "Boolean", DefaultLiteral("false"));

  EnumTypeBuilder& kind = b.Enum("__TypeKind", "What kind of type a __Type describes.");
  for (const char* name : {"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"}) {
    kind.Value(name);
  }
  EnumTypeBuilder& location = b.Enum("__DirectiveLocation", "A place in a document or schema a directive may appear.");
  for (int i = 0; i <= static_cast<int>(DirectiveLocation::kInputFieldDefinition); ++i) {
    location.Value(std::string(DirectiveLocationName(static_cast<DirectiveLocation>(i))));
  }
}

}  // namespace vingt::protocol::graphql::introspection

// Introspection (spec §4): the __Schema, __Type, __Field, __InputValue,
// __EnumValue, __Directive, __TypeKind and __DirectiveLocation types, and
// the __schema / __type root fields, as ordinary object types with
// resolvers over the Schema's own structures. Running them through the
// same executor keeps one code path for fragments, aliases, @skip and
// errors. SchemaBuilder::Build() adds them to every schema.
#pragma once

#include "protocol/graphql/resolver.h"

namespace vingt::protocol::graphql {

class SchemaBuilder;

namespace introspection {

// Declares the introspection types on `builder`.
void DeclareTypes(SchemaBuilder& builder);

// The __schema and __type meta fields of the query root.
ResolvedValue ResolveSchema(const ResolverContext& context);
ResolvedValue ResolveType(const ResolverContext& context);

}  // namespace introspection
}  // namespace vingt::protocol::graphql

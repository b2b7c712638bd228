// Text renderings that appear inside graphql-js error messages and
// introspection results: print() of value literals and type references,
// printString / printBlockString, and JSON.stringify of a string (used by
// graphql-js's inspect()).
#pragma once

#include <string>
#include <string_view>

#include "protocol/graphql/ast.h"

namespace vingt::protocol::graphql {

// graphql-js print(valueNode): `{a: 1, b: [X, "s"]}`, `$var`, `null`.
void AppendPrintedValue(const ast::Value& value, std::string* out);
std::string PrintValue(const ast::Value& value);

// graphql-js print(typeNode): `[Int!]!`.
std::string PrintTypeNode(const ast::TypeNode& type);

// printString: a GraphQL string literal, with \" \\ \b \t \n \f \r and
// \uXXXX (upper-case hex) for the other C0 and C1 control characters.
void AppendGraphQLString(std::string_view value, std::string* out);

// printBlockString (graphql-js 16): `"""..."""`, multi-line when needed.
void AppendBlockString(std::string_view value, std::string* out);

// `"s"`: a name in double quotes, as messages cite it (no escaping).
std::string Quote(std::string_view s);

// JSON.stringify(string): \" \\ \b \f \n \r \t and \u00xx (lower-case
// hex) for other control characters; everything else verbatim.
void AppendJsString(std::string_view value, std::string* out);

}  // namespace vingt::protocol::graphql

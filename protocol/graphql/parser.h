// Recursive-descent parser for GraphQL executable documents.
//
// Follows graphql-js's parser production by production so that a client
// sees the same "Syntax Error: ..." text and location for the same bad
// query: `Expected Name, found <EOF>.`, `Unexpected "}".`,
// `Expected ":", found Name "b".`. Errors are values, never exceptions.
//
// Two limits guard against hostile input: `max_depth` bounds the nesting
// of selection sets, list and object values and list types (the parser
// recurses on them, so this bounds its stack), and `max_tokens` (off by
// default, as in graphql-js) bounds the work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/graphql/ast.h"

namespace vingt::protocol::graphql {

inline constexpr uint32_t kDefaultMaxParseDepth = 128;

struct ParseOptions {
  uint32_t max_depth = kDefaultMaxParseDepth;
  uint32_t max_tokens = 0;  // 0: no limit
};

struct SyntaxError {
  std::string message;  // "Syntax Error: ..."
  SourceLocation loc;
};

struct ParseResult {
  ast::Document document;
  std::optional<SyntaxError> error;
  bool ok() const { return !error.has_value(); }
};

// Copies `source` into the document, so the caller's buffer may go away.
ParseResult Parse(std::string_view source, const ParseOptions& options = {});

// One constant value literal ("10", "{first: 10}", "[A, B]"), for default
// values given as text. Views in *out point into `source` and `arena`,
// which must outlive it.
std::optional<SyntaxError> ParseConstValue(std::string_view source, StringArena* arena, ast::Value* out);

// One type reference ("[Person!]!"); views point into `source`.
std::optional<SyntaxError> ParseTypeReference(std::string_view source, ast::TypeNode* out);

}  // namespace vingt::protocol::graphql

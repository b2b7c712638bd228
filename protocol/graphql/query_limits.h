// Limits on a GraphQL document's size, checked before it is validated or run.
#pragma once

#include <cstdint>
#include <optional>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/error.h"

namespace vingt::protocol::graphql {

// Twenty's check of a whole document right after parsing, before validation
// (its useValidateGraphqlQueryComplexity hook, on parse): counted over every
// operation of the document, fragments expanded, fields named "__..." and
// all they select left out. Root resolvers are the top-level fields of the
// operations, by name: an alias does not make a second one, and with
// reject_duplicate_root_resolvers the same name twice in a document is an
// error, whatever the aliases. The messages are Twenty's; the errors have
// code BAD_USER_INPUT. Twenty's limits: /graphql 2,000 fields and 20 root
// resolvers; /metadata 2,000 fields, 10 root resolvers and fields nested 10
// deep; duplicates refused on both.
struct DocumentLimits {
  uint32_t max_fields = 0;          // 0: no limit
  uint32_t max_root_resolvers = 0;  // 0: no limit
  uint32_t max_nested_fields = 0;   // 0: no limit; root fields are at depth 1
  bool reject_duplicate_root_resolvers = false;
};

// Linear in the document's size: each fragment is measured once (Twenty
// measures it at every spread), and a fragment cycle, which validation
// reports afterwards, adds nothing.
std::optional<GraphQLError> CheckDocumentLimits(const ast::Document& document, const DocumentLimits& limits);

}  // namespace vingt::protocol::graphql

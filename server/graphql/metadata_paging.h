// nestjs-query's cursor paging of the /metadata connections (objects,
// fields): the `paging` argument read and checked with Twenty's messages.
// The page itself is server/metadata/id_page.h's, as for REST lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/graphql/input_value.h"
#include "storage/uuid.h"

namespace vingt::server::graphql {

struct PageArgs {
  std::optional<int64_t> first, last;
  std::optional<storage::Uuid> after, before;
};

// Fills *out from `paging` (null: the defaults); the error message when the
// combination is not allowed.
std::optional<std::string> ReadPaging(const protocol::graphql::InputValue* paging, PageArgs* out);

}  // namespace vingt::server::graphql

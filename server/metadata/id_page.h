// One page of a metadata list sorted by id (objects, fields, API keys), as
// both metadata APIs select it: REST's limit / starting_after /
// ending_before and GraphQL's nestjs-query paging (first / last / after /
// before) are the same window over the sorted ids.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "storage/uuid.h"

namespace vingt::server::metadata {

struct IdPageRequest {
  bool descending = false;             // the list's order
  std::optional<storage::Uuid> after;  // only ids after this one, in the list's order
  std::optional<storage::Uuid> before; // only ids before it
  std::optional<size_t> first;         // then the first n of what is left
  std::optional<size_t> last;          // or the last n
};

struct IdPage {
  size_t begin = 0, end = 0;  // the slice [begin, end) of the ids
  bool has_previous = false;  // ids before begin
  bool has_next = false;      // ids from end on
};

// `ids` sorted in the request's order.
IdPage SelectIdPage(std::span<const storage::Uuid> ids, const IdPageRequest& request);

}  // namespace vingt::server::metadata

// The query planner: how one shard answers its part of a list (a filter,
// an order, a cursor, a page size), and the explain text that says so.
//
// The rows come from the filter engine (storage/filter_eval.h), counted
// exactly; the page is then taken by one of three strategies, whichever is
// expected to touch fewer rows:
//
//   id-walk       no order but the id: walk the shard's id order from the
//                 cursor, keep selected rows until the page is full.
//                 Expected rows visited: (limit+1) × universe / selected.
//   ordered-walk  first order key on a slot with an ordered path: walk its
//                 distinct values from the cursor in the requested
//                 direction (NULLs first or last), rows of one value in the
//                 remaining order then id. Same expected cost.
//   top-k         any order: every selected row goes through a bounded
//                 heap. Cost: the selected rows.
//
// A selective filter is paged by top-k (few rows), a loose one by a walk
// (the page fills quickly); an order no path serves (a JSON column, a text
// column compared by bytes) always by top-k. Deep cursors cost nothing
// extra: walks start at the cursor, top-k skips rows before it.
//
// REQUIRES: the shard's lock held (shared is enough).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/query.h"
#include "storage/schema.h"
#include "storage/shard.h"

namespace vingt::storage {

struct ShardPage {
  // Up to limit+1 rows, closest to the cursor (or the start) first.
  std::vector<std::pair<Uuid, RowRef>> rows;
  // Rows the filter selects, ignoring cursor and limit.
  uint64_t count = 0;
  // "and(lookup(city eq), prefix(jobTitle startsWith)); id-walk".
  std::string plan;
};

ShardPage ListShard(const Shard& shard, const ListQuery& query, const ObjectSchema& schema);

}  // namespace vingt::storage

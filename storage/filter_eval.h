// The filter engine: which rows of one shard a filter tree selects, found
// through the shard's access paths (storage/index/) wherever an operator
// allows, every other comparison tested on the rows the indexed ones leave.
//
// Per node it chooses, from counts the indexes give for free:
//   lookup    eq / in / neq / is NULL: the entries of those values
//   range     gt / gte / lt / lte on ordered kinds, is NOT NULL: a span of
//             entries, counted from the chunk sums without visiting them
//   prefix    startsWith, like 'abc%': a span of keys, each value checked
//   contains  like '%abc%', endsWith: a byte search over the packed keys,
//             each hit checked
//   values    any other comparison an index can hold (text ranges, regex,
//             like '%'): every distinct value tested once, not every row
//   items     list predicates (containsAny, contains, containsIlike,
//             isEmptyArray) through the string-list item index
//   rows      the comparison tested row by row on the candidates left by
//             the nodes before it (no index can answer it, or the
//             candidates are fewer than the index's rows)
//   and / or / not  sets combined; an and evaluates its cheapest child
//             first and hands the survivors to the next
//
// Rows a write has not yet put into the paths (a shard's pending batch) are
// tested one by one with Eval and added, so every answer covers them.
//
// Semantics are SQL's three-valued logic exactly as storage/query.h's Eval
// defines it: a node's TRUE and FALSE sets are both kept where a NOT needs
// them, and a comparison is neither on a NULL. tests/storage/
// query_engine_test.cpp compares this engine with Eval on random tables.
//
// REQUIRES for everything here: the shard's lock held (shared is enough).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/index/row_set.h"
#include "storage/query.h"
#include "storage/schema.h"
#include "storage/shard.h"

namespace vingt::storage {

// The rows of one shard a filter selects, within its universe: the live
// rows, or every row when soft-deleted ones are included.
struct Selection {
  // No filter: the whole universe.
  bool all = false;
  // One comparison counted through its access path without gathering its
  // rows (a lookup or a range): a row is selected when it is in the
  // universe and Matches(*lazy, row). The rows are gathered only if a page
  // needs them (ForEachSelected).
  const FilterNode* lazy = nullptr;
  // Otherwise the selected ordinals.
  RowSet rows;
  uint64_t count = 0;
  // How the rows were found, for explain: "lookup(city eq)", "and(...)".
  std::string plan;
};

// `names` (may be null) names the slots in the plan.
Selection SelectRows(const Shard& shard, const FilterNode* filter, bool include_deleted, const ObjectSchema* names);

// The universe of a selection.
inline const RowSet& Universe(const Shard& shard, bool include_deleted) {
  return include_deleted ? shard.present() : shard.live();
}

// Turns a lazy selection into a row set when its comparison has few
// values (a lookup): ORing their postings costs little, and testing a
// row's membership is then a bit instead of a row read.
void MaterializeIfCheap(const Shard& shard, Selection* sel, bool include_deleted);

// Is the row at `ord` selected?
bool IsSelected(const Shard& shard, const Selection& sel, bool include_deleted, uint32_t ord);

// Calls fn(ord) for every selected row (in no particular order).
void ForEachSelected(const Shard& shard, const Selection& sel, bool include_deleted,
                     const std::function<void(uint32_t)>& fn);

// fn(ord) for every pending row (storage/shard.h: not in the paths yet) in
// the universe that `filter` selects, tested row by row.
void ForEachPendingMatch(const Shard& shard, const FilterNode& filter, bool include_deleted,
                         const std::function<void(uint32_t)>& fn);

// "name.firstName" for a slot of `schema`; "slot 12" when unknown.
std::string SlotName(const ObjectSchema* schema, uint16_t slot);

}  // namespace vingt::storage

// The one query engine: a filter tree over slots, an order, a cursor and a
// page size. REST's filter string and GraphQL's filter argument are both
// compiled into these types by their front-ends; evaluation lives here only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/twenty_limits.h"
#include "storage/field_type.h"
#include "storage/row.h"
#include "storage/uuid.h"

namespace vingt::storage {

enum class CompareOp : uint8_t {
  kEq,
  kNeq,
  kIn,
  kContainsAny,
  kContainsExactly,
  kIsNull,
  kIsNotNull,
  kGt,
  kGte,
  kLt,
  kLte,
  kStartsWith,
  kEndsWith,
  kLike,
  kILike,
  // Postgres `~` / `~*`: FilterNode::regex matches somewhere in the text.
  kRegex,
  // String lists (ARRAY): `@>` every operand is an item; any item ILIKE any
  // operand (a pattern); the list is NULL or has no item (unlike the other
  // operators this one is true, not unknown, on NULL: vingt stores an empty
  // list as NULL).
  kContainsAll,
  kContainsIlike,
  kIsEmptyArray,
};

class RegexMatcher;  // storage/regex_match.h

// Operands are encoded exactly like the slot they compare with (row.h), so
// evaluation compares bytes of one kind and never parses text.
struct FilterNode {
  enum class Kind : uint8_t { kAll, kAnd, kOr, kNot, kCompare };
  Kind kind = Kind::kAll;
  std::vector<FilterNode> children;  // kAnd, kOr, kNot (one child)
  uint16_t slot = 0;                 // kCompare
  SlotKind slot_kind = SlotKind::kText;
  CompareOp op = CompareOp::kEq;
  std::vector<std::string> operands;
  // kRegex: the pattern of operands[0], compiled once for the whole query.
  std::shared_ptr<const RegexMatcher> regex;

  static FilterNode All() { return FilterNode{}; }
  static FilterNode Compare(uint16_t slot, SlotKind kind, CompareOp op, std::vector<std::string> operands) {
    FilterNode n;
    n.kind = Kind::kCompare;
    n.slot = slot;
    n.slot_kind = kind;
    n.op = op;
    n.operands = std::move(operands);
    return n;
  }
  // True if any comparison in the tree reads `slot` (used for "the filter
  // names deletedAt, so show soft-deleted records").
  bool References(uint16_t slot) const;
};

// SQL's three-valued logic: a comparison with NULL (other than is-null /
// is-not-null) is unknown, NOT unknown stays unknown, and only a true
// result matches. So not(city[eq]:Paris) skips rows whose city is NULL,
// as Postgres does. This row-by-row evaluation is the definition; the
// access paths (storage/filter_eval.h) must agree with it.
enum class Truth : uint8_t { kFalse, kTrue, kUnknown };
Truth Eval(const FilterNode& filter, const Row& row);
bool Matches(const FilterNode& filter, const Row& row);
// True for the operators that read NULL as a value (is NULL, is not NULL,
// isEmptyArray) rather than as unknown.
bool SeesNull(CompareOp op);
// The comparison `leaf` (kind kCompare) on a slot that holds `value` (not
// NULL): what an index checks once per distinct value.
bool CompareValue(const FilterNode& leaf, std::string_view value);

// Three-way comparison of two non-null slot values of one kind.
int CompareSlotBytes(SlotKind kind, std::string_view a, std::string_view b);

struct OrderKey {
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
  bool descending = false;
  bool nulls_first = true;
  // kText only: compare case-insensitively (Twenty orders TEXT and SELECT
  // columns by LOWER(value)); values equal but for case tie, so the id
  // decides between them.
  bool fold_case = false;
};

// A position in an ordering: the record's value for each order key
// (nullopt = NULL), then its id as the final tiebreaker.
struct CursorPosition {
  std::vector<std::optional<std::string>> keys;
  Uuid id;
};

// Orders rows by `order` then id ascending. Returns <0, 0, >0.
int CompareRows(const std::vector<OrderKey>& order, const Row& a, const Uuid& a_id, const Row& b, const Uuid& b_id);
int CompareRowToCursor(const std::vector<OrderKey>& order, const Row& row, const Uuid& row_id,
                       const CursorPosition& cursor);
CursorPosition CursorOf(const std::vector<OrderKey>& order, const Row& row, const Uuid& row_id);

struct ListQuery {
  const FilterNode* filter = nullptr;  // nullptr = every record
  bool include_deleted = false;        // soft-deleted rows are skipped unless set
  std::vector<OrderKey> order;         // empty = id ascending
  std::optional<CursorPosition> after;
  std::optional<CursorPosition> before;
  size_t limit = twenty::kQueryDefaultLimitRecords;
  // Fill ListResult::plan with how the shards answered (tests, --explain).
  bool explain = false;
};

struct ListResult {
  std::vector<RowRef> rows;
  uint64_t total_count = 0;  // matches of the filter, ignoring cursor and limit
  bool has_next_page = false;
  bool has_previous_page = false;
  std::string plan;  // when ListQuery::explain
};

}  // namespace vingt::storage

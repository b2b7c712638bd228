// The `filter` query parameter of Twenty's REST API (spec/rest-core.md §5):
// text to a small tree of and / or / not / leaf, nothing more.
//
// The parser reproduces Twenty's string processing step by step, quirks
// included, because clients depend on which strings parse and which error
// they get back:
//   1. '(' and ')' are counted over the whole string; a difference is an
//      error ("1 close bracket is missing", "2 open brackets are missing").
//   2. A string that does not contain both '(' and ')' is wrapped in
//      "and(...)". A parenthesis inside a value therefore disables the
//      wrapping, and the string is then read as one leaf.
//   3. "and(...)", "or(...)" and "not(...)" are split at commas that sit at
//      parenthesis depth 1 outside "[...]" (each bracket toggles, no
//      nesting), "..." and '...'. `not` must have exactly one item.
//   4. A leaf must look like `path[comparator]:value`; the comparator is one
//      of the fixed list.
//   5. `in` and `containsAny` take "[a,b]" (split at every comma, no
//      escaping); `is` keeps its value verbatim; any other value loses one
//      surrounding pair of quotes.
//   6. vingt only: parentheses nested deeper than kMaxRestFilterDepth are
//      refused before parsing (Twenty's recursion overflows its stack).
//
// Field names and values are not checked here: they need the object's
// metadata (server/records/rest_query does it). Errors are values: the message is
// Twenty's exact text, ready for a 400 body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vingt::protocol {

inline constexpr uint32_t kMaxRestFilterDepth = 128;

enum class RestComparator : uint8_t {
  kEq,
  kNeq,
  kIn,
  kContainsAny,
  kContainsExactly,
  kIs,
  kGt,
  kGte,
  kLt,
  kLte,
  kStartsWith,
  kEndsWith,
  kLike,
  kILike,
};

// Twenty's spelling ("containsAny").
std::string_view RestComparatorName(RestComparator comparator);
std::optional<RestComparator> ParseRestComparator(std::string_view name);
// True for the comparators whose value is a "[...]" list.
inline bool TakesList(RestComparator c) { return c == RestComparator::kIn || c == RestComparator::kContainsAny; }

// One value of a leaf. REST's grammar only has text; GraphQL's filter
// inputs are typed, and keep their number or boolean here so the compiler
// (server/records/rest_query) takes it as is instead of parsing text back.
// `text` is always set: messages quote it.
struct FilterOperand {
  std::string text;              // REST: the value; GraphQL: JavaScript's String() of it
  std::optional<double> number;  // a GraphQL Int or Float
  std::optional<bool> boolean;   // a GraphQL Boolean

  FilterOperand() = default;
  FilterOperand(std::string t) : text(std::move(t)) {}  // NOLINT: text is the common case
  static FilterOperand Number(double value, std::string text) {
    FilterOperand o(std::move(text));
    o.number = value;
    return o;
  }
  static FilterOperand Boolean(bool value) {
    FilterOperand o(value ? "true" : "false");
    o.boolean = value;
    return o;
  }
};

struct RestFilterNode {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kLeaf };
  Kind kind = Kind::kLeaf;
  std::vector<RestFilterNode> children;  // kAnd / kOr: the items; kNot: exactly one

  // kLeaf. `path` is the text before the first '[' split at '.', empty
  // names kept ("a..b" -> {"a","","b"}). `values` holds one operand, or the
  // items of a list for TakesList(comparator).
  std::vector<std::string> path;
  RestComparator comparator = RestComparator::kEq;
  std::vector<FilterOperand> values;
};

struct RestFilterParse {
  RestFilterNode root;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

RestFilterParse ParseRestFilter(std::string_view text);

// The items of a "[a,'b',\"c\"]" value as `in` reads them: split at every
// comma, each item unquoted. REQUIRES: `bracketed` starts with '[' and ends
// with ']'.
std::vector<std::string> SplitRestFilterArray(std::string_view bracketed);

// The tree as the filter object Twenty builds from it, e.g.
// {"and":[{"name":{"firstName":{"ilike":"%ada%"}}}]}: handy in tests and logs.
std::string RestFilterToJson(const RestFilterNode& node);

}  // namespace vingt::protocol

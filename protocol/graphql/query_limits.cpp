#include "protocol/graphql/query_limits.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace vingt::protocol::graphql {
namespace {

// Past this many nested fragment spreads the measure gives up and reports
// an unbounded cost, which fails any limit; it also bounds the recursion.
constexpr int kMaxNesting = 2000;
constexpr uint64_t kUnbounded = UINT64_MAX / 4;

uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return std::min(kUnbounded, a + b); }

class Measurer {
 public:
  explicit Measurer(const ast::Document& document) : document_(document) {}

  QueryCost Measure(const ast::SelectionSet& set, int nesting) {
    if (nesting > kMaxNesting) return {kUnbounded, kUnbounded};
    QueryCost cost;
    for (const ast::Selection& selection : set.selections) {
      QueryCost part;
      if (const ast::Field* field = selection.field()) {
        part.fields = 1;
        part.depth = 1;
        if (field->has_selection_set) {
          QueryCost below = Measure(field->selection_set, nesting + 1);
          part.fields = SaturatingAdd(part.fields, below.fields);
          part.depth = SaturatingAdd(part.depth, below.depth);
        }
      } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
        part = Measure(inline_fragment->selection_set, nesting + 1);
      } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
        part = MeasureFragment(spread->name.value, nesting + 1);
      }
      cost.fields = SaturatingAdd(cost.fields, part.fields);
      cost.depth = std::max(cost.depth, part.depth);
    }
    return cost;
  }

 private:
  QueryCost MeasureFragment(std::string_view name, int nesting) {
    auto it = memo_.find(name);
    if (it != memo_.end()) return it->second;
    const ast::FragmentDefinition* fragment = document_.FindFragment(name);
    if (fragment == nullptr) return {};
    memo_[name] = {kUnbounded, kUnbounded};  // a cycle, should one slip through, counts as unbounded
    QueryCost cost = Measure(fragment->selection_set, nesting);
    memo_[name] = cost;
    return cost;
  }

  const ast::Document& document_;
  std::unordered_map<std::string_view, QueryCost> memo_;
};

}  // namespace

QueryCost MeasureOperation(const ast::Document& document, const ast::OperationDefinition& operation) {
  Measurer measurer(document);
  return measurer.Measure(operation.selection_set, 0);
}

std::optional<GraphQLError> CheckQueryLimits(const ast::Document& document, const ast::OperationDefinition& operation,
                                             const QueryLimits& limits) {
  if (limits.max_depth == 0 && limits.max_fields == 0) return std::nullopt;
  const QueryCost cost = MeasureOperation(document, operation);
  auto shown = [](uint64_t n) { return n >= kUnbounded ? std::string("too many") : std::to_string(n); };
  GraphQLError error;
  if (limits.max_depth != 0 && cost.depth > limits.max_depth) {
    error.message =
        "Query depth is " + shown(cost.depth) + ", more than the limit of " + std::to_string(limits.max_depth) + ".";
  } else if (limits.max_fields != 0 && cost.fields > limits.max_fields) {
    error.message = "Query selects " + shown(cost.fields) + " fields, more than the limit of " +
                    std::to_string(limits.max_fields) + ".";
  } else {
    return std::nullopt;
  }
  error.locations.push_back(operation.loc);
  return error;
}

}  // namespace vingt::protocol::graphql

#include "protocol/graphql/query_limits.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace vingt::protocol::graphql {
namespace {

// Past this many nested fragment spreads the analysis gives up and reports
// an unbounded cost, which fails any limit; it also bounds the recursion.
constexpr int kMaxNesting = 2000;
constexpr uint64_t kUnbounded = UINT64_MAX / 4;

uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return std::min(kUnbounded, a + b); }

// What Twenty's analysis knows of a selection set: fields counted, deepest
// field, and the names of the fields at its top level, in order.
struct Analysis {
  uint64_t fields = 0;
  uint64_t depth = 0;
  std::vector<std::string_view> root_names;
};

class DocumentAnalyzer {
 public:
  explicit DocumentAnalyzer(const ast::Document& document) : document_(document) {}

  Analysis Analyze(const ast::SelectionSet& set, uint64_t depth, int nesting) {
    Analysis out;
    out.depth = depth;
    if (nesting > kMaxNesting) {
      out.fields = out.depth = kUnbounded;
      return out;
    }
    for (const ast::Selection& selection : set.selections) {
      if (const ast::Field* field = selection.field()) {
        if (field->name.value.starts_with("__")) continue;
        out.fields = SaturatingAdd(out.fields, 1);
        const uint64_t field_depth = depth + 1;
        out.depth = std::max(out.depth, field_depth);
        if (depth == 0) out.root_names.push_back(field->name.value);
        if (field->has_selection_set) {
          Analysis below = Analyze(field->selection_set, field_depth, nesting + 1);
          out.fields = SaturatingAdd(out.fields, below.fields);
          out.depth = std::max(out.depth, below.depth);
        }
      } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
        Analysis below = Analyze(inline_fragment->selection_set, depth, nesting + 1);
        out.fields = SaturatingAdd(out.fields, below.fields);
        out.depth = std::max(out.depth, below.depth);
        out.root_names.insert(out.root_names.end(), below.root_names.begin(), below.root_names.end());
      } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
        const Analysis* fragment = Fragment(spread->name.value, nesting + 1);
        if (fragment == nullptr) continue;
        out.fields = SaturatingAdd(out.fields, fragment->fields);
        out.depth = std::max(out.depth, SaturatingAdd(depth, fragment->depth));
        if (depth == 0) out.root_names.insert(out.root_names.end(), fragment->root_names.begin(), fragment->root_names.end());
      }
    }
    return out;
  }

 private:
  // A fragment measured from its own top (depth 0), its root names once
  // each (Twenty keeps them in a Set). Null for an unknown fragment.
  const Analysis* Fragment(std::string_view name, int nesting) {
    if (auto it = memo_.find(name); it != memo_.end()) return &it->second;
    const ast::FragmentDefinition* fragment = document_.FindFragment(name);
    if (fragment == nullptr) return nullptr;
    memo_[name] = Analysis{};  // while it is measured: a cycle adds nothing
    Analysis analysis = Analyze(fragment->selection_set, 0, nesting);
    std::vector<std::string_view> unique;
    for (std::string_view n : analysis.root_names)
      if (std::find(unique.begin(), unique.end(), n) == unique.end()) unique.push_back(n);
    analysis.root_names = std::move(unique);
    Analysis& stored = memo_[name];
    stored = std::move(analysis);
    return &stored;
  }

  const ast::Document& document_;
  std::unordered_map<std::string_view, Analysis> memo_;
};

GraphQLError BadUserInput(std::string message, std::string_view user_friendly) {
  GraphQLError error;
  error.message = std::move(message);
  error.code = std::string(error_code::kBadUserInput);
  if (!user_friendly.empty()) error.extensions = {{"userFriendlyMessage", "\"" + std::string(user_friendly) + "\""}};
  return error;
}

}  // namespace

std::optional<GraphQLError> CheckDocumentLimits(const ast::Document& document, const DocumentLimits& limits) {
  DocumentAnalyzer analyzer(document);
  uint64_t fields = 0, depth = 0, root_resolvers = 0;
  std::vector<std::string_view> seen;
  for (const ast::Definition& definition : document.definitions()) {
    const ast::OperationDefinition* operation = definition.operation();
    if (operation == nullptr) continue;
    Analysis analysis = analyzer.Analyze(operation->selection_set, 0, 0);
    fields = SaturatingAdd(fields, analysis.fields);
    depth = std::max(depth, analysis.depth);
    for (std::string_view name : analysis.root_names) {
      ++root_resolvers;
      if (limits.reject_duplicate_root_resolvers && std::find(seen.begin(), seen.end(), name) != seen.end()) {
        return BadUserInput("Duplicate root resolver: \"" + std::string(name) + "\"",
                            "Duplicate root resolver found. Each root resolver can only be called once per document.");
      }
      seen.push_back(name);
    }
  }
  auto shown = [](uint64_t n) { return n >= kUnbounded ? std::string("Infinity") : std::to_string(n); };
  if (limits.max_nested_fields != 0 && depth > limits.max_nested_fields) {
    return BadUserInput("Query too complex - Too many nested fields requested: " + shown(depth) +
                            " - Maximum allowed nested fields: " + std::to_string(limits.max_nested_fields),
                        "");
  }
  if (limits.max_fields != 0 && fields > limits.max_fields) {
    return BadUserInput("Query too complex - Too many fields requested: " + shown(fields) +
                            " - Maximum allowed fields: " + std::to_string(limits.max_fields),
                        "The request is too complex to process. Please try reducing the amount of requested fields.");
  }
  if (limits.max_root_resolvers != 0 && root_resolvers > limits.max_root_resolvers) {
    return BadUserInput("Query too complex - Too many root resolvers requested: " + std::to_string(root_resolvers) +
                            " - Maximum allowed root resolvers: " + std::to_string(limits.max_root_resolvers),
                        "The request is too complex to process. Please try reducing the amount of requested root "
                        "resolvers.");
  }
  return std::nullopt;
}

}  // namespace vingt::protocol::graphql

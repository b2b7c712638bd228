// Fuzz target: the REST `filter` and `order_by` parsers
// (protocol/rest_filter.h, protocol/rest_order_by.h), which read raw query
// text from any client.
//
// Properties: parsing ends (nesting is bounded before any recursion); an
// accepted filter is a well-formed tree (a NOT has one child, AND and OR
// have children, a leaf has a path and values) whose JSON form is valid
// JSON; an accepted order_by's JSON form is valid JSON.
#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "tests/fuzz/fuzz_check.h"

using namespace vingt::protocol;

namespace {

void CheckTree(const RestFilterNode& node, int depth) {
  FUZZ_CHECK(depth <= 1000, "filter tree deeper than 1000");
  switch (node.kind) {
    case RestFilterNode::Kind::kNot:
      FUZZ_CHECK(node.children.size() == 1, "NOT with " + std::to_string(node.children.size()) + " children");
      break;
    case RestFilterNode::Kind::kAnd:
    case RestFilterNode::Kind::kOr:
      break;
    case RestFilterNode::Kind::kLeaf:
      FUZZ_CHECK(!node.path.empty(), "leaf without a path");
      FUZZ_CHECK(node.children.empty(), "leaf with children");
      if (!TakesList(node.comparator)) FUZZ_CHECK(node.values.size() == 1, "scalar leaf with a list");
      break;
  }
  for (const RestFilterNode& child : node.children) CheckTree(child, depth + 1);
}

void CheckJson(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element ignored;
  FUZZ_CHECK(parser.parse(json).get(ignored) == simdjson::SUCCESS, "invalid JSON: " + json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  RestFilterParse filter = ParseRestFilter(text);
  if (filter.ok()) {
    CheckTree(filter.root, 0);
    CheckJson(RestFilterToJson(filter.root));
  } else {
    FUZZ_CHECK(!filter.error.empty(), "error without a message");
  }

  RestOrderByParse order = ParseRestOrderBy(text);
  if (order.ok()) CheckJson(RestOrderByToJson(order.items));
  return 0;
}

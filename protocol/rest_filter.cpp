#include "protocol/rest_filter.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "protocol/json_write.h"

namespace vingt::protocol {
namespace {

// Spec order (rest-core.md §5.2): the error message lists them like this.
constexpr std::array<std::pair<RestComparator, std::string_view>, 14> kComparators = {{
    {RestComparator::kEq, "eq"},
    {RestComparator::kNeq, "neq"},
    {RestComparator::kIn, "in"},
    {RestComparator::kContainsAny, "containsAny"},
    {RestComparator::kContainsExactly, "containsExactly"},
    {RestComparator::kIs, "is"},
    {RestComparator::kGt, "gt"},
    {RestComparator::kGte, "gte"},
    {RestComparator::kLt, "lt"},
    {RestComparator::kLte, "lte"},
    {RestComparator::kStartsWith, "startsWith"},
    {RestComparator::kEndsWith, "endsWith"},
    {RestComparator::kLike, "like"},
    {RestComparator::kILike, "ilike"},
}};

// Twenty matches with JavaScript regular expressions whose '.' stops at line
// terminators: \n, \r, U+2028 and U+2029 (UTF-8 E2 80 A8 / E2 80 A9).
bool HasLineTerminator(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') return true;
    if (static_cast<unsigned char>(s[i]) == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9))
      return true;
  }
  return false;
}

// /^(or|and|not)\((.+)\)$/
std::optional<RestFilterNode::Kind> MatchConjunction(std::string_view s) {
  if (HasLineTerminator(s) || s.empty() || s.back() != ')') return std::nullopt;
  static constexpr std::pair<std::string_view, RestFilterNode::Kind> kConjunctions[] = {
      {"or", RestFilterNode::Kind::kOr}, {"and", RestFilterNode::Kind::kAnd}, {"not", RestFilterNode::Kind::kNot}};
  for (const auto& [name, kind] : kConjunctions) {
    if (s.size() >= name.size() + 3 && s.substr(0, name.size()) == name && s[name.size()] == '(') return kind;
  }
  return std::nullopt;
}

// /^(.+)\[(.+)\]:(.+)$/: some '[' after the first byte, then at least one
// byte, then "]:" followed by at least one byte.
bool MatchesLeafPattern(std::string_view s) {
  if (HasLineTerminator(s)) return false;
  size_t open = s.find('[', 1);
  if (open == std::string_view::npos || s.size() < 3) return false;
  size_t close = s.rfind("]:", s.size() - 3);
  return close != std::string_view::npos && close >= open + 2;
}

// The items of "conj(a,b,...)", split as Twenty's parseFilterContent does:
// characters are kept only at parenthesis depth >= 1, and a comma splits at
// depth 1 outside brackets and quotes. Brackets and quotes toggle; they do
// not nest.
std::vector<std::string> SplitConjunctionItems(std::string_view s) {
  std::vector<std::string> items;
  std::string current;
  bool in_brackets = false, in_double = false, in_single = false;
  int depth = 0;
  for (char c : s) {
    bool keep = depth >= 1;
    if (c == '(') ++depth;
    if (c == ')') {
      --depth;
      keep = depth >= 1;
    }
    if (c == '[' || c == ']') in_brackets = !in_brackets;
    if (c == '"') in_double = !in_double;
    if (c == '\'') in_single = !in_single;
    if (c == ',' && depth == 1 && !in_brackets && !in_double && !in_single) {
      items.push_back(std::move(current));
      current.clear();
      keep = false;
    }
    if (keep) current.push_back(c);
  }
  items.push_back(std::move(current));
  return items;
}

// One surrounding pair of quotes (either kind, need not match) goes. A lone
// quote stays: JavaScript's substring(1, 0) swaps its bounds.
std::string StripQuotes(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && (v.back() == '"' || v.back() == '\''))
    return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

std::vector<std::string> SplitPath(std::string_view fields) {
  std::vector<std::string> path;
  size_t start = 0;
  while (true) {
    size_t dot = fields.find('.', start);
    path.emplace_back(fields.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

bool ParseLeaf(std::string_view s, RestFilterNode* out, std::string* error) {
  if (!MatchesLeafPattern(s)) {
    *error = "'filter' invalid for '" + std::string(s) + "'. eg: price[gte]:10";
    return false;
  }
  // Twenty's character loop, flag for flag: the field path runs to the first
  // '[', the comparator to the next ']', the value from the first ':' seen
  // outside the comparator.
  std::string fields, comparator, value;
  bool fill_fields = true, fill_comparator = false, fill_value = false;
  for (char c : s) {
    if (fill_value) value.push_back(c);
    if (c == ']' && !fill_value) fill_comparator = false;
    if (c == ':' && !fill_comparator) fill_value = true;
    if (fill_comparator) comparator.push_back(c);
    if (c == '[' && fill_fields) {
      fill_fields = false;
      fill_comparator = true;
    }
    if (fill_fields) fields.push_back(c);
  }
  std::optional<RestComparator> parsed = ParseRestComparator(comparator);
  if (!parsed) {
    std::string list;
    for (const auto& [c, name] : kComparators) {
      if (!list.empty()) list += ", ";
      list += name;
    }
    *error = "'filter' invalid for '" + std::string(s) + "', comparator " + comparator + " not in " + list;
    return false;
  }
  out->kind = RestFilterNode::Kind::kLeaf;
  out->path = SplitPath(fields);
  out->comparator = *parsed;
  out->values.clear();
  if (TakesList(*parsed)) {
    if (value.empty() || value.front() != '[' || value.back() != ']') {
      std::string name(RestComparatorName(*parsed));
      *error = "'filter' invalid for '" + name + "' operator. Received '" + value +
               "' but array value expected eg: 'field[" + name + "]:[value_1,value_2]'";
      return false;
    }
    for (std::string& item : SplitRestFilterArray(value)) out->values.emplace_back(std::move(item));
  } else if (*parsed == RestComparator::kIs) {
    out->values.push_back(std::move(value));
  } else {
    out->values.push_back(StripQuotes(value));
  }
  return true;
}

bool ParseNode(std::string_view s, RestFilterNode* out, std::string* error) {
  std::optional<RestFilterNode::Kind> conjunction = MatchConjunction(s);
  if (!conjunction) return ParseLeaf(s, out, error);
  out->kind = *conjunction;
  for (const std::string& item : SplitConjunctionItems(s)) {
    out->children.emplace_back();
    if (!ParseNode(item, &out->children.back(), error)) return false;
  }
  // Twenty parses every item before it counts them.
  if (*conjunction == RestFilterNode::Kind::kNot && out->children.size() > 1) {
    *error = "'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)";
    return false;
  }
  return true;
}

// A typed operand as its JSON value, text as a string.
void AppendOperand(const FilterOperand& operand, std::string* out) {
  if (operand.number || operand.boolean)
    *out += operand.text;  // JavaScript's String() of a number or boolean is its JSON
  else
    AppendJsonStringified(operand.text, out);
}

void AppendJson(const RestFilterNode& n, std::string* out) {
  switch (n.kind) {
    case RestFilterNode::Kind::kAnd:
    case RestFilterNode::Kind::kOr:
      *out += n.kind == RestFilterNode::Kind::kAnd ? "{\"and\":[" : "{\"or\":[";
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) out->push_back(',');
        AppendJson(n.children[i], out);
      }
      *out += "]}";
      return;
    case RestFilterNode::Kind::kNot:
      *out += "{\"not\":";
      if (!n.children.empty()) AppendJson(n.children[0], out);
      out->push_back('}');
      return;
    case RestFilterNode::Kind::kLeaf:
      for (const auto& name : n.path) {
        out->push_back('{');
        AppendJsonStringified(name, out);
        out->push_back(':');
      }
      out->push_back('{');
      AppendJsonStringified(RestComparatorName(n.comparator), out);
      out->push_back(':');
      if (TakesList(n.comparator)) {
        out->push_back('[');
        for (size_t i = 0; i < n.values.size(); ++i) {
          if (i) out->push_back(',');
          AppendOperand(n.values[i], out);
        }
        out->push_back(']');
      } else {
        AppendOperand(n.values.empty() ? FilterOperand() : n.values[0], out);
      }
      out->push_back('}');
      for (size_t i = 0; i < n.path.size(); ++i) out->push_back('}');
      return;
  }
}

}  // namespace

std::string_view RestComparatorName(RestComparator comparator) {
  for (const auto& [c, name] : kComparators)
    if (c == comparator) return name;
  return "eq";
}

std::optional<RestComparator> ParseRestComparator(std::string_view name) {
  for (const auto& [c, n] : kComparators)
    if (n == name) return c;
  return std::nullopt;
}

RestFilterParse ParseRestFilter(std::string_view text) {
  RestFilterParse result;
  long open = 0, close = 0, depth = 0, max_depth = 0;
  for (char c : text) {
    open += c == '(';
    close += c == ')';
    depth += (c == '(') - (c == ')');
    max_depth = std::max(max_depth, depth);
  }
  if (long diff = open - close; diff != 0) {
    long n = std::labs(diff);
    std::string hint = std::to_string(n) + (diff > 0 ? " close bracket" : " open bracket") + (n > 1 ? "s are" : " is");
    result.error = "'filter' invalid. " + hint + " missing in the query";
    return result;
  }
  // Twenty has no limit (its recursion ends in a stack overflow, a 500);
  // each level here costs a pass over the text, so the bound also keeps
  // parsing linear.
  if (max_depth > static_cast<long>(kMaxRestFilterDepth)) {
    result.error = "'filter' invalid. Parentheses are nested more than " + std::to_string(kMaxRestFilterDepth) +
                   " levels deep";
    return result;
  }
  std::string wrapped;
  if (text.find('(') == std::string_view::npos || text.find(')') == std::string_view::npos) {
    wrapped = "and(" + std::string(text) + ")";
    text = wrapped;
  }
  if (!ParseNode(text, &result.root, &result.error)) result.root = RestFilterNode();
  return result;
}

std::vector<std::string> SplitRestFilterArray(std::string_view bracketed) {
  std::vector<std::string> items;
  std::string_view inner = bracketed.substr(1, bracketed.size() >= 2 ? bracketed.size() - 2 : 0);
  size_t start = 0;
  while (true) {
    size_t comma = inner.find(',', start);
    items.push_back(
        StripQuotes(inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

std::string RestFilterToJson(const RestFilterNode& node) {
  std::string out;
  AppendJson(node, &out);
  return out;
}

}  // namespace vingt::protocol

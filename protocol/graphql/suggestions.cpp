#include "protocol/graphql/suggestions.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "common/utf8.h"
#include "protocol/graphql/lexer.h"
#include "protocol/graphql/printer.h"

namespace vingt::protocol::graphql {
namespace {

std::vector<uint32_t> LowerCodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    uint32_t cp = utf8::Decode(s, i, &len);
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Damerau-Levenshtein distance between the lower-cased strings, or nullopt
// once it must exceed `threshold`; 0 for equal strings, 1 for strings that
// differ only in case.
std::optional<size_t> LexicalDistance(std::string_view input, const std::vector<uint32_t>& input_lower,
                                      std::string_view option, size_t threshold) {
  if (input == option) return 0;
  std::vector<uint32_t> a = LowerCodePoints(option);
  if (a == input_lower) return 1;
  const std::vector<uint32_t>* pa = &a;
  const std::vector<uint32_t>* pb = &input_lower;
  if (pa->size() < pb->size()) std::swap(pa, pb);
  const size_t a_len = pa->size();
  const size_t b_len = pb->size();
  if (a_len - b_len > threshold) return std::nullopt;
  std::array<std::vector<size_t>, 3> rows;
  for (auto& row : rows) row.assign(b_len + 1, 0);
  for (size_t j = 0; j <= b_len; ++j) rows[0][j] = j;
  for (size_t i = 1; i <= a_len; ++i) {
    std::vector<size_t>& up = rows[(i - 1) % 3];
    std::vector<size_t>& current = rows[i % 3];
    size_t smallest = current[0] = i;
    for (size_t j = 1; j <= b_len; ++j) {
      const size_t cost = (*pa)[i - 1] == (*pb)[j - 1] ? 0 : 1;
      size_t cell = std::min({up[j] + 1, current[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && (*pa)[i - 1] == (*pb)[j - 2] && (*pa)[i - 2] == (*pb)[j - 1]) {
        cell = std::min(cell, rows[(i - 2) % 3][j - 2] + 1);
      }
      smallest = std::min(smallest, cell);
      current[j] = cell;
    }
    if (smallest > threshold) return std::nullopt;
  }
  const size_t distance = rows[a_len % 3][b_len];
  if (distance <= threshold) return distance;
  return std::nullopt;
}

bool IsDigit(int c) { return c >= '0' && c <= '9'; }

}  // namespace

int NaturalCompare(std::string_view a, std::string_view b) {
  size_t ai = 0, bi = 0;
  auto at = [](std::string_view s, size_t i) -> int { return i < s.size() ? static_cast<unsigned char>(s[i]) : -1; };
  while (ai < a.size() && bi < b.size()) {
    int ac = at(a, ai), bc = at(b, bi);
    if (IsDigit(ac) && IsDigit(bc)) {
      double an = 0, bn = 0;
      do {
        ++ai;
        an = an * 10 + (ac - '0');
        ac = at(a, ai);
      } while (IsDigit(ac) && an > 0);
      do {
        ++bi;
        bn = bn * 10 + (bc - '0');
        bc = at(b, bi);
      } while (IsDigit(bc) && bn > 0);
      if (an < bn) return -1;
      if (an > bn) return 1;
    } else {
      if (ac < bc) return -1;
      if (ac > bc) return 1;
      ++ai;
      ++bi;
    }
  }
  if (a.size() < b.size()) return -1;
  if (a.size() > b.size()) return 1;
  return 0;
}

std::vector<std::string_view> SuggestionList(std::string_view input, const std::vector<std::string_view>& options) {
  const std::vector<uint32_t> input_lower = LowerCodePoints(input);
  const size_t threshold = input_lower.size() * 4 / 10 + 1;
  std::vector<std::pair<size_t, std::string_view>> found;
  for (std::string_view option : options) {
    bool duplicate = false;
    for (const auto& [d, seen] : found) duplicate = duplicate || seen == option;
    if (duplicate) continue;
    if (auto distance = LexicalDistance(input, input_lower, option, threshold)) found.emplace_back(*distance, option);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return NaturalCompare(x.second, y.second) < 0;
  });
  std::vector<std::string_view> out;
  out.reserve(found.size());
  for (const auto& [distance, option] : found) out.push_back(option);
  return out;
}

std::string DidYouMean(std::string_view sub_message, const std::vector<std::string_view>& suggestions) {
  if (suggestions.empty()) return "";
  std::string message = " Did you mean ";
  if (!sub_message.empty()) {
    message += sub_message;
    message += ' ';
  }
  if (suggestions.size() == 1) return message + Quote(suggestions[0]) + "?";
  if (suggestions.size() == 2) return message + Quote(suggestions[0]) + " or " + Quote(suggestions[1]) + "?";
  const size_t shown = std::min<size_t>(5, suggestions.size());
  for (size_t i = 0; i + 1 < shown; ++i) {
    message += Quote(suggestions[i]);
    message += ", ";
  }
  return message + "or " + Quote(suggestions[shown - 1]) + "?";
}

}  // namespace vingt::protocol::graphql

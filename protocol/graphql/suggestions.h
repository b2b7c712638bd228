// "Did you mean ...?" as graphql-js writes it: the candidates within a
// lexical distance of the input (Damerau-Levenshtein, threshold 40% of the
// input length + 1, a case-only difference counting 1), closest first and
// then in natural order ("a2" before "a10"), at most five quoted names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vingt::protocol::graphql {

std::vector<std::string_view> SuggestionList(std::string_view input, const std::vector<std::string_view>& options);

// " Did you mean \"a\", \"b\", or \"c\"?" (with `sub_message` inserted
// after "mean" when not empty); "" when there are no suggestions.
std::string DidYouMean(std::string_view sub_message, const std::vector<std::string_view>& suggestions);
inline std::string DidYouMean(const std::vector<std::string_view>& suggestions) { return DidYouMean("", suggestions); }

// graphql-js's naturalCompare: digit runs compare as numbers.
int NaturalCompare(std::string_view a, std::string_view b);

}  // namespace vingt::protocol::graphql

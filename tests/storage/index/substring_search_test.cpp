// FindSubstring against std::string_view::find on random haystacks over a
// small alphabet (many partial matches), needles of every length, and
// matches at both ends.
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "storage/index/substring_search.h"

using vingt::storage::FindSubstring;

BOOST_AUTO_TEST_SUITE(substring_search)

BOOST_AUTO_TEST_CASE(finds_what_find_finds) {
  std::mt19937 rng(3);
  for (int round = 0; round < 3000; ++round) {
    std::string hay(rng() % 200, 'a');
    for (auto& c : hay) c = "abc\0\xC3"[rng() % 5];
    std::string needle(rng() % 12, 'a');
    for (auto& c : needle) c = "abc\0\xC3"[rng() % 5];
    if (rng() % 3 == 0 && hay.size() >= needle.size()) {
      // Plant it at the start, the end, or anywhere.
      size_t at = rng() % 3 == 0 ? 0 : (rng() % 2 ? hay.size() - needle.size() : rng() % (hay.size() - needle.size() + 1));
      hay.replace(at, needle.size(), needle);
    }
    BOOST_TEST_REQUIRE(FindSubstring(hay, needle) == std::string_view(hay).find(needle),
                       "needle of " << needle.size() << " in " << hay.size());
  }
}

BOOST_AUTO_TEST_SUITE_END()

// SelectIdPage (binary search) against a brute force over the same ids:
// the cursors applied one id at a time, then the first or last n.
#include "server/metadata/id_page.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <random>
#include <vector>

using namespace vingt;
using namespace vingt::server::metadata;

namespace {

IdPage BruteForce(const std::vector<storage::Uuid>& ids, const IdPageRequest& r) {
  auto before_in_order = [&](const storage::Uuid& a, const storage::Uuid& b) { return r.descending ? b < a : a < b; };
  // The ids the cursors leave are [lo, hi): count, one id at a time, those
  // they cut off at each end.
  size_t lo = 0, hi = ids.size();
  for (const auto& id : ids) {
    if (r.after && !before_in_order(*r.after, id)) ++lo;
    if (r.before && !before_in_order(id, *r.before)) --hi;
  }
  hi = std::max(lo, hi);
  if (r.first && hi - lo > *r.first) hi = lo + *r.first;
  else if (!r.first && r.last && hi - lo > *r.last) lo = hi - *r.last;
  return IdPage{lo, hi, lo > 0, hi < ids.size()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_page)

BOOST_AUTO_TEST_CASE(a_page_is_the_brute_force_window) {
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::vector<storage::Uuid> ids(random() % 12);
    for (auto& id : ids) id = storage::Uuid::Random();
    IdPageRequest r;
    r.descending = random() % 2;
    std::sort(ids.begin(), ids.end(), [&](const auto& a, const auto& b) { return r.descending ? b < a : a < b; });
    // Cursors: an id of the list or a fresh one, after or before, not both.
    auto cursor = [&] { return !ids.empty() && random() % 3 ? ids[random() % ids.size()] : storage::Uuid::Random(); };
    switch (random() % 3) {
      case 0: r.after = cursor(); break;
      case 1: r.before = cursor(); break;
      default: break;
    }
    if (random() % 2) r.first = random() % 6;
    else if (random() % 2) r.last = random() % 6;
    const IdPage fast = SelectIdPage(ids, r);
    const IdPage slow = BruteForce(ids, r);
    BOOST_TEST(fast.begin == slow.begin);
    BOOST_TEST(fast.end == slow.end);
    BOOST_TEST(fast.has_previous == slow.has_previous);
    BOOST_TEST(fast.has_next == slow.has_next);
  }
}

BOOST_AUTO_TEST_SUITE_END()

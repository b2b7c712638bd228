#include "common/histogram.h"

#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

using namespace vingt;

BOOST_AUTO_TEST_SUITE(histogram)

// Prometheus' buckets are "less than or equal": a value on a bound counts
// in that bound's bucket; above the last bound only in +Inf.
BOOST_AUTO_TEST_CASE(buckets_are_cumulative_and_bounds_inclusive) {
  Histogram h({0.001, 0.01, 0.1});
  for (double v : {0.0005, 0.001, 0.002, 0.01, 0.5, 2.0}) h.Observe(v);
  Histogram::Reading r = h.Read();
  BOOST_TEST(r.cumulative == (std::vector<uint64_t>{2, 4, 4, 6}), boost::test_tools::per_element());
  BOOST_TEST(r.sum == 0.0005 + 0.001 + 0.002 + 0.01 + 0.5 + 2.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(h.bounds().size() == 3u);
}

BOOST_AUTO_TEST_CASE(observations_from_many_threads_all_count) {
  Histogram h({1, 10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) h.Observe(i % 3 == 0 ? 0.5 : 20);
    });
  for (auto& t : threads) t.join();
  Histogram::Reading r = h.Read();
  BOOST_TEST(r.cumulative.back() == 40000u);
  BOOST_TEST(r.cumulative[0] == 4u * 3334u);
  BOOST_TEST(r.sum == 4 * (3334 * 0.5 + 6666 * 20.0), boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()

// Posting and RowSet against std::set: random inserts and erases that push
// a posting across the sparse/dense border both ways.
#include <random>
#include <set>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/index/posting.h"
#include "storage/index/row_set.h"

using namespace vingt::storage;

BOOST_AUTO_TEST_SUITE(posting)

BOOST_AUTO_TEST_CASE(matches_a_set_across_dense_and_sparse) {
  std::mt19937 rng(5);
  Posting p;
  std::set<uint32_t> model;
  RowSet probe(5000);
  for (uint32_t i = 0; i < 5000; i += 3) probe.Set(i);
  auto check = [&] {
    BOOST_TEST_REQUIRE(p.size() == model.size());
    std::vector<uint32_t> got;
    p.ForEach([&](uint32_t ord) { got.push_back(ord); });
    BOOST_TEST_REQUIRE((got == std::vector<uint32_t>(model.begin(), model.end())));
    RowSet out;
    p.OrInto(&out);
    BOOST_TEST(out.Count() == model.size());
    uint64_t and_count = 0;
    for (uint32_t ord : model) and_count += ord % 3 == 0;
    BOOST_TEST(p.CountAnd(probe) == and_count);
    if (!model.empty()) BOOST_TEST(model.count(p.Any()) == 1u);
  };
  // Grow to dense (most of 0..4000), then thin out to sparse again.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 6000; ++i) {
      uint32_t ord = rng() % 4000;
      if (model.insert(ord).second) p.Insert(ord);
      if (i % 1000 == 0) check();
    }
    check();
    while (model.size() > 10) {
      uint32_t ord = *std::next(model.begin(), static_cast<long>(rng() % model.size()));
      model.erase(ord);
      p.Erase(ord);
      BOOST_TEST_REQUIRE(!p.Contains(ord));
      if (model.size() % 500 == 0) check();
    }
    check();
  }
  Posting built = Posting::FromSorted(std::vector<uint32_t>(model.begin(), model.end()));
  BOOST_TEST(built.size() == model.size());
}

BOOST_AUTO_TEST_CASE(row_set_combines_and_counts) {
  RowSet a(200), b(100);
  for (uint32_t i = 0; i < 200; i += 2) a.Set(i);
  for (uint32_t i = 0; i < 100; i += 3) b.Set(i);
  BOOST_TEST(a.Count() == 100u);
  BOOST_TEST(a.CountAnd(b) == 17u);  // multiples of 6 below 100
  RowSet c = a;
  c.And(b);
  BOOST_TEST(c.Count() == 17u);
  c = a;
  c.AndNot(b);
  BOOST_TEST(c.Count() == 83u);
  c = b;
  c.Or(a);
  BOOST_TEST(c.Count() == 100u + 34u - 17u);
  std::vector<uint32_t> members;
  b.ForEachAnd(a, [&](uint32_t ord) { members.push_back(ord); });
  BOOST_TEST(members.size() == 17u);
  BOOST_TEST(members.front() == 0u);
  BOOST_TEST(members.back() == 96u);
  b.Set(1000);  // grows
  BOOST_TEST(b.Test(1000));
  BOOST_TEST(!b.Test(999));
  BOOST_TEST(!b.Test(100000));
}

BOOST_AUTO_TEST_SUITE_END()

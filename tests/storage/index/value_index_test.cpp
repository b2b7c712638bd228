// ValueIndex against a plain std::map model: random adds and removes of
// rows with random values (case variants, shared prefixes, long keys that
// split chunks, -0 and 0, NULL), then every read compared with the model.
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/index/sort_key.h"
#include "storage/index/value_index.h"
#include "storage/query.h"
#include "common/text_fold.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

std::string Num(double d) { return std::string(reinterpret_cast<const char*>(&d), 8); }
std::string Ts(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

std::string RandomValue(SlotKind kind, std::mt19937& rng) {
  std::uniform_int_distribution<int> pick(0, 99);
  switch (kind) {
    case SlotKind::kText: {
      static const char* kWords[] = {"paris", "Paris", "PARIS", "", "a", "ab", "abc", "Ab", "zeta",
                                     "\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9", "software engineer",
                                     "Software Architect", "software", "x"};
      if (pick(rng) < 70) return kWords[pick(rng) % std::size(kWords)];
      std::string s;
      int len = pick(rng) % 40;
      for (int i = 0; i < len; ++i) s.push_back("abcABC xyz"[pick(rng) % 10]);
      return s;
    }
    case SlotKind::kNumber: {
      static const double kNums[] = {0.0, -0.0, 1.5, -1.5, 1e300, -1e300, 42, 7};
      if (pick(rng) < 60) return Num(kNums[pick(rng) % std::size(kNums)]);
      return Num(static_cast<double>(pick(rng) - 50) / 4);
    }
    case SlotKind::kTimestamp: return Ts(static_cast<int64_t>(pick(rng) - 50) * 1000);
    case SlotKind::kBoolean: return std::string(1, static_cast<char>(pick(rng) % 2));
    case SlotKind::kUuid: {
      std::string s(16, '\0');
      s[0] = static_cast<char>(pick(rng) % 8);
      s[15] = static_cast<char>(pick(rng) % 3);
      return s;
    }
    default: {
      char buf[11];
      std::snprintf(buf, sizeof buf, "2024-%02d-%02d", pick(rng) % 12 + 1, pick(rng) % 28 + 1);
      return buf;
    }
  }
}

std::string Key(SlotKind kind, std::string_view raw) {
  std::string k;
  AppendSortKey(kind, raw, &k);
  return k;
}

struct Model {
  SlotKind kind;
  // (sort key, raw) -> ordinal -> live
  std::map<std::pair<std::string, std::string>, std::map<uint32_t, bool>> values;
  std::map<uint32_t, bool> nulls;
};

void ExpectSameAsModel(const ValueIndex& index, const Model& m) {
  std::string why;
  BOOST_TEST_REQUIRE(index.CheckConsistency(&why), why);
  auto it = m.values.begin();
  std::string scratch;
  uint64_t live_rows = 0;
  for (auto pos = index.Begin(); pos != index.End(); index.Next(&pos), ++it) {
    BOOST_TEST_REQUIRE((it != m.values.end()));
    ValueIndex::Entry e = index.At(pos);
    BOOST_TEST(std::string(e.key) == it->first.first);
    BOOST_TEST(std::string(index.RawOf(e, &scratch)) == it->first.second);
    std::vector<uint32_t> rows;
    index.ForEachRow(e, [&](uint32_t ord) { rows.push_back(ord); });
    std::vector<uint32_t> want;
    uint32_t live = 0;
    for (auto [ord, l] : it->second) want.push_back(ord), live += l;
    BOOST_TEST(rows == want);
    BOOST_TEST(index.CountAll(e) == want.size());
    BOOST_TEST(index.CountLive(e) == live);
    for (uint32_t ord : want) BOOST_TEST(index.Contains(e, ord));
    live_rows += live;
  }
  BOOST_TEST((it == m.values.end()));
  BOOST_TEST(index.live_rows() == live_rows);
  BOOST_TEST(index.distinct() == m.values.size());
  BOOST_TEST(index.nulls().size() == m.nulls.size());
  uint32_t null_live = 0;
  for (auto [ord, l] : m.nulls) {
    null_live += l;
    BOOST_TEST(index.nulls().Contains(ord));
  }
  BOOST_TEST(index.null_live() == null_live);
}

// Bounds and range counts for probe keys against the model.
void ExpectBoundsAsModel(const ValueIndex& index, const Model& m, std::mt19937& rng) {
  auto rank = [&](ValueIndex::Pos p) {
    size_t n = 0;
    for (auto q = index.Begin(); q != p; index.Next(&q)) ++n;
    return n;
  };
  for (int probe = 0; probe < 20; ++probe) {
    std::string raw = RandomValue(m.kind, rng);
    std::string key = Key(m.kind, raw);
    size_t lower = 0, upper = 0;
    uint64_t live_below = 0;
    for (const auto& [k, rows] : m.values) {
      if (k.first < key) {
        ++lower;
        for (auto [ord, l] : rows) live_below += l;
      }
      if (k.first <= key) ++upper;
    }
    ValueIndex::Pos lo = index.LowerBound(key), hi = index.UpperBound(key);
    BOOST_TEST(rank(lo) == lower);
    BOOST_TEST(rank(hi) == upper);
    BOOST_TEST(index.CountLiveBetween(index.Begin(), lo) == live_below);
    auto found = index.Find(raw);
    bool in_model = m.values.count({key, raw}) > 0;
    BOOST_TEST(found.has_value() == in_model);
  }
}

void RunRandomized(SlotKind kind, uint32_t seed) {
  std::mt19937 rng(seed);
  ValueIndex index(kind);
  Model m{kind, {}, {}};
  // ord -> (value or NULL, live)
  std::map<uint32_t, std::pair<std::optional<std::string>, bool>> rows;
  std::uniform_int_distribution<int> pick(0, 99);
  for (int step = 0; step < 3000; ++step) {
    const uint32_t ord = static_cast<uint32_t>(pick(rng) * 7 + pick(rng) % 7);
    auto existing = rows.find(ord);
    if (existing != rows.end()) {
      auto [v, live] = existing->second;
      index.Remove(v ? std::optional<std::string_view>(*v) : std::nullopt, ord, live);
      if (v) {
        auto& entry = m.values[{Key(kind, *v), *v}];
        entry.erase(ord);
        if (entry.empty()) m.values.erase({Key(kind, *v), *v});
      } else {
        m.nulls.erase(ord);
      }
      rows.erase(existing);
      if (pick(rng) < 30) continue;
    }
    std::optional<std::string> v;
    if (pick(rng) >= 10) v = RandomValue(kind, rng);
    const bool live = pick(rng) >= 20;
    index.Add(v ? std::optional<std::string_view>(*v) : std::nullopt, ord, live);
    if (v)
      m.values[{Key(kind, *v), *v}][ord] = live;
    else
      m.nulls[ord] = live;
    rows[ord] = {v, live};
    if (step % 500 == 499) {
      ExpectSameAsModel(index, m);
      ExpectBoundsAsModel(index, m, rng);
    }
  }
  ExpectSameAsModel(index, m);
  // The bulk builder makes the same index from the same rows.
  ValueIndex::Builder builder(kind);
  for (const auto& [ord, r] : rows)
    builder.Add(r.first ? std::optional<std::string_view>(*r.first) : std::nullopt, ord, r.second);
  ValueIndex built = builder.Finish();
  ExpectSameAsModel(built, m);
  ExpectBoundsAsModel(built, m, rng);
  // Emptied, it is empty.
  for (const auto& [ord, r] : rows)
    index.Remove(r.first ? std::optional<std::string_view>(*r.first) : std::nullopt, ord, r.second);
  ExpectSameAsModel(index, Model{kind, {}, {}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(value_index)

BOOST_AUTO_TEST_CASE(text_matches_a_map_model) {
  for (uint32_t seed : {1u, 2u, 3u}) RunRandomized(SlotKind::kText, seed);
}

BOOST_AUTO_TEST_CASE(other_kinds_match_a_map_model) {
  for (SlotKind kind : {SlotKind::kNumber, SlotKind::kTimestamp, SlotKind::kBoolean, SlotKind::kUuid, SlotKind::kDate})
    RunRandomized(kind, 7);
}

BOOST_AUTO_TEST_CASE(sort_keys_order_as_the_engine_compares) {
  std::mt19937 rng(11);
  for (SlotKind kind :
       {SlotKind::kText, SlotKind::kNumber, SlotKind::kTimestamp, SlotKind::kBoolean, SlotKind::kUuid, SlotKind::kDate}) {
    for (int i = 0; i < 2000; ++i) {
      std::string a = RandomValue(kind, rng), b = RandomValue(kind, rng);
      int engine = kind == SlotKind::kText ? CompareFolded(a, b) : CompareSlotBytes(kind, a, b);
      int keys = Key(kind, a).compare(Key(kind, b));
      keys = keys < 0 ? -1 : (keys > 0 ? 1 : 0);
      BOOST_TEST(keys == engine);
      std::string scratch;
      std::string key = Key(kind, a);
      std::string_view canonical = CanonicalRaw(kind, key, &scratch);
      // The canonical raw of a key has that key.
      BOOST_TEST(Key(kind, canonical) == key);
      BOOST_TEST(NeedsRaw(kind, a, key) == (canonical != a));
    }
  }
}

BOOST_AUTO_TEST_CASE(sort_key_prefix_orders_as_keys) {
  const std::string keys[] = {"", "a", "ab", std::string("ab\0", 3), "abcdefg", "abcdefgh", "abcdefgi", "b",
                              std::string("abcdefg\0", 8), "abcdefghijk"};
  for (const auto& a : keys)
    for (const auto& b : keys) {
      uint64_t pa = SortKeyPrefix(a), pb = SortKeyPrefix(b);
      int c = a.compare(b);
      if (pa != pb) BOOST_TEST((pa < pb) == (c < 0));
      if (pa == pb && (pa & 0xFF) < 8) BOOST_TEST(c == 0);
    }
}

BOOST_AUTO_TEST_SUITE_END()

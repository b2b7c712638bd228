// Bulk construction of a ValueIndex (recovery, a field added at runtime).
//
// Values are copied out of the rows as they arrive, into one packed arena:
// rows are scattered over the heap, and reading them again in sorted order
// would miss the cache on nearly every access.
//
// Two strategies, chosen as the rows come:
//   * grouping: a hash table of distinct values, each with its rows; then
//     only the distinct values are sorted. A column of cities, job titles,
//     country codes or empty strings costs a hash lookup per row.
//   * sorting: once distinct values are many (more than kMaxGroups and a
//     quarter of the rows), every row becomes an item sorted by integers
//     only: a summary of its key (SortKeyPrefix16, taken after the prefix
//     all keys share, since URLs all start "https://www."; for 8-byte
//     numbers and timestamps the key itself), a hash of its raw value, its
//     ordinal.
//     Rows of one value end up adjacent with ordinals ascending. Inside a run
//     of equal summaries the values are in hash order, not key order: those
//     runs are re-sorted value by value with full comparisons, which reads
//     bytes only where summaries tie. Two different values with one hash in
//     a run (each row is checked against its value's first row) make that
//     run sort row by row with full comparisons instead.
#include <algorithm>
#include <cstring>
#include <functional>

#include "storage/index/sort_key.h"
#include "storage/index/value_index.h"
#include "common/text_fold.h"

namespace vingt::storage {
namespace {

constexpr uint32_t kRawIsKey = 0xFFFFFFFF;
constexpr uint32_t kLiveBit = 0x80000000;
constexpr size_t kMaxGroups = 4096;

uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

uint64_t HashOf(std::string_view raw) { return std::hash<std::string_view>{}(raw); }

}  // namespace

ValueIndex::Builder::Builder(SlotKind kind, size_t expected_rows) : kind_(kind) {
  row_group_.reserve(expected_rows);
  row_ord_live_.reserve(expected_rows);
  // Enough for short values without a reallocation (each one a copy).
  arena_.reserve(std::min<size_t>(expected_rows, 4096) * 24);
}

uint32_t ValueIndex::Builder::AppendRecord(std::string_view raw) {
  const auto rec = static_cast<uint32_t>(arena_.size());
  arena_.append(8, '\0');
  const size_t key_start = arena_.size();
  if (kind_ == SlotKind::kText && IsFoldKey(raw))
    arena_.append(raw);
  else
    AppendSortKey(kind_, raw, &arena_);
  const auto key_len = static_cast<uint32_t>(arena_.size() - key_start);
  uint32_t raw_len = kRawIsKey;
  if (std::string_view(arena_).substr(key_start) != raw) {
    raw_len = static_cast<uint32_t>(raw.size());
    arena_.append(raw);
  }
  std::memcpy(&arena_[rec], &key_len, 4);
  std::memcpy(&arena_[rec + 4], &raw_len, 4);
  return rec;
}

std::string_view ValueIndex::Builder::RecordKey(uint32_t rec) const {
  return std::string_view(arena_).substr(rec + 8, Load32(arena_.data() + rec));
}

std::string_view ValueIndex::Builder::RecordRaw(uint32_t rec) const {
  const uint32_t key_len = Load32(arena_.data() + rec), raw_len = Load32(arena_.data() + rec + 4);
  if (raw_len == kRawIsKey) return RecordKey(rec);
  return std::string_view(arena_).substr(rec + 8 + key_len, raw_len);
}

void ValueIndex::Builder::Add(std::optional<std::string_view> raw, uint32_t ord, bool live) {
  if (!raw) {
    null_ords_.push_back(ord);
    null_live_ += live;
    return;
  }
  const uint64_t hash = HashOf(*raw);
  const uint32_t ord_live = ord | (live ? kLiveBit : 0);
  if (sorting_) {
    items_.push_back(Item{{0, 0}, hash, AppendRecord(*raw), ord_live});
    return;
  }
  if (groups_.size() * 2 >= table_.size()) {
    std::vector<uint32_t> bigger(std::max<size_t>(64, table_.size() * 2), 0);
    const size_t mask = bigger.size() - 1;
    for (uint32_t g = 0; g < groups_.size(); ++g) {
      size_t i = groups_[g].hash & mask;
      while (bigger[i]) i = (i + 1) & mask;
      bigger[i] = g + 1;
    }
    table_ = std::move(bigger);
  }
  const size_t mask = table_.size() - 1;
  size_t i = hash & mask;
  while (table_[i] && (groups_[table_[i] - 1].hash != hash || RecordRaw(groups_[table_[i] - 1].rec) != *raw))
    i = (i + 1) & mask;
  if (!table_[i]) {
    groups_.push_back(Group{hash, AppendRecord(*raw), 0, 0, 0});
    table_[i] = static_cast<uint32_t>(groups_.size());
  }
  Group& g = groups_[table_[i] - 1];
  ++g.count;
  g.live += live;
  row_group_.push_back(table_[i] - 1);
  row_ord_live_.push_back(ord_live);
  if (groups_.size() > kMaxGroups && groups_.size() * 4 > row_group_.size()) SwitchToSorting();
}

void ValueIndex::Builder::SwitchToSorting() {
  items_.reserve(row_group_.capacity());
  // Many distinct values: most rows will bring their own record.
  arena_.reserve(arena_.size() / std::max<size_t>(groups_.size(), 1) * row_group_.capacity() * 5 / 4);
  for (size_t r = 0; r < row_group_.size(); ++r) {
    const Group& g = groups_[row_group_[r]];
    items_.push_back(Item{{0, 0}, g.hash, g.rec, row_ord_live_[r]});
  }
  std::vector<Group>().swap(groups_);
  std::vector<uint32_t>().swap(table_);
  std::vector<uint32_t>().swap(row_group_);
  std::vector<uint32_t>().swap(row_ord_live_);
  sorting_ = true;
}

ValueIndex ValueIndex::Builder::Finish() {
  ValueIndex index(kind_);
  if (sorting_)
    FinishSorted(&index);
  else
    FinishGroups(&index);
  if (!std::is_sorted(null_ords_.begin(), null_ords_.end())) std::sort(null_ords_.begin(), null_ords_.end());
  index.nulls_ = Posting::FromSorted(std::move(null_ords_));
  index.null_live_ = null_live_;
  return index;
}

void ValueIndex::Builder::FinishGroups(ValueIndex* index) {
  // The rows of each value, contiguous, in arrival order.
  uint32_t offset = 0;
  for (Group& g : groups_) {
    g.first = offset;
    offset += g.count;
  }
  std::vector<uint32_t> ords(row_group_.size());
  {
    std::vector<uint32_t> fill(groups_.size());
    for (uint32_t g = 0; g < groups_.size(); ++g) fill[g] = groups_[g].first;
    for (size_t r = 0; r < row_group_.size(); ++r) ords[fill[row_group_[r]]++] = row_ord_live_[r] & ~kLiveBit;
  }
  std::vector<uint32_t> order(groups_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const uint32_t a = groups_[x].rec, b = groups_[y].rec;
    int c = RecordKey(a).compare(RecordKey(b));
    return c != 0 ? c < 0 : RecordRaw(a) < RecordRaw(b);
  });
  std::vector<uint32_t> rows;
  for (uint32_t gi : order) {
    const Group& g = groups_[gi];
    rows.assign(ords.begin() + g.first, ords.begin() + g.first + g.count);
    // Already ascending when rows came in ordinal order (recovery): a
    // check is cheaper than sorting sorted data.
    if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());
    index->AppendBuilt(RecordKey(g.rec), RecordRaw(g.rec), rows, g.live);
  }
}

void ValueIndex::Builder::FinishSorted(ValueIndex* index) {
  const bool fixed8 = kind_ == SlotKind::kNumber || kind_ == SlotKind::kTimestamp;
  size_t lcp = 0;
  if (!fixed8 && !items_.empty()) {
    const std::string_view first = RecordKey(items_[0].rec);
    lcp = first.size();
    for (size_t i = 1; i < items_.size() && lcp > 0; ++i) {
      const std::string_view k = RecordKey(items_[i].rec);
      const size_t m = std::min(lcp, k.size());
      lcp = static_cast<size_t>(std::mismatch(first.begin(), first.begin() + m, k.begin()).first - first.begin());
    }
  }
  for (Item& it : items_) {
    const std::string_view key = RecordKey(it.rec);
    if (fixed8) {
      uint64_t v = 0;
      for (size_t i = 0; i < 8 && i < key.size(); ++i) v = (v << 8) | static_cast<unsigned char>(key[i]);
      it.prefix[0] = v;
      it.prefix[1] = 0;
    } else {
      SortKeyPrefix16(key.substr(lcp), it.prefix);
    }
  }
  auto ord_of = [](const Item& it) { return it.ord_live & ~kLiveBit; };
  std::sort(items_.begin(), items_.end(), [&](const Item& a, const Item& b) {
    if (a.prefix[0] != b.prefix[0]) return a.prefix[0] < b.prefix[0];
    if (a.prefix[1] != b.prefix[1]) return a.prefix[1] < b.prefix[1];
    if (a.hash != b.hash) return a.hash < b.hash;
    return ord_of(a) < ord_of(b);
  });
  auto same_value = [&](const Item& a, const Item& b) { return a.rec == b.rec || RecordRaw(a.rec) == RecordRaw(b.rec); };
  auto value_less = [&](const Item& a, const Item& b) {
    int c = RecordKey(a.rec).compare(RecordKey(b.rec));
    return c != 0 ? c < 0 : RecordRaw(a.rec) < RecordRaw(b.rec);
  };
  const auto n = static_cast<uint32_t>(items_.size());
  std::vector<std::pair<uint32_t, uint32_t>> groups;  // [begin, end) of items, in final order
  std::vector<Item> scratch;
  for (uint32_t a = 0; a < n;) {
    uint32_t b = a + 1;
    while (b < n && items_[b].prefix[0] == items_[a].prefix[0] && items_[b].prefix[1] == items_[a].prefix[1]) ++b;
    const size_t first_group = groups.size();
    bool collision = false;
    for (uint32_t g = a; g < b;) {
      uint32_t e = g + 1;
      for (; e < b && items_[e].hash == items_[g].hash; ++e) collision |= !same_value(items_[e], items_[g]);
      groups.emplace_back(g, e);
      g = e;
    }
    if (collision) {
      groups.resize(first_group);
      std::sort(items_.begin() + a, items_.begin() + b, [&](const Item& x, const Item& y) {
        if (value_less(x, y)) return true;
        if (value_less(y, x)) return false;
        return ord_of(x) < ord_of(y);
      });
      for (uint32_t g = a; g < b;) {
        uint32_t e = g + 1;
        while (e < b && same_value(items_[e], items_[g])) ++e;
        groups.emplace_back(g, e);
        g = e;
      }
    } else if (groups.size() - first_group > 1) {
      std::sort(groups.begin() + static_cast<std::ptrdiff_t>(first_group), groups.end(),
                [&](const auto& x, const auto& y) { return value_less(items_[x.first], items_[y.first]); });
      scratch.assign(items_.begin() + a, items_.begin() + b);
      uint32_t at = a;
      for (size_t gi = first_group; gi < groups.size(); ++gi) {
        auto& [gs, ge] = groups[gi];
        const uint32_t len = ge - gs;
        std::copy(scratch.begin() + (gs - a), scratch.begin() + (ge - a), items_.begin() + at);
        gs = at;
        ge = at + len;
        at += len;
      }
    }
    a = b;
  }
  std::vector<uint32_t> rows;
  for (const auto& [gs, ge] : groups) {
    rows.clear();
    uint32_t live = 0;
    for (uint32_t i = gs; i < ge; ++i) {
      rows.push_back(ord_of(items_[i]));
      live += (items_[i].ord_live & kLiveBit) ? 1 : 0;
    }
    index->AppendBuilt(RecordKey(items_[gs].rec), RecordRaw(items_[gs].rec), rows, live);
  }
}

}  // namespace vingt::storage

// The ordered access path of one slot in one shard: the slot's distinct
// values in sort-key order (index/sort_key.h), each with the rows that hold
// it, plus the rows where the slot is NULL.
//
// It is an ordered dictionary, so one structure answers
//   * order_by walks in either direction from any cursor (entries in order;
//     rows of one value are then taken in id order by the caller),
//   * eq / in / neq / is NULL (one lookup per value),
//   * gt / gte / lt / lte and prefixes (a range of entries),
//   * like / ilike / endsWith (a pass over the distinct values, not over the
//     rows: a pattern is tested once per value),
//   * counts: every entry knows how many of its rows are live (not
//     soft-deleted), and every chunk sums them, so the rows of a range are
//     counted without visiting them,
//   * group-by counts (distinct values with their counts).
//
// Layout: entries are packed back to back, in order, in chunks of a few KiB
// (binary search, then a short memmove on insert; SIMD-friendly scans):
//
//   entry = tag u8 | key_len varint | key | [raw_len varint | raw] | ref u32
//     tag bit 0  kHasRaw: raw bytes follow the key (raw is not the key's
//                canonical raw: text that is not lower-case, -0.0, ...)
//     tag bit 1  kBig:    ref indexes a Posting of two rows or more
//     tag bit 2  kLive:   (single row) that row is live
//     ref        the row's ordinal, or the Posting's number
//
// Thread safety: none of its own. The shard's lock guards it: writes under
// the exclusive lock, reads under the shared one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/index/posting.h"
#include "storage/index/row_set.h"

namespace vingt::storage {

class ValueIndex {
 public:
  // REQUIRES: HasSortKey(kind).
  explicit ValueIndex(SlotKind kind);
  ValueIndex(ValueIndex&&) noexcept;
  ValueIndex& operator=(ValueIndex&&) noexcept;
  ~ValueIndex();

  SlotKind kind() const { return kind_; }

  // ---- maintenance ----
  // Row `ord` holds `raw` (or NULL) and is live or not. Add a row that is
  // not indexed yet; Remove one with exactly what it was added with.
  void Add(std::optional<std::string_view> raw, uint32_t ord, bool live);
  void Remove(std::optional<std::string_view> raw, uint32_t ord, bool live);

  // Bulk construction, much faster than Add row by row: collect every row,
  // then Finish sorts once and lays the chunks out full
  // (storage/index/value_index_builder.cpp).
  class Builder {
   public:
    // `expected_rows` sizes the buffers (0 if unknown).
    explicit Builder(SlotKind kind, size_t expected_rows = 0);
    void Add(std::optional<std::string_view> raw, uint32_t ord, bool live);
    ValueIndex Finish();

   private:
    // A distinct value while grouping by hash.
    struct Group {
      uint64_t hash;
      uint32_t rec;  // its record in arena_
      uint32_t count;
      uint32_t live;
      uint32_t first;  // Finish: its first row among the bucketed ordinals
    };
    // A row once sorting.
    struct Item {
      uint64_t prefix[2];  // summary of the key (Finish)
      uint64_t hash;       // of the raw value
      uint32_t rec;        // its value's record in arena_
      uint32_t ord_live;   // ordinal, live bit on top
    };
    uint32_t AppendRecord(std::string_view raw);
    std::string_view RecordKey(uint32_t rec) const;
    std::string_view RecordRaw(uint32_t rec) const;
    void SwitchToSorting();
    void FinishGroups(ValueIndex* index);
    void FinishSorted(ValueIndex* index);

    SlotKind kind_;
    // Values copied out of the rows, packed (reading them back in sorted
    // order then stays in cache): u32 key length | u32 raw length or
    // kRawIsKey | key | raw.
    std::string arena_;
    bool sorting_ = false;
    std::vector<Group> groups_;
    std::vector<uint32_t> table_;  // open addressing: group number + 1, 0 = empty
    std::vector<uint32_t> row_group_, row_ord_live_;
    std::vector<Item> items_;
    std::vector<uint32_t> null_ords_;
    uint32_t null_live_ = 0;
  };

  // In-order construction (Builder, index/path_codec.h): appends an entry
  // after every other one. `raw` is the value's raw bytes when they are not
  // the key's canonical raw (Entry::has_raw), nullopt when they are; `ords`
  // its rows, ascending, non-empty; `live` how many of them are live.
  // REQUIRES: (key, raw) orders after every entry already there.
  void AppendInOrder(std::string_view key, std::optional<std::string_view> raw, const std::vector<uint32_t>& ords,
                     uint32_t live);
  // The rows where the slot is NULL, `live` of them live. REQUIRES: no
  // NULL row added yet.
  void SetNulls(Posting nulls, uint32_t live);

  // ---- reads ----
  // A position: entry `index` of chunk `chunk`; End() is one past the last.
  struct Pos {
    uint32_t chunk = 0;
    uint32_t index = 0;
    bool operator==(const Pos&) const = default;
  };
  struct Entry {
    std::string_view key;  // sort key
    std::string_view raw;  // stored raw bytes; empty when !has_raw
    bool has_raw = false;
    bool big = false;
    bool single_live = false;  // !big: the row is live
    uint32_t ref = 0;          // !big: the row's ordinal; big: posting number
  };

  Pos Begin() const { return {0, 0}; }
  Pos End() const { return {static_cast<uint32_t>(chunks_.size()), 0}; }
  void Next(Pos* pos) const;
  // REQUIRES: *pos != Begin().
  void Prev(Pos* pos) const;
  Entry At(Pos pos) const;

  // First entry whose sort key is >= key (LowerBound) or > key (UpperBound).
  Pos LowerBound(std::string_view key) const;
  Pos UpperBound(std::string_view key) const;
  // The entry of exactly this value (raw slot bytes), if any row holds it.
  std::optional<Pos> Find(std::string_view raw) const;

  // The raw slot bytes an entry stands for (*scratch may hold them).
  std::string_view RawOf(const Entry& e, std::string* scratch) const;

  uint32_t CountAll(const Entry& e) const;
  uint32_t CountLive(const Entry& e) const;
  bool Contains(const Entry& e, uint32_t ord) const;
  void OrInto(const Entry& e, RowSet* out) const;
  uint64_t CountAnd(const Entry& e, const RowSet& set) const;
  template <typename Fn>
  void ForEachRow(const Entry& e, Fn&& fn) const {
    if (e.big)
      big_[e.ref].rows.ForEach(fn);
    else
      fn(e.ref);
  }
  // Rows (live ones, or all) of the entries in [from, to), from the chunks'
  // sums: cost in chunks and boundary entries, not in rows.
  uint64_t CountBetween(Pos from, Pos to, bool live_only) const;
  uint64_t CountLiveBetween(Pos from, Pos to) const { return CountBetween(from, to, true); }
  uint32_t Count(const Entry& e, bool live_only) const { return live_only ? CountLive(e) : CountAll(e); }

  // Calls fn(pos, entry) for every entry whose sort key contains `needle`,
  // in order: a byte search over each chunk (entries are packed), then each
  // hit checked against its entry's key.
  template <typename Fn>
  void ForEachKeyContaining(std::string_view needle, Fn&& fn) const {
    for (Pos pos : KeysContaining(needle)) fn(pos, At(pos));
  }

  // The rows where the slot is NULL.
  const Posting& nulls() const { return nulls_; }
  uint32_t null_live() const { return null_live_; }

  uint64_t live_rows() const { return live_rows_; }  // live rows with a value (NULLs excluded)
  size_t distinct() const { return distinct_; }
  size_t MemoryUsage() const;

  // Positions of the entries whose key contains `needle` (see
  // ForEachKeyContaining), in order.
  std::vector<Pos> KeysContaining(std::string_view needle) const;

  // Checks every invariant (order, counts, chunk sums); for tests.
  bool CheckConsistency(std::string* why) const;

 private:
  struct Chunk;
  struct BigPosting {
    Posting rows;
    uint32_t live = 0;
  };

  // First position whose entry is not before (key, raw) in identity order
  // (with raw == nullopt: not before key in sort-key order; with
  // `strictly_after`: whose key is > key).
  Pos Search(std::string_view key, std::optional<std::string_view> raw, bool strictly_after) const;
  void InsertEntry(Pos pos, std::string_view key, std::optional<std::string_view> raw, uint32_t ord, bool live);
  void EraseEntry(Pos pos);
  void SplitIfFull(uint32_t chunk);
  void MergeIfSmall(uint32_t chunk);
  uint32_t NewBig();
  // Appends an entry after every other one (bulk construction): `ords` are
  // its rows, ascending.
  void AppendBuilt(std::string_view key, std::string_view raw, const std::vector<uint32_t>& ords, uint32_t live);

  // The summary (SortKeyPrefix16) of a chunk's last key: a binary search
  // over chunks compares these integers and parses an entry only on a tie.
  struct Fence {
    uint64_t p[2];
  };
  void RefreshFence(uint32_t chunk);
  // Maintenance: the entry of exactly (key, raw), through a small cache of
  // recent values (a column of cities or job titles hits it on nearly every
  // write, and skips both the search and reading the entry); `pos` gets
  // where it is or would go. On success *e is the entry (only its tag and
  // ref are set when it came from the cache).
  bool Locate(std::string_view key, std::string_view raw, Pos* pos, Entry* e);

  SlotKind kind_;
  std::vector<std::unique_ptr<Chunk>> chunks_;
  std::vector<Fence> fences_;  // one per chunk
  std::vector<BigPosting> big_;
  std::vector<uint32_t> free_big_;
  Posting nulls_;
  uint32_t null_live_ = 0;
  uint64_t live_rows_ = 0;
  size_t distinct_ = 0;
  std::string key_scratch_, raw_scratch_, encoded_scratch_;  // maintenance only (exclusive lock)
  // Recently written short values with their positions and postings, valid
  // while layout_version_ has not moved (any entry inserted, erased, or
  // changed between one row and a posting moves it). Written only under
  // the exclusive lock, never read by queries.
  struct RecentPos {
    static constexpr size_t kMaxRaw = 22;
    uint64_t version = ~uint64_t{0};
    Pos pos;
    uint32_t ref = 0;
    bool big = false;
    uint8_t raw_len = 0;
    char raw[kMaxRaw];  // the value itself: a hit needs no entry read
  };
  // Allocated on the first write: an index that is never written to (the
  // empty shards of a new workspace's many objects) stays small.
  std::unique_ptr<RecentPos[]> recent_;
  uint64_t layout_version_ = 0;
};

}  // namespace vingt::storage

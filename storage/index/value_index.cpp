#include "storage/index/value_index.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "storage/index/sort_key.h"
#include "storage/index/substring_search.h"
#include "common/text_fold.h"

namespace vingt::storage {
namespace {

constexpr uint8_t kHasRaw = 1;
constexpr uint8_t kBig = 2;
constexpr uint8_t kLive = 4;

// A chunk splits above kMaxChunkBytes; the bulk builder fills chunks to
// kFillChunkBytes so the first inserts do not split them at once; a chunk
// below kMinChunkBytes merges into a neighbour when the two fit in
// kMergedChunkBytes.
constexpr size_t kMaxChunkBytes = 4096;
constexpr size_t kFillChunkBytes = 3072;
constexpr size_t kMinChunkBytes = 1024;
constexpr size_t kMergedChunkBytes = 3072;

size_t VarintSize(size_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}

void PutVarint(size_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

size_t GetVarint(const char** p) {
  size_t v = 0;
  int shift = 0;
  while (true) {
    auto b = static_cast<unsigned char>(*(*p)++);
    v |= static_cast<size_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
    shift += 7;
  }
}

void EncodeEntry(uint8_t tag, std::string_view key, std::string_view raw, uint32_t ref, std::string* out) {
  out->push_back(static_cast<char>(tag));
  PutVarint(key.size(), out);
  out->append(key);
  if (tag & kHasRaw) {
    PutVarint(raw.size(), out);
    out->append(raw);
  }
  out->append(reinterpret_cast<const char*>(&ref), 4);
}

int CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The first 8 bytes of a key, big-endian, zero-padded: integers that order
// as the keys do, except that equal heads may hide different keys.
uint64_t KeyHead(std::string_view key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  return v;
}

}  // namespace

struct ValueIndex::Chunk {
  std::string bytes;             // entries back to back, in order
  std::vector<uint32_t> starts;  // offset of each entry in bytes
  // KeyHead of each entry: a search within the chunk compares these and
  // parses an entry only where they tie, so it reads a few cache lines
  // instead of one per probe.
  std::vector<uint64_t> heads;
  uint64_t all = 0;             // rows of its entries
  uint64_t live = 0;            // live rows of its entries

  size_t size() const { return starts.size(); }
  size_t EndOf(size_t i) const { return i + 1 < starts.size() ? starts[i + 1] : bytes.size(); }
  Entry Parse(size_t i) const {
    const char* p = bytes.data() + starts[i];
    Entry e;
    const auto tag = static_cast<uint8_t>(*p++);
    size_t key_len = GetVarint(&p);
    e.key = std::string_view(p, key_len);
    p += key_len;
    e.has_raw = tag & kHasRaw;
    if (e.has_raw) {
      size_t raw_len = GetVarint(&p);
      e.raw = std::string_view(p, raw_len);
      p += raw_len;
    }
    e.big = tag & kBig;
    e.single_live = tag & kLive;
    std::memcpy(&e.ref, p, 4);
    return e;
  }
  void SetTagAndRef(size_t i, uint8_t tag, uint32_t ref) {
    bytes[starts[i]] = static_cast<char>(tag);
    std::memcpy(&bytes[EndOf(i) - 4], &ref, 4);
  }
};

ValueIndex::ValueIndex(SlotKind kind) : kind_(kind) {}
ValueIndex::ValueIndex(ValueIndex&&) noexcept = default;
ValueIndex& ValueIndex::operator=(ValueIndex&&) noexcept = default;
ValueIndex::~ValueIndex() = default;

void ValueIndex::Next(Pos* pos) const {
  if (++pos->index >= chunks_[pos->chunk]->size()) {
    ++pos->chunk;
    pos->index = 0;
  }
}

void ValueIndex::Prev(Pos* pos) const {
  if (pos->index > 0) {
    --pos->index;
    return;
  }
  --pos->chunk;
  pos->index = static_cast<uint32_t>(chunks_[pos->chunk]->size() - 1);
}

ValueIndex::Entry ValueIndex::At(Pos pos) const { return chunks_[pos.chunk]->Parse(pos.index); }

std::string_view ValueIndex::RawOf(const Entry& e, std::string* scratch) const {
  return e.has_raw ? e.raw : CanonicalRaw(kind_, e.key, scratch);
}

void ValueIndex::RefreshFence(uint32_t chunk) {
  const Chunk& c = *chunks_[chunk];
  SortKeyPrefix16(c.Parse(c.size() - 1).key, fences_[chunk].p);
}

ValueIndex::Pos ValueIndex::Search(std::string_view key, std::optional<std::string_view> raw,
                                   bool strictly_after) const {
  std::string scratch;
  auto before = [&](const Entry& e) {
    int c = CompareBytes(e.key, key);
    if (strictly_after) return c <= 0;
    if (c != 0 || !raw) return c < 0;
    return CompareBytes(RawOf(e, &scratch), *raw) < 0;
  };
  // The first chunk whose last entry is not before the target: summaries
  // first, an entry parsed only when they tie.
  uint64_t target[2];
  SortKeyPrefix16(key, target);
  auto fence_before = [&](const Fence& f) {
    return f.p[0] < target[0] || (f.p[0] == target[0] && f.p[1] < target[1]);
  };
  // Values that grow (createdAt) land after the last entry: no search.
  if (chunks_.empty() || fence_before(fences_.back())) return End();
  size_t lo = 0, hi = chunks_.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const Fence& f = fences_[mid];
    bool chunk_before;
    if (f.p[0] != target[0] || f.p[1] != target[1]) {
      chunk_before = fence_before(f);
    } else {
      const Chunk& c = *chunks_[mid];
      chunk_before = before(c.Parse(c.size() - 1));
    }
    if (chunk_before)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == chunks_.size()) return End();
  const Chunk& c = *chunks_[lo];
  const uint64_t head = KeyHead(key);
  size_t a = 0, b = c.size();
  while (a < b) {
    size_t mid = (a + b) / 2;
    const uint64_t h = c.heads[mid];
    if (h < head || (h == head && before(c.Parse(mid))))
      a = mid + 1;
    else
      b = mid;
  }
  return {static_cast<uint32_t>(lo), static_cast<uint32_t>(a)};
}

ValueIndex::Pos ValueIndex::LowerBound(std::string_view key) const { return Search(key, std::nullopt, false); }
ValueIndex::Pos ValueIndex::UpperBound(std::string_view key) const { return Search(key, std::nullopt, true); }

std::optional<ValueIndex::Pos> ValueIndex::Find(std::string_view raw) const {
  std::string key;
  AppendSortKey(kind_, raw, &key);
  Pos pos = Search(key, raw, false);
  if (pos == End()) return std::nullopt;
  Entry e = At(pos);
  std::string scratch;
  if (e.key != key || RawOf(e, &scratch) != raw) return std::nullopt;
  return pos;
}

uint32_t ValueIndex::CountAll(const Entry& e) const { return e.big ? big_[e.ref].rows.size() : 1; }
uint32_t ValueIndex::CountLive(const Entry& e) const { return e.big ? big_[e.ref].live : (e.single_live ? 1 : 0); }

bool ValueIndex::Contains(const Entry& e, uint32_t ord) const {
  return e.big ? big_[e.ref].rows.Contains(ord) : e.ref == ord;
}

void ValueIndex::OrInto(const Entry& e, RowSet* out) const {
  if (e.big)
    big_[e.ref].rows.OrInto(out);
  else
    out->Set(e.ref);
}

uint64_t ValueIndex::CountAnd(const Entry& e, const RowSet& set) const {
  return e.big ? big_[e.ref].rows.CountAnd(set) : (set.Test(e.ref) ? 1 : 0);
}

uint64_t ValueIndex::CountBetween(Pos from, Pos to, bool live_only) const {
  if (from.chunk >= chunks_.size() || from == to) return 0;
  auto entries = [&](const Chunk& c, size_t a, size_t b) {
    if (a == 0 && b == c.size()) return live_only ? c.live : c.all;
    uint64_t s = 0;
    for (size_t i = a; i < b; ++i) s += Count(c.Parse(i), live_only);
    return s;
  };
  if (from.chunk == to.chunk) return entries(*chunks_[from.chunk], from.index, to.index);
  uint64_t n = entries(*chunks_[from.chunk], from.index, chunks_[from.chunk]->size());
  for (uint32_t c = from.chunk + 1; c < to.chunk && c < chunks_.size(); ++c)
    n += live_only ? chunks_[c]->live : chunks_[c]->all;
  if (to.chunk < chunks_.size()) n += entries(*chunks_[to.chunk], 0, to.index);
  return n;
}

std::vector<ValueIndex::Pos> ValueIndex::KeysContaining(std::string_view needle) const {
  std::vector<Pos> out;
  for (uint32_t ci = 0; ci < chunks_.size(); ++ci) {
    const Chunk& c = *chunks_[ci];
    if (needle.empty()) {
      for (uint32_t i = 0; i < c.size(); ++i) out.push_back({ci, i});
      continue;
    }
    const std::string_view bytes = c.bytes;
    size_t from = 0;
    while (true) {
      const size_t found = FindSubstring(bytes.substr(from), needle);
      if (found == std::string_view::npos) break;
      const size_t at = from + found;
      // The entry the hit starts in; a hit across two entries, in a header
      // or in the raw bytes is checked against the key and skipped.
      const auto index = static_cast<uint32_t>(std::upper_bound(c.starts.begin(), c.starts.end(), at) - c.starts.begin() - 1);
      if (c.Parse(index).key.find(needle) != std::string_view::npos) out.push_back({ci, index});
      from = c.EndOf(index);
      if (from >= bytes.size()) break;
    }
  }
  return out;
}

uint32_t ValueIndex::NewBig() {
  if (!free_big_.empty()) {
    uint32_t h = free_big_.back();
    free_big_.pop_back();
    return h;
  }
  big_.emplace_back();
  return static_cast<uint32_t>(big_.size() - 1);
}

bool ValueIndex::Locate(std::string_view key, std::string_view raw, Pos* pos, Entry* e) {
  const bool cacheable = raw.size() <= RecentPos::kMaxRaw;
  RecentPos* recent = nullptr;
  if (cacheable) {
    if (!recent_) recent_ = std::make_unique<RecentPos[]>(8);
    recent = &recent_[std::hash<std::string_view>{}(raw) & 7];
    if (recent->version == layout_version_ && recent->raw_len == raw.size() &&
        std::memcmp(recent->raw, raw.data(), raw.size()) == 0) {
      *pos = recent->pos;
      e->big = recent->big;
      e->ref = recent->ref;
      return true;
    }
  }
  *pos = Search(key, raw, false);
  if (*pos == End()) return false;
  *e = At(*pos);
  if (e->key != key || RawOf(*e, &raw_scratch_) != raw) return false;
  if (recent && e->big) {
    // Only postings are cached: a single-row entry is about to change.
    recent->version = layout_version_;
    recent->pos = *pos;
    recent->ref = e->ref;
    recent->big = true;
    recent->raw_len = static_cast<uint8_t>(raw.size());
    std::memcpy(recent->raw, raw.data(), raw.size());
  }
  return true;
}

void ValueIndex::Add(std::optional<std::string_view> raw, uint32_t ord, bool live) {
  if (!raw) {
    nulls_.Insert(ord);
    null_live_ += live;
    return;
  }
  key_scratch_.clear();
  AppendSortKey(kind_, *raw, &key_scratch_);
  Pos pos;
  Entry e;
  if (!Locate(key_scratch_, *raw, &pos, &e)) {
    InsertEntry(pos, key_scratch_, *raw, ord, live);
    return;
  }
  Chunk& c = *chunks_[pos.chunk];
  if (e.big) {
    big_[e.ref].rows.Insert(ord);
    big_[e.ref].live += live;
  } else {
    const uint32_t h = NewBig();
    big_[h].rows =
        Posting::FromSorted(e.ref < ord ? std::vector<uint32_t>{e.ref, ord} : std::vector<uint32_t>{ord, e.ref});
    big_[h].live = (e.single_live ? 1 : 0) + (live ? 1 : 0);
    c.SetTagAndRef(pos.index, static_cast<uint8_t>((e.has_raw ? kHasRaw : 0) | kBig), h);
    ++layout_version_;
  }
  ++c.all;
  c.live += live;
  live_rows_ += live;
}

void ValueIndex::Remove(std::optional<std::string_view> raw, uint32_t ord, bool live) {
  if (!raw) {
    nulls_.Erase(ord);
    null_live_ -= live;
    return;
  }
  key_scratch_.clear();
  AppendSortKey(kind_, *raw, &key_scratch_);
  Pos at;
  Entry e;
  const bool located = Locate(key_scratch_, *raw, &at, &e);
  assert(located);
  if (!located) return;
  const std::optional<Pos> found = at;
  Chunk& c = *chunks_[found->chunk];
  if (!e.big) e = c.Parse(found->index);
  if (!e.big) {
    EraseEntry(*found);
    return;
  }
  BigPosting& big = big_[e.ref];
  big.rows.Erase(ord);
  big.live -= live;
  --c.all;
  c.live -= live;
  live_rows_ -= live;
  if (big.rows.size() == 1) {
    const uint32_t remaining = big.rows.Any();
    const bool remaining_live = big.live == 1;
    big = BigPosting{};
    free_big_.push_back(e.ref);
    // has_raw is not cached: read the tag again.
    const bool has_raw = c.Parse(found->index).has_raw;
    c.SetTagAndRef(found->index, static_cast<uint8_t>((has_raw ? kHasRaw : 0) | (remaining_live ? kLive : 0)),
                   remaining);
    ++layout_version_;
  }
}

void ValueIndex::InsertEntry(Pos pos, std::string_view key, std::optional<std::string_view> raw, uint32_t ord,
                             bool live) {
  if (chunks_.empty()) {
    chunks_.push_back(std::make_unique<Chunk>());
    fences_.emplace_back();
    pos = {0, 0};
  } else if (pos == End()) {
    pos = {static_cast<uint32_t>(chunks_.size() - 1), static_cast<uint32_t>(chunks_.back()->size())};
  }
  Chunk& c = *chunks_[pos.chunk];
  const bool has_raw = raw && NeedsRaw(kind_, *raw, key);
  encoded_scratch_.clear();
  EncodeEntry(static_cast<uint8_t>((has_raw ? kHasRaw : 0) | (live ? kLive : 0)), key, has_raw ? *raw : "", ord,
              &encoded_scratch_);
  const std::string& encoded = encoded_scratch_;
  const size_t at = pos.index < c.size() ? c.starts[pos.index] : c.bytes.size();
  c.bytes.insert(at, encoded);
  c.starts.insert(c.starts.begin() + pos.index, static_cast<uint32_t>(at));
  c.heads.insert(c.heads.begin() + pos.index, KeyHead(key));
  for (size_t i = pos.index + 1; i < c.size(); ++i) c.starts[i] += static_cast<uint32_t>(encoded.size());
  ++c.all;
  c.live += live;
  ++distinct_;
  live_rows_ += live;
  if (pos.index + 1 == c.size()) RefreshFence(pos.chunk);
  ++layout_version_;
  SplitIfFull(pos.chunk);
}

void ValueIndex::EraseEntry(Pos pos) {
  Chunk& c = *chunks_[pos.chunk];
  Entry e = c.Parse(pos.index);
  assert(!e.big);
  const size_t begin = c.starts[pos.index], end = c.EndOf(pos.index);
  c.bytes.erase(begin, end - begin);
  c.starts.erase(c.starts.begin() + pos.index);
  c.heads.erase(c.heads.begin() + pos.index);
  for (size_t i = pos.index; i < c.size(); ++i) c.starts[i] -= static_cast<uint32_t>(end - begin);
  --c.all;
  c.live -= e.single_live;
  --distinct_;
  live_rows_ -= e.single_live;
  ++layout_version_;
  if (c.size() == 0) {
    chunks_.erase(chunks_.begin() + pos.chunk);
    fences_.erase(fences_.begin() + pos.chunk);
    return;
  }
  if (pos.index == c.size()) RefreshFence(pos.chunk);
  MergeIfSmall(pos.chunk);
}

void ValueIndex::SplitIfFull(uint32_t chunk) {
  Chunk& c = *chunks_[chunk];
  if (c.bytes.size() <= kMaxChunkBytes || c.size() < 2) return;
  const size_t mid = c.size() / 2;
  const uint32_t cut = c.starts[mid];
  auto right = std::make_unique<Chunk>();
  right->bytes = c.bytes.substr(cut);
  right->starts.reserve(c.size() - mid);
  for (size_t i = mid; i < c.size(); ++i) right->starts.push_back(c.starts[i] - cut);
  right->heads.assign(c.heads.begin() + static_cast<std::ptrdiff_t>(mid), c.heads.end());
  c.bytes.resize(cut);
  c.starts.resize(mid);
  c.heads.resize(mid);
  for (size_t i = 0; i < right->size(); ++i) {
    Entry e = right->Parse(i);
    right->all += CountAll(e);
    right->live += CountLive(e);
  }
  c.all -= right->all;
  c.live -= right->live;
  chunks_.insert(chunks_.begin() + chunk + 1, std::move(right));
  const Fence right_fence = fences_[chunk];  // the right half keeps the old last entry
  fences_.insert(fences_.begin() + chunk + 1, right_fence);
  RefreshFence(chunk);
}

void ValueIndex::MergeIfSmall(uint32_t chunk) {
  if (chunks_[chunk]->bytes.size() >= kMinChunkBytes) return;
  auto absorb = [&](uint32_t left) {
    Chunk& a = *chunks_[left];
    Chunk& b = *chunks_[left + 1];
    if (a.bytes.size() + b.bytes.size() > kMergedChunkBytes) return false;
    const auto base = static_cast<uint32_t>(a.bytes.size());
    a.bytes += b.bytes;
    for (uint32_t s : b.starts) a.starts.push_back(s + base);
    a.heads.insert(a.heads.end(), b.heads.begin(), b.heads.end());
    a.all += b.all;
    a.live += b.live;
    chunks_.erase(chunks_.begin() + left + 1);
    fences_[left] = fences_[left + 1];
    fences_.erase(fences_.begin() + left + 1);
    return true;
  };
  if (chunk + 1 < chunks_.size() && absorb(chunk)) return;
  if (chunk > 0) absorb(chunk - 1);
}

void ValueIndex::AppendBuilt(std::string_view key, std::string_view raw, const std::vector<uint32_t>& ords,
                             uint32_t live) {
  std::string scratch;
  const bool has_raw = CanonicalRaw(kind_, key, &scratch) != raw;
  AppendInOrder(key, has_raw ? std::optional(raw) : std::nullopt, ords, live);
}

void ValueIndex::SetNulls(Posting nulls, uint32_t live) {
  nulls_ = std::move(nulls);
  null_live_ = live;
}

void ValueIndex::AppendInOrder(std::string_view key, std::optional<std::string_view> raw_bytes,
                               const std::vector<uint32_t>& ords, uint32_t live) {
  const bool has_raw = raw_bytes.has_value();
  const std::string_view raw = raw_bytes.value_or(std::string_view());
  uint8_t tag = has_raw ? kHasRaw : 0;
  uint32_t ref = ords[0];
  if (ords.size() > 1) {
    ref = NewBig();
    big_[ref].rows = Posting::FromSorted(ords);
    big_[ref].live = live;
    tag |= kBig;
  } else if (live) {
    tag |= kLive;
  }
  const size_t size = 1 + VarintSize(key.size()) + key.size() + (has_raw ? VarintSize(raw.size()) + raw.size() : 0) + 4;
  if (chunks_.empty() || chunks_.back()->bytes.size() + size > kFillChunkBytes) {
    chunks_.push_back(std::make_unique<Chunk>());
    chunks_.back()->bytes.reserve(kFillChunkBytes);
    fences_.emplace_back();
  }
  Chunk& c = *chunks_.back();
  c.starts.push_back(static_cast<uint32_t>(c.bytes.size()));
  c.heads.push_back(KeyHead(key));
  EncodeEntry(tag, key, has_raw ? raw : std::string_view(), ref, &c.bytes);
  SortKeyPrefix16(key, fences_.back().p);
  c.all += ords.size();
  c.live += live;
  live_rows_ += live;
  ++distinct_;
}

size_t ValueIndex::MemoryUsage() const {
  size_t n = sizeof(*this) + chunks_.capacity() * sizeof(void*) + fences_.capacity() * sizeof(Fence) +
             big_.capacity() * sizeof(BigPosting) + (recent_ ? 8 * sizeof(RecentPos) : 0) +
             nulls_.MemoryUsage();
  for (const auto& c : chunks_) n += sizeof(Chunk) + c->bytes.capacity() + c->starts.capacity() * 4 + c->heads.capacity() * 8;
  for (const auto& b : big_) n += b.rows.MemoryUsage();
  return n;
}

bool ValueIndex::CheckConsistency(std::string* why) const {
  auto fail = [&](std::string msg) {
    *why = std::move(msg);
    return false;
  };
  uint64_t live_rows = 0;
  size_t distinct = 0;
  std::string prev_key, prev_raw, scratch;
  bool first = true;
  for (size_t ci = 0; ci < chunks_.size(); ++ci) {
    const Chunk& c = *chunks_[ci];
    if (c.size() == 0) return fail("empty chunk");
    uint64_t all = 0, live = 0;
    if (c.heads.size() != c.size()) return fail("heads and entries differ in number");
    for (size_t i = 0; i < c.size(); ++i) {
      Entry e = c.Parse(i);
      if (c.heads[i] != KeyHead(e.key)) return fail("head is not its key's first bytes");
      std::string raw(RawOf(e, &scratch));
      if (!first) {
        int k = CompareBytes(prev_key, e.key);
        if (k > 0 || (k == 0 && CompareBytes(prev_raw, raw) >= 0)) return fail("entries out of order");
      }
      if (e.has_raw && !NeedsRaw(kind_, e.raw, e.key)) return fail("raw stored though canonical");
      std::string key;
      AppendSortKey(kind_, raw, &key);
      if (key != e.key) return fail("key is not the sort key of its raw value");
      if (e.big && big_[e.ref].rows.size() < 2) return fail("posting with fewer than two rows");
      all += CountAll(e);
      live += CountLive(e);
      prev_key.assign(e.key);
      prev_raw = raw;
      first = false;
      ++distinct;
    }
    if (all != c.all || live != c.live) return fail("chunk sums disagree with its entries");
    uint64_t fence[2];
    SortKeyPrefix16(c.Parse(c.size() - 1).key, fence);
    if (ci >= fences_.size() || fence[0] != fences_[ci].p[0] || fence[1] != fences_[ci].p[1])
      return fail("chunk fence is not its last key's summary");
    live_rows += live;
  }
  if (fences_.size() != chunks_.size()) return fail("fences and chunks differ in number");
  if (live_rows != live_rows_) return fail("live row count disagrees");
  if (distinct != distinct_) return fail("distinct count disagrees");
  return true;
}

}  // namespace vingt::storage

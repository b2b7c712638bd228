#include "storage/index/path_codec.h"

#include <optional>

#include "storage/index/sort_key.h"

namespace vingt::storage {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutBytes(std::string_view bytes, std::string* out) {
  PutVarint(bytes.size(), out);
  out->append(bytes);
}

uint32_t Ranked(uint32_t ord, const std::vector<uint32_t>* rank) { return rank ? (*rank)[ord] : ord; }

// Ordinals keep their order under a rank, so the deltas stay positive.
template <typename ForEach>
void PutPosting(uint32_t n, ForEach&& for_each, const std::vector<uint32_t>* rank, std::string* out) {
  PutVarint(n, out);
  bool first = true;
  uint32_t prev = 0;
  for_each([&](uint32_t ord) {
    const uint32_t r = Ranked(ord, rank);
    PutVarint(first ? r : r - prev - 1, out);
    first = false;
    prev = r;
  });
}

void PutPosting(const Posting& p, const std::vector<uint32_t>* rank, std::string* out) {
  PutPosting(
      p.size(), [&](auto&& fn) { p.ForEach(fn); }, rank, out);
}

// Reads what the encoders wrote; any read past the end, or a value out of
// range, makes ok() false for good.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return Fail();
      const auto b = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  uint32_t U32Below(uint64_t limit) {
    const uint64_t v = Varint();
    return v < limit ? static_cast<uint32_t>(v) : static_cast<uint32_t>(Fail());
  }
  uint8_t Byte() {
    if (in_.empty()) return static_cast<uint8_t>(Fail());
    const auto b = static_cast<uint8_t>(in_.front());
    in_.remove_prefix(1);
    return b;
  }
  std::string_view Bytes() {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size()) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  // Ordinals of a posting, ascending, each below `rows`.
  bool Ordinals(uint32_t rows, std::vector<uint32_t>* out) {
    out->clear();
    const uint32_t n = U32Below(uint64_t{rows} + 1);
    if (!ok_) return false;
    out->reserve(n);
    uint64_t next = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t ord = next + Varint();
      if (!ok_ || ord >= rows) return Fail();
      out->push_back(static_cast<uint32_t>(ord));
      next = ord + 1;
    }
    return true;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

Status Damaged(const char* what) { return Status::Corruption(std::string("damaged access path in snapshot: ") + what); }

void EncodeValues(const ValueIndex& index, const std::vector<uint32_t>* rank, std::string* out) {
  PutPosting(index.nulls(), rank, out);
  PutVarint(index.null_live(), out);
  PutVarint(index.distinct(), out);
  for (ValueIndex::Pos pos = index.Begin(); pos != index.End(); index.Next(&pos)) {
    const ValueIndex::Entry e = index.At(pos);
    out->push_back(e.has_raw ? 1 : 0);
    PutBytes(e.key, out);
    if (e.has_raw) PutBytes(e.raw, out);
    PutVarint(index.CountLive(e), out);
    PutPosting(
        index.CountAll(e), [&](auto&& fn) { index.ForEachRow(e, fn); }, rank, out);
  }
}

void EncodeItems(const ItemIndex& index, const std::vector<uint32_t>* rank, std::string* out) {
  PutPosting(index.empty_lists(), rank, out);
  PutPosting(index.nulls(), rank, out);
  PutVarint(index.distinct(), out);
  index.ForEachItem([&](std::string_view item, const Posting& rows) {
    PutBytes(item, out);
    PutPosting(rows, rank, out);
  });
}

Result<ValueIndex> DecodeValues(SlotKind kind, std::string_view in, uint32_t rows) {
  Reader r(in);
  ValueIndex index(kind);
  std::vector<uint32_t> ords;
  if (!r.Ordinals(rows, &ords)) return Damaged("nulls");
  const uint32_t null_live = r.U32Below(uint64_t{ords.size()} + 1);
  if (!r.ok()) return Damaged("nulls");
  index.SetNulls(Posting::FromSorted(std::move(ords)), null_live);
  const uint64_t entries = r.Varint();
  std::string prev_key;
  for (uint64_t i = 0; i < entries && r.ok(); ++i) {
    const uint8_t flags = r.Byte();
    const std::string_view key = r.Bytes();
    std::optional<std::string_view> raw;
    if (flags & 1) raw = r.Bytes();
    const uint64_t live = r.Varint();
    if (!r.ok() || flags > 1 || !r.Ordinals(rows, &ords) || ords.empty() || live > ords.size())
      return Damaged("entry");
    // Keys ascend; equal keys (text that differs only in case) are told
    // apart by their raw bytes, which the index keeps in order itself.
    if (i > 0 && key < prev_key) return Damaged("entry order");
    prev_key.assign(key);
    index.AppendInOrder(key, raw, ords, static_cast<uint32_t>(live));
  }
  if (!r.ok() || !r.done()) return Damaged("values");
  return index;
}

Result<ItemIndex> DecodeItems(std::string_view in, uint32_t rows) {
  Reader r(in);
  ItemIndex index;
  std::vector<uint32_t> empty, nulls, ords;
  if (!r.Ordinals(rows, &empty) || !r.Ordinals(rows, &nulls)) return Damaged("items");
  index.SetEmptyAndNulls(Posting::FromSorted(std::move(empty)), Posting::FromSorted(std::move(nulls)));
  const uint64_t items = r.Varint();
  for (uint64_t i = 0; i < items && r.ok(); ++i) {
    const std::string_view item = r.Bytes();
    if (!r.ok() || !r.Ordinals(rows, &ords) || ords.empty()) return Damaged("item");
    if (index.Find(item)) return Damaged("item twice");
    index.AddItemRows(std::string(item), Posting::FromSorted(ords));
  }
  if (!r.ok() || !r.done()) return Damaged("items");
  return index;
}

}  // namespace

void EncodePaths(const std::vector<AccessPath>& paths, uint32_t rows, const std::vector<uint32_t>* rank,
                 std::string* out) {
  PutVarint(rows, out);
  PutVarint(paths.size(), out);
  std::string body;
  for (const AccessPath& p : paths) {
    PutVarint(p.spec.slot, out);
    PutVarint(static_cast<uint8_t>(p.spec.kind), out);
    PutVarint(p.values ? 0 : 1, out);
    body.clear();
    if (p.values)
      EncodeValues(*p.values, rank, &body);
    else
      EncodeItems(*p.items, rank, &body);
    PutBytes(body, out);
  }
}

Result<std::vector<AccessPath>> DecodePaths(std::string_view in, uint32_t rows) {
  Reader r(in);
  if (r.Varint() != rows || !r.ok()) return Damaged("row count");
  const uint64_t count = r.Varint();
  std::vector<AccessPath> paths;
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    AccessPath& p = paths.emplace_back();
    p.spec.slot = static_cast<uint16_t>(r.U32Below(uint64_t{UINT16_MAX} + 1));
    p.spec.kind = static_cast<SlotKind>(r.U32Below(static_cast<uint64_t>(SlotKind::kStringList) + 1));
    const uint64_t form = r.Varint();
    const std::string_view body = r.Bytes();
    if (!r.ok() || form > 1) return Damaged("path header");
    if (form == 0) {
      if (!HasSortKey(p.spec.kind)) return Damaged("path kind");
      Result<ValueIndex> values = DecodeValues(p.spec.kind, body, rows);
      if (!values.ok()) return std::move(values).TakeStatus();
      p.values = std::make_unique<ValueIndex>(std::move(values).value());
    } else {
      if (p.spec.kind != SlotKind::kStringList) return Damaged("path kind");
      Result<ItemIndex> items = DecodeItems(body, rows);
      if (!items.ok()) return std::move(items).TakeStatus();
      p.items = std::make_unique<ItemIndex>(std::move(items).value());
    }
  }
  if (!r.ok() || !r.done()) return Damaged("paths");
  return paths;
}

}  // namespace vingt::storage

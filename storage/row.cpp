#include "storage/row.h"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace vingt::storage {

std::string_view Row::Bytes(size_t slot) const {
  if (IsNull(slot)) return {};
  size_t offs = OffsetsStart();
  uint32_t begin = slot == 0 ? 0 : Load32(offs + 4 * (slot - 1));
  uint32_t end = Load32(offs + 4 * slot);
  return {bytes() + DataStart() + begin, end - begin};
}

Uuid Row::GetUuid(size_t slot) const {
  std::string_view b = Bytes(slot);
  return b.size() == 16 ? Uuid::FromBytes(b) : Uuid{};
}

double Row::Number(size_t slot) const {
  std::string_view b = Bytes(slot);
  double v = 0;
  if (b.size() == 8) std::memcpy(&v, b.data(), 8);
  return v;
}

bool Row::Boolean(size_t slot) const {
  std::string_view b = Bytes(slot);
  return !b.empty() && b[0] != 0;
}

int64_t Row::Timestamp(size_t slot) const {
  std::string_view b = Bytes(slot);
  int64_t v = 0;
  if (b.size() == 8) std::memcpy(&v, b.data(), 8);
  return v;
}

std::vector<std::string_view> DecodeStringList(std::string_view b) {
  std::vector<std::string_view> out;
  if (b.size() < 4) return out;
  uint32_t n;
  std::memcpy(&n, b.data(), 4);
  size_t pos = 4;
  out.reserve(std::min<size_t>(n, b.size() / 4));
  for (uint32_t i = 0; i < n && pos + 4 <= b.size(); ++i) {
    uint32_t len;
    std::memcpy(&len, b.data() + pos, 4);
    pos += 4;
    if (pos + len > b.size()) break;
    out.emplace_back(b.data() + pos, len);
    pos += len;
  }
  return out;
}

std::optional<std::string_view> EncodedSlotBytes(std::string_view encoded, size_t slot) {
  if (encoded.size() < 4) return std::nullopt;
  uint16_t n;
  std::memcpy(&n, encoded.data(), 2);
  if (slot >= n) return std::nullopt;
  const size_t offsets = 4 + (n + 7) / 8, data = offsets + 4 * static_cast<size_t>(n);
  if (encoded.size() < data) return std::nullopt;
  if ((static_cast<unsigned char>(encoded[4 + slot / 8]) >> (slot % 8)) & 1) return std::nullopt;
  uint32_t begin = 0, end;
  if (slot > 0) std::memcpy(&begin, encoded.data() + offsets + 4 * (slot - 1), 4);
  std::memcpy(&end, encoded.data() + offsets + 4 * slot, 4);
  if (begin > end || data + end > encoded.size()) return std::nullopt;
  return encoded.substr(data + begin, end - begin);
}

void RowRef::Release() {
  if (row_ && row_->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    row_->~Row();
    std::free(row_);
  }
  row_ = nullptr;
}

Result<RowRef> RowRef::Decode(std::string_view encoded) {
  if (encoded.size() < 4) return Status::Corruption("row shorter than its header");
  uint16_t n;
  std::memcpy(&n, encoded.data(), 2);
  size_t data_start = 4 + (n + 7) / 8 + 4 * static_cast<size_t>(n);
  if (encoded.size() < data_start) return Status::Corruption("row header runs past its end");
  uint32_t prev = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t end;
    std::memcpy(&end, encoded.data() + 4 + (n + 7) / 8 + 4 * i, 4);
    if (end < prev || data_start + end > encoded.size()) return Status::Corruption("row slot offsets out of range");
    prev = end;
  }
  if (data_start + prev != encoded.size()) return Status::Corruption("row has trailing bytes");
  void* mem = std::malloc(sizeof(Row) + encoded.size());
  if (!mem) throw std::bad_alloc();
  Row* row = new (mem) Row();
  row->size_ = static_cast<uint32_t>(encoded.size());
  std::memcpy(row->mutable_bytes(), encoded.data(), encoded.size());
  return RowRef(row);
}

RowBuilder::RowBuilder(size_t slot_count) : values_(slot_count) {}

RowBuilder::RowBuilder(const Row& base, size_t slot_count) : values_(std::max<size_t>(slot_count, base.slot_count())) {
  for (size_t i = 0; i < base.slot_count(); ++i) {
    if (!base.IsNull(i)) {
      values_[i].has_value = true;
      values_[i].bytes.assign(base.Bytes(i));
    }
  }
}

void RowBuilder::SetNull(size_t slot) {
  values_[slot].has_value = false;
  values_[slot].bytes.clear();
}

void RowBuilder::SetText(size_t slot, std::string_view text) {
  values_[slot].has_value = true;
  values_[slot].bytes.assign(text);
}

void RowBuilder::SetUuid(size_t slot, const Uuid& id) { SetText(slot, id.AsBytes()); }

void RowBuilder::SetNumber(size_t slot, double value) {
  char b[8];
  std::memcpy(b, &value, 8);
  SetText(slot, {b, 8});
}

void RowBuilder::SetBoolean(size_t slot, bool value) {
  char b = value ? 1 : 0;
  SetText(slot, {&b, 1});
}

void RowBuilder::SetTimestamp(size_t slot, int64_t ms) {
  char b[8];
  std::memcpy(b, &ms, 8);
  SetText(slot, {b, 8});
}

void RowBuilder::SetStringList(size_t slot, const std::vector<std::string>& items) {
  std::string out;
  uint32_t n = static_cast<uint32_t>(items.size());
  out.append(reinterpret_cast<const char*>(&n), 4);
  for (const auto& item : items) {
    uint32_t len = static_cast<uint32_t>(item.size());
    out.append(reinterpret_cast<const char*>(&len), 4);
    out.append(item);
  }
  values_[slot].has_value = true;
  values_[slot].bytes = std::move(out);
}

RowRef RowBuilder::Build() const {
  const size_t n = values_.size();
  size_t data = 0;
  for (const auto& v : values_) data += v.bytes.size();
  const size_t header = 4 + (n + 7) / 8 + 4 * n;
  const size_t total = header + data;
  void* mem = std::malloc(sizeof(Row) + total);
  if (!mem) throw std::bad_alloc();
  Row* row = new (mem) Row();
  row->size_ = static_cast<uint32_t>(total);
  char* p = row->mutable_bytes();
  std::memset(p, 0, header);
  uint16_t n16 = static_cast<uint16_t>(n);
  std::memcpy(p, &n16, 2);
  uint32_t end = 0;
  char* data_out = p + header;
  for (size_t i = 0; i < n; ++i) {
    if (!values_[i].has_value) p[4 + i / 8] |= static_cast<char>(1 << (i % 8));
    std::memcpy(data_out + end, values_[i].bytes.data(), values_[i].bytes.size());
    end += static_cast<uint32_t>(values_[i].bytes.size());
    std::memcpy(p + 4 + (n + 7) / 8 + 4 * i, &end, 4);
  }
  return RowRef(row);
}

}  // namespace vingt::storage

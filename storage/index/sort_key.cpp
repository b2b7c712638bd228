#include "storage/index/sort_key.h"

#include <bit>
#include <cstring>

#include "common/text_fold.h"

namespace vingt::storage {
namespace {

void AppendBigEndian(uint64_t v, std::string* out) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out->append(b, 8);
}

uint64_t ReadBigEndian(std::string_view key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < key.size(); ++i) v = (v << 8) | static_cast<unsigned char>(key[i]);
  return v;
}

// Slot bytes of a number or a timestamp: 8 bytes, anything else reads as 0
// (as CompareSlotBytes reads it).
uint64_t Load8(std::string_view raw) {
  uint64_t v = 0;
  if (raw.size() == 8) std::memcpy(&v, raw.data(), 8);
  return v;
}

uint64_t NumberKey(std::string_view raw) {
  double d;
  uint64_t bits = Load8(raw);
  std::memcpy(&d, &bits, 8);
  if (d == 0) d = 0;  // -0 and +0 compare equal
  std::memcpy(&bits, &d, 8);
  return (bits >> 63) ? ~bits : bits ^ (uint64_t{1} << 63);
}

double NumberFromKey(uint64_t key) {
  uint64_t bits = (key >> 63) ? key ^ (uint64_t{1} << 63) : ~key;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

}  // namespace

bool HasSortKey(SlotKind kind) {
  switch (kind) {
    case SlotKind::kText:
    case SlotKind::kUuid:
    case SlotKind::kNumber:
    case SlotKind::kBoolean:
    case SlotKind::kTimestamp:
    case SlotKind::kDate: return true;
    case SlotKind::kJson:
    case SlotKind::kStringList: return false;
  }
  return false;
}

void AppendSortKey(SlotKind kind, std::string_view raw, std::string* out) {
  switch (kind) {
    case SlotKind::kText: AppendFoldKey(raw, out); return;
    case SlotKind::kNumber: AppendBigEndian(NumberKey(raw), out); return;
    case SlotKind::kTimestamp: AppendBigEndian(Load8(raw) ^ (uint64_t{1} << 63), out); return;
    case SlotKind::kBoolean: out->push_back(static_cast<char>((raw.empty() ? 0 : raw[0]) ^ 0x80)); return;
    default: out->append(raw); return;
  }
}

std::string_view CanonicalRaw(SlotKind kind, std::string_view key, std::string* scratch) {
  switch (kind) {
    case SlotKind::kNumber: {
      double d = NumberFromKey(ReadBigEndian(key));
      scratch->assign(reinterpret_cast<const char*>(&d), 8);
      return *scratch;
    }
    case SlotKind::kTimestamp: {
      uint64_t v = ReadBigEndian(key) ^ (uint64_t{1} << 63);
      scratch->assign(reinterpret_cast<const char*>(&v), 8);
      return *scratch;
    }
    case SlotKind::kBoolean:
      scratch->assign(1, static_cast<char>((key.empty() ? 0 : key[0]) ^ 0x80));
      return *scratch;
    default: return key;
  }
}

bool NeedsRaw(SlotKind kind, std::string_view raw, std::string_view key) {
  std::string scratch;
  return CanonicalRaw(kind, key, &scratch) != raw;
}

uint64_t SortKeyPrefix(std::string_view key) {
  uint64_t v = 0;
  const size_t n = key.size() < 7 ? key.size() : 7;
  for (size_t i = 0; i < 7; ++i) v = (v << 8) | (i < n ? static_cast<unsigned char>(key[i]) : 0);
  return (v << 8) | (key.size() < 8 ? key.size() : 8);
}

void SortKeyPrefix16(std::string_view key, uint64_t out[2]) {
  auto byte = [&](size_t i) -> uint64_t { return i < key.size() ? static_cast<unsigned char>(key[i]) : 0; };
  uint64_t a = 0, b = 0;
  for (size_t i = 0; i < 8; ++i) a = (a << 8) | byte(i);
  for (size_t i = 8; i < 15; ++i) b = (b << 8) | byte(i);
  out[0] = a;
  out[1] = (b << 8) | (key.size() < 16 ? key.size() : 16);
}

}  // namespace vingt::storage

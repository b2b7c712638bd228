#include "storage/uuid.h"

#include <random>

namespace vingt::storage {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint64_t SplitMix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

std::optional<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid u;
  size_t out = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    int hi = HexValue(text[i]), lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    u.bytes[out++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return u;
}

Uuid Uuid::Random() {
  thread_local std::mt19937_64 gen([] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }());
  Uuid u;
  uint64_t a = gen(), b = gen();
  std::memcpy(u.bytes.data(), &a, 8);
  std::memcpy(u.bytes.data() + 8, &b, 8);
  u.bytes[6] = (u.bytes[6] & 0x0F) | 0x40;
  u.bytes[8] = (u.bytes[8] & 0x3F) | 0x80;
  return u;
}

Uuid Uuid::Derive(const Uuid& ns, std::string_view name) {
  uint64_t state = ns.Hash();
  for (char c : name) state = (state ^ static_cast<uint8_t>(c)) * 0x100000001B3ull;
  Uuid u;
  uint64_t a = SplitMix(state), b = SplitMix(state);
  std::memcpy(u.bytes.data(), &a, 8);
  std::memcpy(u.bytes.data() + 8, &b, 8);
  u.bytes[6] = (u.bytes[6] & 0x0F) | 0x40;
  u.bytes[8] = (u.bytes[8] & 0x3F) | 0x80;
  return u;
}

void Uuid::AppendTo(std::string* out) const {
  static constexpr char kHex[] = "0123456789abcdef";
  // Sized once and written through a pointer: ids go into every answer.
  const size_t at = out->size();
  out->resize(at + 36);
  char* p = out->data() + at;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    *p++ = kHex[bytes[i] >> 4];
    *p++ = kHex[bytes[i] & 15];
  }
}

std::string Uuid::ToString() const {
  std::string s;
  s.reserve(36);
  AppendTo(&s);
  return s;
}

}  // namespace vingt::storage

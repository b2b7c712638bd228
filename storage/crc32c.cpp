#include "storage/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace vingt::storage {
namespace crc32c_internal {
namespace {

constexpr uint32_t kPoly = 0x82F63B78u;  // reflected Castagnoli polynomial

// kTables[0] is the classic byte table; kTables[k][b] is the CRC of byte b
// followed by k zero bytes, so eight table lookups fold in eight input bytes.
using SliceTables = std::array<std::array<uint32_t, 256>, 8>;

constexpr SliceTables MakeTables() {
  SliceTables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t crc = b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? kPoly : 0);
    t[0][b] = crc;
  }
  for (uint32_t b = 0; b < 256; ++b) {
    for (size_t k = 1; k < 8; ++k) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
  return t;
}

constexpr SliceTables kTables = MakeTables();

inline uint64_t LoadLe64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

}  // namespace

uint32_t CrcPortable(const void* data, size_t n, uint32_t init) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint32_t crc = ~init;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v = LoadLe64(p) ^ crc;
    crc = kTables[7][v & 0xff] ^ kTables[6][(v >> 8) & 0xff] ^ kTables[5][(v >> 16) & 0xff] ^
          kTables[4][(v >> 24) & 0xff] ^ kTables[3][(v >> 32) & 0xff] ^ kTables[2][(v >> 40) & 0xff] ^
          kTables[1][(v >> 48) & 0xff] ^ kTables[0][v >> 56];
  }
  for (; n > 0; ++p, --n) crc = (crc >> 8) ^ kTables[0][(crc ^ *p) & 0xff];
  return ~crc;
}

#if defined(__x86_64__)
namespace {

// Three independent streams keep the crc32 instruction's pipeline full (its
// latency is three times its throughput); their registers are then
// combined. Advancing a register over L zero bytes is linear, so for the
// two fixed distances it is four table lookups, the tables made once by
// running the instruction over zeros.
constexpr size_t kStreamBytes = 4096;

struct ShiftTable {
  uint32_t t[4][256];
  uint32_t operator()(uint32_t r) const {
    return t[0][r & 0xFF] ^ t[1][(r >> 8) & 0xFF] ^ t[2][(r >> 16) & 0xFF] ^ t[3][r >> 24];
  }
};

__attribute__((target("sse4.2"))) uint32_t ShiftSlow(uint32_t r, size_t zero_bytes) {
  uint64_t v = r;
  for (size_t i = 0; i < zero_bytes; i += 8) v = _mm_crc32_u64(v, 0);
  return static_cast<uint32_t>(v);
}

ShiftTable MakeShift(size_t zero_bytes) {
  ShiftTable s;
  for (int k = 0; k < 4; ++k)
    for (uint32_t b = 0; b < 256; ++b) s.t[k][b] = ShiftSlow(b << (8 * k), zero_bytes);
  return s;
}

}  // namespace

__attribute__((target("sse4.2"))) uint32_t CrcHardware(const void* data, size_t n, uint32_t init) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint32_t crc = ~init;
  // Byte steps up to 8-byte alignment, then one instruction per 8 bytes.
  for (; n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0; ++p, --n) crc = _mm_crc32_u8(crc, *p);
  if (n >= 3 * kStreamBytes) {
    static const ShiftTable by_one = MakeShift(kStreamBytes), by_two = MakeShift(2 * kStreamBytes);
    for (; n >= 3 * kStreamBytes; p += 3 * kStreamBytes, n -= 3 * kStreamBytes) {
      uint64_t a = crc, b = 0, c = 0;
      for (size_t i = 0; i < kStreamBytes; i += 8) {
        uint64_t va, vb, vc;
        std::memcpy(&va, p + i, 8);
        std::memcpy(&vb, p + kStreamBytes + i, 8);
        std::memcpy(&vc, p + 2 * kStreamBytes + i, 8);
        a = _mm_crc32_u64(a, va);
        b = _mm_crc32_u64(b, vb);
        c = _mm_crc32_u64(c, vc);
      }
      crc = by_two(static_cast<uint32_t>(a)) ^ by_one(static_cast<uint32_t>(b)) ^ static_cast<uint32_t>(c);
    }
  }
  uint64_t crc64 = crc;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    std::memcpy(&v, p, sizeof(v));
    crc64 = _mm_crc32_u64(crc64, v);
  }
  crc = static_cast<uint32_t>(crc64);
  for (; n > 0; ++p, --n) crc = _mm_crc32_u8(crc, *p);
  return ~crc;
}

bool HardwareCrcAvailable() {
  static const bool available = __builtin_cpu_supports("sse4.2");
  return available;
}
#else
uint32_t CrcHardware(const void* data, size_t n, uint32_t init) { return CrcPortable(data, n, init); }
bool HardwareCrcAvailable() { return false; }
#endif

}  // namespace crc32c_internal

uint32_t Crc32c(const void* data, size_t n, uint32_t init) {
  static const bool hardware = crc32c_internal::HardwareCrcAvailable();
  return hardware ? crc32c_internal::CrcHardware(data, n, init) : crc32c_internal::CrcPortable(data, n, init);
}

}  // namespace vingt::storage

#include "storage/index/keyed_hash.h"

#include <bit>
#include <cstring>
#include <random>

namespace vingt::storage {
namespace {

struct Key {
  uint64_t k0, k1;
};

const Key& ProcessKey() {
  static const Key key = [] {
    std::random_device rd;
    auto word = [&] { return (static_cast<uint64_t>(rd()) << 32) ^ rd(); };
    return Key{word(), word()};
  }();
  return key;
}

inline void SipRound(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3) {
  v0 += v1;
  v1 = std::rotl(v1, 13);
  v1 ^= v0;
  v0 = std::rotl(v0, 32);
  v2 += v3;
  v3 = std::rotl(v3, 16);
  v3 ^= v2;
  v0 += v3;
  v3 = std::rotl(v3, 21);
  v3 ^= v0;
  v2 += v1;
  v1 = std::rotl(v1, 17);
  v1 ^= v2;
  v2 = std::rotl(v2, 32);
}

}  // namespace

uint64_t KeyedHash(std::string_view bytes) {
  const Key& key = ProcessKey();
  uint64_t v0 = key.k0 ^ 0x736f6d6570736575ull;
  uint64_t v1 = key.k1 ^ 0x646f72616e646f6dull;
  uint64_t v2 = key.k0 ^ 0x6c7967656e657261ull;
  uint64_t v3 = key.k1 ^ 0x7465646279746573ull;
  const size_t n = bytes.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t m;
    std::memcpy(&m, bytes.data() + i, 8);  // little-endian words, as SipHash reads them
    v3 ^= m;
    SipRound(v0, v1, v2, v3);
    SipRound(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t last = static_cast<uint64_t>(n & 0xFF) << 56;
  for (size_t j = 0; i + j < n; ++j) last |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i + j])) << (8 * j);
  v3 ^= last;
  SipRound(v0, v1, v2, v3);
  SipRound(v0, v1, v2, v3);
  v0 ^= last;
  v2 ^= 0xFF;
  for (int r = 0; r < 4; ++r) SipRound(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

}  // namespace vingt::storage

// A 128-bit record or metadata id, with RFC 4122 text form.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vingt::storage {

struct Uuid {
  std::array<uint8_t, 16> bytes{};

  // Accepts the canonical 8-4-4-4-12 hex form, either case. Twenty validates
  // with a version-agnostic pattern, so any version nibble is accepted.
  static std::optional<Uuid> Parse(std::string_view text);
  // Random version-4 id. Thread-safe; a thread-local generator seeded once
  // from the OS, so it costs no syscall per call.
  static Uuid Random();
  // Deterministic id derived from a namespace id and a name (BLAKE-free
  // FNV/SplitMix mix, version nibble 5-like). Used for the ids of standard
  // metadata so that they are stable across restarts without being stored.
  static Uuid Derive(const Uuid& ns, std::string_view name);
  static Uuid FromBytes(std::string_view sixteen_bytes) {
    Uuid u;
    std::memcpy(u.bytes.data(), sixteen_bytes.data(), 16);
    return u;
  }

  std::string ToString() const;  // lower-case canonical form
  void AppendTo(std::string* out) const;
  std::string_view AsBytes() const { return {reinterpret_cast<const char*>(bytes.data()), 16}; }
  bool IsNil() const {
    for (uint8_t b : bytes)
      if (b) return false;
    return true;
  }
  // Byte-wise order (as Postgres orders uuids), as two big-endian words:
  // ordered maps compare ids at every step, and a memcmp call per step
  // dominated recovery profiles.
  std::strong_ordering operator<=>(const Uuid& o) const {
    uint64_t a = Word(0), b = o.Word(0);
    if (a != b) return a <=> b;
    return Word(8) <=> o.Word(8);
  }
  bool operator==(const Uuid& o) const { return Word(0) == o.Word(0) && Word(8) == o.Word(8); }
  uint64_t Word(size_t offset) const {
    uint64_t v;
    std::memcpy(&v, bytes.data() + offset, 8);
    return __builtin_bswap64(v);
  }
  uint64_t Hash() const {
    uint64_t a, b;
    std::memcpy(&a, bytes.data(), 8);
    std::memcpy(&b, bytes.data() + 8, 8);
    uint64_t h = a ^ (b * 0x9E3779B97F4A7C15ull);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
  }
};

struct UuidHash {
  size_t operator()(const Uuid& u) const { return u.Hash(); }
};

// True for the 36-character canonical text form Twenty accepts.
inline bool IsValidUuidText(std::string_view text) { return Uuid::Parse(text).has_value(); }

}  // namespace vingt::storage

// GCC 12 reports a false -Wrestrict inside std::string's operator+ when
// Boost.Test names data test cases (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "storage/crc32c.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

namespace vingt::storage {
namespace {

namespace data = boost::unit_test::data;
using crc32c_internal::CrcHardware;
using crc32c_internal::CrcPortable;
using crc32c_internal::HardwareCrcAvailable;

std::string Bytes(size_t n, int (*f)(size_t)) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(f(i));
  return s;
}

struct Vector {
  const char* name;
  std::string data;
  uint32_t crc;
};

std::ostream& operator<<(std::ostream& os, const Vector& v) { return os << v.name; }

// From RFC 3720 (iSCSI) appendix B.4 and the usual check value.
const Vector kVectors[] = {
    {"check", "123456789", 0xE3069283u},
    {"32 zeros", std::string(32, '\0'), 0x8A9136AAu},
    {"32 ones", std::string(32, '\xff'), 0x62A8AB43u},
    {"ascending", Bytes(32, [](size_t i) { return static_cast<int>(i); }), 0x46DD794Eu},
    {"descending", Bytes(32, [](size_t i) { return static_cast<int>(31 - i); }), 0x113FDB5Cu},
    {"empty", "", 0u},
};

BOOST_AUTO_TEST_SUITE(crc32c)

BOOST_DATA_TEST_CASE(KnownVectors, data::make(kVectors), v) {
  BOOST_TEST(Crc32c(v.data.data(), v.data.size()) == v.crc);
  BOOST_TEST(CrcPortable(v.data.data(), v.data.size(), 0) == v.crc);
  if (HardwareCrcAvailable()) BOOST_TEST(CrcHardware(v.data.data(), v.data.size(), 0) == v.crc);
}

BOOST_AUTO_TEST_CASE(ExtendsAtEverySplit) {
  std::string s = Bytes(100, [](size_t i) { return static_cast<int>(i * 37 + 11); });
  const uint32_t whole = Crc32c(s.data(), s.size());
  for (size_t split = 0; split <= s.size(); ++split) {
    uint32_t first = Crc32c(s.data(), split);
    BOOST_TEST(Crc32c(s.data() + split, s.size() - split, first) == whole, "split " << split);
  }
}

BOOST_AUTO_TEST_CASE(ImplementationsAgreeOnEveryLengthAndAlignment) {
  std::string s = Bytes(300, [](size_t i) { return static_cast<int>((i * 2654435761u) >> 7); });
  for (size_t start = 0; start < 9; ++start) {
    for (size_t n = 0; start + n <= s.size(); n += (n < 40 ? 1 : 23)) {
      uint32_t portable = CrcPortable(s.data() + start, n, 0x1234u);
      BOOST_TEST(Crc32c(s.data() + start, n, 0x1234u) == portable);
      if (HardwareCrcAvailable()) BOOST_TEST(CrcHardware(s.data() + start, n, 0x1234u) == portable);
    }
  }
}

BOOST_AUTO_TEST_CASE(ThreeStreamPathAgreesOnLongInputs) {
  // Past 3 × 4 KiB the hardware path runs three interleaved streams and
  // combines them; the portable one is the reference.
  std::string s = Bytes(70000, [](size_t i) { return static_cast<int>((i * 2654435761u) >> 11); });
  for (size_t start : {0u, 3u, 8u})
    for (size_t n : {12287u, 12288u, 12289u, 24576u + 5u, 69000u}) {
      uint32_t portable = CrcPortable(s.data() + start, n, 0xBEEFu);
      if (HardwareCrcAvailable()) BOOST_TEST(CrcHardware(s.data() + start, n, 0xBEEFu) == portable, start << "+" << n);
      BOOST_TEST(Crc32c(s.data() + start, n, 0xBEEFu) == portable);
    }
}

BOOST_AUTO_TEST_CASE(DifferentDataDifferentCrc) {
  BOOST_TEST(Crc32c("a", 1) != Crc32c("foo", 3));
  BOOST_TEST(Crc32c("a", 1) != Crc32c("b", 1));
}

BOOST_AUTO_TEST_CASE(MaskRoundTripsAndChangesTheValue) {
  for (uint32_t crc : {0u, 1u, 0xE3069283u, 0xffffffffu, 0x80000000u}) {
    BOOST_TEST(MaskCrc(crc) != crc);
    BOOST_TEST(MaskCrc(MaskCrc(crc)) != crc);
    BOOST_TEST(UnmaskCrc(MaskCrc(crc)) == crc);
    BOOST_TEST(UnmaskCrc(UnmaskCrc(MaskCrc(MaskCrc(crc)))) == crc);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

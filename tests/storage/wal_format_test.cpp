// GCC 12 reports a false -Wrestrict inside std::string's operator+ when
// Boost.Test names data test cases (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "storage/wal_format.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::storage::WalDecodeStatus)

namespace vingt::storage {
namespace {

namespace data = boost::unit_test::data;

std::string Payload(size_t n, char seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i * 7);
  return s;
}

BOOST_AUTO_TEST_SUITE(wal_format)

BOOST_AUTO_TEST_CASE(HeaderBytesAreAsDrawn) {
  std::string buf;
  AppendWalRecord(&buf, WalRecordType::kPutRow, 0x0102030405060708ull, "abc");
  BOOST_TEST(buf.size() == kWalHeaderSize + 3);
  BOOST_TEST(wal_internal::GetFixed32(buf.data() + 4) == 3u);
  BOOST_TEST(buf[8] == static_cast<char>(WalRecordType::kPutRow));
  BOOST_TEST(buf[9] == '\x08');  // little-endian lsn
  BOOST_TEST(buf[16] == '\x01');
  BOOST_TEST(buf.substr(17) == "abc");
  uint32_t crc = Crc32c(buf.data() + 8, buf.size() - 8);
  BOOST_TEST(UnmaskCrc(wal_internal::GetFixed32(buf.data())) == crc);
}

BOOST_AUTO_TEST_CASE(RoundTripsManyRecords) {
  std::string buf;
  for (uint64_t lsn = 1; lsn <= 200; ++lsn) {
    AppendWalRecord(&buf, static_cast<WalRecordType>(1 + lsn % 5), lsn, Payload(lsn * 3 % 50, static_cast<char>(lsn)));
  }
  size_t offset = 0;
  for (uint64_t lsn = 1; lsn <= 200; ++lsn) {
    WalDecoded d = DecodeWalRecord(buf, offset);
    BOOST_REQUIRE((d.status == WalDecodeStatus::kRecord));
    BOOST_TEST(d.lsn == lsn);
    BOOST_TEST(static_cast<int>(d.type) == static_cast<int>(1 + lsn % 5));
    BOOST_TEST(d.payload == Payload(lsn * 3 % 50, static_cast<char>(lsn)));
    offset = d.next_offset;
  }
  BOOST_TEST(DecodeWalRecord(buf, offset).status == WalDecodeStatus::kEndOfData);
}

BOOST_AUTO_TEST_CASE(EmptyPayload) {
  std::string buf;
  AppendWalRecord(&buf, WalRecordType::kMetadata, 9, "");
  WalDecoded d = DecodeWalRecord(buf, 0);
  BOOST_TEST((d.status == WalDecodeStatus::kRecord));
  BOOST_TEST(d.payload.empty());
  BOOST_TEST(d.next_offset == kWalHeaderSize);
}

// Every proper prefix of a record is truncated, never a record or garbage.
BOOST_DATA_TEST_CASE(EveryPrefixIsTruncated, data::xrange(1, 17 + 20), keep) {
  std::string buf;
  AppendWalRecord(&buf, WalRecordType::kPutRow, 5, Payload(20, 'x'));
  buf.resize(static_cast<size_t>(keep));
  BOOST_TEST(DecodeWalRecord(buf, 0).status == WalDecodeStatus::kTruncated);
}

// Flipping any byte of a record makes it fail to decode as a record.
BOOST_DATA_TEST_CASE(EveryFlippedByteIsDetected, data::xrange(0, 17 + 12), pos) {
  std::string buf;
  AppendWalRecord(&buf, WalRecordType::kDeleteRow, 77, Payload(12, 'q'));
  buf.append(64, 'z');  // room so a grown length need not run off the end
  buf[static_cast<size_t>(pos)] ^= 0x10;
  WalDecodeStatus s = DecodeWalRecord(buf, 0).status;
  BOOST_TEST((s == WalDecodeStatus::kBadChecksum || s == WalDecodeStatus::kTruncated ||
              s == WalDecodeStatus::kBadLength),
             "byte " << pos << " gave " << WalDecodeStatusName(s));
}

BOOST_AUTO_TEST_CASE(LengthOverLimitIsBadLength) {
  std::string buf;
  AppendWalRecord(&buf, WalRecordType::kPutRow, 1, "x");
  wal_internal::PutFixed32(buf.data() + 4, kMaxWalPayload + 1);
  BOOST_TEST(DecodeWalRecord(buf, 0).status == WalDecodeStatus::kBadLength);
}

BOOST_AUTO_TEST_CASE(ZeroesNeverDecode) {
  std::string zeros(64, '\0');
  BOOST_TEST(DecodeWalRecord(zeros, 0).status == WalDecodeStatus::kBadChecksum);
  BOOST_TEST(!FindNextWalRecord(zeros, 0).has_value());
  BOOST_TEST(IsZeroTail(zeros, 0));
  BOOST_TEST(IsZeroTail(zeros, 64));
}

BOOST_AUTO_TEST_CASE(TypeZeroWithValidChecksumIsRejected) {
  std::string buf(kWalHeaderSize, '\0');
  wal_internal::PutFixed32(buf.data(), MaskCrc(Crc32c(buf.data() + 8, kWalHeaderSize - 8)));
  BOOST_TEST(DecodeWalRecord(buf, 0).status == WalDecodeStatus::kBadType);
}

BOOST_AUTO_TEST_CASE(FindNextResynchronisesAfterGarbage) {
  std::string buf = "garbage!";
  size_t good = buf.size();
  AppendWalRecord(&buf, WalRecordType::kPutKey, 3, "key");
  BOOST_TEST(FindNextWalRecord(buf, 0).value_or(0) == good);
  BOOST_TEST(FindNextWalRecord(buf, good).value_or(0) == good);
  BOOST_TEST(!FindNextWalRecord(buf, good + 1).has_value());
}

BOOST_AUTO_TEST_CASE(SegmentNames) {
  BOOST_TEST(WalSegmentFileName(42) == "wal-000000000000002a.log");
  BOOST_TEST(ParseWalSegmentFileName("wal-000000000000002a.log").value_or(0) == 42u);
  BOOST_TEST(ParseWalSegmentFileName(WalSegmentFileName(~0ull)).value_or(0) == ~0ull);
  BOOST_TEST(!ParseWalSegmentFileName("wal-000000000000002A.log").has_value());
  BOOST_TEST(!ParseWalSegmentFileName("wal-000000000000002a.log.tmp").has_value());
  BOOST_TEST(!ParseWalSegmentFileName("wal-2a.log").has_value());
  BOOST_TEST(!ParseWalSegmentFileName("snap-000000000000002a.vsnap").has_value());
}

BOOST_AUTO_TEST_CASE(TypeNames) {
  BOOST_TEST(WalRecordTypeName(WalRecordType::kPutRow) == "kPutRow");
  BOOST_TEST(WalRecordTypeName(static_cast<WalRecordType>(42)) == "type-42");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

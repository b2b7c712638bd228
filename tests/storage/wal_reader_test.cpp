// GCC 12 reports a false -Wrestrict inside std::string's operator+ when
// Boost.Test names data test cases (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "storage/wal_reader.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "storage/fault_injection_file.h"

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::StatusCode)

namespace vingt::storage {
namespace {

namespace data = boost::unit_test::data;

const std::string kDir = "/db/wal";

std::string SegPath(uint64_t segment) { return kDir + "/" + WalSegmentFileName(segment); }

std::string PayloadFor(uint64_t lsn) { return "payload-of-record-" + std::to_string(lsn); }

// Writes segment `segment` holding records first_lsn .. first_lsn+count-1
// and returns the offset at which each record starts.
std::vector<size_t> WriteSegment(FaultInjectionFileSystem& fs, uint64_t segment, uint64_t first_lsn, int count) {
  std::string buf;
  std::vector<size_t> offsets;
  for (int i = 0; i < count; ++i) {
    offsets.push_back(buf.size());
    uint64_t lsn = first_lsn + static_cast<uint64_t>(i);
    AppendWalRecord(&buf, WalRecordType::kPutRow, lsn, PayloadFor(lsn));
  }
  fs.SetFileContents(SegPath(segment), buf);
  return offsets;
}

struct Replayed {
  Result<WalReplayReport> report = Status::Unavailable("not run");
  std::vector<uint64_t> lsns;
};

Replayed Replay(FaultInjectionFileSystem& fs, WalRecoveryMode mode, uint64_t first_segment = 0) {
  Replayed out;
  out.report = ReplayWal(&fs, kDir, first_segment, mode, [&](WalRecordType type, uint64_t lsn, std::string_view p) {
    if (p != PayloadFor(lsn) || type != WalRecordType::kPutRow) {
      return Status::InvalidArgument("record " + std::to_string(lsn) + " came back different");
    }
    out.lsns.push_back(lsn);
    return Status::Ok();
  });
  return out;
}

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> v;
  for (uint64_t i = first; i <= last; ++i) v.push_back(i);
  return v;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

BOOST_AUTO_TEST_SUITE(wal_reader)

BOOST_AUTO_TEST_CASE(RoundTripOverSeveralSegments) {
  FaultInjectionFileSystem fs;
  for (uint64_t seg = 1; seg <= 5; ++seg) WriteSegment(fs, seg, (seg - 1) * 100 + 1, 100);
  Replayed r = Replay(fs, WalRecoveryMode::kAbsoluteConsistency);
  BOOST_REQUIRE_MESSAGE(r.report.ok(), r.report.status().ToString());
  BOOST_TEST(r.lsns == Range(1, 500));
  BOOST_TEST(r.report->records == 500u);
  BOOST_TEST(r.report->last_lsn == 500u);
  BOOST_TEST(r.report->last_segment == 5u);
  BOOST_TEST(r.report->warnings.empty());
}

BOOST_AUTO_TEST_CASE(MissingDirIsAnEmptyLog) {
  FaultInjectionFileSystem fs;
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_REQUIRE(r.report.ok());
  BOOST_TEST(r.report->records == 0u);
  BOOST_TEST(r.report->last_segment == 0u);
  BOOST_TEST(ListWalSegments(&fs, kDir).value().empty());
}

BOOST_AUTO_TEST_CASE(ListWalSegmentsSortsAndIgnoresOtherFiles) {
  FaultInjectionFileSystem fs;
  for (uint64_t seg : {12, 3, 0x1f}) fs.SetFileContents(SegPath(seg), "");
  fs.SetFileContents(kDir + "/wal-0000000000000004.log.tmp", "");
  fs.SetFileContents(kDir + "/notes.txt", "");
  BOOST_TEST(ListWalSegments(&fs, kDir).value() == (std::vector<uint64_t>{3, 12, 0x1f}));
}

// The last record of the last segment loses its final K bytes (a crash in
// the middle of the write): replay returns exactly the complete records and
// cuts the file back to the end of the last one.
constexpr int kLastRecordSize = static_cast<int>(kWalHeaderSize) + 20;  // PayloadFor(20)
BOOST_DATA_TEST_CASE(TornTailAtEveryCut, data::xrange(1, kLastRecordSize), cut) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 10);
  std::vector<size_t> offsets = WriteSegment(fs, 2, 11, 10);
  const std::string file = fs.FileContents(SegPath(2));
  BOOST_REQUIRE(file.size() - offsets.back() == size_t{kLastRecordSize});
  fs.TruncateTo(SegPath(2), file.size() - static_cast<size_t>(cut));

  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_REQUIRE_MESSAGE(r.report.ok(), r.report.status().ToString());
  BOOST_TEST(r.lsns == Range(1, 19));
  BOOST_TEST(r.report->last_lsn == 19u);
  BOOST_TEST(fs.FileContents(SegPath(2)) == file.substr(0, offsets.back()));
  BOOST_REQUIRE(r.report->warnings.size() == 1u);
  const std::string want = SegPath(2) + ": torn tail at offset " + std::to_string(offsets.back()) + ", " +
                           std::to_string(kLastRecordSize - cut) + " bytes dropped";
  BOOST_TEST(Contains(r.report->warnings[0], want), r.report->warnings[0]);
  BOOST_REQUIRE(r.report->drops.size() == 1u);
  BOOST_TEST(r.report->drops[0].torn_tail);

  // The cut is durable and complete: a second replay is clean.
  Replayed again = Replay(fs, WalRecoveryMode::kAbsoluteConsistency);
  BOOST_REQUIRE(again.report.ok());
  BOOST_TEST(again.lsns == Range(1, 19));
  BOOST_TEST(again.report->warnings.empty());
}

BOOST_DATA_TEST_CASE(TornTailIsAnErrorUnderAbsoluteConsistency, data::make({1, 5, 17, 30}), cut) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 10);
  const std::string file = fs.FileContents(SegPath(1));
  fs.TruncateTo(SegPath(1), file.size() - static_cast<size_t>(cut));
  Replayed r = Replay(fs, WalRecoveryMode::kAbsoluteConsistency);
  BOOST_TEST(r.report.status().code() == StatusCode::kCorruption);
  BOOST_TEST(Contains(r.report.status().message(), SegPath(1)));
  BOOST_TEST(fs.FileContents(SegPath(1)).size() == file.size() - static_cast<size_t>(cut));  // untouched
}

BOOST_AUTO_TEST_CASE(TornTailIsAlsoCutUnderSkipCorrupt) {
  FaultInjectionFileSystem fs;
  std::vector<size_t> offsets = WriteSegment(fs, 1, 1, 10);
  fs.TruncateTo(SegPath(1), offsets.back() + 3);
  Replayed r = Replay(fs, WalRecoveryMode::kSkipCorrupt);
  BOOST_REQUIRE(r.report.ok());
  BOOST_TEST(r.lsns == Range(1, 9));
  BOOST_TEST(fs.FileContents(SegPath(1)).size() == offsets.back());
}

BOOST_AUTO_TEST_CASE(ZeroFilledTailIsATornTail) {
  for (size_t zeros : {1, 16, 17, 4096}) {
    FaultInjectionFileSystem fs;
    WriteSegment(fs, 1, 1, 10);
    const std::string file = fs.FileContents(SegPath(1));
    fs.SetFileContents(SegPath(1), file + std::string(zeros, '\0'));
    Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
    BOOST_REQUIRE(r.report.ok());
    BOOST_TEST(r.lsns == Range(1, 10));
    BOOST_TEST(fs.FileContents(SegPath(1)) == file);
    BOOST_REQUIRE(r.report->warnings.size() == 1u);
    BOOST_TEST(Contains(r.report->warnings[0], std::to_string(zeros) + " bytes dropped"), r.report->warnings[0]);
  }
}

BOOST_AUTO_TEST_CASE(GarbageTailWithNothingValidAfterIsATornTail) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 5);
  const std::string file = fs.FileContents(SegPath(1));
  fs.SetFileContents(SegPath(1), file + "\x13\x37this is not a record, just noise from a torn write");
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_REQUIRE(r.report.ok());
  BOOST_TEST(r.lsns == Range(1, 5));
  BOOST_TEST(fs.FileContents(SegPath(1)) == file);
}

// A flipped byte anywhere in a record that has valid records after it is
// corruption, not a torn tail: replay stops, names the file and offset, and
// changes nothing on disk.
constexpr int kMiddleRecordSize = static_cast<int>(kWalHeaderSize) + 19;  // PayloadFor(5)
BOOST_DATA_TEST_CASE(FlippedByteInMiddleRecordIsCorruption, data::xrange(0, kMiddleRecordSize), pos) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 3);
  std::vector<size_t> offsets = WriteSegment(fs, 2, 4, 5);
  const size_t bad = offsets[1];  // lsn 5
  BOOST_REQUIRE(offsets[2] - bad == size_t{kMiddleRecordSize});
  fs.CorruptByte(SegPath(2), bad + static_cast<size_t>(pos));
  const std::string damaged = fs.FileContents(SegPath(2));

  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_REQUIRE(!r.report.ok());
  const Status& s = r.report.status();
  BOOST_TEST(s.code() == StatusCode::kCorruption);
  BOOST_TEST(Contains(s.message(), "WAL corruption in " + SegPath(2) + " at offset " + std::to_string(bad) + ": "),
             s.message());
  BOOST_TEST(Contains(s.message(), "--wal-recovery=skip-corrupt"));
  BOOST_TEST(Contains(s.message(), "vingt_walcheck"));
  BOOST_TEST(r.lsns == Range(1, 4));
  BOOST_TEST(fs.FileContents(SegPath(2)) == damaged);

  // Skipping drops exactly the bad record and replays the rest.
  Replayed skip = Replay(fs, WalRecoveryMode::kSkipCorrupt);
  BOOST_REQUIRE_MESSAGE(skip.report.ok(), skip.report.status().ToString());
  BOOST_TEST(skip.lsns == (std::vector<uint64_t>{1, 2, 3, 4, 6, 7, 8}));
  BOOST_TEST(skip.report->last_lsn == 8u);
  BOOST_REQUIRE(skip.report->warnings.size() == 1u);
  const std::string want = SegPath(2) + ": corruption at offset " + std::to_string(bad) + ", " +
                           std::to_string(kMiddleRecordSize) + " bytes skipped";
  BOOST_TEST(Contains(skip.report->warnings[0], want), skip.report->warnings[0]);
  BOOST_TEST(fs.FileContents(SegPath(2)) == damaged);
}

BOOST_AUTO_TEST_CASE(BadLastRecordOfAnOlderSegmentIsCorruption) {
  FaultInjectionFileSystem fs;
  std::vector<size_t> offsets = WriteSegment(fs, 1, 1, 5);
  WriteSegment(fs, 2, 6, 5);
  fs.CorruptByte(SegPath(1), offsets.back() + kWalHeaderSize + 2);
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_TEST(r.report.status().code() == StatusCode::kCorruption);
  BOOST_TEST(Contains(r.report.status().message(), SegPath(1) + " at offset " + std::to_string(offsets.back())));

  Replayed skip = Replay(fs, WalRecoveryMode::kSkipCorrupt);
  BOOST_REQUIRE(skip.report.ok());
  BOOST_TEST(skip.lsns == (std::vector<uint64_t>{1, 2, 3, 4, 6, 7, 8, 9, 10}));
  BOOST_TEST(skip.report->warnings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(TruncatedRecordOfAnOlderSegmentIsCorruption) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 5);
  WriteSegment(fs, 2, 6, 5);
  const std::string file = fs.FileContents(SegPath(1));
  fs.TruncateTo(SegPath(1), file.size() - 4);
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_TEST(r.report.status().code() == StatusCode::kCorruption);
  BOOST_TEST(fs.FileContents(SegPath(1)).size() == file.size() - 4);
}

BOOST_AUTO_TEST_CASE(LengthBeyondEndWithValidRecordsAfterIsCorruption) {
  // A flipped bit in a length can make a middle record look like it runs
  // past the end of the file; the valid records after it expose that.
  FaultInjectionFileSystem fs;
  std::vector<size_t> offsets = WriteSegment(fs, 1, 1, 5);
  std::string file = fs.FileContents(SegPath(1));
  wal_internal::PutFixed32(file.data() + offsets[2] + 4, 1u << 20);
  fs.SetFileContents(SegPath(1), file);
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_TEST(r.report.status().code() == StatusCode::kCorruption);
  BOOST_TEST(fs.FileContents(SegPath(1)) == file);
}

BOOST_AUTO_TEST_CASE(MissingSegmentIsCorruption) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 2);
  WriteSegment(fs, 3, 5, 2);
  Replayed r = Replay(fs, WalRecoveryMode::kTolerateTornTail);
  BOOST_TEST(r.report.status().code() == StatusCode::kCorruption);
  BOOST_TEST(Contains(r.report.status().message(), WalSegmentFileName(2) + " missing"), r.report.status().message());

  Replayed skip = Replay(fs, WalRecoveryMode::kSkipCorrupt);
  BOOST_REQUIRE(skip.report.ok());
  BOOST_TEST(skip.lsns == (std::vector<uint64_t>{1, 2, 5, 6}));
  BOOST_TEST(skip.report->warnings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(FirstSegmentSelectsWhereReplayStarts) {
  FaultInjectionFileSystem fs;
  for (uint64_t seg = 1; seg <= 3; ++seg) WriteSegment(fs, seg, seg * 10, 2);

  Replayed from2 = Replay(fs, WalRecoveryMode::kTolerateTornTail, 2);
  BOOST_REQUIRE(from2.report.ok());
  BOOST_TEST(from2.lsns == (std::vector<uint64_t>{20, 21, 30, 31}));
  BOOST_TEST(from2.report->last_segment == 3u);

  // A snapshot newer than every segment: nothing to replay, and new writes
  // must go to segment 5 at least.
  Replayed from5 = Replay(fs, WalRecoveryMode::kTolerateTornTail, 5);
  BOOST_REQUIRE(from5.report.ok());
  BOOST_TEST(from5.lsns.empty());
  BOOST_TEST(from5.report->last_segment == 4u);
  BOOST_TEST(from5.report->last_lsn == 0u);

  // The snapshot's own segment is gone but a later one is there: lost data.
  BOOST_REQUIRE(fs.Remove(SegPath(2)).ok());
  Replayed gap = Replay(fs, WalRecoveryMode::kTolerateTornTail, 2);
  BOOST_TEST(gap.report.status().code() == StatusCode::kCorruption);
}

BOOST_AUTO_TEST_CASE(EmptyLastSegmentIsFine) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 3);
  fs.SetFileContents(SegPath(2), "");
  Replayed r = Replay(fs, WalRecoveryMode::kAbsoluteConsistency);
  BOOST_REQUIRE(r.report.ok());
  BOOST_TEST(r.lsns == Range(1, 3));
  BOOST_TEST(r.report->last_segment == 2u);
}

BOOST_AUTO_TEST_CASE(ApplyErrorStopsReplay) {
  FaultInjectionFileSystem fs;
  WriteSegment(fs, 1, 1, 10);
  int calls = 0;
  Result<WalReplayReport> r = ReplayWal(&fs, kDir, 0, WalRecoveryMode::kTolerateTornTail,
                                        [&](WalRecordType, uint64_t lsn, std::string_view) {
                                          ++calls;
                                          return lsn == 3 ? Status::InvalidArgument("bad row") : Status::Ok();
                                        });
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.status().message() == "bad row");
  BOOST_TEST(calls == 3);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

#include "storage/snapshot_file.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "storage/fault_injection_file.h"

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::StatusCode)
BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::storage::WalDecodeStatus)

namespace vingt::storage {
namespace {

const std::string kDir = "/db/snapshots";

std::string SnapPath(uint64_t wal_segment) { return kDir + "/" + SnapshotFileName(wal_segment); }

std::string RowPayload(uint64_t segment, int i) {
  return "row " + std::to_string(i) + " of snapshot " + std::to_string(segment);
}

// Commits a snapshot of `rows` kPutRow records for wal_segment.
void WriteSnapshot(FileSystem* fs, uint64_t wal_segment, int rows) {
  Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(fs, kDir, wal_segment);
  BOOST_REQUIRE_MESSAGE(w.ok(), w.status().ToString());
  BOOST_REQUIRE((*w)->Add(WalRecordType::kWorkspace, "workspace").ok());
  for (int i = 0; i < rows; ++i) BOOST_REQUIRE((*w)->Add(WalRecordType::kPutRow, RowPayload(wal_segment, i)).ok());
  Status s = (*w)->Commit();
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
}

struct Loaded {
  Status status;
  uint64_t wal_segment = 0;
  std::vector<std::pair<WalRecordType, std::string>> records;
};

Loaded Load(FileSystem* fs, const std::string& path) {
  Loaded out;
  out.status = ReadSnapshot(
      fs, path,
      [&](WalRecordType type, std::string_view payload) {
        out.records.emplace_back(type, std::string(payload));
        return Status::Ok();
      },
      &out.wal_segment);
  return out;
}

uint64_t NewestSegment(FileSystem* fs, std::vector<std::string>* warnings) {
  Result<SnapshotInfo> info = FindNewestSnapshot(fs, kDir, warnings);
  return info.ok() ? info->wal_segment : 0;
}

BOOST_AUTO_TEST_SUITE(snapshot_file)

BOOST_AUTO_TEST_CASE(CommitThenReadBack) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 42, 100);
  BOOST_TEST(fs.Exists(kDir + "/snap-000000000000002a.vsnap"));
  BOOST_TEST(!fs.Exists(SnapPath(42) + ".tmp"));

  std::vector<std::string> warnings;
  Result<SnapshotInfo> info = FindNewestSnapshot(&fs, kDir, &warnings);
  BOOST_REQUIRE(info.ok());
  BOOST_TEST(info->path == SnapPath(42));
  BOOST_TEST(info->wal_segment == 42u);
  BOOST_TEST(warnings.empty());

  Loaded l = Load(&fs, info->path);
  BOOST_REQUIRE_MESSAGE(l.status.ok(), l.status.ToString());
  BOOST_TEST(l.wal_segment == 42u);
  BOOST_REQUIRE(l.records.size() == 101u);
  BOOST_TEST((l.records[0].first == WalRecordType::kWorkspace));
  BOOST_TEST(l.records[0].second == "workspace");
  for (int i = 0; i < 100; ++i) {
    BOOST_TEST((l.records[i + 1].first == WalRecordType::kPutRow));
    BOOST_TEST(l.records[i + 1].second == RowPayload(42, i));
  }
}

BOOST_AUTO_TEST_CASE(FileLayoutIsAsDrawn) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 7, 0);
  const std::string file = fs.FileContents(SnapPath(7));
  WalDecoded header = DecodeWalRecord(file, 0);
  BOOST_REQUIRE(header.status == WalDecodeStatus::kRecord);
  BOOST_TEST((header.type == WalRecordType::kSnapshotHeader));
  BOOST_TEST(header.lsn == 0u);
  BOOST_TEST(header.payload.substr(0, 8) == "VINGTSNP");
  BOOST_TEST(wal_internal::GetFixed32(header.payload.data() + 8) == 1u);
  BOOST_TEST(wal_internal::GetFixed64(header.payload.data() + 12) == 7u);
  WalDecoded body = DecodeWalRecord(file, header.next_offset);
  BOOST_REQUIRE(body.status == WalDecodeStatus::kRecord);
  WalDecoded end = DecodeWalRecord(file, body.next_offset);
  BOOST_REQUIRE(end.status == WalDecodeStatus::kRecord);
  BOOST_TEST((end.type == WalRecordType::kSnapshotEnd));
  BOOST_TEST(end.next_offset == file.size());
  BOOST_TEST(wal_internal::GetFixed64(end.payload.data()) == 1u);
  BOOST_TEST(UnmaskCrc(wal_internal::GetFixed32(end.payload.data() + 8)) == Crc32c(file.data(), body.next_offset));
}

// A kill in the middle of a snapshot left its .tmp on disk until the next
// snapshot (found by a crash test); startup removes it, and only it.
BOOST_AUTO_TEST_CASE(AbandonedTempFilesAreRemoved) {
  FaultInjectionFileSystem fs;
  BOOST_TEST(RemoveAbandonedSnapshots(&fs, kDir, nullptr).ok());  // no dir yet
  WriteSnapshot(&fs, 5, 10);
  fs.SetFileContents(SnapPath(6) + ".tmp", "half a snapshot");
  fs.SetFileContents(SnapPath(7) + ".tmp", fs.FileContents(SnapPath(5)));
  fs.SetFileContents(std::string(kDir) + "/notes.tmp", "not ours");
  std::vector<std::string> warnings;
  BOOST_TEST_REQUIRE(RemoveAbandonedSnapshots(&fs, kDir, &warnings).ok());
  BOOST_TEST(warnings.size() == 2u);
  BOOST_TEST(!fs.Exists(SnapPath(6) + ".tmp"));
  BOOST_TEST(!fs.Exists(SnapPath(7) + ".tmp"));
  BOOST_TEST(fs.Exists(SnapPath(5)));
  BOOST_TEST(fs.Exists(std::string(kDir) + "/notes.tmp"));
  BOOST_TEST(NewestSegment(&fs, nullptr) == 5u);
}

BOOST_AUTO_TEST_CASE(EmptyOrMissingDirHasNoSnapshot) {
  FaultInjectionFileSystem fs;
  BOOST_TEST(FindNewestSnapshot(&fs, kDir, nullptr).status().code() == StatusCode::kNotFound);
  BOOST_REQUIRE(fs.CreateDir(kDir).ok());
  BOOST_TEST(FindNewestSnapshot(&fs, kDir, nullptr).status().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(PicksNewestValidSnapshot) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 3, 10);
  WriteSnapshot(&fs, 5, 10);
  WriteSnapshot(&fs, 7, 10);  // will be cut short
  WriteSnapshot(&fs, 8, 10);  // will get a flipped byte
  // A crash mid-write leaves a .tmp, even a complete-looking one; it is never used.
  fs.SetFileContents(SnapPath(9) + ".tmp", fs.FileContents(SnapPath(5)));
  fs.TruncateTo(SnapPath(7), fs.FileContents(SnapPath(7)).size() - 5);
  fs.CorruptByte(SnapPath(8), 100);

  std::vector<std::string> warnings;
  BOOST_TEST(NewestSegment(&fs, &warnings) == 5u);
  BOOST_REQUIRE(warnings.size() == 3u);
  std::string all;
  for (const auto& w : warnings) all += w + "\n";
  BOOST_TEST(all.find(SnapshotFileName(9) + ".tmp") != std::string::npos, all);
  BOOST_TEST(all.find(SnapPath(8)) != std::string::npos, all);
  BOOST_TEST(all.find(SnapPath(7)) != std::string::npos, all);

  Loaded bad = Load(&fs, SnapPath(8));
  BOOST_TEST(bad.status.code() == StatusCode::kCorruption);
  BOOST_TEST(bad.records.empty());  // validated before the first callback
}

// Any single damaged byte makes the file invalid (the whole-file crc covers
// even the lengths), and the previous snapshot is used instead.
BOOST_AUTO_TEST_CASE(EveryFlippedByteInvalidatesTheSnapshot) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 1, 2);
  WriteSnapshot(&fs, 2, 2);
  const std::string good = fs.FileContents(SnapPath(2));
  for (size_t pos = 0; pos < good.size(); ++pos) {
    fs.SetFileContents(SnapPath(2), good);
    fs.CorruptByte(SnapPath(2), pos);
    BOOST_TEST(NewestSegment(&fs, nullptr) == 1u, "flipped byte " << pos);
  }
  for (size_t keep = 0; keep < good.size(); ++keep) {
    fs.SetFileContents(SnapPath(2), good.substr(0, keep));
    BOOST_TEST(NewestSegment(&fs, nullptr) == 1u, "cut to " << keep);
  }
  fs.SetFileContents(SnapPath(2), good + "x");
  BOOST_TEST(NewestSegment(&fs, nullptr) == 1u);
  fs.SetFileContents(SnapPath(2), good);
  BOOST_TEST(NewestSegment(&fs, nullptr) == 2u);
}

// skip-corrupt's reading of a damaged snapshot: whichever byte is flipped,
// every record but the one it lands in comes back, in order, and the
// damage is reported where it starts. Header, end and shard paths are never
// handed on.
BOOST_AUTO_TEST_CASE(SalvageLosesOnlyTheRecordAFlippedByteLandsIn) {
  FaultInjectionFileSystem fs;
  {
    Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 3);
    BOOST_REQUIRE(w.ok());
    BOOST_REQUIRE((*w)->Add(WalRecordType::kWorkspace, "workspace").ok());
    for (int i = 0; i < 6; ++i) BOOST_REQUIRE((*w)->Add(WalRecordType::kPutRow, RowPayload(3, i)).ok());
    BOOST_REQUIRE((*w)->Add(WalRecordType::kShardPaths, "paths").ok());
    BOOST_REQUIRE((*w)->Commit().ok());
  }
  const std::string good = fs.FileContents(SnapPath(3));
  auto salvage = [&](std::vector<std::string>* got) {
    return SalvageSnapshot(&fs, SnapPath(3), [&](WalRecordType type, std::string_view payload) {
      BOOST_TEST((type == WalRecordType::kWorkspace || type == WalRecordType::kPutRow));
      got->emplace_back(payload);
      return Status::Ok();
    });
  };
  std::vector<std::string> all;
  Result<SalvageReport> clean = salvage(&all);
  BOOST_TEST_REQUIRE(clean.ok());
  BOOST_TEST(all.size() == 7u);
  BOOST_TEST(clean->damaged_stretches == 0u);
  BOOST_TEST(!clean->first_damage.has_value());
  for (size_t pos = 0; pos < good.size(); ++pos) {
    fs.SetFileContents(SnapPath(3), good);
    fs.CorruptByte(SnapPath(3), pos);
    std::vector<std::string> got;
    Result<SalvageReport> r = salvage(&got);
    BOOST_TEST_REQUIRE(r.ok());
    // At most the one record lost (none when the byte is in the header,
    // the shard paths or the end record), the rest in order.
    BOOST_TEST(got.size() + 1 >= all.size(), "flipped byte " << pos);
    size_t j = 0;
    for (const std::string& payload : got) {
      while (j < all.size() && all[j] != payload) ++j;
      BOOST_TEST(j < all.size(), "flipped byte " << pos << ": " << payload << " out of order or unknown");
    }
    BOOST_TEST(r->damaged_stretches >= 1u, "flipped byte " << pos);
    BOOST_TEST_REQUIRE(r->first_damage.has_value());
    BOOST_TEST(*r->first_damage <= pos, "flipped byte " << pos);
  }
}

BOOST_AUTO_TEST_CASE(HeaderSegmentMustMatchFileName) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 4, 1);
  fs.SetFileContents(SnapPath(6), fs.FileContents(SnapPath(4)));
  std::vector<std::string> warnings;
  BOOST_TEST(NewestSegment(&fs, &warnings) == 4u);
  BOOST_TEST(warnings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(CommittedSnapshotSurvivesPowerLoss) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 10, 50);
  fs.DropUnsyncedData();
  BOOST_TEST(NewestSegment(&fs, nullptr) == 10u);
  BOOST_TEST(Load(&fs, SnapPath(10)).records.size() == 51u);
}

BOOST_AUTO_TEST_CASE(UncommittedSnapshotLeavesNothingUsable) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 1, 3);
  Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 2);
  BOOST_REQUIRE(w.ok());
  BOOST_REQUIRE((*w)->Add(WalRecordType::kPutRow, "half").ok());
  BOOST_TEST(fs.Exists(SnapPath(2) + ".tmp"));
  fs.DropUnsyncedData();  // power loss mid-snapshot
  BOOST_TEST(NewestSegment(&fs, nullptr) == 1u);
  (*w)->Abandon();
  BOOST_TEST(!fs.Exists(SnapPath(2) + ".tmp"));
  BOOST_TEST(!fs.Exists(SnapPath(2)));
}

BOOST_AUTO_TEST_CASE(AbandonAndDestructorRemoveTheTempFile) {
  FaultInjectionFileSystem fs;
  {
    Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 3);
    BOOST_REQUIRE(w.ok());
    BOOST_REQUIRE((*w)->Add(WalRecordType::kPutRow, "x").ok());
  }
  BOOST_TEST(!fs.Exists(SnapPath(3) + ".tmp"));
  Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 4);
  BOOST_REQUIRE(w.ok());
  (*w)->Abandon();
  BOOST_TEST(!fs.Exists(SnapPath(4) + ".tmp"));
  BOOST_TEST((*w)->Add(WalRecordType::kPutRow, "late").code() == StatusCode::kInvalidArgument);
  BOOST_TEST((*w)->Commit().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(FailedSyncAbandonsTheSnapshot) {
  FaultInjectionFileSystem fs;
  Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 5);
  BOOST_REQUIRE(w.ok());
  BOOST_REQUIRE((*w)->Add(WalRecordType::kPutRow, "x").ok());
  fs.SetFailSync(true);
  BOOST_TEST((*w)->Commit().code() == StatusCode::kIOError);
  fs.SetFailSync(false);
  BOOST_TEST(!fs.Exists(SnapPath(5)));
  BOOST_TEST(!fs.Exists(SnapPath(5) + ".tmp"));
}

BOOST_AUTO_TEST_CASE(AddRefusesFramingTypes) {
  FaultInjectionFileSystem fs;
  Result<std::unique_ptr<SnapshotWriter>> w = SnapshotWriter::Create(&fs, kDir, 1);
  BOOST_REQUIRE(w.ok());
  for (WalRecordType t : {WalRecordType::kZero, WalRecordType::kSnapshotHeader, WalRecordType::kSnapshotEnd}) {
    BOOST_TEST((*w)->Add(t, "x").code() == StatusCode::kInvalidArgument);
  }
  BOOST_TEST((*w)->records() == 0u);
}

BOOST_AUTO_TEST_CASE(CallbackErrorStopsReading) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 1, 10);
  int calls = 0;
  Status s = ReadSnapshot(
      &fs, SnapPath(1),
      [&](WalRecordType, std::string_view) { return ++calls == 4 ? Status::InvalidArgument("stop") : Status::Ok(); },
      nullptr);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(calls == 4);
}

BOOST_AUTO_TEST_CASE(RemoveSnapshotsOlderThanKeepsNewerOnes) {
  FaultInjectionFileSystem fs;
  WriteSnapshot(&fs, 1, 1);
  WriteSnapshot(&fs, 2, 1);
  WriteSnapshot(&fs, 3, 1);
  fs.SetFileContents(SnapPath(2) + ".tmp", "stale");
  fs.SetFileContents(SnapPath(4) + ".tmp", "maybe in progress");
  fs.SetFileContents(kDir + "/README", "not ours");
  BOOST_REQUIRE(RemoveSnapshotsOlderThan(&fs, kDir, 3).ok());
  BOOST_TEST(!fs.Exists(SnapPath(1)));
  BOOST_TEST(!fs.Exists(SnapPath(2)));
  BOOST_TEST(!fs.Exists(SnapPath(2) + ".tmp"));
  BOOST_TEST(fs.Exists(SnapPath(3)));
  BOOST_TEST(fs.Exists(SnapPath(4) + ".tmp"));
  BOOST_TEST(fs.Exists(kDir + "/README"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

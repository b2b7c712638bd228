// The POSIX FileSystem, in a fresh directory under the system temp dir.
#include "storage/file.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/snapshot_file.h"
#include "storage/wal_reader.h"
#include "storage/wal_writer.h"

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::StatusCode)

namespace vingt::storage {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vingt-file-test-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return JoinPath(path_, name); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<WritableFile> OpenFile(const std::string& path, bool truncate) {
  Result<std::unique_ptr<WritableFile>> f = DefaultFileSystem()->NewWritableFile(path, truncate);
  BOOST_REQUIRE_MESSAGE(f.ok(), f.status().ToString());
  return std::move(f).value();
}

BOOST_AUTO_TEST_SUITE(file)

BOOST_AUTO_TEST_CASE(JoinPathAddsOneSlash) {
  BOOST_TEST(JoinPath("a", "b") == "a/b");
  BOOST_TEST(JoinPath("a/", "b") == "a/b");
  BOOST_TEST(JoinPath("", "b") == "b");
}

BOOST_AUTO_TEST_CASE(AppendsOfEverySizeReadBackInOrder) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  std::string expected;
  auto f = OpenFile(dir / "f", true);
  for (size_t n : {1, 100, 65535, 1, 65536, 200000, 7, 0, 70000}) {
    std::string chunk(n, static_cast<char>('a' + expected.size() % 26));
    BOOST_REQUIRE(f->Append(chunk).ok());
    expected += chunk;
    BOOST_TEST(f->Size() == expected.size());
  }
  BOOST_REQUIRE(f->Flush().ok());
  BOOST_TEST(fs->ReadFile(dir / "f").value() == expected);  // flushed bytes are in the OS
  BOOST_REQUIRE(f->Append("tail").ok());
  BOOST_REQUIRE(f->Sync().ok());
  BOOST_REQUIRE(f->Close().ok());
  BOOST_TEST(fs->ReadFile(dir / "f").value() == expected + "tail");
  BOOST_TEST(f->Close().ok());  // idempotent
  BOOST_TEST(!f->Append("x").ok());
}

BOOST_AUTO_TEST_CASE(OpenWithoutTruncateAppends) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  {
    auto f = OpenFile(dir / "f", true);
    BOOST_REQUIRE(f->Append("hello ").ok());
  }  // the destructor closes, which flushes
  auto f = OpenFile(dir / "f", false);
  BOOST_TEST(f->Size() == 6u);
  BOOST_REQUIRE(f->Append("world").ok());
  BOOST_REQUIRE(f->Close().ok());
  BOOST_TEST(fs->ReadFile(dir / "f").value() == "hello world");
  BOOST_REQUIRE(OpenFile(dir / "f", true)->Close().ok());
  BOOST_TEST(fs->ReadFile(dir / "f").value().empty());
}

BOOST_AUTO_TEST_CASE(DirectoryOperations) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  const std::string sub = dir / "sub";
  BOOST_REQUIRE(fs->CreateDir(sub).ok());
  BOOST_TEST(fs->CreateDir(sub).ok());  // already there is fine
  BOOST_TEST(fs->Exists(sub));
  BOOST_REQUIRE(OpenFile(JoinPath(sub, "a"), true)->Close().ok());
  BOOST_REQUIRE(OpenFile(JoinPath(sub, "b"), true)->Close().ok());
  BOOST_REQUIRE(fs->Rename(JoinPath(sub, "b"), JoinPath(sub, "c")).ok());
  BOOST_REQUIRE(fs->SyncDir(sub).ok());
  std::vector<std::string> names = fs->ListDir(sub).value();
  std::sort(names.begin(), names.end());
  BOOST_TEST(names == (std::vector<std::string>{"a", "c"}));
  BOOST_REQUIRE(fs->Remove(JoinPath(sub, "a")).ok());
  BOOST_TEST(!fs->Exists(JoinPath(sub, "a")));
  BOOST_TEST(fs->Remove(JoinPath(sub, "a")).code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(TruncateCutsTheFile) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  auto f = OpenFile(dir / "f", true);
  BOOST_REQUIRE(f->Append("0123456789").ok());
  BOOST_REQUIRE(f->Close().ok());
  BOOST_REQUIRE(fs->Truncate(dir / "f", 4).ok());
  BOOST_TEST(fs->ReadFile(dir / "f").value() == "0123");
}

BOOST_AUTO_TEST_CASE(ErrorsNameTheOperationAndPath) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  Result<std::string> missing = fs->ReadFile(dir / "nope");
  BOOST_TEST(missing.status().code() == StatusCode::kNotFound);
  BOOST_TEST(missing.status().message().find("open " + (dir / "nope") + ": ") == 0u);
  BOOST_TEST(fs->ListDir(dir / "nope").status().code() == StatusCode::kNotFound);
  Result<std::unique_ptr<WritableFile>> bad = fs->NewWritableFile(dir / "nope/f", true);
  BOOST_TEST(bad.status().code() == StatusCode::kIOError);
  BOOST_TEST(bad.status().message().find(dir / "nope/f") != std::string::npos);
  BOOST_TEST(fs->Truncate(dir / "nope", 0).code() == StatusCode::kNotFound);
  BOOST_TEST(!fs->Exists(dir / "nope"));
}

// The WAL and a snapshot on a real disk, end to end.
BOOST_AUTO_TEST_CASE(WalAndSnapshotOnPosix) {
  TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  WalOptions options;
  options.dir = dir / "wal";
  {
    auto w = WalWriter::Open(fs, options, 1, 1);
    BOOST_REQUIRE(w.ok());
    for (int i = 0; i < 1000; ++i) {
      BOOST_REQUIRE((*w)->Append(WalRecordType::kPutRow, std::string(static_cast<size_t>(i), 'r')).ok());
      if (i == 500) BOOST_REQUIRE((*w)->Rotate().ok());
    }
    BOOST_REQUIRE((*w)->WaitDurable(1000).ok());
  }
  int count = 0;
  Result<WalReplayReport> r = ReplayWal(fs, options.dir, 1, WalRecoveryMode::kAbsoluteConsistency,
                                        [&](WalRecordType, uint64_t lsn, std::string_view payload) {
                                          if (payload.size() + 1 != lsn) return Status::Corruption("mismatch");
                                          ++count;
                                          return Status::Ok();
                                        });
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  BOOST_TEST(count == 1000);
  BOOST_TEST(r->last_segment == 2u);

  auto snap = SnapshotWriter::Create(fs, dir / "snap", 2);
  BOOST_REQUIRE(snap.ok());
  BOOST_REQUIRE((*snap)->Add(WalRecordType::kPutRow, "row").ok());
  BOOST_REQUIRE((*snap)->Commit().ok());
  Result<SnapshotInfo> info = FindNewestSnapshot(fs, dir / "snap", nullptr);
  BOOST_REQUIRE(info.ok());
  BOOST_TEST(info->wal_segment == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

#include "storage/fault_injection_file.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::StatusCode)

namespace vingt::storage {
namespace {

std::unique_ptr<WritableFile> OpenFile(FileSystem& fs, const std::string& path) {
  Result<std::unique_ptr<WritableFile>> f = fs.NewWritableFile(path, true);
  BOOST_REQUIRE_MESSAGE(f.ok(), f.status().ToString());
  return std::move(f).value();
}

BOOST_AUTO_TEST_SUITE(fault_injection_file)

BOOST_AUTO_TEST_CASE(PowerLossKeepsOnlySyncedBytes) {
  FaultInjectionFileSystem fs;
  BOOST_REQUIRE(fs.CreateDir("/d").ok());
  auto f = OpenFile(fs, "/d/f");
  BOOST_REQUIRE(fs.SyncDir("/d").ok());
  BOOST_REQUIRE(f->Append("synced").ok());
  BOOST_REQUIRE(f->Sync().ok());
  BOOST_REQUIRE(f->Append("+lost").ok());
  BOOST_TEST(fs.FileContents("/d/f") == "synced+lost");
  fs.DropUnsyncedData();
  BOOST_TEST(fs.FileContents("/d/f") == "synced");
  BOOST_TEST(fs.sync_count() == 1u);
}

BOOST_AUTO_TEST_CASE(PowerLossUndoesEntriesNotMadeDurable) {
  FaultInjectionFileSystem fs;
  BOOST_REQUIRE(fs.CreateDir("/d").ok());
  auto f = OpenFile(fs, "/d/new");
  BOOST_REQUIRE(f->Append("data").ok());
  BOOST_REQUIRE(f->Sync().ok());  // data synced, but the entry never was
  fs.DropUnsyncedData();
  BOOST_TEST(!fs.Exists("/d/new"));

  auto g = OpenFile(fs, "/d/old");
  BOOST_REQUIRE(g->Sync().ok());
  BOOST_REQUIRE(fs.SyncDir("/d").ok());
  BOOST_REQUIRE(fs.Rename("/d/old", "/d/renamed").ok());
  BOOST_TEST(fs.Exists("/d/renamed"));
  fs.DropUnsyncedData();  // the rename was not made durable
  BOOST_TEST(fs.Exists("/d/old"));
  BOOST_TEST(!fs.Exists("/d/renamed"));
  BOOST_REQUIRE(fs.Rename("/d/old", "/d/renamed").ok());
  BOOST_REQUIRE(fs.SyncDir("/d").ok());
  fs.DropUnsyncedData();
  BOOST_TEST(fs.Exists("/d/renamed"));
}

BOOST_AUTO_TEST_CASE(InjectedFailures) {
  FaultInjectionFileSystem fs;
  BOOST_REQUIRE(fs.CreateDir("/d").ok());
  auto f = OpenFile(fs, "/d/f");
  fs.SetFailAppend(true);
  BOOST_TEST(f->Append("x").code() == StatusCode::kIOError);
  BOOST_TEST(fs.FileContents("/d/f").empty());
  fs.SetFailAppend(false);
  BOOST_REQUIRE(f->Append("x").ok());
  fs.SetFailSync(true);
  BOOST_TEST(f->Sync().code() == StatusCode::kIOError);
  BOOST_TEST(fs.SyncDir("/d").code() == StatusCode::kIOError);
  fs.SetFailSync(false);
  BOOST_TEST(f->Sync().ok());
}

BOOST_AUTO_TEST_CASE(DamageHelpers) {
  FaultInjectionFileSystem fs;
  fs.SetFileContents("/d/f", "abcdef");
  fs.CorruptByte("/d/f", 1);
  BOOST_TEST(fs.FileContents("/d/f") == std::string("a") + static_cast<char>(~'b') + "cdef");
  fs.CorruptByte("/d/f", 100);  // past the end: nothing
  fs.TruncateTo("/d/f", 3);
  BOOST_TEST(fs.FileContents("/d/f").size() == 3u);
  BOOST_TEST(fs.FileContents("/d/none").empty());
}

BOOST_AUTO_TEST_CASE(DirectoriesMustExist) {
  FaultInjectionFileSystem fs;
  BOOST_TEST(fs.NewWritableFile("/nodir/f", true).status().code() == StatusCode::kIOError);
  BOOST_TEST(fs.ListDir("/nodir").status().code() == StatusCode::kNotFound);
  BOOST_REQUIRE(fs.CreateDir("/a/b").ok());
  BOOST_REQUIRE(OpenFile(fs, "/a/b/f")->Close().ok());
  BOOST_TEST(fs.ListDir("/a").value() == std::vector<std::string>{"b"});
  BOOST_TEST(fs.ListDir("/a/b/").value() == std::vector<std::string>{"f"});
  BOOST_TEST(fs.ReadFile("/a/b/g").status().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

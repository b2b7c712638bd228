// Damage on disk, end to end: a flipped byte in the middle of the WAL stops
// startup with the file and the offset (nothing is served from a log that
// lies), and --wal-recovery=skip-corrupt then starts with every record
// before and after the damaged one. The same for a committed snapshot. The WAL reader's own tests flip every
// byte of a record (tests/storage/wal_reader_test.cpp); this is the same
// promise through the binary.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(e2e_corruption, ServerFixture)

BOOST_AUTO_TEST_CASE(a_flipped_byte_in_the_middle_of_the_wal_stops_startup_then_skip_corrupt_recovers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(Create("people", "Person", R"({"city":"Damaged-)" + std::to_string(i) + R"("})"));
  const std::string token = server.initial_token();
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);

  // The tenth write's record, in whichever segment holds it.
  std::string segment;
  size_t at = std::string::npos;
  for (const auto& entry : std::filesystem::directory_iterator(dir.Sub("wal"))) {
    const std::string bytes = ReadAll(entry.path().string());
    if (size_t pos = bytes.find("Damaged-10"); pos != std::string::npos) {
      segment = entry.path().string();
      at = pos;
      std::string damaged = bytes;
      damaged[pos] = static_cast<char>(~static_cast<unsigned char>(damaged[pos]));
      WriteAll(segment, damaged);
    }
  }
  BOOST_TEST_REQUIRE(at != std::string::npos);

  BOOST_TEST_REQUIRE(!server.Start(dir.path()));
  const std::string refused = server.output();
  const std::string file = std::filesystem::path(segment).filename().string();
  BOOST_TEST(refused.find("WAL corruption in ") != std::string::npos, refused);
  BOOST_TEST(refused.find(file + " at offset ") != std::string::npos, refused);
  BOOST_TEST(refused.find("--wal-recovery=skip-corrupt") != std::string::npos, refused);

  BOOST_TEST_REQUIRE(server.Start(dir.path(), {"--wal-recovery", "skip-corrupt"}), server.output());
  BOOST_TEST(server.output().find("corruption at offset") != std::string::npos, server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST(Json(http->Get("/rest/people?limit=0").body).Int("/totalCount") == 19);
  BOOST_TEST(http->Get("/rest/people/" + ids[10]).status == 404);
  for (int i : {0, 9, 11, 19})
    BOOST_TEST(Json(http->Get("/rest/people/" + ids[i]).body).Str("/data/person/city") ==
                   "Damaged-" + std::to_string(i),
               i);
}

// A snapshot damaged after it was committed: the WAL segments it replaced
// are gone, so falling back to the log alone would start without what the
// snapshot held. Startup stops, naming the snapshot and the offset; with
// --wal-recovery=skip-corrupt it salvages every undamaged record of the
// snapshot (the WAL after it replays as usual), and says what it lost.
BOOST_AUTO_TEST_CASE(a_flipped_byte_in_the_middle_of_a_snapshot_stops_startup) {
  for (int i = 0; i < 20; ++i) Create("people", "Person", R"({"city":"Snapshotted-)" + std::to_string(i) + R"("})");
  const std::string token = server.initial_token();
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  const std::string command = std::string(VingtBinary()) + " snapshot --data-dir " + dir.path() + " >/dev/null 2>&1";
  BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0);

  std::string snapshot;
  for (const auto& entry : std::filesystem::directory_iterator(dir.Sub("snapshots")))
    if (entry.path().extension() == ".vsnap") snapshot = entry.path().string();
  BOOST_TEST_REQUIRE(!snapshot.empty());
  std::string bytes = ReadAll(snapshot);
  const size_t middle = bytes.find("Snapshotted-10");
  BOOST_TEST_REQUIRE(middle != std::string::npos);
  bytes[middle] = static_cast<char>(~static_cast<unsigned char>(bytes[middle]));
  WriteAll(snapshot, bytes);

  BOOST_TEST_REQUIRE(!server.Start(dir.path()));
  const std::string refused = server.output();
  const std::string file = std::filesystem::path(snapshot).filename().string();
  BOOST_TEST(refused.find(file + " is invalid at offset ") != std::string::npos, refused);
  BOOST_TEST(refused.find("--wal-recovery=skip-corrupt") != std::string::npos, refused);

  BOOST_TEST_REQUIRE(server.Start(dir.path(), {"--wal-recovery", "skip-corrupt"}), server.output());
  BOOST_TEST(server.output().find(file + " is invalid at offset ") != std::string::npos, server.output());
  BOOST_TEST(server.output().find(file + " is damaged; --wal-recovery=skip-corrupt salvaged ") != std::string::npos,
             server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST(http->Get("/healthz").status == 200);
  // Every record of the snapshot but the damaged one is back: the key, the
  // workspace, the other 19 people.
  HttpResponse people = http->Get("/rest/people?limit=60");
  BOOST_TEST_REQUIRE(people.status == 200, people.body);
  BOOST_TEST(Json(people.body).Int("/totalCount") == 19, people.body.substr(0, 300));
  BOOST_TEST(people.body.find("Snapshotted-10") == std::string::npos);
  for (int i : {0, 9, 11, 19}) {
    BOOST_TEST(people.body.find("\"Snapshotted-" + std::to_string(i) + "\"") != std::string::npos, i);
  }
  // Writes go on, and a restart without skip-corrupt keeps it all: the
  // salvaging start wrote a new snapshot in place of the damaged one.
  BOOST_TEST(http->Post("/rest/people", R"({"city":"After"})").status == 201);
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  BOOST_TEST_REQUIRE(server.Start(dir.path()), server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST(Json(http->Get("/rest/people?limit=0").body).Int("/totalCount") == 20);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

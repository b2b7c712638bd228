// End-to-end tests of the health indicators (spec/auth-errors-limits.md §5)
// and of the offline `vingt snapshot` command.
#include <dirent.h>

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') out.emplace_back(e->d_name);
    ::closedir(d);
  }
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(health_snapshot, ServerFixture)

BOOST_AUTO_TEST_CASE(health_indicators) {
  HttpClient anonymous(server.port(), "");
  HttpResponse db = anonymous.Get("/healthz/database");
  BOOST_TEST_REQUIRE(db.status == 200, db.body);
  Json j(db.body);
  BOOST_TEST(j.Str("/status") == "ok");
  BOOST_TEST(j.Str("/info/database/status") == "up");
  BOOST_TEST(j.Str("/details/database/status") == "up");
  HttpResponse unknown = anonymous.Get("/healthz/foo");
  BOOST_TEST(RestErrorMismatch(unknown, 400, "BadRequestException", "Invalid indicatorId: foo").empty(), unknown.body);
}

BOOST_AUTO_TEST_CASE(offline_snapshot_keeps_every_record_and_drops_covered_wal) {
  std::string id = Create("people", "Person", R"({"city":"Snapshot"})");
  for (int i = 0; i < 20; ++i) Create("people", "Person", R"({"city":"x"})");
  const std::string token = server.initial_token();  // a restart prints none: the key exists
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  const size_t wal_before = FilesIn(dir.Sub("wal")).size();

  CommandResult snap = RunVingt({"snapshot", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(snap.exit_code == 0, snap.err);
  BOOST_TEST(FilesIn(dir.Sub("snapshots")).size() == 1u);
  BOOST_TEST(FilesIn(dir.Sub("wal")).size() <= wal_before);  // only the segment opened after the snapshot may stay
  BOOST_TEST(FilesIn(dir.Sub("wal")).size() <= 1u);

  BOOST_REQUIRE(server.Start(dir.path()));
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST(server.output().find("and 0 WAL records") != std::string::npos, server.output());  // all from the snapshot
  BOOST_TEST(Json(http->Get("/rest/people/" + id).body).Str("/data/person/city") == "Snapshot");
  BOOST_TEST(Json(http->Get("/rest/people?limit=0").body).Int("/totalCount") == 21);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// Access paths seen from outside: with `vingt serve --explain` every list,
// group-by and GraphQL answer says how storage found its rows
// (X-Vingt-Plan). A custom field added at runtime is filterable, sortable
// and groupable through its own path at once, and again after kill -9
// (paths rebuilt from the recovered rows) and after a restart from a
// snapshot (paths loaded from it, then kept by the WAL's replay).
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/metadata_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

struct Explained {
  Explained() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--explain"}), server.output());
    token = server.initial_token();
    http = std::make_unique<HttpClient>(server.port(), token);
  }
  ~Explained() {
    http.reset();
    BOOST_CHECK(server.Stop() == 0);
  }
  void KillAndRestart() {
    http.reset();
    server.Kill(SIGKILL);
    BOOST_TEST(server.Wait(10000) == 128 + SIGKILL);
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--explain"}), server.output());
    http = std::make_unique<HttpClient>(server.port(), token);
  }
  // GET `path`: 200 expected; returns the answer.
  HttpResponse Get(const std::string& path) {
    HttpResponse r = http->Get(path);
    BOOST_TEST_REQUIRE(r.status == 200, path << " -> " << r.body);
    return r;
  }

  TempDir dir;
  ServerProcess server;
  std::string token;
  std::unique_ptr<HttpClient> http;
};

const char* const kHobbies[] = {"chess", "Chess", "go", "sailing", "climbing"};

// 150 people with the runtime field: hobby = kHobbies[i % 5], except every
// tenth, which gets the TEXT default "": chess, Chess, go and sailing 30
// each, climbing 15, "" 15.
void Seed(HttpClient& http) {
  for (int batch = 0; batch < 3; ++batch) {
    std::string body = "[";
    for (int i = batch * 50; i < batch * 50 + 50; ++i) {
      if (body.size() > 1) body += ",";
      body += R"({"name":{"firstName":"P)" + std::to_string(i) + R"("},"emails":{"primaryEmail":"p)" +
              std::to_string(i) + R"(@example.com"})";
      if (i % 10 != 9) body += R"(,"hobby":")" + std::string(kHobbies[i % 5]) + "\"";
      body += "}";
    }
    body += "]";
    HttpResponse r = http.Post("/rest/batch/people", body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
}

void CheckRuntimeField(Explained& t) {
  // eq is byte equality: "Chess" is another value.
  HttpResponse r = t.Get("/rest/people?filter=hobby%5Beq%5D:chess&limit=200");
  Json j(r.body);
  BOOST_TEST(j.Int("/totalCount") == 30);
  BOOST_TEST(j.Size("/data/people") == 30);
  BOOST_TEST(r.Header("x-vingt-plan").find("lookup(hobby eq)") != std::string::npos, r.Header("x-vingt-plan"));

  // ilike reads each distinct value once: chess and Chess.
  r = t.Get("/rest/people?filter=hobby%5Bilike%5D:%22%25HESS%25%22");
  BOOST_TEST(Json(r.body).Int("/totalCount") == 60);
  BOOST_TEST(r.Header("x-vingt-plan").find("contains(hobby ilike)") != std::string::npos, r.Header("x-vingt-plan"));

  // Sorted through the field's ordered path, a row at a time, in the
  // case-folded order with the id as tiebreaker: the pages join up.
  std::vector<std::string> hobbies;
  std::string cursor;
  for (int page = 0; page < 4; ++page) {
    std::string path = "/rest/people?order_by=hobby%5BAscNullsLast%5D&limit=1";
    if (!cursor.empty()) path += "&starting_after=" + cursor;
    r = t.Get(path);
    Json p(r.body);
    BOOST_TEST_REQUIRE(p.Size("/data/people") == 1);
    hobbies.push_back(p.Str("/data/people/0/hobby"));
    cursor = p.Str("/pageInfo/endCursor");
    BOOST_TEST(r.Header("x-vingt-plan").find("ordered-walk(hobby)") != std::string::npos, r.Header("x-vingt-plan"));
  }
  // "" (the TEXT default, not NULL) sorts before every other value.
  BOOST_TEST(hobbies == (std::vector<std::string>{"", "", "", ""}));
  r = t.Get("/rest/people?order_by=hobby%5BDescNullsFirst%5D&limit=200");
  Json all(r.body);
  BOOST_TEST_REQUIRE(all.Size("/data/people") == 150);
  BOOST_TEST(all.Str("/data/people/0/hobby") == "sailing");
  BOOST_TEST(all.Str("/data/people/29/hobby") == "sailing");
  BOOST_TEST(all.Str("/data/people/30/hobby") == "go");
  BOOST_TEST(all.Str("/data/people/149/hobby") == "");

  // Group counts read off the path.
  r = t.Get("/rest/people/groupBy?group_by=%5B%7B%22hobby%22%3Atrue%7D%5D&aggregate=%5B%22totalCount%22%5D");
  BOOST_TEST(r.Header("x-vingt-plan").find("group-counts(hobby)") != std::string::npos, r.Header("x-vingt-plan"));
  Json groups(r.body);
  int64_t total = 0;
  for (int64_t i = 0; i < groups.Size(""); ++i) total += groups.Int("/" + std::to_string(i) + "/totalCount");
  BOOST_TEST(total == 150);

  // GraphQL: the same paths, the plan named after the field.
  r = t.http->Post("/graphql", R"({"query":"{ people(filter: {hobby: {eq: \"go\"}}) { totalCount } }"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Int("/data/people/totalCount") == 30);
  BOOST_TEST(r.Header("x-vingt-plan").find("people: ") == 0u, r.Header("x-vingt-plan"));
  BOOST_TEST(r.Header("x-vingt-plan").find("lookup(hobby eq)") != std::string::npos, r.Header("x-vingt-plan"));

  // A comparison no path serves is still answered, by reading the rows.
  r = t.Get("/rest/people?filter=and(hobby%5Beq%5D:go,name.firstName%5Bilike%5D:%22P1%25%22)");
  BOOST_TEST(r.Header("x-vingt-plan").find("and(") != std::string::npos, r.Header("x-vingt-plan"));
}

BOOST_FIXTURE_TEST_CASE(a_runtime_field_is_served_by_its_path_at_once_and_after_kill_9, Explained) {
  HttpResponse r = http->Get("/rest/metadata/objects/person");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const std::string person = Json(r.body).Str("/data/object/id");
  CreateCustomField(*http, person, R"("type":"TEXT","name":"hobby","label":"Hobby")");
  Seed(*http);
  CheckRuntimeField(*this);
  KillAndRestart();
  CheckRuntimeField(*this);
}

// Restart from a snapshot: the paths come from it (none is rebuilt), serve
// the same plans, and go on being maintained by the WAL replayed over them.
BOOST_FIXTURE_TEST_CASE(paths_come_back_from_a_snapshot_and_follow_the_wal, Explained) {
  HttpResponse r = http->Get("/rest/metadata/objects/person");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  CreateCustomField(*http, Json(r.body).Str("/data/object/id"), R"("type":"TEXT","name":"hobby","label":"Hobby")");
  Seed(*http);
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  CommandResult snap = RunVingt({"snapshot", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(snap.exit_code == 0, snap.err);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--explain"}), server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST(server.output().find("shards loaded from the snapshot, 0 built") != std::string::npos, server.output());
  CheckRuntimeField(*this);

  // One more "go" after the snapshot, in the WAL only; then kill -9.
  HttpResponse late = http->Post("/rest/people", R"({"name":{"firstName":"Late"},"hobby":"go"})");
  BOOST_TEST_REQUIRE(late.status == 201, late.body);
  KillAndRestart();
  r = Get("/rest/people?filter=hobby%5Beq%5D:go&limit=0");
  BOOST_TEST(Json(r.body).Int("/totalCount") == 31);
  BOOST_TEST(r.Header("x-vingt-plan").find("lookup(hobby eq)") != std::string::npos, r.Header("x-vingt-plan"));
}

BOOST_FIXTURE_TEST_CASE(no_plan_header_without_the_flag, Explained) {
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  HttpResponse r = http->Get("/rest/people?filter=city%5Beq%5D:Paris");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.Header("x-vingt-plan").empty());
}

}  // namespace
}  // namespace vingt::testutil

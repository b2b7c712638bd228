// Workspaces end to end: the admin API (POST/GET/DELETE /admin/workspaces
// with the admin token), the CLI (vingt workspaces, keys create
// --workspace), and isolation: a key of workspace A never reads, writes,
// counts, groups, merges, restores, introspects or deletes anything of
// workspace B, through every route family, before and after kill -9 and a
// snapshot.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

constexpr const char* kAdminToken = "admin-token-for-tests-0123456789";

// A server with an admin token, read from a file in the data dir's parent.
struct AdminFixture {
  AdminFixture() {
    token_file = dir.path() + "/admin-token";
    std::ofstream(token_file) << kAdminToken << "\n";
    Start(false);
  }
  ~AdminFixture() {
    for (auto& [id, client] : clients) client.reset();
    admin.reset();
    BOOST_CHECK(server.Stop() == 0);
  }
  void Start(bool after_kill) {
    if (after_kill || server.port()) {
      for (auto& [id, client] : clients) client.reset();
      admin.reset();
      if (after_kill) {
        server.Kill(SIGKILL);
        BOOST_TEST(server.Wait(10000) == 128 + SIGKILL);
      } else {
        BOOST_TEST_REQUIRE(server.Stop() == 0, server.output());
      }
    }
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path() + "/data", {"--admin-token-file", token_file}),
                          "server did not start:\n" << server.output());
    admin = std::make_unique<HttpClient>(server.port(), kAdminToken);
    for (auto& [id, key] : keys) clients[id] = std::make_unique<HttpClient>(server.port(), key);
  }
  // Stops the server, writes a snapshot offline, starts again from it.
  void RestartFromSnapshot() {
    clients.clear();
    admin.reset();
    BOOST_TEST_REQUIRE(server.Stop() == 0);
    CommandResult snap = RunVingt({"snapshot", "--data-dir", dir.path() + "/data"});
    BOOST_TEST_REQUIRE(snap.exit_code == 0, snap.err);
    Start(false);
  }
  // A new workspace; returns its id and keeps a client on its key.
  std::string NewWorkspace(const std::string& name) {
    HttpResponse r = admin->Post("/admin/workspaces", R"({"name":")" + name + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    Json j(r.body);
    const std::string id = j.Str("/id");
    BOOST_TEST(j.Str("/name") == name);
    keys[id] = j.Str("/apiKey");
    clients[id] = std::make_unique<HttpClient>(server.port(), keys[id]);
    return id;
  }
  HttpClient& As(const std::string& workspace) { return *clients.at(workspace); }

  TempDir dir;
  std::string token_file;
  ServerProcess server;
  std::unique_ptr<HttpClient> admin;
  std::map<std::string, std::string> keys;
  std::map<std::string, std::unique_ptr<HttpClient>> clients;
};

std::string CreatedId(const HttpResponse& r, const std::string& key) {
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  return Json(r.body).Str("/data/create" + key + "/id");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(workspaces, AdminFixture)

BOOST_AUTO_TEST_CASE(the_admin_api_needs_the_admin_token) {
  HttpClient anonymous(server.port());
  BOOST_TEST(anonymous.Get("/admin/workspaces").status == 401);
  HttpClient wrong(server.port(), std::string(kAdminToken) + "x");
  BOOST_TEST(wrong.Get("/admin/workspaces").status == 401);
  BOOST_TEST(wrong.Post("/admin/workspaces", "").status == 401);
  // A workspace's API key is not the admin token.
  const std::string a = NewWorkspace("a");
  BOOST_TEST(As(a).Get("/admin/workspaces").status == 401);
  BOOST_TEST(server.output().find(kAdminToken) == std::string::npos);  // never logged

  HttpResponse list = admin->Get("/admin/workspaces");
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  Json j(list.body);
  BOOST_TEST(j.Size("/workspaces") == 2);  // the first one and "a"
  BOOST_TEST(j.Str("/workspaces/1/id") == a);
  BOOST_TEST(j.Str("/workspaces/1/name") == "a");
  BOOST_TEST(j.Str("/workspaces/1/createdAt").size() == 24u);

  // Bad input changes nothing.
  BOOST_TEST(admin->Post("/admin/workspaces", "{nope").status == 400);
  BOOST_TEST(admin->Post("/admin/workspaces", R"({"name":1})").status == 400);
  BOOST_TEST(admin->Post("/admin/workspaces", R"({"colour":"red"})").status == 400);
  BOOST_TEST(admin->Request("DELETE", "/admin/workspaces/not-a-uuid").status == 400);
  BOOST_TEST(admin->Request("DELETE", "/admin/workspaces/00000000-0000-4000-8000-000000000000").status == 404);
  BOOST_TEST(Json(admin->Get("/admin/workspaces").body).Size("/workspaces") == 2);
  // Without a name, a default one.
  HttpResponse unnamed = admin->Post("/admin/workspaces", "");
  BOOST_TEST(unnamed.status == 201, unnamed.body);
  BOOST_TEST(!Json(unnamed.body).Str("/name").empty());
}

BOOST_AUTO_TEST_CASE(without_an_admin_token_the_admin_api_does_not_exist) {
  TempDir other;
  ServerProcess plain;
  BOOST_REQUIRE_MESSAGE(plain.Start(other.path()), plain.output());
  HttpClient c(plain.port(), kAdminToken);
  HttpResponse r = c.Get("/admin/workspaces");
  BOOST_TEST(r.status == 404);
  BOOST_TEST(c.Post("/admin/workspaces", "").status == 404);
  BOOST_TEST(plain.Stop() == 0);
}

BOOST_AUTO_TEST_CASE(a_new_workspace_has_twentys_standard_objects_and_a_working_key) {
  const std::string a = NewWorkspace("fresh");
  HttpResponse objects = As(a).Get("/rest/metadata/objects");
  BOOST_TEST_REQUIRE(objects.status == 200, objects.body);
  for (const char* name : {"\"person\"", "\"company\"", "\"opportunity\"", "\"note\"", "\"task\""})
    BOOST_TEST(objects.body.find(name) != std::string::npos, name);
  BOOST_TEST(Json(As(a).Get("/rest/people").body).Int("/totalCount") == 0);
  CreatedId(As(a).Post("/rest/people", R"({"city":"Paris"})"), "Person");
  BOOST_TEST(Json(As(a).Get("/rest/people").body).Int("/totalCount") == 1);
}

BOOST_AUTO_TEST_CASE(deleting_a_workspace_makes_its_keys_unknown) {
  const std::string a = NewWorkspace("doomed");
  CreatedId(As(a).Post("/rest/people", R"({"city":"Paris"})"), "Person");
  HttpClient unknown(server.port(), keys[a].substr(0, keys[a].size() - 2) + "xx");
  HttpResponse before_unknown = unknown.Get("/rest/people");
  HttpResponse del = admin->Request("DELETE", "/admin/workspaces/" + a);
  BOOST_TEST_REQUIRE(del.status == 200, del.body);
  BOOST_TEST(Json(del.body).Str("/id") == a);
  HttpResponse after = As(a).Get("/rest/people");
  BOOST_TEST(after.status == 401);
  BOOST_TEST(after.body == before_unknown.body);  // exactly as an unknown key
  BOOST_TEST(As(a).Post("/graphql", R"({"query":"{ people { totalCount } }"})").body.find("UNAUTHENTICATED") !=
             std::string::npos);
  BOOST_TEST(admin->Request("DELETE", "/admin/workspaces/" + a).status == 404);
  BOOST_TEST(admin->Get("/admin/workspaces").body.find(a) == std::string::npos);
  // Still gone after a crash and after a snapshot.
  Start(/*after_kill=*/true);
  BOOST_TEST(As(a).Get("/rest/people").status == 401);
  BOOST_TEST(admin->Get("/admin/workspaces").body.find(a) == std::string::npos);
  RestartFromSnapshot();
  BOOST_TEST(As(a).Get("/rest/people").status == 401);
  BOOST_TEST(admin->Get("/admin/workspaces").body.find(a) == std::string::npos);
}

// Everything workspace A has is invisible and untouchable with B's key,
// route family by route family; checked again after kill -9 and after a
// snapshot.
BOOST_AUTO_TEST_CASE(a_workspace_never_sees_or_touches_another) {
  const std::string a = NewWorkspace("A");
  const std::string b = NewWorkspace("B");
  HttpClient& ka = As(a);
  const std::string alice = CreatedId(ka.Post("/rest/people", R"({"name":{"firstName":"Alice"},"city":"Paris"})"), "Person");
  const std::string alice2 = CreatedId(ka.Post("/rest/people", R"({"name":{"firstName":"Alice"},"city":"Paris"})"), "Person");
  const std::string gone = CreatedId(ka.Post("/rest/people", R"({"name":{"firstName":"Gone"}})"), "Person");
  BOOST_TEST_REQUIRE(ka.Request("DELETE", "/rest/people/" + gone).status == 200);  // soft-deleted, restorable
  HttpResponse pet = ka.Post("/rest/metadata/objects",
                             R"({"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet","labelPlural":"Pets"})");
  BOOST_TEST_REQUIRE(pet.status == 201, pet.body);
  CreatedId(ka.Post("/rest/pets", R"({"name":"Rex"})"), "Pet");
  HttpResponse hook = ka.Post("/rest/metadata/webhooks", R"({"targetUrl":"http://127.0.0.1:9/a"})");
  BOOST_TEST_REQUIRE(hook.status == 201, hook.body);
  const std::string hook_id = Json(hook.body).Str("/id");
  HttpResponse key = ka.Post("/rest/metadata/apiKeys", R"({"name":"a-second-key"})");
  BOOST_TEST_REQUIRE(key.status == 201, key.body);
  const std::string key_id = Json(key.body).Str("/id");
  const std::string bob = CreatedId(As(b).Post("/rest/people", R"({"name":{"firstName":"Bob"}})"), "Person");

  int64_t b_people = 1;  // Bob, then one more per round (the batch below)
  auto check = [&] {
    HttpClient& kb = As(b);
    HttpClient& ka = As(a);
    // REST reads and counts.
    HttpResponse list = kb.Get("/rest/people");
    BOOST_TEST(Json(list.body).Int("/totalCount") == b_people, list.body);
    BOOST_TEST(list.body.find("Alice") == std::string::npos);
    BOOST_TEST(kb.Get("/rest/people/" + alice).status != 200);
    BOOST_TEST(kb.Get("/rest/people?filter=" + UrlEncode("id[eq]:" + alice)).body.find(alice) == std::string::npos);
    HttpResponse groups = kb.Get("/rest/people/groupBy?group_by=" + UrlEncode(R"([{"city":true}])"));
    BOOST_TEST(groups.body.find("Paris") == std::string::npos, groups.body);
    // REST writes with A's ids change nothing of A's.
    kb.Request("PATCH", "/rest/people/" + alice, R"({"city":"Hacked"})");
    kb.Request("DELETE", "/rest/people/" + alice);
    kb.Request("PATCH", "/rest/restore/people/" + gone);
    kb.Request("PATCH", "/rest/people/merge", R"({"ids":[")" + alice + R"(",")" + alice2 + R"("],"conflictPriorityIndex":0})");
    kb.Request("PATCH", "/rest/people/merge", R"({"ids":[")" + alice + R"(",")" + bob + R"("],"conflictPriorityIndex":1})");
    HttpResponse dups = kb.Post("/rest/people/duplicates", R"({"ids":[")" + alice + R"("]})");
    BOOST_TEST(dups.body.find(alice2) == std::string::npos, dups.body);
    BOOST_TEST(kb.Post("/rest/batch/people", R"([{"name":{"firstName":"Batch"}}])").status == 201);
    ++b_people;
    BOOST_TEST(kb.Request("DELETE", "/rest/people?filter=" + UrlEncode("city[eq]:Paris")).body.find(alice) ==
               std::string::npos);
    // GraphQL core.
    HttpResponse gql = kb.Post("/graphql", R"({"query":"{ people { totalCount edges { node { id } } } }"})");
    BOOST_TEST(gql.body.find(alice) == std::string::npos, gql.body);
    HttpResponse one = kb.Post("/graphql", R"({"query":"{ person(filter: {id: {eq: \")" + alice + R"(\"}}) { id } }"})");
    BOOST_TEST(one.body.find(alice) == std::string::npos, one.body);
    kb.Post("/graphql", R"({"query":"mutation { updatePerson(id: \")" + alice + R"(\", data: {city: \"G\"}) { id } }"})");
    kb.Post("/graphql", R"({"query":"mutation { destroyPerson(id: \")" + alice2 + R"(\") { id } }"})");
    HttpResponse schema = kb.Post("/graphql", R"({"query":"{ __type(name: \"Pet\") { name } }"})");
    BOOST_TEST(Json(schema.body).IsNull("/data/__type"), schema.body);
    // Custom objects, metadata REST and GraphQL, OpenAPI.
    BOOST_TEST(kb.Get("/rest/pets").status == 400);
    BOOST_TEST(kb.Get("/rest/metadata/objects").body.find("\"pet\"") == std::string::npos);
    BOOST_TEST(kb.Post("/metadata", R"({"query":"{ objects(paging: {first: 200}) { edges { node { nameSingular } } } }"})")
                   .body.find("\"pet\"") == std::string::npos);
    BOOST_TEST(kb.Get("/open-api/core").body.find("/pets") == std::string::npos);
    BOOST_TEST(ka.Get("/open-api/core").body.find("/pets") != std::string::npos);
    // Keys and webhooks.
    BOOST_TEST(kb.Get("/rest/metadata/apiKeys").body.find(key_id) == std::string::npos);
    BOOST_TEST(kb.Request("DELETE", "/rest/metadata/apiKeys/" + key_id).status != 200);
    BOOST_TEST(kb.Get("/rest/metadata/webhooks").body.find(hook_id) == std::string::npos);
    BOOST_TEST(kb.Request("DELETE", "/rest/metadata/webhooks/" + hook_id).status != 200);
    // And A's things are all still there, unchanged.
    HttpResponse mine = ka.Get("/rest/people/" + alice);
    BOOST_TEST_REQUIRE(mine.status == 200, mine.body);
    BOOST_TEST(Json(mine.body).Str("/data/person/city") == "Paris");
    BOOST_TEST(ka.Get("/rest/people/" + alice2).status == 200);
    BOOST_TEST(Json(ka.Get("/rest/people").body).Int("/totalCount") == 2);
    BOOST_TEST(Json(ka.Get("/rest/pets").body).Int("/totalCount") == 1);
    BOOST_TEST(ka.Get("/rest/metadata/apiKeys/" + key_id).status == 200);
    BOOST_TEST(ka.Get("/rest/metadata/webhooks/" + hook_id).status == 200);
    BOOST_TEST(Json(ka.Get("/rest/people/" + gone).body).Str("/data/person/id") != gone);  // still soft-deleted
  };
  check();
  Start(/*after_kill=*/true);
  check();
  RestartFromSnapshot();
  check();
}

BOOST_AUTO_TEST_SUITE_END()

// Rate-limit buckets are per workspace: A spending all of its own leaves
// B's untouched.
BOOST_AUTO_TEST_CASE(each_workspace_has_its_own_rate_limit) {
  TempDir dir;
  const std::string token_file = dir.path() + "/admin-token";
  std::ofstream(token_file) << kAdminToken;
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path() + "/data", {"--admin-token-file", token_file, "--rate-limit-short",
                                                            "3/600000", "--rate-limit-long", "1000/600000"}),
                        server.output());
  HttpClient admin(server.port(), kAdminToken);
  std::vector<std::string> keys;
  for (const char* name : {"A", "B"}) {
    HttpResponse r = admin.Post("/admin/workspaces", std::string(R"({"name":")") + name + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    keys.push_back(Json(r.body).Str("/apiKey"));
  }
  HttpClient a(server.port(), keys[0]), b(server.port(), keys[1]);
  for (int i = 0; i < 3; ++i) BOOST_TEST(a.Get("/rest/people").status == 200);
  BOOST_TEST(a.Get("/rest/people").status == 429);
  for (int i = 0; i < 3; ++i) BOOST_TEST(b.Get("/rest/people").status == 200);
  BOOST_TEST(b.Get("/rest/people").status == 429);
  BOOST_TEST(server.Stop() == 0);
}

BOOST_AUTO_TEST_CASE(the_workspaces_cli) {
  TempDir dir;
  CommandResult created = RunVingt({"workspaces", "create", "--name", "cli", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(created.exit_code == 0, created.err);
  const std::string id = created.out.substr(0, created.out.find('\n'));
  const std::string key = created.out.substr(id.size() + 1, created.out.size() - id.size() - 2);
  BOOST_TEST(id.size() == 36u);
  BOOST_TEST(key.size() > 50u);
  CommandResult list = RunVingt({"workspaces", "list", "--data-dir", dir.path()});
  BOOST_TEST(list.out.find(id) != std::string::npos);
  BOOST_TEST(list.out.find("cli") != std::string::npos);
  CommandResult second = RunVingt({"keys", "create", "--workspace", id, "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);
  const std::string second_key = second.out.substr(0, second.out.find('\n'));
  BOOST_TEST(RunVingt({"keys", "create", "--workspace", "00000000-0000-4000-8000-000000000000", "--data-dir",
                       dir.path()}).exit_code == 1);

  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  for (const std::string& k : {key, second_key}) {
    HttpClient c(server.port(), k);
    HttpResponse r = c.Post("/rest/people", R"({"city":"Lyon"})");
    BOOST_TEST(r.status == 201, r.body);
    BOOST_TEST(Json(r.body).Str("/data/createPerson/id").size() == 36u);
  }
  HttpClient c(server.port(), key);
  BOOST_TEST(Json(c.Get("/rest/people").body).Int("/totalCount") == 2);
  BOOST_TEST(server.Stop() == 0);

  CommandResult del = RunVingt({"workspaces", "delete", id, "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(del.exit_code == 0, del.err);
  BOOST_TEST(RunVingt({"workspaces", "delete", id, "--data-dir", dir.path()}).exit_code == 1);
  BOOST_TEST(RunVingt({"workspaces", "list", "--data-dir", dir.path()}).out.find(id) == std::string::npos);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  HttpClient after(server.port(), key);
  BOOST_TEST(after.Get("/rest/people").status == 401);
  BOOST_TEST(server.Stop() == 0);
}

}  // namespace vingt::testutil

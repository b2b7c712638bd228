// Keys, route by route (issue 14 item 6): every route of the route table
// (server/route_table.cpp, read here so that a new route is covered the
// day it is added) is called with every kind of bad credential: none, a
// malformed one, a well-formed token with a changed character, a revoked
// key, an expired key, the key of a deleted workspace, another scheme, the
// admin token where a key is wanted and a key where the admin token is
// wanted. None may answer 2xx (GraphQL: data), none may show anything of
// the workspace's records, keys, webhooks or objects, and none may change
// them. Then the secrets: no API key token and not the admin token is in
// the server's log or in any file of the data dir (keys are stored as
// keyed hashes; the admin token only as a digest in memory).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "server/route_table.h"
#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

constexpr const char* kAdminToken = "admin-token-key-matrix-5f1e0c7a9b";

// `vingt workspaces create`: the new workspace's id and first key.
std::pair<std::string, std::string> CreateWorkspaceOffline(const std::string& data_dir, const std::string& name) {
  CommandResult r = RunVingt({"workspaces", "create", "--name", name, "--data-dir", data_dir});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::istringstream lines(r.out);
  std::string id, key;
  std::getline(lines, id);
  std::getline(lines, key);
  BOOST_TEST_REQUIRE((!id.empty() && !key.empty()), r.out);
  return {id, key};
}

std::string MintKeyOffline(const std::string& data_dir, const std::vector<std::string>& options) {
  std::vector<std::string> args{"keys", "create", "--data-dir", data_dir};
  args.insert(args.end(), options.begin(), options.end());
  CommandResult r = RunVingt(args);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::string token = r.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Credential {
  std::string label;
  std::string authorization;  // the header's value; empty: no header
};

}  // namespace

BOOST_AUTO_TEST_CASE(no_route_answers_without_a_valid_key_of_the_right_kind_and_no_secret_is_kept_in_clear) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  const std::string token_file = dir.path() + "/admin-token";
  std::ofstream(token_file) << kAdminToken << "\n";

  // Offline: three workspaces; for A also a key that will be revoked and
  // one that expired long ago.
  // (Plain strings, not structured bindings: the lambdas below capture them.)
  std::string a_id, a_key, b_id, b_key, c_id, c_key;
  std::tie(a_id, a_key) = CreateWorkspaceOffline(data, "Matrix A");
  std::tie(b_id, b_key) = CreateWorkspaceOffline(data, "Matrix B");
  std::tie(c_id, c_key) = CreateWorkspaceOffline(data, "Matrix C");
  const std::string expired_key =
      MintKeyOffline(data, {"--workspace", a_id, "--name", "expired", "--expires-at", "2020-01-01T00:00:00.000Z"});
  const std::string revoked_key = MintKeyOffline(data, {"--workspace", a_id, "--name", "to-revoke"});
  std::vector<std::string> tokens{a_key, b_key, c_key, expired_key, revoked_key};

  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(data, {"--admin-token-file", token_file}), "server did not start:\n"
                                                                                   << server.output());
  HttpClient a(server.port(), a_key);
  HttpClient admin(server.port(), kAdminToken);

  // What A has, and what no refused call may show or change.
  HttpResponse person = a.Post("/rest/people", R"({"name":{"firstName":"Marker","lastName":"Person"},"city":"Vault"})");
  BOOST_TEST_REQUIRE(person.status == 201, person.body);
  const std::string person_id = Json(person.body).Str("/data/createPerson/id");
  HttpResponse second = a.Post("/rest/people", R"({"name":{"firstName":"Marker","lastName":"Twin"}})");
  BOOST_TEST_REQUIRE(second.status == 201, second.body);
  const std::string second_id = Json(second.body).Str("/data/createPerson/id");
  HttpResponse object = a.Post("/rest/metadata/objects", R"({"nameSingular":"vaultItem","namePlural":"vaultItems",)"
                                                         R"("labelSingular":"Vault item","labelPlural":"Vault items"})");
  BOOST_TEST_REQUIRE(object.status == 201, object.body);
  // (New workspaces answer metadata REST in Twenty's current format, a
  // bare object; older ones in the legacy envelope.)
  auto id_of = [](const std::string& body, const std::string& legacy) {
    Json j(body);
    return j.Has(legacy) ? j.Str(legacy) : j.Str("/id");
  };
  const std::string object_id = id_of(object.body, "/data/createOneObject/id");
  BOOST_TEST_REQUIRE(!object_id.empty(), object.body);
  HttpResponse field = a.Post("/rest/metadata/fields", R"({"objectMetadataId":")" + object_id +
                                                           R"(","name":"vaultCode","label":"Vault code","type":"TEXT"})");
  BOOST_TEST_REQUIRE(field.status == 201, field.body);
  const std::string field_id = id_of(field.body, "/data/createOneField/id");
  BOOST_TEST_REQUIRE(!field_id.empty(), field.body);
  HttpResponse hook = a.Post("/rest/metadata/webhooks", R"({"targetUrl":"http://127.0.0.1:9/vault-hook","secret":"hook-secret"})");
  BOOST_TEST_REQUIRE(hook.status == 201, hook.body);
  const std::string hook_id = Json(hook.body).Str("/id");
  HttpResponse minted = a.Post("/rest/metadata/apiKeys", R"({"name":"vault-key"})");
  BOOST_TEST_REQUIRE(minted.status == 201, minted.body);
  const std::string key_id = Json(minted.body).Str("/id");
  tokens.push_back(Json(minted.body).Str("/token"));
  BOOST_TEST_REQUIRE(!tokens.back().empty(), minted.body);
  // Revoke the offline one (found by name) and delete workspace C.
  HttpResponse keys = a.Get("/rest/metadata/apiKeys");
  std::string revoke_id;
  for (size_t i = 0; i < 20 && revoke_id.empty(); ++i) {
    const std::string at = "/data/" + std::to_string(i);
    Json list(keys.body);
    if (list.Has(at + "/name") && list.Str(at + "/name") == "to-revoke") revoke_id = list.Str(at + "/id");
  }
  BOOST_TEST_REQUIRE(!revoke_id.empty(), keys.body);
  BOOST_TEST_REQUIRE(a.Delete("/rest/metadata/apiKeys/" + revoke_id).status == 200);
  BOOST_TEST_REQUIRE(admin.Delete("/admin/workspaces/" + c_id).status == 200);
  // The same token as A's, one character of its random tail changed.
  std::string tampered = a_key;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';

  const std::vector<Credential> bad_keys{
      {"no Authorization header", ""},
      {"Bearer with nothing", "Bearer "},
      {"a malformed token", "Bearer not-a-token"},
      {"A's token with one character changed", "Bearer " + tampered},
      {"a revoked key", "Bearer " + revoked_key},
      {"an expired key", "Bearer " + expired_key},
      {"the key of a deleted workspace", "Bearer " + c_key},
      {"A's token in another scheme", "Basic " + a_key},
      {"the admin token as a key", std::string("Bearer ") + kAdminToken},
  };
  const std::vector<Credential> bad_admin{
      {"no Authorization header", ""},
      {"a wrong admin token", "Bearer admin-token-key-matrix-wrong"},
      {"A's API key", "Bearer " + a_key},
      {"the admin token in another scheme", std::string("Basic ") + kAdminToken},
  };
  // Nothing of A's may appear in a refused answer.
  const std::vector<std::string> secrets_of_a{person_id, second_id, "Marker", "Vault", "vaultItem", "vaultCode",
                                              object_id, field_id,  hook_id,  "vault-hook", "hook-secret", key_id,
                                              "vault-key", a_id};

  auto target_of = [&](const server::Route& route) {
    std::string target;
    std::string_view pattern = route.pattern;
    const bool metadata_objects = pattern.starts_with("/rest/metadata/objects");
    const bool metadata_fields = pattern.starts_with("/rest/metadata/fields");
    const bool api_keys = pattern.find("apiKeys") != std::string_view::npos;
    const bool webhooks = pattern.find("webhooks") != std::string_view::npos;
    const bool admin_route = pattern.starts_with("/admin");
    size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] != ':') {
        target += pattern[i++];
        continue;
      }
      size_t end = pattern.find('/', i);
      if (end == std::string_view::npos) end = pattern.size();
      const std::string_view param = pattern.substr(i + 1, end - i - 1);
      if (param == "plural") target += "people";
      else if (param == "resource") target += "objects";
      else if (param == "indicator") target += "database";
      else if (param == "file") target += "index.html";
      else if (metadata_objects) target += object_id;
      else if (metadata_fields) target += field_id;
      else if (api_keys) target += key_id;
      else if (webhooks) target += hook_id;
      else if (admin_route) target += a_id;
      else target += person_id;
      i = end;
    }
    if (pattern == "/graphql" && route.method == "GET")
      target += "?query=" + UrlEncode("{ people { totalCount edges { node { id city } } } }");
    if (pattern == "/metadata" && route.method == "GET")
      target += "?query=" + UrlEncode("{ objects(paging: {first: 200}) { edges { node { nameSingular } } } }");
    return target;
  };
  auto body_of = [&](const server::Route& route) -> std::string {
    std::string_view pattern = route.pattern;
    if (route.method == "GET" || route.method == "DELETE") return "";
    if (pattern == "/graphql")
      return R"({"query":"mutation { updatePerson(id: \")" + person_id + R"(\", data: {city: \"Hacked\"}) { id city } }"})";
    if (pattern == "/metadata") return R"({"query":"{ objects(paging: {first: 200}) { edges { node { id nameSingular } } } }"})";
    if (pattern.starts_with("/rest/batch")) return R"([{"name":{"firstName":"Intruder"}}])";
    if (pattern.ends_with("/merge"))
      return R"({"ids":[")" + person_id + R"(",")" + second_id + R"("],"conflictPriorityIndex":0})";
    if (pattern.ends_with("/duplicates")) return R"({"ids":[")" + person_id + R"("]})";
    if (pattern.find("webhooks") != std::string_view::npos) return R"({"targetUrl":"http://127.0.0.1:9/intruder"})";
    if (pattern.find("apiKeys") != std::string_view::npos || pattern.starts_with("/admin"))
      return R"({"name":"intruder"})";
    return R"({"name":{"firstName":"Intruder"},"city":"Hacked"})";
  };

  size_t calls = 0, keyed_routes = 0, admin_routes = 0;
  for (const server::Route& route : server::RouteTable()) {
    std::vector<Credential> credentials;
    switch (route.access) {
      case server::Access::kApiKey:
      case server::Access::kApiKeyRateLimited:
      case server::Access::kGraphql:
        credentials = bad_keys;
        ++keyed_routes;
        break;
      case server::Access::kAdmin:
      case server::Access::kMetrics:
        credentials = bad_admin;
        ++admin_routes;
        break;
      case server::Access::kPublic:
        // Public by design (health, OpenAPI, the playground); with a bad
        // key they still show nothing of A's (checked below).
        credentials = {bad_keys[0], bad_keys[3], bad_keys[4]};
        break;
    }
    const std::string target = target_of(route);
    const std::string body = body_of(route);
    for (const Credential& credential : credentials) {
      HeaderList headers;
      if (!credential.authorization.empty()) headers.push_back({"Authorization", credential.authorization});
      HttpClient raw(server.port());  // a refusal may close its connection
      HttpResponse r = raw.Request(std::string(route.method), target, body, headers);
      ++calls;
      const std::string what = std::string(route.method) + " " + target + " with " + credential.label;
      BOOST_TEST_REQUIRE(r.status != 0, what << ": no answer: " << r.error);
      if (route.access == server::Access::kPublic) {
        BOOST_TEST(r.status < 500, what << ": " << r.status);
      } else if (route.access == server::Access::kGraphql) {
        // GraphQL answers in its own shape: an UNAUTHENTICATED / FORBIDDEN
        // error and no data.
        BOOST_TEST((r.status == 401 || r.status == 403 || r.status == 200), what << ": " << r.status << " " << r.body);
        BOOST_TEST((r.body.find("UNAUTHENTICATED") != std::string::npos ||
                    r.body.find("FORBIDDEN") != std::string::npos),
                   what << ": " << r.body);
        BOOST_TEST(r.body.find("\"data\":{") == std::string::npos, what << ": " << r.body);
      } else {
        BOOST_TEST((r.status == 401 || r.status == 403 || r.status == 404), what << ": " << r.status << " " << r.body);
      }
      for (const std::string& secret : secrets_of_a)
        BOOST_TEST(r.body.find(secret) == std::string::npos, what << " shows \"" << secret << "\": " << r.body);
    }
  }
  BOOST_TEST(keyed_routes > 60u);  // the table's record, metadata, key, webhook and GraphQL routes
  BOOST_TEST(admin_routes >= 4u);  // admin workspaces and /metrics
  BOOST_TEST_MESSAGE("key matrix: " << calls << " refused calls over " << server::RouteTable().size() << " routes");

  // Nothing of A's changed, and no intruder got in anywhere.
  HttpResponse mine = a.Get("/rest/people/" + person_id);
  BOOST_TEST_REQUIRE(mine.status == 200, mine.body);
  BOOST_TEST(Json(mine.body).Str("/data/person/city") == "Vault");
  BOOST_TEST(a.Get("/rest/people/" + second_id).status == 200);
  BOOST_TEST(Json(a.Get("/rest/people").body).Int("/totalCount") == 2);
  BOOST_TEST(a.Get("/rest/metadata/objects/" + object_id).status == 200);
  BOOST_TEST(a.Get("/rest/metadata/fields/" + field_id).status == 200);
  BOOST_TEST(a.Get("/rest/metadata/webhooks/" + hook_id).status == 200);
  BOOST_TEST(a.Get("/rest/metadata/webhooks").body.find("intruder") == std::string::npos);
  BOOST_TEST(a.Get("/rest/metadata/apiKeys/" + key_id).status == 200);
  BOOST_TEST(a.Get("/rest/metadata/apiKeys").body.find("intruder") == std::string::npos);
  HttpResponse spaces = admin.Get("/admin/workspaces");
  BOOST_TEST(spaces.body.find("intruder") == std::string::npos, spaces.body);
  BOOST_TEST(spaces.body.find(a_id) != std::string::npos, spaces.body);
  HttpClient b(server.port(), b_key);
  BOOST_TEST(Json(b.Get("/rest/people").body).Int("/totalCount") == 0);

  // The secrets: not in the log, not in the data dir (also after a
  // snapshot has rewritten everything).
  BOOST_TEST_REQUIRE(server.Stop() == 0, server.output());
  CommandResult snap = RunVingt({"snapshot", "--data-dir", data});
  BOOST_TEST_REQUIRE(snap.exit_code == 0, snap.err);
  std::vector<std::string> secrets = tokens;
  secrets.push_back(kAdminToken);
  for (const std::string& token : tokens) {
    // The random part of a token alone (its last dot-separated part).
    const size_t dot = token.rfind('.');
    if (dot != std::string::npos && token.size() - dot > 16) secrets.push_back(token.substr(dot + 1));
  }
  const std::string log = server.output();
  size_t files = 0;
  for (const std::string& secret : secrets) BOOST_TEST(log.find(secret) == std::string::npos, "the log holds a secret");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string bytes = ReadWholeFile(entry.path());
    for (const std::string& secret : secrets)
      BOOST_TEST(bytes.find(secret) == std::string::npos,
                 entry.path().filename().string() << " holds a token in clear");
  }
  BOOST_TEST(files >= 3u);  // the key secret, a snapshot, a WAL segment at least
}

}  // namespace vingt::testutil

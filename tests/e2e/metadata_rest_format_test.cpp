// End-to-end tests of Twenty's newer REST metadata format (its per-workspace
// flag IS_REST_METADATA_API_NEW_FORMAT_DIRECT; server/metadata/rest_list.h):
// a new workspace gets it, lists are one envelope ordered by id descending
// with raw-id cursors, single records come bare, and the setting is kept in
// the data dir until `serve --rest-metadata-format` changes it.
#include <signal.h>

#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

struct NewFormat {
  NewFormat() {
    server.legacy_rest_metadata = false;  // the default of a new workspace
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
    token = server.initial_token();
    http = std::make_unique<HttpClient>(server.port(), token);
  }
  ~NewFormat() {
    http.reset();
    BOOST_CHECK(server.Stop() == 0);
  }
  void Restart(const std::vector<std::string>& extra) {
    http.reset();
    server.Kill(SIGKILL);
    BOOST_TEST(server.Wait(10000) == 128 + SIGKILL);
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), extra), server.output());
    http = std::make_unique<HttpClient>(server.port(), token);
  }
  Json Get(const std::string& path) {
    HttpResponse r = http->Get(path);
    BOOST_TEST_REQUIRE(r.status == 200, path << " -> " << r.body);
    return Json(r.body);
  }

  TempDir dir;
  ServerProcess server;
  std::string token;
  std::unique_ptr<HttpClient> http;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(metadata_rest_format, NewFormat)

BOOST_AUTO_TEST_CASE(lists_are_one_envelope_by_id_descending_with_raw_id_cursors) {
  Json all = Get("/rest/metadata/objects");
  BOOST_TEST_REQUIRE(all.IsArray("/data"), all.text());
  const int64_t n = all.Int("/totalCount");
  BOOST_TEST(all.Size("/data") == n);
  for (int64_t i = 1; i < n; ++i)
    BOOST_TEST(all.Str("/data/" + std::to_string(i - 1) + "/id") > all.Str("/data/" + std::to_string(i) + "/id"));
  BOOST_TEST(all.IsArray("/data/0/fields"));  // objects carry their fields

  Json first = Get("/rest/metadata/objects?limit=1");
  BOOST_TEST(first.Size("/data") == 1);
  BOOST_TEST(first.Bool("/pageInfo/hasNextPage") == true);
  BOOST_TEST(first.Bool("/pageInfo/hasPreviousPage") == false);
  BOOST_TEST(first.Str("/pageInfo/startCursor") == first.Str("/data/0/id"));
  BOOST_TEST(first.Str("/pageInfo/endCursor") == first.Str("/data/0/id"));
  BOOST_TEST(first.Int("/totalCount") == n);
  Json second = Get("/rest/metadata/objects?limit=2&starting_after=" + first.Str("/pageInfo/endCursor"));
  BOOST_TEST(second.Str("/data/0/id") == all.Str("/data/1/id"));
  BOOST_TEST(second.Bool("/pageInfo/hasPreviousPage") == true);
  Json back = Get("/rest/metadata/objects?limit=5&ending_before=" + second.Str("/pageInfo/startCursor"));
  BOOST_TEST(back.Size("/data") == 1);
  BOOST_TEST(back.Str("/data/0/id") == first.Str("/data/0/id"));

  BOOST_TEST(http->Get("/rest/metadata/objects?starting_after=x").status == 400);
  const std::string id = first.Str("/data/0/id");
  BOOST_TEST(http->Get("/rest/metadata/objects?starting_after=" + id + "&ending_before=" + id).status == 400);

  Json fields = Get("/rest/metadata/fields?limit=3");
  BOOST_TEST(fields.Size("/data") == 3);
  BOOST_TEST(fields.Str("/data/0/id") > fields.Str("/data/1/id"));
}

BOOST_AUTO_TEST_CASE(single_records_come_bare) {
  Json person = Get("/rest/metadata/objects/person");
  BOOST_TEST(person.Str("/nameSingular") == "person", person.text());
  BOOST_TEST(!person.Has("/data"));

  HttpResponse created = http->Post(
      "/rest/metadata/objects",
      R"({"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet","labelPlural":"Pets","icon":"IconPaw"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string pet = Json(created.body).Str("/id");
  BOOST_TEST(Json(created.body).Str("/nameSingular") == "pet");

  HttpResponse field = http->Post("/rest/metadata/fields", R"({"objectMetadataId":")" + pet +
                                                               R"(","type":"TEXT","name":"nickname","label":"Nickname"})");
  BOOST_TEST_REQUIRE(field.status == 201, field.body);
  const std::string nickname = Json(field.body).Str("/id");
  BOOST_TEST(Get("/rest/metadata/fields/" + nickname).Str("/name") == "nickname");

  HttpResponse renamed = http->Request("PATCH", "/rest/metadata/objects/" + pet, R"({"labelSingular":"Animal"})");
  BOOST_TEST_REQUIRE(renamed.status == 200, renamed.body);
  BOOST_TEST(Json(renamed.body).Str("/labelSingular") == "Animal");
}

BOOST_AUTO_TEST_CASE(api_keys_page_like_every_metadata_list_and_the_old_alias_is_deprecated) {
  Json keys = Get("/rest/metadata/apiKeys");
  BOOST_TEST_REQUIRE(keys.IsArray("/data"), keys.text());
  BOOST_TEST(keys.Int("/totalCount") == 1);  // the default key
  BOOST_TEST(keys.Str("/data/0/name") == "default");
  HttpResponse alias = http->Get("/rest/apiKeys");
  BOOST_TEST_REQUIRE(alias.status == 200, alias.body);
  BOOST_TEST(Json(alias.body).IsArray(""));
  BOOST_TEST(alias.Header("deprecation") == "true");
  BOOST_TEST(alias.Header("link") == R"(</rest/metadata/apiKeys>; rel="successor-version")");
}

BOOST_AUTO_TEST_CASE(the_format_is_kept_in_the_data_dir_until_changed) {
  Restart({});
  BOOST_TEST(Get("/rest/metadata/objects").IsArray("/data"));
  Restart({"--rest-metadata-format", "legacy"});
  BOOST_TEST(Get("/rest/metadata/objects").IsArray("/data/objects"));
  BOOST_TEST(Get("/rest/metadata/objects/person").Str("/data/object/nameSingular") == "person");
  Restart({});
  BOOST_TEST(Get("/rest/metadata/objects").IsArray("/data/objects"));  // still legacy
  Restart({"--rest-metadata-format", "new"});
  BOOST_TEST(Get("/rest/metadata/objects").IsArray("/data"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

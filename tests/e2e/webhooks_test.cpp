// Webhook objects end to end (spec/auth-errors-limits.md §4.1): REST on
// /rest/metadata/webhooks and the deprecated /rest/webhooks, GraphQL on
// /metadata, both reading bodies the same way; the WAL keeps them across a
// restart and a SIGKILL.
#include <signal.h>

#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

std::string Gql(const std::string& query) { return "{\"query\":" + JsonQuote(query) + "}"; }

bool IsLowerHex(const std::string& s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

struct WebhookFixture : ServerFixture {
  WebhookFixture() : token(server.initial_token()) {}
  std::string token;  // the first key, minted on the fresh data dir
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhooks, WebhookFixture)

BOOST_AUTO_TEST_CASE(rest_create_read_update_delete) {
  HttpResponse created = http->Post("/rest/metadata/webhooks", R"({"targetUrl":"https://example.com/hook"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  Json h(created.body);
  const std::string id = h.Str("/id");
  BOOST_TEST(h.Keys("") == (std::vector<std::string>{"id", "targetUrl", "operations", "description", "secret",
                                                    "workspaceId", "createdAt", "updatedAt", "deletedAt"}),
             created.body);
  BOOST_TEST(h.Str("/targetUrl") == "https://example.com/hook");
  BOOST_TEST(h.Raw("/operations") == R"(["*.*"])");  // the default
  BOOST_TEST(h.IsNull("/description"));
  BOOST_TEST(h.Str("/secret").size() == 64u);  // generated: 32 random bytes in hex
  BOOST_TEST(IsLowerHex(h.Str("/secret")));
  BOOST_TEST(h.IsNull("/deletedAt"));

  HttpResponse got = http->Get("/rest/metadata/webhooks/" + id);
  BOOST_TEST(got.status == 200);
  BOOST_TEST(got.body == created.body);

  HttpResponse patched = http->Patch("/rest/webhooks/" + id,
                                     R"({"operations":["person.created","company.*"],"description":"CRM sync","secret":"s3cr3t"})");
  BOOST_TEST_REQUIRE(patched.status == 200, patched.body);
  Json p(patched.body);
  BOOST_TEST(p.Raw("/operations") == R"(["person.created","company.*"])");
  BOOST_TEST(p.Str("/description") == "CRM sync");
  BOOST_TEST(p.Str("/secret") == "s3cr3t");
  BOOST_TEST(p.Str("/targetUrl") == "https://example.com/hook");  // untouched

  HttpResponse list = http->Get("/rest/metadata/webhooks");
  BOOST_TEST(list.status == 200);
  BOOST_TEST(Json(list.body).Size("") == 1);
  HttpResponse alias = http->Get("/rest/webhooks");
  BOOST_TEST(alias.status == 200);
  BOOST_TEST(alias.Header("deprecation") == "true");
  BOOST_TEST(Json(alias.body).Str("/0/id") == id);

  HttpResponse deleted = http->Delete("/rest/metadata/webhooks/" + id);
  BOOST_TEST(deleted.status == 200);
  BOOST_TEST(deleted.body == "true");
  BOOST_TEST(http->Get("/rest/metadata/webhooks/" + id).status == 404);
  BOOST_TEST(Json(http->Get("/rest/metadata/webhooks").body).Size("") == 0);
  BOOST_TEST(http->Delete("/rest/metadata/webhooks/" + id).status == 404);
  BOOST_TEST(http->Patch("/rest/metadata/webhooks/" + id, "{}").status == 404);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_and_changes_nothing) {
  struct Case {
    std::string body;
    std::string message;
  } cases[] = {
      {R"({"targetUrl":"not a url"})",
       "Invalid URL: missing scheme. URLs must include http:// or https://. Received: not a url"},
      {R"({"targetUrl":"example.com/hook"})",
       "Invalid URL: missing scheme. URLs must include http:// or https://. Received: example.com/hook"},
      {R"({"targetUrl":"ftp://example.com"})", "Invalid URL scheme. Only HTTP and HTTPS are allowed. Received: ftp:"},
      {R"({})", "Target URL is required"},
      {R"({"targetUrl":"https://a.example","operations":"*.*"})", "operations must be an array of strings"},
      {R"({"targetUrl":"https://a.example","operations":[1]})", "operations must be an array of strings"},
      {R"({"targetUrl":"https://a.example","color":"red"})", "Webhook doesn't have any \"color\" field."},
      {R"({"targetUrl":42})", "targetUrl must be a string"},
  };
  for (const Case& c : cases) {
    HttpResponse r = http->Post("/rest/metadata/webhooks", c.body);
    BOOST_TEST(r.status == 400, c.body << " -> " << r.body);
    BOOST_TEST(Json(r.body).Str("/messages/0") == c.message, r.body);
  }
  BOOST_TEST(http->Post("/rest/metadata/webhooks", "[1,").status == 400);
  BOOST_TEST(Json(http->Get("/rest/metadata/webhooks").body).Size("") == 0);

  HttpResponse created = http->Post("/rest/metadata/webhooks", R"({"targetUrl":"http://127.0.0.1:9/x"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string id = Json(created.body).Str("/id");
  HttpResponse bad = http->Patch("/rest/metadata/webhooks/" + id, R"j({"targetUrl":"javascript:alert(1)"})j");
  BOOST_TEST(bad.status == 400, bad.body);
  BOOST_TEST(Json(http->Get("/rest/metadata/webhooks/" + id).body).Str("/targetUrl") == "http://127.0.0.1:9/x");
  BOOST_TEST(http->Get("/rest/metadata/webhooks/not-a-uuid").status == 404);
}

BOOST_AUTO_TEST_CASE(graphql_manages_the_same_webhooks) {
  Json created(http->Post("/metadata", Gql(R"(mutation { createWebhook(input: {targetUrl: "https://example.com/g",
      operations: ["*.created"], description: "from GraphQL", secret: "abc"}) { id targetUrl operations description
      secret workspaceId createdAt updatedAt deletedAt } })")).body);
  BOOST_TEST_REQUIRE(!created.Has("/errors"), created.text());
  const std::string id = created.Str("/data/createWebhook/id");
  BOOST_TEST(created.Raw("/data/createWebhook/operations") == R"(["*.created"])");
  BOOST_TEST(created.Str("/data/createWebhook/secret") == "abc");
  // REST sees it.
  Json rest(http->Get("/rest/metadata/webhooks/" + id).body);
  BOOST_TEST(rest.Str("/description") == "from GraphQL");

  Json one(http->Post("/metadata", Gql("{ webhook(input: {id: \"" + id + "\"}) { id targetUrl } webhooks { id } }")).body);
  BOOST_TEST(one.Str("/data/webhook/targetUrl") == "https://example.com/g", one.text());
  BOOST_TEST(one.Size("/data/webhooks") == 1);
  Json none(http->Post("/metadata", Gql(R"({ webhook(input: {id: "00000000-0000-4000-8000-000000000000"}) { id } })")).body);
  BOOST_TEST(none.IsNull("/data/webhook"), none.text());

  Json updated(http->Post("/metadata", Gql("mutation { updateWebhook(input: {id: \"" + id +
                                           "\", targetUrl: \"http://example.org/new\"}) { targetUrl operations } }"))
                   .body);
  BOOST_TEST(updated.Str("/data/updateWebhook/targetUrl") == "http://example.org/new", updated.text());
  BOOST_TEST(updated.Raw("/data/updateWebhook/operations") == R"(["*.created"])");

  Json bad(http->Post("/metadata", Gql("mutation { updateWebhook(input: {id: \"" + id +
                                       "\", targetUrl: \"nope\"}) { targetUrl } }"))
               .body);
  BOOST_TEST(bad.Str("/errors/0/message") ==
                 "Invalid URL: missing scheme. URLs must include http:// or https://. Received: nope",
             bad.text());
  BOOST_TEST(bad.Str("/errors/0/extensions/code") == "BAD_USER_INPUT");

  Json deleted(http->Post("/metadata", Gql("mutation { deleteWebhook(input: {id: \"" + id + "\"}) }")).body);
  BOOST_TEST(deleted.Raw("/data/deleteWebhook") == "true", deleted.text());
  Json again(http->Post("/metadata", Gql("mutation { deleteWebhook(input: {id: \"" + id + "\"}) }")).body);
  BOOST_TEST(again.Raw("/data/deleteWebhook") == "false", again.text());
  BOOST_TEST(http->Get("/rest/metadata/webhooks/" + id).status == 404);
}

BOOST_AUTO_TEST_CASE(webhooks_survive_restart_and_sigkill) {
  HttpResponse a = http->Post("/rest/metadata/webhooks", R"({"targetUrl":"https://a.example/1","secret":"x"})");
  HttpResponse b = http->Post("/rest/metadata/webhooks", R"({"targetUrl":"https://b.example/2"})");
  BOOST_TEST_REQUIRE((a.status == 201 && b.status == 201));
  const std::string b_id = Json(b.body).Str("/id");
  Restart(token, /*kill=*/false);
  BOOST_TEST(http->Get("/rest/metadata/webhooks/" + Json(a.body).Str("/id")).body == a.body);
  BOOST_TEST(http->Delete("/rest/metadata/webhooks/" + b_id).status == 200);
  Restart(token, /*kill=*/true);
  BOOST_TEST(Json(http->Get("/rest/metadata/webhooks").body).Size("") == 1);
  BOOST_TEST(http->Get("/rest/metadata/webhooks/" + b_id).status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// mergePeople and personDuplicates on /graphql against the real binary:
// GraphQL and REST answer the same duplicates for the same input, a merge
// made through GraphQL is what REST reads afterwards, an acknowledged merge
// survives a SIGKILL, and errors arrive in GraphQL's envelope with HTTP 200.
#include <csignal>
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {
  Json Gql(const std::string& query) {
    HttpResponse r = http->Post("/graphql", "{\"query\":" + JsonQuote(query) + "}");
    BOOST_TEST_REQUIRE(r.status == 200, r.status << " " << r.body);
    Json j(r.body);
    BOOST_TEST_REQUIRE(j.ok(), r.body);
    return j;
  }
  std::string Person(const std::string& body) { return Create("people", "Person", body); }
};

std::string Ids(const std::string& a, const std::string& b) { return "[\"" + a + "\",\"" + b + "\"]"; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(graphql_merge_duplicates, Fixture)

BOOST_AUTO_TEST_CASE(duplicates_match_rests_answer) {
  const std::string ada =
      Person(R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"emails":{"primaryEmail":"ada@x.com"}})");
  const std::string twin = Person(R"({"name":{"firstName":"Ada","lastName":"Lovelace"}})");
  const std::string other = Person(R"({"name":{"firstName":"Ada","lastName":"Byron"}})");

  Json rest(http->Post("/rest/people/duplicates", R"({"ids":)" + Ids(ada, other) + "}").body);
  Json gql = Gql("{ personDuplicates(ids: " + Ids(ada, other) +
                 ") { totalCount edges { cursor node { id } } pageInfo { hasNextPage startCursor endCursor } } }");
  BOOST_TEST(gql.Int("/data/personDuplicates/0/totalCount") == rest.Int("/data/0/totalCount"));
  BOOST_TEST(gql.Str("/data/personDuplicates/0/edges/0/node/id") == twin);
  BOOST_TEST(rest.Str("/data/0/personDuplicates/0/id") == twin);
  BOOST_TEST(gql.Str("/data/personDuplicates/0/pageInfo/startCursor") == rest.Str("/data/0/pageInfo/startCursor"));
  BOOST_TEST(gql.Str("/data/personDuplicates/0/edges/0/cursor") == rest.Str("/data/0/pageInfo/endCursor"));
  BOOST_TEST(gql.Int("/data/personDuplicates/1/totalCount") == 0);
  BOOST_TEST(gql.Bool("/data/personDuplicates/1/pageInfo/hasNextPage") == 0);

  Json by_data = Gql(R"({ personDuplicates(data: [{emails: {primaryEmail: "ADA@x.com"}}]) { edges { node { id } } } })");
  BOOST_TEST(by_data.Str("/data/personDuplicates/0/edges/0/node/id") == ada);
}

BOOST_AUTO_TEST_CASE(graphql_merge_is_what_rest_reads_and_survives_a_kill) {
  const std::string a = Person(R"({"name":{"firstName":"Ada","lastName":"L"},"emails":{"primaryEmail":"ada@x.com"}})");
  const std::string b =
      Person(R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"emails":{"primaryEmail":"ada@y.com"},"city":"London"})");
  const std::string note = Create("notes", "Note", R"({"title":"n"})");
  const std::string link =
      Create("noteTargets", "NoteTarget", R"({"noteId":")" + note + R"(","personId":")" + b + R"("})");

  Json dry = Gql("mutation { mergePeople(ids: " + Ids(a, b) + ", conflictPriorityIndex: 1, dryRun: true) { id city } }");
  BOOST_TEST(dry.Str("/data/mergePeople/city") == "London");
  BOOST_TEST(http->Get("/rest/people/" + a).status == 200);
  BOOST_TEST(http->Get("/rest/people/" + b).status == 200);

  Json merged = Gql("mutation { mergePeople(ids: " + Ids(a, b) +
                    ", conflictPriorityIndex: 0) { id city emails { primaryEmail additionalEmails } } }");
  BOOST_TEST_REQUIRE(!merged.Has("/errors"), merged.text());
  BOOST_TEST(merged.Str("/data/mergePeople/id") == a);
  BOOST_TEST(merged.Str("/data/mergePeople/emails/additionalEmails/0") == "ada@y.com");

  // Acknowledged means durable: kill the server without a clean stop.
  const std::string token = server.initial_token();
  http.reset();
  server.Kill(SIGKILL);
  BOOST_TEST(server.Wait(5000) == 128 + SIGKILL);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "restart failed:\n" << server.output());
  http = std::make_unique<HttpClient>(server.port(), token);

  BOOST_TEST(http->Get("/rest/people/" + b).status == 404);
  Json survivor(http->Get("/rest/people/" + a).body);
  BOOST_TEST(survivor.Str("/data/person/city") == "London");
  BOOST_TEST(survivor.Str("/data/person/emails/primaryEmail") == "ada@x.com");
  BOOST_TEST(survivor.Str("/data/person/emails/additionalEmails/0") == "ada@y.com");
  BOOST_TEST(Json(http->Get("/rest/noteTargets/" + link).body).Str("/data/noteTarget/personId") == a);
}

BOOST_AUTO_TEST_CASE(errors_come_in_graphqls_envelope) {
  const std::string a = Person(R"({"city":"A"})");
  Json one = Gql("mutation { mergePeople(ids: [\"" + a + "\"], conflictPriorityIndex: 0) { id } }");
  BOOST_TEST(one.Str("/errors/0/message") == "At least 2 record IDs are required for merge");
  BOOST_TEST(one.Str("/errors/0/extensions/code") == "BAD_USER_INPUT");
  BOOST_TEST(one.IsNull("/data/mergePeople"));
  Json missing = Gql("mutation { mergePeople(ids: " + Ids(a, "0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b") +
                     ", conflictPriorityIndex: 0) { id } }");
  BOOST_TEST(missing.Str("/errors/0/message") == "One or more records not found");
  BOOST_TEST(missing.Str("/errors/0/extensions/code") == "NOT_FOUND");
  Json neither = Gql("{ personDuplicates { totalCount } }");
  BOOST_TEST(neither.Str("/errors/0/message") == "You have to provide either \"data\" or \"ids\" argument");
  BOOST_TEST(http->Get("/rest/people/" + a).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

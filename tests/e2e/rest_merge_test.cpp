// End-to-end tests of PATCH /rest/{plural}/merge (spec/rest-core.md §4.11).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {
  HttpResponse Merge(const std::string& body) { return http->Request("PATCH", "/rest/people/merge", body); }

};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_merge, Fixture)

BOOST_AUTO_TEST_CASE(merge_keeps_priority_values_unions_emails_and_moves_relations) {
  std::string a = Create("people", "Person",
                         R"({"name":{"firstName":"Ada","lastName":"L"},"emails":{"primaryEmail":"ada@x.com"},"city":""})");
  std::string b = Create("people", "Person",
                         R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"emails":{"primaryEmail":"ada@y.com","additionalEmails":["a2@y.com"]},"city":"London","jobTitle":"Countess"})");
  std::string note = Create("notes", "Note", R"({"title":"n"})");
  std::string link = Create("noteTargets", "NoteTarget", R"({"noteId":")" + note + R"(","personId":")" + b + R"("})");

  HttpResponse r = Merge(R"({"ids":[")" + a + R"(",")" + b + R"("],"conflictPriorityIndex":0})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/mergePerson/id") == a);
  BOOST_TEST(j.Str("/data/mergePerson/name/lastName") == "L");     // priority wins conflicts
  BOOST_TEST(j.Str("/data/mergePerson/city") == "London");         // empty on the priority: taken from the other
  BOOST_TEST(j.Str("/data/mergePerson/jobTitle") == "Countess");
  BOOST_TEST(j.Str("/data/mergePerson/emails/primaryEmail") == "ada@x.com");
  BOOST_TEST(j.Str("/data/mergePerson/emails/additionalEmails/0") == "ada@y.com");
  BOOST_TEST(j.Str("/data/mergePerson/emails/additionalEmails/1") == "a2@y.com");
  BOOST_TEST(http->Get("/rest/people/" + b).status == 404);
  BOOST_TEST(Json(http->Get("/rest/noteTargets/" + link).body).Str("/data/noteTarget/personId") == a);
}

BOOST_AUTO_TEST_CASE(dry_run_changes_nothing) {
  std::string a = Create("people", "Person", R"({"city":"A"})");
  std::string b = Create("people", "Person", R"({"city":"B","jobTitle":"Engineer"})");
  HttpResponse r = Merge(R"({"ids":[")" + a + R"(",")" + b + R"("],"conflictPriorityIndex":1,"dryRun":true})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/mergePerson/city") == "B");
  BOOST_TEST(j.Str("/data/mergePerson/id") != a);
  BOOST_TEST(j.Str("/data/mergePerson/id") != b);
  BOOST_TEST(!j.IsNull("/data/mergePerson/deletedAt"));
  BOOST_TEST(http->Get("/rest/people/" + a).status == 200);
  BOOST_TEST(http->Get("/rest/people/" + b).status == 200);
}

BOOST_AUTO_TEST_CASE(merge_errors_have_twentys_messages) {
  std::string a = Create("people", "Person", R"({"city":"A"})");
  std::string b = Create("people", "Person", R"({"city":"B"})");
  auto message = [&](const std::string& body) { return Json(Merge(body).body).Str("/messages/0"); };
  BOOST_TEST(message(R"({"ids":[")" + a + R"("]})") == "At least 2 record IDs are required for merge");
  std::string ten = "[";
  for (int i = 0; i < 10; ++i) ten += std::string(i ? "," : "") + "\"" + (i % 2 ? a : b) + "\"";
  ten += "]";
  BOOST_TEST(message(R"({"ids":)" + ten + "}") == "Maximum 9 records can be merged at once");
  BOOST_TEST(message(R"({"ids":[")" + a + R"(",")" + b + R"("],"conflictPriorityIndex":2})") ==
             "Invalid conflict priority '2'. Valid options for 2 records: 0-1");
  BOOST_TEST(Merge(R"({"ids":[")" + a + R"(","0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]})").status == 404);
  // Twenty reads the records of `ids` and wants as many back: a repeated id
  // is a record not found.
  HttpResponse repeated = Merge(R"({"ids":[")" + a + R"(",")" + a + R"("]})");
  BOOST_TEST(repeated.status == 404);
  BOOST_TEST(Json(repeated.body).Str("/messages/0") == "Record not found");
  HttpResponse notes = http->Request("PATCH", "/rest/notes/merge", R"({"ids":[")" + a + R"(",")" + b + R"("]})");
  BOOST_TEST(notes.status == 400);
  BOOST_TEST(Json(notes.body).Str("/messages/0") ==
             "Merge is only available for objects with duplicate criteria. Object 'note' does not have duplicate "
             "criteria defined.");
  BOOST_TEST(http->Get("/rest/people/" + a).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// End-to-end tests of restore (both path forms, spec/rest-core.md §2 and
// §4.9) and of onDelete cascades on hard delete (§4.8).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {

};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_restore_cascade, Fixture)

BOOST_AUTO_TEST_CASE(restore_one_in_both_path_forms) {
  for (const std::string form : {"current", "legacy"}) {
    std::string id = Create("people", "Person", R"({"city":"Lyon"})");
    BOOST_TEST(http->Delete("/rest/people/" + id + "?soft_delete=true").status == 200);
    BOOST_TEST(http->Get("/rest/people/" + id).status == 404);
    std::string path = form == "current" ? "/rest/people/" + id + "/restore" : "/rest/restore/people/" + id;
    HttpResponse r = http->Request("PATCH", path, "");
    BOOST_TEST_REQUIRE(r.status == 200, form << ": " << r.body);
    Json j(r.body);
    BOOST_TEST(j.Str("/data/restorePerson/id") == id);
    BOOST_TEST(j.IsNull("/data/restorePerson/deletedAt"));
    BOOST_TEST(http->Get("/rest/people/" + id).status == 200);
  }
  HttpResponse missing = http->Request("PATCH", "/rest/people/0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b/restore", "");
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(http->Request("PATCH", "/rest/people/nope/restore", "").status == 400);
}

BOOST_AUTO_TEST_CASE(hard_delete_cascades_and_detaches) {
  std::string person = Create("people", "Person", R"({"city":"Paris"})");
  std::string note = Create("notes", "Note", R"({"title":"Met Ada"})");
  std::string target =
      Create("noteTargets", "NoteTarget", R"({"noteId":")" + note + R"(","personId":")" + person + R"("})");
  std::string opp = Create("opportunities", "Opportunity", R"({"name":"Deal","pointOfContactId":")" + person + R"("})");

  BOOST_TEST(http->Delete("/rest/people/" + person).status == 200);
  BOOST_TEST(http->Get("/rest/noteTargets/" + target).status == 404);  // CASCADE
  BOOST_TEST(http->Get("/rest/notes/" + note).status == 200);          // the note stays
  HttpResponse o = http->Get("/rest/opportunities/" + opp);
  BOOST_TEST_REQUIRE(o.status == 200);
  BOOST_TEST(Json(o.body).IsNull("/data/opportunity/pointOfContactId"));  // SET_NULL
}

BOOST_AUTO_TEST_CASE(soft_delete_does_not_cascade) {
  std::string person = Create("people", "Person", R"({"city":"Paris"})");
  std::string note = Create("notes", "Note", R"({"title":"x"})");
  std::string target =
      Create("noteTargets", "NoteTarget", R"({"noteId":")" + note + R"(","personId":")" + person + R"("})");
  BOOST_TEST(http->Delete("/rest/people/" + person + "?soft_delete=true").status == 200);
  BOOST_TEST(http->Get("/rest/noteTargets/" + target).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// End-to-end tests of the filter-driven bulk routes (spec/rest-core.md §4.7-§4.9).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {
  void People(int n, const std::string& city) {
    std::string body = "[";
    for (int i = 0; i < n; ++i) body += std::string(i ? "," : "") + R"({"city":")" + city + R"("})";
    body += "]";
    BOOST_REQUIRE(http->Post("/rest/batch/people", body).status == 201);
  }
  int64_t Count(const std::string& query = "") {
    return Json(http->Get("/rest/people?limit=0" + query).body).Int("/totalCount", -1);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_bulk, Fixture)

BOOST_AUTO_TEST_CASE(update_many_changes_every_match_and_only_them) {
  People(3, "Paris");
  People(2, "Lyon");
  HttpResponse r = http->Request("PATCH", "/rest/people?filter=city[eq]:Paris", R"({"jobTitle":"Engineer"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/updatePeople/0/jobTitle") == "Engineer");
  BOOST_TEST(j.Has("/data/updatePeople/2"));
  BOOST_TEST(!j.Has("/data/updatePeople/3"));
  BOOST_TEST(Count("&filter=jobTitle[eq]:Engineer") == 3);
  BOOST_TEST(http->Request("PATCH", "/rest/people", R"({"jobTitle":"x"})").status == 400);  // filter required
  HttpResponse bad = http->Request("PATCH", "/rest/people?filter=city[eq]:Lyon", R"({"foo":1})");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(Count("&filter=jobTitle[eq]:x") == 0);
}

BOOST_AUTO_TEST_CASE(delete_many_soft_then_restore_many_then_destroy_many) {
  People(4, "Nice");
  People(1, "Rome");
  HttpResponse soft = http->Delete("/rest/people?filter=city[eq]:Nice&soft_delete=true");
  BOOST_TEST_REQUIRE(soft.status == 200, soft.body);
  BOOST_TEST(Json(soft.body).Has("/data/deletePeople/3/id"));
  BOOST_TEST(Count() == 1);
  BOOST_TEST(Count("&filter=deletedAt[is]:NOT_NULL") == 4);

  HttpResponse restored = http->Request("PATCH", "/rest/people/restore?filter=city[eq]:Nice", "");
  BOOST_TEST_REQUIRE(restored.status == 200, restored.body);
  BOOST_TEST(Json(restored.body).Has("/data/restorePeople/3/id"));
  BOOST_TEST(Count() == 5);

  HttpResponse destroyed = http->Delete("/rest/people?filter=city[eq]:Nice");
  BOOST_TEST_REQUIRE(destroyed.status == 200, destroyed.body);
  BOOST_TEST(Json(destroyed.body).Has("/data/deletePeople/3/id"));
  BOOST_TEST(Count() == 1);
  BOOST_TEST(Count("&filter=deletedAt[is]:NOT_NULL") == 0);  // hard: not in the trash either
}

// Twenty's destroy-many is a plain DELETE with the filter: records already
// in the trash go too (REST and GraphQL).
BOOST_AUTO_TEST_CASE(destroy_many_takes_trashed_records_too) {
  People(2, "Turin");
  People(1, "Genoa");
  BOOST_TEST_REQUIRE(http->Delete("/rest/people?filter=city[eq]:Turin&soft_delete=true").status == 200);
  HttpResponse destroyed = http->Delete("/rest/people?filter=city[in]:[Turin,Genoa]");
  BOOST_TEST_REQUIRE(destroyed.status == 200, destroyed.body);
  BOOST_TEST(Json(destroyed.body).Size("/data/deletePeople") == 3);
  BOOST_TEST(Count("&filter=deletedAt[is]:NOT_NULL") == 0);

  People(2, "Milan");
  BOOST_TEST_REQUIRE(http->Delete("/rest/people?filter=city[eq]:Milan&soft_delete=true").status == 200);
  HttpResponse gql = http->Post("/graphql", R"({"query":"mutation { destroyPeople(filter: {city: {eq: \"Milan\"}}) { id } }"})");
  BOOST_TEST_REQUIRE(gql.status == 200, gql.body);
  BOOST_TEST(Json(gql.body).Size("/data/destroyPeople") == 2, gql.body);
  BOOST_TEST(Count("&filter=deletedAt[is]:NOT_NULL") == 0);
}

BOOST_AUTO_TEST_CASE(legacy_restore_many_path) {
  People(2, "Oslo");
  BOOST_TEST(http->Delete("/rest/people?filter=city[eq]:Oslo&soft_delete=true").status == 200);
  HttpResponse r = http->Request("PATCH", "/rest/restore/people?filter=city[eq]:Oslo", "");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Count() == 2);
}

BOOST_AUTO_TEST_CASE(bulk_deletes_need_a_filter_with_twentys_messages) {
  People(1, "Bern");
  HttpResponse soft = http->Delete("/rest/people?soft_delete=true");
  BOOST_TEST(RestErrorMismatch(soft, 400, "BadRequestException",
                               "Filters are mandatory for bulk delete operations. Please provide at least one filter to "
                               "prevent accidental deletion of all records.")
                 .empty(),
             soft.body);
  HttpResponse hard = http->Delete("/rest/people");
  BOOST_TEST(RestErrorMismatch(hard, 400, "BadRequestException",
                               "Filters are mandatory for bulk destroy operations. Please provide at least one filter to "
                               "prevent accidental deletion of all records.")
                 .empty(),
             hard.body);
  BOOST_TEST(Count() == 1);
}

BOOST_AUTO_TEST_CASE(over_the_cap_nothing_is_destroyed) {
  People(200, "Big");
  People(1, "Big");
  HttpResponse r = http->Delete("/rest/people?filter=city[eq]:Big");
  BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", "Cannot destroy more than 200 records at once").empty(),
             r.body);
  HttpResponse u = http->Request("PATCH", "/rest/people?filter=city[eq]:Big", R"({"jobTitle":"x"})");
  BOOST_TEST(RestErrorMismatch(u, 400, "BadRequestException", "Cannot update more than 200 records at once").empty(),
             u.body);
  BOOST_TEST(Count() == 201);
  BOOST_TEST(Count("&filter=jobTitle[eq]:x") == 0);
}

BOOST_AUTO_TEST_CASE(destroy_many_cascades) {
  HttpResponse p = http->Post("/rest/people", R"({"city":"Cascade"})");
  std::string person = Json(p.body).Str("/data/createPerson/id");
  HttpResponse n = http->Post("/rest/notes", R"({"title":"t"})");
  std::string note = Json(n.body).Str("/data/createNote/id");
  HttpResponse t = http->Post("/rest/noteTargets", R"({"noteId":")" + note + R"(","personId":")" + person + R"("})");
  std::string target = Json(t.body).Str("/data/createNoteTarget/id");
  BOOST_TEST(http->Delete("/rest/people?filter=city[eq]:Cascade").status == 200);
  BOOST_TEST(http->Get("/rest/noteTargets/" + target).status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

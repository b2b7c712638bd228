// End-to-end tests of ?upsert=true on the create routes (spec/rest-core.md §4.5).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct UpsertFixture : ServerFixture {
  int64_t Count() { return Json(http->Get("/rest/people?limit=0").body).Int("/totalCount", -1); }

};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_upsert, UpsertFixture)

BOOST_AUTO_TEST_CASE(upsert_matches_on_unique_email_and_updates_in_place) {
  HttpResponse first = http->Post("/rest/people?upsert=true",
                                  R"({"name":{"firstName":"Ada","lastName":"L"},"emails":{"primaryEmail":"ada@x.com"},"city":"London"})");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  std::string id = Json(first.body).Str("/data/createPerson/id");

  HttpResponse second = http->Post("/rest/people?upsert=true", R"({"emails":{"primaryEmail":"ADA@x.com"},"city":"Paris"})");
  BOOST_TEST_REQUIRE(second.status == 201, second.body);
  Json j(second.body);
  BOOST_TEST(j.Str("/data/createPerson/id") == id);
  BOOST_TEST(j.Str("/data/createPerson/city") == "Paris");
  BOOST_TEST(j.Str("/data/createPerson/name/firstName") == "Ada");  // untouched fields keep their values
  BOOST_TEST(Count() == 1);
}

BOOST_AUTO_TEST_CASE(without_upsert_the_same_email_is_a_duplicate) {
  BOOST_TEST(http->Post("/rest/people", R"({"emails":{"primaryEmail":"b@x.com"}})").status == 201);
  HttpResponse dup = http->Post("/rest/people", R"({"emails":{"primaryEmail":"b@x.com"}})");
  BOOST_TEST(dup.status == 400);
  BOOST_TEST(Json(dup.body).Str("/messages/0").rfind("A duplicate entry was detected", 0) == 0u);
  BOOST_TEST(Count() == 1);
}

BOOST_AUTO_TEST_CASE(upsert_by_id_undeletes_a_soft_deleted_record) {
  HttpResponse created = http->Post("/rest/people", R"({"city":"Lyon"})");
  std::string id = Json(created.body).Str("/data/createPerson/id");
  BOOST_TEST(http->Delete("/rest/people/" + id + "?soft_delete=true").status == 200);
  BOOST_TEST(http->Get("/rest/people/" + id).status == 404);

  HttpResponse up = http->Post("/rest/people?upsert=true", R"({"id":")" + id + R"(","city":"Nice"})");
  BOOST_TEST_REQUIRE(up.status == 201, up.body);
  Json j(up.body);
  BOOST_TEST(j.Str("/data/createPerson/city") == "Nice");
  BOOST_TEST(j.IsNull("/data/createPerson/deletedAt"));
  BOOST_TEST(http->Get("/rest/people/" + id).status == 200);
}

BOOST_AUTO_TEST_CASE(input_matching_two_records_is_refused_and_changes_nothing) {
  HttpResponse a = http->Post("/rest/people", R"({"emails":{"primaryEmail":"a@x.com"},"city":"A"})");
  HttpResponse b = http->Post("/rest/people", R"({"city":"B"})");
  std::string b_id = Json(b.body).Str("/data/createPerson/id");
  BOOST_REQUIRE(a.status == 201 && b.status == 201);
  HttpResponse up = http->Post("/rest/people?upsert=true",
                               R"({"id":")" + b_id + R"(","emails":{"primaryEmail":"a@x.com"},"city":"C"})");
  BOOST_TEST(up.status == 400);
  std::string msg = Json(up.body).Str("/messages/0");
  BOOST_TEST(msg.rfind("Multiple records found with the same unique field values for ", 0) == 0u, msg);
  BOOST_TEST(msg.find("Cannot determine which record to update.") != std::string::npos, msg);
  BOOST_TEST(Json(http->Get("/rest/people/" + b_id).body).Str("/data/person/city") == "B");
  BOOST_TEST(Count() == 2);
}

BOOST_AUTO_TEST_CASE(batch_upsert_mixes_inserts_and_updates) {
  BOOST_TEST(http->Post("/rest/people", R"({"emails":{"primaryEmail":"old@x.com"},"city":"Old"})").status == 201);
  HttpResponse r = http->Post("/rest/batch/people?upsert=true",
                              R"([{"emails":{"primaryEmail":"old@x.com"},"city":"Updated"},{"emails":{"primaryEmail":"new@x.com"},"city":"New"}])");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/createPeople/0/city") == "Updated");
  BOOST_TEST(j.Str("/data/createPeople/1/city") == "New");
  BOOST_TEST(Count() == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

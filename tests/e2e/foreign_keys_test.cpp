// End-to-end tests of the foreign keys of record writes (server/records/foreign_keys.h):
// a join column naming no record refuses the whole write, as Twenty's
// Postgres foreign keys do, through REST and GraphQL.
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

constexpr char kNobody[] = "0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

struct Fixture : ServerFixture {
  int64_t People() { return Json(http->Get("/rest/people?limit=0").body).Int("/totalCount", -1); }
  std::string Company(const std::string& name) {
    HttpResponse r = http->Post("/rest/companies", R"({"name":")" + name + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Json(r.body).Str("/data/createCompany/id");
  }
  void ExpectRefused(const HttpResponse& r) {
    BOOST_TEST(r.status == 400, r.body);
    Json j(r.body);
    BOOST_TEST(j.Str("/error") == "BadRequestException");
    BOOST_TEST(j.Str("/messages/0").find("violates foreign key constraint") != std::string::npos, r.body);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(foreign_keys, Fixture)

BOOST_AUTO_TEST_CASE(rest_writes_naming_no_record_store_nothing) {
  const std::string acme = Company("Acme");
  const int64_t before = People();
  ExpectRefused(http->Post("/rest/people", R"({"city":"Oslo","companyId":")" + std::string(kNobody) + R"("})"));
  BOOST_TEST(People() == before);
  // One bad record refuses the whole batch.
  ExpectRefused(http->Post("/rest/batch/people", R"([{"companyId":")" + acme + R"("},{"companyId":")" +
                                                    std::string(kNobody) + R"("}])"));
  BOOST_TEST(People() == before);

  HttpResponse ok = http->Post("/rest/people", R"({"city":"Oslo","companyId":")" + acme + R"("})");
  BOOST_TEST_REQUIRE(ok.status == 201, ok.body);
  const std::string person = Json(ok.body).Str("/data/createPerson/id");
  ExpectRefused(http->Request("PATCH", "/rest/people/" + person, R"({"companyId":")" + std::string(kNobody) + R"("})"));
  BOOST_TEST(Json(http->Get("/rest/people/" + person).body).Str("/data/person/companyId") == acme);
  // Update many: refused whole before any record changes; with no record
  // matched nothing is written, so nothing is checked (as Postgres).
  ExpectRefused(http->Request("PATCH", "/rest/people?filter=city[eq]:Oslo",
                              R"({"companyId":")" + std::string(kNobody) + R"("})"));
  BOOST_TEST(Json(http->Get("/rest/people/" + person).body).Str("/data/person/companyId") == acme);
  HttpResponse none = http->Request("PATCH", "/rest/people?filter=city[eq]:Nowhere",
                                    R"({"companyId":")" + std::string(kNobody) + R"("})");
  BOOST_TEST(none.status == 200, none.body);
  // A company in the trash still exists for the key; null clears it.
  BOOST_TEST_REQUIRE(http->Delete("/rest/companies/" + acme + "?soft_delete=true").status == 200);
  BOOST_TEST(http->Post("/rest/people", R"({"companyId":")" + acme + R"("})").status == 201);
  BOOST_TEST(http->Request("PATCH", "/rest/people/" + person, R"({"companyId":null})").status == 200);
}

BOOST_AUTO_TEST_CASE(graphql_writes_naming_no_record_are_bad_user_input) {
  const int64_t before = People();
  HttpResponse r = http->Post("/graphql", R"({"query":"mutation { createPerson(data: {companyId: \")" +
                                              std::string(kNobody) + R"(\"}) { id } }"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/errors/0/extensions/code") == "BAD_USER_INPUT", r.body);
  BOOST_TEST(j.Str("/errors/0/message").find("violates foreign key constraint") != std::string::npos, r.body);
  BOOST_TEST(People() == before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// End-to-end tests of depth=1 (spec/rest-core.md §8).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_depth, Fixture)

BOOST_AUTO_TEST_CASE(depth_one_expands_many_to_one_and_one_to_many) {
  std::string acme = Create("companies", "Company", R"({"name":"Acme"})");
  std::string ada = Create("people", "Person", R"({"name":{"firstName":"Ada","lastName":"L"},"companyId":")" + acme + R"("})");
  std::string bob = Create("people", "Person", R"({"name":{"firstName":"Bob","lastName":"M"},"companyId":")" + acme + R"("})");
  std::string gone = Create("people", "Person", R"({"companyId":")" + acme + R"("})");
  BOOST_TEST(http->Delete("/rest/people/" + gone + "?soft_delete=true").status == 200);

  Json person(http->Get("/rest/people/" + ada + "?depth=1").body);
  BOOST_TEST(person.Str("/data/person/company/id") == acme);
  BOOST_TEST(person.Str("/data/person/company/name") == "Acme");
  BOOST_TEST(person.Str("/data/person/companyId") == acme);
  BOOST_TEST(person.Has("/data/person/noteTargets"));
  BOOST_TEST(!person.Has("/data/person/company/people"));  // nested records carry no relations

  Json company(http->Get("/rest/companies/" + acme + "?depth=1").body);
  std::string first = company.Str("/data/company/people/0/id"), second = company.Str("/data/company/people/1/id");
  BOOST_TEST(((first == ada && second == bob) || (first == bob && second == ada)));
  BOOST_TEST(!company.Has("/data/company/people/2"));  // the soft-deleted one is left out
  BOOST_TEST(company.IsNull("/data/company/accountOwner"));

  Json plain(http->Get("/rest/people/" + ada).body);
  BOOST_TEST(!plain.Has("/data/person/company"));
  BOOST_TEST(http->Get("/rest/people/" + ada + "?depth=2").status == 400);
}

BOOST_AUTO_TEST_CASE(depth_applies_to_create_and_update) {
  std::string acme = Create("companies", "Company", R"({"name":"Acme"})");
  HttpResponse r = http->Post("/rest/people?depth=1", R"({"companyId":")" + acme + R"("})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST(Json(r.body).Str("/data/createPerson/company/name") == "Acme");
  std::string id = Json(r.body).Str("/data/createPerson/id");
  HttpResponse u = http->Request("PATCH", "/rest/people/" + id + "?depth=1", R"({"companyId":null})");
  BOOST_TEST_REQUIRE(u.status == 200, u.body);
  BOOST_TEST(Json(u.body).IsNull("/data/updatePerson/company"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// End-to-end tests of POST /rest/{plural}/duplicates (spec/rest-core.md §4.10).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Fixture : ServerFixture {
  std::string Person(const std::string& body) {
    HttpResponse r = http->Post("/rest/people", body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Json(r.body).Str("/data/createPerson/id");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rest_duplicates, Fixture)

BOOST_AUTO_TEST_CASE(by_ids_matches_on_full_name_or_email_and_excludes_itself) {
  std::string ada = Person(R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"emails":{"primaryEmail":"ada@x.com"}})");
  std::string twin = Person(R"({"name":{"firstName":"Ada","lastName":"Lovelace"}})");
  std::string other = Person(R"({"name":{"firstName":"Ada","lastName":"Byron"}})");  // first name alone is no match
  HttpResponse r = http->Post("/rest/people/duplicates", R"({"ids":[")" + ada + R"(",")" + other + R"("]})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Int("/data/0/totalCount") == 1);
  BOOST_TEST(j.Str("/data/0/personDuplicates/0/id") == twin);
  BOOST_TEST(j.Int("/data/1/totalCount") == 0);
  BOOST_TEST(j.Bool("/data/1/pageInfo/hasNextPage") == false);
}

BOOST_AUTO_TEST_CASE(by_data_finds_records_an_input_would_duplicate) {
  std::string ada = Person(R"({"name":{"firstName":"Ada","lastName":"L"},"emails":{"primaryEmail":"ada@x.com"}})");
  HttpResponse r = http->Post("/rest/people/duplicates", R"({"data":[{"emails":{"primaryEmail":"ADA@x.com"}},{"city":"Nowhere"}]})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/0/personDuplicates/0/id") == ada);
  BOOST_TEST(j.Int("/data/1/totalCount") == 0);
}

BOOST_AUTO_TEST_CASE(companies_match_on_name_or_domain) {
  HttpResponse a = http->Post("/rest/companies", R"({"name":"Acme","domainName":{"primaryLinkUrl":"https://acme.com"}})");
  HttpResponse b = http->Post("/rest/companies", R"({"name":"Acme Corp","domainName":{"primaryLinkUrl":"https://acme.org"}})");
  BOOST_REQUIRE(a.status == 201 && b.status == 201);
  HttpResponse r = http->Post("/rest/companies/duplicates", R"({"data":[{"name":"Other","domainName":{"primaryLinkUrl":"https://acme.com/"}}]})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Str("/data/0/companyDuplicates/0/id") == Json(a.body).Str("/data/createCompany/id"));
}

BOOST_AUTO_TEST_CASE(values_shorter_than_three_characters_never_match) {
  // Twenty's minLengthOfStringForDuplicateCheck: every column of a criteria
  // group needs at least three characters.
  std::string al = Person(R"({"name":{"firstName":"Al","lastName":"Lovelace"}})");
  Person(R"({"name":{"firstName":"Al","lastName":"Lovelace"}})");
  std::string bo = Person(R"({"name":{"firstName":"Bob","lastName":"Lee"}})");
  std::string bo2 = Person(R"({"name":{"firstName":"Bob","lastName":"Lee"}})");
  HttpResponse r = http->Post("/rest/people/duplicates", R"({"ids":[")" + bo + R"(",")" + al + R"("]})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/0/personDuplicates/0/id") == bo2);  // in the order of `ids`
  BOOST_TEST(j.Int("/data/1/totalCount") == 0);
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_refused) {
  BOOST_TEST(http->Post("/rest/people/duplicates", R"({})").status == 400);
  BOOST_TEST(http->Post("/rest/people/duplicates", R"({"ids":["nope"]})").status == 400);
  BOOST_TEST(http->Post("/rest/people/duplicates", R"({"data":[{"foo":1}]})").status == 400);
  BOOST_TEST(http->Post("/rest/people/duplicates", R"({"ids":["0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]})").status == 404);
}

// Twenty's argument checks (common-find-duplicates-query-runner), in its
// order, each a 400 BadRequestException.
BOOST_AUTO_TEST_CASE(argument_errors_are_twentys) {
  auto message = [&](const std::string& body) {
    HttpResponse r = http->Post("/rest/people/duplicates", body);
    BOOST_TEST(r.status == 400, body << " -> " << r.body);
    Json j(r.body);
    BOOST_TEST(j.Str("/error") == "BadRequestException");
    return j.Str("/messages/0");
  };
  const std::string neither = R"(You have to provide either "data" or "ids" argument)";
  const std::string both = R"(You cannot provide both "data" and "ids" arguments)";
  const std::string empty = R"(The "data" condition can not be empty when "ids" input not provided)";
  BOOST_TEST(message(R"({})") == neither);
  BOOST_TEST(message(R"({"ids":null,"data":null})") == neither);
  BOOST_TEST(message(R"({"ids":["0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b"],"data":[{"city":"x"}]})") == both);
  BOOST_TEST(message(R"({"ids":[],"data":[]})") == both);  // empty arrays are given
  BOOST_TEST(message(R"({"data":[]})") == empty);
  // An empty list of ids is a valid question with no answers.
  HttpResponse none = http->Post("/rest/people/duplicates", R"({"ids":[]})");
  BOOST_TEST(none.status == 200, none.body);
  BOOST_TEST(Json(none.body).Size("/data") == 0);
}

BOOST_AUTO_TEST_CASE(depth_applies_to_the_duplicates_found) {
  HttpResponse c = http->Post("/rest/companies", R"({"name":"Analytical Engines"})");
  BOOST_TEST_REQUIRE(c.status == 201, c.body);
  const std::string company = Json(c.body).Str("/data/createCompany/id");
  const std::string body = R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"companyId":")" + company + R"("})";
  std::string ada = Person(body);
  std::string twin = Person(body);
  const std::string query = R"({"ids":[")" + ada + R"("]})";
  HttpResponse flat = http->Post("/rest/people/duplicates", query);
  BOOST_TEST_REQUIRE(flat.status == 200, flat.body);
  BOOST_TEST(Json(flat.body).Str("/data/0/personDuplicates/0/companyId") == company);
  BOOST_TEST(!Json(flat.body).Has("/data/0/personDuplicates/0/company"));
  HttpResponse deep = http->Post("/rest/people/duplicates?depth=1", query);
  BOOST_TEST_REQUIRE(deep.status == 200, deep.body);
  BOOST_TEST(Json(deep.body).Str("/data/0/personDuplicates/0/id") == twin);
  BOOST_TEST(Json(deep.body).Str("/data/0/personDuplicates/0/company/name") == "Analytical Engines");
  HttpResponse bad = http->Post("/rest/people/duplicates?depth=2", query);
  BOOST_TEST(bad.status == 400, bad.body);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

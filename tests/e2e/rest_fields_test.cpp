// End-to-end tests of the ?fields= projection (spec/rest-core.md §3.3).
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {

BOOST_FIXTURE_TEST_SUITE(rest_fields, ServerFixture)

BOOST_AUTO_TEST_CASE(only_the_named_fields_are_returned) {
  std::string acme = Create("companies", "Company", R"({"name":"Acme"})");
  std::string id = Create("people", "Person",
                          R"({"name":{"firstName":"Ada","lastName":"L"},"city":"London","companyId":")" + acme + R"("})");
  Json one(http->Get("/rest/people/" + id + "?fields=id,%20name,city,name").body);
  BOOST_TEST(one.Str("/data/person/id") == id);
  BOOST_TEST(one.Str("/data/person/name/firstName") == "Ada");
  BOOST_TEST(one.Str("/data/person/city") == "London");
  BOOST_TEST(!one.Has("/data/person/emails"));
  BOOST_TEST(!one.Has("/data/person/createdAt"));

  Json list(http->Get("/rest/people?fields=city&fields=companyId").body);
  BOOST_TEST(list.Str("/data/people/0/city") == "London");
  BOOST_TEST(list.Str("/data/people/0/companyId") == acme);
  BOOST_TEST(!list.Has("/data/people/0/id"));
  BOOST_TEST(list.Int("/totalCount") == 1);

  Json deep(http->Get("/rest/people/" + id + "?depth=1&fields=company").body);
  BOOST_TEST(deep.Str("/data/person/company/name") == "Acme");
  BOOST_TEST(!deep.Has("/data/person/city"));
}

BOOST_AUTO_TEST_CASE(empty_or_unknown_fields_are_refused) {
  HttpResponse empty = http->Get("/rest/people?fields=");
  BOOST_TEST(RestErrorMismatch(empty, 400, "BadRequestException",
                               "'fields' parameter is empty. Expected a comma-separated list of field names, e.g. "
                               "fields=id,name")
                 .empty(),
             empty.body);
  HttpResponse unknown = http->Get("/rest/people?fields=id,foo,bar");
  BOOST_TEST(RestErrorMismatch(unknown, 400, "BadRequestException",
                               "'fields' parameter invalid. Unknown or unreadable fields on 'person': foo, bar")
                 .empty(),
             unknown.body);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

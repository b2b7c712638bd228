// End-to-end tests of the ?fields= projection (spec/rest-core.md §3.3).
#include <random>
#include <string>
#include <vector>

#include <simdjson.h>

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

// Differential: a projected record is the full record (at the same depth)
// with only the named keys, in the same order, with the same values.
BOOST_AUTO_TEST_CASE(a_projection_is_the_full_record_narrowed_to_the_named_keys) {
  std::string acme = Create("companies", "Company", R"({"name":"Acme","employees":12})");
  for (int i = 0; i < 3; ++i)
    Create("people", "Person",
           R"({"name":{"firstName":"P)" + std::to_string(i) + R"(","lastName":"L"},"city":"C\u001f\"x","companyId":")" +
               acme + R"(","emails":{"primaryEmail":"p)" + std::to_string(i) + R"(@x.com"}})");
  simdjson::dom::parser parser;
  auto object_at = [&](const std::string& body, const char* pointer) {
    simdjson::dom::element doc = parser.parse(body);
    return std::string(simdjson::minify(doc.at_pointer(pointer)));
  };
  std::mt19937 random(20261206);
  for (const char* path : {"/rest/companies/" , "/rest/people/"}) {
    const bool company = std::string(path) == "/rest/companies/";
    const std::string plural = company ? "companies" : "people";
    for (int depth : {0, 1}) {
      const std::string query = "?depth=" + std::to_string(depth);
      const std::string full_text = object_at(http->Get("/rest/" + plural + query).body, ("/data/" + plural + "/0").c_str());
      simdjson::dom::parser full_parser;
      simdjson::dom::object full = full_parser.parse(full_text);
      std::vector<std::string> keys;
      for (auto [key, value] : full) keys.emplace_back(key);
      for (int round = 0; round < 25; ++round) {
        std::vector<std::string> named;
        for (const auto& k : keys)
          if (random() % 3 == 0) named.push_back(k);
        if (named.empty()) named.push_back(keys[random() % keys.size()]);
        std::string fields;
        for (const auto& k : named) fields += (fields.empty() ? "" : ",") + k;
        std::string expected = "{";
        for (auto [key, value] : full) {
          if (std::find(named.begin(), named.end(), std::string(key)) == named.end()) continue;
          if (expected.size() > 1) expected += ',';
          expected += "\"" + std::string(key) + "\":" + std::string(simdjson::minify(value));
        }
        expected += '}';
        HttpResponse r = http->Get("/rest/" + plural + query + "&fields=" + fields);
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        BOOST_TEST(object_at(r.body, ("/data/" + plural + "/0").c_str()) == expected, plural << query << " " << fields);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// <plural>GroupBy against the real binary: the same grouping asked through
// GET /rest/{plural}/groupBy and through /graphql gives the same groups, in
// the same order, with the same counts and the same sample records; errors
// carry the same messages.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

using Names = std::vector<std::string>;

struct GroupByApisFixture : ServerFixture {
  GroupByApisFixture() {
    std::string acme = Create("companies", "Company", R"({"name":"Acme"})");
    std::string globex = Create("companies", "Company", R"({"name":"Globex"})");
    const char* deals[][5] = {
        {"Opportunity 1", "NEW", "1000000000000", "2025-02-05T08:00:00.000Z", "a"},
        {"Opportunity 2", "NEW", "2000000000000", "2025-02-06T08:00:00.000Z", "a"},
        {"Opportunity 3", "NEW", "3000000000000", "2025-02-06T08:00:00.000Z", "g"},
        {"Opportunity 4", "SCREENING", "4000000000000", "2025-02-06T08:00:00.000Z", "g"},
        {"Opportunity 5", "MEETING", "5000000000000", "2025-03-10T08:00:00.000Z", "g"},
    };
    for (const auto& d : deals)
      Create("opportunities", "Opportunity",
             std::string(R"({"name":")") + d[0] + R"(","stage":")" + d[1] + R"(","amount":{"amountMicros":)" + d[2] +
                 R"(,"currencyCode":"USD"},"closeDate":")" + d[3] + R"(","companyId":")" +
                 (d[4][0] == 'a' ? acme : globex) + R"("})");
  }

  Json Gql(const std::string& query) {
    HttpResponse r = http->Post("/graphql", "{\"query\":" + JsonQuote(query) + "}");
    BOOST_TEST_REQUIRE(r.status == 200, r.status << " " << r.body);
    return Json(r.body);
  }
  Json Rest(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string target = "/rest/opportunities/groupBy";
    char sep = '?';
    for (const auto& [k, v] : params) {
      target += sep + k + "=" + UrlEncode(v);
      sep = '&';
    }
    HttpResponse r = http->Get(target);
    BOOST_TEST_REQUIRE(r.status == 200, r.status << " " << r.body);
    return Json(r.body);
  }
};

// One line per group: its dimension values, totalCount and sample names.
Names RestGroups(const Json& j) {
  Names out;
  for (int64_t i = 0; i < j.Size(""); ++i) {
    const std::string g = "/" + std::to_string(i);
    std::string line = j.Raw(g + "/groupByDimensionValues") + " " + std::to_string(j.Int(g + "/totalCount")) + " [";
    for (int64_t k = 0; j.Has(g + "/records") && k < j.Size(g + "/records"); ++k)
      line += j.Str(g + "/records/" + std::to_string(k) + "/name") + ";";
    out.push_back(line + "]");
  }
  return out;
}

Names GqlGroups(const Json& j) {
  Names out;
  const std::string base = "/data/opportunitiesGroupBy";
  for (int64_t i = 0; i < j.Size(base); ++i) {
    const std::string g = base + "/" + std::to_string(i);
    std::string line = j.Raw(g + "/groupByDimensionValues") + " " + std::to_string(j.Int(g + "/totalCount")) + " [";
    for (int64_t k = 0; k < j.Size(g + "/edges"); ++k)
      line += j.Str(g + "/edges/" + std::to_string(k) + "/node/name") + ";";
    out.push_back(line + "]");
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(e2e_graphql_group_by)

BOOST_FIXTURE_TEST_CASE(same_groups_through_rest_and_graphql, GroupByApisFixture) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> rest;
    std::string graphql_args;
    bool records;
  };
  const std::vector<Case> cases = {
      {{{"group_by", R"([{"stage":true}])"}}, "groupBy: [{stage: true}]", false},
      {{{"group_by", R"([{"closeDate":{"granularity":"DAY_OF_THE_WEEK"}},{"stage":true}])"},
        {"include_records_sample", "true"},
        {"order_by_for_records", "name[DescNullsLast]"}},
       "groupBy: [{closeDate: {granularity: DAY_OF_THE_WEEK}}, {stage: true}], "
       "orderByForRecords: [{name: DescNullsLast}]",
       true},
      {{{"group_by", R"([{"closeDate":{"granularity":"MONTH","timeZone":"America/New_York"}}])"},
        {"order_by", R"([{"aggregate":{"sumAmountAmountMicros":"DescNullsLast"}}])"},
        {"order_by_for_records", "name[AscNullsFirst]"},
        {"include_records_sample", "true"}},
       R"(groupBy: [{closeDate: {granularity: MONTH, timeZone: "America/New_York"}}], )"
       "orderBy: [{aggregate: {sumAmountAmountMicros: DescNullsLast}}], orderByForRecords: [{name: AscNullsFirst}]",
       true},
      {{{"group_by", R"([{"stage":true}])"},
        {"filter", "amount.amountMicros[gte]:2000000000000"},
        {"limit", "2"},
        {"order_by", R"([{"stage":"DescNullsLast"}])"}},
       "groupBy: [{stage: true}], filter: {amount: {amountMicros: {gte: 2000000000000}}}, limit: 2, "
       "orderBy: [{stage: DescNullsLast}]",
       false},
  };
  for (const Case& c : cases) {
    auto rest_params = c.rest;
    rest_params.emplace_back("aggregate", R"(["totalCount"])");
    Names rest = RestGroups(Rest(rest_params));
    std::string selection =
        c.records ? "groupByDimensionValues totalCount edges { node { name } }" : "groupByDimensionValues totalCount";
    Json gql = Gql("{ opportunitiesGroupBy(" + c.graphql_args + ") { " + selection + " } }");
    BOOST_TEST_REQUIRE(!gql.Has("/errors"), gql.Raw(""));
    Names graphql = GqlGroups(gql);
    BOOST_TEST(!rest.empty(), c.graphql_args);
    BOOST_TEST(rest == graphql, c.graphql_args);
    if (rest != graphql)
      for (size_t i = 0; i < std::max(rest.size(), graphql.size()); ++i)
        BOOST_TEST_MESSAGE((i < rest.size() ? rest[i] : "-") << " | " << (i < graphql.size() ? graphql[i] : "-"));
  }
}

BOOST_FIXTURE_TEST_CASE(aggregates_and_page_info, GroupByApisFixture) {
  Json j =
      Gql(R"({ opportunitiesGroupBy(groupBy: [{stage: true}], orderBy: [{aggregate: {totalCount: DescNullsLast}}]) {
      groupByDimensionValues totalCount sumAmountAmountMicros minCloseDate countUniqueValuesAmount
      edges { cursor node { id } } pageInfo { hasNextPage startCursor endCursor } } })");
  BOOST_TEST_REQUIRE(!j.Has("/errors"), j.Raw(""));
  const std::string g = "/data/opportunitiesGroupBy/0";
  BOOST_TEST(j.Raw(g + "/groupByDimensionValues") == R"(["NEW"])");
  BOOST_TEST(j.Int(g + "/totalCount") == 3);
  BOOST_TEST(j.Num(g + "/sumAmountAmountMicros") == 6e12);
  BOOST_TEST(j.Str(g + "/minCloseDate") == "2025-02-05T08:00:00.000Z");
  BOOST_TEST(j.Int(g + "/countUniqueValuesAmount") == 3);
  BOOST_TEST(j.Size(g + "/edges") == 3);
  BOOST_TEST(j.Str(g + "/pageInfo/startCursor") == j.Str(g + "/edges/0/cursor"));
  BOOST_TEST(j.Str(g + "/pageInfo/endCursor") == j.Str(g + "/edges/2/cursor"));
}

BOOST_FIXTURE_TEST_CASE(same_errors_through_rest_and_graphql, GroupByApisFixture) {
  struct Case {
    std::string group_by_json;
    std::string graphql;
  };
  for (const Case& c : std::vector<Case>{
           {R"([{"position":true}])", "{position: true}"},
           {R"([{"closeDate":{"granularity":"DAY"}}])", "{closeDate: {granularity: DAY}}"},
           {R"([{"stage":true,"name":true}])", "{stage: true, name: true}"},
       }) {
    HttpResponse r = http->Get("/rest/opportunities/groupBy?group_by=" + UrlEncode(c.group_by_json));
    BOOST_TEST_REQUIRE(r.status == 400, r.body);
    const std::string message = Json(r.body).Str("/messages/0");
    Json gql = Gql("{ opportunitiesGroupBy(groupBy: [" + c.graphql + "]) { totalCount } }");
    BOOST_TEST(gql.Str("/errors/0/message") == message, c.graphql);
    BOOST_TEST(gql.Str("/errors/0/extensions/code") == "BAD_USER_INPUT", c.graphql);
    BOOST_TEST(gql.IsNull("/data/opportunitiesGroupBy"), c.graphql);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::testutil

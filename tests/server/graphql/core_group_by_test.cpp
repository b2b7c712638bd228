// <plural>GroupBy in process (spec/graphql-core.md §2.2, §5): the schema's
// GroupBy types, groups and their aggregates, dimension values as text,
// orders, limits, record samples as edges, and Twenty's errors.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/server/graphql/core_test_util.h"

namespace vingt::server::graphql {
namespace {

using testing::Contains;
using testing::CoreFixture;

// Two companies and five opportunities, as in Twenty's group-by
// integration test (and tests/e2e/rest_group_by_test.cpp).
struct DealsFixture : CoreFixture {
  std::string acme, globex;
  DealsFixture() {
    acme = Create("companies", R"({"name":"Acme","employees":10,"address":{"addressCity":"Paris"}})");
    globex = Create("companies", R"({"name":"Globex","employees":500,"address":{"addressCity":"London"}})");
    Create("companies", R"({"name":"Initech","address":{"addressCity":"Paris"}})");
    Deal("Opportunity 1", "NEW", "1000000000000", "USD", "2025-02-05T08:00:00.000Z", acme);
    Deal("Opportunity 2", "NEW", "2000000000000", "USD", "2025-02-06T08:00:00.000Z", acme);
    Deal("Opportunity 3", "NEW", "3000000000000", "EUR", "2025-02-06T08:00:00.000Z", globex);
    Deal("Opportunity 4", "SCREENING", "4000000000000", "EUR", "2025-02-06T08:00:00.000Z", globex);
    Create("opportunities", R"({"name":"Opportunity 5","stage":"MEETING"})");
  }
  void Deal(const std::string& name, const std::string& stage, const std::string& micros, const std::string& currency,
            const std::string& close, const std::string& company) {
    Create("opportunities", R"({"name":")" + name + R"(","stage":")" + stage + R"(","amount":{"amountMicros":)" +
                                micros + R"(,"currencyCode":")" + currency + R"("},"closeDate":")" + close +
                                R"(","companyId":")" + company + R"("})");
  }
};

BOOST_FIXTURE_TEST_CASE(SchemaHasTwentysGroupByTypes, DealsFixture) {
  std::vector<std::string> errors;
  auto schema = BuildCoreSchema(ws, &errors);
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e);
  BOOST_TEST_REQUIRE(schema != nullptr);
  const auto* root = schema->query_type()->FindField("opportunitiesGroupBy");
  BOOST_TEST_REQUIRE(root != nullptr);
  BOOST_TEST(root->type.ToString() == "[OpportunityGroupByConnection]");
  struct Expect {
    const char* type;
    const char* field;
    const char* field_type;
  };
  for (const Expect& e : std::vector<Expect>{
           {"OpportunityGroupByInput", "stage", "Boolean"},
           {"OpportunityGroupByInput", "closeDate", "GroupByDateGranularityInput"},
           {"OpportunityGroupByInput", "amount", "CurrencyGroupByInput"},
           {"OpportunityGroupByInput", "company", "CompanyGroupByInput"},
           {"OpportunityGroupByInput", "companyId", "Boolean"},
           {"CurrencyGroupByInput", "currencyCode", "Boolean"},
           {"FullNameGroupByInput", "firstName", "Boolean"},
           {"GroupByDateGranularityInput", "granularity", "DateGranularityEnum"},
           {"GroupByDateGranularityInput", "weekStartDay", "FirstDayOfTheWeek"},
           {"GroupByDateGranularityInput", "timeZone", "String"},
           {"OpportunityOrderByWithGroupByInput", "aggregate", "OpportunityOrderByWithGroupByAggregateInput"},
           {"OpportunityOrderByWithGroupByInput", "stage", "OrderByDirection"},
           {"OpportunityOrderByWithGroupByInput", "closeDate", "OrderByDateGranularityInput"},
           {"OpportunityOrderByWithGroupByInput", "amount", "CurrencyOrderByInput"},
           {"OpportunityOrderByWithGroupByInput", "company", "CompanyOrderByWithGroupByInput"},
           {"OpportunityOrderByWithGroupByAggregateInput", "totalCount", "OrderByDirection"},
           {"OpportunityOrderByWithGroupByAggregateInput", "sumAmountAmountMicros", "OrderByDirection"},
           {"OrderByDateGranularityInput", "orderBy", "OrderByDirection"},
           {"OpportunityGroupByConnection", "groupByDimensionValues", "[String]"},
           {"OpportunityGroupByConnection", "totalCount", "Int"},
           {"OpportunityGroupByConnection", "edges", "[OpportunityEdge!]!"},
           {"OpportunityGroupByConnection", "pageInfo", "PageInfo!"},
           {"OpportunityGroupByConnection", "sumAmountAmountMicros", "Float"},
       }) {
    const auto* type = schema->FindType(e.type);
    BOOST_TEST_REQUIRE(type != nullptr, e.type);
    const auto* input = type->FindInputField(e.field);
    const auto* output = type->FindField(e.field);
    std::string got = input ? input->type.ToString() : output ? output->type.ToString() : "(missing)";
    BOOST_TEST(got == e.field_type, e.type << "." << e.field);
  }
  // One-to-many relations cannot be grouped by.
  BOOST_TEST(schema->FindType("CompanyGroupByInput")->FindInputField("opportunities") == nullptr);
  std::vector<std::string> args;
  for (const auto& a : root->args) args.push_back(a.name + ": " + a.type.ToString());
  BOOST_TEST(args == (std::vector<std::string>{"groupBy: [OpportunityGroupByInput!]!", "filter: OpportunityFilterInput",
                                               "orderBy: [OpportunityOrderByWithGroupByInput]",
                                               "orderByForRecords: [OpportunityOrderByInput]", "viewId: UUID",
                                               "limit: Int", "offsetForRecords: Int"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(GroupsAndAggregates, DealsFixture) {
  struct Case {
    const char* query;
    const char* data;
  };
  const std::vector<Case> cases = {
      // Groups by a select, keys ascending with NULL last by default.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}]) { groupByDimensionValues totalCount })",
       R"([{"groupByDimensionValues":["MEETING"],"totalCount":1},{"groupByDimensionValues":["NEW"],"totalCount":3},)"
       R"({"groupByDimensionValues":["SCREENING"],"totalCount":1}])"},
      // One entry alone is a list of one (GraphQL list coercion).
      {R"(opportunitiesGroupBy(groupBy: {stage: true}, limit: 1) { groupByDimensionValues })",
       R"([{"groupByDimensionValues":["MEETING"]}])"},
      // Aggregates per group, over the filter.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], filter: {amount: {amountMicros: {gte: 2000000000000}}})
                { groupByDimensionValues totalCount sumAmountAmountMicros maxCloseDate countNotEmptyName })",
       R"([{"groupByDimensionValues":["NEW"],"totalCount":2,"sumAmountAmountMicros":5000000000000,)"
       R"("maxCloseDate":"2025-02-06T08:00:00.000Z","countNotEmptyName":2},)"
       R"({"groupByDimensionValues":["SCREENING"],"totalCount":1,"sumAmountAmountMicros":4000000000000,)"
       R"("maxCloseDate":"2025-02-06T08:00:00.000Z","countNotEmptyName":1}])"},
      // Two keys, a date bucket first (the *_OF_THE_* buckets need no time zone).
      {R"(opportunitiesGroupBy(groupBy: [{closeDate: {granularity: DAY_OF_THE_WEEK}}, {stage: true}],
                filter: {closeDate: {is: NOT_NULL}}) { groupByDimensionValues totalCount })",
       R"([{"groupByDimensionValues":["Wednesday","NEW"],"totalCount":1},)"
       R"({"groupByDimensionValues":["Thursday","NEW"],"totalCount":2},)"
       R"({"groupByDimensionValues":["Thursday","SCREENING"],"totalCount":1}])"},
      // DAY in a time zone.
      {R"(opportunitiesGroupBy(groupBy: [{closeDate: {granularity: DAY, timeZone: "Pacific/Auckland"}}],
                filter: {closeDate: {is: NOT_NULL}}) { groupByDimensionValues totalCount })",
       R"([{"groupByDimensionValues":["2025-02-05"],"totalCount":1},)"
       R"({"groupByDimensionValues":["2025-02-06"],"totalCount":3}])"},
      // Composite sub-fields; numbers and NULL keys as [String].
      {R"(companiesGroupBy(groupBy: [{address: {addressCity: true}}]) { groupByDimensionValues sumEmployees })",
       R"([{"groupByDimensionValues":["London"],"sumEmployees":500},)"
       R"({"groupByDimensionValues":["Paris"],"sumEmployees":10}])"},
      {R"(companiesGroupBy(groupBy: [{employees: true}]) { groupByDimensionValues })",
       R"([{"groupByDimensionValues":["10"]},{"groupByDimensionValues":["500"]},{"groupByDimensionValues":[null]}])"},
      // No key: one group over the whole set.
      {R"(opportunitiesGroupBy(groupBy: []) { groupByDimensionValues totalCount avgAmountAmountMicros })",
       R"([{"groupByDimensionValues":[],"totalCount":5,"avgAmountAmountMicros":2500000000000}])"},
      // Ordered by an aggregate (not selected), then by the key.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], orderBy: [{aggregate: {sumAmountAmountMicros: DescNullsLast}}])
                { groupByDimensionValues })",
       R"([{"groupByDimensionValues":["NEW"]},{"groupByDimensionValues":["SCREENING"]},)"
       R"({"groupByDimensionValues":["MEETING"]}])"},
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], orderBy: [{stage: DescNullsFirst}], limit: 2)
                { groupByDimensionValues })",
       R"([{"groupByDimensionValues":["SCREENING"]},{"groupByDimensionValues":["NEW"]}])"},
      {R"(opportunitiesGroupBy(groupBy: [{closeDate: {granularity: DAY_OF_THE_WEEK}}],
                orderBy: [{closeDate: {orderBy: DescNullsLast, granularity: DAY_OF_THE_WEEK}}]) { groupByDimensionValues })",
       // By the day's name as text (Twenty orders by TO_CHAR(..., 'TMDay')).
       R"([{"groupByDimensionValues":["Wednesday"]},{"groupByDimensionValues":["Thursday"]},)"
       R"({"groupByDimensionValues":[null]}])"},
      {R"(opportunitiesGroupBy(groupBy: [{closeDate: {granularity: DAY_OF_THE_WEEK}}],
                orderBy: [{closeDate: {orderBy: AscNullsFirst, granularity: DAY_OF_THE_WEEK}}]) { groupByDimensionValues })",
       R"([{"groupByDimensionValues":[null]},{"groupByDimensionValues":["Thursday"]},)"
       R"({"groupByDimensionValues":["Wednesday"]}])"},
      // getGroupLimit: zero or a negative limit is the default of 50.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], limit: 0) { totalCount })",
       R"([{"totalCount":1},{"totalCount":3},{"totalCount":1}])"},
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], limit: -3) { totalCount })",
       R"([{"totalCount":1},{"totalCount":3},{"totalCount":1}])"},
      // Without edges { node } no records are read: edges is empty.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], limit: 1)
                { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } })",
       R"([{"edges":[],"pageInfo":{"hasNextPage":false,"hasPreviousPage":false,"startCursor":null,"endCursor":null}}])"},
      // viewId names no view vingt keeps: ignored, as Twenty ignores an unknown id.
      {R"(opportunitiesGroupBy(groupBy: [{stage: true}], viewId: "00000000-0000-4000-8000-000000000000", limit: 1)
                { totalCount })",
       R"([{"totalCount":1}])"},
  };
  for (const Case& c : cases) {
    std::string out = Run(std::string("{ r: ") + c.query + " }");
    BOOST_TEST(out == std::string(R"({"data":{"r":)") + c.data + "}}", c.query);
  }
}

BOOST_FIXTURE_TEST_CASE(RelationsGroupByTheirJoinColumn, DealsFixture) {
  const std::string expected = R"([{"groupByDimensionValues":[")" + std::min(acme, globex) +
                               R"("],"totalCount":2},{"groupByDimensionValues":[")" + std::max(acme, globex) +
                               R"("],"totalCount":2},{"groupByDimensionValues":[null],"totalCount":1}])";
  for (const char* group_by : {"{companyId: true}", "{company: {id: true}}"}) {
    std::string out = Run(std::string("{ r: opportunitiesGroupBy(groupBy: [") + group_by +
                          "]) { groupByDimensionValues totalCount } }");
    BOOST_TEST(out == R"({"data":{"r":)" + expected + "}}", group_by);
  }
  // Fields of the related record other than its id are refused.
  std::string out = Run("{ opportunitiesGroupBy(groupBy: [{company: {name: true}}]) { totalCount } }");
  BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
}

BOOST_FIXTURE_TEST_CASE(RecordsAsEdges, DealsFixture) {
  const std::string q = R"(query($order: [OpportunityOrderByInput], $offset: Int) {
      opportunitiesGroupBy(groupBy: [{closeDate: {granularity: DAY_OF_THE_WEEK}}, {stage: true}],
                           filter: {closeDate: {is: NOT_NULL}}, orderByForRecords: $order,
                           offsetForRecords: $offset) {
        groupByDimensionValues totalCount
        edges { cursor node { name company { name } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } })";
  struct Case {
    const char* variables;
    std::vector<std::string> thursday_new;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"order":[{"name":"AscNullsFirst"}]})", {"Opportunity 2", "Opportunity 3"}},
           {R"({"order":[{"name":"DescNullsFirst"}]})", {"Opportunity 3", "Opportunity 2"}},
           {R"({"order":[{"name":"AscNullsFirst"}],"offset":1})", {"Opportunity 3"}},
           {R"({"order":[{"name":"AscNullsFirst"}],"offset":-9})", {"Opportunity 2"}},
           {R"({"order":[{"name":"AscNullsFirst"}],"offset":2})", {}},
       }) {
    std::string out = Run(q, c.variables);
    auto doc = Json(out);
    auto groups = simdjson::dom::array(doc["data"]["opportunitiesGroupBy"]);
    BOOST_TEST_REQUIRE(groups.size() == 3u, out);
    auto thursday_new = groups.at(1);
    BOOST_TEST(int64_t(thursday_new["totalCount"]) == 2);  // the group's size, not the page's
    std::vector<std::string> names;
    for (auto edge : simdjson::dom::array(thursday_new["edges"]))
      names.emplace_back(std::string_view(edge["node"]["name"]));
    BOOST_TEST(names == c.thursday_new, c.variables);
    auto page = thursday_new["pageInfo"];
    BOOST_TEST(bool(page["hasNextPage"]) == false);
    BOOST_TEST(bool(page["hasPreviousPage"]) == false);
    if (!names.empty()) {
      BOOST_TEST(std::string_view(page["startCursor"]) ==
                 std::string_view(simdjson::dom::array(thursday_new["edges"]).at(0)["cursor"]));
      BOOST_TEST(std::string_view(simdjson::dom::array(thursday_new["edges"]).at(0)["node"]["company"]["name"]) ==
                 (names[0] == "Opportunity 2" ? "Acme" : "Globex"));
    } else {
      BOOST_TEST(page["startCursor"].is_null());
    }
  }
  // At most 10 records per group.
  for (int i = 0; i < 12; ++i) Create("opportunities", R"({"name":"Bulk","stage":"PROPOSAL"})");
  std::string out = Run(
      R"({ opportunitiesGroupBy(groupBy: [{stage: true}], filter: {stage: {eq: PROPOSAL}}) { totalCount edges { node { id } } } })");
  auto groups = simdjson::dom::array(Json(out)["data"]["opportunitiesGroupBy"]);
  BOOST_TEST_REQUIRE(groups.size() == 1u, out);
  BOOST_TEST(int64_t(groups.at(0)["totalCount"]) == 12);
  BOOST_TEST(simdjson::dom::array(groups.at(0)["edges"]).size() == 10u);
}

BOOST_FIXTURE_TEST_CASE(TwentysErrors, DealsFixture) {
  struct Case {
    const char* arguments;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"groupBy: [{stage: true, name: true}]",
            "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput"},
           {"groupBy: [{position: true}]", R"(Field \"position\" is not supported in groupBy)"},
           {"groupBy: [{amount: {amountMicros: true, currencyCode: true}}]",
            "You cannot provide multiple subfields in one GroupByInput, split them into multiple GroupByInput"},
           {"groupBy: [{closeDate: {granularity: DAY}}]",
            "Time zone should be specified for a group by date on Day, Week, Month, Quarter or Year"},
           {R"(groupBy: [{closeDate: {granularity: DAY, timeZone: "Mars/Olympus"}}])",
            "Invalid timezone: Mars/Olympus"},
           {"groupBy: [{stage: true}], orderBy: [{name: AscNullsFirst}]",
            "Cannot order by a field that is not an aggregate nor in groupBy criteria: name."},
           {"groupBy: [{stage: true}], orderBy: [{aggregate: {totalCount: AscNullsFirst, sumAmountAmountMicros: "
            "AscNullsFirst}}]",
            "Please provide aggregate criteria one by one in orderBy array"},
           {"groupBy: [{stage: true}], orderBy: [{stage: AscNullsFirst, name: AscNullsFirst}]",
            "Please provide orderBy field criteria one by one in orderBy array"},
           {"groupBy: [{stage: true}], orderBy: [{closeDate: {orderBy: AscNullsFirst, granularity: MONTH}}]",
            "Cannot order by a date granularity that is not in groupBy criteria: MONTH"},
           {R"(groupBy: [{stage: true}], filter: {companyId: {eq: "nope"}})",
            R"(Invalid UUID value 'nope' for field \"companyId\")"},
       }) {
    std::string out = Run(std::string("{ opportunitiesGroupBy(") + c.arguments + ") { totalCount } }");
    BOOST_TEST(Contains(out, std::string(R"("message":")") + c.message + "\""), c.arguments << "\n" << out);
    BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
    BOOST_TEST(Contains(out, R"("data":{"opportunitiesGroupBy":null})"), out);
  }
}

}  // namespace
}  // namespace vingt::server::graphql

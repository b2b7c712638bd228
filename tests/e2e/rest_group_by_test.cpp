// End-to-end tests of GET /rest/{plural}/groupBy (spec/rest-core.md §9,
// §10) against the real binary: grouping, aggregates, orders, samples,
// errors and the trash. Bodies are compared byte for byte where they hold
// no server-made values (ids, timestamps).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

using Names = std::vector<std::string>;

// Two companies and five opportunities, the shape of Twenty's own group-by
// integration test (rest-api-core-group-by.integration-spec.ts), plus two
// more companies and a deal with nothing set.
struct GroupByFixture {
  GroupByFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not start:\n" << server.output());
    http = std::make_unique<HttpClient>(server.port(), server.initial_token());
    Names companies = Create("companies", "Companies", R"([
        {"name":"Acme","employees":10,"idealCustomerProfile":true,"address":{"addressCity":"Paris"},
         "annualRecurringRevenue":{"amountMicros":1000000000,"currencyCode":"USD"}},
        {"name":"Globex","employees":500,"address":{"addressCity":"London"}},
        {"name":"Initech","address":{"addressCity":"Paris"}},
        {"name":"Umbrella","employees":50}])");
    acme = companies[0];
    globex = companies[1];
    deals = Create("opportunities", "Opportunities",
                   R"([
        {"name":"Opportunity 1","stage":"NEW","amount":{"amountMicros":1000000000000,"currencyCode":"USD"},
         "closeDate":"2025-02-05T08:00:00.000Z","companyId":")" +
                       acme + R"("},
        {"name":"Opportunity 2","stage":"NEW","amount":{"amountMicros":2000000000000,"currencyCode":"USD"},
         "closeDate":"2025-02-06T08:00:00.000Z","companyId":")" +
                       acme + R"("},
        {"name":"Opportunity 3","stage":"NEW","amount":{"amountMicros":3000000000000,"currencyCode":"EUR"},
         "closeDate":"2025-02-06T08:00:00.000Z","companyId":")" +
                       globex + R"("},
        {"name":"Opportunity 4","stage":"SCREENING","amount":{"amountMicros":4000000000000,"currencyCode":"EUR"},
         "closeDate":"2025-02-06T08:00:00.000Z","companyId":")" +
                       globex + R"("},
        {"name":"Opportunity 5","stage":"MEETING"}])");
  }
  ~GroupByFixture() {
    http.reset();
    int code = server.Stop();
    BOOST_CHECK_MESSAGE(code == 0, "server exit code " << code << "\n" << server.output());
  }

  Names Create(const std::string& plural, const std::string& key, const std::string& body) {
    HttpResponse r = http->Post("/rest/batch/" + plural, body);
    BOOST_REQUIRE_MESSAGE(r.status == 201, "create " << plural << ": " << r.status << " " << r.body);
    Json j(r.body);
    Names ids;
    for (int64_t i = 0; i < j.Size("/data/create" + key); ++i)
      ids.push_back(j.Str("/data/create" + key + "/" + std::to_string(i) + "/id"));
    return ids;
  }

  // GET /rest/<plural>/groupBy with each parameter URL-encoded; pairs of
  // (name, raw value).
  HttpResponse Get(const std::string& plural, const std::vector<std::pair<std::string, std::string>>& params) {
    std::string target = "/rest/" + plural + "/groupBy";
    char sep = '?';
    for (const auto& [k, v] : params) {
      target += sep + k + "=" + UrlEncode(v);
      sep = '&';
    }
    return http->Get(target);
  }
  // The body of a 200, or "<status>: <body>".
  std::string Body(const std::string& plural, const std::vector<std::pair<std::string, std::string>>& params) {
    HttpResponse r = Get(plural, params);
    return r.status == 200 ? r.body : std::to_string(r.status) + ": " + r.body;
  }
  // The names of the sample records of group `i`.
  static Names RecordNames(const Json& j, int i) {
    Names out;
    std::string base = "/" + std::to_string(i) + "/records";
    for (int64_t k = 0; k < j.Size(base); ++k) out.push_back(j.Str(base + "/" + std::to_string(k) + "/name"));
    return out;
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
  std::string acme, globex;
  Names deals;
};

// Twenty's parser messages (rest/input-request-parsers/).
constexpr const char* kGroupByParamError =
    R"(Invalid group_by query parameter - should be a valid array of objects - ex: [{"firstField": true}, {"secondField": {"subField": true}}, {"dateField": {"granularity": 'DAY'}}])";
constexpr const char* kAggregateParamError =
    R"(Invalid aggregate query parameter - should be a valid array of string - ex: ["countNotEmptyId", "countEmptyField"])";
constexpr const char* kOrderByParamError =
    R"(Invalid order_by query parameter - should be a valid array of objects - ex: [{"firstField": "AscNullsFirst"}, {"secondField": {"subField": "DescNullsLast"}}, {"aggregate": {"aggregateField": "DescNullsLast"}}, {dateField: {"orderBy": "AscNullsFirst", "granularity": "DAY"}}])";

constexpr const char* kWeekdayAndStage = R"([{"closeDate":{"granularity":"DAY_OF_THE_WEEK"}},{"stage":true}])";

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_rest_group_by)

BOOST_FIXTURE_TEST_CASE(group_by_is_its_own_route, GroupByFixture) {
  // Twenty's controller declares GET */groupBy before GET *: no UUID error.
  HttpResponse r = http->Get("/rest/opportunities/groupBy");
  BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", kGroupByParamError) == "");
  BOOST_TEST(http->Get("/rest/opportunities/" + deals[0]).status == 200);
  BOOST_TEST(RestErrorMismatch(Get("opportunity", {{"group_by", "[]"}}), 400, "BadRequestException",
                               "object 'opportunity' not found. Did you mean 'opportunities'?") == "");
  // Auth comes first, as on every record route.
  http->SetToken("");
  HttpResponse list = http->Get("/rest/opportunities");
  HttpResponse group = Get("opportunities", {{"group_by", "[]"}});
  BOOST_TEST(list.status != 200);
  BOOST_TEST(group.status == list.status);
  BOOST_TEST(group.body == list.body);
}

BOOST_FIXTURE_TEST_CASE(groups_by_a_select_field, GroupByFixture) {
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"}, {"aggregate", R"(["totalCount"])"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":["MEETING"]},)"
             R"({"totalCount":3,"groupByDimensionValues":["NEW"]},)"
             R"({"totalCount":1,"groupByDimensionValues":["SCREENING"]}])");
  // No `aggregate`: the dimensions only. A bare object is one entry.
  BOOST_TEST(Body("opportunities", {{"group_by", R"({"stage":true})"}}) ==
             R"([{"groupByDimensionValues":["MEETING"]},{"groupByDimensionValues":["NEW"]},)"
             R"({"groupByDimensionValues":["SCREENING"]}])");
  // Twenty's group-by reads no `fields` projection.
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"}, {"fields", "nope"}, {"limit", "1"}}) ==
             R"([{"groupByDimensionValues":["MEETING"]}])");
  // Unknown aggregate names are ignored, repeated ones answered once.
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"},
                                    {"aggregate", R"(["nope","totalCount",7,"totalCount"])"},
                                    {"filter", "stage[eq]:SCREENING"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":["SCREENING"]}])");
}

BOOST_FIXTURE_TEST_CASE(twentys_integration_scenario_with_records, GroupByFixture) {
  HttpResponse r = Get("opportunities", {{"group_by", kWeekdayAndStage},
                                         {"aggregate", R"(["maxAmountAmountMicros"])"},
                                         {"filter", "closeDate[is]:NOT_NULL"},
                                         {"include_records_sample", "true"},
                                         {"limit", "3"}});
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST_REQUIRE(j.Size("") == 3);
  BOOST_TEST(j.Raw("/0/groupByDimensionValues") == R"(["Wednesday","NEW"])");
  BOOST_TEST(j.Str("/0/maxAmountAmountMicros") == "1000000000000");
  BOOST_TEST(RecordNames(j, 0) == (Names{"Opportunity 1"}));
  BOOST_TEST(j.Str("/0/records/0/stage") == "NEW");
  BOOST_TEST(j.Str("/0/records/0/companyId") == acme);
  BOOST_TEST(j.Raw("/1/groupByDimensionValues") == R"(["Thursday","NEW"])");
  BOOST_TEST(j.Str("/1/maxAmountAmountMicros") == "3000000000000");
  Names thursday_new = RecordNames(j, 1);
  std::sort(thursday_new.begin(), thursday_new.end());
  BOOST_TEST(thursday_new == (Names{"Opportunity 2", "Opportunity 3"}));
  BOOST_TEST(j.Raw("/2/groupByDimensionValues") == R"(["Thursday","SCREENING"])");
  BOOST_TEST(j.Str("/2/maxAmountAmountMicros") == "4000000000000");
  BOOST_TEST(j.Str("/2/records/0/companyId") == globex);
  // Records are depth-0 records: composites nested, no relation objects.
  BOOST_TEST(j.Num("/2/records/0/amount/amountMicros") == 4e12);
  BOOST_TEST(!j.Has("/2/records/0/company"));

  // With a filter on the stage and limit=2, as in Twenty's second case.
  r = Get("opportunities", {{"group_by", kWeekdayAndStage},
                            {"filter", "closeDate[is]:NOT_NULL,stage[eq]:'NEW'"},
                            {"include_records_sample", "true"},
                            {"limit", "2"}});
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  j = Json(r.body);
  BOOST_TEST(j.Size("") == 2);
  BOOST_TEST(j.Size("/1/records") == 2);

  // order_by_for_records sorts each group's sample.
  for (auto [direction, expected] : {std::pair{"AscNullsFirst", Names{"Opportunity 2", "Opportunity 3"}},
                                     std::pair{"DescNullsFirst", Names{"Opportunity 3", "Opportunity 2"}}}) {
    r = Get("opportunities", {{"group_by", kWeekdayAndStage},
                              {"filter", "closeDate[is]:NOT_NULL"},
                              {"order_by_for_records", std::string("name[") + direction + "]"},
                              {"include_records_sample", "true"},
                              {"limit", "5"}});
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(RecordNames(Json(r.body), 1) == expected, direction);
  }
  // Without include_records_sample=true there is no "records" key.
  r = Get("opportunities", {{"group_by", kWeekdayAndStage}, {"include_records_sample", "1"}});
  BOOST_TEST(!Json(r.body).Has("/0/records"));
}

BOOST_FIXTURE_TEST_CASE(composite_sub_fields_and_value_types, GroupByFixture) {
  // "" (no city given) is a group of its own, before the others.
  BOOST_TEST(Body("companies", {{"group_by", R"([{"address":{"addressCity":true}}])"},
                                {"aggregate", R"(["totalCount","sumEmployees"])"}}) ==
             R"([{"totalCount":1,"sumEmployees":50,"groupByDimensionValues":[""]},)"
             R"({"totalCount":1,"sumEmployees":500,"groupByDimensionValues":["London"]},)"
             R"({"totalCount":2,"sumEmployees":10,"groupByDimensionValues":["Paris"]}])");
  // amountMicros is a Postgres numeric: a string, as Twenty's raw rows give
  // it; a NUMBER is a number; NULL is its own group, last.
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"amount":{"amountMicros":true}}])"},
                                    {"filter", "amount.amountMicros[gte]:3000000000000"}}) ==
             R"([{"groupByDimensionValues":["3000000000000"]},{"groupByDimensionValues":["4000000000000"]}])");
  BOOST_TEST(Body("companies", {{"group_by", R"([{"employees":true}])"}}) ==
             R"([{"groupByDimensionValues":[10]},{"groupByDimensionValues":[50]},)"
             R"({"groupByDimensionValues":[500]},{"groupByDimensionValues":[null]}])");
  BOOST_TEST(
      Body("opportunities", {{"group_by", R"([{"amount":{"currencyCode":true}}])"},
                             {"aggregate", R"(["totalCount"])"},
                             {"filter", "amount.amountMicros[is]:NOT_NULL"}}) ==
      R"([{"totalCount":2,"groupByDimensionValues":["EUR"]},{"totalCount":2,"groupByDimensionValues":["USD"]}])");
}

BOOST_FIXTURE_TEST_CASE(two_fields_and_a_filter, GroupByFixture) {
  BOOST_TEST(Body("companies", {{"group_by", R"([{"idealCustomerProfile":true},{"address":{"addressCity":true}}])"},
                                {"aggregate", R"(["totalCount"])"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":[false,""]},)"
             R"({"totalCount":1,"groupByDimensionValues":[false,"London"]},)"
             R"({"totalCount":1,"groupByDimensionValues":[false,"Paris"]},)"
             R"({"totalCount":1,"groupByDimensionValues":[true,"Paris"]}])");
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"},
                                    {"aggregate", R"(["totalCount","sumAmountAmountMicros"])"},
                                    {"filter", "amount.amountMicros[gte]:2000000000000"}}) ==
             R"([{"totalCount":2,"sumAmountAmountMicros":"5000000000000","groupByDimensionValues":["NEW"]},)"
             R"({"totalCount":1,"sumAmountAmountMicros":"4000000000000","groupByDimensionValues":["SCREENING"]}])");
}

BOOST_FIXTURE_TEST_CASE(relations_group_by_their_join_column, GroupByFixture) {
  for (const char* group_by : {R"([{"companyId":true}])", R"([{"company":true}])", R"([{"company":{"id":true}}])"}) {
    HttpResponse r = Get("opportunities", {{"group_by", group_by}, {"aggregate", R"(["totalCount"])"}});
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    BOOST_TEST_REQUIRE(j.Size("") == 3, group_by);
    Names got;
    for (int i = 0; i < 3; ++i) {
      std::string id = j.IsNull("/" + std::to_string(i) + "/groupByDimensionValues/0")
                           ? "null"
                           : j.Str("/" + std::to_string(i) + "/groupByDimensionValues/0");
      got.push_back(id + ":" + std::to_string(j.Int("/" + std::to_string(i) + "/totalCount")));
    }
    BOOST_TEST(got.back() == "null:1", group_by);  // NULL last
    std::sort(got.begin(), got.end());
    BOOST_TEST(got == Names({std::min(acme, globex) + ":2", std::max(acme, globex) + ":2", "null:1"}), group_by);
  }
}

BOOST_FIXTURE_TEST_CASE(every_aggregate_kind, GroupByFixture) {
  BOOST_TEST(
      Body("companies",
           {{"group_by", "[]"}, {"aggregate", R"(["totalCount","countUniqueValuesEmployees","countEmptyEmployees",
                                    "countNotEmptyEmployees","percentageEmptyEmployees","percentageNotEmptyEmployees",
                                    "minEmployees","maxEmployees","avgEmployees","sumEmployees",
                                    "countTrueIdealCustomerProfile","countFalseIdealCustomerProfile",
                                    "minAnnualRecurringRevenueAmountMicros","countEmptyAddress","countNotEmptyName"])"}}) ==
      R"([{"totalCount":4,"countUniqueValuesEmployees":3,"countEmptyEmployees":1,"countNotEmptyEmployees":3,)"
      R"("percentageEmptyEmployees":0.25,"percentageNotEmptyEmployees":0.75,"minEmployees":10,"maxEmployees":500,)"
      R"("avgEmployees":186.66666666666666,"sumEmployees":560,"countTrueIdealCustomerProfile":1,)"
      R"("countFalseIdealCustomerProfile":3,"minAnnualRecurringRevenueAmountMicros":"1000000000",)"
      R"("countEmptyAddress":1,"countNotEmptyName":4,"groupByDimensionValues":[]}])");
  BOOST_TEST(
      Body("opportunities", {{"group_by", "[]"}, {"aggregate", R"(["minCloseDate","maxCloseDate","countEmptyCloseDate",
                                        "sumAmountAmountMicros","avgAmountAmountMicros","maxAmountAmountMicros",
                                        "countUniqueValuesAmount","percentageEmptyAmount"])"}}) ==
      R"([{"minCloseDate":"2025-02-05T08:00:00.000Z","maxCloseDate":"2025-02-06T08:00:00.000Z",)"
      R"("countEmptyCloseDate":1,"sumAmountAmountMicros":"10000000000000","avgAmountAmountMicros":"2500000000000",)"
      R"("maxAmountAmountMicros":"4000000000000","countUniqueValuesAmount":4,"percentageEmptyAmount":0.2,)"
      R"("groupByDimensionValues":[]}])");
}

BOOST_FIXTURE_TEST_CASE(empty_results, GroupByFixture) {
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"}, {"filter", "name[eq]:nobody"}}) == "[]");
  // No grouping key: one group over no rows, counts NULL but totalCount 0.
  BOOST_TEST(Body("opportunities", {{"group_by", "[]"},
                                    {"aggregate", R"(["totalCount","countEmptyName","sumAmountAmountMicros"])"},
                                    {"filter", "name[eq]:nobody"}}) ==
             R"([{"totalCount":0,"countEmptyName":null,"sumAmountAmountMicros":null,"groupByDimensionValues":[]}])");
}

BOOST_FIXTURE_TEST_CASE(group_order_and_limit, GroupByFixture) {
  auto stages = [&](const std::string& order_by, const std::string& limit = "") {
    std::vector<std::pair<std::string, std::string>> p = {{"group_by", R"([{"stage":true}])"}};
    if (!order_by.empty()) p.emplace_back("order_by", order_by);
    if (!limit.empty()) p.emplace_back("limit", limit);
    HttpResponse r = Get("opportunities", p);
    if (r.status != 200) return Names{std::to_string(r.status) + ": " + r.body};
    Json j(r.body);
    Names out;
    for (int64_t i = 0; i < j.Size(""); ++i)
      out.push_back(j.Str("/" + std::to_string(i) + "/groupByDimensionValues/0"));
    return out;
  };
  BOOST_TEST(stages(R"([{"aggregate":{"totalCount":"DescNullsLast"}}])") == (Names{"NEW", "MEETING", "SCREENING"}));
  BOOST_TEST(stages(R"([{"stage":"DescNullsLast"}])") == (Names{"SCREENING", "NEW", "MEETING"}));
  BOOST_TEST(stages(R"([{"aggregate":{"maxAmountAmountMicros":"DescNullsFirst"}}])") ==
             (Names{"MEETING", "SCREENING", "NEW"}));
  BOOST_TEST(stages("null") == (Names{"MEETING", "NEW", "SCREENING"}));
  BOOST_TEST(stages(R"([{"aggregate":{"totalCount":"DescNullsLast"}}])", "1") == (Names{"NEW"}));
  // getGroupLimit: 0 and non-integers mean the default (50); over the
  // maximum is clamped.
  BOOST_TEST(stages("", "0").size() == 3u);
  BOOST_TEST(stages("", "2.5").size() == 3u);
  BOOST_TEST(stages("", "1e1").size() == 3u);
  BOOST_TEST(stages("", "100000").size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(date_granularities, GroupByFixture) {
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"closeDate":{"granularity":"DAY","timeZone":"UTC"}}])"},
                                    {"aggregate", R"(["totalCount"])"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":["2025-02-05"]},)"
             R"({"totalCount":3,"groupByDimensionValues":["2025-02-06"]},)"
             R"({"totalCount":1,"groupByDimensionValues":[null]}])");
  BOOST_TEST(Body("opportunities",
                  {{"group_by", R"([{"closeDate":{"granularity":"WEEK","timeZone":"UTC","weekStartDay":"SUNDAY"}}])"},
                   {"filter", "closeDate[is]:NOT_NULL"}}) == R"([{"groupByDimensionValues":["2025-02-02"]}])");
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"closeDate":{"granularity":"MONTH_OF_THE_YEAR"}}])"},
                                    {"filter", "closeDate[is]:NOT_NULL"}}) ==
             R"([{"groupByDimensionValues":["February"]}])");
  // NONE (or `true`) groups by the instant itself, as toISOString() writes it.
  BOOST_TEST(
      Body("opportunities", {{"group_by", R"([{"closeDate":{"granularity":"NONE"}}])"},
                             {"filter", "closeDate[is]:NOT_NULL"},
                             {"order_by", R"([{"closeDate":{"orderBy":"DescNullsLast","granularity":"NONE"}}])"}}) ==
      R"([{"groupByDimensionValues":["2025-02-06T08:00:00.000Z"]},)"
      R"({"groupByDimensionValues":["2025-02-05T08:00:00.000Z"]}])");
  BOOST_TEST(
      Body("opportunities", {{"group_by", R"([{"closeDate":{"granularity":"DAY","timeZone":"UTC"}}])"},
                             {"filter", "closeDate[is]:NOT_NULL"},
                             {"order_by", R"([{"closeDate":{"orderBy":"DescNullsLast","granularity":"DAY"}}])"}}) ==
      R"([{"groupByDimensionValues":["2025-02-06"]},{"groupByDimensionValues":["2025-02-05"]}])");
}

BOOST_FIXTURE_TEST_CASE(soft_deleted_records_only_with_a_deleted_at_filter, GroupByFixture) {
  BOOST_TEST_REQUIRE(http->Delete("/rest/opportunities/" + deals[3] + "?soft_delete=true").status == 200);
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"}, {"aggregate", R"(["totalCount"])"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":["MEETING"]},)"
             R"({"totalCount":3,"groupByDimensionValues":["NEW"]}])");
  BOOST_TEST(Body("opportunities", {{"group_by", R"([{"stage":true}])"},
                                    {"aggregate", R"(["totalCount"])"},
                                    {"filter", "deletedAt[is]:NOT_NULL"}}) ==
             R"([{"totalCount":1,"groupByDimensionValues":["SCREENING"]}])");
  BOOST_TEST(Body("opportunities", {{"group_by", "[]"}, {"aggregate", R"(["totalCount"])"}}) ==
             R"([{"totalCount":4,"groupByDimensionValues":[]}])");
}

struct ErrorCase {
  std::vector<std::pair<std::string, std::string>> params;
  std::string message;
};

BOOST_FIXTURE_TEST_CASE(errors_have_twentys_messages, GroupByFixture) {
  const std::string stage = R"([{"stage":true}])";
  const ErrorCase cases[] = {
      {{{"group_by", "not-valid-json"}}, kGroupByParamError},
      {{{"group_by", stage}, {"aggregate", "countNotEmptyId"}}, kAggregateParamError},
      {{{"group_by", stage}, {"aggregate", R"({"a":1})"}}, kAggregateParamError},
      {{{"group_by", stage}, {"order_by", "stage[AscNullsFirst]"}}, kOrderByParamError},
      // Parameters are read in Twenty's order: order_by before group_by.
      {{{"group_by", "x"}, {"order_by", "x"}}, kOrderByParamError},
      {{{"group_by", stage}, {"limit", "abc"}}, "limit 'abc' is invalid. Should be an integer"},
      {{{"group_by", stage}, {"limit", "-1"}}, "limit '-1' is invalid. Should be an integer"},
      {{{"group_by", stage}, {"filter", "stage[eq]:FOO"}},
       "'filter' enum value 'FOO' not available in 'stage' enum. Available enum values are ['NEW', 'SCREENING', "
       "'MEETING', 'PROPOSAL', 'CUSTOMER']"},
      {{{"group_by", stage}, {"filter", "nope[eq]:1"}}, "Object opportunity doesn't have any \"nope\" field."},
      {{{"group_by", stage}, {"order_by_for_records", "name[Sideways]"}},
       "'order_by' direction 'Sideways' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', "
       "'DescNullsFirst', 'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3"},
      {{{"group_by", R"([{"foo":true}])"}}, "Unidentified field in groupBy: foo"},
      {{{"group_by", R"([{"stage":true,"name":true}])"}},
       "You cannot provide multiple fields in one GroupByInput, split them into multiple GroupByInput"},
      {{{"group_by", R"([{"position":true}])"}}, "Field \"position\" is not supported in groupBy"},
      {{{"group_by", R"([{"id":true}])"}}, "Field \"id\" is not supported in groupBy"},
      {{{"group_by", R"([{"stage":false}])"}}, "Invalid groupBy definition for field \"stage\""},
      {{{"group_by", R"([{"stage":{"x":true}}])"}}, "Field \"stage\" does not support nested subfields in groupBy"},
      {{{"group_by", R"([{"amount":{"nope":true}}])"}},
       "Composite subfield \"nope\" is not supported in groupBy for \"amount\""},
      {{{"group_by", R"([{"amount":{"currencyCode":"yes"}}])"}},
       "Composite subfield \"currencyCode\" must be set to true in groupBy for \"amount\""},
      {{{"group_by", R"([{"closeDate":{"granularity":"DAY"}}])"}},
       "Time zone should be specified for a group by date on Day, Week, Month, Quarter or Year"},
      {{{"group_by", R"([{"closeDate":{"granularity":"YEAR","timeZone":"Mars/Olympus_Mons"}}])"}},
       "Invalid timezone: Mars/Olympus_Mons"},
      {{{"group_by", "null"}}, "Cannot convert undefined or null to object"},
      {{{"group_by", stage}, {"order_by", R"([{"name":"AscNullsFirst"}])"}},
       "Cannot order by a field that is not an aggregate nor in groupBy criteria: name."},
      {{{"group_by", stage}, {"order_by", R"([{"nope":"AscNullsFirst"}])"}}, "Cannot orderBy unknown field: nope."},
      {{{"group_by", stage}, {"order_by", R"([{"stage":"Sideways"}])"}}, "Unknown orderBy value: Sideways"},
      {{{"group_by", stage}, {"order_by", R"([{"stage":"AscNullsFirst","name":"AscNullsFirst"}])"}},
       "Please provide orderBy field criteria one by one in orderBy array"},
      {{{"group_by", stage}, {"order_by", R"([{"aggregate":{"nope":"AscNullsFirst"}}])"}},
       "Unknown aggregate field: nope"},
      {{{"group_by", stage}, {"order_by", R"([{"aggregate":{"totalCount":"Up"}}])"}}, "Invalid direction: Up"},
      {{{"group_by", stage}, {"order_by", R"([{"amount":{"amountMicros":"AscNullsFirst"}}])"}},
       "Cannot order by a field that is not in groupBy or that is not an aggregate field: amountMicros"},
      {{{"group_by", stage}, {"order_by", R"([{"closeDate":{"orderBy":"AscNullsFirst","granularity":"DAY"}}])"}},
       "Cannot order by a date granularity that is not in groupBy criteria: DAY"},
  };
  for (const auto& c : cases) {
    HttpResponse r = Get("opportunities", c.params);
    BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", c.message) == "", c.params.front().second);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// End-to-end tests of GET /rest/{plural} with filter, order_by and cursors
// (spec/rest-core.md §4.1, §5, §6, §7, §10) against the real binary.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

using Names = std::vector<std::string>;

Names Sorted(Names v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A server with a small CRM: four companies, five people, four opportunities.
struct FilterFixture {
  FilterFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not start:\n" << server.output());
    http = std::make_unique<HttpClient>(server.port(), server.initial_token());
    Names companies = Create("companies", "Companies", R"([
        {"name":"Acme","employees":10,"idealCustomerProfile":true,"address":{"addressCity":"Paris"},
         "domainName":{"primaryLinkUrl":"https://acme.com"}},
        {"name":"Globex","employees":500,"address":{"addressCity":"London"}},
        {"name":"Initech","address":{"addressCity":"Berlin"}},
        {"name":"beta","employees":50,"address":{"addressCity":"paris"}}])");
    acme = companies[0];
    globex = companies[1];
    Names people = Create("people", "People", R"([
        {"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London","emails":{"primaryEmail":"ada@example.com"},
         "companyId":")" + acme + R"("},
        {"name":{"firstName":"Grace","lastName":"Hopper"},"city":"New York","emails":{"primaryEmail":"grace@navy.mil"},
         "companyId":")" + globex + R"("},
        {"name":{"firstName":"Alan","lastName":"Turing"},"emails":{"primaryEmail":"alan@bletchley.uk"}},
        {"name":{"firstName":"Émile","lastName":"Zola"},"city":"Zürich"},
        {"name":{"firstName":"Linus","lastName":"Torvalds"},"city":"Paris","companyId":")" + acme + R"("}])");
    ada = people[0];
    Names deals = Create("opportunities", "Opportunities", R"([
        {"name":"Deal A","stage":"NEW","amount":{"amountMicros":1000000000,"currencyCode":"EUR"},
         "closeDate":"2024-01-15T00:00:00.000Z","companyId":")" + acme + R"("},
        {"name":"Deal B","stage":"MEETING","amount":{"amountMicros":5000000000,"currencyCode":"EUR"},
         "closeDate":"2024-06-01T00:00:00.000Z","companyId":")" + globex + R"("},
        {"name":"Deal C","stage":"CUSTOMER"},
        {"name":"Deal D","stage":"NEW","amount":{"amountMicros":200000000,"currencyCode":"USD"},
         "closeDate":"2023-12-31T23:59:59.999Z"}])");
    deal_a = deals[0];
    deal_b = deals[1];
  }
  ~FilterFixture() {
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

  // The `field` (a JSON pointer inside a record) of every record listed by
  // GET /rest/<plural>?<query>, in answer order; {"<status>: <body>"} on error.
  Names List(const std::string& plural, const std::string& query, const std::string& field) {
    HttpResponse r = http->Get("/rest/" + plural + "?" + query);
    if (r.status != 200) return {std::to_string(r.status) + ": " + r.body};
    Json j(r.body);
    Names out;
    for (int64_t i = 0; i < j.Size("/data/" + plural); ++i) out.push_back(j.Str("/data/" + plural + "/" + std::to_string(i) + field));
    return out;
  }
  Names Deals(const std::string& filter) { return Sorted(List("opportunities", "filter=" + UrlEncode(filter), "/name")); }
  Names People(const std::string& filter) {
    return Sorted(List("people", "filter=" + UrlEncode(filter), "/name/firstName"));
  }
  Names Companies(const std::string& filter) {
    return Sorted(List("companies", "filter=" + UrlEncode(filter), "/name"));
  }
  Names CompaniesOrdered(const std::string& order_by) {
    return List("companies", "order_by=" + UrlEncode(order_by), "/name");
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
  std::string acme, globex, ada, deal_a, deal_b;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_rest_filter)

BOOST_FIXTURE_TEST_CASE(text_comparators, FilterFixture) {
  BOOST_TEST(People("city[eq]:London") == (Names{"Ada"}));
  BOOST_TEST(People("city[neq]:London") == (Names{"Alan", "Grace", "Linus", "Émile"}));
  BOOST_TEST(People("city[in]:[London,Paris]") == (Names{"Ada", "Linus"}));
  BOOST_TEST(People("city[in]:[\"London\",'Paris']") == (Names{"Ada", "Linus"}));
  BOOST_TEST(People("city[like]:%o%") == (Names{"Ada", "Grace"}));
  BOOST_TEST(People("city[like]:%O%") == (Names{}));
  BOOST_TEST(People("city[ilike]:%O%") == (Names{"Ada", "Grace"}));
  BOOST_TEST(People("city[ilike]:%ZÜR%") == (Names{"Émile"}));
  BOOST_TEST(People("city[like]:Z_rich") == (Names{"Émile"}));
  BOOST_TEST(People("city[startsWith]:New") == (Names{"Grace"}));
  BOOST_TEST(People("city[endsWith]:ris") == (Names{"Linus"}));
  BOOST_TEST(People("city[gt]:M") == (Names{"Grace", "Linus", "Émile"}));
  BOOST_TEST(People("city[lte]:London") == (Names{"Ada", "Alan"}));
  // Twenty stores "" for a text never given, and `is NULL` / `eq ""` find it.
  BOOST_TEST(People("city[is]:NULL") == (Names{"Alan"}));
  BOOST_TEST(People("city[eq]:\"\"") == (Names{"Alan"}));
  BOOST_TEST(People("city[is]:NOT_NULL").size() == 5u);
  BOOST_TEST(People("jobTitle[is]:NULL").size() == 5u);
}

BOOST_FIXTURE_TEST_CASE(number_boolean_and_link_comparators, FilterFixture) {
  BOOST_TEST(Companies("employees[eq]:10") == (Names{"Acme"}));
  BOOST_TEST(Companies("employees[neq]:10") == (Names{"Globex", "beta"}));  // NULL is not "not 10"
  BOOST_TEST(Companies("employees[gt]:20") == (Names{"Globex", "beta"}));
  BOOST_TEST(Companies("employees[gte]:50") == (Names{"Globex", "beta"}));
  BOOST_TEST(Companies("employees[lt]:50") == (Names{"Acme"}));
  BOOST_TEST(Companies("employees[lte]:50.0") == (Names{"Acme", "beta"}));
  BOOST_TEST(Companies("employees[in]:[10,500]") == (Names{"Acme", "Globex"}));
  BOOST_TEST(Companies("employees[is]:NULL") == (Names{"Initech"}));
  BOOST_TEST(Companies("employees[is]:NOT_NULL") == (Names{"Acme", "Globex", "beta"}));
  BOOST_TEST(Companies("not(employees[lt]:50)") == (Names{"Globex", "beta"}));  // NULL stays out, as in SQL
  BOOST_TEST(Companies("idealCustomerProfile[eq]:true") == (Names{"Acme"}));
  BOOST_TEST(Companies("idealCustomerProfile[eq]:false") == (Names{"Globex", "Initech", "beta"}));
  BOOST_TEST(Companies("domainName.primaryLinkUrl[eq]:https://acme.com") == (Names{"Acme"}));
  BOOST_TEST(Companies("address.addressCity[eq]:Paris") == (Names{"Acme"}));
  BOOST_TEST(Companies("address.addressCity[ilike]:paris") == (Names{"Acme", "beta"}));
}

BOOST_FIXTURE_TEST_CASE(select_date_uuid_and_composite_comparators, FilterFixture) {
  BOOST_TEST(Deals("stage[eq]:NEW") == (Names{"Deal A", "Deal D"}));
  BOOST_TEST(Deals("stage[neq]:NEW") == (Names{"Deal B", "Deal C"}));
  BOOST_TEST(Deals("stage[in]:[MEETING,CUSTOMER]") == (Names{"Deal B", "Deal C"}));
  BOOST_TEST(Deals("stage[containsAny]:[CUSTOMER]") == (Names{"Deal C"}));
  BOOST_TEST(Deals("stage[is]:NULL") == (Names{}));
  BOOST_TEST(Deals("amount.amountMicros[gt]:1000000000") == (Names{"Deal B"}));
  BOOST_TEST(Deals("amount.amountMicros[gte]:1000000000") == (Names{"Deal A", "Deal B"}));
  BOOST_TEST(Deals("amount.amountMicros[is]:NULL") == (Names{"Deal C"}));
  BOOST_TEST(Deals("amount.currencyCode[eq]:USD") == (Names{"Deal D"}));
  BOOST_TEST(Deals("closeDate[lt]:2024-01-01") == (Names{"Deal D"}));
  BOOST_TEST(Deals("closeDate[gte]:\"2024-01-15T00:00:00.000Z\"") == (Names{"Deal A", "Deal B"}));
  BOOST_TEST(Deals("closeDate[eq]:2024-01-15T01:00:00+01:00") == (Names{"Deal A"}));
  BOOST_TEST(Deals("closeDate[lte]:2023-12-31T23:59:59.999Z") == (Names{"Deal D"}));
  BOOST_TEST(Deals("closeDate[is]:NULL") == (Names{"Deal C"}));
  BOOST_TEST(Deals("createdAt[gt]:2000-01-01").size() == 4u);
  BOOST_TEST(Deals("companyId[eq]:" + acme) == (Names{"Deal A"}));
  BOOST_TEST(Deals("companyId[is]:NULL") == (Names{"Deal C", "Deal D"}));
  BOOST_TEST(Deals("id[in]:[" + deal_a + "," + deal_b + "]") == (Names{"Deal A", "Deal B"}));
  BOOST_TEST(Deals("id[neq]:" + deal_a) == (Names{"Deal B", "Deal C", "Deal D"}));
  BOOST_TEST(Deals("name[ilike]:deal%") == (Names{"Deal A", "Deal B", "Deal C", "Deal D"}));

  BOOST_TEST(People("name.firstName[eq]:Ada") == (Names{"Ada"}));
  BOOST_TEST(People("name.firstName[startsWith]:A") == (Names{"Ada", "Alan"}));
  BOOST_TEST(People("name.lastName[ilike]:%OVE%") == (Names{"Ada"}));
  BOOST_TEST(People("name.lastName[endsWith]:ds") == (Names{"Linus"}));
  BOOST_TEST(People("emails.primaryEmail[eq]:ADA@Example.COM") == (Names{"Ada"}));
  BOOST_TEST(People("emails.primaryEmail[is]:NULL") == (Names{"Linus", "Émile"}));
  BOOST_TEST(People("companyId[eq]:" + acme) == (Names{"Ada", "Linus"}));
  BOOST_TEST(People("id[eq]:" + ada) == (Names{"Ada"}));
}

BOOST_FIXTURE_TEST_CASE(and_or_not, FilterFixture) {
  BOOST_TEST(People("city[eq]:Paris,name.firstName[eq]:Linus") == (Names{"Linus"}));
  BOOST_TEST(People("city[eq]:Paris,name.firstName[eq]:Ada") == (Names{}));
  BOOST_TEST(People("and(city[eq]:Paris,name.firstName[eq]:Linus)") == (Names{"Linus"}));
  BOOST_TEST(People("or(city[eq]:Paris,city[eq]:London)") == (Names{"Ada", "Linus"}));
  BOOST_TEST(People("not(city[eq]:London)") == (Names{"Alan", "Grace", "Linus", "Émile"}));
  BOOST_TEST(People("and(or(city[eq]:Paris,city[eq]:London),not(name.firstName[eq]:Ada))") == (Names{"Linus"}));
  BOOST_TEST(Deals("and(stage[eq]:NEW,or(amount.amountMicros[gt]:500000000,closeDate[is]:NULL))") == (Names{"Deal A"}));
  BOOST_TEST(Deals("or(closeDate[gte]:\"2024-06-01\",closeDate[lte]:\"2023-12-31T23:59:59.999Z\",not(id[is]:NULL))") ==
             (Names{"Deal A", "Deal B", "Deal C", "Deal D"}));
  BOOST_TEST(Deals("or(closeDate[gte]:\"2024-06-01\",closeDate[lte]:\"2023-12-31T23:59:59.999Z\")") ==
             (Names{"Deal B", "Deal D"}));

  // totalCount is the number of matches, whatever the page size.
  HttpResponse r = http->Get("/rest/opportunities?limit=1&filter=" + UrlEncode("stage[in]:[NEW,MEETING]"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Int("/totalCount") == 3);
  BOOST_TEST(j.Size("/data/opportunities") == 1);
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 1);
}

BOOST_FIXTURE_TEST_CASE(deleted_at_lists_the_trash, FilterFixture) {
  BOOST_TEST_REQUIRE(http->Delete("/rest/people/" + ada + "?soft_delete=true").status == 200);
  BOOST_TEST(Sorted(List("people", "", "/name/firstName")) == (Names{"Alan", "Grace", "Linus", "Émile"}));
  BOOST_TEST(People("city[eq]:London") == (Names{}));  // soft-deleted rows stay hidden...
  BOOST_TEST(People("deletedAt[is]:NOT_NULL") == (Names{"Ada"}));  // ...unless the filter names deletedAt
  BOOST_TEST(People("deletedAt[is]:NULL") == (Names{"Alan", "Grace", "Linus", "Émile"}));
  BOOST_TEST(People("or(deletedAt[is]:NULL,deletedAt[is]:NOT_NULL)").size() == 5u);
  BOOST_TEST(People("and(city[eq]:London,deletedAt[gt]:2000-01-01)") == (Names{"Ada"}));
  HttpResponse r = http->Get("/rest/people?filter=" + UrlEncode("deletedAt[is]:NOT_NULL"));
  BOOST_TEST(Json(r.body).Int("/totalCount") == 1);
  BOOST_TEST(Json(http->Get("/rest/people").body).Int("/totalCount") == 4);
}

BOOST_FIXTURE_TEST_CASE(order_by_directions_and_nulls, FilterFixture) {
  BOOST_TEST(CompaniesOrdered("employees") == (Names{"Initech", "Acme", "beta", "Globex"}));
  BOOST_TEST(CompaniesOrdered("employees[AscNullsFirst]") == (Names{"Initech", "Acme", "beta", "Globex"}));
  BOOST_TEST(CompaniesOrdered("employees[AscNullsLast]") == (Names{"Acme", "beta", "Globex", "Initech"}));
  BOOST_TEST(CompaniesOrdered("employees[DescNullsFirst]") == (Names{"Initech", "Globex", "beta", "Acme"}));
  BOOST_TEST(CompaniesOrdered("employees[DescNullsLast]") == (Names{"Globex", "beta", "Acme", "Initech"}));
  // Text sorts ignoring case, as Twenty's LOWER() ordering does.
  BOOST_TEST(CompaniesOrdered("name") == (Names{"Acme", "beta", "Globex", "Initech"}));
  BOOST_TEST(CompaniesOrdered("name[DescNullsLast]") == (Names{"Initech", "Globex", "beta", "Acme"}));
  // Several keys: equal cities (ignoring case) are ordered by name, descending.
  BOOST_TEST(CompaniesOrdered("address.addressCity,name[DescNullsLast]") ==
             (Names{"Initech", "Globex", "beta", "Acme"}));
  BOOST_TEST(CompaniesOrdered("idealCustomerProfile[DescNullsLast],name") ==
             (Names{"Acme", "beta", "Globex", "Initech"}));
  BOOST_TEST(List("opportunities", "order_by=" + UrlEncode("closeDate[DescNullsLast]"), "/name") ==
             (Names{"Deal B", "Deal A", "Deal D", "Deal C"}));
  BOOST_TEST(List("opportunities", "order_by=" + UrlEncode("amount.amountMicros[AscNullsLast]"), "/name") ==
             (Names{"Deal D", "Deal A", "Deal B", "Deal C"}));
  BOOST_TEST(List("opportunities", "order_by=stage,name[DescNullsFirst]", "/name") ==
             (Names{"Deal C", "Deal B", "Deal D", "Deal A"}));

  // id: ascending by default, descending on request.
  Names ids = List("companies", "", "/id");
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
  Names desc = List("companies", "order_by=" + UrlEncode("id[DescNullsLast]"), "/id");
  BOOST_TEST(desc == Names(ids.rbegin(), ids.rend()));

  // filter and order_by together.
  BOOST_TEST(List("companies", "filter=" + UrlEncode("employees[is]:NOT_NULL") + "&order_by=" + UrlEncode("employees[DescNullsLast]"),
                  "/name") == (Names{"Globex", "beta", "Acme"}));
}

BOOST_FIXTURE_TEST_CASE(paging_over_a_non_id_order_has_no_duplicate_and_no_gap, FilterFixture) {
  // 30 more people: four cities (one empty) and five first names, so many
  // rows tie on both keys and only the id orders them.
  std::string body = "[";
  const char* cities[] = {"Paris", "London", "Berlin", ""};
  for (int i = 0; i < 30; ++i) {
    if (i) body += ",";
    body += R"({"name":{"firstName":"n)" + std::to_string(i % 5) + R"(","lastName":"X"},"city":")" + cities[i % 4] +
            R"("})";
  }
  body += "]";
  Create("people", "People", body);

  const std::string order = "order_by=" + UrlEncode("city[DescNullsLast],name.firstName");
  Names all = List("people", order + "&limit=200", "/id");
  BOOST_TEST_REQUIRE(all.size() == 35u);

  // Forward, 4 at a time.
  Names seen;
  std::string target = "/rest/people?" + order + "&limit=4";
  for (int pages = 0; pages < 20; ++pages) {
    HttpResponse r = http->Get(target);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    BOOST_TEST(j.Int("/totalCount") == 35);
    BOOST_TEST(j.Bool("/pageInfo/hasPreviousPage") == 0);
    for (int64_t i = 0; i < j.Size("/data/people"); ++i) seen.push_back(j.Str("/data/people/" + std::to_string(i) + "/id"));
    if (j.Bool("/pageInfo/hasNextPage") != 1) break;
    target = "/rest/people?" + order + "&limit=4&starting_after=" + UrlEncode(j.Str("/pageInfo/endCursor"));
  }
  BOOST_TEST(seen == all);

  // Backward from the last record, 4 at a time: each page is in normal order.
  HttpResponse full = http->Get("/rest/people?" + order + "&limit=200");
  std::string cursor = Json(full.body).Str("/pageInfo/endCursor");
  Names back;
  for (int pages = 0; pages < 20; ++pages) {
    HttpResponse r = http->Get("/rest/people?" + order + "&limit=4&ending_before=" + UrlEncode(cursor));
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 0);
    Names page;
    for (int64_t i = 0; i < j.Size("/data/people"); ++i) page.push_back(j.Str("/data/people/" + std::to_string(i) + "/id"));
    back.insert(back.begin(), page.begin(), page.end());
    if (j.Bool("/pageInfo/hasPreviousPage") != 1) break;
    cursor = j.Str("/pageInfo/startCursor");
  }
  back.push_back(all.back());
  BOOST_TEST(back == all);

  // A filtered walk counts and visits only the matches.
  const std::string filtered = order + "&filter=" + UrlEncode("city[neq]:Berlin");
  Names matches = List("people", filtered + "&limit=200", "/id");
  Names walked;
  target = "/rest/people?" + filtered + "&limit=7";
  for (int pages = 0; pages < 20; ++pages) {
    Json j(http->Get(target).body);
    BOOST_TEST(j.Int("/totalCount") == static_cast<int64_t>(matches.size()));
    for (int64_t i = 0; i < j.Size("/data/people"); ++i) walked.push_back(j.Str("/data/people/" + std::to_string(i) + "/id"));
    if (j.Bool("/pageInfo/hasNextPage") != 1) break;
    target = "/rest/people?" + filtered + "&limit=7&starting_after=" + UrlEncode(j.Str("/pageInfo/endCursor"));
  }
  BOOST_TEST(walked == matches);
  BOOST_TEST(matches.size() == 28u);  // 35 people, 7 of them in Berlin

  // The cursor carries the sort keys: it is refused with another order.
  std::string end = Json(full.body).Str("/pageInfo/endCursor");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=" + UrlEncode(end)), 400, "BadRequestException",
                               "Invalid cursor: " + end) == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?order_by=city&ending_before=" + UrlEncode(end)), 400,
                               "BadRequestException", "Invalid cursor: " + end) == "");
}

BOOST_FIXTURE_TEST_CASE(every_400_message, FilterFixture) {
  const std::string ops = "eq, neq, in, containsAny, containsExactly, is, gt, gte, lt, lte, startsWith, endsWith, like, ilike";
  const std::string stages = "['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER']";
  const std::string direction_hint = "(AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast)";
  struct Case {
    std::string plural;
    std::string param;  // "filter" or "order_by"
    std::string value;
    std::string message;
  } cases[] = {
      {"people", "filter", "and(city[eq]:Paris", "'filter' invalid. 1 close bracket is missing in the query"},
      {"people", "filter", "and(or(city[eq]:Paris", "'filter' invalid. 2 close brackets are missing in the query"},
      {"people", "filter", "city[eq]:Paris)", "'filter' invalid. 1 open bracket is missing in the query"},
      {"people", "filter", "city[eq]:Paris))", "'filter' invalid. 2 open brackets are missing in the query"},
      {"people", "filter", "not(city[eq]:a,city[eq]:b)",
       "'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)"},
      {"people", "filter", "city:Paris", "'filter' invalid for 'city:Paris'. eg: price[gte]:10"},
      {"people", "filter", "city[eq]:", "'filter' invalid for 'city[eq]:'. eg: price[gte]:10"},
      {"people", "filter", "", "'filter' invalid for 'and()'. eg: price[gte]:10"},
      {"people", "filter", "city[contains]:x", "'filter' invalid for 'city[contains]:x', comparator contains not in " + ops},
      {"opportunities", "filter", "stage[in]:NEW",
       "'filter' invalid for 'in' operator. Received 'NEW' but array value expected eg: 'field[in]:[value_1,value_2]'"},
      {"people", "filter", "foo[eq]:1", "Object person doesn't have any \"foo\" field."},
      {"people", "filter", "company[eq]:x", "Cannot filter by relation field \"company\": use \"companyId\" instead"},
      {"people", "filter", "name[eq]:Ada", "Sub field \"eq\" not found for composite type: FULL_NAME"},
      {"people", "filter", "name.nickname[eq]:Ada", "Sub field \"nickname\" not found for composite type: FULL_NAME"},
      {"opportunities", "filter", "stage[eq]:FOO",
       "'filter' enum value 'FOO' not available in 'stage' enum. Available enum values are " + stages},
      {"opportunities", "filter", "stage[in]:[NEW,LOST]",
       "'filter' enum value 'LOST' not available in 'stage' enum. Available enum values are " + stages},
      {"companies", "filter", "employees[gt]:many", "Invalid number value NaN for field \"employees\""},
      {"companies", "filter", "idealCustomerProfile[eq]:maybe",
       "Invalid boolean value 'maybe' for field \"idealCustomerProfile\""},
      {"companies", "filter", "idealCustomerProfile[gt]:true",
       "Operator \"gt\" is not valid for field \"idealCustomerProfile\" of type BOOLEAN - Allowed operators: eq, is"},
      {"people", "filter", "id[eq]:42", "Invalid UUID value '42' for field \"id\""},
      {"people", "filter", "companyId[in]:[x]", "Invalid UUID value 'x' for field \"companyId\""},
      {"opportunities", "filter", "closeDate[gt]:someday",
       "Invalid value 'someday' for date-time field \"closeDate\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'"},
      {"people", "filter", "city[is]:EMPTY", "Invalid filter value for \"is\" operator. Expected \"NULL\" or \"NOT_NULL\""},
      {"people", "order_by", "city[Up]",
       "'order_by' direction 'Up' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', "
       "'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3"},
      {"people", "order_by", "foo", "Field \"foo\" does not exist or is not sortable"},
      {"people", "order_by", "name",
       "Composite field \"name\" requires subfield ordering (e.g., { name: { subFieldName: 'AscNullsFirst' } })"},
      {"people", "order_by", "name.nickname", "Sub field \"nickname\" not found for composite field \"name\""},
      {"people", "order_by", "city.x", "Scalar field \"city\" requires a direction value " + direction_hint},
  };
  for (const Case& c : cases) {
    HttpResponse r = http->Get("/rest/" + c.plural + "?" + c.param + "=" + UrlEncode(c.value));
    BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", c.message) == "", c.param << "=" << c.value);
  }
  // Cursors.
  std::string id_cursor = Json(http->Get("/rest/people?limit=1").body).Str("/pageInfo/endCursor");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=junk"), 400, "BadRequestException",
                               "Invalid cursor: junk") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?order_by=city&starting_after=" + UrlEncode(id_cursor)), 400,
                               "BadRequestException", "Invalid cursor: " + id_cursor) == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=" + UrlEncode(id_cursor) +
                                         "&ending_before=" + UrlEncode(id_cursor)),
                               400, "BadRequestException", "Cannot provide both before and after") == "");
  // An id-only cursor stays valid for the default order.
  BOOST_TEST(http->Get("/rest/people?starting_after=" + UrlEncode(id_cursor)).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// Core /graphql reads in process: schema names, find many / find one,
// filter, orderBy, pagination, relations.
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/server/graphql/core_test_util.h"

namespace vingt::server::graphql {
namespace {

using testing::Contains;
using testing::CoreFixture;

struct PeopleFixture : CoreFixture {
  std::string acme, globex, ada, bob, cleo;
  PeopleFixture() {
    acme = Create("companies", R"({"name":"Acme","employees":10})");
    globex = Create("companies", R"({"name":"Globex","employees":500})");
    ada = Create("people", R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London","emails":{"primaryEmail":"ada@acme.com"},"companyId":")" + acme + R"("})");
    bob = Create("people", R"({"name":{"firstName":"Bob","lastName":"Martin"},"city":"Paris","companyId":")" + acme + R"("})");
    cleo = Create("people", R"({"name":{"firstName":"Cleo","lastName":"Adams"},"city":"paris","companyId":")" + globex + R"("})");
  }
};

BOOST_AUTO_TEST_CASE(SchemaHasTwentyNames) {
  CoreFixture f;
  std::vector<std::string> errors;
  auto schema = BuildCoreSchema(f.ws, &errors);
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e);
  BOOST_TEST_REQUIRE(schema != nullptr);
  for (const char* name : {"Person", "PersonConnection", "PersonEdge", "PersonFilterInput", "PersonOrderByInput",
                           "PersonCreateInput", "PersonUpdateInput", "FullName", "FullNameFilterInput",
                           "EmailsCreateInput", "CurrencyOrderByInput", "OpportunityStageEnum",
                           "OpportunityStageEnumFilter", "StringFilter", "UUIDFilter", "FilterIs", "OrderByDirection",
                           "PageInfo", "Company", "NoteTarget"})
    BOOST_TEST(schema->FindType(name) != nullptr, name);
  const auto* query = schema->query_type();
  for (const char* field : {"people", "person", "companies", "company", "opportunities", "noteTargets"})
    BOOST_TEST(query->FindField(field) != nullptr, field);
  const auto* person = schema->FindType("Person");
  BOOST_TEST(person->FindField("company")->type.ToString() == "Company");
  BOOST_TEST(person->FindField("companyId")->type.ToString() == "ID");
  BOOST_TEST(person->FindField("id")->type.ToString() == "ID!");
  BOOST_TEST(schema->FindType("Company")->FindField("people")->type.ToString() == "PersonConnection");
  // Cached per metadata version.
  BOOST_TEST(CoreSchemaFor(f.ws).get() == CoreSchemaFor(f.ws).get());
}

BOOST_FIXTURE_TEST_CASE(FindManyConnectionShape, PeopleFixture) {
  std::string out = Run(R"({ people(orderBy: [{name: {firstName: AscNullsFirst}}]) {
      totalCount
      edges { cursor node { id name { firstName lastName } city emails { primaryEmail } companyId company { name } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } })");
  BOOST_TEST_MESSAGE(out);
  auto doc = Json(out);
  auto conn = doc["data"]["people"];
  BOOST_TEST(int64_t(conn["totalCount"]) == 3);
  auto edges = simdjson::dom::array(conn["edges"]);
  BOOST_TEST(edges.size() == 3u);
  BOOST_TEST(std::string_view(edges.at(0)["node"]["name"]["firstName"]) == "Ada");
  BOOST_TEST(std::string_view(edges.at(0)["node"]["company"]["name"]) == "Acme");
  BOOST_TEST(std::string_view(edges.at(0)["node"]["companyId"]) == acme);
  BOOST_TEST(std::string_view(edges.at(0)["node"]["emails"]["primaryEmail"]) == "ada@acme.com");
  BOOST_TEST(std::string_view(edges.at(2)["node"]["company"]["name"]) == "Globex");
  BOOST_TEST(bool(conn["pageInfo"]["hasNextPage"]) == false);
  BOOST_TEST(std::string_view(conn["pageInfo"]["startCursor"]) == std::string_view(edges.at(0)["cursor"]));
}

BOOST_FIXTURE_TEST_CASE(FilterAndOrder, PeopleFixture) {
  // ilike is case-insensitive; the filter object's keys are ANDed.
  std::string out = Run(R"(query($f: PersonFilterInput) { people(filter: $f) { totalCount edges { node { id } } } })",
                        R"({"f":{"city":{"ilike":"paris"},"name":{"firstName":{"eq":"Bob"}}}})");
  BOOST_TEST(Contains(out, R"("totalCount":1)"), out);
  BOOST_TEST(Contains(out, bob), out);
  out = Run(R"({ people(filter: {or: [{city: {eq: "London"}}, {name: {lastName: {eq: "Adams"}}}]},
                        orderBy: [{city: DescNullsLast}]) { edges { node { city } } } })");
  BOOST_TEST(out == R"({"data":{"people":{"edges":[{"node":{"city":"paris"}},{"node":{"city":"London"}}]}}})");
  out = Run(R"({ people(filter: {not: {city: {eq: "London"}}}) { totalCount } })");
  BOOST_TEST(out == R"({"data":{"people":{"totalCount":2}}})");
  out = Run(R"({ people(filter: {companyId: {eq: ")" + globex + R"("}}) { edges { node { id } } } })");
  BOOST_TEST(Contains(out, cleo), out);
  BOOST_TEST(!Contains(out, ada), out);
  // REST's messages.
  out = Run(R"({ people(filter: {companyId: {eq: "nope"}}) { totalCount } })");
  BOOST_TEST(Contains(out, R"(Invalid UUID value 'nope' for field \"companyId\")"), out);
  BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
  BOOST_TEST(Contains(out, R"("data":{"people":null})"), out);
}

BOOST_FIXTURE_TEST_CASE(Pagination, PeopleFixture) {
  const std::string q = R"(query($first: Int, $last: Int, $after: String, $before: String) {
      people(orderBy: [{name: {firstName: AscNullsFirst}}], first: $first, last: $last, after: $after, before: $before) {
      edges { cursor node { name { firstName } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } })";
  auto page1 = Json(Run(q, R"({"first":2})"));
  auto edges = simdjson::dom::array(page1["data"]["people"]["edges"]);
  BOOST_TEST(edges.size() == 2u);
  BOOST_TEST(bool(page1["data"]["people"]["pageInfo"]["hasNextPage"]));
  const std::string end{std::string_view(page1["data"]["people"]["pageInfo"]["endCursor"])};
  std::string out = Run(q, R"({"first":2,"after":")" + end + R"("})");
  BOOST_TEST(Contains(out, R"("firstName":"Cleo")"), out);
  BOOST_TEST(Contains(out, R"("hasNextPage":false)"), out);
  out = Run(q, R"({"last":2})");
  BOOST_TEST(Contains(out, R"({"name":{"firstName":"Bob"}}},{"cursor")"), out);
  BOOST_TEST(Contains(out, R"("hasPreviousPage":true)"), out);
  BOOST_TEST(!Contains(out, "Ada"), out);
  // before: the records just before the cursor, in order.
  auto all = Json(Run(q, "{}"));
  const std::string last_cursor{std::string_view(simdjson::dom::array(all["data"]["people"]["edges"]).at(2)["cursor"])};
  out = Run(q, R"({"last":1,"before":")" + last_cursor + R"("})");
  BOOST_TEST((Contains(out, "Bob") && !Contains(out, "Ada") && !Contains(out, "Cleo")), out);
  // Twenty's checks.
  BOOST_TEST(Contains(Run(q, R"({"first":1,"last":1})"), "Cannot provide both first and last"));
  BOOST_TEST(Contains(Run(q, R"({"after":"x","before":"y"})"), "Cannot provide both before and after"));
  BOOST_TEST(Contains(Run(q, R"({"first":-1})"), "First argument must be non-negative"));
  BOOST_TEST(Contains(Run(q, R"({"after":"junk"})"), "Invalid cursor: junk"));
}

BOOST_FIXTURE_TEST_CASE(FindOne, PeopleFixture) {
  std::string out = Run(R"({ person(filter: {id: {eq: ")" + ada + R"("}}) { id city } })");
  BOOST_TEST(out == R"({"data":{"person":{"id":")" + ada + R"(","city":"London"}}})");
  out = Run(R"({ person(filter: {id: {eq: "00000000-0000-4000-8000-000000000000"}}) { id } })");
  BOOST_TEST(Contains(out, R"("message":"Record not found")"), out);
  BOOST_TEST(Contains(out, R"("code":"NOT_FOUND")"), out);
  BOOST_TEST(Contains(out, R"("data":{"person":null})"), out);
}

BOOST_FIXTURE_TEST_CASE(OneToManyNested, PeopleFixture) {
  std::string out = Run(R"({ companies(orderBy: [{name: AscNullsFirst}]) { edges { node { name
      people(orderBy: [{name: {firstName: DescNullsLast}}]) { totalCount edges { node { name { firstName } company { name } } } }
      first: people(first: 1, filter: {city: {eq: "London"}}) { totalCount edges { node { city } } pageInfo { hasNextPage } }
  } } } })");
  BOOST_TEST_MESSAGE(out);
  auto doc = Json(out);
  auto acme_node = simdjson::dom::array(doc["data"]["companies"]["edges"]).at(0)["node"];
  BOOST_TEST(std::string_view(acme_node["name"]) == "Acme");
  BOOST_TEST(int64_t(acme_node["people"]["totalCount"]) == 2);
  auto people = simdjson::dom::array(acme_node["people"]["edges"]);
  BOOST_TEST(std::string_view(people.at(0)["node"]["name"]["firstName"]) == "Bob");
  BOOST_TEST(std::string_view(people.at(1)["node"]["company"]["name"]) == "Acme");
  BOOST_TEST(int64_t(acme_node["first"]["totalCount"]) == 1);
}

// A nested one-to-many pages exactly as the root list does with the join
// column added to its filter (one paging path), capped at 60 records:
// random first / last / offset / cursors / orders over 70 dependants.
BOOST_FIXTURE_TEST_CASE(OneToManyPagesAsTheRootListWithItsJoinColumn, PeopleFixture) {
  const char* cities[] = {"Paris", "London", "Rome"};
  for (int i = 0; i < 70; ++i)
    Create("people", R"({"name":{"firstName":"P)" + std::to_string(i % 13) + R"("},"city":")" + cities[i % 3] +
                         R"(","companyId":")" + acme + R"("})");
  const std::string page = "totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage }";
  auto nested = [&](const std::string& args) {
    std::string out = Run(R"({ company(filter: {id: {eq: ")" + acme + R"("}}) { people)" + args + " { " + page + " } } }");
    BOOST_REQUIRE_MESSAGE(!Contains(out, "errors"), out);
    std::string body = out.substr(out.find("\"people\":") + 9);
    return body.substr(0, body.size() - 3);  // drop "}}}"
  };
  auto root = [&](const std::string& filter, const std::string& rest) {
    std::string out = Run("{ people(filter: {companyId: {eq: \"" + acme + "\"}" + filter + "}" + rest + ") { " + page + " } }");
    BOOST_REQUIRE_MESSAGE(!Contains(out, "errors"), out);
    std::string body = out.substr(out.find("\"people\":") + 9);
    return body.substr(0, body.size() - 2);  // drop "}}"
  };
  // Without arguments: the first 60, and there are more.
  const std::string all = nested("");
  BOOST_TEST(all == root("", ", first: 60"));
  BOOST_TEST(Contains(all, R"("totalCount":72)"), all);
  BOOST_TEST(Contains(all, R"("hasNextPage":true)"), all);

  std::mt19937 rng(7);
  const char* orders[] = {"", ", orderBy: [{city: AscNullsFirst}, {name: {firstName: DescNullsLast}}]",
                          ", orderBy: [{name: {firstName: AscNullsLast}}]"};
  const char* filters[] = {"", ", city: {eq: \"Paris\"}", ", city: {neq: \"Rome\"}"};
  for (int round = 0; round < 40; ++round) {
    const std::string order = orders[rng() % 3];
    const std::string filter = filters[rng() % 3];
    // A cursor from the root list over the same set and order.
    std::string first_page = root(filter, order + ", first: 30");
    std::vector<std::string> cursors;
    for (size_t at = first_page.find("\"cursor\":\""); at != std::string::npos;
         at = first_page.find("\"cursor\":\"", at + 1))
      cursors.push_back(first_page.substr(at + 10, first_page.find('"', at + 10) - at - 10));
    std::string paging;
    switch (rng() % 4) {
      case 0: paging = ", first: " + std::to_string(rng() % 61); break;
      case 1: paging = ", last: " + std::to_string(rng() % 61); break;
      case 2: if (!cursors.empty()) paging = ", after: \"" + cursors[rng() % cursors.size()] + "\", first: 9"; break;
      default: if (!cursors.empty()) paging = ", before: \"" + cursors[rng() % cursors.size()] + "\", last: 9"; break;
    }
    if (rng() % 3 == 0) paging += ", offset: " + std::to_string(rng() % 10);
    const std::string args = "(" + (filter.empty() ? std::string() : "filter: {" + filter.substr(2) + "}") + order +
                             paging + ")";
    const std::string cleaned = args == "()" ? "" : (args[1] == ',' ? "(" + args.substr(3) : args);
    std::string capped = paging;
    if (paging.find("first") == std::string::npos && paging.find("last") == std::string::npos) capped += ", first: 60";
    BOOST_TEST(nested(cleaned) == root(filter, order + capped), cleaned);
  }
}

BOOST_FIXTURE_TEST_CASE(OneToManyInOneToManyRefused, PeopleFixture) {
  // companies -> people (one-to-many) -> company (many-to-one) -> people (one-to-many again).
  // Ordered by name: without orderBy the order is by id, which is random, and
  // Globex (whose only person is not Acme's) would come first half the time.
  std::string out = Run(R"({ companies(first: 1, orderBy: [{name: AscNullsFirst}]) { edges { node { people { edges { node { id
      company { name people { totalCount } } } } } } } } })");
  // Refused before the root field runs, as Twenty's query runner does: one
  // error, no records (not one error per nested record).
  const std::string message = "One-to-Many relation cannot be nested in another One-to-Many relation.";
  BOOST_TEST(Contains(out, message), out);
  BOOST_TEST(out.find(message) == out.rfind(message), out);
  BOOST_TEST(Contains(out, "TOO_COMPLEX_QUERY"), out);
  BOOST_TEST(!Contains(out, "Acme"), out);
  BOOST_TEST(Contains(out, R"("path":["companies"])"), out);
  // The same through a one-record root and a mutation, which writes nothing.
  out = Run(R"({ company(filter: {name: {eq: "Acme"}}) { people { edges { node { company { people { totalCount } } } } } } })");
  BOOST_TEST(Contains(out, message), out);
  BOOST_TEST(!Contains(out, "Acme"), out);
  out = Run(R"(mutation { createCompany(data: {name: "Refused"}) { people { edges { node { company { people { totalCount } } } } } } })");
  BOOST_TEST(Contains(out, message), out);
  out = Run(R"({ companies(filter: {name: {eq: "Refused"}}) { totalCount } })");
  BOOST_TEST(Contains(out, R"("totalCount":0)"), out);
  // A one-to-many under a many-to-one at the first level is fine.
  out = Run(R"({ people(first: 1) { edges { node { company { people { totalCount } } } } } })");
  BOOST_TEST(!Contains(out, "errors"), out);
}

BOOST_FIXTURE_TEST_CASE(ErrorInOneRootFieldKeepsOthers, PeopleFixture) {
  std::string out = Run(R"({ a: people(first: 1, last: 1) { totalCount } b: people { totalCount } })");
  BOOST_TEST(Contains(out, R"("data":{"a":null,"b":{"totalCount":3}})"), out);
}

BOOST_FIXTURE_TEST_CASE(ConnectionAggregates, PeopleFixture) {
  std::string out = Run(R"({ companies(first: 1) { totalCount sumEmployees avgEmployees maxEmployees minEmployees
      countNotEmptyName countEmptyName percentageNotEmptyName maxCreatedAt edges { node { name } } } })");
  BOOST_TEST_MESSAGE(out);
  auto doc = Json(out);
  auto conn = doc["data"]["companies"];
  BOOST_TEST(int64_t(conn["totalCount"]) == 2);
  BOOST_TEST(double(conn["sumEmployees"]) == 510.0);
  BOOST_TEST(double(conn["avgEmployees"]) == 255.0);
  BOOST_TEST(double(conn["maxEmployees"]) == 500.0);
  BOOST_TEST(double(conn["minEmployees"]) == 10.0);
  BOOST_TEST(int64_t(conn["countNotEmptyName"]) == 2);
  BOOST_TEST(int64_t(conn["countEmptyName"]) == 0);
  BOOST_TEST(double(conn["percentageNotEmptyName"]) == 1.0);
  BOOST_TEST(std::string_view(conn["maxCreatedAt"]) == "2024-05-01T10:00:00.000Z");
  out = Run(R"({ companies(filter: {employees: {gt: 100}}) { totalCount sumEmployees } })");
  BOOST_TEST(out == R"({"data":{"companies":{"totalCount":1,"sumEmployees":500}}})");
  out = Run(R"({ people(filter: {city: {eq: "nowhere"}}) { totalCount countEmptyCity } })");
  BOOST_TEST(out == R"({"data":{"people":{"totalCount":0,"countEmptyCity":null}}})");
}

BOOST_FIXTURE_TEST_CASE(NestedConnectionAggregates, PeopleFixture) {
  Create("people", R"({"name":{"firstName":"Dan","lastName":"Null"},"companyId":")" + acme + R"("})");
  // Over each company's own people (the nested filter applied), not the page
  // and not the whole table.
  std::string out = Run(R"({ companies(orderBy: [{name: AscNullsFirst}]) { edges { node { name
      people(first: 1) { totalCount countNotEmptyCity countEmptyCity percentageEmptyCity countUniqueValuesCity
                         maxCreatedAt edges { node { id } } }
      paris: people(filter: {city: {ilike: "paris"}}) { totalCount countNotEmptyCity }
      none: people(filter: {city: {eq: "Rome"}}) { totalCount countEmptyCity percentageEmptyCity }
  } } } })");
  BOOST_TEST_MESSAGE(out);
  auto doc = Json(out);
  BOOST_TEST(!Contains(out, "errors"), out);
  auto companies = simdjson::dom::array(doc["data"]["companies"]["edges"]);
  auto acme_node = companies.at(0)["node"];
  auto globex_node = companies.at(1)["node"];
  BOOST_TEST(std::string_view(acme_node["name"]) == "Acme");
  BOOST_TEST(int64_t(acme_node["people"]["totalCount"]) == 3);
  BOOST_TEST(simdjson::dom::array(acme_node["people"]["edges"]).size() == 1u);
  BOOST_TEST(int64_t(acme_node["people"]["countNotEmptyCity"]) == 2);
  BOOST_TEST(int64_t(acme_node["people"]["countEmptyCity"]) == 1);
  BOOST_TEST(double(acme_node["people"]["percentageEmptyCity"]) == 1.0 / 3.0);
  BOOST_TEST(int64_t(acme_node["people"]["countUniqueValuesCity"]) == 2);
  BOOST_TEST(std::string_view(acme_node["people"]["maxCreatedAt"]) == "2024-05-01T10:00:00.000Z");
  BOOST_TEST(int64_t(acme_node["paris"]["totalCount"]) == 1);
  BOOST_TEST(int64_t(acme_node["paris"]["countNotEmptyCity"]) == 1);
  // Over an empty set: counts and percentages are null (Twenty's CASE WHEN COUNT(*) = 0).
  BOOST_TEST(int64_t(acme_node["none"]["totalCount"]) == 0);
  BOOST_TEST(acme_node["none"]["countEmptyCity"].is_null());
  BOOST_TEST(acme_node["none"]["percentageEmptyCity"].is_null());
  BOOST_TEST(int64_t(globex_node["people"]["totalCount"]) == 1);
  BOOST_TEST(int64_t(globex_node["people"]["countNotEmptyCity"]) == 1);
  BOOST_TEST(int64_t(globex_node["paris"]["countNotEmptyCity"]) == 1);
}

BOOST_FIXTURE_TEST_CASE(NestedNumberAggregates, PeopleFixture) {
  // Company -> opportunities carries a CURRENCY and a DATE_TIME; companies
  // reached from people (many-to-one) have their own nested sums too.
  Create("opportunities", R"({"name":"big","amount":{"amountMicros":3000000,"currencyCode":"EUR"},"companyId":")" + acme + R"("})");
  Create("opportunities", R"({"name":"small","amount":{"amountMicros":1000000,"currencyCode":"EUR"},"companyId":")" + acme + R"("})");
  Create("opportunities", R"({"name":"other","amount":{"amountMicros":7000000,"currencyCode":"EUR"},"companyId":")" + globex + R"("})");
  std::string out = Run(R"({ companies(orderBy: [{name: AscNullsFirst}]) { edges { node {
      opportunities { totalCount sumAmountAmountMicros avgAmountAmountMicros minAmountAmountMicros maxAmountAmountMicros }
  } } } })");
  BOOST_TEST(out == R"({"data":{"companies":{"edges":[)"
                    R"({"node":{"opportunities":{"totalCount":2,"sumAmountAmountMicros":4000000,"avgAmountAmountMicros":2000000,"minAmountAmountMicros":1000000,"maxAmountAmountMicros":3000000}}},)"
                    R"({"node":{"opportunities":{"totalCount":1,"sumAmountAmountMicros":7000000,"avgAmountAmountMicros":7000000,"minAmountAmountMicros":7000000,"maxAmountAmountMicros":7000000}}}]}}})",
             out);
}

BOOST_FIXTURE_TEST_CASE(OffsetSkipsInTheReadingDirection, PeopleFixture) {
  Create("people", R"({"name":{"firstName":"Dan","lastName":"Null"},"companyId":")" + acme + R"("})");
  const std::string q = R"(query($first: Int, $last: Int, $offset: Int, $after: String, $before: String) {
      people(orderBy: [{name: {firstName: AscNullsFirst}}], first: $first, last: $last, offset: $offset,
             after: $after, before: $before) {
      totalCount edges { cursor node { name { firstName } } } pageInfo { hasNextPage hasPreviousPage } } })";
  auto names = [&](const std::string& vars) {
    auto doc = Json(Run(q, vars));
    std::string out;
    simdjson::dom::array edges;
    if (doc["data"]["people"]["edges"].get(edges) != simdjson::SUCCESS) return std::string("error");
    for (auto e : edges) out += std::string(std::string_view(e["node"]["name"]["firstName"])) + " ";
    out += bool(doc["data"]["people"]["pageInfo"]["hasNextPage"]) ? "next" : "-";
    out += bool(doc["data"]["people"]["pageInfo"]["hasPreviousPage"]) ? " prev" : " -";
    return out;
  };
  // Ada Bob Cleo Dan.
  BOOST_TEST(names(R"({"offset":1})") == "Bob Cleo Dan - -");
  BOOST_TEST(names(R"({"first":2,"offset":1})") == "Bob Cleo next -");
  BOOST_TEST(names(R"({"first":2,"offset":2})") == "Cleo Dan - -");
  BOOST_TEST(names(R"({"first":2,"offset":9})") == "- -");
  BOOST_TEST(names(R"({"offset":0})") == "Ada Bob Cleo Dan - -");
  // After a cursor: skip from the cursor on (Twenty's OFFSET after its
  // cursor condition). The page flags are the engine's, as without offset.
  auto all = Json(Run(q, "{}"));
  auto edges = simdjson::dom::array(all["data"]["people"]["edges"]);
  const std::string ada_cursor{std::string_view(edges.at(0)["cursor"])};
  const std::string dan_cursor{std::string_view(edges.at(3)["cursor"])};
  BOOST_TEST(names(R"({"first":1,"offset":1,"after":")" + ada_cursor + R"("})") == "Cleo next -");
  // Backward: the records nearest the end (or the cursor) are the ones skipped.
  BOOST_TEST(names(R"({"last":1,"offset":1})") == "Cleo - prev");
  BOOST_TEST(names(R"({"last":2,"offset":1,"before":")" + dan_cursor + R"("})") == "Ada Bob - -");
  // totalCount is the whole filtered set, whatever the offset.
  BOOST_TEST(Contains(Run(q, R"({"offset":3})"), R"("totalCount":4)"));
  std::string out = Run(q, R"({"offset":-1})");
  BOOST_TEST(Contains(out, R"("message":"OFFSET must not be negative")"), out);
  BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
  // Nested connections take offset too.
  out = Run(R"({ companies(orderBy: [{name: AscNullsFirst}], first: 1) { edges { node {
      people(orderBy: [{name: {firstName: AscNullsFirst}}], offset: 1, first: 1) { totalCount edges { node { name { firstName } } } pageInfo { hasNextPage } }
  } } } })");
  BOOST_TEST(Contains(out, R"("people":{"totalCount":3,"edges":[{"node":{"name":{"firstName":"Bob"}}}],"pageInfo":{"hasNextPage":true}})"), out);
}

}  // namespace
}  // namespace vingt::server::graphql

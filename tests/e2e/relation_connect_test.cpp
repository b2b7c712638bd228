// End-to-end tests of relation connect / disconnect in record writes
// (spec/graphql-core.md §7, spec/rest-core.md §4.3): the same bodies through
// REST and GraphQL, by id and by a unique field, and Twenty's refusals.
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct ConnectFixture : ServerFixture {
  std::string acme, globex;

  ConnectFixture() {
    acme = Create("companies", "Company", R"({"name":"Acme","domainName":{"primaryLinkUrl":"https://acme.com"}})");
    globex = Create("companies", "Company", R"({"name":"Globex","domainName":{"primaryLinkUrl":"https://globex.com"}})");
  }

  static std::string ConnectId(const std::string& id) {
    return R"({"company":{"connect":{"where":{"id":")" + id + R"("}}}})";
  }

  std::string CompanyIdOf(const std::string& person) {
    HttpResponse r = http->Get("/rest/people/" + person);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    return j.IsNull("/data/person/companyId") ? "null" : j.Str("/data/person/companyId");
  }

  int64_t People() { return Json(http->Get("/rest/people?limit=0").body).Int("/totalCount", -1); }

  // A REST write answered 400 with `message`.
  void ExpectRefused(const HttpResponse& r, const std::string& message) {
    BOOST_TEST(r.status == 400, r.body);
    BOOST_TEST(Json(r.body).Str("/error") == "BadRequestException", r.body);
    BOOST_TEST(Json(r.body).Str("/messages/0") == message, r.body);
  }

  Json Gql(const std::string& query, const std::string& variables = "") {
    std::string body = "{\"query\":" + JsonQuote(query);
    if (!variables.empty()) body += ",\"variables\":" + variables;
    HttpResponse r = http->Post("/graphql", body + "}");
    BOOST_TEST_REQUIRE(r.status == 200, r.status << " " << r.body);
    return Json(r.body);
  }
  Json GqlCreate(const std::string& data) {
    return Gql("mutation($data: PersonCreateInput!) { createPerson(data: $data) { id companyId } }",
               R"({"data":)" + data + "}");
  }
  Json GqlUpdate(const std::string& id, const std::string& data) {
    return Gql("mutation($id: UUID!, $data: PersonUpdateInput!) { updatePerson(id: $id, data: $data) { id companyId } }",
               R"({"id":")" + id + R"(","data":)" + data + "}");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(relation_connect, ConnectFixture)

BOOST_AUTO_TEST_CASE(rest_connect_by_id_on_create_and_update) {
  HttpResponse created = http->Post("/rest/people", ConnectId(acme));
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string id = Json(created.body).Str("/data/createPerson/id");
  BOOST_TEST(Json(created.body).Str("/data/createPerson/companyId") == acme);

  HttpResponse updated = http->Patch("/rest/people/" + id, ConnectId(globex));
  BOOST_TEST_REQUIRE(updated.status == 200, updated.body);
  BOOST_TEST(Json(updated.body).Str("/data/updatePerson/companyId") == globex);
  BOOST_TEST(CompanyIdOf(id) == globex);
}

BOOST_AUTO_TEST_CASE(rest_connect_by_unique_domain_name_normalised) {
  // The where value is normalised as a write would be: origin lower-cased,
  // the trailing '/' dropped.
  HttpResponse r = http->Post(
      "/rest/people", R"({"company":{"connect":{"where":{"domainName":{"primaryLinkUrl":"HTTPS://Globex.COM/"}}}}})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST(Json(r.body).Str("/data/createPerson/companyId") == globex);

  // id and a unique field together must name the same record.
  HttpResponse both = http->Post("/rest/people", R"({"company":{"connect":{"where":{"id":")" + acme +
                                                     R"(","domainName":{"primaryLinkUrl":"https://acme.com"}}}}})");
  BOOST_TEST_REQUIRE(both.status == 201, both.body);
  BOOST_TEST(Json(both.body).Str("/data/createPerson/companyId") == acme);
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{"id":")" + acme +
                                               R"(","domainName":{"primaryLinkUrl":"https://globex.com"}}}}})"),
                "Expected 1 record to connect to company, but found 0 for id = " + acme +
                    " and domainNamePrimaryLinkUrl = https://globex.com");
}

BOOST_AUTO_TEST_CASE(rest_disconnect_and_null) {
  const std::string id = Create("people", "Person", R"({"companyId":")" + acme + R"("})");
  HttpResponse kept = http->Patch("/rest/people/" + id, R"({"company":{"disconnect":false},"city":"Oslo"})");
  BOOST_TEST_REQUIRE(kept.status == 200, kept.body);
  BOOST_TEST(CompanyIdOf(id) == acme);

  HttpResponse r = http->Patch("/rest/people/" + id, R"({"company":{"disconnect":true}})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).IsNull("/data/updatePerson/companyId"), r.body);

  BOOST_TEST(http->Patch("/rest/people/" + id, ConnectId(acme)).status == 200);
  BOOST_TEST(CompanyIdOf(id) == acme);
  r = http->Patch("/rest/people/" + id, R"({"company":null})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(CompanyIdOf(id) == "null");

  // A disconnect wins over the join column given beside it, in any order.
  r = http->Patch("/rest/people/" + id, R"({"companyId":")" + globex + R"(","company":{"disconnect":true}})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(CompanyIdOf(id) == "null");
}

BOOST_AUTO_TEST_CASE(rest_connect_to_nothing_is_refused_and_writes_nothing) {
  const std::string missing = "20202020-0000-4000-8000-000000000001";
  ExpectRefused(http->Post("/rest/people", ConnectId(missing)),
                "Expected 1 record to connect to company, but found 0 for id = " + missing);
  ExpectRefused(
      http->Post("/rest/people", R"({"company":{"connect":{"where":{"domainName":{"primaryLinkUrl":"https://nowhere.com"}}}}})"),
      "Expected 1 record to connect to company, but found 0 for domainNamePrimaryLinkUrl = https://nowhere.com");
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{"id":"not-a-uuid"}}}})"),
                "Expected 1 record to connect to company, but found 0 for id = not-a-uuid");
  BOOST_TEST(People() == 0);

  // A company in the trash cannot be connected.
  BOOST_TEST(http->Delete("/rest/companies/" + globex + "?soft_delete=true").status == 200);
  ExpectRefused(http->Post("/rest/people", ConnectId(globex)),
                "Expected 1 record to connect to company, but found 0 for id = " + globex);

  const std::string id = Create("people", "Person", R"({"companyId":")" + acme + R"("})");
  ExpectRefused(http->Patch("/rest/people/" + id, ConnectId(missing)),
                "Expected 1 record to connect to company, but found 0 for id = " + missing);
  BOOST_TEST(CompanyIdOf(id) == acme);
}

BOOST_AUTO_TEST_CASE(rest_values_that_are_no_operation) {
  for (const char* body : {R"({"company":"x"})", R"({"company":{}})", R"({"company":{"id":"x"}})",
                           R"({"company":{"connect":null}})", R"({"company":42})"})
    ExpectRefused(http->Post("/rest/people", body), R"(Relation "company" requires connect or disconnect operation)");
  BOOST_TEST(People() == 0);
}

BOOST_AUTO_TEST_CASE(rest_forbidden_and_ambiguous_connects) {
  ExpectRefused(http->Post("/rest/people", R"({"companyId":")" + globex + R"(","company":{"connect":{"where":{"id":")" +
                                               acme + R"("}}}})"),
                "company and companyId cannot be both provided.");
  // A null join column does not count as given.
  HttpResponse ok = http->Post("/rest/people", R"({"companyId":null,"company":{"connect":{"where":{"id":")" + acme +
                                                   R"("}}}})");
  BOOST_TEST_REQUIRE(ok.status == 201, ok.body);
  BOOST_TEST(Json(ok.body).Str("/data/createPerson/companyId") == acme);

  ExpectRefused(http->Post("/rest/people", R"({"company":{"disconnect":true,"connect":{"where":{"id":")" + acme +
                                               R"("}}}})"),
                "Cannot have both connect and disconnect for the same field on undefined.");
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{"name":"Acme"}}}})"),
                "Missing required fields: at least one unique constraint have to be fully populated for 'company'.");
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{"id":")" + acme + R"(","name":"Acme"}}}})"),
                "Field name is not a unique constraint field for 'company'.");
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{}}}})"),
                "Missing required fields: at least one unique constraint have to be fully populated for 'company'.");
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{}}})"),
                "Missing required fields: at least one unique constraint have to be fully populated for 'company'.");
  // Field validation comes first: an unknown key wins over a bad connect.
  ExpectRefused(http->Post("/rest/people", R"({"company":{"connect":{"where":{}}},"foo":1})"),
                R"(Object person doesn't have any "foo" field.)");
  BOOST_TEST(People() == 1);
}

BOOST_AUTO_TEST_CASE(rest_batch_bulk_and_upsert_connect) {
  HttpResponse batch = http->Post("/rest/batch/people", "[" + ConnectId(acme) + "," + ConnectId(globex) + "]");
  BOOST_TEST_REQUIRE(batch.status == 201, batch.body);
  BOOST_TEST(Json(batch.body).Str("/data/createPeople/0/companyId") == acme);
  BOOST_TEST(Json(batch.body).Str("/data/createPeople/1/companyId") == globex);
  // One bad item refuses the batch.
  ExpectRefused(http->Post("/rest/batch/people", "[" + ConnectId(acme) + R"(,{"company":{"connect":{"where":{}}}}])"),
                "Missing required fields: at least one unique constraint have to be fully populated for 'company'.");
  BOOST_TEST(People() == 2);

  HttpResponse bulk = http->Patch("/rest/people?filter=companyId[eq]:" + acme,
                                  R"({"company":{"connect":{"where":{"domainName":{"primaryLinkUrl":"https://globex.com"}}}}})");
  BOOST_TEST_REQUIRE(bulk.status == 200, bulk.body);
  BOOST_TEST(Json(http->Get("/rest/people?filter=companyId[eq]:" + globex + "&limit=0").body).Int("/totalCount") == 2);

  const std::string id = Create("people", "Person", R"({"emails":{"primaryEmail":"ada@x.com"}})");
  HttpResponse up = http->Post("/rest/people?upsert=true",
                               R"({"emails":{"primaryEmail":"ada@x.com"},"company":{"connect":{"where":{"id":")" + acme +
                                   R"("}}}})");
  BOOST_TEST_REQUIRE(up.status == 201, up.body);
  BOOST_TEST(Json(up.body).Str("/data/createPerson/id") == id);
  BOOST_TEST(CompanyIdOf(id) == acme);
}

BOOST_AUTO_TEST_CASE(graphql_connect_disconnect_and_errors_match_rest) {
  Json created = GqlCreate(R"({"company":{"connect":{"where":{"domainName":{"primaryLinkUrl":"https://acme.com"}}}}})");
  BOOST_TEST_REQUIRE(!created.Has("/errors"), created.text());
  const std::string id = created.Str("/data/createPerson/id");
  BOOST_TEST(created.Str("/data/createPerson/companyId") == acme);

  Json moved = GqlUpdate(id, ConnectId(globex));
  BOOST_TEST_REQUIRE(!moved.Has("/errors"), moved.text());
  BOOST_TEST(moved.Str("/data/updatePerson/companyId") == globex);

  Json cleared = GqlUpdate(id, R"({"company":{"disconnect":true}})");
  BOOST_TEST(cleared.IsNull("/data/updatePerson/companyId"), cleared.text());
  BOOST_TEST(!GqlUpdate(id, ConnectId(acme)).Has("/errors"));
  Json nulled = GqlUpdate(id, R"({"company":null})");
  BOOST_TEST(nulled.IsNull("/data/updatePerson/companyId"), nulled.text());

  // Literal arguments, as a client writes them.
  Json literal = Gql("mutation { updatePerson(id: \"" + id + "\", data: {company: {connect: {where: {id: \"" + globex +
                     "\"}}}}) { companyId } }");
  BOOST_TEST(literal.Str("/data/updatePerson/companyId") == globex, literal.text());

  const std::string missing = "20202020-0000-4000-8000-000000000001";
  for (const std::string& data :
       {ConnectId(missing), std::string(R"({"companyId":")") + acme + R"(","company":{"connect":{"where":{"id":")" +
                                acme + R"("}}}})",
        std::string(R"({"company":{"disconnect":true,"connect":{"where":{"id":")") + acme + R"("}}}})"}) {
    HttpResponse rest = http->Post("/rest/people", data);
    BOOST_TEST(rest.status == 400, rest.body);
    Json gql = GqlCreate(data);
    BOOST_TEST(gql.Str("/errors/0/message") == Json(rest.body).Str("/messages/0"), gql.text());
    BOOST_TEST(gql.Str("/errors/0/extensions/code") == "BAD_USER_INPUT", gql.text());
  }
  BOOST_TEST(GqlCreate(ConnectId(missing)).Str("/errors/0/extensions/subCode") == "CONNECT_RECORD_NOT_FOUND");

  // A `where` key outside CompanyWhereUniqueInput fails validation.
  Json invalid = Gql(R"(mutation { createPerson(data: {company: {connect: {where: {name: "Acme"}}}}) { id } })");
  BOOST_TEST(invalid.Str("/errors/0/extensions/code") == "GRAPHQL_VALIDATION_FAILED", invalid.text());
  BOOST_TEST(People() == 1);
}

BOOST_AUTO_TEST_CASE(graphql_relation_input_types) {
  Json relation = Gql(R"({ __type(name: "CompanyRelationInput") { inputFields { name type { name } } } })");
  BOOST_TEST(relation.Str("/data/__type/inputFields/0/name") == "connect", relation.text());
  BOOST_TEST(relation.Str("/data/__type/inputFields/0/type/name") == "CompanyConnectInput", relation.text());
  BOOST_TEST(relation.Str("/data/__type/inputFields/1/name") == "disconnect", relation.text());
  BOOST_TEST(relation.Str("/data/__type/inputFields/1/type/name") == "Boolean", relation.text());

  Json where = Gql(R"({ __type(name: "CompanyWhereUniqueInput") { inputFields { name type { name } } } })");
  const std::string text = where.text();
  BOOST_TEST(text.find(R"("name":"id","type":{"name":"ID"})") != std::string::npos, text);
  BOOST_TEST(text.find(R"("name":"domainName","type":{"name":"CompanyDomainNameWhereInput"})") != std::string::npos,
             text);
  BOOST_TEST(text.find(R"("name":"name")") == std::string::npos, text);

  Json create = Gql(R"({ __type(name: "PersonCreateInput") { inputFields { name type { name } } } })");
  BOOST_TEST(create.text().find(R"("name":"company","type":{"name":"CompanyRelationInput"})") != std::string::npos,
             create.text());
  Json update = Gql(R"({ __type(name: "PersonUpdateInput") { inputFields { name type { name } } } })");
  BOOST_TEST(update.text().find(R"("name":"company","type":{"name":"CompanyRelationInput"})") != std::string::npos,
             update.text());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

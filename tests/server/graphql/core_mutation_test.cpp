// Core /graphql writes in process: create (upsert), update, delete (soft),
// destroy (cascade), restore, one and many.
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/server/graphql/core_test_util.h"

namespace vingt::server::graphql {
namespace {

using testing::Contains;
using testing::CoreFixture;

std::string IdIn(CoreFixture& f, const std::string& out, std::string_view root) {
  auto doc = f.Json(out);
  return std::string(std::string_view(doc["data"][root]["id"]));
}

BOOST_FIXTURE_TEST_CASE(CreateOneAndUpsert, CoreFixture) {
  std::string out = Run(R"(mutation { createPerson(data: {name: {firstName: "Ada", lastName: "L"}, city: "Paris",
      emails: {primaryEmail: "ADA@Example.com"}}) { id name { firstName } city emails { primaryEmail additionalEmails }
      createdBy { source name } } })");
  BOOST_TEST_MESSAGE(out);
  BOOST_TEST(Contains(out, R"("primaryEmail":"ada@example.com")"), out);
  BOOST_TEST(Contains(out, R"("createdBy":{"source":"API","name":"test key"})"), out);
  const std::string id = IdIn(*this, out, "createPerson");
  // Upsert matches on the unique email and updates.
  out = Run(R"(mutation { createPerson(upsert: true, data: {city: "Lyon", emails: {primaryEmail: "ada@example.com"}}) { id city } })");
  BOOST_TEST(out == R"({"data":{"createPerson":{"id":")" + id + R"(","city":"Lyon"}}})");
  // Without upsert the unique email conflicts.
  out = Run(R"(mutation { createPerson(data: {emails: {primaryEmail: "ada@example.com"}}) { id } })");
  BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
  BOOST_TEST(Contains(out, R"("data":{"createPerson":null})"), out);
  // REST's value rules and messages.
  out = Run(R"(mutation { createCompany(data: {name: "X", employees: 1.5, idealCustomerProfile: true}) { employees } })");
  BOOST_TEST(Contains(out, R"({"employees":1.5})"), out);
  out = Run(R"(mutation { createPerson(data: {companyId: "nope"}) { id } })");
  BOOST_TEST(Contains(out, "BAD_USER_INPUT"), out);
}

BOOST_FIXTURE_TEST_CASE(CreateManyAllOrNothing, CoreFixture) {
  std::string out = Run(R"(mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { name } })",
                        R"({"d":[{"name":"A"},{"name":"B"}]})");
  BOOST_TEST(out == R"({"data":{"createCompanies":[{"name":"A"},{"name":"B"}]}})");
  const std::string id = "20202020-0000-4000-8000-000000000001";
  out = Run(R"(mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { name } })",
            R"({"d":[{"name":"C","id":")" + id + R"("},{"name":"D","id":")" + id + R"("}]})");
  BOOST_TEST(Contains(out, "A duplicate entry was detected"), out);
  BOOST_TEST(Contains(Run("{ companies { totalCount } }"), R"("totalCount":2)"));
  out = Run(R"(mutation { createCompanies(data: []) { name } })");
  BOOST_TEST(Contains(out, "Input must not be empty"), out);
}

BOOST_FIXTURE_TEST_CASE(UpdateDeleteRestoreDestroy, CoreFixture) {
  const std::string acme = Create("companies", R"({"name":"Acme"})");
  const std::string ada = Create("people", R"({"name":{"firstName":"Ada"},"city":"Paris","companyId":")" + acme + R"("})");
  const std::string bob = Create("people", R"({"name":{"firstName":"Bob"},"city":"Paris"})");
  std::string out = Run(R"(mutation { updatePerson(id: ")" + ada + R"(", data: {city: "Lyon"}) { city name { firstName } } })");
  BOOST_TEST(out == R"({"data":{"updatePerson":{"city":"Lyon","name":{"firstName":"Ada"}}}})");
  out = Run(R"(mutation { updatePerson(id: "00000000-0000-4000-8000-000000000000", data: {city: "Lyon"}) { city } })");
  BOOST_TEST((Contains(out, R"("message":"Record not found")") && Contains(out, R"("code":"NOT_FOUND")")), out);
  out = Run(R"(mutation { updatePeople(filter: {city: {eq: "Paris"}}, data: {jobTitle: "CTO"}) { id jobTitle } })");
  BOOST_TEST((Contains(out, bob) && !Contains(out, ada)), out);
  out = Run(R"(mutation { updatePeople(filter: {}, data: {jobTitle: "CTO"}) { id } })");
  BOOST_TEST(Contains(out, "Filter is required"), out);

  // Soft delete hides the record unless the filter names deletedAt.
  out = Run(R"(mutation { deletePerson(id: ")" + bob + R"(") { id deletedAt } })");
  BOOST_TEST(Contains(out, R"("deletedAt":"2024-05-01T10:00:00.000Z")"), out);
  BOOST_TEST(Contains(Run("{ people { totalCount } }"), R"("totalCount":1)"));
  BOOST_TEST(Contains(Run("{ people(filter: {deletedAt: {is: NOT_NULL}}) { totalCount } }"), R"("totalCount":1)"));
  out = Run(R"(mutation { restorePerson(id: ")" + bob + R"(") { id deletedAt } })");
  BOOST_TEST(Contains(out, R"("deletedAt":null)"), out);
  out = Run(R"(mutation { deletePeople(filter: {name: {firstName: {in: ["Ada", "Bob"]}}}) { id } })");
  BOOST_TEST((Contains(out, ada) && Contains(out, bob)), out);
  out = Run(R"(mutation { restorePeople(filter: {name: {firstName: {eq: "Ada"}}}) { id } })");
  BOOST_TEST((Contains(out, ada) && !Contains(out, bob)), out);
  out = Run(R"(mutation { deletePeople(filter: {}) { id } })");
  BOOST_TEST(Contains(out, "Filters are mandatory for bulk delete operations"), out);

  // Destroy cascades by the relation's onDelete (company -> people: SET_NULL).
  out = Run(R"(mutation { destroyCompany(id: ")" + acme + R"(") { id name } })");
  BOOST_TEST(out == R"({"data":{"destroyCompany":{"id":")" + acme + R"(","name":"Acme"}}})");
  out = Run(R"({ person(filter: {id: {eq: ")" + ada + R"("}}) { companyId company { id } } })");
  BOOST_TEST(out == R"({"data":{"person":{"companyId":null,"company":null}}})");
  out = Run(R"(mutation { destroyPeople(filter: {deletedAt: {is: NOT_NULL}}) { id } })");
  BOOST_TEST(Contains(out, bob), out);
  BOOST_TEST(Contains(Run("{ people(filter: {deletedAt: {is: NOT_NULL}}) { totalCount } }"), R"("totalCount":0)"));
  out = Run(R"(mutation { destroyPerson(id: "bad") { id } })");
  BOOST_TEST(Contains(out, "'bad' is not a valid UUID"), out);
}

BOOST_FIXTURE_TEST_CASE(MutationErrorLeavesOtherRootFields, CoreFixture) {
  std::string out = Run(R"(mutation { a: createCompany(data: {name: "A"}) { name }
      b: updateCompany(id: "00000000-0000-4000-8000-000000000000", data: {name: "B"}) { name }
      c: createCompany(data: {name: "C"}) { name } })");
  BOOST_TEST(Contains(out, R"("data":{"a":{"name":"A"},"b":null,"c":{"name":"C"}})"), out);
}

}  // namespace
}  // namespace vingt::server::graphql

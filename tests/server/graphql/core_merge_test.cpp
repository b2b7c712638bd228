// Core /graphql merge<Plural> and <singular>Duplicates in process: merged
// values, moved dependants, losers gone, dry runs that change nothing,
// duplicate connections (ids in order, unknown and repeated ids dropped,
// short values never compared), and Twenty's argument checks and messages.
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/server/graphql/core_test_util.h"

namespace vingt::server::graphql {
namespace {

using testing::Contains;
using testing::CoreFixture;

std::string Ids(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? ",\"" : "\"") + ids[i] + "\"";
  return out + "]";
}

constexpr const char* kMissing = "0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

BOOST_AUTO_TEST_SUITE(graphql_core_merge)

BOOST_FIXTURE_TEST_CASE(MergeKeepsPriorityValuesUnionsEmailsAndMovesDependants, CoreFixture) {
  const std::string a = Create("people", R"({"name":{"firstName":"Ada","lastName":"L"},
      "emails":{"primaryEmail":"ada@x.com"},"city":""})");
  const std::string b = Create("people", R"({"name":{"firstName":"Ada","lastName":"Lovelace"},
      "emails":{"primaryEmail":"ada@y.com","additionalEmails":["a2@y.com"]},"city":"London","jobTitle":"Countess"})");
  const std::string note = Create("notes", R"({"title":"n"})");
  const std::string link = Create("noteTargets", R"({"noteId":")" + note + R"(","personId":")" + b + R"("})");

  std::string out = Run("mutation { mergePeople(ids: " + Ids({a, b}) +
                        R"(, conflictPriorityIndex: 0) { id name { lastName } city jobTitle
                        emails { primaryEmail additionalEmails } noteTargets { edges { node { id } } } } })");
  BOOST_TEST(out == R"({"data":{"mergePeople":{"id":")" + a +
                        R"(","name":{"lastName":"L"},"city":"London","jobTitle":"Countess",)"
                        R"("emails":{"primaryEmail":"ada@x.com","additionalEmails":["ada@y.com","a2@y.com"]},)"
                        R"("noteTargets":{"edges":[{"node":{"id":")" +
                        link + R"("}}]}}}})",
             out);
  out = Run(R"({ person(filter: {id: {eq: ")" + b + R"("}}) { id } })");
  BOOST_TEST((Contains(out, R"("code":"NOT_FOUND")") && Contains(out, "Record not found")), out);
  out = Run(R"({ noteTarget(filter: {id: {eq: ")" + link + R"("}}) { personId } })");
  BOOST_TEST(out == R"({"data":{"noteTarget":{"personId":")" + a + R"("}}})", out);
  BOOST_TEST(Contains(Run("{ people { totalCount } }"), R"("totalCount":1)"));
}

BOOST_FIXTURE_TEST_CASE(DryRunAnswersTheWouldBeRecordAndChangesNothing, CoreFixture) {
  const std::string a = Create("people", R"({"city":"Paris","emails":{"primaryEmail":"a@x.com"}})");
  const std::string b = Create("people", R"({"city":"Berlin","jobTitle":"Engineer","emails":{"primaryEmail":"b@x.com"}})");
  const std::string before = Run("{ people(orderBy: [{city: AscNullsFirst}]) { edges { node { id city jobTitle "
                                 "emails { primaryEmail additionalEmails } updatedAt } } } }");
  std::string out = Run("mutation { mergePeople(ids: " + Ids({a, b}) +
                        R"(, conflictPriorityIndex: 1, dryRun: true) { id city jobTitle deletedAt
                        emails { primaryEmail additionalEmails } } })");
  auto merged = Json(out)["data"]["mergePeople"];
  BOOST_TEST(std::string_view(merged["city"]) == "Berlin");
  BOOST_TEST(std::string_view(merged["jobTitle"]) == "Engineer");
  BOOST_TEST(std::string_view(merged["emails"]["primaryEmail"]) == "b@x.com");
  BOOST_TEST(std::string_view(merged["emails"]["additionalEmails"].at(0)) == "a@x.com");
  BOOST_TEST(std::string_view(merged["id"]) != a);
  BOOST_TEST(std::string_view(merged["id"]) != b);
  BOOST_TEST(std::string_view(merged["deletedAt"]) == "2024-05-01T10:00:00.000Z");
  BOOST_TEST(Run("{ people(orderBy: [{city: AscNullsFirst}]) { edges { node { id city jobTitle "
                 "emails { primaryEmail additionalEmails } updatedAt } } } }") == before);
}

struct MergeErrorCase {
  const char* name;
  std::string args;  // after "mergePeople("
  std::string message;
  std::string code;
};

BOOST_FIXTURE_TEST_CASE(MergeErrorsHaveTwentysMessages, CoreFixture) {
  const std::string a = Create("people", R"({"city":"A"})");
  const std::string b = Create("people", R"({"city":"B"})");
  const std::string trashed = Create("people", R"({"city":"T"})");
  Run(R"(mutation { deletePerson(id: ")" + trashed + R"(") { id } })");
  std::vector<std::string> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(i % 2 ? a : b);
  const std::vector<MergeErrorCase> cases = {
      {"one id", "ids: " + Ids({a}) + ", conflictPriorityIndex: 0", "At least 2 record IDs are required for merge",
       "BAD_USER_INPUT"},
      {"ten ids", "ids: " + Ids(ten) + ", conflictPriorityIndex: 0", "Maximum 9 records can be merged at once",
       "BAD_USER_INPUT"},
      {"index past the end", "ids: " + Ids({a, b}) + ", conflictPriorityIndex: 2",
       "Invalid conflict priority '2'. Valid options for 2 records: 0-1", "BAD_USER_INPUT"},
      {"negative index", "ids: " + Ids({a, b}) + ", conflictPriorityIndex: -1",
       "Invalid conflict priority '-1'. Valid options for 2 records: 0-1", "BAD_USER_INPUT"},
      {"unknown id", "ids: " + Ids({a, kMissing}) + ", conflictPriorityIndex: 0", "One or more records not found",
       "NOT_FOUND"},
      {"repeated id", "ids: " + Ids({a, a}) + ", conflictPriorityIndex: 0", "One or more records not found",
       "NOT_FOUND"},
      {"soft-deleted id", "ids: " + Ids({a, trashed}) + ", conflictPriorityIndex: 0", "One or more records not found",
       "NOT_FOUND"},
      {"malformed id", R"(ids: [")" + a + R"(", "nope"], conflictPriorityIndex: 0)", "'nope' is not a valid UUID",
       "BAD_USER_INPUT"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      std::string out = Run("mutation { mergePeople(" + c.args + ") { id } }");
      BOOST_TEST(Contains(out, "\"message\":\"" + c.message + "\""), out);
      BOOST_TEST(Contains(out, "\"code\":\"" + c.code + "\""), out);
      BOOST_TEST(Contains(out, R"("data":{"mergePeople":null})"), out);
    }
  }
  std::string out = Run("mutation { mergeNotes(ids: " + Ids({a, b}) + ", conflictPriorityIndex: 0) { id } }");
  BOOST_TEST(Contains(out, "Merge is only available for objects with duplicate criteria. Object 'note' does not have "
                           "duplicate criteria defined."),
             out);
  out = Run("mutation { mergePeople(ids: " + Ids({a, b}) + ") { id } }");
  BOOST_TEST(Contains(out, "conflictPriorityIndex"), out);  // Int! is required
  BOOST_TEST(Contains(Run("{ people { totalCount } }"), R"("totalCount":2)"));  // a and b untouched
}

BOOST_FIXTURE_TEST_CASE(DuplicatesByIdsAreConnectionsInIdOrder, CoreFixture) {
  const std::string ada = Create("people", R"({"name":{"firstName":"Ada","lastName":"Lovelace"},
      "emails":{"primaryEmail":"ada@x.com"},"city":"London"})");
  const std::string twin = Create("people", R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"Paris"})");
  const std::string mail = Create("people", R"({"name":{"firstName":"Augusta"},"emails":{"primaryEmail":"x@y.com",
      "additionalEmails":["ada@x.com"]}})");
  const std::string other = Create("people", R"({"name":{"firstName":"Ada","lastName":"Byron"}})");
  // Criteria values shorter than three characters never match.
  const std::string al = Create("people", R"({"name":{"firstName":"Al","lastName":"Lovelace"}})");
  const std::string al2 = Create("people", R"({"name":{"firstName":"Al","lastName":"Lovelace"}})");

  std::string out = Run("{ personDuplicates(ids: " + Ids({other, ada, kMissing, al}) +
                        R"() { totalCount countNotEmptyCity edges { cursor node { id city } }
                        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } })");
  auto groups = Json(out)["data"]["personDuplicates"];
  BOOST_TEST_REQUIRE(simdjson::dom::array(groups).size() == 3u, out);  // the unknown id is skipped
  auto none = groups.at(0);
  BOOST_TEST(int64_t(none["totalCount"]) == 0);
  BOOST_TEST(simdjson::dom::array(none["edges"]).size() == 0u);
  BOOST_TEST(none["pageInfo"]["startCursor"].is_null());
  auto found = groups.at(1);
  BOOST_TEST(int64_t(found["totalCount"]) == 1);
  BOOST_TEST(int64_t(found["countNotEmptyCity"]) == 1);
  BOOST_TEST(std::string_view(found["edges"].at(0)["node"]["id"]) == twin);
  BOOST_TEST(std::string_view(found["edges"].at(0)["cursor"]) == std::string_view(found["pageInfo"]["startCursor"]));
  BOOST_TEST(std::string_view(found["pageInfo"]["endCursor"]) == std::string_view(found["pageInfo"]["startCursor"]));
  BOOST_TEST(bool(found["pageInfo"]["hasNextPage"]) == false);
  BOOST_TEST(int64_t(groups.at(2)["totalCount"]) == 0);  // "Al" is too short to compare
  BOOST_TEST(!Contains(out, mail));                      // additional emails are not a criterion
  BOOST_TEST(!Contains(out, al2));

  // A repeated id is answered once, as Twenty's `id IN (...)` lookup does.
  BOOST_TEST(Run("{ personDuplicates(ids: " + Ids({ada, ada}) + ") { totalCount } }") ==
             R"({"data":{"personDuplicates":[{"totalCount":1}]}})");

  // Soft-deleted records are neither looked up nor found.
  Run(R"(mutation { deletePerson(id: ")" + twin + R"(") { id } })");
  out = Run("{ personDuplicates(ids: " + Ids({ada, twin}) + ") { totalCount } }");
  BOOST_TEST(out == R"({"data":{"personDuplicates":[{"totalCount":0}]}})", out);
  BOOST_TEST(Run("{ personDuplicates(ids: []) { totalCount } }") == R"({"data":{"personDuplicates":[]}})");
}

BOOST_FIXTURE_TEST_CASE(DuplicatesByDataMatchWhatAnInputWouldDuplicate, CoreFixture) {
  const std::string ada = Create("people", R"({"name":{"firstName":"Ada","lastName":"L"},
      "emails":{"primaryEmail":"ada@x.com"}})");
  const std::string acme =
      Create("companies", R"({"name":"Acme","domainName":{"primaryLinkUrl":"https://acme.com"}})");
  Create("companies", R"({"name":"Acme Corp","domainName":{"primaryLinkUrl":"https://acme.org"}})");

  std::string out = Run(R"({ personDuplicates(data: [{emails: {primaryEmail: "ADA@x.com"}}, {city: "Nowhere"},
      {id: ")" + ada + R"(", emails: {primaryEmail: "ada@x.com"}}]) { totalCount edges { node { id } } } })");
  BOOST_TEST(out == R"({"data":{"personDuplicates":[{"totalCount":1,"edges":[{"node":{"id":")" + ada +
                        R"("}}]},{"totalCount":0,"edges":[]},{"totalCount":0,"edges":[]}]}})",
             out);
  out = Run(R"({ companyDuplicates(data: [{name: "Other", domainName: {primaryLinkUrl: "https://acme.com/"}},
      {name: "  Acme  "}]) { totalCount edges { node { id } } } })");
  BOOST_TEST(out == R"({"data":{"companyDuplicates":[{"totalCount":1,"edges":[{"node":{"id":")" + acme +
                        R"("}}]},{"totalCount":1,"edges":[{"node":{"id":")" + acme + R"("}}]}]}})",
             out);
  // The inputs are checked as a create's.
  out = Run(R"({ personDuplicates(data: [{companyId: "nope"}]) { totalCount } })");
  BOOST_TEST(Contains(out, "BAD_USER_INPUT"), out);
}

BOOST_FIXTURE_TEST_CASE(DuplicatesArgumentErrorsHaveTwentysMessages, CoreFixture) {
  const std::string a = Create("people", R"({"city":"A"})");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", R"(You have to provide either \"data\" or \"ids\" argument)"},
      {"(ids: null, data: null)", R"(You have to provide either \"data\" or \"ids\" argument)"},
      {"(ids: " + Ids({a}) + R"(, data: [{city: "x"}]))", R"(You cannot provide both \"data\" and \"ids\" arguments)"},
      {"(data: [])", R"(The \"data\" condition can not be empty when \"ids\" input not provided)"},
      {R"((ids: ["nope"]))", "'nope' is not a valid UUID"},
  };
  for (const auto& [args, message] : cases) {
    BOOST_TEST_CONTEXT(args) {
      std::string out = Run("{ personDuplicates" + args + " { totalCount } }");
      BOOST_TEST(Contains(out, "\"message\":\"" + message + "\""), out);
      BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
      BOOST_TEST(Contains(out, R"("data":{"personDuplicates":null})"), out);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::server::graphql

// Core /graphql filter operators that only GraphQL has (StringFilter
// regex / iregex, ArrayFilter contains / not_contains / containsIlike /
// isEmptyArray, isEmptyArray on multi-selects) and NUMBER fields typed by
// their settings.dataType.
#include <set>
#include <string>
#include <vector>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/server/graphql/core_test_util.h"
#include "tests/storage/custom_object.h"

namespace vingt::server::graphql {
namespace {

using testing::Contains;
using testing::CoreFixture;

// A custom object with list fields and NUMBER fields of every dataType.
struct GadgetFixture : CoreFixture {
  std::string plain, red, both, untagged;
  std::string ada, bob, cleo, dora;

  GadgetFixture() {
    storage::ObjectSchema gadget = storage::testing::CustomObject("gadget", "gadgets");
    gadget.fields.push_back(storage::testing::CustomField("tags", storage::FieldType::kArray));
    storage::FieldSchema labels = storage::testing::CustomField("labels", storage::FieldType::kMultiSelect);
    for (const char* v : {"RED", "BLUE"}) labels.options.push_back({storage::Uuid::Random(), v, v, "red", 0});
    gadget.fields.push_back(labels);
    for (auto [name, settings] : {std::pair{"count", R"({"dataType":"int"})"}, {"serial", R"({"dataType":"bigint"})"},
                                  {"ratio", R"({"dataType":"float","decimals":2})"}, {"amount", ""}}) {
      storage::FieldSchema f = storage::testing::CustomField(name, storage::FieldType::kNumber);
      f.settings_json = settings;
      gadget.fields.push_back(f);
    }
    {
      auto lock = ws.LockMetadata();
      auto committed = ws.CommitMetadata({{gadget}, {}, {}});
      if (!committed.ok()) throw std::runtime_error(committed.status().ToString());
    }
    plain = Create("gadgets", R"({"name":"plain","tags":["alpha","beta"],"count":3})");
    red = Create("gadgets", R"({"name":"red","tags":["Gamma"],"labels":["RED"],"count":4})");
    both = Create("gadgets", R"({"name":"both","tags":["alpha","gamma"],"labels":["RED","BLUE"]})");
    untagged = Create("gadgets", R"({"name":"untagged","tags":[]})");
    ada = Create("people", R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London"})");
    bob = Create("people", R"({"name":{"firstName":"Bob","lastName":"Martin"},"city":"Paris"})");
    cleo = Create("people", R"({"name":{"firstName":"Cleo","lastName":"Adams"},"city":"paris"})");
    dora = Create("people", R"({"name":{"firstName":"Dora","lastName":"Émile"}})");
  }

  // The ids a filter selects, as a set.
  std::set<std::string> Ids(std::string_view plural, std::string_view type, const std::string& filter_json) {
    std::string out = Run("query($f: " + std::string(type) + "FilterInput) { " + std::string(plural) +
                              "(filter: $f) { edges { node { id } } } }",
                          R"({"f":)" + filter_json + "}");
    auto doc = Json(out);
    std::set<std::string> ids;
    simdjson::dom::array edges;
    if (doc["data"][plural]["edges"].get(edges) != simdjson::SUCCESS) {
      ids.insert("error: " + out);
      return ids;
    }
    for (auto e : edges) ids.insert(std::string(std::string_view(e["node"]["id"])));
    return ids;
  }
};

struct FilterCase {
  const char* filter;
  std::vector<const char*> expected;  // member names of the fixture's ids
};

std::ostream& operator<<(std::ostream& os, const FilterCase& c) { return os << c.filter; }

std::set<std::string> Named(const GadgetFixture& f, const std::vector<const char*>& names) {
  std::set<std::string> ids;
  for (std::string_view n : names) {
    if (n == "plain") ids.insert(f.plain);
    if (n == "red") ids.insert(f.red);
    if (n == "both") ids.insert(f.both);
    if (n == "untagged") ids.insert(f.untagged);
    if (n == "ada") ids.insert(f.ada);
    if (n == "bob") ids.insert(f.bob);
    if (n == "cleo") ids.insert(f.cleo);
    if (n == "dora") ids.insert(f.dora);
  }
  return ids;
}

const FilterCase kPersonCases[] = {
    // Postgres `~`: anywhere, case-sensitive; NULL city never matches.
    {R"({"city":{"regex":"^Par"}})", {"bob"}},
    {R"({"city":{"iregex":"^PAR"}})", {"bob", "cleo"}},
    {R"({"city":{"regex":"o"}})", {"ada"}},
    {R"({"city":{"regex":"^(London|paris)$"}})", {"ada", "cleo"}},
    // Dora's city is "" (the TEXT default, as in Twenty), which is a value:
    // NOT matches it. (NOT of a NULL comparison stays unknown: storage tests.)
    {R"({"not":{"city":{"regex":"^Par"}}})", {"ada", "cleo", "dora"}},
    {R"({"name":{"lastName":{"iregex":"^émile$"}}})", {"dora"}},  // composite text sub-field, non-ASCII folding
    {R"({"name":{"firstName":{"regex":"a$"}},"city":{"regex":"^L"}})", {"ada"}},
    {R"({"or":[{"city":{"regex":"^L"}},{"name":{"firstName":{"iregex":"^b"}}}]})", {"ada", "bob"}},
};

BOOST_DATA_TEST_CASE_F(GadgetFixture, regex_filters, boost::unit_test::data::make(kPersonCases), c) {
  BOOST_TEST(Ids("people", "Person", c.filter) == Named(*this, c.expected));
}

const FilterCase kGadgetCases[] = {
    {R"({"tags":{"contains":["alpha"]}})", {"plain", "both"}},
    {R"({"tags":{"contains":["alpha","gamma"]}})", {"both"}},
    {R"({"tags":{"contains":"beta"}})", {"plain"}},  // a single value is a one-item list (GraphQL input coercion)
    {R"({"tags":{"not_contains":["alpha"]}})", {"red"}},  // untagged is NULL: unknown, as NOT(NULL && ...) in SQL
    {R"({"tags":{"containsIlike":["%AMM%"]}})", {"red", "both"}},
    {R"({"tags":{"containsIlike":["bet_","zz"]}})", {"plain"}},
    {R"({"tags":{"isEmptyArray":true}})", {"untagged"}},
    {R"({"tags":{"isEmptyArray":false}})", {"plain", "red", "both"}},
    {R"({"tags":{"containsAny":["beta","Gamma"]}})", {"plain", "red"}},
    {R"({"labels":{"isEmptyArray":true}})", {"plain", "untagged"}},
    {R"({"labels":{"isEmptyArray":false},"tags":{"contains":["gamma"]}})", {"both"}},
    {R"({"labels":{"containsAny":["BLUE"]}})", {"both"}},
};

BOOST_DATA_TEST_CASE_F(GadgetFixture, array_filters, boost::unit_test::data::make(kGadgetCases), c) {
  BOOST_TEST(Ids("gadgets", "Gadget", c.filter) == Named(*this, c.expected));
}

struct ErrorCase {
  const char* query;
  const char* message;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.query; }

const ErrorCase kErrorCases[] = {
    {R"({ people(filter: {city: {regex: "("}}) { totalCount } })",
     "Invalid regular expression: "},
    {R"({ people(filter: {city: {iregex: "(a)\\1"}}) { totalCount } })",
     "Invalid regular expression: "},
    {R"({ gadgets(filter: {tags: {contains: []}}) { totalCount } })",
     "Invalid filter value for field tags. Expected non-empty array"},
    {R"({ gadgets(filter: {tags: {not_contains: []}}) { totalCount } })",
     "Invalid filter value for field tags. Expected non-empty array"},
    {R"({ gadgets(filter: {tags: {containsIlike: []}}) { totalCount } })",
     "Invalid filter value for field tags. Expected non-empty array"},
    // The GraphQL input types keep other operators out before the resolver runs.
    {R"({ gadgets(filter: {tags: {regex: "a"}}) { totalCount } })",
     "Field \\\"regex\\\" is not defined by type \\\"ArrayFilter\\\"."},
    {R"({ people(filter: {city: {contains: ["a"]}}) { totalCount } })",
     "Field \\\"contains\\\" is not defined by type \\\"StringFilter\\\"."},
};

BOOST_DATA_TEST_CASE_F(GadgetFixture, operator_errors, boost::unit_test::data::make(kErrorCases), c) {
  std::string out = Run(c.query);
  BOOST_TEST(Contains(out, c.message), out);
}

BOOST_FIXTURE_TEST_CASE(operator_errors_are_bad_user_input, GadgetFixture) {
  std::string out = Run(R"({ people(filter: {city: {regex: "("}}) { totalCount } })");
  BOOST_TEST(Contains(out, R"("code":"BAD_USER_INPUT")"), out);
  BOOST_TEST(Contains(out, R"("subCode":"INVALID_ARGS_FILTER")"), out);
  BOOST_TEST(Contains(out, R"("data":{"people":null})"), out);
}

BOOST_FIXTURE_TEST_CASE(number_fields_follow_their_data_type, GadgetFixture) {
  std::vector<std::string> errors;
  auto schema = BuildCoreSchema(ws, &errors);
  BOOST_TEST_REQUIRE(schema != nullptr);
  struct Expected {
    const char* field;
    const char* output;
    const char* filter;
  } cases[] = {
      {"count", "Int", "IntFilter"},
      {"serial", "BigInt", "BigIntFilter"},
      {"ratio", "Float", "FloatFilter"},
      {"amount", "Float", "FloatFilter"},
  };
  const auto* type = schema->FindType("Gadget");
  const auto* filter = schema->FindType("GadgetFilterInput");
  const auto* create = schema->FindType("GadgetCreateInput");
  BOOST_TEST_REQUIRE((type && filter && create));
  for (const auto& e : cases) {
    BOOST_TEST(type->FindField(e.field)->type.ToString() == e.output, e.field);
    BOOST_TEST(filter->FindInputField(e.field)->type.ToString() == e.filter, e.field);
    BOOST_TEST(create->FindInputField(e.field)->type.ToString() == e.output, e.field);
  }
  // The aggregates of an int NUMBER stay Float, as in Twenty.
  BOOST_TEST(schema->FindType("GadgetConnection")->FindField("avgCount")->type.ToString() == "Float");
  // An Int field answers integers and filters with Int values.
  std::string out = Run(R"({ gadgets(filter: {count: {gte: 4}}) { edges { node { name count } } } })");
  BOOST_TEST(out == R"({"data":{"gadgets":{"edges":[{"node":{"name":"red","count":4}}]}}})");
  // workspaceMember.calendarStartDay is an int NUMBER in Twenty.
  BOOST_TEST(schema->FindType("WorkspaceMember")->FindField("calendarStartDay")->type.ToString() == "Int");
}

}  // namespace
}  // namespace vingt::server::graphql

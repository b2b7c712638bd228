#include <ostream>
#include <string>

#include "protocol/graphql/introspection.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/protocol/graphql_test_schema.h"

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;
using testing::RunRequest;

struct IntrospectionCase {
  std::string query;
  std::string response;
};

std::ostream& operator<<(std::ostream& os, const IntrospectionCase& c) { return os << c.query; }

const IntrospectionCase kCases[] = {
    {"{ __typename }", R"({"data":{"__typename":"Query"}})"},
    {"{ __type(name: \"Nope\") { name } }", R"({"data":{"__type":null}})"},
    {"{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }",
     R"({"data":{"__schema":{"queryType":{"name":"Query"},"mutationType":{"name":"Mutation"},"subscriptionType":null}}})"},
    {"{ __type(name: \"Company\") { kind name description interfaces { name } "
     "fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } "
     "args { name defaultValue type { name } } } } }",
     R"({"data":{"__type":{"kind":"OBJECT","name":"Company","description":null,"interfaces":[{"name":"Node"}],"fields":[)"
     R"({"name":"id","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"ID","ofType":null}},"args":[]},)"
     R"({"name":"name","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}},"args":[]},)"
     R"({"name":"employees","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"Person"}}}},)"
     R"("args":[{"name":"first","defaultValue":"10","type":{"name":"Int"}}]}]}}})"},
    {"{ __type(name: \"Person\") { fields { name } all: fields(includeDeprecated: true) { name isDeprecated "
     "deprecationReason } } }",
     R"({"data":{"__type":{"fields":[{"name":"id"},{"name":"name"},{"name":"age"},{"name":"email"},{"name":"role"},)"
     R"({"name":"company"},{"name":"friends"},{"name":"nickname"},{"name":"createdAt"},{"name":"badAge"},{"name":"secret"}],)"
     R"("all":[{"name":"id","isDeprecated":false,"deprecationReason":null},{"name":"name","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"age","isDeprecated":false,"deprecationReason":null},{"name":"email","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"role","isDeprecated":false,"deprecationReason":null},{"name":"company","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"friends","isDeprecated":false,"deprecationReason":null},{"name":"nickname","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"createdAt","isDeprecated":false,"deprecationReason":null},{"name":"badAge","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"secret","isDeprecated":false,"deprecationReason":null},{"name":"oldName","isDeprecated":true,"deprecationReason":"Use name"}]}}})"},
    {"{ __type(name: \"Role\") { kind description enumValues { name } all: enumValues(includeDeprecated: true) "
     "{ name description isDeprecated deprecationReason } fields { name } inputFields { name } ofType { name } } }",
     R"({"data":{"__type":{"kind":"ENUM","description":"What a person may do.","enumValues":[{"name":"ADMIN"},{"name":"MEMBER"},{"name":"GUEST"}],)"
     R"("all":[{"name":"ADMIN","description":"Everything.","isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"MEMBER","description":null,"isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"GUEST","description":null,"isDeprecated":false,"deprecationReason":null},)"
     R"({"name":"OLD","description":null,"isDeprecated":true,"deprecationReason":"Use GUEST"}],"fields":null,"inputFields":null,"ofType":null}}})"},
    {"{ __type(name: \"PersonFilter\") { kind inputFields { name defaultValue type { kind name ofType { kind name } } "
     "} } }",
     R"({"data":{"__type":{"kind":"INPUT_OBJECT","inputFields":[)"
     R"({"name":"name","defaultValue":null,"type":{"kind":"SCALAR","name":"String","ofType":null}},)"
     R"({"name":"minAge","defaultValue":"0","type":{"kind":"SCALAR","name":"Int","ofType":null}},)"
     R"({"name":"roles","defaultValue":null,"type":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null}}},)"
     R"({"name":"company","defaultValue":null,"type":{"kind":"INPUT_OBJECT","name":"CompanyFilter","ofType":null}}]}}})"},
    {"{ __type(name: \"DateTime\") { kind specifiedByURL description } s: __type(name: \"String\") { specifiedByURL } "
     "}",
     R"({"data":{"__type":{"kind":"SCALAR","specifiedByURL":"https://scalars.graphql.org/andimarek/date-time","description":"An ISO-8601 date-time string."},"s":{"specifiedByURL":null}}})"},
    {"{ __type(name: \"SearchResult\") { kind possibleTypes { name } fields { name } } n: __type(name: \"Node\") "
     "{ kind possibleTypes { name } fields { name } } }",
     R"({"data":{"__type":{"kind":"UNION","possibleTypes":[{"name":"Person"},{"name":"Company"}],"fields":null},)"
     R"("n":{"kind":"INTERFACE","possibleTypes":[{"name":"Company"},{"name":"Person"}],"fields":[{"name":"id"}]}}})"},
    {"{ __schema { directives { name isRepeatable locations args { name defaultValue type { kind ofType { name } } } } "
     "} }",
     R"({"data":{"__schema":{"directives":[)"
     R"({"name":"include","isRepeatable":false,"locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","defaultValue":null,"type":{"kind":"NON_NULL","ofType":{"name":"Boolean"}}}]},)"
     R"({"name":"skip","isRepeatable":false,"locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","defaultValue":null,"type":{"kind":"NON_NULL","ofType":{"name":"Boolean"}}}]},)"
     R"({"name":"deprecated","isRepeatable":false,"locations":["FIELD_DEFINITION","ARGUMENT_DEFINITION","INPUT_FIELD_DEFINITION","ENUM_VALUE"],"args":[{"name":"reason","defaultValue":"\"No longer supported\"","type":{"kind":"SCALAR","ofType":null}}]},)"
     R"({"name":"specifiedBy","isRepeatable":false,"locations":["SCALAR"],"args":[{"name":"url","defaultValue":null,"type":{"kind":"NON_NULL","ofType":{"name":"String"}}}]}]}}})"},
    {"{ __schema { types { name } } }",
     R"({"data":{"__schema":{"types":[{"name":"JSON"},{"name":"DateTime"},{"name":"Role"},{"name":"CompanyFilter"},)"
     R"({"name":"PersonFilter"},{"name":"Node"},{"name":"Company"},{"name":"Person"},{"name":"SearchResult"},{"name":"Query"},)"
     R"({"name":"Mutation"},{"name":"Int"},{"name":"Float"},{"name":"String"},{"name":"Boolean"},{"name":"ID"},{"name":"__Schema"},{"name":"__Type"},)"
     R"({"name":"__Field"},{"name":"__InputValue"},{"name":"__EnumValue"},{"name":"__Directive"},{"name":"__TypeKind"},)"
     R"({"name":"__DirectiveLocation"}]}}})"},
    // Introspection goes through the ordinary executor: fragments, aliases
    // and directives work on it.
    {"query { t: __type(name: \"Node\") { ...N } } fragment N on __Type { name k: kind ... @skip(if: true) { "
     "description } }",
     R"({"data":{"t":{"name":"Node","k":"INTERFACE"}}})"},
};

BOOST_DATA_TEST_CASE(IntrospectionQueries, bdata::make(kCases), c) { BOOST_TEST(RunRequest(c.query) == c.response); }

// A full introspection query in the shape GraphQL clients send (every
// option on), checked for its envelope; graphql_js_crosscheck.sh feeds
// the result to graphql-js's buildClientSchema and validateSchema.
BOOST_AUTO_TEST_CASE(FullIntrospectionQueryRuns) {
  const std::string query = R"(
    query IntrospectionQuery {
      __schema {
        description
        queryType { name } mutationType { name } subscriptionType { name }
        types { ...FullType }
        directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description specifiedByURL
      fields(includeDeprecated: true) {
        name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue {
      name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
    }
    fragment TypeRef on __Type {
      kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
      ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
    })";
  const std::string response = RunRequest(query);
  BOOST_TEST(response.starts_with(R"({"data":{"__schema":{"description":null,"queryType":{"name":"Query"},)"));
  BOOST_TEST(response.find("\"errors\"") == std::string::npos);
  BOOST_TEST(response.find(R"({"kind":"OBJECT","name":"__Schema",)") != std::string::npos);
}

}  // namespace
}  // namespace vingt::protocol::graphql

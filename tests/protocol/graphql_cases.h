// The case tables shared by the graphql_*_test.cpp files and by the
// graphql-js cross-check (graphql_js_dump_test.cpp +
// graphql_js_crosscheck.sh), which runs the same documents through the
// real graphql-js and compares messages and locations.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "protocol/graphql/error.h"

namespace vingt::protocol::graphql::testing {

// A document against the test schema (graphql_test_schema.h) and the
// errors graphql-js reports for it, one per line as
// "message @line:column[,line:column...]"; empty when valid.
struct ValidationCase {
  std::string document;
  std::string errors;
};

inline std::ostream& operator<<(std::ostream& os, const ValidationCase& c) { return os << c.document; }

// Errors as the validation table writes them.
inline std::string RenderErrors(const std::vector<GraphQLError>& errors) {
  std::string out;
  for (const GraphQLError& error : errors) {
    if (!out.empty()) out += '\n';
    out += error.message;
    out += " @";
    for (size_t i = 0; i < error.locations.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(error.locations[i].line) + ":" + std::to_string(error.locations[i].column);
    }
  }
  return out;
}

inline const std::string kUseAliases = " Use different aliases on the fields to fetch both if this was intentional.";

inline const std::vector<ValidationCase> kValidationCases = {
    // Valid documents.
    {"{ people { id name company { name } } }", ""},
    {"query Q($f: PersonFilter, $n: Int = 3) { people(filter: $f, first: $n) { ...P } } "
     "fragment P on Person { id ... on Node { id } }",
     ""},
    {"{ search(text: \"a\") { ... on Person { name } ... on Company { name } __typename } }", ""},
    {"mutation { createPerson(name: \"x\") { id } }", ""},
    {"{ __schema { types { name } } __type(name: \"Person\") { name } }", ""},
    {"query ($id: ID!) { person(id: $id) { id } node(id: $id) { id } }", ""},
    {"query ($yes: Boolean!) { count @include(if: $yes) }", ""},
    {"query ($i: ID = \"1\") { person(id: $i) { id } }", ""},
    {"{ echo(list: 1, filter: {roles: ADMIN}) }", ""},
    {"query ($f: [Role!]) { echo(filter: {roles: $f}) }", ""},
    {"{ people { ... on Person { id } ... { name } } }", ""},

    // FieldsOnCorrectType, with graphql-js's suggestions.
    {"{ people { nme } }", "Cannot query field \"nme\" on type \"Person\". Did you mean \"name\" or \"age\"? @1:12"},
    {"{ search(text: \"a\") { name } }",
     "Cannot query field \"name\" on type \"SearchResult\". Did you mean to use an inline fragment on \"Company\" or "
     "\"Person\"? @1:23"},
    {"{ node(id: \"1\") { name } }",
     "Cannot query field \"name\" on type \"Node\". Did you mean to use an inline fragment on \"Company\" or "
     "\"Person\"? @1:19"},
    {"{ zzzzzz }", "Cannot query field \"zzzzzz\" on type \"Query\". @1:3"},
    {"{ people { bad { deeper } } }", "Cannot query field \"bad\" on type \"Person\". Did you mean \"id\"? @1:12"},

    // ScalarLeafs.
    {"{ count { a } }", "Field \"count\" must not have a selection since type \"Int!\" has no subfields. @1:9"},
    {"{ people }",
     "Field \"people\" of type \"[Person!]!\" must have a selection of subfields. Did you mean \"people { ... }\"? "
     "@1:3"},

    // KnownArgumentNames, ProvidedRequiredArguments, UniqueArgumentNames.
    {"{ people(frist: 1) { id } }",
     "Unknown argument \"frist\" on field \"Query.people\". Did you mean \"first\"? @1:10"},
    {"{ count @skip(iff: true) }",
     "Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"? @1:15\n"
     "Directive \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it was not provided. @1:9"},
    {"{ person { id } }",
     "Field \"person\" argument \"id\" of type \"ID!\" is required, but it was not provided. @1:3"},
    {"{ echo(int: 1, int: 2) }", "There can be only one argument named \"int\". @1:8,1:16"},

    // ValuesOfCorrectType, UniqueInputFieldNames.
    {"{ echo(int: \"x\") }", "Int cannot represent non-integer value: \"x\" @1:13"},
    {"{ echo(int: 1.5) }", "Int cannot represent non-integer value: 1.5 @1:13"},
    {"{ echo(int: 2147483648) }", "Int cannot represent non 32-bit signed integer value: 2147483648 @1:13"},
    {"{ echo(float: \"1\") }", "Float cannot represent non numeric value: \"1\" @1:15"},
    {"{ echo(str: 1) }", "String cannot represent a non string value: 1 @1:13"},
    {"{ echo(bool: \"true\") }", "Boolean cannot represent a non boolean value: \"true\" @1:14"},
    {"{ echo(id: 1.5) }", "ID cannot represent a non-string and non-integer value: 1.5 @1:12"},
    {"{ echo(role: \"ADMIN\") }",
     "Enum \"Role\" cannot represent non-enum value: \"ADMIN\". Did you mean the enum value \"ADMIN\"? @1:14"},
    {"{ echo(role: ADMN) }",
     "Value \"ADMN\" does not exist in \"Role\" enum. Did you mean the enum value \"ADMIN\"? @1:14"},
    {"{ person(id: null) { id } }", "Expected value of type \"ID!\", found null. @1:14"},
    {"{ echo(filter: {name: 1, foo: 2, company: {}}) }",
     "String cannot represent a non string value: 1 @1:23\n"
     "Field \"foo\" is not defined by type \"PersonFilter\". @1:26\n"
     "Field \"CompanyFilter.name\" of required type \"String!\" was not provided. @1:43"},
    {"{ echo(filter: 3) }", "Expected value of type \"PersonFilter\", found 3. @1:16"},
    {"{ echo(int: [1]) }", "Int cannot represent non-integer value: [1] @1:13"},
    {"{ echo(list: [1, \"a\"]) }", "Int cannot represent non-integer value: \"a\" @1:18"},
    {"{ echo(int: {a: 1}) }", "Int cannot represent non-integer value: {a: 1} @1:13"},
    {"{ echo(filter: {name: \"a\", name: \"b\"}) }", "There can be only one input field named \"name\". @1:17,1:28"},
    {"{ echo(date: \"nope\") }",
     "Expected value of type \"DateTime\", found \"nope\"; DateTime cannot represent an invalid date-time-string "
     "\"nope\". @1:14"},
    {"query ($i: Int = \"x\") { echo(int: $i) }", "Int cannot represent non-integer value: \"x\" @1:18"},

    // Variables.
    {"{ echo(int: $x) }", "Variable \"$x\" is not defined. @1:13,1:1"},
    {"query Q { echo(int: $x) }", "Variable \"$x\" is not defined by operation \"Q\". @1:21,1:1"},
    {"query Q($a: Int) { count }", "Variable \"$a\" is never used in operation \"Q\". @1:9"},
    {"query ($a: Int) { count }", "Variable \"$a\" is never used. @1:8"},
    {"query ($p: Person) { count }",
     "Variable \"$p\" cannot be non-input type \"Person\". @1:12\nVariable \"$p\" is never used. @1:8"},
    {"query ($p: Persn) { echo(int: $p) }", "Unknown type \"Persn\". Did you mean \"Person\"? @1:12"},
    {"query ($a: Int, $a: Int) { echo(int: $a) }", "There can be only one variable named \"$a\". @1:9,1:18"},
    {"query ($i: Int) { person(id: $i) { id } }",
     "Variable \"$i\" of type \"Int\" used in position expecting type \"ID!\". @1:8,1:30"},
    {"query ($r: String) { echo(list: [$r]) }",
     "Variable \"$r\" of type \"String\" used in position expecting type \"Int\". @1:8,1:34"},
    {"query ($f: String) { people { ...F } } fragment F on Person { company { employees(first: $f) { id } } }",
     "Variable \"$f\" of type \"String\" used in position expecting type \"Int\". @1:8,1:90"},
    {"query A { people { ...F } } query B { count } fragment F on Person { id @include(if: $v) }",
     "Variable \"$v\" is not defined by operation \"A\". @1:86,1:1"},

    // Fragments.
    {"{ people { ...Nope } }", "Unknown fragment \"Nope\". @1:15"},
    {"{ count } fragment F on Person { id }", "Fragment \"F\" is never used. @1:11"},
    {"{ people { ...A } } fragment A on Person { ...B } fragment B on Person { ...A }",
     "Cannot spread fragment \"A\" within itself via \"B\". @1:44,1:74"},
    {"{ people { ...A } } fragment A on Person { ...A }", "Cannot spread fragment \"A\" within itself. @1:44"},
    {"{ people { ... on String { id } } }", "Fragment cannot condition on non composite type \"String\". @1:19"},
    {"{ people { ...S } } fragment S on String { id }",
     "Fragment \"S\" cannot condition on non composite type \"String\". @1:35"},
    {"{ people { ... on Company { id } } }",
     "Fragment cannot be spread here as objects of type \"Person\" can never be of type \"Company\". @1:12"},
    {"{ people { ...C } } fragment C on Company { id }",
     "Fragment \"C\" cannot be spread here as objects of type \"Person\" can never be of type \"Company\". @1:12"},
    {"{ people { ...X } } fragment X on Nope { id }",
     "Unknown type \"Nope\". Did you mean \"Node\" or \"Role\"? @1:35"},
    {"{ people { ...F } } fragment F on Person { id } fragment F on Person { name }",
     "There can be only one fragment named \"F\". @1:30,1:58"},

    // Operations and definitions.
    {"query A { count } query A { count }", "There can be only one operation named \"A\". @1:7,1:25"},
    {"{ count } query A { count }", "This anonymous operation must be the only defined operation. @1:1"},
    {"type Foo { a: Int } { count }", "The \"Foo\" definition is not executable. @1:1"},
    {"schema { query: Query } { count }", "The schema definition is not executable. @1:1"},

    // Directives.
    {"{ count @nope }", "Unknown directive \"@nope\". @1:9"},
    {"query @include(if: true) { count }", "Directive \"@include\" may not be used on QUERY. @1:7"},
    {"{ count @deprecated }", "Directive \"@deprecated\" may not be used on FIELD. @1:9"},
    {"{ count @skip(if: false) @skip(if: false) }",
     "The directive \"@skip\" can only be used once at this location. @1:9,1:26"},
    {"{ count @skip(if: 1) }", "Boolean cannot represent a non boolean value: 1 @1:19"},

    // OverlappingFieldsCanBeMerged.
    {"{ people { a: name a: email } }",
     "Fields \"a\" conflict because \"name\" and \"email\" are different fields." + kUseAliases + " @1:12,1:20"},
    {"{ a: people(first: 1) { id } a: people(first: 2) { id } }",
     "Fields \"a\" conflict because they have differing arguments." + kUseAliases + " @1:3,1:30"},
    {"{ a: people(first: 1) { id } a: people(first: 1) { name } }", ""},
    {"{ search(text: \"a\") { ... on Person { x: age } ... on Company { x: name } } }",
     "Fields \"x\" conflict because they return conflicting types \"Int\" and \"String!\"." + kUseAliases +
         " @1:39,1:65"},
    {"{ people { company { n: name } company { n: id } } }",
     "Fields \"company\" conflict because subfields \"n\" conflict because \"name\" and \"id\" are different fields." +
         kUseAliases + " @1:12,1:22,1:32,1:42"},
    {"{ people { ...A ...B } } fragment A on Person { x: name } fragment B on Person { x: email }",
     "Fields \"x\" conflict because \"name\" and \"email\" are different fields." + kUseAliases + " @1:49,1:82"},
    {"{ people { x: id ...A } } fragment A on Person { x: name }",
     "Fields \"x\" conflict because \"id\" and \"name\" are different fields." + kUseAliases + " @1:12,1:50"},
    // More positions and shapes.
    {"query ($f: Int) { people(first: $f) { id } }", ""},
    {"query ($n: Int) { echo(filter: {name: $n}) }",
     "Variable \"$n\" of type \"Int\" used in position expecting type \"String\". @1:8,1:39"},
    {"query ($b: Boolean) { count @include(if: $b) }",
     "Variable \"$b\" of type \"Boolean\" used in position expecting type \"Boolean!\". @1:8,1:42"},
    {"{ people { ... on SearchResult { __typename } } }", ""},
    {"{ search(text: \"a\") { ... on Node { id } } }", ""},
    {"{ node(id: \"1\") { ... on SearchResult { __typename } } }", ""},
    {"{ echo(filter: {roles: [ADMIN, \"GUEST\"]}) }",
     "Enum \"Role\" cannot represent non-enum value: \"GUEST\". Did you mean the enum value \"GUEST\"? @1:32"},
    {"{ echo(list: [[1]]) }", "Int cannot represent non-integer value: [1] @1:15"},
    {"{ count @skip(if: true, if: false) }", "There can be only one argument named \"if\". @1:15,1:25"},
    {"{ people { ...F } } fragment F on Person @skip(if: true) { id }",
     "Directive \"@skip\" may not be used on FRAGMENT_DEFINITION. @1:42"},
    {"query ($a: Int @deprecated) { echo(int: $a) }",
     "Directive \"@deprecated\" may not be used on VARIABLE_DEFINITION. @1:16"},
    {"{ echo(filter: {company: {name: \"x\", nme: 1}}) }",
     "Field \"nme\" is not defined by type \"CompanyFilter\". Did you mean \"name\"? @1:38"},
    {"{ echo(filter: {company: {name: null}}) }", "Expected value of type \"String!\", found null. @1:33"},
    {"{ people { __typename: name } }", ""},
    {"{ a: count a: __typename }",
     "Fields \"a\" conflict because \"count\" and \"__typename\" are different fields. Use different aliases on the "
     "fields to fetch both if this was intentional. @1:3,1:12"},
    {"{ count @skip(if: false) count }", ""},
    {"{ people { company { employees(first: 1) { id } } company { employees(first: 2) { id } } } }",
     "Fields \"company\" conflict because subfields \"employees\" conflict because they have differing arguments. Use "
     "different aliases on the fields to fetch both if this was intentional. @1:12,1:22,1:51,1:61"},
    {"{ createPerson(name: \"x\") { id } }", "Cannot query field \"createPerson\" on type \"Query\". @1:3"},
    {"mutation { count }", "Cannot query field \"count\" on type \"Mutation\". @1:12"},
    {"subscription { count }", ""},
    {"query ($f: PersonFilter = {name: \"x\", minAge: \"old\"}) { echo(filter: $f) }",
     "Int cannot represent non-integer value: \"old\" @1:47"},
    {"query ($f: PersonFilter = {nope: 1}) { echo(filter: $f) }",
     "Field \"nope\" is not defined by type \"PersonFilter\". Did you mean \"name\"? @1:28"},
    {"query ($l: [Int!] = [null]) { echo(list: $l) }", "Expected value of type \"Int!\", found null. @1:22"},
    {"{ count } fragment F on Query { ...G }", "Unknown fragment \"G\". @1:36\nFragment \"F\" is never used. @1:11"},
    {"query Q { ...F } fragment F on Query { echo(int: $x) } query R { ...F }",
     "Variable \"$x\" is not defined by operation \"Q\". @1:50,1:1\nVariable \"$x\" is not defined by operation \"R\". "
     "@1:50,1:56"},
    {"{ count(a: 1) }", "Unknown argument \"a\" on field \"Query.count\". @1:9"},
    {"{ __type { name } }",
     "Field \"__type\" argument \"name\" of type \"String!\" is required, but it was not provided. @1:3"},
    {"{ people { __schema { queryType { name } } } }", "Cannot query field \"__schema\" on type \"Person\". @1:12"},
    {"{ __type(name: 1) { name } }", "String cannot represent a non string value: 1 @1:16"},
    {"{ people { ...on Node { id } ...on Person { id: name } } }",
     "Fields \"id\" conflict because \"id\" and \"name\" are different fields. Use different aliases on the fields to "
     "fetch both if this was intentional. @1:25,1:45"},
    {"{ search(text: \"a\") { ...on Person { id } ...on Company { id: name } } }",
     "Fields \"id\" conflict because they return conflicting types \"ID!\" and \"String!\". Use different aliases on "
     "the fields to fetch both if this was intentional. @1:38,1:59"},
    {"{ people { friends { name } friends { name: email } } }",
     "Fields \"friends\" conflict because subfields \"name\" conflict because \"name\" and \"email\" are different "
     "fields. Use different aliases on the fields to fetch both if this was intentional. @1:12,1:22,1:29,1:39"},
    {"{ people { company { ...A } company { ...B } } } fragment A on Company { x: id } fragment B on Company { x: name "
     "}",
     "Fields \"company\" conflict because subfields \"x\" conflict because \"id\" and \"name\" are different fields. "
     "Use different aliases on the fields to fetch both if this was intentional. @1:12,1:74,1:29,1:106"},
    {"query ($v: [[Int]]) { echo(list: $v) }",
     "Variable \"$v\" of type \"[[Int]]\" used in position expecting type \"[Int]\". @1:8,1:34"},
    {"query ($v: Int! = 1) { echo(int: $v) }", ""},
    {"{ echo(filter: {minAge: null}, role: null, list: [null]) }", ""},
    {"{ node(id: 1) { id } }", ""},
    {"{ echo(id: \"x\", float: 1, str: \"\"\"block\"\"\") }", ""},
    {"{ echo(float: true) }", "Float cannot represent non numeric value: true @1:15"},
    {"{ echo(role: ADMIN, role: GUEST) }", "There can be only one argument named \"role\". @1:8,1:21"},
    {"{ echo(date: 5) }",
     "Expected value of type \"DateTime\", found 5; DateTime cannot represent an invalid date-time-string 5. @1:14"},
};

struct SyntaxErrorCase {
  std::string source;
  std::string message;
  uint32_t line;
  uint32_t column;
};

inline std::ostream& operator<<(std::ostream& os, const SyntaxErrorCase& c) { return os << c.source; }

inline const std::vector<SyntaxErrorCase> kSyntaxErrorCases = {
    {"", "Syntax Error: Unexpected <EOF>.", 1, 1},
    {"   ", "Syntax Error: Unexpected <EOF>.", 1, 4},
    {"{", "Syntax Error: Expected Name, found <EOF>.", 1, 2},
    {"{}", "Syntax Error: Expected Name, found \"}\".", 1, 2},
    {"{ a { b }", "Syntax Error: Expected Name, found <EOF>.", 1, 10},
    {"query", "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
    {"\n{ ...MissingOn }\nfragment MissingOn Type", "Syntax Error: Expected \"on\", found Name \"Type\".", 3, 20},
    {"{ field: {} }", "Syntax Error: Expected Name, found \"{\".", 1, 10},
    {"notAnOperation Foo { field }", "Syntax Error: Unexpected Name \"notAnOperation\".", 1, 1},
    {"...", "Syntax Error: Unexpected \"...\".", 1, 1},
    {"{ \"\"", "Syntax Error: Expected Name, found String \"\".", 1, 3},
    {"query Foo($x: Complex = { a: { b: [ $var ] } }) { field }",
     "Syntax Error: Unexpected variable \"$var\" in constant value.", 1, 37},
    {"query ($x: Int = $) { a }", "Syntax Error: Unexpected \"$\".", 1, 18},
    {"fragment on on on { on }", "Syntax Error: Unexpected Name \"on\".", 1, 10},
    {"{ ...on }", "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"{ a(b c) }", "Syntax Error: Expected \":\", found Name \"c\".", 1, 7},
    {"{ a(b: 1 }", "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"{ a() }", "Syntax Error: Expected Name, found \")\".", 1, 5},
    {"{ a(b:) }", "Syntax Error: Unexpected \")\".", 1, 7},
    {"{ a(x: $) }", "Syntax Error: Expected Name, found \")\".", 1, 9},
    {"{ f(a: [1, 2) }", "Syntax Error: Unexpected \")\".", 1, 13},
    {"{ a @ }", "Syntax Error: Expected Name, found \"}\".", 1, 7},
    {"query Q($a) { b }", "Syntax Error: Expected \":\", found \")\".", 1, 11},
    {"query Q($a: ) { b }", "Syntax Error: Expected Name, found \")\".", 1, 13},
    {"query Q($a: [Int) { b }", "Syntax Error: Expected \"]\", found \")\".", 1, 17},
    {"query Q(a: Int) { b }", "Syntax Error: Expected \"$\", found Name \"a\".", 1, 9},
    {"query Q() { b }", "Syntax Error: Expected \"$\", found \")\".", 1, 9},
    {"\"desc\" query { a }",
     "Syntax Error: Unexpected description, descriptions are supported only on type definitions.", 1, 1},
    {"\"desc\" { a }", "Syntax Error: Unexpected \"{\".", 1, 8},
    {"{ a } }", "Syntax Error: Unexpected \"}\".", 1, 7},
    {"{ a(b: \"x) }", "Syntax Error: Unterminated string.", 1, 13},
    {"{ a(b: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9},
    {"{ a ? }", "Syntax Error: Unexpected character: \"?\".", 1, 5},
    {"extend foo", "Syntax Error: Unexpected Name \"foo\".", 1, 8},
    {"extend type Foo", "Syntax Error: Unexpected <EOF>.", 1, 16},
    {"extend schema", "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"enum E { true }", "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10},
    {"type Foo { a: Int = 1 }", "Syntax Error: Expected Name, found \"=\".", 1, 19},
    {"directive @d on NOWHERE", "Syntax Error: Unexpected Name \"NOWHERE\".", 1, 17},
    {"subscriptio { a }", "Syntax Error: Unexpected Name \"subscriptio\".", 1, 1},
    {"query Q @dir(a: 1 { a }", "Syntax Error: Expected Name, found \"{\".", 1, 19},
    {"{ ... on { a } }", "Syntax Error: Expected Name, found \"{\".", 1, 10},
    {"fragment F { a }", "Syntax Error: Expected \"on\", found \"{\".", 1, 12},
};

// One request against the test schema (graphql_test_schema.h) and the
// exact response bytes.
struct ExecCase {
  std::string name;
  std::string query;
  std::string variables;  // JSON text, empty for none
  std::optional<std::string> operation_name;
  std::string response;
};

inline std::ostream& operator<<(std::ostream& os, const ExecCase& c) { return os << c.name; }

inline const std::vector<ExecCase> kExecutionCases = {
    // Selection basics.
    {"root scalar", "{ count }", "", {}, R"({"data":{"count":3}})"},
    {"list of objects",
     "{ people { id name age } }",
     "",
     {},
     R"({"data":{"people":[{"id":"1","name":"Ada","age":36},{"id":"2","name":"Bob","age":null},{"id":"3","name":"Cy","age":7}]}})"},
    {"aliases and __typename",
     "{ p: people(first: 1) { __typename who: name } t: __typename }",
     "",
     {},
     R"({"data":{"p":[{"__typename":"Person","who":"Ada"}],"t":"Query"}})"},
    {"nested object",
     "{ people(first: 3) { name company { name } } }",
     "",
     {},
     R"({"data":{"people":[{"name":"Ada","company":{"name":"Acme"}},{"name":"Bob","company":{"name":"Globex"}},{"name":"Cy","company":null}]}})"},
    {"enum and custom scalar output",
     "{ person(id: \"1\") { role createdAt } }",
     "",
     {},
     R"({"data":{"person":{"role":"ADMIN","createdAt":"2024-01-01T00:00:00.000Z"}}})"},
    {"deprecated field still resolves",
     "{ person(id: \"3\") { oldName } }",
     "",
     {},
     R"({"data":{"person":{"oldName":"Cy"}}})"},
    {"named fragment and nested inline fragment",
     "query { people(first: 1) { ...F } } fragment F on Person { id ... on Person { name } }",
     "",
     {},
     R"({"data":{"people":[{"id":"1","name":"Ada"}]}})"},
    {"fragment on an interface",
     "{ people(first: 1) { ...N } } fragment N on Node { id }",
     "",
     {},
     R"({"data":{"people":[{"id":"1"}]}})"},
    {"union with type conditions",
     "{ search(text: \"x\") { __typename ... on Person { name } ... on Company { name id } } }",
     "",
     {},
     R"({"data":{"search":[{"__typename":"Person","name":"Ada"},{"__typename":"Company","name":"Globex","id":"c2"}]}})"},
    {"interface field",
     "{ node(id: \"c1\") { id __typename ... on Company { name } ... on Person { age } } }",
     "",
     {},
     R"({"data":{"node":{"id":"c1","__typename":"Company","name":"Acme"}}})"},
    {"merging of repeated fields keeps first position",
     "{ people(first: 1) { name ... on Person { name id } name company { id } company { name } } }",
     "",
     {},
     R"({"data":{"people":[{"name":"Ada","id":"1","company":{"id":"c1","name":"Acme"}}]}})"},
    {"a fragment spread twice is collected once",
     "{ people(first: 1) { ...F ...F } } fragment F on Person { id }",
     "",
     {},
     R"({"data":{"people":[{"id":"1"}]}})"},
    {"@include and @skip",
     "query ($yes: Boolean!, $no: Boolean = false) { people(first: 1) { id @skip(if: $yes) name @include(if: $yes) "
     "age @include(if: $no) email @skip(if: $no) ... @include(if: false) { role } ...F @skip(if: true) } } "
     "fragment F on Person { company { id } }",
     R"({"yes":true})",
     {},
     R"({"data":{"people":[{"name":"Ada","email":"ada@example.com"}]}})"},
    {"@skip wins over @include",
     "{ count @skip(if: true) @include(if: true) __typename }",
     "",
     {},
     R"({"data":{"__typename":"Query"}})"},

    // Arguments and variables.
    {"argument default", "{ people { id } }", "", {}, R"({"data":{"people":[{"id":"1"},{"id":"2"},{"id":"3"}]}})"},
    {"variable default",
     "query ($f: Int = 2) { people(first: $f) { id } }",
     "",
     {},
     R"({"data":{"people":[{"id":"1"},{"id":"2"}]}})"},
    {"variable overrides default",
     "query ($f: Int = 2) { people(first: $f) { id } }",
     R"({"f":1})",
     {},
     R"({"data":{"people":[{"id":"1"}]}})"},
    {"input object defaults",
     "{ people(filter: {minAge: 10}) { name } }",
     "",
     {},
     R"({"data":{"people":[{"name":"Ada"}]}})"},
    {"literal coercion",
     "{ echo(int: 1, float: 2, str: \"s\", bool: true, id: 5, role: ADMIN, list: 3) }",
     "",
     {},
     R"({"data":{"echo":{"int":1,"float":2,"str":"s","bool":true,"id":"5","role":"ADMIN","list":[3],"required":7}}})"},
    {"literal object in type order with defaults",
     "{ echo(filter: {roles: GUEST, name: \"x\"}) }",
     "",
     {},
     R"({"data":{"echo":{"filter":{"name":"x","minAge":0,"roles":["GUEST"]},"required":7}}})"},
    {"variable coercion: single value to list, defaults inside objects",
     "query ($i: Int, $l: [Int], $f: PersonFilter, $d: DateTime) { echo(int: $i, list: $l, filter: $f, date: $d) }",
     R"({"i":4,"l":5,"f":{"name":"x","roles":"ADMIN"},"d":"2024-01-01"})",
     {},
     R"({"data":{"echo":{"int":4,"list":[5],"filter":{"name":"x","minAge":0,"roles":["ADMIN"]},"date":"2024-01-01","required":7}}})"},
    {"integral float variable for Int, integer for Float",
     "query ($i: Int, $f: Float) { echo(int: $i, float: $f) }",
     R"({"i":2.0,"f":3})",
     {},
     R"({"data":{"echo":{"int":2,"float":3,"required":7}}})"},
    {"absent nullable variable leaves the argument out",
     "query ($i: Int) { echo(int: $i) }",
     "",
     {},
     R"({"data":{"echo":{"required":7}}})"},
    {"absent variable takes the argument default",
     "query ($r: Int) { echo(required: $r) }",
     "",
     {},
     R"({"data":{"echo":{"required":7}}})"},
    {"explicit null variable",
     "query ($i: Int) { echo(int: $i) }",
     R"({"i":null})",
     {},
     R"({"data":{"echo":{"int":null,"required":7}}})"},
    {"absent variable inside an object literal",
     "query ($n: String) { echo(filter: {name: $n, minAge: 3}) }",
     "{}",
     {},
     R"({"data":{"echo":{"filter":{"minAge":3},"required":7}}})"},
    {"ID from an integer variable",
     "query ($id: ID) { echo(id: $id) }",
     R"({"id":12})",
     {},
     R"({"data":{"echo":{"id":"12","required":7}}})"},

    // Variable coercion errors: no data.
    {"required variable missing",
     "query ($i: Int!) { echo(int: $i) }",
     "",
     {},
     R"({"errors":[{"message":"Variable \"$i\" of required type \"Int!\" was not provided.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"required variable null",
     "query ($i: Int!) { echo(int: $i) }",
     R"({"i":null})",
     {},
     R"({"errors":[{"message":"Variable \"$i\" of non-null type \"Int!\" must not be null.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"string for Int",
     "query ($i: Int) { echo(int: $i) }",
     R"({"i":"x"})",
     {},
     R"({"errors":[{"message":"Variable \"$i\" got invalid value \"x\"; Int cannot represent non-integer value: \"x\"","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"fraction for Int",
     "query ($i: Int) { echo(int: $i) }",
     R"({"i":1.5})",
     {},
     R"({"errors":[{"message":"Variable \"$i\" got invalid value 1.5; Int cannot represent non-integer value: 1.5","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"Int out of range",
     "query ($i: Int) { echo(int: $i) }",
     R"({"i":3000000000})",
     {},
     R"({"errors":[{"message":"Variable \"$i\" got invalid value 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"input object errors in field order, then unknown fields",
     "query ($f: PersonFilter) { echo(filter: $f) }",
     R"({"f":{"nme":"x","company":{}}})",
     {},
     R"({"errors":[{"message":"Variable \"$f\" got invalid value {} at \"f.company\"; Field \"name\" of required type \"String!\" was not provided.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}},)"
     R"({"message":"Variable \"$f\" got invalid value { nme: \"x\", company: {} }; Field \"nme\" is not defined by type \"PersonFilter\". Did you mean \"name\"?","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"unknown enum value",
     "query ($r: Role) { echo(role: $r) }",
     R"({"r":"ADMN"})",
     {},
     R"({"errors":[{"message":"Variable \"$r\" got invalid value \"ADMN\"; Value \"ADMN\" does not exist in \"Role\" enum. Did you mean the enum value \"ADMIN\"?","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"non-string enum value",
     "query ($r: Role) { echo(role: $r) }",
     R"({"r":1})",
     {},
     R"({"errors":[{"message":"Variable \"$r\" got invalid value 1; Enum \"Role\" cannot represent non-string value: 1.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"custom scalar parse hook",
     "query ($d: DateTime) { echo(date: $d) }",
     R"({"d":"nope"})",
     {},
     R"({"errors":[{"message":"Variable \"$d\" got invalid value \"nope\"; Expected type \"DateTime\". DateTime cannot represent an invalid date-time-string \"nope\".","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"list item error has its path",
     "query ($l: [Int]) { echo(list: $l) }",
     R"({"l":[1,"x"]})",
     {},
     R"({"errors":[{"message":"Variable \"$l\" got invalid value \"x\" at \"l[1]\"; Int cannot represent non-integer value: \"x\"","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"non-null list item",
     "query ($l: [Int!]) { echo(list: $l) }",
     R"({"l":[null]})",
     {},
     R"({"errors":[{"message":"Variable \"$l\" got invalid value null at \"l[0]\"; Expected non-nullable type \"Int!\" not to be null.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"object for a scalar",
     "query ($s: String) { echo(str: $s) }",
     R"({"s":{"a":[1,2]}})",
     {},
     R"({"errors":[{"message":"Variable \"$s\" got invalid value { a: [1, 2] }; String cannot represent a non string value: { a: [1, 2] }","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"scalar for an input object",
     "query ($f: PersonFilter) { echo(filter: $f) }",
     R"({"f":"x"})",
     {},
     R"({"errors":[{"message":"Variable \"$f\" got invalid value \"x\"; Expected type \"PersonFilter\" to be an object.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},

    {"null deep inside an input object", "query ($f: PersonFilter) { echo(filter: $f) }", R"({"f":{"company":{"name":null}}})", {}, R"({"errors":[{"message":"Variable \"$f\" got invalid value null at \"f.company.name\"; Expected non-nullable type \"String!\" not to be null.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"list item of an enum list",
     "query ($r: [Role!]!) { echo(filter: {roles: $r}) }",
     R"({"r":["ADMIN","X"]})",
     {},
     R"({"errors":[{"message":"Variable \"$r\" got invalid value \"X\" at \"r[1]\"; Value \"X\" does not exist in \"Role\" enum.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"boolean for ID",
     "query ($id: ID) { echo(id: $id) }",
     R"({"id":true})",
     {},
     R"({"errors":[{"message":"Variable \"$id\" got invalid value true; ID cannot represent value: true","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"several variable errors",
     "query ($a: Int!, $b: String, $c: Role) { echo(int: $a, str: $b, role: $c) }",
     R"({"b":1,"c":"admin"})",
     {},
     R"({"errors":[{"message":"Variable \"$a\" of required type \"Int!\" was not provided.","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}},{"message":"Variable \"$b\" got invalid value 1; String cannot represent a non string value: 1","locations":[{"line":1,"column":18}],"extensions":{"code":"BAD_USER_INPUT"}},{"message":"Variable \"$c\" got invalid value \"admin\"; Value \"admin\" does not exist in \"Role\" enum. Did you mean the enum value \"ADMIN\"?","locations":[{"line":1,"column":30}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"array as input object",
     "query ($f: PersonFilter) { echo(filter: $f) }",
     R"({"f":[1]})",
     {},
     R"({"errors":[{"message":"Variable \"$f\" got invalid value [1]; Field \"0\" is not defined by type \"PersonFilter\".","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"float for String",
     "query ($s: String) { echo(str: $s) }",
     R"({"s":1.5e300})",
     {},
     R"({"errors":[{"message":"Variable \"$s\" got invalid value 1.5e+300; String cannot represent a non string value: 1.5e+300","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"list items of the wrong shape",
     "query ($l: [Int]) { echo(list: $l) }",
     R"({"l":[1,[2],"x"]})",
     {},
     R"({"errors":[{"message":"Variable \"$l\" got invalid value [2] at \"l[1]\"; Int cannot represent non-integer value: [2]","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}},{"message":"Variable \"$l\" got invalid value \"x\" at \"l[2]\"; Int cannot represent non-integer value: \"x\"","locations":[{"line":1,"column":8}],"extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"variables not an object",
     "{ count }",
     R"("x")",
     {},
     R"({"errors":[{"message":"Variables must be provided as an Object where each property is a variable value. Perhaps look to see if an unparsed JSON string was provided.","extensions":{"code":"BAD_USER_INPUT"}}]})"},

    // Operation selection.
    {"operation by name", "query A { count } query B { people(first: 1) { id } }", "", "B",
     R"({"data":{"people":[{"id":"1"}]}})"},
    {"operation name required",
     "query A { count } query B { count }",
     "",
     {},
     R"({"errors":[{"message":"Must provide operation name if query contains multiple operations.","extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"unknown operation", "query A { count }", "", "C",
     R"({"errors":[{"message":"Unknown operation named \"C\".","extensions":{"code":"BAD_USER_INPUT"}}]})"},
    {"subscription is not executed",
     "subscription { count }",
     "",
     {},
     R"({"errors":[{"message":"Schema is not configured to execute subscription operation.","locations":[{"line":1,"column":1}],"extensions":{"code":"BAD_USER_INPUT"}}],"data":null})"},

    // Field errors.
    {"error in one root field leaves the others",
     "{ count fail }",
     "",
     {},
     R"({"errors":[{"message":"Something broke","locations":[{"line":1,"column":9}],"path":["fail"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"count":3,"fail":null}})"},
    {"resolver error code and extensions", "{ person(id: \"1\") { name secret } }", "", {}, R"({"errors":[{"message":"Forbidden for this role","locations":[{"line":1,"column":26}],"path":["person","secret"],"extensions":{"code":"FORBIDDEN","userFriendlyMessage":"You cannot see this."}}],"data":{"person":{"name":"Ada","secret":null}}})"},
    {"not found keeps sibling root fields",
     "{ person(id: \"9\") { name } count }",
     "",
     {},
     R"({"errors":[{"message":"Record not found","locations":[{"line":1,"column":3}],"path":["person"],"extensions":{"code":"NOT_FOUND"}}],"data":{"person":null,"count":3}})"},
    {"non-null root field error nulls data",
     "{ failNonNull count }",
     "",
     {},
     R"({"errors":[{"message":"Broke hard","locations":[{"line":1,"column":3}],"path":["failNonNull"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null})"},
    {"null in a non-null field nulls the nullable parent",
     "{ person(id: \"2\") { name nickname } }",
     "",
     {},
     R"({"errors":[{"message":"Cannot return null for non-nullable field Person.nickname.","locations":[{"line":1,"column":26}],"path":["person","nickname"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"person":null}})"},
    {"null bubbles to a nullable list item",
     "{ person(id: \"1\") { friends { name nickname } } }",
     "",
     {},
     R"({"errors":[{"message":"Cannot return null for non-nullable field Person.nickname.","locations":[{"line":1,"column":36}],"path":["person","friends",0,"nickname"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"person":{"friends":[null,{"name":"Cy","nickname":"cy"}]}}})"},
    {"null bubbles through non-null list to data",
     "{ count people { nickname } }",
     "",
     {},
     R"({"errors":[{"message":"Cannot return null for non-nullable field Person.nickname.","locations":[{"line":1,"column":18}],"path":["people",1,"nickname"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null})"},
    {"serialization error",
     "{ person(id: \"1\") { badAge } }",
     "",
     {},
     R"({"errors":[{"message":"Int cannot represent non-integer value: \"old\"","locations":[{"line":1,"column":21}],"path":["person","badAge"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"person":{"badAge":null}}})"},
    {"merged field error lists every location",
     "{ fail ... on Query { fail } }",
     "",
     {},
     R"({"errors":[{"message":"Something broke","locations":[{"line":1,"column":3},{"line":1,"column":23}],"path":["fail"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"fail":null}})"},

    {"argument coercion fails at run time",
     "query ($i: ID = \"1\") { person(id: $i) { id } count }",
     R"({"i":null})",
     {},
     R"({"errors":[{"message":"Argument \"id\" of non-null type \"ID!\" must not be null.","locations":[{"line":1,"column":35}],"path":["person"],"extensions":{"code":"BAD_USER_INPUT"}}],"data":{"person":null,"count":3}})"},

    // Mutations run their root fields in order.
    {"serial mutation",
     "mutation { a: createPerson(name: \"A\") { id name } b: createPerson(name: \"B\", age: 3) { id age } "
     "d: deletePerson(id: \"1\") }",
     "",
     {},
     R"({"data":{"a":{"id":"4","name":"A"},"b":{"id":"5","age":3},"d":true}})"},

    // Requests that never execute.
    {"syntax error",
     "{ a(",
     "",
     {},
     R"({"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":5}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]})"},
};

}  // namespace vingt::protocol::graphql::testing

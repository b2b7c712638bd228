#include <cstring>
#include <ostream>
#include <string>

#include "protocol/graphql/executor.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "protocol/graphql/request.h"
#include "protocol/graphql/schema_builder.h"
#include "tests/protocol/graphql_cases.h"
#include "tests/protocol/graphql_test_schema.h"

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;
using testing::RunRequest;

BOOST_DATA_TEST_CASE(Execution, bdata::make(testing::kExecutionCases), c) {
  std::optional<std::string_view> operation;
  if (c.operation_name) operation = *c.operation_name;
  BOOST_TEST(RunRequest(c.query, c.variables, operation) == c.response);
}

BOOST_AUTO_TEST_CASE(ResolversSeeTheirSubSelection) {
  testing::TestStore store;
  const std::string response = RunRequest(
      "{ peek { name alias: age @skip(if: true) ...F company { name employees(first: 2) { id } } } } "
      "fragment F on Person { id email @include(if: false) }",
      "", std::nullopt, &store);
  BOOST_TEST(response ==
             R"({"data":{"peek":[{"name":"Ada","id":"1","company":{"name":"Acme","employees":[{"id":"1"}]}}]}})");
  BOOST_TEST(store.peeked == "name=name;id=id;company=company{name employees };");
}

BOOST_AUTO_TEST_CASE(FieldPlansAreReusedAcrossListItems) {
  testing::TestStore store;
  RunRequest("{ people { id name age email } }", "", std::nullopt, &store);
  BOOST_TEST(store.resolver_calls == 12);  // four fields of three people, each resolved once
}

// ExecuteRequest checks Twenty's document limits (query_limits.h, tested
// case by case in graphql_document_limits_test.cpp) right after parsing,
// before anything is resolved.
BOOST_AUTO_TEST_CASE(LimitsRejectBeforeExecution) {
  RequestOptions options;
  testing::TestStore store;
  options.context.user_context = &store;
  options.limits.max_nested_fields = 3;
  JsonWriter writer;
  ExecuteRequest(testing::TestSchema(), "{ people { company { employees { id } } } }", "", std::nullopt, options,
                 writer);
  BOOST_TEST(
      writer.Take() ==
      R"({"errors":[{"message":"Query too complex - Too many nested fields requested: 4 - Maximum allowed nested fields: 3","extensions":{"code":"BAD_USER_INPUT"}}]})");
  BOOST_TEST(store.resolver_calls == 0);

  options.limits.max_nested_fields = 0;
  options.limits.max_fields = 5;
  // Fragments count each time they are spread: 3 + 3 + 1 fields.
  ExecuteRequest(testing::TestSchema(),
                 "{ a: people { ...F } b: people { ...F } count } fragment F on Person { id name }", "", std::nullopt,
                 options, writer);
  BOOST_TEST(writer.Take().find("Too many fields requested: 7 - Maximum allowed fields: 5") != std::string::npos);
  BOOST_TEST(store.resolver_calls == 0);

  // A fragment bomb is measured without being expanded.
  std::string bomb = "{ ...F0 } fragment F0 on Query { count }";
  for (int i = 1; i < 60; ++i) {
    bomb += " fragment F" + std::to_string(i) + " on Query { ...F" + std::to_string(i - 1) + " a" + std::to_string(i) +
            ": count ...F" + std::to_string(i - 1) + " }";
  }
  bomb.replace(0, 9, "{ ...F59 }");
  options.limits.max_fields = 2000;
  ExecuteRequest(testing::TestSchema(), bomb, "", std::nullopt, options, writer);
  BOOST_TEST(writer.View().find("Maximum allowed fields: 2000") != std::string_view::npos, writer.View());
  BOOST_TEST(store.resolver_calls == 0);
}

// A resolver may write a leaf's JSON itself (ResolvedValue::Written):
// the bytes land where the field's value goes, between the executor's own
// keys and commas, and a Null() beside it still propagates as the type
// says (the sibling non-null field nulls the object, discarding what was
// written before it).
BOOST_AUTO_TEST_CASE(WrittenLeavesLandInPlace) {
  SchemaBuilder b;
  auto written = [](std::string json) {
    return [json](const ResolverContext& c) {
      rapidjson::StringBuffer& out = c.output();
      std::memcpy(out.Push(json.size()), json.data(), json.size());
      return ResolvedValue::Written();
    };
  };
  b.Object("Item")
      .Field("n", "Float", written("1.5"))
      .Field("s", "String", written(R"("a\"b")"))
      .Field("list", "[String]", written(R"(["x","y"])"))
      .Field("none", "String", [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("must", "String!", [](const ResolverContext&) { return ResolvedValue::Null(); });
  b.Object("Query").Field("item", "Item", [](const ResolverContext&) { return ResolvedValue::Object(nullptr); });
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  auto run = [&](std::string_view query) {
    ParseResult parsed = Parse(query);
    BOOST_REQUIRE(parsed.ok());
    const ast::OperationDefinition& op = *parsed.document.definitions()[0].operation();
    JsonWriter writer;
    ExecuteOperation(*built.schema, parsed.document, op, InputValue(), ExecutionContext{}, writer);
    return writer.Take();
  };
  BOOST_TEST(run("{ item { n s none list alias: n } }") ==
             R"({"data":{"item":{"n":1.5,"s":"a\"b","none":null,"list":["x","y"],"alias":1.5}}})");
  const std::string nulled = run("{ item { n s must } }");
  BOOST_TEST(nulled.starts_with(R"({"errors":[{"message":"Cannot return null for non-nullable field Item.must.")"),
             nulled);
  BOOST_TEST(nulled.ends_with(R"("data":{"item":null}})"), nulled);
}

// A page of 60 objects with 10 leaf fields and a nested object, executed
// on a parsed document. Its speed is bench/micro_graphql's business.
BOOST_AUTO_TEST_CASE(SixtyRowsOfLeavesAndANestedObject) {
  struct Row {
    std::string s[5];
    int64_t n[5];
  };
  static std::vector<Row> rows(60);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int k = 0; k < 5; ++k) {
      rows[i].s[k] = "value-" + std::to_string(i * 10 + k);
      rows[i].n[k] = static_cast<int64_t>(i * 100 + k);
    }
  }
  SchemaBuilder b;
  auto& row = b.Object("Row").DefaultResolver([](const ResolverContext& c) {
    const Row& r = c.Source<Row>();
    const int64_t tag = c.field().tag;
    return tag < 5 ? ResolvedValue::StringView(r.s[tag]) : ResolvedValue::Int(r.n[tag - 5]);
  });
  for (int k = 0; k < 10; ++k) row.Field("f" + std::to_string(k), k < 5 ? "String" : "Int").Tag(k);
  row.Field("parent", "Row", [](const ResolverContext&) { return ResolvedValue::Object(&rows[0]); });
  b.Object("Query").Field("rows", "[Row!]!", [](const ResolverContext&) {
    std::vector<ResolvedValue> items;
    items.reserve(rows.size());
    for (const Row& r : rows) items.push_back(ResolvedValue::Object(&r));
    return ResolvedValue::List(std::move(items));
  });
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());

  ParseResult parsed = Parse("{ rows { f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 parent { f0 } } }");
  BOOST_REQUIRE(parsed.ok());
  const ast::OperationDefinition& op = *parsed.document.definitions()[0].operation();
  JsonWriter writer;
  ExecuteOperation(*built.schema, parsed.document, op, InputValue(), ExecutionContext{}, writer);
  BOOST_TEST(writer.View().starts_with(R"({"data":{"rows":[{"f0":"value-0","f1":"value-1","f2")"));
}

}  // namespace
}  // namespace vingt::protocol::graphql

#include <functional>
#include <ostream>
#include <string>
#include <simdjson.h>

#include "protocol/graphql/schema_builder.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/request.h"
#include "protocol/graphql/suggestions.h"

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;

ResolvedValue Nothing(const ResolverContext&) { return ResolvedValue::Null(); }

// A declaration mistake and the error Build() reports for it.
struct BuildErrorCase {
  std::string name;
  std::function<void(SchemaBuilder&)> declare;  // on top of a valid Query type
  std::string error;
};

std::ostream& operator<<(std::ostream& os, const BuildErrorCase& c) { return os << c.name; }

const BuildErrorCase kBuildErrors[] = {
    {"unknown field type", [](SchemaBuilder& b) { b.Object("T").Field("a", "Nope"); },
     "Unknown type \"Nope\" referenced by field \"T.a\"."},
    {"unknown argument type", [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "[Nope!]"); },
     "Unknown type \"Nope\" referenced by T.a(x:)."},
    {"malformed type", [](SchemaBuilder& b) { b.Object("T").Field("a", "[Int"); },
     "Invalid type \"[Int\" for field \"T.a\": Syntax Error: Expected \"]\", found <EOF>."},
    {"duplicate type", [](SchemaBuilder& b) { b.Enum("Query").Value("A"); },
     "Schema must contain uniquely named types but contains multiple types named \"Query\"."},
    {"built-in redefined", [](SchemaBuilder& b) { b.Scalar("String"); },
     "Schema must contain uniquely named types but contains multiple types named \"String\"."},
    {"duplicate field", [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Field("a", "String"); },
     "Field \"T.a\" can only be defined once."},
    {"duplicate argument", [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "Int").Arg("x", "Int"); },
     "Argument \"T.a(x:)\" can only be defined once."},
    {"bad name", [](SchemaBuilder& b) { b.Object("T").Field("a-b", "Int"); },
     "Names must only contain [_a-zA-Z0-9] but \"a-b\" does not."},
    {"name starting with a digit", [](SchemaBuilder& b) { b.Object("9T").Field("a", "Int"); },
     "Names must start with [_a-zA-Z] but \"9T\" does not."},
    {"reserved name", [](SchemaBuilder& b) { b.Object("T").Field("__a", "Int"); },
     "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection."},
    {"object without fields", [](SchemaBuilder& b) { b.Object("T"); }, "Type T must define one or more fields."},
    {"enum without values", [](SchemaBuilder& b) { b.Enum("E"); }, "Enum type E must define one or more values."},
    {"enum value true", [](SchemaBuilder& b) { b.Enum("E").Value("true"); }, "Enum type E cannot include value: true."},
    {"input without fields", [](SchemaBuilder& b) { b.InputObject("I"); },
     "Input Object type I must define one or more fields."},
    {"input type as output",
     [](SchemaBuilder& b) {
       b.InputObject("I").Field("a", "Int");
       b.Object("T").Field("a", "I");
     },
     "The type of T.a must be Output Type but got: I."},
    {"output type as argument", [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "Query"); },
     "The type of T.a(x:) must be Input Type but got: Query."},
    {"output type as input field", [](SchemaBuilder& b) { b.InputObject("I").Field("a", "[Query]"); },
     "The type of I.a must be Input Type but got: [Query]."},
    {"required argument deprecated",
     [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "Int!").ArgDeprecated(); },
     "Required argument T.a(x:) cannot be deprecated."},
    {"required input field deprecated",
     [](SchemaBuilder& b) { b.InputObject("I").Field("a", "Int!").FieldDeprecated("no"); },
     "Required input field I.a cannot be deprecated."},
    {"default not a literal",
     [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "Int", DefaultLiteral("1 2")); },
     "Default value of T.a(x:) is not a GraphQL literal: Syntax Error: Expected <EOF>, found Int \"2\"."},
    {"default of the wrong type",
     [](SchemaBuilder& b) { b.Object("T").Field("a", "Int").Arg("x", "Int", DefaultLiteral("\"one\"")); },
     "Default value \"one\" of T.a(x:) is not a valid Int."},
    {"input field default of the wrong type",
     [](SchemaBuilder& b) { b.InputObject("I").Field("a", "[Int!]", DefaultLiteral("[null]")); },
     "Default value [null] of I.a is not a valid [Int!]."},
    {"union member not an object", [](SchemaBuilder& b) { b.Union("U").Member("Int"); },
     "Union type U can only include Object types, it cannot include Int."},
    {"empty union", [](SchemaBuilder& b) { b.Union("U"); }, "Union type U must define one or more member types."},
    {"implements a non-interface", [](SchemaBuilder& b) { b.Object("T").Implements("Query").Field("a", "Int"); },
     "Type T must only implement Interface types, it cannot implement Query."},
    {"interface field missing",
     [](SchemaBuilder& b) {
       b.Interface("I").Field("id", "ID!");
       b.Object("T").Implements("I").Field("a", "Int");
     },
     "Interface field I.id expected but T does not provide it."},
    {"interface field type",
     [](SchemaBuilder& b) {
       b.Interface("I").Field("id", "ID!");
       b.Object("T").Implements("I").Field("id", "ID");
     },
     "Interface field I.id expects type ID! but T.id is type ID."},
    {"interface argument missing",
     [](SchemaBuilder& b) {
       b.Interface("I").Field("f", "Int").Arg("x", "Int");
       b.Object("T").Implements("I").Field("f", "Int");
     },
     "Interface field argument I.f(x:) expected but T.f does not provide it."},
    {"extra required argument",
     [](SchemaBuilder& b) {
       b.Interface("I").Field("f", "Int");
       b.Object("T").Implements("I").Field("f", "Int").Arg("x", "Int!");
     },
     "Object field T.f includes required argument x that is missing from the Interface field I.f."},
    {"unknown interface", [](SchemaBuilder& b) { b.Object("T").Implements("Nope").Field("a", "Int"); },
     "Unknown type \"Nope\" referenced by type \"T\"."},
};

BOOST_DATA_TEST_CASE(BuildErrors, bdata::make(kBuildErrors), c) {
  SchemaBuilder b;
  b.Object("Query").Field("ok", "Int", Nothing);
  b.QueryType("Query");
  c.declare(b);
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(!built.ok());
  BOOST_TEST(built.schema == nullptr);
  BOOST_TEST(built.errors.front() == c.error);
}

BOOST_AUTO_TEST_CASE(RootTypeErrors) {
  {
    SchemaBuilder b;
    b.Object("Query").Field("a", "Int");
    SchemaBuildResult built = std::move(b).Build();
    BOOST_REQUIRE_EQUAL(built.errors.size(), 1u);
    BOOST_TEST(built.errors[0] == "Query root type must be provided.");
  }
  {
    SchemaBuilder b;
    b.Enum("Query").Value("A");
    b.QueryType("Query").MutationType("Missing");
    SchemaBuildResult built = std::move(b).Build();
    BOOST_REQUIRE_EQUAL(built.errors.size(), 2u);
    BOOST_TEST(built.errors[0] == "Query root type must be Object type, it cannot be Query.");
    BOOST_TEST(built.errors[1] == "Mutation root type \"Missing\" is not defined.");
  }
}

// A default value must be spelled DefaultLiteral(...): a plain string (a
// description meant for ArgDescription, say) in its place does not compile.
template <typename B>
constexpr bool kArgTakesString = requires(B& b) { b.Arg("x", "Int", "some description"); };
template <typename B>
constexpr bool kArgTakesBraces = requires(B& b) { b.Arg("x", "Int", {"some description"}); };
template <typename B>
constexpr bool kInputFieldTakesString = requires(B& b) { b.Field("x", "Int", "some description"); };
static_assert(!kArgTakesString<FieldBuilder>);
static_assert(!kArgTakesBraces<FieldBuilder>);
static_assert(!kInputFieldTakesString<InputObjectTypeBuilder>);
static_assert(requires(FieldBuilder& b) { b.Arg("x", "Int", DefaultLiteral("10")); });

BOOST_AUTO_TEST_CASE(DefaultsAreCoercedAndPrinted) {
  SchemaBuilder b;
  b.Enum("Dir").Value("ASC").Value("DESC");
  b.InputObject("Page")
      .Field("first", "Int", DefaultLiteral("10"))
      .Field("after", "String")
      .Field("dir", "Dir", DefaultLiteral("ASC"));
  b.Object("Query")
      .Field("q", "Int", Nothing)
      .Arg("page", "Page", DefaultLiteral("{after: \"x\\ny\"}"))
      .Arg("ids", "[ID!]", DefaultLiteral("7"))
      .Arg("ratio", "Float", DefaultLiteral("1.0"))
      .Arg("order", "[Dir!]", DefaultLiteral("[DESC, ASC]"))
      .Arg("none", "String", DefaultLiteral("null"));
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  const FieldDefinition* q = built.schema->query_type()->FindField("q");
  BOOST_REQUIRE(q != nullptr);
  // astFromValue prints the coerced value: input fields in type order with
  // their defaults filled in, a single value as a list, 1.0 as 1.
  BOOST_TEST(q->FindArg("page")->default_literal == "{first: 10, after: \"x\\ny\", dir: ASC}");
  BOOST_TEST(q->FindArg("page")->default_value.ToJson() == R"({"first":10,"after":"x\ny","dir":"ASC"})");
  BOOST_TEST(q->FindArg("ids")->default_literal == "[7]");
  BOOST_TEST(q->FindArg("ratio")->default_literal == "1");
  BOOST_TEST(q->FindArg("order")->default_literal == "[DESC, ASC]");
  BOOST_TEST(q->FindArg("none")->default_literal == "null");
  BOOST_TEST(q->FindArg("none")->has_default);
}

BOOST_AUTO_TEST_CASE(LookupsAndTypeRefs) {
  SchemaBuilder b;
  b.Object("Query").Field("a", "[[Int!]]!", Nothing).Tag(42, &kDefaultDeprecationReason);
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  const Schema& schema = *built.schema;
  const FieldDefinition* a = schema.query_type()->FindField("a");
  BOOST_REQUIRE(a != nullptr);
  BOOST_TEST(a->tag == 42);
  BOOST_TEST(a->user_data == &kDefaultDeprecationReason);
  BOOST_TEST(a->parent == schema.query_type());
  BOOST_TEST(a->type.ToString() == "[[Int!]]!");
  BOOST_TEST(a->type.IsNonNull());
  BOOST_TEST(a->type.Nullable().IsList());
  BOOST_TEST(a->type.OfType().ItemType().ToString() == "[Int!]");
  BOOST_TEST(a->type.OfType().ItemType().ItemType().ToString() == "Int!");
  BOOST_TEST(a->type.named() == schema.FindType("Int"));
  BOOST_TEST(schema.FindField(schema.query_type(), "__typename") == &schema.typename_field());
  BOOST_TEST(schema.FindField(schema.query_type(), "__schema") != nullptr);
  BOOST_TEST(schema.query_type()->FindField("__schema") == nullptr);
  BOOST_TEST(schema.FindType("Float") == nullptr);  // only the built-in scalars in use are in the schema
  BOOST_TEST(schema.FindType("__Type") != nullptr);
}

// The core API's generated schema: a few hundred types, each built per
// workspace metadata version.
BOOST_AUTO_TEST_CASE(FiveHundredTypesBuild) {
  constexpr int kObjects = 100;  // x5 types each: object, connection, edge, filter, order-by
  SchemaBuilder b;
  b.Enum("OrderByDirection")
      .Value("AscNullsFirst")
      .Value("AscNullsLast")
      .Value("DescNullsFirst")
      .Value("DescNullsLast");
  b.InputObject("StringFilter").Field("eq", "String").Field("in", "[String!]").Field("like", "String");
  b.InputObject("IntFilter").Field("eq", "Int").Field("gt", "Int").Field("lt", "Int");
  auto& query = b.Object("Query");
  for (int i = 0; i < kObjects; ++i) {
    const std::string n = "Object" + std::to_string(i);
    auto& object = b.Object(n);
    object.DefaultResolver(Nothing);
    for (int f = 0; f < 12; ++f) object.Field("field" + std::to_string(f), f % 2 ? "String" : "Int");
    object.Field("parent", n);
    b.Object(n + "Edge").DefaultResolver(Nothing).Field("node", n + "!").Field("cursor", "String!");
    b.Object(n + "Connection")
        .DefaultResolver(Nothing)
        .Field("edges", "[" + n + "Edge!]!")
        .Field("totalCount", "Int!");
    auto& filter = b.InputObject(n + "Filter");
    for (int f = 0; f < 12; ++f) filter.Field("field" + std::to_string(f), f % 2 ? "StringFilter" : "IntFilter");
    filter.Field("and", "[" + n + "Filter!]").Field("not", n + "Filter");
    auto& order = b.InputObject(n + "OrderBy");
    for (int f = 0; f < 12; ++f) order.Field("field" + std::to_string(f), "OrderByDirection");
    query.Field("list" + std::to_string(i), n + "Connection!", Nothing)
        .Arg("filter", n + "Filter")
        .Arg("orderBy", "[" + n + "OrderBy!]")
        .Arg("first", "Int", DefaultLiteral("60"))
        .Arg("after", "String");
    query.Field("one" + std::to_string(i), n, Nothing).Arg("filter", n + "Filter!");
  }
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  BOOST_TEST(built.schema->types().size() > 500u);
}

BOOST_AUTO_TEST_CASE(SuggestionListOrder) {
  BOOST_TEST(SuggestionList("ab", {"ba", "abc", "xyz", "AB", "ab"}) ==
                 (std::vector<std::string_view>{"ab", "AB", "abc", "ba"}),
             boost::test_tools::per_element());
  BOOST_TEST(NaturalCompare("a2", "a10") < 0);
  BOOST_TEST(NaturalCompare("a10", "a2") > 0);
  BOOST_TEST(DidYouMean({"a", "b", "c", "d", "e", "f"}) == " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?");
  BOOST_TEST(DidYouMean({}) == "");
}

BOOST_AUTO_TEST_CASE(InspectAsGraphqlJs) {
  auto parse = [](std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    return InputValue::FromJson(parser.parse(padded).value());
  };
  BOOST_TEST(parse(R"({"a":{"b":{"c":1}},"d":[[[1]]],"e":"x\n","f":1.5,"g":null})").Inspect() ==
             R"({ a: { b: [Object] }, d: [[Array]], e: "x\n", f: 1.5, g: null })");
  BOOST_TEST(parse("[1,2,3,4,5,6,7,8,9,10,11,12]").Inspect() == "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... 2 more items]");
  BOOST_TEST(parse("[1,2,3,4,5,6,7,8,9,10,11]").Inspect() == "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... 1 more item]");
  BOOST_TEST(parse(R"({"a":1,"a":2,"b":[]})").Inspect() == "{ a: 2, b: [] }");
  BOOST_TEST(parse("1e21").Inspect() == "1e+21");
  BOOST_TEST(parse(R"("\u0001")").Inspect() == "\"\\u0001\"");
}

// Interfaces and unions resolved by a type resolver; owned objects; a
// custom scalar's serialize hook and its errors.
BOOST_AUTO_TEST_CASE(AbstractTypesOwnedObjectsAndScalarHooks) {
  struct Pet {
    std::string kind;
    std::string name;
  };
  SchemaBuilder b;
  b.Scalar("Upper").Serialize([](const ResolvedValue& v) {
    if (v.kind() != ResolvedValue::Kind::kString) return ResolvedValue::Error("Upper takes strings", "BAD_SCALAR");
    std::string s(v.AsString());
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return ResolvedValue::String(std::move(s));
  });
  b.Interface("Pet")
      .ResolveType([](const ObjectRef& o, const Schema& s) { return s.FindType(static_cast<const Pet*>(o.ptr)->kind); })
      .Field("name", "Upper!");
  auto pet_name = [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<Pet>().name); };
  b.Object("Dog")
      .Implements("Pet")
      .Field("name", "Upper!", pet_name)
      .Field("barks", "Boolean!", [](const ResolverContext&) { return ResolvedValue::Bool(true); });
  b.Object("Cat").Implements("Pet").Field("name", "Upper!", pet_name);
  b.Object("Query")
      .Field("pets", "[Pet]",
             [](const ResolverContext&) {
               std::vector<ResolvedValue> items;
               items.push_back(ResolvedValue::Owned(std::make_shared<Pet>(Pet{"Dog", "rex"})));
               items.push_back(ResolvedValue::Owned(std::make_shared<Pet>(Pet{"Cat", "tom"})));
               items.push_back(ResolvedValue::Owned(std::make_shared<Pet>(Pet{"Pet", "odd"})));
               items.push_back(ResolvedValue::Owned(std::make_shared<Pet>(Pet{"Query", "odder"})));
               items.push_back(ResolvedValue::Owned(std::make_shared<Pet>(Pet{"Fish", "nemo"})));
               return ResolvedValue::List(std::move(items));
             })
      .Field("shout", "Upper", [](const ResolverContext&) { return ResolvedValue::Int(3); })
      .Field("notAList", "[Int]", [](const ResolverContext&) { return ResolvedValue::Int(3); })
      .Field("unresolved", "Int");
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  JsonWriter writer;
  ExecuteRequest(*built.schema, "{ pets { __typename name ... on Dog { barks } } shout notAList unresolved }", "",
                 std::nullopt, RequestOptions{}, writer);
  BOOST_TEST(
      writer.Take() ==
      R"({"errors":[)"
      R"({"message":"Abstract type \"Pet\" was resolved to a non-object type \"Pet\".","locations":[{"line":1,"column":3}],"path":["pets",2],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Runtime Object type \"Query\" is not a possible type for \"Pet\".","locations":[{"line":1,"column":3}],"path":["pets",3],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Abstract type \"Pet\" must resolve to an Object type at runtime for field \"Query.pets\". Either the \"Pet\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.","locations":[{"line":1,"column":3}],"path":["pets",4],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Upper takes strings","locations":[{"line":1,"column":49}],"path":["shout"],"extensions":{"code":"BAD_SCALAR"}},)"
      R"({"message":"Expected Iterable, but did not find one for field \"Query.notAList\".","locations":[{"line":1,"column":55}],"path":["notAList"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"No resolver for field Query.unresolved.","locations":[{"line":1,"column":64}],"path":["unresolved"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],)"
      R"("data":{"pets":[{"__typename":"Dog","name":"REX","barks":true},{"__typename":"Cat","name":"TOM"},null,null,null],"shout":null,"notAList":null,"unresolved":null}})");
}

BOOST_AUTO_TEST_CASE(RuntimeTypeByNameAndCustomScalarFailures) {
  static const int kThing = 0;
  SchemaBuilder b;
  b.Scalar("Nullish").Serialize([](const ResolvedValue&) { return ResolvedValue::Null(); });
  b.Scalar("Listy").Serialize([](const ResolvedValue&) { return ResolvedValue::Object(&kThing); });
  b.Scalar("Plain");
  b.Interface("Named").Field("name", "String");
  b.Object("Thing").Implements("Named").Field("name", "String", [](const ResolverContext&) {
    return ResolvedValue::StringView("x");
  });
  b.Object("Query")
      .Field("known", "Named", [](const ResolverContext&) { return ResolvedValue::ObjectOfType("Thing", &kThing); })
      .Field("unknown", "Named", [](const ResolverContext&) { return ResolvedValue::ObjectOfType("Nope", &kThing); })
      .Field("nullish", "Nullish", [](const ResolverContext&) { return ResolvedValue::Int(1); })
      .Field("listy", "Listy", [](const ResolverContext&) { return ResolvedValue::Int(1); })
      .Field("plain", "Plain", [](const ResolverContext&) { return ResolvedValue::Object(&kThing); })
      .Field("count", "Int", [](const ResolverContext&) { return ResolvedValue::String(" 12 "); });
  b.QueryType("Query");
  SchemaBuildResult built = std::move(b).Build();
  BOOST_REQUIRE(built.ok());
  JsonWriter writer;
  ExecuteRequest(*built.schema, "{ known { name } unknown { name } nullish listy plain count }", "", std::nullopt,
                 RequestOptions{}, writer);
  BOOST_TEST(
      writer.Take() ==
      R"({"errors":[)"
      R"({"message":"Abstract type \"Named\" was resolved to a type \"Nope\" that does not exist inside the schema.","locations":[{"line":1,"column":18}],"path":["unknown"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Expected `Nullish.serialize(1)` to return non-nullable value, returned: null","locations":[{"line":1,"column":35}],"path":["nullish"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Custom scalar \"Listy\" serialized to a non-leaf value.","locations":[{"line":1,"column":43}],"path":["listy"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},)"
      R"({"message":"Expected a leaf value for \"Plain\" but got: {}.","locations":[{"line":1,"column":49}],"path":["plain"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],)"
      R"("data":{"known":{"name":"x"},"unknown":null,"nullish":null,"listy":null,"plain":null,"count":12}})");
}

}  // namespace
}  // namespace vingt::protocol::graphql

// A small schema for the graphql_*_test.cpp files: people with a nested
// company, an interface, a union, an enum, input objects with defaults, a
// custom scalar, resolvers that fail in the ways clients meet, and a
// mutation over a per-test store.
//
//   scalar JSON  scalar DateTime (parse hook)
//   enum Role { ADMIN MEMBER GUEST OLD @deprecated }
//   input CompanyFilter { name: String! }
//   input PersonFilter { name: String, minAge: Int = 0, roles: [Role!], company: CompanyFilter }
//   interface Node { id: ID! }
//   type Company implements Node { id: ID! name: String! employees(first: Int = 10): [Person!]! }
//   type Person implements Node { id: ID! name: String! age: Int email: String role: Role
//     company: Company friends: [Person] nickname: String! createdAt: DateTime
//     badAge: Int secret: String oldName: String @deprecated(reason: "Use name") }
//   union SearchResult = Person | Company
//   type Query { people(filter: PersonFilter, first: Int = 10): [Person!]! person(id: ID!): Person
//     search(text: String!): [SearchResult!]! node(id: ID!): Node
//     echo(int: Int, float: Float, str: String, bool: Boolean, id: ID, role: Role, list: [Int],
//          filter: PersonFilter, date: DateTime, required: Int = 7): JSON   # its coerced arguments
//     peek: [Person!]!   # records its look-ahead view in the store
//     fail: String failNonNull: String! count: Int! }
//   type Mutation { createPerson(name: String!, age: Int): Person! deletePerson(id: ID!): Boolean }
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/graphql/request.h"
#include "protocol/graphql/schema_builder.h"
#include "protocol/json_write.h"

namespace vingt::protocol::graphql::testing {

struct TestCompany {
  std::string id;
  std::string name;
};

struct TestPerson {
  std::string id;
  std::string name;
  std::optional<int> age;
  std::optional<std::string> email;
  std::string role;
  int company = -1;  // index into companies
  std::vector<int> friends;
  std::optional<std::string> nickname;  // null breaks the non-null field
};

struct TestStore {
  std::vector<TestCompany> companies{{"c1", "Acme"}, {"c2", "Globex"}};
  std::deque<TestPerson> people{
      {"1", "Ada", 36, "ada@example.com", "ADMIN", 0, {1, 2}, "ada"},
      {"2", "Bob", std::nullopt, std::nullopt, "MEMBER", 1, {0}, std::nullopt},
      {"3", "Cy", 7, std::nullopt, "GUEST", -1, {}, "cy"},
  };
  int resolver_calls = 0;
  std::string peeked;  // what Query.peek saw of its sub-selection
};

inline const TestStore& StoreOf(const ResolverContext& c) { return *static_cast<const TestStore*>(c.user_context()); }
inline TestStore& MutableStoreOf(const ResolverContext& c) { return *static_cast<TestStore*>(c.user_context()); }

inline std::shared_ptr<const Schema> BuildTestSchema() {
  SchemaBuilder b;
  b.Scalar("JSON", "Any JSON value.");
  b.Scalar("DateTime", "An ISO-8601 date-time string.")
      .SpecifiedBy("https://scalars.graphql.org/andimarek/date-time")
      .Parse([](const InputValue& raw) {
        if (raw.kind() != InputValue::Kind::kString || raw.AsString().size() < 10 || raw.AsString()[4] != '-') {
          return ScalarParseResult::Fail("DateTime cannot represent an invalid date-time-string " + raw.Inspect() +
                                         ".");
        }
        return ScalarParseResult::Ok(raw);
      });
  b.Enum("Role", "What a person may do.")
      .Value("ADMIN", "Everything.")
      .Value("MEMBER")
      .Value("GUEST")
      .Value("OLD", "", "Use GUEST");
  b.InputObject("CompanyFilter").Field("name", "String!");
  b.InputObject("PersonFilter", "Which people to return.")
      .Field("name", "String")
      .Field("minAge", "Int", DefaultLiteral("0"))
      .Field("roles", "[Role!]")
      .Field("company", "CompanyFilter");
  b.Interface("Node", "Anything with an id.").Field("id", "ID!");

  b.Object("Company")
      .Implements("Node")
      .Field("id", "ID!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<TestCompany>().id); })
      .Field("name", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<TestCompany>().name); })
      .Field("employees", "[Person!]!",
             [](const ResolverContext& c) {
               const TestStore& store = StoreOf(c);
               const auto* company = &c.Source<TestCompany>();
               std::vector<ResolvedValue> items;
               for (const TestPerson& p : store.people) {
                 if (p.company >= 0 && &store.companies[p.company] == company)
                   items.push_back(ResolvedValue::Object(&p));
               }
               return ResolvedValue::List(std::move(items));
             })
      .Arg("first", "Int", DefaultLiteral("10"));

  enum PersonField { kId, kName, kAge, kEmail, kRole, kNickname, kCreatedAt };
  b.Object("Person", "A human.")
      .Implements("Node")
      // One resolver for the plain columns, told apart by tag.
      .DefaultResolver([](const ResolverContext& c) {
        const TestPerson& p = c.Source<TestPerson>();
        MutableStoreOf(c).resolver_calls++;
        switch (c.field().tag) {
          case kId:
            return ResolvedValue::StringView(p.id);
          case kName:
            return ResolvedValue::StringView(p.name);
          case kAge:
            return p.age ? ResolvedValue::Int(*p.age) : ResolvedValue::Null();
          case kEmail:
            return p.email ? ResolvedValue::StringView(*p.email) : ResolvedValue::Null();
          case kRole:
            return ResolvedValue::StringView(p.role);
          case kNickname:
            return p.nickname ? ResolvedValue::StringView(*p.nickname) : ResolvedValue::Null();
          case kCreatedAt:
            return ResolvedValue::String("2024-01-0" + p.id + "T00:00:00.000Z");
        }
        return ResolvedValue::Null();
      })
      .Field("id", "ID!")
      .Tag(kId)
      .Field("name", "String!")
      .Tag(kName)
      .Field("age", "Int")
      .Tag(kAge)
      .Field("email", "String")
      .Tag(kEmail)
      .Field("role", "Role")
      .Tag(kRole)
      .Field("company", "Company",
             [](const ResolverContext& c) {
               const TestPerson& p = c.Source<TestPerson>();
               if (p.company < 0) return ResolvedValue::Null();
               return ResolvedValue::Object(&StoreOf(c).companies[p.company]);
             })
      .Field("friends", "[Person]",
             [](const ResolverContext& c) {
               std::vector<ResolvedValue> items;
               for (int i : c.Source<TestPerson>().friends)
                 items.push_back(ResolvedValue::Object(&StoreOf(c).people[i]));
               return ResolvedValue::List(std::move(items));
             })
      .Field("nickname", "String!")
      .Tag(kNickname)
      .Field("createdAt", "DateTime")
      .Tag(kCreatedAt)
      .Field("badAge", "Int", [](const ResolverContext&) { return ResolvedValue::String("old"); })
      .Field("secret", "String",
             [](const ResolverContext&) {
               FieldError error{"Forbidden for this role", "FORBIDDEN", {}};
               error.With("userFriendlyMessage", "You cannot see this.");
               return ResolvedValue::Error(std::move(error));
             })
      .Field("oldName", "String",
             [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<TestPerson>().name); })
      .Deprecated("Use name");

  b.Union("SearchResult").Member("Person").Member("Company");

  b.Object("Query")
      .Field("people", "[Person!]!",
             [](const ResolverContext& c) {
               const TestStore& store = StoreOf(c);
               int64_t first = c.Arg("first")->AsInt();
               int64_t min_age = 0;
               const InputValue* name = nullptr;
               if (const InputValue* filter = c.Arg("filter"); filter != nullptr && !filter->IsNull()) {
                 if (const InputValue* m = filter->Find("minAge"); m != nullptr && !m->IsNull()) min_age = m->AsInt();
                 name = filter->Find("name");
               }
               std::vector<ResolvedValue> items;
               for (const TestPerson& p : store.people) {
                 if (static_cast<int64_t>(items.size()) >= first) break;
                 if (min_age > 0 && (!p.age || *p.age < min_age)) continue;
                 if (name != nullptr && !name->IsNull() && name->AsString() != p.name) continue;
                 items.push_back(ResolvedValue::Object(&p));
               }
               return ResolvedValue::List(std::move(items));
             })
      .Arg("filter", "PersonFilter")
      .Arg("first", "Int", DefaultLiteral("10"))
      .Field("person", "Person",
             [](const ResolverContext& c) {
               for (const TestPerson& p : StoreOf(c).people) {
                 if (p.id == c.Arg("id")->AsString()) return ResolvedValue::Object(&p);
               }
               FieldError error{"Record not found", "NOT_FOUND", {}};
               return ResolvedValue::Error(std::move(error));
             })
      .Arg("id", "ID!")
      .Field("search", "[SearchResult!]!",
             [](const ResolverContext& c) {
               const TestStore& store = StoreOf(c);
               std::vector<ResolvedValue> items;
               items.push_back(ResolvedValue::ObjectOfType("Person", &store.people[0]));
               items.push_back(ResolvedValue::ObjectOfType("Company", &store.companies[1]));
               return ResolvedValue::List(std::move(items));
             })
      .Arg("text", "String!")
      .Field("node", "Node",
             [](const ResolverContext& c) {
               const TestStore& store = StoreOf(c);
               const std::string& id = c.Arg("id")->AsString();
               for (const TestCompany& company : store.companies) {
                 if (company.id == id) return ResolvedValue::ObjectOfType(c.schema().FindType("Company"), &company);
               }
               for (const TestPerson& person : store.people) {
                 if (person.id == id) return ResolvedValue::ObjectOfType(c.schema().FindType("Person"), &person);
               }
               return ResolvedValue::Null();
             })
      .Arg("id", "ID!")
      // The coerced arguments, as JSON.
      .Field("echo", "JSON",
             [](const ResolverContext& c) {
               JsonWriter w;
               w.StartObject();
               for (const ArgumentEntry& entry : c.args().entries()) {
                 w.Key(entry.name);
                 entry.value.WriteJson(w);
               }
               w.EndObject();
               return ResolvedValue::RawJson(w.Take());
             })
      .Arg("int", "Int")
      .Arg("float", "Float")
      .Arg("str", "String")
      .Arg("bool", "Boolean")
      .Arg("id", "ID")
      .Arg("role", "Role")
      .Arg("list", "[Int]")
      .Arg("filter", "PersonFilter")
      .Arg("date", "DateTime")
      .Arg("required", "Int", DefaultLiteral("7"))
      // Records the look-ahead view of its selection: the Person fields
      // asked for, and those of their company.
      .Field("peek", "[Person!]!",
             [](const ResolverContext& c) {
               TestStore& store = MutableStoreOf(c);
               const ObjectPlan* person = c.selection().SubSelection();
               for (const FieldPlan& f : person->fields()) {
                 store.peeked += std::string(f.response_key()) + "=" + std::string(f.name());
                 if (const ObjectPlan* sub = f.SubSelection()) {
                   store.peeked += "{";
                   for (const FieldPlan& g : sub->fields()) store.peeked += std::string(g.name()) + " ";
                   store.peeked += "}";
                 }
                 if (const InputValue* first = f.Arg("first")) store.peeked += "(first:" + first->ToJson() + ")";
                 store.peeked += ";";
               }
               std::vector<ResolvedValue> items;
               items.push_back(ResolvedValue::Object(&store.people[0]));
               return ResolvedValue::List(std::move(items));
             })
      .Field("fail", "String", [](const ResolverContext&) { return ResolvedValue::Error("Something broke"); })
      .Field("failNonNull", "String!", [](const ResolverContext&) { return ResolvedValue::Error("Broke hard"); })
      .Field("count", "Int!", [](const ResolverContext& c) {
        return ResolvedValue::Int(static_cast<int64_t>(StoreOf(c).people.size()));
      });

  b.Object("Mutation")
      .Field("createPerson", "Person!",
             [](const ResolverContext& c) {
               TestStore& store = MutableStoreOf(c);
               TestPerson p;
               p.id = std::to_string(store.people.size() + 1);
               p.name = c.Arg("name")->AsString();
               if (const InputValue* age = c.Arg("age"); age != nullptr && !age->IsNull())
                 p.age = static_cast<int>(age->AsInt());
               p.role = "MEMBER";
               p.nickname = p.name;
               store.people.push_back(p);
               return ResolvedValue::Object(&store.people.back());
             })
      .Arg("name", "String!")
      .Arg("age", "Int")
      .Field("deletePerson", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(c.Arg("id")->AsString() == "1"); })
      .Arg("id", "ID!");

  b.QueryType("Query").MutationType("Mutation");
  SchemaBuildResult built = std::move(b).Build();
  if (!built.ok()) {
    std::string all;
    for (const std::string& e : built.errors) all += e + "\n";
    throw std::runtime_error("test schema does not build:\n" + all);
  }
  return built.schema;
}

inline const Schema& TestSchema() {
  static const std::shared_ptr<const Schema> schema = BuildTestSchema();
  return *schema;
}

// Runs one request against the test schema and a fresh store.
inline std::string RunRequest(std::string_view query, std::string_view variables = "",
                              std::optional<std::string_view> operation_name = std::nullopt,
                              TestStore* store = nullptr) {
  TestStore local;
  RequestOptions options;
  options.context.user_context = store != nullptr ? store : &local;
  JsonWriter writer;
  ExecuteRequest(TestSchema(), query, variables, operation_name, options, writer);
  return writer.Take();
}

}  // namespace vingt::protocol::graphql::testing

// End-to-end tests of the GraphQL metadata API, POST/GET /metadata
// (spec/metadata.md §2-§4, spec/graphql-core.md §1, §9): queries with
// paging and filters, nested fields and relations, the object/field
// mutation lifecycle (a new object then served at /rest/<plural>), Twenty's
// errors, the Yoga transport rules, and the introspection result checked by
// graphql-js (tests/e2e/graphql_schema_check.mjs).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

// The number of objects of a fresh workspace (storage/standard_objects.cpp).
constexpr int64_t kStandardObjects = 12;

std::string Body(const std::string& query, const std::string& variables_json = "") {
  std::string body = "{\"query\":" + JsonQuote(query);
  if (!variables_json.empty()) body += ",\"variables\":" + variables_json;
  return body + "}";
}

std::string Encoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

struct GqlFixture : ServerFixture {
  // POST /metadata; expects HTTP 200.
  Json Gql(const std::string& query, const std::string& variables_json = "") {
    HttpResponse r = http->Post("/metadata", Body(query, variables_json));
    BOOST_TEST(r.status == 200, r.body);
    return Json(r.body);
  }
  // POST /metadata; expects no errors; returns the response.
  Json Ok(const std::string& query, const std::string& variables_json = "") {
    Json j = Gql(query, variables_json);
    BOOST_TEST(!j.Has("/errors"), query << " -> " << j.text());
    return j;
  }
  std::string ObjectId(const std::string& name_singular) {
    Json j = Ok("{ objects(paging: {first: 1000}) { edges { node { id nameSingular } } } }");
    for (int64_t i = 0; i < j.Size("/data/objects/edges"); ++i) {
      std::string p = "/data/objects/edges/" + std::to_string(i) + "/node";
      if (j.Str(p + "/nameSingular") == name_singular) return j.Str(p + "/id");
    }
    return "";
  }
};

std::string NodeNameAt(const Json& j, const std::string& edges, int64_t i, const std::string& key = "nameSingular") {
  return j.Str(edges + "/" + std::to_string(i) + "/node/" + key);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(graphql_metadata, GqlFixture)

BOOST_AUTO_TEST_CASE(objects_default_page_cursors_and_limits) {
  const std::string q =
      "query Page($paging: CursorPaging) { objects(paging: $paging) { edges { cursor node { id nameSingular } } "
      "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
  // Default page: 10 of the 12 standard objects, ids descending.
  Json page = Ok("{ objects { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor "
                 "endCursor } } }");
  BOOST_TEST_REQUIRE(page.Size("/data/objects/edges") == 10);
  BOOST_TEST(page.Bool("/data/objects/pageInfo/hasNextPage") == 1);
  BOOST_TEST(page.Bool("/data/objects/pageInfo/hasPreviousPage") == 0);
  BOOST_TEST(page.Str("/data/objects/pageInfo/startCursor") == page.Str("/data/objects/edges/0/cursor"));
  BOOST_TEST(page.Str("/data/objects/pageInfo/endCursor") == page.Str("/data/objects/edges/9/cursor"));
  for (int64_t i = 1; i < 10; ++i) {
    BOOST_TEST(page.Str("/data/objects/edges/" + std::to_string(i - 1) + "/node/id") >
               page.Str("/data/objects/edges/" + std::to_string(i) + "/node/id"));
  }

  // first + after walk the same order without overlap.
  Json first = Ok(q, R"({"paging":{"first":5}})");
  BOOST_TEST_REQUIRE(first.Size("/data/objects/edges") == 5);
  Json second = Ok(q, R"({"paging":{"first":5,"after":)" +
                          JsonQuote(first.Str("/data/objects/pageInfo/endCursor")) + "}}");
  BOOST_TEST_REQUIRE(second.Size("/data/objects/edges") == 5);
  BOOST_TEST(second.Str("/data/objects/edges/0/node/id") < first.Str("/data/objects/edges/4/node/id"));
  BOOST_TEST(second.Str("/data/objects/edges/0/node/id") == page.Str("/data/objects/edges/5/node/id"));
  BOOST_TEST(second.Bool("/data/objects/pageInfo/hasPreviousPage") == 1);
  BOOST_TEST(second.Bool("/data/objects/pageInfo/hasNextPage") == 1);

  // last + before page backwards.
  Json back = Ok(q, R"({"paging":{"last":2,"before":)" + JsonQuote(second.Str("/data/objects/pageInfo/startCursor")) +
                        "}}");
  BOOST_TEST_REQUIRE(back.Size("/data/objects/edges") == 2);
  BOOST_TEST(back.Str("/data/objects/edges/1/node/id") == first.Str("/data/objects/edges/4/node/id"));
  BOOST_TEST(back.Bool("/data/objects/pageInfo/hasPreviousPage") == 1);

  // The maximum page holds everything; above it is refused.
  Json all = Ok(q, R"({"paging":{"first":1000}})");
  BOOST_TEST(all.Size("/data/objects/edges") == kStandardObjects);
  BOOST_TEST(all.Bool("/data/objects/pageInfo/hasNextPage") == 0);
  for (const char* bad : {R"({"paging":{"first":1001}})", R"({"paging":{"first":-1}})",
                          R"({"paging":{"first":1,"last":1}})", R"({"paging":{"after":"not-a-cursor"}})"}) {
    Json err = Gql(q, bad);
    BOOST_TEST(err.Str("/errors/0/extensions/code") == "BAD_USER_INPUT", bad << " -> " << err.text());
    BOOST_TEST(err.IsNull("/data"), err.text());
  }
}

BOOST_AUTO_TEST_CASE(filters_on_flags_and_ids) {
  Json active = Ok("{ objects(paging: {first: 1000}, filter: {isActive: {is: true}}) { edges { node { id } } } }");
  BOOST_TEST(active.Size("/data/objects/edges") == kStandardObjects);
  Json custom = Ok("{ objects(filter: {isCustom: {is: true}}) { edges { node { id } } } }");
  BOOST_TEST(custom.Size("/data/objects/edges") == 0);
  Json standard = Ok("{ objects(paging: {first: 1000}, filter: {isCustom: {isNot: true}}) { edges { node { id } } } }");
  BOOST_TEST(standard.Size("/data/objects/edges") == kStandardObjects);

  const std::string person = ObjectId("person");
  BOOST_TEST_REQUIRE(!person.empty());
  Json one = Ok("query($id: UUID!) { objects(filter: {id: {eq: $id}}) { edges { node { id nameSingular } } } }",
                R"({"id":)" + JsonQuote(person) + "}");
  BOOST_TEST_REQUIRE(one.Size("/data/objects/edges") == 1);
  BOOST_TEST(one.Str("/data/objects/edges/0/node/nameSingular") == "person");
  Json in = Ok("query($id: UUID!) { objects(paging: {first: 1000}, filter: {or: [{id: {eq: $id}}, {isSystem: {is: "
               "true}}]}) { edges { node { nameSingular isSystem } } } }",
               R"({"id":)" + JsonQuote(person) + "}");
  BOOST_TEST(in.Size("/data/objects/edges") >= 2);

  // Booleans compare with is / isNot only (nestjs-query's BooleanFieldComparison).
  Json eq = Gql("{ objects(filter: {isActive: {eq: true}}) { edges { node { id } } } }");
  BOOST_TEST(eq.Str("/errors/0/extensions/code") == "GRAPHQL_VALIDATION_FAILED", eq.text());

  // Field filters.
  Json fields = Ok("{ fields(paging: {first: 3}, filter: {isCustom: {is: false}, isActive: {is: true}}) { edges { "
                   "node { id name isCustom object { nameSingular } } } pageInfo { hasNextPage } } }");
  BOOST_TEST(fields.Size("/data/fields/edges") == 3);
  BOOST_TEST(fields.Bool("/data/fields/pageInfo/hasNextPage") == 1);
  BOOST_TEST(fields.Bool("/data/fields/edges/0/node/isCustom") == 0);
  BOOST_TEST(!fields.Str("/data/fields/edges/0/node/object/nameSingular").empty());
}

// The properties Twenty 2.x's DTOs added (what its official SDK's typed
// metadata client selects), and FieldFilter.objectMetadataId.
BOOST_AUTO_TEST_CASE(twenty_2_object_and_field_properties) {
  const std::string person = ObjectId("person");
  Json o = Ok("query($id: UUID!) { object(id: $id) { universalIdentifier color isUIEditable isUICreatable openRecordIn "
              "readability readabilityParentFieldUniversalIdentifiers writability } }",
              R"({"id":")" + person + R"("})");
  BOOST_TEST(o.Str("/data/object/universalIdentifier") == person);
  BOOST_TEST(o.IsNull("/data/object/color"));
  BOOST_TEST(o.Bool("/data/object/isUIEditable") == true);
  BOOST_TEST(o.Bool("/data/object/isUICreatable") == true);
  BOOST_TEST(o.Str("/data/object/openRecordIn") == "USER_CHOICE");
  BOOST_TEST(o.Str("/data/object/readability") == "OPEN");
  BOOST_TEST(o.IsNull("/data/object/readabilityParentFieldUniversalIdentifiers"));
  BOOST_TEST(o.Str("/data/object/writability") == "OPEN");

  Json f = Ok("query($id: UUID!) { fields(paging: {first: 1000}, filter: {objectMetadataId: {eq: $id}}) { edges { node "
              "{ name objectMetadataId universalIdentifier isUIEditable isSearchable isAuditLogged writability morphId } } } }",
              R"({"id":")" + person + R"("})");
  const int64_t n = f.Size("/data/fields/edges");
  BOOST_TEST(n > 10);
  int checked = 0;
  for (int64_t i = 0; i < n; ++i) {
    const std::string p = "/data/fields/edges/" + std::to_string(i) + "/node";
    BOOST_TEST(f.Str(p + "/objectMetadataId") == person);  // only the person's fields
    BOOST_TEST(f.IsNull(p + "/morphId"));
    const std::string name = f.Str(p + "/name");
    if (name == "name" || name == "emails") checked += f.Bool(p + "/isSearchable");
    if (name == "city") checked += !f.Bool(p + "/isSearchable");
    if (name == "position") checked += !f.Bool(p + "/isAuditLogged");
    if (name == "searchVector") checked += f.Str(p + "/writability") == "SYSTEM";
  }
  BOOST_TEST(checked == 5, f.text());
}

BOOST_AUTO_TEST_CASE(object_and_field_by_id_with_nested_fields_and_relations) {
  const std::string person = ObjectId("person");
  Json j = Ok(R"(query($id: UUID!) { object(id: $id) { id nameSingular namePlural labelSingular isCustom
      labelIdentifierFieldMetadataId createdAt
      fields(paging: {first: 1000}) { edges { node { id name type label isNullable options defaultValue
        relation { type sourceObjectMetadata { nameSingular } sourceFieldMetadata { name }
                   targetObjectMetadata { nameSingular } targetFieldMetadata { name } } } } } } })",
              R"({"id":)" + JsonQuote(person) + "}");
  BOOST_TEST(j.Str("/data/object/namePlural") == "people");
  BOOST_TEST(j.Bool("/data/object/isCustom") == 0);
  std::string company;
  std::string name_id;
  const std::string edges = "/data/object/fields/edges";
  for (int64_t i = 0; i < j.Size(edges); ++i) {
    std::string p = edges + "/" + std::to_string(i) + "/node";
    if (j.Str(p + "/name") == "company") company = p;
    if (j.Str(p + "/name") == "name") name_id = j.Str(p + "/id");
  }
  BOOST_TEST_REQUIRE(!company.empty());
  BOOST_TEST(j.Str(company + "/type") == "RELATION");
  BOOST_TEST(j.Str(company + "/relation/type") == "MANY_TO_ONE");
  BOOST_TEST(j.Str(company + "/relation/sourceObjectMetadata/nameSingular") == "person");
  BOOST_TEST(j.Str(company + "/relation/sourceFieldMetadata/name") == "company");
  BOOST_TEST(j.Str(company + "/relation/targetObjectMetadata/nameSingular") == "company");
  BOOST_TEST(j.Str(company + "/relation/targetFieldMetadata/name") == "people");
  BOOST_TEST(j.Str("/data/object/labelIdentifierFieldMetadataId") == name_id);

  Json field = Ok("query($id: UUID!) { field(id: $id) { id name type object { nameSingular } } }",
                  R"({"id":)" + JsonQuote(name_id) + "}");
  BOOST_TEST(field.Str("/data/field/name") == "name");
  BOOST_TEST(field.Str("/data/field/type") == "FULL_NAME");
  BOOST_TEST(field.Str("/data/field/object/nameSingular") == "person");

  // Unknown ids: NOT_FOUND, data null (the fields are non-null).
  Json missing = Gql(R"({ object(id: "00000000-0000-4000-8000-000000000000") { id } })");
  BOOST_TEST(missing.Str("/errors/0/extensions/code") == "NOT_FOUND", missing.text());
  BOOST_TEST(missing.Str("/errors/0/path/0") == "object");
  BOOST_TEST(missing.IsNull("/data"));
  Json missing_field = Gql(R"({ field(id: "00000000-0000-4000-8000-000000000000") { id } })");
  BOOST_TEST(missing_field.Str("/errors/0/extensions/code") == "NOT_FOUND", missing_field.text());
  // A malformed UUID fails the scalar.
  Json bad_uuid = Gql(R"({ object(id: "nope") { id } })");
  BOOST_TEST(bad_uuid.Has("/errors/0/message"), bad_uuid.text());
  BOOST_TEST((bad_uuid.IsNull("/data") || !bad_uuid.Has("/data")), bad_uuid.text());
}

BOOST_AUTO_TEST_CASE(custom_object_lifecycle_through_graphql) {
  const std::string fields_of =
      "fields(paging: {first: 1000}) { edges { node { id name type isCustom options relation { type "
      "targetObjectMetadata { nameSingular } targetFieldMetadata { name } } } } }";
  Json created = Ok(R"(mutation($input: CreateOneObjectInput!) { createOneObject(input: $input) {
      id nameSingular namePlural labelSingular labelPlural isCustom isActive )" +
                        fields_of + " } }",
                    R"({"input":{"object":{"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet",)"
                    R"("labelPlural":"Pets","icon":"IconCat"}}})");
  const std::string pet = created.Str("/data/createOneObject/id");
  BOOST_TEST_REQUIRE(!pet.empty(), created.text());
  BOOST_TEST(created.Bool("/data/createOneObject/isCustom") == 1);
  std::set<std::string> names;
  for (int64_t i = 0; i < created.Size("/data/createOneObject/fields/edges"); ++i)
    names.insert(NodeNameAt(created, "/data/createOneObject/fields/edges", i, "name"));
  for (const char* expected : {"id", "name", "createdAt", "updatedAt", "deletedAt", "position"})
    BOOST_TEST(names.count(expected) == 1u, expected);

  // A SELECT with options.
  Json select = Ok(R"(mutation($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) {
      id name type isCustom options defaultValue objectMetadataId } })",
                   R"({"input":{"field":{"objectMetadataId":)" + JsonQuote(pet) +
                       R"(,"type":"SELECT","name":"species","label":"Species","options":[)"
                       R"({"value":"DOG","label":"Dog","color":"blue","position":0},)"
                       R"({"value":"CAT","label":"Cat","color":"red","position":1}]}}})");
  const std::string species = select.Str("/data/createOneField/id");
  BOOST_TEST_REQUIRE(!species.empty(), select.text());
  BOOST_TEST(select.Str("/data/createOneField/type") == "SELECT");
  BOOST_TEST(select.Str("/data/createOneField/options/1/value") == "CAT");
  BOOST_TEST(select.Str("/data/createOneField/objectMetadataId") == pet);

  // A MANY_TO_ONE relation to person, with its inverse created on person.
  const std::string person = ObjectId("person");
  Json relation = Ok(R"(mutation { createOneField(input: {field: {objectMetadataId: ")" + pet +
                     R"(", type: RELATION, name: "owner", label: "Owner",
        relationCreationPayload: {type: "MANY_TO_ONE", targetObjectMetadataId: ")" +
                     person + R"(", targetFieldLabel: "Pets", targetFieldIcon: "IconCat"}}}) {
        id name type relation { type targetObjectMetadata { nameSingular } targetFieldMetadata { name } } } })");
  BOOST_TEST_REQUIRE(!relation.Str("/data/createOneField/id").empty(), relation.text());
  BOOST_TEST(relation.Str("/data/createOneField/relation/type") == "MANY_TO_ONE");
  BOOST_TEST(relation.Str("/data/createOneField/relation/targetObjectMetadata/nameSingular") == "person");
  const std::string inverse = relation.Str("/data/createOneField/relation/targetFieldMetadata/name");
  BOOST_TEST(!inverse.empty());

  // The object, its fields and relations as a query sees them.
  Json read = Ok("query($id: UUID!) { object(id: $id) { nameSingular " + fields_of + " } }",
                 R"({"id":)" + JsonQuote(pet) + "}");
  bool saw_owner = false;
  for (int64_t i = 0; i < read.Size("/data/object/fields/edges"); ++i) {
    std::string p = "/data/object/fields/edges/" + std::to_string(i) + "/node";
    if (read.Str(p + "/name") == "owner") {
      saw_owner = true;
      BOOST_TEST(read.Str(p + "/relation/targetFieldMetadata/name") == inverse);
    }
  }
  BOOST_TEST(saw_owner);

  // The record API serves the new object at once.
  std::string person_id = Create("people", "Person", R"({"name":{"firstName":"Ada","lastName":"Lovelace"}})");
  HttpResponse rec = http->Post("/rest/pets", R"({"name":"Rex","species":"DOG","ownerId":")" + person_id + "\"}");
  BOOST_TEST_REQUIRE(rec.status == 201, rec.body);
  Json listed(http->Get("/rest/pets").body);
  BOOST_TEST(listed.Size("/data/pets") == 1);
  BOOST_TEST(listed.Str("/data/pets/0/species") == "DOG");

  // Updates.
  Json updated = Ok(R"(mutation($id: UUID!) { updateOneObject(input: {id: $id, update: {labelPlural: "Animals",
      description: "Pets we keep"}}) { labelPlural description } })",
                    R"({"id":)" + JsonQuote(pet) + "}");
  BOOST_TEST(updated.Str("/data/updateOneObject/labelPlural") == "Animals");
  BOOST_TEST(updated.Str("/data/updateOneObject/description") == "Pets we keep");
  Json field_updated = Ok(R"(mutation($id: UUID!) { updateOneField(input: {id: $id, update: {label: "Kind"}}) {
      label name } })",
                          R"({"id":)" + JsonQuote(species) + "}");
  BOOST_TEST(field_updated.Str("/data/updateOneField/label") == "Kind");

  // Deactivate then delete the field.
  Ok(R"(mutation($id: UUID!) { updateOneField(input: {id: $id, update: {isActive: false}}) { isActive } })",
     R"({"id":)" + JsonQuote(species) + "}");
  Json field_deleted = Ok("mutation($id: UUID!) { deleteOneField(input: {id: $id}) { id name } }",
                          R"({"id":)" + JsonQuote(species) + "}");
  BOOST_TEST(field_deleted.Str("/data/deleteOneField/name") == "species");
  Json gone = Gql("query($id: UUID!) { field(id: $id) { id } }", R"({"id":)" + JsonQuote(species) + "}");
  BOOST_TEST(gone.Str("/errors/0/extensions/code") == "NOT_FOUND");

  // Deactivate: gone from the record API; then delete.
  Json deactivated = Ok(R"(mutation($id: UUID!) { updateOneObject(input: {id: $id, update: {isActive: false}}) {
      isActive } })",
                        R"({"id":)" + JsonQuote(pet) + "}");
  BOOST_TEST(deactivated.Bool("/data/updateOneObject/isActive") == 0);
  BOOST_TEST(http->Get("/rest/pets").status != 200);
  Json deleted = Ok("mutation($id: UUID!) { deleteOneObject(input: {id: $id}) { id nameSingular } }",
                    R"({"id":)" + JsonQuote(pet) + "}");
  BOOST_TEST(deleted.Str("/data/deleteOneObject/nameSingular") == "pet");
  BOOST_TEST(ObjectId("pet").empty());
  Json again = Gql("mutation($id: UUID!) { deleteOneObject(input: {id: $id}) { id } }", R"({"id":)" + JsonQuote(pet) + "}");
  BOOST_TEST(again.Str("/errors/0/extensions/code") == "NOT_FOUND", again.text());
}

BOOST_AUTO_TEST_CASE(planner_errors_map_to_twenty_codes) {
  Json bad_name = Gql(R"(mutation { createOneObject(input: {object: {nameSingular: "Bad Name", namePlural: "badNames",
      labelSingular: "Bad", labelPlural: "Bads"}}) { id } })");
  BOOST_TEST(bad_name.Str("/errors/0/extensions/code") == "BAD_USER_INPUT", bad_name.text());
  BOOST_TEST(bad_name.IsNull("/data"));
  BOOST_TEST(bad_name.Str("/errors/0/path/0") == "createOneObject");

  Json duplicate = Gql(R"(mutation { createOneObject(input: {object: {nameSingular: "person", namePlural: "persons",
      labelSingular: "P", labelPlural: "Ps"}}) { id } })");
  BOOST_TEST(duplicate.Has("/errors/0/extensions/code"), duplicate.text());
  BOOST_TEST(duplicate.Str("/errors/0/extensions/code") != "INTERNAL_SERVER_ERROR", duplicate.text());

  Json missing_required = Gql(R"(mutation { createOneObject(input: {object: {nameSingular: "x"}}) { id } })");
  BOOST_TEST(missing_required.Str("/errors/0/extensions/code") == "GRAPHQL_VALIDATION_FAILED",
             missing_required.text());

  Json unknown_update = Gql(R"(mutation { updateOneField(input: {id: "00000000-0000-4000-8000-000000000000",
      update: {label: "x"}}) { id } })");
  BOOST_TEST(unknown_update.Str("/errors/0/extensions/code") == "NOT_FOUND", unknown_update.text());
}

BOOST_AUTO_TEST_CASE(authentication_errors_are_graphql_errors_with_200) {
  http->SetToken("");
  HttpResponse none = http->Post("/metadata", Body("{ objects { edges { node { id } } } }"));
  BOOST_TEST(none.status == 200);
  Json j(none.body);
  BOOST_TEST(j.Str("/errors/0/extensions/code") == "UNAUTHENTICATED", none.body);
  BOOST_TEST(!j.Has("/data"));

  http->SetToken("invalid-token");
  HttpResponse invalid = http->Post("/metadata", Body("{ objects { edges { node { id } } } }"));
  BOOST_TEST(invalid.status == 200);
  BOOST_TEST(Json(invalid.body).Str("/errors/0/extensions/code") == "UNAUTHENTICATED", invalid.body);
  BOOST_TEST(!Json(invalid.body).Str("/errors/0/message").empty());
}

BOOST_AUTO_TEST_CASE(parse_and_validation_errors) {
  Json syntax = Gql("{ objects { edges { node { id } }");
  BOOST_TEST(syntax.Str("/errors/0/extensions/code") == "GRAPHQL_PARSE_FAILED", syntax.text());
  BOOST_TEST(syntax.Str("/errors/0/message").rfind("Syntax Error:", 0) == 0u);
  BOOST_TEST(!syntax.Has("/data"));

  Json unknown = Gql("{ objects { edges { node { id nope } } } }");
  BOOST_TEST(unknown.Str("/errors/0/extensions/code") == "GRAPHQL_VALIDATION_FAILED", unknown.text());
  BOOST_TEST(unknown.Str("/errors/0/message") == "Cannot query field \"nope\" on type \"Object\".");

  // Asking for application/graphql-response+json turns these into 400s.
  HttpResponse strict = http->Request("POST", "/metadata", Body("{ nope }"),
                                      {{"Accept", "application/graphql-response+json"}});
  BOOST_TEST(strict.status == 400);
  BOOST_TEST(strict.Header("content-type").rfind("application/graphql-response+json", 0) == 0u,
             strict.Header("content-type"));
  HttpResponse lenient = http->Post("/metadata", Body("{ nope }"));
  BOOST_TEST(lenient.Header("content-type").rfind("application/json", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(transport_get_invalid_json_and_mutation_via_get) {
  HttpResponse get = http->Get("/metadata?query=" + Encoded("{ objects(paging: {first: 2}) { edges { node { id } } } }"));
  BOOST_TEST(get.status == 200, get.body);
  BOOST_TEST(Json(get.body).Size("/data/objects/edges") == 2, get.body);

  HttpResponse get_vars =
      http->Get("/metadata?query=" + Encoded("query($n: Int) { objects(paging: {first: $n}) { edges { cursor } } }") +
                "&variables=" + Encoded(R"({"n":3})"));
  BOOST_TEST(Json(get_vars.body).Size("/data/objects/edges") == 3, get_vars.body);

  HttpResponse mutation = http->Get(
      "/metadata?query=" + Encoded(R"(mutation { deleteOneObject(input: {id: "00000000-0000-4000-8000-000000000000"}) { id } })"));
  BOOST_TEST(mutation.status == 405, mutation.body);
  BOOST_TEST(mutation.Header("allow") == "POST");
  BOOST_TEST(Json(mutation.body).Str("/errors/0/message") == "Can only perform a mutation operation from a POST request.");

  HttpResponse invalid = http->Post("/metadata", "{\"query\": ");
  BOOST_TEST(invalid.status == 400, invalid.body);
  BOOST_TEST(Json(invalid.body).Str("/errors/0/message") == "POST body sent invalid JSON.");

  HttpResponse no_query = http->Post("/metadata", R"({"variables":{}})");
  BOOST_TEST(no_query.status == 200, no_query.body);
  BOOST_TEST(Json(no_query.body).Str("/errors/0/message") == "Must provide query string.");
  HttpResponse no_query_strict =
      http->Request("POST", "/metadata", R"({})", {{"Accept", "application/graphql-response+json"}});
  BOOST_TEST(no_query_strict.status == 400, no_query_strict.body);

  HttpResponse extra = http->Post("/metadata", R"({"query":"{ objects { edges { cursor } } }","foo":1})");
  BOOST_TEST(extra.status == 400);
  BOOST_TEST(Json(extra.body).Str("/errors/0/message") == "Unexpected parameter \"foo\" in the request body.");

  HttpResponse two_ops = http->Post("/metadata", Body("query A { objects { edges { cursor } } } query B { fields { "
                                                      "edges { cursor } } }"));
  BOOST_TEST(two_ops.status == 400);
  HttpResponse picked = http->Post(
      "/metadata",
      R"({"query":"query A { objects { edges { cursor } } } query B { fields(paging: {first: 1}) { edges { cursor } } }","operationName":"B"})");
  BOOST_TEST(Json(picked.body).Size("/data/fields/edges") == 1, picked.body);
}

BOOST_AUTO_TEST_CASE(introspection_passes_graphql_js_validation) {
  const std::filesystem::path here = std::filesystem::path(__FILE__).parent_path();
  const std::string script = (here / "graphql_schema_check.mjs").string();
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    BOOST_TEST_MESSAGE("!!!!!!!! node is not installed: SKIPPING the graphql-js check of the /metadata schema !!!!!!!!");
    return;
  }
  BOOST_TEST_REQUIRE((std::filesystem::exists(here / "node_modules" / "graphql") ||
                      std::filesystem::exists("/usr/share/nodejs/graphql")),
                     "graphql-js missing: tools/run installs Debian's node-graphql");

  std::string query;
  {
    FILE* p = ::popen(("node '" + script + "' --print-query").c_str(), "r");
    BOOST_TEST_REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) query.append(buf, n);
    BOOST_TEST_REQUIRE(::pclose(p) == 0);
  }
  BOOST_TEST_REQUIRE(query.find("__schema") != std::string::npos);
  HttpResponse r = http->Post("/metadata", Body(query));
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 2000));
  Json j(r.body);
  BOOST_TEST_REQUIRE(!j.Has("/errors"), r.body.substr(0, 2000));
  BOOST_TEST(j.Str("/data/__schema/queryType/name") == "Query");
  BOOST_TEST(j.Str("/data/__schema/mutationType/name") == "Mutation");

  const std::string file = dir.Sub("metadata-introspection.json");
  {
    std::ofstream out(file);
    out << r.body;
  }
  const std::string command = "node '" + script + "' '" + file + "' 2>&1";
  std::string output;
  FILE* p = ::popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  const int rc = ::pclose(p);
  BOOST_TEST(rc == 0, output);
  BOOST_TEST_MESSAGE("graphql_schema_check: " << output);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

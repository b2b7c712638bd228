// End-to-end tests of /rest/metadata/objects (spec/metadata.md §2, §4-§5):
// legacy envelopes, paging, lookups by id and name, creating custom objects
// with their default fields and junction relations, updates with renames
// propagated, deactivation and deletion, and Twenty's errors for bad input.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/metadata_client.h"
#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

// The number of objects of a fresh workspace (storage/standard_objects.cpp).
constexpr int64_t kStandardObjects = 12;

int64_t ObjectCount(HttpClient& http) { return Json(http.Get("/rest/metadata/objects").body).Int("/totalCount"); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(metadata_objects, ServerFixture)

BOOST_AUTO_TEST_CASE(list_answers_every_object_with_fields_in_the_legacy_envelope) {
  HttpResponse r = http->Get("/rest/metadata/objects");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.IsArray("/data/objects"));
  BOOST_TEST(j.Int("/totalCount") == kStandardObjects);
  BOOST_TEST(j.Size("/data/objects") == kStandardObjects);
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 0);
  BOOST_TEST(j.Bool("/pageInfo/hasPreviousPage") == 0);
  BOOST_TEST(j.Str("/pageInfo/startCursor") == j.Str("/data/objects/0/id"));
  std::set<std::string> names;
  for (int64_t i = 0; i < j.Size("/data/objects"); ++i) {
    std::string p = "/data/objects/" + std::to_string(i);
    names.insert(j.Str(p + "/nameSingular"));
    BOOST_TEST(j.IsArray(p + "/fields"));
    BOOST_TEST(j.Size(p + "/fields") > 0);
    if (i > 0) BOOST_TEST(j.Str("/data/objects/" + std::to_string(i - 1) + "/id") < j.Str(p + "/id"));
  }
  BOOST_TEST(names.count("person") == 1u);
  BOOST_TEST(names.count("timelineActivity") == 1u);

  Json person(http->Get("/rest/metadata/objects/person").body);
  BOOST_TEST(person.Str("/data/object/namePlural") == "people");
  BOOST_TEST(person.Str("/data/object/labelSingular") == "Person");
  BOOST_TEST(person.Bool("/data/object/isCustom") == 0);
  BOOST_TEST(person.Bool("/data/object/isSystem") == 0);
  std::string name = FieldPointer(person, "/data/object", "name");
  BOOST_TEST_REQUIRE(!name.empty());
  BOOST_TEST(person.Str(name + "/type") == "FULL_NAME");
  BOOST_TEST(person.Str("/data/object/labelIdentifierFieldMetadataId") == person.Str(name + "/id"));
  BOOST_TEST(person.Str("/data/object/imageIdentifierFieldMetadataId") ==
             person.Str(FieldPointer(person, "/data/object", "avatarUrl") + "/id"));
  std::string company = FieldPointer(person, "/data/object", "company");
  BOOST_TEST(person.Str(company + "/relation/type") == "MANY_TO_ONE");
  BOOST_TEST(person.Str(company + "/relation/targetObjectMetadata/nameSingular") == "company");
  BOOST_TEST(person.Str(company + "/relation/targetFieldMetadata/name") == "people");
  BOOST_TEST(person.Str(company + "/relation/sourceObjectMetadata/namePlural") == "people");
  BOOST_TEST(person.Str(company + "/relation/sourceFieldMetadata/name") == "company");
  BOOST_TEST(person.Str(company + "/objectMetadataId") == person.Str("/data/object/id"));
  BOOST_TEST(person.IsNull(FieldPointer(person, "/data/object", "city") + "/relation"));
}

BOOST_AUTO_TEST_CASE(limit_and_id_cursors_page_through_objects) {
  Json first(http->Get("/rest/metadata/objects?limit=1").body);
  BOOST_TEST_REQUIRE(first.Size("/data/objects") == 1);
  BOOST_TEST(first.Bool("/pageInfo/hasNextPage") == 1);
  BOOST_TEST(first.Bool("/pageInfo/hasPreviousPage") == 0);
  BOOST_TEST(first.Str("/pageInfo/startCursor") == first.Str("/data/objects/0/id"));
  BOOST_TEST(first.Str("/pageInfo/endCursor") == first.Str("/data/objects/0/id"));
  BOOST_TEST(first.Int("/totalCount") == kStandardObjects);

  Json page1(http->Get("/rest/metadata/objects?limit=5").body);
  Json page2(http->Get("/rest/metadata/objects?limit=5&starting_after=" + page1.Str("/pageInfo/endCursor")).body);
  BOOST_TEST_REQUIRE(page2.Size("/data/objects") == 5);
  BOOST_TEST(page2.Str("/data/objects/0/id") > page1.Str("/data/objects/4/id"));
  BOOST_TEST(page2.Bool("/pageInfo/hasPreviousPage") == 1);
  BOOST_TEST(page2.Int("/totalCount") == page1.Int("/totalCount"));
  Json back(http->Get("/rest/metadata/objects?limit=2&ending_before=" + page2.Str("/pageInfo/startCursor")).body);
  BOOST_TEST_REQUIRE(back.Size("/data/objects") == 2);
  BOOST_TEST(back.Str("/data/objects/1/id") == page1.Str("/data/objects/4/id"));
  BOOST_TEST(back.Str("/data/objects/0/id") == page1.Str("/data/objects/3/id"));
  BOOST_TEST(back.Bool("/pageInfo/hasNextPage") == 1);
  Json last(http->Get("/rest/metadata/objects?limit=200&starting_after=" + page2.Str("/pageInfo/endCursor")).body);
  BOOST_TEST(last.Size("/data/objects") == kStandardObjects - 10);
  BOOST_TEST(last.Bool("/pageInfo/hasNextPage") == 0);
  Json none(http->Get("/rest/metadata/objects?limit=0").body);
  BOOST_TEST(none.Size("/data/objects") == 0);
  BOOST_TEST(none.IsNull("/pageInfo/startCursor"));

  const std::string id = first.Str("/data/objects/0/id");
  HttpResponse both = http->Get("/rest/metadata/objects?starting_after=" + id + "&ending_before=" + id);
  BOOST_TEST(RestErrorMismatch(both, 400, "BadRequestException",
                               "'starting_after' and 'ending_before' cannot be used together.") == "");
  HttpResponse bad_cursor = http->Get("/rest/metadata/objects?starting_after=not-a-uuid");
  BOOST_TEST(RestErrorMismatch(bad_cursor, 400, "BadRequestException", "Invalid cursor: not-a-uuid") == "");
  for (std::string limit : {"abc", "-1", "1.5"}) {
    HttpResponse bad = http->Get("/rest/metadata/objects?limit=" + limit);
    BOOST_TEST(RestErrorMismatch(bad, 400, "BadRequestException", "limit '" + limit + "' is invalid. Should be an integer") ==
               "");
  }
}

BOOST_AUTO_TEST_CASE(get_one_by_id_or_by_name) {
  const std::string id = Json(http->Get("/rest/metadata/objects/company").body).Str("/data/object/id");
  BOOST_TEST_REQUIRE(id.size() == 36u);
  for (std::string key : {id, std::string("companies")}) {
    HttpResponse r = http->Get("/rest/metadata/objects/" + key);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(Json(r.body).Str("/data/object/id") == id);
    BOOST_TEST(Json(r.body).Str("/data/object/nameSingular") == "company");
  }
  std::string upper = id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  BOOST_TEST(Json(http->Get("/rest/metadata/objects/" + upper).body).Str("/data/object/id") == id);

  HttpResponse unknown = http->Get("/rest/metadata/objects/20202020-0000-4000-8000-000000000000");
  BOOST_TEST(RestErrorMismatch(unknown, 404, "NotFoundException",
                               "Object metadata with id 20202020-0000-4000-8000-000000000000 not found") == "");
  HttpResponse bad = http->Get("/rest/metadata/objects/not-a-uuid");
  BOOST_TEST(RestErrorMismatch(bad, 400, "BadRequestException", "Validation failed (uuid is expected)") == "");
}

BOOST_AUTO_TEST_CASE(create_builds_default_fields_and_junction_relations_and_a_record_route) {
  HttpResponse r = http->Post(
      "/rest/metadata/objects",
      R"({"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet","labelPlural":"Pets","description":"A pet","icon":"IconPaw"})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  const std::string base = "/data/createOneObject";
  BOOST_TEST(j.Str(base + "/nameSingular") == "pet");
  BOOST_TEST(j.Str(base + "/description") == "A pet");
  BOOST_TEST(j.Bool(base + "/isCustom") == 1);
  BOOST_TEST(j.Bool(base + "/isActive") == 1);
  BOOST_TEST(j.Bool(base + "/isSystem") == 0);
  for (std::string name : {"id", "name", "createdAt", "updatedAt", "deletedAt", "createdBy", "updatedBy", "position",
                           "searchVector", "timelineActivities", "favorites", "attachments", "noteTargets",
                           "taskTargets"})
    BOOST_TEST(!FieldPointer(j, base, name).empty(), "missing field " << name);
  std::string name = FieldPointer(j, base, "name");
  BOOST_TEST(j.Str(name + "/type") == "TEXT");
  BOOST_TEST(j.Str(name + "/defaultValue") == "''");
  BOOST_TEST(j.Bool(name + "/isNullable") == 0);
  BOOST_TEST(j.Str(base + "/labelIdentifierFieldMetadataId") == j.Str(name + "/id"));
  BOOST_TEST(j.Str(FieldPointer(j, base, "id") + "/defaultValue") == "uuid");
  BOOST_TEST(j.Str(FieldPointer(j, base, "createdAt") + "/defaultValue") == "now");
  BOOST_TEST(j.Raw(FieldPointer(j, base, "createdBy") + "/defaultValue") == R"({"source":"'MANUAL'","name":"''"})");
  std::string notes = FieldPointer(j, base, "noteTargets");
  BOOST_TEST(j.Str(notes + "/relation/type") == "ONE_TO_MANY");
  BOOST_TEST(j.Str(notes + "/relation/targetFieldMetadata/name") == "pet");
  BOOST_TEST(j.Bool(notes + "/isSystem") == 1);
  BOOST_TEST(j.Str(FieldPointer(j, base, "timelineActivities") + "/relation/targetFieldMetadata/name") == "targetPet");

  Json note_target(http->Get("/rest/metadata/objects/noteTarget").body);
  std::string pet = FieldPointer(note_target, "/data/object", "pet");
  BOOST_TEST_REQUIRE(!pet.empty());
  BOOST_TEST(note_target.Str(pet + "/relation/type") == "MANY_TO_ONE");
  BOOST_TEST(note_target.Str(pet + "/relation/targetObjectMetadata/nameSingular") == "pet");
  BOOST_TEST(note_target.Raw(pet + "/settings") ==
             R"({"relationType":"MANY_TO_ONE","onDelete":"CASCADE","joinColumnName":"petId"})");
  BOOST_TEST(!FieldPointer(Json(http->Get("/rest/metadata/objects/timelineActivity").body), "/data/object", "targetPet")
                  .empty());
  BOOST_TEST(ObjectCount(*http) == kStandardObjects + 1);

  // The record API serves it at once, with its relations.
  std::string rex = Create("pets", "Pet", R"({"name":"Rex"})");
  HttpResponse link = http->Post("/rest/noteTargets", R"({"petId":")" + rex + R"("})");
  BOOST_TEST_REQUIRE(link.status == 201, link.body);
  Json pets(http->Get("/rest/pets?depth=1").body);
  BOOST_TEST(pets.Str("/data/pets/0/name") == "Rex");
  BOOST_TEST(pets.Str("/data/pets/0/noteTargets/0/petId") == rex);
  BOOST_TEST(Json(http->Get("/rest/pets/" + rex).body).Str("/data/pet/name") == "Rex");
}

BOOST_AUTO_TEST_CASE(bad_creates_answer_twentys_errors_and_change_nothing) {
  CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const int64_t before = ObjectCount(*http);
  struct Case {
    std::string body;
    std::string message;
  };
  const Case cases[] = {
      {R"({"nameSingular":"pet","namePlural":"petz","labelSingular":"P","labelPlural":"Ps"})", "Object already exists"},
      {R"({"nameSingular":"dog","namePlural":"pets","labelSingular":"P","labelPlural":"Ps"})", "Object already exists"},
      {R"({"nameSingular":"person","namePlural":"persons","labelSingular":"P","labelPlural":"Ps"})",
       "Object already exists"},
      {R"({"nameSingular":"Dog","namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs"})",
       "Name should be in camelCase: Dog"},
      {R"({"nameSingular":"dog","namePlural":"dog_s","labelSingular":"Dog","labelPlural":"Dogs"})",
       "Name should be in camelCase: dog_s"},
      {R"({"nameSingular":"user","namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs"})",
       "The name \"user\" is not available"},
      {R"({"nameSingular":"dog","namePlural":"","labelSingular":"Dog","labelPlural":"Dogs"})", "Input is too short: "},
      {R"({"nameSingular":"dog","namePlural":"dogs","labelSingular":"Dog","labelPlural":" "})", "Input is too short: "},
      {R"({"nameSingular":"dog","namePlural":"Dog","labelSingular":"Dog","labelPlural":"Dogs"})",
       "Name should be in camelCase: Dog"},
      {R"({"nameSingular":"dog","namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs","isLabelSyncedWithName":true,"x":1})",
       "Field \"x\" is not defined by type \"CreateObjectInput\"."},
      {R"({"nameSingular":"sheep","namePlural":"sheep","labelSingular":"Sheep","labelPlural":"Sheep"})",
       "The singular and plural name cannot be the same for an object"},
      {R"({"nameSingular":"dog","namePlural":"dogs","labelSingular":"Doggy","labelPlural":"Dogs","isLabelSyncedWithName":true})",
       "Name is not synced with label. Expected name: \"doggy\", got dog"},
      {R"({"nameSingular":"dog","namePlural":"dogs","labelSingular":"Dog"})",
       "Field \"CreateObjectInput.labelPlural\" of required type \"String!\" was not provided."},
      {R"({"nameSingular":5,"namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs"})",
       "String cannot represent a non string value: 5"},
      {R"({"nameSingular":"d\u00e9j\u00e0","namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs"})",
       "String \"d\u00e9j\u00e0\" is not valid"},
      {R"({"nameSingular":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","namePlural":"dogs","labelSingular":"Dog","labelPlural":"Dogs"})",
       "String \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" exceeds 63 characters limit"},
  };
  for (const auto& c : cases) {
    HttpResponse r = http->Post("/rest/metadata/objects", c.body);
    BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", c.message) == "", c.body);
  }
  HttpResponse not_json = http->Post("/rest/metadata/objects", "{nope");
  BOOST_TEST(not_json.status == 400);
  BOOST_TEST(ObjectCount(*http) == before);
  HttpResponse records = http->Get("/rest/dogs");
  BOOST_TEST(RestErrorMismatch(records, 400, "BadRequestException", "object 'dogs' not found. eg: companies") == "");
}

BOOST_AUTO_TEST_CASE(rename_follows_into_routes_records_and_junction_fields) {
  const std::string id = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const std::string rex = Create("pets", "Pet", R"({"name":"Rex"})");
  const std::string link = Create("noteTargets", "NoteTarget", R"({"petId":")" + rex + R"("})");

  HttpResponse r = http->Patch("/rest/metadata/objects/" + id,
                               R"({"nameSingular":"animal","namePlural":"animals","labelSingular":"Animal","labelPlural":"Animals"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/updateOneObject/nameSingular") == "animal");
  BOOST_TEST(j.Str(FieldPointer(j, "/data/updateOneObject", "noteTargets") + "/relation/targetFieldMetadata/name") ==
             "animal");

  BOOST_TEST(http->Get("/rest/pets").status == 400);
  Json animals(http->Get("/rest/animals").body);
  BOOST_TEST(animals.Str("/data/animals/0/id") == rex);
  BOOST_TEST(Json(http->Get("/rest/animals/" + rex).body).Str("/data/animal/name") == "Rex");
  Json target(http->Get("/rest/noteTargets/" + link).body);
  BOOST_TEST(target.Str("/data/noteTarget/animalId") == rex);
  BOOST_TEST(!target.Has("/data/noteTarget/petId"));
  Json nt(http->Get("/rest/metadata/objects/noteTarget").body);
  std::string animal = FieldPointer(nt, "/data/object", "animal");
  BOOST_TEST_REQUIRE(!animal.empty());
  BOOST_TEST(nt.Str(animal + "/label") == "Animal");
  BOOST_TEST(FieldPointer(nt, "/data/object", "pet").empty());
  BOOST_TEST(!FieldPointer(Json(http->Get("/rest/metadata/objects/timelineActivity").body), "/data/object",
                           "targetAnimal")
                  .empty());
  // Filters and depth use the new names.
  Json filtered(http->Get("/rest/noteTargets?filter=animalId[eq]:" + rex + "&depth=1").body);
  BOOST_TEST(filtered.Int("/totalCount") == 1);
  BOOST_TEST(filtered.Str("/data/noteTargets/0/animal/name") == "Rex");

  // PUT behaves as PATCH; a name given as the path works too.
  HttpResponse put = http->Put("/rest/metadata/objects/animals", R"({"labelPlural":"Beasts","description":null})");
  BOOST_TEST_REQUIRE(put.status == 200, put.body);
  BOOST_TEST(Json(put.body).Str("/data/updateOneObject/labelPlural") == "Beasts");
  BOOST_TEST(Json(put.body).IsNull("/data/updateOneObject/description"));

  HttpResponse taken = http->Patch("/rest/metadata/objects/" + id, R"({"namePlural":"people"})");
  BOOST_TEST(RestErrorMismatch(taken, 400, "BadRequestException", "Object already exists") == "");
  HttpResponse unknown =
      http->Patch("/rest/metadata/objects/20202020-0000-4000-8000-000000000000", R"({"labelSingular":"X"})");
  BOOST_TEST(unknown.status == 404);
  HttpResponse bad_key = http->Patch("/rest/metadata/objects/" + id, R"({"fields":[]})");
  BOOST_TEST(RestErrorMismatch(bad_key, 400, "BadRequestException",
                               "Field \"fields\" is not defined by type \"UpdateObjectPayload\".") == "");
}

BOOST_AUTO_TEST_CASE(standard_objects_take_only_labels_icon_description_and_is_active) {
  HttpResponse ok = http->Patch("/rest/metadata/objects/person", R"({"labelSingular":"Contact","icon":"IconAddressBook"})");
  BOOST_TEST_REQUIRE(ok.status == 200, ok.body);
  BOOST_TEST(Json(ok.body).Str("/data/updateOneObject/labelSingular") == "Contact");
  BOOST_TEST(Json(ok.body).Str("/data/updateOneObject/nameSingular") == "person");
  HttpResponse rename = http->Patch("/rest/metadata/objects/person", R"({"nameSingular":"human","shortcut":"H"})");
  BOOST_TEST(RestErrorMismatch(rename, 400, "BadRequestException",
                               "Only isActive, isLabelSyncedWithName, labelSingular, labelPlural, icon and description "
                               "fields can be updated for standard objects. Disallowed fields: nameSingular, shortcut") ==
             "");
  HttpResponse del = http->Delete("/rest/metadata/objects/person");
  BOOST_TEST(RestErrorMismatch(del, 400, "BadRequestException", "Standard objects cannot be deleted") == "");
  BOOST_TEST(Json(http->Get("/rest/metadata/objects/person").body).Str("/data/object/nameSingular") == "person");
}

BOOST_AUTO_TEST_CASE(deactivate_hides_the_record_api_then_delete_removes_everything) {
  const std::string id = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const std::string rex = Create("pets", "Pet", R"({"name":"Rex"})");
  Create("noteTargets", "NoteTarget", R"({"petId":")" + rex + R"("})");

  // The fields that carry the junction relations belong to Twenty.
  const std::string junction_field = FieldIdOf(*http, "noteTarget", "pet");
  BOOST_TEST(RestErrorMismatch(http->Delete("/rest/metadata/fields/" + junction_field), 400, "BadRequestException",
                               "Standard Fields can't be deleted") == "");
  const std::string inverse_field = FieldIdOf(*http, "pet", "noteTargets");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/metadata/fields/" + inverse_field, R"({"isActive":false})"), 400,
                               "BadRequestException", "Cannot deactivate system field") == "");
  BOOST_TEST(RestErrorMismatch(http->Delete("/rest/metadata/fields/" + inverse_field), 400, "BadRequestException",
                               "Standard Fields can't be deleted") == "");

  HttpResponse active = http->Delete("/rest/metadata/objects/" + id);
  BOOST_TEST(RestErrorMismatch(active, 400, "BadRequestException", "Active objects cannot be deleted") == "");
  BOOST_TEST(http->Get("/rest/pets").status == 200);

  HttpResponse off = http->Patch("/rest/metadata/objects/" + id, R"({"isActive":false})");
  BOOST_TEST_REQUIRE(off.status == 200, off.body);
  BOOST_TEST(Json(off.body).Bool("/data/updateOneObject/isActive") == 0);
  for (std::string path : {std::string("/rest/pets"), "/rest/pets/" + rex}) {
    HttpResponse r = http->Get(path);
    BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", "object 'pets' not found. eg: companies") == "", path);
  }
  HttpResponse create = http->Post("/rest/pets", R"({"name":"Fido"})");
  BOOST_TEST(create.status == 400);
  Json nt(http->Get("/rest/metadata/objects/noteTarget").body);
  BOOST_TEST(nt.Bool(FieldPointer(nt, "/data/object", "pet") + "/isActive") == 0);
  BOOST_TEST(!Json(http->Get("/rest/noteTargets").body).Has("/data/noteTargets/0/petId"));
  // Still listed by the metadata API.
  BOOST_TEST(Json(http->Get("/rest/metadata/objects/" + id).body).Bool("/data/object/isActive") == 0);

  // Back on: the records were kept.
  BOOST_TEST(http->Patch("/rest/metadata/objects/" + id, R"({"isActive":true})").status == 200);
  BOOST_TEST(Json(http->Get("/rest/pets/" + rex).body).Str("/data/pet/name") == "Rex");
  BOOST_TEST(http->Patch("/rest/metadata/objects/" + id, R"({"isActive":false})").status == 200);

  HttpResponse del = http->Delete("/rest/metadata/objects/" + id);
  BOOST_TEST_REQUIRE(del.status == 200, del.body);
  BOOST_TEST(Json(del.body).Str("/data/deleteOneObject/id") == id);
  BOOST_TEST(Json(del.body).Str("/data/deleteOneObject/nameSingular") == "pet");
  BOOST_TEST(http->Get("/rest/metadata/objects/" + id).status == 404);
  BOOST_TEST(http->Delete("/rest/metadata/objects/" + id).status == 404);
  BOOST_TEST(ObjectCount(*http) == kStandardObjects);
  Json after(http->Get("/rest/metadata/objects/noteTarget").body);
  BOOST_TEST(FieldPointer(after, "/data/object", "pet").empty());
  BOOST_TEST(FieldPointer(Json(http->Get("/rest/metadata/objects/timelineActivity").body), "/data/object", "targetPet")
                 .empty());

  // The name is free again, and the new object starts empty.
  CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  BOOST_TEST(Json(http->Get("/rest/pets").body).Int("/totalCount") == 0);
  BOOST_TEST(http->Get("/rest/pets/" + rex).status == 404);
}

BOOST_AUTO_TEST_CASE(concurrent_creates_of_one_name_make_one_object_while_reads_go_on) {
  constexpr int kWriters = 6;
  std::atomic<int> created{0}, refused{0}, reads_ok{0};
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    HttpClient c(server.port(), server.initial_token());
    // At least one read, however fast the writers are done.
    do {
      reads_ok += c.Get("/rest/people?limit=5").status == 200;
    } while (!stop);
  });
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      HttpClient c(server.port(), server.initial_token());
      HttpResponse r = c.Post("/rest/metadata/objects",
                              R"({"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet","labelPlural":"Pets"})");
      if (r.status == 201) ++created;
      if (r.status == 400 && Json(r.body).Str("/messages/0") == "Object already exists") ++refused;
    });
  }
  for (auto& t : writers) t.join();
  stop = true;
  reader.join();
  BOOST_TEST(created.load() == 1);
  BOOST_TEST(refused.load() == kWriters - 1);
  BOOST_TEST(reads_ok.load() > 0);
  BOOST_TEST(ObjectCount(*http) == kStandardObjects + 1);
  BOOST_TEST(!FieldIdOf(*http, "noteTarget", "pet").empty());
}

BOOST_AUTO_TEST_CASE(unknown_metadata_paths_and_missing_auth) {
  HttpResponse r = http->Get("/rest/metadata/foo");
  BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException",
                               "Query path '/rest/metadata/foo' invalid. Metadata path \"foo\" does not exist. Valid "
                               "examples: /rest/metadata/fields or /rest/metadata/objects or /rest/metadata/relations") ==
             "");
  HttpResponse r2 = http->Delete("/rest/metadata/bar/123");
  BOOST_TEST(RestErrorMismatch(r2, 400, "BadRequestException", "Metadata path \"bar\" does not exist",
                               MessageMatch::kContains) == "");
  HttpResponse root = http->Get("/rest/metadata");
  BOOST_TEST(RestErrorMismatch(root, 400, "BadRequestException",
                               "Query path '/rest/metadata' invalid. Valid examples: /rest/metadata/fields or "
                               "/rest/metadata/objects/id") == "");
  // Without a token: the auth guard's answer, as on every /rest route.
  HttpClient anonymous(server.port(), "");
  BOOST_TEST(anonymous.Get("/rest/metadata/objects").status == 403);
  BOOST_TEST(anonymous.Post("/rest/metadata/objects", "{}").status == 403);
  BOOST_TEST(anonymous.Get("/rest/metadata/foo").status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

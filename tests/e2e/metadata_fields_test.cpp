// End-to-end tests of /rest/metadata/fields (spec/metadata.md §3-§5): the
// legacy envelopes, creating fields that the record API serves at once
// (read, write, filter, sort), SELECT options and their updates, RATING,
// settings, relations with both sides, renames, deactivation, deletion, and
// Twenty's errors for bad input.
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/metadata_client.h"
#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

int64_t FieldCount(HttpClient& http) { return Json(http.Get("/rest/metadata/fields?limit=0").body).Int("/totalCount"); }

std::string ObjectId(HttpClient& http, const std::string& name) {
  return Json(http.Get("/rest/metadata/objects/" + name).body).Str("/data/object/id");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(metadata_fields, ServerFixture)

BOOST_AUTO_TEST_CASE(list_and_get_fields) {
  HttpResponse r = http->Get("/rest/metadata/fields");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  const int64_t total = j.Int("/totalCount");
  BOOST_TEST(total > 100);
  BOOST_TEST(j.Size("/data/fields") == total);
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 0);

  Json page1(http->Get("/rest/metadata/fields?limit=2").body);
  BOOST_TEST(page1.Size("/data/fields") == 2);
  BOOST_TEST(page1.Bool("/pageInfo/hasNextPage") == 1);
  Json page2(http->Get("/rest/metadata/fields?limit=2&starting_after=" + page1.Str("/pageInfo/endCursor")).body);
  BOOST_TEST(page2.Str("/data/fields/0/id") > page1.Str("/data/fields/1/id"));
  BOOST_TEST(page2.Int("/totalCount") == total);

  const std::string stage = FieldIdOf(*http, "opportunity", "stage");
  HttpResponse one = http->Get("/rest/metadata/fields/" + stage);
  BOOST_TEST_REQUIRE(one.status == 200, one.body);
  Json f(one.body);
  BOOST_TEST(f.Str("/data/field/name") == "stage");
  BOOST_TEST(f.Str("/data/field/type") == "SELECT");
  BOOST_TEST(f.Str("/data/field/defaultValue") == "'NEW'");
  BOOST_TEST(f.Str("/data/field/objectMetadataId") == ObjectId(*http, "opportunity"));
  BOOST_TEST(f.Size("/data/field/options") == 5);
  BOOST_TEST(f.Str("/data/field/options/0/value") == "NEW");
  BOOST_TEST(f.Str("/data/field/options/0/color") == "red");
  BOOST_TEST(f.Int("/data/field/options/4/position") == 4);
  BOOST_TEST(f.IsNull("/data/field/relation"));

  HttpResponse unknown = http->Get("/rest/metadata/fields/20202020-0000-4000-8000-000000000000");
  BOOST_TEST(RestErrorMismatch(unknown, 404, "NotFoundException",
                               "Field metadata with id 20202020-0000-4000-8000-000000000000 not found") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/metadata/fields/123"), 400, "BadRequestException",
                               "Validation failed (uuid is expected)") == "");
  HttpResponse bad_limit = http->Get("/rest/metadata/fields?limit=x");
  BOOST_TEST(RestErrorMismatch(bad_limit, 400, "BadRequestException", "limit 'x' is invalid. Should be an integer") == "");
}

BOOST_AUTO_TEST_CASE(a_new_field_is_readable_writable_filterable_and_sortable_at_once) {
  const std::string before_id = Create("people", "Person", R"({"city":"Old"})");
  const int64_t fields_before = FieldCount(*http);
  HttpResponse r = http->Post("/rest/metadata/fields", R"({"objectMetadataId":")" + ObjectId(*http, "person") +
                                                           R"(","type":"NUMBER","name":"shoeSize","label":"Shoe size",)"
                                                           R"("description":"EU size","settings":{"decimals":1,"type":"number"}})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/createOneField/name") == "shoeSize");
  BOOST_TEST(j.Bool("/data/createOneField/isCustom") == 1);
  BOOST_TEST(j.Bool("/data/createOneField/isActive") == 1);
  BOOST_TEST(j.Bool("/data/createOneField/isNullable") == 1);
  BOOST_TEST(j.IsNull("/data/createOneField/defaultValue"));
  BOOST_TEST(j.Raw("/data/createOneField/settings") == R"({"decimals":1,"type":"number"})");
  BOOST_TEST(FieldCount(*http) == fields_before + 1);

  // An older record reads the new field as null; new ones take values.
  BOOST_TEST(Json(http->Get("/rest/people/" + before_id).body).IsNull("/data/person/shoeSize"));
  Create("people", "Person", R"({"city":"A","shoeSize":44})");
  Create("people", "Person", R"({"city":"B","shoeSize":38.5})");
  const std::string c = Create("people", "Person", R"({"city":"C","shoeSize":41})");
  BOOST_TEST(http->Patch("/rest/people/" + c, R"({"shoeSize":42})").status == 200);
  Json filtered(http->Get("/rest/people?filter=shoeSize[gte]:40&order_by=shoeSize[DescNullsLast]").body);
  BOOST_TEST_REQUIRE(filtered.Int("/totalCount") == 2, filtered.text());
  BOOST_TEST(filtered.Num("/data/people/0/shoeSize") == 44);
  BOOST_TEST(filtered.Num("/data/people/1/shoeSize") == 42);
  Json asc(http->Get("/rest/people?order_by=shoeSize[AscNullsFirst]").body);
  BOOST_TEST(asc.IsNull("/data/people/0/shoeSize"));
  BOOST_TEST(asc.Num("/data/people/1/shoeSize") == 38.5);
  HttpResponse bad = http->Post("/rest/people", R"({"shoeSize":"big"})");
  BOOST_TEST(RestErrorMismatch(bad, 400, "BadRequestException", "Invalid number value 'big' for field \"shoeSize\"") ==
             "");
}

BOOST_AUTO_TEST_CASE(select_options_validate_records_and_their_updates_migrate_values) {
  const std::string object = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  HttpResponse r = http->Post(
      "/rest/metadata/fields",
      R"({"objectMetadataId":")" + object + R"(","type":"SELECT","name":"species","label":"Species",)"
      R"("defaultValue":"'DOG'","options":[{"value":"DOG","label":"Dog","color":"blue","position":0},)"
      R"({"value":"CAT","label":"Cat","color":"red","position":1},{"value":"BIRD","label":"Bird","color":"green","position":2}]})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json field(r.body);
  const std::string field_id = field.Str("/data/createOneField/id");
  BOOST_TEST(field.Str("/data/createOneField/defaultValue") == "'DOG'");
  BOOST_TEST(field.Size("/data/createOneField/options") == 3);
  const std::string cat_option = field.Str("/data/createOneField/options/1/id");
  BOOST_TEST(cat_option.size() == 36u);

  const std::string dog = Create("pets", "Pet", R"({"name":"Rex"})");
  BOOST_TEST(Json(http->Get("/rest/pets/" + dog).body).Str("/data/pet/species") == "DOG");
  const std::string cat = Create("pets", "Pet", R"({"name":"Tom","species":"CAT"})");
  const std::string bird = Create("pets", "Pet", R"({"name":"Tweety","species":"BIRD"})");
  HttpResponse bad = http->Post("/rest/pets", R"({"species":"FISH"})");
  BOOST_TEST(RestErrorMismatch(bad, 400, "BadRequestException", "Invalid value 'FISH' for field \"species\"") == "");
  BOOST_TEST(Json(http->Get("/rest/pets?filter=species[in]:[CAT,BIRD]").body).Int("/totalCount") == 2);

  // Rename CAT to FELINE (same option id), drop BIRD, add FISH.
  HttpResponse update = http->Patch(
      "/rest/metadata/fields/" + field_id,
      R"({"options":[{"value":"DOG","label":"Dog","color":"blue","position":0},)"
      R"({"id":")" + cat_option + R"(","value":"FELINE","label":"Feline","color":"red","position":1},)"
      R"({"value":"FISH","label":"Fish","color":"sky","position":2}]})");
  BOOST_TEST_REQUIRE(update.status == 200, update.body);
  BOOST_TEST(Json(update.body).Str("/data/updateOneField/options/1/value") == "FELINE");
  BOOST_TEST(Json(update.body).Str("/data/updateOneField/options/1/id") == cat_option);
  BOOST_TEST(Json(http->Get("/rest/pets/" + cat).body).Str("/data/pet/species") == "FELINE");
  // A removed value becomes the field's default (null without one), as in
  // Twenty's enum column migration.
  BOOST_TEST(Json(http->Get("/rest/pets/" + bird).body).Str("/data/pet/species") == "DOG");
  BOOST_TEST(Json(http->Get("/rest/pets/" + dog).body).Str("/data/pet/species") == "DOG");
  BOOST_TEST(Create("pets", "Pet", R"({"name":"Nemo","species":"FISH"})").size() == 36u);
  BOOST_TEST(http->Post("/rest/pets", R"({"species":"CAT"})").status == 400);
  HttpResponse old_filter = http->Get("/rest/pets?filter=species[eq]:CAT");
  BOOST_TEST(old_filter.status == 400);
  BOOST_TEST(Json(http->Get("/rest/pets?filter=species[eq]:FELINE").body).Int("/totalCount") == 1);

  // MULTI_SELECT: lists keep renamed values and lose removed ones.
  HttpResponse multi = http->Post(
      "/rest/metadata/fields",
      R"({"objectMetadataId":")" + object + R"(","type":"MULTI_SELECT","name":"tags","label":"Tags",)"
      R"("options":[{"value":"CUTE","label":"Cute","color":"pink"},{"value":"LOUD","label":"Loud","color":"red"}]})");
  BOOST_TEST_REQUIRE(multi.status == 201, multi.body);
  Json m(multi.body);
  BOOST_TEST(m.Int("/data/createOneField/options/1/position") == 1);
  BOOST_TEST(http->Patch("/rest/pets/" + dog, R"({"tags":["CUTE","LOUD"]})").status == 200);
  HttpResponse shrink = http->Patch("/rest/metadata/fields/" + m.Str("/data/createOneField/id"),
                                    R"({"options":[{"id":")" + m.Str("/data/createOneField/options/0/id") +
                                        R"(","value":"ADORABLE","label":"Adorable","color":"pink","position":0}]})");
  BOOST_TEST_REQUIRE(shrink.status == 200, shrink.body);
  BOOST_TEST(Json(http->Get("/rest/pets/" + dog).body).Raw("/data/pet/tags") == R"(["ADORABLE"])");
}

BOOST_AUTO_TEST_CASE(a_default_reaches_existing_records_and_survives_a_kill) {
  // Postgres' ADD COLUMN ... DEFAULT gives Twenty's existing rows the
  // default; vingt carries that rewrite, and an options update's, in the
  // one WAL record of the change, so a kill -9 right after the answer
  // leaves every record migrated.
  const std::string object = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  std::vector<std::string> pets;
  for (const char* name : {"Rex", "Tom", "Tweety"})
    pets.push_back(Create("pets", "Pet", R"({"name":")" + std::string(name) + R"("})"));
  HttpResponse field = http->Post(
      "/rest/metadata/fields",
      R"({"objectMetadataId":")" + object + R"(","type":"SELECT","name":"species","label":"Species",)"
      R"("defaultValue":"'DOG'","options":[{"value":"DOG","label":"Dog","color":"blue","position":0},)"
      R"({"value":"CAT","label":"Cat","color":"red","position":1},{"value":"BIRD","label":"Bird","color":"green","position":2}]})");
  BOOST_TEST_REQUIRE(field.status == 201, field.body);
  Json f(field.body);
  HttpResponse legs = http->Post("/rest/metadata/fields", R"({"objectMetadataId":")" + object +
                                                              R"(","type":"NUMBER","name":"legs","label":"Legs","defaultValue":4})");
  BOOST_TEST_REQUIRE(legs.status == 201, legs.body);
  for (const auto& id : pets) {
    Json pet(http->Get("/rest/pets/" + id).body);
    BOOST_TEST(pet.Str("/data/pet/species") == "DOG");
    BOOST_TEST(pet.Raw("/data/pet/legs") == "4");
  }
  BOOST_TEST(http->Patch("/rest/pets/" + pets[1], R"({"species":"CAT"})").status == 200);
  BOOST_TEST(http->Patch("/rest/pets/" + pets[2], R"({"species":"BIRD"})").status == 200);
  // CAT becomes FELINE (same option id), BIRD goes (its records fall back
  // to the default).
  HttpResponse update = http->Patch(
      "/rest/metadata/fields/" + f.Str("/data/createOneField/id"),
      R"({"options":[{"value":"DOG","label":"Dog","color":"blue","position":0},{"id":")" +
          f.Str("/data/createOneField/options/1/id") +
          R"(","value":"FELINE","label":"Feline","color":"red","position":1}]})");
  BOOST_TEST_REQUIRE(update.status == 200, update.body);
  const std::string token = server.initial_token();  // printed on the first start only
  http.reset();
  server.Kill(SIGKILL);
  BOOST_TEST(server.Wait(5000) == 128 + SIGKILL);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  const char* expected[] = {"DOG", "FELINE", "DOG"};
  for (size_t i = 0; i < pets.size(); ++i) {
    Json pet(http->Get("/rest/pets/" + pets[i]).body);
    BOOST_TEST(pet.Str("/data/pet/species") == expected[i], "pet " << i);
    BOOST_TEST(pet.Raw("/data/pet/legs") == "4");
  }
  BOOST_TEST(Json(http->Get("/rest/pets?filter=species[eq]:DOG").body).Int("/totalCount") == 2);
}

BOOST_AUTO_TEST_CASE(standard_select_options_are_editable) {
  const std::string stage = FieldIdOf(*http, "opportunity", "stage");
  Json field(http->Get("/rest/metadata/fields/" + stage).body);
  auto id_of = [&](int i) { return field.Str("/data/field/options/" + std::to_string(i) + "/id"); };
  const std::string screening = Create("opportunities", "Opportunity", R"({"name":"A","stage":"SCREENING"})");
  const std::string meeting = Create("opportunities", "Opportunity", R"({"name":"B","stage":"MEETING"})");
  // Keep NEW, rename MEETING to DEMO, drop SCREENING, keep the rest, add LOST.
  const std::string options =
      R"([{"id":")" + id_of(0) + R"(","value":"NEW","label":"New","color":"red","position":0},)"
      R"({"id":")" + id_of(2) + R"(","value":"DEMO","label":"Demo","color":"sky","position":1},)"
      R"({"id":")" + id_of(3) + R"(","value":"PROPOSAL","label":"Proposal","color":"turquoise","position":2},)"
      R"({"id":")" + id_of(4) + R"(","value":"CUSTOMER","label":"Customer","color":"yellow","position":3},)"
      R"({"value":"LOST","label":"Lost","color":"gray","position":4}])";
  HttpResponse r = http->Patch("/rest/metadata/fields/" + stage, R"({"options":)" + options + "}");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Str("/data/updateOneField/defaultValue") == "'NEW'");
  BOOST_TEST(Json(r.body).Size("/data/updateOneField/options") == 5);
  // The removed value falls back to the (non-nullable) field's default.
  BOOST_TEST(Json(http->Get("/rest/opportunities/" + screening).body).Str("/data/opportunity/stage") == "NEW");
  BOOST_TEST(Json(http->Get("/rest/opportunities/" + meeting).body).Str("/data/opportunity/stage") == "DEMO");
  BOOST_TEST(Create("opportunities", "Opportunity", R"({"name":"C","stage":"LOST"})").size() == 36u);
  Json picklist(http->Get("/rest/metadata/picklists?objectName=opportunity&fieldName=stage").body);
  BOOST_TEST(picklist.Str("/data/picklists/0/options/1/value") == "DEMO");
}

BOOST_AUTO_TEST_CASE(rating_options_are_generated) {
  const std::string object = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  HttpResponse r = http->Post("/rest/metadata/fields",
                              R"({"objectMetadataId":")" + object +
                                  R"(","type":"RATING","name":"cuteness","label":"Cuteness","options":[{"value":"X","label":"x"}]})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Size("/data/createOneField/options") == 5);
  BOOST_TEST(j.Str("/data/createOneField/options/0/value") == "RATING_1");
  BOOST_TEST(j.Str("/data/createOneField/options/4/label") == "5");
  BOOST_TEST(j.Int("/data/createOneField/options/2/position") == 2);
  BOOST_TEST(!j.Has("/data/createOneField/options/0/color"));
  const std::string id = Create("pets", "Pet", R"({"cuteness":"RATING_5"})");
  BOOST_TEST(Json(http->Get("/rest/pets?filter=cuteness[eq]:RATING_5").body).Str("/data/pets/0/id") == id);
  BOOST_TEST(http->Post("/rest/pets", R"({"cuteness":"RATING_6"})").status == 400);
}

BOOST_AUTO_TEST_CASE(bad_field_inputs_answer_twentys_errors_and_change_nothing) {
  const std::string person = ObjectId(*http, "person");
  const std::string pet = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const int64_t before = FieldCount(*http);
  struct Case {
    std::string body;
    int status;
    std::string message;
  };
  auto on = [](const std::string& object, const std::string& rest) {
    return R"({"objectMetadataId":")" + object + R"(",)" + rest + "}";
  };
  const Case cases[] = {
      {on(person, R"("type":"TEXT","name":"city","label":"City 2")"), 400,
       "Name \"city\" is not available, check that it is not duplicating another field's name."},
      {on(person, R"("type":"TEXT","name":"nameFirstName","label":"X")"), 400,
       "Name \"nameFirstName\" is not available, check that it is not duplicating another field's name."},
      {on(person, R"("type":"TEXT","name":"companyId","label":"X")"), 400,
       "Name \"companyId\" is not available, check that it is not duplicating another field's name."},
      {on(person, R"("type":"FOO","name":"foo","label":"Foo")"), 400,
       "Value \"FOO\" does not exist in \"FieldMetadataType\" enum."},
      {on(person, R"("type":"TEXT","name":"Foo","label":"Foo")"), 400, "Name should be in camelCase: Foo"},
      {on(person, R"("type":"TEXT","name":"type","label":"Type")"), 400, "The name \"type\" is not available"},
      {on(person, R"("type":"TEXT","name":"","label":"X")"), 400, "Input is too short: "},
      {on(person, R"("type":"SELECT","name":"level","label":"Level")"), 400, "Options are required for enum fields"},
      {on(person, R"("type":"SELECT","name":"level","label":"Level","options":[])"), 400,
       "Options are required for enum fields"},
      {on(person, R"("type":"SELECT","name":"level","label":"Level","options":[{"label":"Low","position":0}])"), 400,
       "Option value is required"},
      {on(person, R"("type":"SELECT","name":"level","label":"Level","options":[{"value":"low","label":"Low"}])"), 400,
       "Value must be in UPPER_CASE and follow snake_case \"low\""},
      {on(person, R"("type":"SELECT","name":"level","label":"Level","options":[{"value":"LOW"}])"), 400,
       "Option label is required"},
      {on(person,
          R"("type":"SELECT","name":"level","label":"Level","options":[{"value":"LOW","label":"A"},{"value":"LOW","label":"B"}])"),
       400, "Duplicated option value \"LOW\""},
      {on(person,
          R"("type":"SELECT","name":"level","label":"Level","defaultValue":"'HIGH'","options":[{"value":"LOW","label":"Low"}])"),
       400, "Default value \"'HIGH'\" must be one of the option values"},
      {on(person,
          R"("type":"MULTI_SELECT","name":"level","label":"Level","defaultValue":"'LOW'","options":[{"value":"LOW","label":"Low"}])"),
       400, "Default value for multi-select must be an array"},
      {on(person, R"("type":"NUMBER","name":"score","label":"Score","isNullable":false)"), 400,
       "Default value is required for non nullable fields"},
      {on(person, R"("type":"NUMBER","name":"score","label":"Score","settings":{"decimals":-1})"), 400,
       "Value for settings is invalid: decimals must not be less than 0"},
      {on(person, R"("type":"NUMBER","name":"score","label":"Score","settings":{"type":"weird"})"), 400,
       "Value for settings is invalid: type must be one of the following values: percentage, number, shortNumber"},
      {on(person, R"("type":"TEXT","name":"nick","label":"Nickname","isLabelSyncedWithName":true)"), 400,
       "Name is not synced with label. Expected name: \"nickname\", got nick"},
      {on(person, R"("type":"TEXT","name":"nick","label":"Nick","color":"red")"), 400,
       "Field \"color\" is not defined by type \"CreateFieldInput\"."},
      {on(person, R"("type":"MORPH_RELATION","name":"owner","label":"Owner")"), 400,
       "Morph Relation feature is not enabled for this workspace"},
      {on(pet, R"("type":"RELATION","name":"owner","label":"Owner")"), 400,
       "Relation creation payload is invalid: targetObjectMetadataId must be a UUID, targetFieldLabel must be a string, "
       "type must be one of the following values: ONE_TO_MANY, MANY_TO_ONE"},
      {on(pet,
          R"("type":"RELATION","name":"owner","label":"Owner","relationCreationPayload":{"type":"MANY_TO_ONE","targetObjectMetadataId":"20202020-0000-4000-8000-000000000000","targetFieldLabel":"Pets"})"),
       400, "Object metadata relation target not found for relation creation payload"},
      {on(pet,
          R"("type":"RELATION","name":"owner","label":"Owner","relationCreationPayload":{"type":"MANY_TO_ONE","targetObjectMetadataId":")" +
              person + R"(","targetFieldLabel":"City"})"),
       400, "Name \"city\" is not available"},
      {on("20202020-0000-4000-8000-000000000000", R"("type":"TEXT","name":"x","label":"X")"), 404,
       "Object metadata does not exist"},
      {R"({"type":"TEXT","name":"x","label":"X"})", 400,
       "Field \"CreateFieldInput.objectMetadataId\" of required type \"UUID!\" was not provided."},
  };
  for (const auto& c : cases) {
    HttpResponse r = http->Post("/rest/metadata/fields", c.body);
    BOOST_TEST(RestErrorMismatch(r, c.status, c.status == 404 ? "NotFoundException" : "BadRequestException",
                                 c.message) == "",
               c.body);
  }
  BOOST_TEST(FieldCount(*http) == before);
  BOOST_TEST(!Json(http->Get("/rest/people?limit=1").body).Has("/data/people/0/level"));
}

BOOST_AUTO_TEST_CASE(relation_fields_create_both_sides_and_are_deleted_together) {
  const std::string pet = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const std::string company = ObjectId(*http, "company");
  HttpResponse r = http->Post(
      "/rest/metadata/fields",
      R"({"objectMetadataId":")" + pet + R"(","type":"RELATION","name":"owner","label":"Owner","icon":"IconBuilding",)"
      R"("relationCreationPayload":{"type":"MANY_TO_ONE","targetObjectMetadataId":")" +
          company + R"(","targetFieldLabel":"Pets","targetFieldIcon":"IconPaw"}})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  const std::string owner_field = j.Str("/data/createOneField/id");
  BOOST_TEST(j.Str("/data/createOneField/relation/type") == "MANY_TO_ONE");
  BOOST_TEST(j.Str("/data/createOneField/relation/targetObjectMetadata/nameSingular") == "company");
  BOOST_TEST(j.Str("/data/createOneField/relation/targetFieldMetadata/name") == "pets");
  BOOST_TEST(j.Raw("/data/createOneField/settings") ==
             R"({"relationType":"MANY_TO_ONE","onDelete":"SET_NULL","joinColumnName":"ownerId"})");
  Json co(http->Get("/rest/metadata/objects/company").body);
  std::string pets = FieldPointer(co, "/data/object", "pets");
  BOOST_TEST_REQUIRE(!pets.empty());
  BOOST_TEST(co.Str(pets + "/relation/type") == "ONE_TO_MANY");
  BOOST_TEST(co.Str(pets + "/label") == "Pets");
  BOOST_TEST(co.Str(pets + "/icon") == "IconPaw");
  BOOST_TEST(co.Bool(pets + "/isCustom") == 1);

  const std::string acme = Create("companies", "Company", R"({"name":"Acme"})");
  const std::string rex = Create("pets", "Pet", R"({"name":"Rex","ownerId":")" + acme + R"("})");
  Create("pets", "Pet", R"({"name":"Stray"})");
  Json with_pets(http->Get("/rest/companies/" + acme + "?depth=1").body);
  BOOST_TEST(with_pets.Str("/data/company/pets/0/id") == rex);
  BOOST_TEST(Json(http->Get("/rest/pets?filter=ownerId[eq]:" + acme).body).Int("/totalCount") == 1);
  BOOST_TEST(Json(http->Get("/rest/pets/" + rex + "?depth=1").body).Str("/data/pet/owner/name") == "Acme");

  HttpResponse rename = http->Patch("/rest/metadata/fields/" + owner_field, R"({"name":"master"})");
  BOOST_TEST(RestErrorMismatch(rename, 400, "BadRequestException", "Name cannot be changed for relation fields") == "");
  HttpResponse active = http->Delete("/rest/metadata/fields/" + owner_field);
  BOOST_TEST(RestErrorMismatch(active, 400, "BadRequestException", "Active fields can't be deleted") == "");
  BOOST_TEST(http->Patch("/rest/metadata/fields/" + owner_field, R"({"isActive":false})").status == 200);
  BOOST_TEST(!Json(http->Get("/rest/pets/" + rex).body).Has("/data/pet/ownerId"));
  HttpResponse del = http->Delete("/rest/metadata/fields/" + owner_field);
  BOOST_TEST_REQUIRE(del.status == 200, del.body);
  BOOST_TEST(Json(del.body).Str("/data/deleteOneField/id") == owner_field);
  BOOST_TEST(http->Get("/rest/metadata/fields/" + owner_field).status == 404);
  BOOST_TEST(FieldPointer(Json(http->Get("/rest/metadata/objects/company").body), "/data/object", "pets").empty());
  BOOST_TEST(!Json(http->Get("/rest/companies/" + acme + "?depth=1").body).Has("/data/company/pets"));
}

BOOST_AUTO_TEST_CASE(updates_rename_relabel_and_protect_what_twenty_protects) {
  const std::string person = ObjectId(*http, "person");
  const std::string nick = CreateCustomField(*http, person, R"("type":"TEXT","name":"nick","label":"Nick")");
  const std::string ada = Create("people", "Person", R"({"nick":"ada"})");
  HttpResponse r = http->Patch("/rest/metadata/fields/" + nick,
                               R"({"name":"nickname","label":"Nickname","description":"Short name","icon":"IconTag"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Str("/data/updateOneField/name") == "nickname");
  BOOST_TEST(Json(r.body).Str("/data/updateOneField/description") == "Short name");
  Json rec(http->Get("/rest/people/" + ada).body);
  BOOST_TEST(rec.Str("/data/person/nickname") == "ada");
  BOOST_TEST(!rec.Has("/data/person/nick"));
  BOOST_TEST(Json(http->Get("/rest/people?filter=nickname[eq]:ada").body).Int("/totalCount") == 1);
  BOOST_TEST(http->Get("/rest/people?filter=nick[eq]:ada").status == 400);

  HttpResponse type = http->Patch("/rest/metadata/fields/" + nick, R"({"type":"NUMBER"})");
  BOOST_TEST(RestErrorMismatch(type, 400, "BadRequestException",
                               "Field \"type\" is not defined by type \"UpdateFieldInput\".") == "");
  HttpResponse taken = http->Patch("/rest/metadata/fields/" + nick, R"({"name":"city"})");
  BOOST_TEST(RestErrorMismatch(taken, 400, "BadRequestException",
                               "Name \"city\" is not available, check that it is not duplicating another field's name.") ==
             "");

  // Standard fields: the name stays, labels and activity change.
  const std::string city = FieldIdOf(*http, "person", "city");
  HttpResponse std_update = http->Patch("/rest/metadata/fields/" + city, R"({"name":"town","label":"Town"})");
  BOOST_TEST_REQUIRE(std_update.status == 200, std_update.body);
  BOOST_TEST(Json(std_update.body).Str("/data/updateOneField/name") == "city");
  BOOST_TEST(Json(std_update.body).Str("/data/updateOneField/label") == "Town");
  BOOST_TEST(RestErrorMismatch(http->Delete("/rest/metadata/fields/" + city), 400, "BadRequestException",
                               "Standard Fields can't be deleted") == "");
  const std::string name = FieldIdOf(*http, "person", "name");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/metadata/fields/" + name, R"({"isActive":false})"), 400,
                               "BadRequestException", "Cannot deactivate label identifier field") == "");
  BOOST_TEST(RestErrorMismatch(http->Delete("/rest/metadata/fields/" + name), 400, "BadRequestException",
                               "Cannot delete, please update the label identifier field first") == "");
  const std::string created_at = FieldIdOf(*http, "person", "createdAt");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/metadata/fields/" + created_at, R"({"isActive":false})"), 400,
                               "BadRequestException", "Cannot deactivate createdAt, updatedAt or deletedAt field") == "");
  BOOST_TEST(http->Patch("/rest/metadata/fields/20202020-0000-4000-8000-000000000000", R"({"label":"X"})").status == 404);

  // Deactivated fields leave records and filters; deleting them is final.
  BOOST_TEST(http->Patch("/rest/metadata/fields/" + nick, R"({"isActive":false})").status == 200);
  BOOST_TEST(!Json(http->Get("/rest/people/" + ada).body).Has("/data/person/nickname"));
  BOOST_TEST(http->Post("/rest/people", R"({"nickname":"x"})").status == 400);
  BOOST_TEST(http->Patch("/rest/metadata/fields/" + nick, R"({"isActive":true})").status == 200);
  BOOST_TEST(Json(http->Get("/rest/people/" + ada).body).Str("/data/person/nickname") == "ada");
  BOOST_TEST(http->Patch("/rest/metadata/fields/" + nick, R"({"isActive":false})").status == 200);
  HttpResponse del = http->Delete("/rest/metadata/fields/" + nick);
  BOOST_TEST_REQUIRE(del.status == 200, del.body);
  BOOST_TEST(Json(del.body).Str("/data/deleteOneField/name") == "nickname");
  // A new field of the same name starts empty: deleted values never come back.
  CreateCustomField(*http, person, R"("type":"TEXT","name":"nickname","label":"Nickname")");
  BOOST_TEST(Json(http->Get("/rest/people/" + ada).body).Str("/data/person/nickname") == "");
}

BOOST_AUTO_TEST_CASE(a_field_has_its_own_created_at_and_updated_at) {
  // Every fieldMetadata row of Twenty carries its own createdAt/updatedAt
  // (@CreateDateColumn/@UpdateDateColumn); writing a field never writes its
  // object's row. ISO strings of one width compare as their instants do.
  auto gql_times = [&](const std::string& id) {
    HttpResponse r = http->Post("/metadata", R"({"query":"query($id: UUID!) { field(id: $id) { createdAt updatedAt } }",)"
                                             R"("variables":{"id":")" + id + R"("}})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    BOOST_TEST_REQUIRE(!j.Has("/errors"), r.body);
    return std::pair{j.Str("/data/field/createdAt"), j.Str("/data/field/updatedAt")};
  };
  Json before(http->Get("/rest/metadata/objects/person").body);
  const std::string object_created = before.Str("/data/object/createdAt");
  const std::string object_updated = before.Str("/data/object/updatedAt");
  const std::string city_ptr = FieldPointer(before, "/data/object", "city");
  BOOST_TEST_REQUIRE(!city_ptr.empty());
  const std::string city_id = before.Str(city_ptr + "/id");
  // A standard field is as old as its workspace.
  BOOST_TEST(before.Str(city_ptr + "/createdAt") == object_created);
  BOOST_TEST(before.Str(city_ptr + "/updatedAt") == object_created);

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  HttpResponse created = http->Post("/rest/metadata/fields", R"({"objectMetadataId":")" +
                                                                 before.Str("/data/object/id") +
                                                                 R"(","type":"TEXT","name":"loyaltyTier","label":"Loyalty tier"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  Json c(created.body);
  const std::string id = c.Str("/data/createOneField/id");
  const std::string field_created = c.Str("/data/createOneField/createdAt");
  BOOST_TEST(c.Str("/data/createOneField/updatedAt") == field_created);
  BOOST_TEST(field_created > object_created);
  Json got(http->Get("/rest/metadata/fields/" + id).body);
  BOOST_TEST(got.Str("/data/field/createdAt") == field_created);
  BOOST_TEST(got.Str("/data/field/updatedAt") == field_created);
  BOOST_TEST((gql_times(id) == std::pair{field_created, field_created}));

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  HttpResponse patched = http->Patch("/rest/metadata/fields/" + id, R"({"label":"Loyalty level"})");
  BOOST_TEST_REQUIRE(patched.status == 200, patched.body);
  Json p(patched.body);
  const std::string field_updated = p.Str("/data/updateOneField/updatedAt");
  BOOST_TEST(p.Str("/data/updateOneField/createdAt") == field_created);
  BOOST_TEST(field_updated > field_created);

  // Inside the object: the new field shows its own times, the others keep
  // theirs, and the object's own updatedAt is untouched.
  Json after(http->Get("/rest/metadata/objects/person").body);
  BOOST_TEST(after.Str("/data/object/createdAt") == object_created);
  BOOST_TEST(after.Str("/data/object/updatedAt") == object_updated);
  const std::string tier_ptr = FieldPointer(after, "/data/object", "loyaltyTier");
  BOOST_TEST_REQUIRE(!tier_ptr.empty());
  BOOST_TEST(after.Str(tier_ptr + "/createdAt") == field_created);
  BOOST_TEST(after.Str(tier_ptr + "/updatedAt") == field_updated);
  for (int64_t i = 0; i < after.Size("/data/object/fields"); ++i) {
    const std::string ptr = "/data/object/fields/" + std::to_string(i);
    if (ptr == tier_ptr) continue;
    BOOST_TEST(after.Str(ptr + "/createdAt") == object_created, after.Str(ptr + "/name"));
    BOOST_TEST(after.Str(ptr + "/updatedAt") == object_created, after.Str(ptr + "/name"));
  }
  BOOST_TEST((gql_times(id) == std::pair{field_created, field_updated}));
  BOOST_TEST((gql_times(city_id) == std::pair{object_created, object_created}));

  // The times are the field's own record: they survive a restart from the WAL.
  const std::string token = server.initial_token();  // printed on the first start only
  http.reset();
  server.Kill(SIGKILL);
  BOOST_TEST(server.Wait(5000) == 128 + SIGKILL);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  BOOST_TEST((gql_times(id) == std::pair{field_created, field_updated}));
  BOOST_TEST((gql_times(city_id) == std::pair{object_created, object_created}));
  Json replayed(http->Get("/rest/metadata/fields/" + id).body);
  BOOST_TEST(replayed.Str("/data/field/createdAt") == field_created);
  BOOST_TEST(replayed.Str("/data/field/updatedAt") == field_updated);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

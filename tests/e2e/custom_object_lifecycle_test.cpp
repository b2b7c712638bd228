// The lifecycle of a custom object, end to end against the real binary:
// create the object, add a field of every type, create / filter / sort /
// page records through REST, restart (clean stop, SIGKILL, and after an
// offline `vingt snapshot`), check everything is still there, rename it,
// deactivate and delete it, restart again.
#include <signal.h>

#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/metadata_client.h"
#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

struct Lifecycle : ServerFixture {
  Lifecycle() : token(server.initial_token()) {}

  // Stops (or kills) the server and starts it again on the same data dir.
  void Restart(bool kill = false) { ServerFixture::Restart(token, kill); }

  int64_t Count(const std::string& query) {
    HttpResponse r = http->Get(query);
    BOOST_TEST(r.status == 200, query << " -> " << r.body);
    return Json(r.body).Int("/totalCount");
  }

  std::string token;
};

// One field of each type a client can create (spec/data-model.md §1), as
// the body of POST /rest/metadata/fields minus objectMetadataId.
const char* const kFields[] = {
    R"("type":"TEXT","name":"nickname","label":"Nickname")",
    R"("type":"NUMBER","name":"weight","label":"Weight","settings":{"dataType":"float","decimals":2})",
    R"("type":"NUMERIC","name":"chipNumber","label":"Chip number")",
    R"("type":"BOOLEAN","name":"vaccinated","label":"Vaccinated","defaultValue":false)",
    R"("type":"DATE_TIME","name":"adoptedAt","label":"Adopted at")",
    R"("type":"DATE","name":"birthday","label":"Birthday")",
    R"("type":"UUID","name":"externalId","label":"External id")",
    R"("type":"SELECT","name":"species","label":"Species","defaultValue":"'DOG'","options":[{"value":"DOG","label":"Dog","color":"blue","position":0},{"value":"CAT","label":"Cat","color":"red","position":1}])",
    R"("type":"MULTI_SELECT","name":"traits","label":"Traits","options":[{"value":"PLAYFUL","label":"Playful","color":"green","position":0},{"value":"SHY","label":"Shy","color":"gray","position":1}])",
    R"("type":"RATING","name":"cuteness","label":"Cuteness")",
    R"("type":"EMAILS","name":"ownerEmails","label":"Owner emails")",
    R"("type":"PHONES","name":"vetPhones","label":"Vet phones")",
    R"("type":"LINKS","name":"website","label":"Website")",
    R"("type":"CURRENCY","name":"price","label":"Price")",
    R"("type":"FULL_NAME","name":"ownerName","label":"Owner name")",
    R"("type":"ADDRESS","name":"home","label":"Home")",
    R"("type":"RAW_JSON","name":"extra","label":"Extra")",
    R"("type":"ARRAY","name":"aliases","label":"Aliases")",
    R"("type":"RICH_TEXT","name":"notes","label":"Notes")",
    R"("type":"RICH_TEXT_V2","name":"bio","label":"Bio")",
    R"("type":"ACTOR","name":"adoptedBy","label":"Adopted by")",
    R"("type":"POSITION","name":"rank","label":"Rank")",
};

std::string PetBody(int i) {
  const std::string n = std::to_string(i);
  return R"({"name":"Pet )" + n + R"(","nickname":"nick)" + n + R"(","weight":)" + std::to_string(i * 1.5) +
         R"(,"chipNumber":)" + std::to_string(1000 + i) + R"(,"vaccinated":)" + (i % 2 ? "true" : "false") +
         R"(,"adoptedAt":"2024-05-)" + (i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) +
         R"(T10:00:00.000Z","birthday":"2020-02-29","species":")" + (i % 3 ? "DOG" : "CAT") +
         R"(","traits":[")" + (i % 2 ? "PLAYFUL" : "SHY") + R"("],"cuteness":"RATING_)" + std::to_string(i % 5 + 1) +
         R"(","ownerEmails":{"primaryEmail":"owner)" + n + R"(@example.com","additionalEmails":[]},)"
         R"("vetPhones":{"primaryPhoneNumber":"6123456)" + n + R"(","primaryPhoneCountryCode":"FR","primaryPhoneCallingCode":"+33","additionalPhones":[]},)"
         R"("website":{"primaryLinkUrl":"https://pet)" + n + R"(.example.com","primaryLinkLabel":"","secondaryLinks":[]},)"
         R"("price":{"amountMicros":)" + std::to_string((i + 1) * 1000000) + R"(,"currencyCode":"EUR"},)"
         R"("ownerName":{"firstName":"Ada)" + n + R"(","lastName":"Lovelace"},)"
         R"("home":{"addressStreet1":"1 Main St","addressStreet2":"","addressCity":"Paris","addressState":"","addressPostcode":"75001","addressCountry":"France","addressLat":48.86,"addressLng":2.34},)"
         R"("extra":{"i":)" + n + R"(},"aliases":["a)" + n + R"("],"notes":"note )" + n + R"(",)"
         R"("bio":{"markdown":"# Pet )" + n + R"(","blocknote":null},"rank":)" + n + "}";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(custom_object_lifecycle, Lifecycle)

BOOST_AUTO_TEST_CASE(create_fill_restart_snapshot_rename_delete) {
  BOOST_TEST_REQUIRE(!token.empty());
  const std::string pet = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  std::vector<std::string> field_ids;
  for (const char* body : kFields) field_ids.push_back(CreateCustomField(*http, pet, body));
  const std::string company = Json(http->Get("/rest/metadata/objects/company").body).Str("/data/object/id");
  const std::string vet_field = CreateCustomField(
      *http, pet,
      R"("type":"RELATION","name":"vet","label":"Vet","relationCreationPayload":{"type":"MANY_TO_ONE","targetObjectMetadataId":")" +
          company + R"(","targetFieldLabel":"Patients","targetFieldIcon":"IconPaw"})");
  const std::string clinic = Create("companies", "Company", R"({"name":"Clinic"})");

  // Records: one by one, then a batch; every value reads back.
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    std::string body = PetBody(i);
    if (i == 0) body.insert(body.size() - 1, R"(,"vetId":")" + clinic + "\"");
    ids.push_back(Create("pets", "Pet", body));
  }
  std::string batch = "[";
  for (int i = 5; i < 30; ++i) batch += (i > 5 ? "," : "") + PetBody(i);
  batch += "]";
  HttpResponse created = http->Post("/rest/batch/pets", batch);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  BOOST_TEST(Json(created.body).Size("/data/createPets") == 25);

  auto check_everything = [&](const std::string& plural, const std::string& key) {
    Json one(http->Get("/rest/" + plural + "/" + ids[0] + "?depth=1").body);
    const std::string p = "/data/" + key;
    BOOST_TEST(one.Str(p + "/name") == "Pet 0");
    BOOST_TEST(one.Str(p + "/nickname") == "nick0");
    BOOST_TEST(one.Num(p + "/chipNumber") == 1000);
    BOOST_TEST(one.Bool(p + "/vaccinated") == 0);
    BOOST_TEST(one.Str(p + "/adoptedAt") == "2024-05-01T10:00:00.000Z");
    BOOST_TEST(one.Str(p + "/birthday") == "2020-02-29");
    BOOST_TEST(one.Str(p + "/species") == "CAT");
    BOOST_TEST(one.Raw(p + "/traits") == R"(["SHY"])");
    BOOST_TEST(one.Str(p + "/cuteness") == "RATING_1");
    BOOST_TEST(one.Str(p + "/ownerEmails/primaryEmail") == "owner0@example.com");
    BOOST_TEST(one.Str(p + "/vetPhones/primaryPhoneCallingCode") == "+33");
    BOOST_TEST(one.Str(p + "/website/primaryLinkUrl") == "https://pet0.example.com");
    BOOST_TEST(one.Num(p + "/price/amountMicros") == 1000000);
    BOOST_TEST(one.Str(p + "/price/currencyCode") == "EUR");
    BOOST_TEST(one.Str(p + "/ownerName/firstName") == "Ada0");
    BOOST_TEST(one.Str(p + "/home/addressCity") == "Paris");
    BOOST_TEST(one.Raw(p + "/extra") == R"({"i":0})");
    BOOST_TEST(one.Raw(p + "/aliases") == R"(["a0"])");
    BOOST_TEST(one.Str(p + "/notes") == "note 0");
    BOOST_TEST(one.Str(p + "/bio/markdown") == "# Pet 0");
    BOOST_TEST(one.IsObject(p + "/adoptedBy"));
    BOOST_TEST(one.Str(p + "/vetId") == clinic);
    BOOST_TEST(one.Str(p + "/vet/name") == "Clinic");

    const std::string base = "/rest/" + plural;
    BOOST_TEST(Count(base + "?limit=0") == 30);
    BOOST_TEST(Count(base + "?filter=species[eq]:CAT") == 10);
    BOOST_TEST(Count(base + "?filter=vaccinated[eq]:true") == 15);
    BOOST_TEST(Count(base + "?filter=weight[gte]:30") == 10);
    BOOST_TEST(Count(base + "?filter=and(species[eq]:DOG,vaccinated[eq]:true)") == 10);
    BOOST_TEST(Count(base + "?filter=traits[containsAny]:[PLAYFUL]") == 15);
    BOOST_TEST(Count(base + "?filter=ownerEmails.primaryEmail[eq]:owner7@example.com") == 1);
    BOOST_TEST(Count(base + "?filter=price.amountMicros[gt]:25000000") == 5);
    BOOST_TEST(Count(base + "?filter=ownerName.firstName[like]:%25Ada2%25") == 11);
    BOOST_TEST(Count(base + "?filter=adoptedAt[lt]:2024-05-03T00:00:00Z") == 4);
    BOOST_TEST(Count(base + "?filter=nickname[ilike]:NICK1%25") == 11);
    BOOST_TEST(Count(base + "?filter=vetId[eq]:" + clinic) == 1);
    BOOST_TEST(Count(base + "?filter=cuteness[in]:[RATING_5]") == 6);
    Json sorted(http->Get(base + "?order_by=weight[DescNullsLast]&limit=3").body);
    BOOST_TEST(sorted.Str("/data/" + plural + "/0/name") == "Pet 29");
    BOOST_TEST(sorted.Str("/data/" + plural + "/2/name") == "Pet 27");
    Json by_name(http->Get(base + "?order_by=ownerName.firstName[AscNullsFirst]&limit=2").body);
    BOOST_TEST(by_name.Str("/data/" + plural + "/0/ownerName/firstName") == "Ada0");
    BOOST_TEST(by_name.Str("/data/" + plural + "/1/ownerName/firstName") == "Ada1");
    // Paging with a cursor over a custom sort key.
    std::set<std::string> seen;
    std::string cursor;
    for (int page = 0; page < 3; ++page) {
      Json j(http->Get(base + "?order_by=chipNumber[AscNullsFirst]&limit=10" +
                       (cursor.empty() ? "" : "&starting_after=" + UrlEncode(cursor)))
                 .body);
      BOOST_TEST_REQUIRE(j.Size("/data/" + plural) == 10);
      BOOST_TEST(j.Num("/data/" + plural + "/0/chipNumber") == 1000 + page * 10);
      for (int i = 0; i < 10; ++i) seen.insert(j.Str("/data/" + plural + "/" + std::to_string(i) + "/id"));
      BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == (page < 2 ? 1 : 0));
      cursor = j.Str("/pageInfo/endCursor");
    }
    BOOST_TEST(seen.size() == 30u);
    Json company_side(http->Get("/rest/companies/" + clinic + "?depth=1").body);
    BOOST_TEST(company_side.Str("/data/company/patients/0/id") == ids[0]);
  };
  check_everything("pets", "pet");

  // An update of a record and a new field on an object that has records.
  BOOST_TEST(http->Patch("/rest/pets/" + ids[1], R"({"species":"CAT","weight":99})").status == 200);
  const std::string color = CreateCustomField(*http, pet, R"("type":"TEXT","name":"color","label":"Color")");
  BOOST_TEST(Json(http->Get("/rest/pets/" + ids[2]).body).Str("/data/pet/color") == "");
  BOOST_TEST(http->Patch("/rest/pets/" + ids[2], R"({"color":"brown"})").status == 200);
  BOOST_TEST(http->Patch("/rest/pets/" + ids[1], R"({"species":"DOG","weight":1.5})").status == 200);

  // Restart cleanly, after a SIGKILL, and after an offline snapshot.
  Restart();
  check_everything("pets", "pet");
  BOOST_TEST(Json(http->Get("/rest/pets/" + ids[2]).body).Str("/data/pet/color") == "brown");
  BOOST_TEST(Json(http->Get("/rest/metadata/objects/pet").body).Size("/data/object/fields") ==
             static_cast<int64_t>(9 + 5 + std::size(kFields) + 2));
  BOOST_TEST(Json(http->Get("/rest/metadata/fields/" + field_ids[7]).body).Str("/data/field/options/1/value") == "CAT");
  const std::string late = Create("pets", "Pet", PetBody(30));
  Restart(/*kill=*/true);
  BOOST_TEST(Json(http->Get("/rest/pets/" + late).body).Str("/data/pet/name") == "Pet 30");
  BOOST_TEST(http->Delete("/rest/pets/" + late).status == 200);
  check_everything("pets", "pet");

  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  CommandResult snap = RunVingt({"snapshot", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(snap.exit_code == 0, snap.err);
  BOOST_REQUIRE(server.Start(dir.path()));
  http = std::make_unique<HttpClient>(server.port(), token);
  check_everything("pets", "pet");
  BOOST_TEST(Json(http->Get("/rest/pets/" + ids[2]).body).Str("/data/pet/color") == "brown");

  // Rename: routes, keys and relations follow, and survive a restart.
  HttpResponse renamed = http->Patch("/rest/metadata/objects/" + pet,
                                     R"({"nameSingular":"animal","namePlural":"animals","labelSingular":"Animal","labelPlural":"Animals"})");
  BOOST_TEST_REQUIRE(renamed.status == 200, renamed.body);
  check_everything("animals", "animal");
  Restart();
  check_everything("animals", "animal");
  BOOST_TEST(http->Get("/rest/pets").status == 400);

  // Deactivate, delete, and it stays deleted.
  BOOST_TEST(http->Patch("/rest/metadata/objects/animals", R"({"isActive":false})").status == 200);
  BOOST_TEST(http->Get("/rest/animals").status == 400);
  HttpResponse del = http->Delete("/rest/metadata/objects/" + pet);
  BOOST_TEST_REQUIRE(del.status == 200, del.body);
  BOOST_TEST(http->Get("/rest/metadata/fields/" + vet_field).status == 404);
  BOOST_TEST(http->Get("/rest/metadata/fields/" + color).status == 404);
  BOOST_TEST(!Json(http->Get("/rest/companies/" + clinic + "?depth=1").body).Has("/data/company/patients"));
  Restart();
  BOOST_TEST(http->Get("/rest/metadata/objects/" + pet).status == 404);
  BOOST_TEST(http->Get("/rest/animals").status == 400);
  BOOST_TEST(FieldPointer(Json(http->Get("/rest/metadata/objects/company").body), "/data/object", "patients").empty());
  CreateCustomObject(*http, "animal", "animals", "Animal", "Animals");
  BOOST_TEST(Count("/rest/animals?limit=0") == 0);
  Restart(/*kill=*/true);
  BOOST_TEST(Count("/rest/animals?limit=0") == 0);
  BOOST_TEST(Count("/rest/companies?limit=0") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

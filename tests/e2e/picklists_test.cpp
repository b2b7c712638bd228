// End-to-end tests of GET /rest/metadata/picklists (spec/metadata.md §7, a
// vingt extension): the SELECT and MULTI_SELECT fields of active objects
// with their options, filtered by object and field, paged like the other
// metadata lists, and following metadata changes at once.
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/metadata_client.h"
#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

// The picklist item of object.field in a picklists answer, or "".
std::string Item(const Json& j, const std::string& object, const std::string& field) {
  for (int64_t i = 0; i < j.Size("/data/picklists"); ++i) {
    std::string p = "/data/picklists/" + std::to_string(i);
    if (j.Str(p + "/objectName") == object && j.Str(p + "/fieldName") == field) return p;
  }
  return "";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(picklists, ServerFixture)

BOOST_AUTO_TEST_CASE(lists_standard_select_fields_with_their_options) {
  HttpResponse r = http->Get("/rest/metadata/picklists");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Int("/totalCount") == j.Size("/data/picklists"));
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 0);
  std::string stage = Item(j, "opportunity", "stage");
  BOOST_TEST_REQUIRE(!stage.empty(), r.body);
  BOOST_TEST(j.Str(stage + "/objectNamePlural") == "opportunities");
  BOOST_TEST(j.Str(stage + "/fieldLabel") == "Stage");
  BOOST_TEST(j.Str(stage + "/fieldType") == "SELECT");
  BOOST_TEST(j.Bool(stage + "/isMultiSelect") == 0);
  BOOST_TEST(j.Str(stage + "/defaultValue") == "'NEW'");
  BOOST_TEST(j.Str(stage + "/fieldMetadataId") == FieldIdOf(*http, "opportunity", "stage"));
  BOOST_TEST(j.Str(stage + "/objectMetadataId") ==
             Json(http->Get("/rest/metadata/objects/opportunity").body).Str("/data/object/id"));
  const char* values[] = {"NEW", "SCREENING", "MEETING", "PROPOSAL", "CUSTOMER"};
  const char* colors[] = {"red", "purple", "sky", "turquoise", "yellow"};
  BOOST_TEST_REQUIRE(j.Size(stage + "/options") == 5);
  for (int i = 0; i < 5; ++i) {
    std::string o = stage + "/options/" + std::to_string(i);
    BOOST_TEST(j.Str(o + "/value") == values[i]);
    BOOST_TEST(j.Str(o + "/color") == colors[i]);
    BOOST_TEST(j.Int(o + "/position") == i);
    BOOST_TEST(j.Str(o + "/id").size() == 36u);
  }
  BOOST_TEST(!Item(j, "task", "status").empty());
  BOOST_TEST(!Item(j, "attachment", "fileCategory").empty());
  for (int64_t i = 0; i < j.Size("/data/picklists"); ++i) {
    std::string type = j.Str("/data/picklists/" + std::to_string(i) + "/fieldType");
    BOOST_TEST((type == "SELECT" || type == "MULTI_SELECT"), type);
  }
}

BOOST_AUTO_TEST_CASE(filters_by_object_and_field) {
  Json only(http->Get("/rest/metadata/picklists?objectName=task").body);
  BOOST_TEST(only.Int("/totalCount") == 1);
  BOOST_TEST(only.Str("/data/picklists/0/fieldName") == "status");
  BOOST_TEST(only.Str("/data/picklists/0/options/2/value") == "DONE");
  Json field(http->Get("/rest/metadata/picklists?objectName=opportunity&fieldName=stage").body);
  BOOST_TEST(field.Int("/totalCount") == 1);
  Json none(http->Get("/rest/metadata/picklists?objectName=person").body);
  BOOST_TEST(none.Int("/totalCount") == 0);
  BOOST_TEST(none.IsArray("/data/picklists"));

  HttpResponse plural = http->Get("/rest/metadata/picklists?objectName=opportunities");
  BOOST_TEST(RestErrorMismatch(plural, 400, "BadRequestException",
                               "object 'opportunities' not found. Did you mean 'opportunity'?") == "");
  HttpResponse unknown = http->Get("/rest/metadata/picklists?objectName=spaceship");
  BOOST_TEST(RestErrorMismatch(unknown, 400, "BadRequestException", "object 'spaceship' not found",
                               MessageMatch::kPrefix) == "");
}

BOOST_AUTO_TEST_CASE(pages_by_field_id) {
  Json all(http->Get("/rest/metadata/picklists").body);
  const int64_t total = all.Int("/totalCount");
  BOOST_TEST_REQUIRE(total >= 3);
  Json first(http->Get("/rest/metadata/picklists?limit=1").body);
  BOOST_TEST(first.Size("/data/picklists") == 1);
  BOOST_TEST(first.Bool("/pageInfo/hasNextPage") == 1);
  BOOST_TEST(first.Str("/pageInfo/endCursor") == first.Str("/data/picklists/0/fieldMetadataId"));
  Json rest(http->Get("/rest/metadata/picklists?limit=100&starting_after=" + first.Str("/pageInfo/endCursor")).body);
  BOOST_TEST(rest.Size("/data/picklists") == total - 1);
  BOOST_TEST(rest.Str("/data/picklists/0/fieldMetadataId") == all.Str("/data/picklists/1/fieldMetadataId"));
  BOOST_TEST(http->Get("/rest/metadata/picklists?limit=nope").status == 400);
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/metadata/picklists?ending_before=x"), 400, "BadRequestException",
                               "Invalid cursor: x") == "");
}

BOOST_AUTO_TEST_CASE(follows_custom_fields_deactivation_and_rating) {
  const std::string pet = CreateCustomObject(*http, "pet", "pets", "Pet", "Pets");
  const std::string size = CreateCustomField(
      *http, pet,
      R"("type":"SELECT","name":"size","label":"Size","options":[{"value":"S","label":"Small","color":"green","position":1},{"value":"L","label":"Large","color":"red","position":0}])");
  CreateCustomField(*http, pet,
                    R"("type":"MULTI_SELECT","name":"tags","label":"Tags","defaultValue":["'CUTE'"],"options":[{"value":"CUTE","label":"Cute","color":"pink"}])");
  CreateCustomField(*http, pet, R"("type":"RATING","name":"stars","label":"Stars")");
  Json j(http->Get("/rest/metadata/picklists?objectName=pet").body);
  BOOST_TEST_REQUIRE(j.Int("/totalCount") == 2, j.text());
  std::string s = Item(j, "pet", "size");
  BOOST_TEST(j.Str(s + "/options/0/value") == "L");  // by position
  BOOST_TEST(j.IsNull(s + "/defaultValue"));
  std::string t = Item(j, "pet", "tags");
  BOOST_TEST(j.Bool(t + "/isMultiSelect") == 1);
  BOOST_TEST(j.Raw(t + "/defaultValue") == R"(["'CUTE'"])");
  Json rating(http->Get("/rest/metadata/picklists?objectName=pet&includeRating=true").body);
  BOOST_TEST(rating.Int("/totalCount") == 3);
  BOOST_TEST(rating.Str(Item(rating, "pet", "stars") + "/options/4/value") == "RATING_5");

  BOOST_TEST(http->Patch("/rest/metadata/fields/" + size, R"({"isActive":false})").status == 200);
  BOOST_TEST(Json(http->Get("/rest/metadata/picklists?objectName=pet").body).Int("/totalCount") == 1);
  BOOST_TEST(http->Patch("/rest/metadata/objects/" + pet, R"({"isActive":false})").status == 200);
  BOOST_TEST(http->Get("/rest/metadata/picklists?objectName=pet").status == 400);
  BOOST_TEST(Item(Json(http->Get("/rest/metadata/picklists").body), "pet", "tags").empty());
  BOOST_TEST(http->Post("/rest/metadata/picklists", "{}").status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

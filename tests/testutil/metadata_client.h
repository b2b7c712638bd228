// Helpers for end-to-end tests of the metadata API: create custom objects
// and fields through /rest/metadata and look their ids up.
#pragma once

#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"

namespace vingt::testutil {

// POST /rest/metadata/objects must answer 201; returns the new object's id.
inline std::string CreateCustomObject(HttpClient& http, const std::string& singular, const std::string& plural,
                                      const std::string& label_singular, const std::string& label_plural) {
  HttpResponse r = http.Post("/rest/metadata/objects",
                             R"({"nameSingular":")" + singular + R"(","namePlural":")" + plural +
                                 R"(","labelSingular":")" + label_singular + R"(","labelPlural":")" + label_plural +
                                 R"(","icon":"IconPaw"})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  return Json(r.body).Str("/data/createOneObject/id");
}

// POST /rest/metadata/fields with `object_id` added to the JSON object
// `body` (without its braces' opening, e.g. R"("type":"TEXT","name":"x","label":"X")").
inline std::string CreateCustomField(HttpClient& http, const std::string& object_id, const std::string& body) {
  HttpResponse r = http.Post("/rest/metadata/fields", R"({"objectMetadataId":")" + object_id + R"(",)" + body + "}");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  return Json(r.body).Str("/data/createOneField/id");
}

// The JSON pointer of field `name` inside an object answer at `base`
// ("/data/object"), or "" if absent.
inline std::string FieldPointer(const Json& j, const std::string& base, const std::string& name) {
  for (int64_t i = 0; i < j.Size(base + "/fields"); ++i) {
    std::string p = base + "/fields/" + std::to_string(i);
    if (j.Str(p + "/name") == name) return p;
  }
  return "";
}

// Id of field `name` of the object `object` (id or name); "" if absent.
inline std::string FieldIdOf(HttpClient& http, const std::string& object, const std::string& name) {
  HttpResponse r = http.Get("/rest/metadata/objects/" + object);
  if (r.status != 200) return "";
  Json j(r.body);
  std::string p = FieldPointer(j, "/data/object", name);
  return p.empty() ? "" : j.Str(p + "/id");
}

}  // namespace vingt::testutil

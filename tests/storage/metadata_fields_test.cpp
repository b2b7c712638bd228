#include "storage/metadata_fields.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

namespace vingt::storage {
namespace {

struct NameCase {
  std::string input;
  std::string expected;
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.input << " -> " << c.expected; }

// lodash's camelCase, which Twenty's name check compares names with.
const NameCase kCamel[] = {
    {"pet", "pet"},          {"petOwner", "petOwner"}, {"Pet owner", "petOwner"}, {"myURL", "myUrl"},
    {"HTMLParser", "htmlParser"}, {"field1", "field1"}, {"bench1s", "bench1S"},   {"dog_s", "dogS"},
    {"aBCd", "aBCd"},        {"ABC", "abc"},           {"", ""},
};

// Twenty's computeMetadataNameFromLabel.
const NameCase kFromLabel[] = {
    {"Job Title", "jobTitle"}, {"3D model", "n3DModel"}, {"Point of Contact", "pointOfContact"},
    {"Id", "id"},              {"ARR", "arr"},           {"Pets", "pets"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(metadata_fields)

BOOST_DATA_TEST_CASE(lodash_camel_case, boost::unit_test::data::make(kCamel), c) {
  BOOST_TEST(LodashCamelCase(c.input) == c.expected);
}

BOOST_DATA_TEST_CASE(name_from_label, boost::unit_test::data::make(kFromLabel), c) {
  BOOST_TEST(NameFromLabel(c.input) == c.expected);
}

BOOST_AUTO_TEST_CASE(type_defaults_and_relation_settings) {
  BOOST_TEST(TypeDefaultValue(FieldType::kText) == "''");
  BOOST_TEST(TypeDefaultValue(FieldType::kFullName) == R"({"firstName":"''","lastName":"''"})");
  BOOST_TEST(TypeDefaultValue(FieldType::kNumber).empty());
  FieldSchema f;
  f.name = "company";
  BOOST_TEST(RelationSettingsJson(f).empty());
  f.relation = RelationInfo{RelationType::kManyToOne, "company", "people", OnDelete::kCascade};
  BOOST_TEST(RelationSettingsJson(f) == R"({"relationType":"MANY_TO_ONE","onDelete":"CASCADE","joinColumnName":"companyId"})");
  f.relation->type = RelationType::kOneToMany;
  BOOST_TEST(RelationSettingsJson(f) == R"({"relationType":"ONE_TO_MANY"})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::storage

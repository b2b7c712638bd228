#include "storage/schema_codec.h"

#include <boost/test/unit_test.hpp>

#include "storage/standard_objects.h"
#include "tests/testutil/printers.h"

using namespace vingt::storage;

BOOST_AUTO_TEST_SUITE(schema_codec)

BOOST_AUTO_TEST_CASE(every_standard_object_round_trips) {
  Uuid ws = Uuid::Random();
  for (const ObjectSchema& object : BuildStandardObjects(ws, 1700000000000)) {
    std::string bytes;
    EncodeObjectSchema(object, &bytes);
    Result<ObjectSchema> back = DecodeObjectSchema(bytes);
    BOOST_TEST_REQUIRE(back.ok(), object.name_singular << ": " << back.status().ToString());
    std::string again;
    EncodeObjectSchema(*back, &again);
    BOOST_TEST((again == bytes), object.name_singular);
    BOOST_TEST(back->name_plural == object.name_plural);
    BOOST_TEST(back->fields.size() == object.fields.size());
    BOOST_TEST(back->slot_count() == object.slot_count());
    BOOST_TEST(back->deleted_at_slot == object.deleted_at_slot);
    BOOST_TEST(back->position_slot == object.position_slot);
    for (size_t i = 0; i < object.fields.size(); ++i) {
      const FieldSchema& a = object.fields[i];
      const FieldSchema& b = back->fields[i];
      BOOST_TEST((a.type == b.type), a.name);
      BOOST_TEST(a.options.size() == b.options.size());
      BOOST_TEST(a.relation.has_value() == b.relation.has_value());
      BOOST_TEST(a.default_value_json == b.default_value_json);
      BOOST_TEST(a.first_slot == b.first_slot);
    }
  }
}

BOOST_AUTO_TEST_CASE(retired_slots_are_never_reused) {
  ObjectSchema person = BuildStandardObjects(Uuid::Random(), 0)[0];
  uint16_t high = person.slot_high_water;
  const FieldSchema last = person.fields.back();
  BOOST_TEST_REQUIRE(last.slot_count > 0);
  person.fields.pop_back();
  person.AssignSlots();
  BOOST_TEST(person.slot_high_water == high);
  FieldSchema added;
  added.id = Uuid::Random();
  added.name = "nickname";
  added.type = FieldType::kText;
  person.fields.push_back(added);
  person.AssignSlots();
  BOOST_TEST(person.fields.back().first_slot == high);
  BOOST_TEST(person.slots[last.first_slot].field_index == SlotInfo::kNoField);
}

BOOST_AUTO_TEST_CASE(every_truncation_and_a_bad_type_are_refused) {
  ObjectSchema task = BuildStandardObjects(Uuid::Random(), 0)[4];
  std::string bytes;
  EncodeObjectSchema(task, &bytes);
  for (size_t cut = 0; cut < bytes.size(); cut += 7) {
    BOOST_TEST(!DecodeObjectSchema(std::string_view(bytes).substr(0, cut)).ok(), cut);
  }
  std::string bad = bytes;
  size_t at = bad.find("TEXT");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  bad.replace(at, 4, "TEXX");
  BOOST_TEST(!DecodeObjectSchema(bad).ok());
}

BOOST_AUTO_TEST_SUITE_END()

#include "storage/schema_codec.h"

#include <boost/test/unit_test.hpp>

#include "storage/byte_codec.h"
#include "storage/standard_objects.h"
#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

uint8_t Flags(std::initializer_list<bool> bits) {
  uint8_t v = 0, i = 0;
  for (bool b : bits) v |= static_cast<uint8_t>(b) << i++;
  return v;
}

// The version 1 encoding as it was written before fields had timestamps,
// frozen here so data dirs of that time stay readable.
std::string EncodeV1(const ObjectSchema& s) {
  std::string out;
  ByteWriter w(&out);
  w.U8(1);
  w.Id(s.id);
  w.Id(s.workspace_id);
  for (const std::string* text : {&s.name_singular, &s.name_plural, &s.label_singular, &s.label_plural, &s.description,
                                  &s.icon, &s.shortcut, &s.label_identifier_field, &s.image_identifier_field})
    w.Str(*text);
  w.U8(Flags({s.is_custom, s.is_active, s.is_system, s.is_searchable, s.is_ui_readonly, s.is_label_synced_with_name}));
  w.I64(s.created_at_ms);
  w.I64(s.updated_at_ms);
  w.U16(s.slot_high_water);
  w.U32(static_cast<uint32_t>(s.duplicate_criteria.size()));
  for (const auto& group : s.duplicate_criteria) {
    w.U32(static_cast<uint32_t>(group.size()));
    for (const auto& column : group) w.Str(column);
  }
  w.U32(static_cast<uint32_t>(s.fields.size()));
  for (const FieldSchema& f : s.fields) {
    w.Id(f.id);
    for (std::string_view text : {std::string_view(f.name), std::string_view(f.label), FieldTypeName(f.type),
                                  std::string_view(f.description), std::string_view(f.icon),
                                  std::string_view(f.default_value_json), std::string_view(f.settings_json)})
      w.Str(text);
    w.U8(Flags({f.is_nullable, f.is_unique, f.is_system, f.is_custom, f.is_active, f.is_ui_readonly,
                f.is_label_synced_with_name}));
    w.U16(f.first_slot);
    w.U16(f.slot_count);
    w.U32(static_cast<uint32_t>(f.options.size()));
    for (const auto& o : f.options) {
      w.Id(o.id);
      w.Str(o.value);
      w.Str(o.label);
      w.Str(o.color);
      w.F64(o.position);
    }
    w.U8(f.relation ? 1 : 0);
    if (f.relation) {
      w.U8(static_cast<uint8_t>(f.relation->type));
      w.U8(static_cast<uint8_t>(f.relation->on_delete));
      w.Str(f.relation->target_object);
      w.Str(f.relation->inverse_field);
    }
  }
  return out;
}

}  // namespace

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

BOOST_AUTO_TEST_CASE(field_timestamps_round_trip_in_version_2) {
  ObjectSchema company = BuildStandardObjects(Uuid::Random(), 1700000000000)[1];
  company.updated_at_ms = 1700000005000;
  company.fields[1].updated_at_ms = 1700000009000;
  company.fields.back().created_at_ms = 1700000001234;
  company.fields.back().updated_at_ms = 1700000004321;
  std::string bytes;
  EncodeObjectSchema(company, &bytes);
  BOOST_TEST(static_cast<int>(static_cast<uint8_t>(bytes[0])) == 2);
  Result<ObjectSchema> back = DecodeObjectSchema(bytes);
  BOOST_TEST_REQUIRE(back.ok(), back.status().ToString());
  BOOST_TEST(back->created_at_ms == 1700000000000);
  BOOST_TEST(back->updated_at_ms == 1700000005000);
  BOOST_TEST_REQUIRE(back->fields.size() == company.fields.size());
  for (size_t i = 0; i < company.fields.size(); ++i) {
    BOOST_TEST(back->fields[i].created_at_ms == company.fields[i].created_at_ms, company.fields[i].name);
    BOOST_TEST(back->fields[i].updated_at_ms == company.fields[i].updated_at_ms, company.fields[i].name);
  }
  BOOST_TEST(back->fields[0].created_at_ms == 1700000000000);
  BOOST_TEST(back->fields[1].updated_at_ms == 1700000009000);
  BOOST_TEST(back->fields.back().created_at_ms == 1700000001234);
  BOOST_TEST(back->fields.back().updated_at_ms == 1700000004321);
}

BOOST_AUTO_TEST_CASE(version_1_fields_take_their_object_timestamps) {
  for (const ObjectSchema& standard : BuildStandardObjects(Uuid::Random(), 1700000000000)) {
    ObjectSchema object = standard;
    object.updated_at_ms = 1700000007000;
    const std::string v1 = EncodeV1(object);
    Result<ObjectSchema> back = DecodeObjectSchema(v1);
    BOOST_TEST_REQUIRE(back.ok(), object.name_singular << ": " << back.status().ToString());
    BOOST_TEST(back->name_singular == object.name_singular);
    BOOST_TEST(back->slot_count() == object.slot_count());
    BOOST_TEST_REQUIRE(back->fields.size() == object.fields.size());
    for (size_t i = 0; i < object.fields.size(); ++i) {
      const FieldSchema& a = object.fields[i];
      const FieldSchema& b = back->fields[i];
      BOOST_TEST(b.name == a.name);
      BOOST_TEST((b.type == a.type), a.name);
      BOOST_TEST(b.first_slot == a.first_slot);
      BOOST_TEST(b.options.size() == a.options.size());
      BOOST_TEST(b.relation.has_value() == a.relation.has_value());
      BOOST_TEST(b.created_at_ms == 1700000000000, a.name);
      BOOST_TEST(b.updated_at_ms == 1700000007000, a.name);
    }
    // Written back, the record is version 2 with the times it was given.
    std::string v2;
    EncodeObjectSchema(*back, &v2);
    BOOST_TEST(static_cast<int>(static_cast<uint8_t>(v2[0])) == 2);
    BOOST_TEST(v2.size() == v1.size() + 16 * object.fields.size());
    Result<ObjectSchema> again = DecodeObjectSchema(v2);
    BOOST_TEST_REQUIRE(again.ok());
    BOOST_TEST(again->fields.front().updated_at_ms == 1700000007000);
  }
}

BOOST_AUTO_TEST_CASE(version_1_truncations_and_unknown_versions_are_refused) {
  const std::string v1 = EncodeV1(BuildStandardObjects(Uuid::Random(), 0)[4]);
  for (size_t cut = 0; cut < v1.size(); cut += 7)
    BOOST_TEST(!DecodeObjectSchema(std::string_view(v1).substr(0, cut)).ok(), cut);
  for (uint8_t version : {0, 3, 255}) {
    std::string bad = v1;
    bad[0] = static_cast<char>(version);
    BOOST_TEST(!DecodeObjectSchema(bad).ok(), static_cast<int>(version));
  }
}

BOOST_AUTO_TEST_SUITE_END()

#include "storage/row_migration.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/storage/custom_object.h"
#include "tests/testutil/printers.h"

using namespace vingt::storage;

namespace {

using testing::CustomField;
using testing::CustomObject;

// A "pet" with a SELECT "kind" and a MULTI_SELECT "tags", laid out.
struct Pet {
  ObjectSchema schema = [] {
    ObjectSchema o = CustomObject("pet", "pets");
    o.fields.push_back(CustomField("kind", FieldType::kSelect));
    o.fields.push_back(CustomField("tags", FieldType::kMultiSelect));
    o.AssignSlots();
    return o;
  }();
  const FieldSchema& kind = *schema.FindField("kind");
  const FieldSchema& tags = *schema.FindField("tags");

  RowRef Row(std::optional<std::string> kind_value, std::optional<std::vector<std::string>> tag_values) const {
    RowBuilder b(schema.slot_count());
    b.SetUuid(schema.id_slot, Uuid::Random());
    if (kind_value) b.SetText(kind.first_slot, *kind_value);
    if (tag_values) b.SetStringList(tags.first_slot, *tag_values);
    return b.Build();
  }
  RowMigration Rename(const FieldSchema& f, std::vector<std::pair<std::string, std::optional<std::string>>> map) const {
    return RowMigration{RowMigration::Kind::kRenameValues, schema.id, f.id, {}, std::move(map)};
  }
};

std::string KindOf(const RowRef& row, const Pet& pet) {
  return row->IsNull(pet.kind.first_slot) ? "<null>" : std::string(row->Text(pet.kind.first_slot));
}

std::vector<std::string> TagsOf(const RowRef& row, const Pet& pet) {
  std::vector<std::string> out;
  for (auto item : row->StringList(pet.tags.first_slot)) out.emplace_back(item);
  return out;
}

struct SelectCase {
  const char* name;
  std::optional<std::string> stored;
  std::vector<std::pair<std::string, std::optional<std::string>>> map;
  const char* expected;  // nullptr: the row is left as it is
};

std::ostream& operator<<(std::ostream& os, const SelectCase& c) { return os << c.name; }

const SelectCase kSelectCases[] = {
    {"renamed", "A", {{"A", "Z"}}, "Z"},
    {"removed becomes null", "A", {{"A", std::nullopt}}, "<null>"},
    {"removed becomes the fallback", "A", {{"A", "B"}}, "B"},
    {"a swap maps each value once", "A", {{"A", "B"}, {"B", "A"}}, "B"},
    {"the other side of the swap", "B", {{"A", "B"}, {"B", "A"}}, "A"},
    {"a value not in the map is kept", "C", {{"A", "Z"}}, nullptr},
    {"null stays null", std::nullopt, {{"A", "Z"}}, nullptr},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(row_migration)

BOOST_DATA_TEST_CASE(select_values_follow_the_map, boost::unit_test::data::make(kSelectCases), c) {
  Pet pet;
  RowRef before = pet.Row(c.stored, std::nullopt);
  RowRef after = MigrateRow(*before, pet.schema, pet.Rename(pet.kind, c.map));
  if (!c.expected) {
    BOOST_TEST(!after);
    return;
  }
  BOOST_TEST_REQUIRE(static_cast<bool>(after));
  BOOST_TEST(KindOf(after, pet) == c.expected);
  BOOST_TEST(after->GetUuid(pet.schema.id_slot) == before->GetUuid(pet.schema.id_slot));
}

BOOST_AUTO_TEST_CASE(multi_select_items_are_renamed_or_left_out) {
  Pet pet;
  RowRef row = pet.Row(std::nullopt, std::vector<std::string>{"A", "B", "C"});
  RowRef after = MigrateRow(*row, pet.schema, pet.Rename(pet.tags, {{"A", "Z"}, {"C", std::nullopt}}));
  BOOST_TEST_REQUIRE(static_cast<bool>(after));
  BOOST_TEST(TagsOf(after, pet) == (std::vector<std::string>{"Z", "B"}));
  BOOST_TEST(!MigrateRow(*row, pet.schema, pet.Rename(pet.tags, {{"Q", "Z"}})));
  RowRef emptied = MigrateRow(*pet.Row(std::nullopt, std::vector<std::string>{"C"}), pet.schema,
                              pet.Rename(pet.tags, {{"C", std::nullopt}}));
  BOOST_TEST_REQUIRE(static_cast<bool>(emptied));
  BOOST_TEST(!emptied->IsNull(pet.tags.first_slot));  // an empty list, as the rewrite before it gave
  BOOST_TEST(TagsOf(emptied, pet).empty());
}

BOOST_AUTO_TEST_CASE(a_new_field_fills_only_rows_written_before_it) {
  Pet pet;
  RowRef old_row = pet.Row("A", std::nullopt);
  ObjectSchema grown = pet.schema;
  grown.fields.push_back(CustomField("score", FieldType::kText));
  grown.AssignSlots();
  const FieldSchema& score = *grown.FindField("score");
  RowMigration fill{RowMigration::Kind::kFillNewField, grown.id, score.id, {std::string("0")}, {}};

  RowRef filled = MigrateRow(*old_row, grown, fill);
  BOOST_TEST_REQUIRE(static_cast<bool>(filled));
  BOOST_TEST(filled->Text(score.first_slot) == "0");
  BOOST_TEST(KindOf(filled, pet) == "A");

  // Written since (it reaches the field's slot, even as NULL): left alone.
  RowBuilder b(grown.slot_count());
  b.SetUuid(grown.id_slot, Uuid::Random());
  BOOST_TEST(!MigrateRow(*b.Build(), grown, fill));
  // A default that is NULL in every slot writes nothing.
  fill.slot_values = {std::nullopt};
  BOOST_TEST(!MigrateRow(*old_row, grown, fill));
  // A field the schema does not have changes nothing.
  BOOST_TEST(!MigrateRow(*old_row, pet.schema, RowMigration{RowMigration::Kind::kFillNewField, pet.schema.id,
                                                             Uuid::Random(), {std::string("0")}, {}}));
}

BOOST_AUTO_TEST_CASE(encoding_round_trips_and_rejects_every_truncation) {
  const RowMigration migrations[] = {
      {RowMigration::Kind::kFillNewField, Uuid::Random(), Uuid::Random(), {std::string("x"), std::nullopt, std::string()}, {}},
      {RowMigration::Kind::kRenameValues, Uuid::Random(), Uuid::Random(), {}, {{"A", "B"}, {"C", std::nullopt}}},
  };
  for (const RowMigration& m : migrations) {
    std::string bytes;
    ByteWriter w(&bytes);
    EncodeRowMigration(m, &w);
    ByteReader r(bytes);
    RowMigration back;
    BOOST_TEST_REQUIRE(DecodeRowMigration(&r, &back));
    BOOST_TEST(r.empty());
    BOOST_TEST((back == m));
    for (size_t n = 0; n < bytes.size(); ++n) {
      ByteReader cut(std::string_view(bytes).substr(0, n));
      RowMigration ignored;
      BOOST_TEST(!DecodeRowMigration(&cut, &ignored), "prefix of " << n << " bytes decoded");
    }
  }
  std::string unknown_kind(1, '\x07');
  unknown_kind.append(32, '\0');
  unknown_kind.append(4, '\0');
  ByteReader r(unknown_kind);
  RowMigration ignored;
  BOOST_TEST(!DecodeRowMigration(&r, &ignored));
}

BOOST_AUTO_TEST_SUITE_END()

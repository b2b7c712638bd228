#include "storage/workspace.h"

#include <boost/test/unit_test.hpp>

#include "tests/storage/custom_object.h"
#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

using testing::CustomField;

ObjectSchema Pet() { return testing::CustomObject("pet", "pets"); }

RowRef PetRow(const ObjectSchema& s, const Uuid& id, std::string_view name) {
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, id);
  b.SetText(*s.FindSlot("name"), name);
  return b.Build();
}

void Insert(Table* t, const Uuid& id, std::string_view name) {
  auto s = t->schema();
  auto r = t->Put(id, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(PetRow(*s, id, name)); });
  BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
}

struct Fixture {
  Workspace ws{Uuid::Random(), "Acme", 0, nullptr, 4};
  Result<uint64_t> Commit(MetadataChange change) {
    auto lock = ws.LockMetadata();
    return ws.CommitMetadata(std::move(change));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(workspace, Fixture)

BOOST_AUTO_TEST_CASE(a_created_object_is_found_at_once_and_bumps_the_version) {
  uint64_t v = ws.metadata_version();
  size_t objects = ws.Objects().size();
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  BOOST_TEST(ws.metadata_version() == v + 1);
  BOOST_TEST(ws.Objects().size() == objects + 1);
  Table* pets = ws.FindByPlural("pets");
  BOOST_TEST_REQUIRE(pets);
  BOOST_TEST(ws.FindBySingular("pet") == pets);
  BOOST_TEST(ws.FindById(pets->schema()->id) == pets);
  BOOST_TEST(pets->schema()->workspace_id == ws.id());
  Insert(pets, Uuid::Random(), "Rex");
  BOOST_TEST(pets->total_count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_taken_name_is_refused_and_nothing_changes) {
  ObjectSchema clash = Pet();
  clash.name_plural = "people";  // person's plural
  uint64_t v = ws.metadata_version();
  auto r = Commit({{clash}, {}});
  BOOST_TEST(!r.ok());
  BOOST_TEST((r.status().code() == StatusCode::kConflict));
  BOOST_TEST(ws.metadata_version() == v);
  BOOST_TEST(!ws.FindBySingular("pet"));
}

BOOST_AUTO_TEST_CASE(an_added_field_takes_new_slots_and_old_rows_read_it_as_null) {
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  Table* pets = ws.FindByPlural("pets");
  Uuid rex = Uuid::Random();
  Insert(pets, rex, "Rex");
  ObjectSchema next = *pets->schema();
  uint16_t high = next.slot_high_water;
  next.fields.push_back(CustomField("nickname", FieldType::kText));
  BOOST_TEST_REQUIRE(Commit({{next}, {}}).ok());
  auto s = pets->schema();
  BOOST_TEST(*s->FindSlot("nickname") == high);
  BOOST_TEST(pets->Get(rex)->IsNull(*s->FindSlot("nickname")));
}

BOOST_AUTO_TEST_CASE(moving_a_kept_field_to_other_slots_is_refused) {
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  ObjectSchema next = *ws.FindByPlural("pets")->schema();
  next.fields[1].first_slot += 1;
  BOOST_TEST(!Commit({{next}, {}}).ok());
}

BOOST_AUTO_TEST_CASE(making_a_field_unique_builds_its_index_or_refuses_duplicates) {
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  Table* pets = ws.FindByPlural("pets");
  Uuid a = Uuid::Random();
  Insert(pets, a, "Rex");
  Insert(pets, Uuid::Random(), "Rex");
  ObjectSchema unique = *pets->schema();
  for (auto& f : unique.fields)
    if (f.name == "name") f.is_unique = true;
  auto refused = Commit({{unique}, {}});
  BOOST_TEST(!refused.ok());
  BOOST_TEST(!pets->schema()->FindField("name")->is_unique);

  ObjectSchema fresh = Pet();
  fresh.name_singular = "cat";
  fresh.name_plural = "cats";
  BOOST_TEST_REQUIRE(Commit({{fresh}, {}}).ok());
  Table* cats = ws.FindByPlural("cats");
  Uuid tom = Uuid::Random();
  Insert(cats, tom, "Tom");
  ObjectSchema cats_unique = *cats->schema();
  for (auto& f : cats_unique.fields)
    if (f.name == "name") f.is_unique = true;
  BOOST_TEST_REQUIRE(Commit({{cats_unique}, {}}).ok());
  uint16_t slot = *cats->schema()->FindSlot("name");
  BOOST_TEST((cats->FindUnique(slot, "Tom") == tom));
  auto dup = cats->Put(Uuid::Random(), PutMode::kInsert, [&](const RowRef&) {
    return Result<RowRef>(PetRow(*cats->schema(), Uuid::Random(), "Tom"));
  });
  BOOST_TEST(!dup.ok());
}

BOOST_AUTO_TEST_CASE(deactivated_objects_leave_the_record_lookups_but_stay_in_metadata) {
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  Table* pets = ws.FindByPlural("pets");
  ObjectSchema off = *pets->schema();
  off.is_active = false;
  BOOST_TEST_REQUIRE(Commit({{off}, {}}).ok());
  BOOST_TEST(!ws.FindByPlural("pets"));
  BOOST_TEST(!ws.FindById(off.id));
  BOOST_TEST(ws.FindAnyById(off.id) == pets);
  bool listed = false;
  for (const auto& o : ws.Objects()) listed |= o->name_plural == "pets";
  BOOST_TEST(listed);
}

BOOST_AUTO_TEST_CASE(a_dropped_object_is_gone_its_rows_freed_and_its_names_free_again) {
  BOOST_TEST_REQUIRE(Commit({{Pet()}, {}}).ok());
  Table* pets = ws.FindByPlural("pets");
  Uuid id = pets->schema()->id;
  Insert(pets, Uuid::Random(), "Rex");
  BOOST_TEST_REQUIRE(Commit({{}, {id}}).ok());
  BOOST_TEST(!ws.FindByPlural("pets"));
  BOOST_TEST(!ws.FindAnyById(id));
  BOOST_TEST(ws.WasDropped(id));
  BOOST_TEST(pets->total_count() == 0u);  // the pointer stays valid, empty
  BOOST_TEST(Commit({{Pet()}, {}}).ok());
}

BOOST_AUTO_TEST_SUITE_END()

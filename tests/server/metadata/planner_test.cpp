// Unit tests of server/metadata/planner and names: the planner is pure, so
// each case plans against the standard objects and inspects the change.
#include "server/metadata/planner.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <ostream>
#include <string>

#include "server/metadata/names.h"
#include "storage/standard_objects.h"

namespace vingt::server::metadata {
namespace {

using storage::FieldType;
using storage::ObjectSchema;
using storage::Uuid;

constexpr int64_t kNow = 1700000000000;

Uuid Workspace() { return *Uuid::Parse("20202020-0000-4000-8000-00000000000a"); }

Objects Standard() {
  Objects out;
  for (auto& o : storage::BuildStandardObjects(Workspace(), kNow)) out.push_back(std::make_shared<const ObjectSchema>(std::move(o)));
  return out;
}

// `objects` with the plan's puts applied and drops removed (what the
// workspace would hold after CommitMetadata, slots aside).
Objects Apply(Objects objects, const Plan& plan) {
  for (const auto& put : plan.change.put) {
    auto copy = std::make_shared<ObjectSchema>(put);
    copy->AssignSlots();
    bool replaced = false;
    for (auto& o : objects)
      if (o->id == put.id) {
        o = copy;
        replaced = true;
      }
    if (!replaced) objects.push_back(copy);
  }
  std::erase_if(objects, [&](const auto& o) {
    return std::find(plan.change.drop.begin(), plan.change.drop.end(), o->id) != plan.change.drop.end();
  });
  return objects;
}

CreateObjectInput Pet() {
  CreateObjectInput in;
  in.name_singular = "pet";
  in.name_plural = "pets";
  in.label_singular = "Pet";
  in.label_plural = "Pets";
  return in;
}

struct NameCase {
  std::string name;
  std::string message;  // "" = valid
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.name; }

const NameCase kNames[] = {
    {"pet", ""},
    {"petOwner2", ""},
    {"", "Input is too short: "},
    {std::string(64, 'a'), "String \"" + std::string(64, 'a') + "\" exceeds 63 characters limit"},
    {"Pet", "Name should be in camelCase: Pet"},
    {"pet_owner", "Name should be in camelCase: pet_owner"},
    {"myURL", "Name should be in camelCase: myURL"},
    {"123abc", "Name should be in camelCase: 123abc"},
    {"p\xC3\xA9t", "String \"p\xC3\xA9t\" is not valid"},
    {"users", "The name \"users\" is not available"},
    {"type", "The name \"type\" is not available"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(metadata_planner)

BOOST_DATA_TEST_CASE(metadata_names, boost::unit_test::data::make(kNames), c) {
  auto err = CheckMetadataName(c.name);
  BOOST_TEST(err.value_or("") == c.message);
}

BOOST_AUTO_TEST_CASE(create_object_puts_the_object_and_five_junctions) {
  Objects objects = Standard();
  auto plan = PlanCreateObject(objects, Workspace(), Pet(), kNow);
  BOOST_TEST_REQUIRE(plan.ok(), plan.status().ToString());
  BOOST_TEST(plan->change.put.size() == 6u);
  BOOST_TEST(plan->change.drop.empty());
  const ObjectSchema& pet = plan->change.put.front();
  BOOST_TEST((pet.id == plan->object_id));
  BOOST_TEST(pet.is_custom);
  BOOST_TEST(pet.label_identifier_field == "name");
  for (const auto& f : pet.fields) BOOST_TEST(f.slot_count == 0u, f.name << " must get fresh slots");
  for (std::string junction : {"timelineActivity", "favorite", "attachment", "noteTarget", "taskTarget"}) {
    const ObjectSchema* j = nullptr;
    for (const auto& p : plan->change.put)
      if (p.name_singular == junction) j = &p;
    BOOST_TEST_REQUIRE(j != nullptr, junction);
    const std::string name = junction == "timelineActivity" ? "targetPet" : "pet";
    const storage::FieldSchema* f = j->FindField(name);
    BOOST_TEST_REQUIRE(f != nullptr, junction);
    BOOST_TEST(f->IsManyToOne());
    BOOST_TEST(f->relation->target_object == "pet");
    BOOST_TEST(f->slot_count == 0u);
    // The junction's existing fields keep their slots.
    BOOST_TEST(j->FindField("id")->slot_count == 1u);
  }
  Objects after = Apply(objects, *plan);
  auto again = PlanCreateObject(after, Workspace(), Pet(), kNow);
  BOOST_TEST(again.status().message() == "Object already exists");
  BOOST_TEST(again.status().detail_code() == "OBJECT_ALREADY_EXISTS");
}

BOOST_AUTO_TEST_CASE(rename_propagates_to_relations_and_junction_fields) {
  Objects objects = Standard();
  auto created = PlanCreateObject(objects, Workspace(), Pet(), kNow);
  objects = Apply(objects, *created);
  UpdateObjectInput rename;
  rename.name_singular = "animal";
  rename.name_plural = "animals";
  rename.label_singular = "Animal";
  auto plan = PlanUpdateObject(objects, created->object_id, rename, kNow + 1);
  BOOST_TEST_REQUIRE(plan.ok(), plan.status().ToString());
  objects = Apply(objects, *plan);
  const ObjectSchema* note_target = FindObjectBySingular(objects, "noteTarget");
  BOOST_TEST(note_target->FindField("pet") == nullptr);
  const storage::FieldSchema* animal = note_target->FindField("animal");
  BOOST_TEST_REQUIRE(animal != nullptr);
  BOOST_TEST(animal->relation->target_object == "animal");
  BOOST_TEST(animal->label == "Animal");
  BOOST_TEST(animal->JoinColumnName() == "animalId");
  const ObjectSchema* self = FindObjectById(objects, created->object_id);
  BOOST_TEST(self->FindField("noteTargets")->relation->inverse_field == "animal");
  BOOST_TEST(FindObjectBySingular(objects, "timelineActivity")->FindField("targetAnimal") != nullptr);
}

BOOST_AUTO_TEST_CASE(delete_rules) {
  Objects objects = Standard();
  auto created = PlanCreateObject(objects, Workspace(), Pet(), kNow);
  objects = Apply(objects, *created);
  BOOST_TEST(PlanDeleteObject(objects, created->object_id, kNow).status().message() == "Active objects cannot be deleted");
  BOOST_TEST(PlanDeleteObject(objects, FindObjectBySingular(objects, "person")->id, kNow).status().message() ==
             "Standard objects cannot be deleted");
  BOOST_TEST((PlanDeleteObject(objects, Uuid::Random(), kNow).status().code() == StatusCode::kNotFound));
  UpdateObjectInput off;
  off.is_active = false;
  auto deactivated = PlanUpdateObject(objects, created->object_id, off, kNow);
  BOOST_TEST_REQUIRE(deactivated.ok());
  objects = Apply(objects, *deactivated);
  BOOST_TEST(!FindObjectBySingular(objects, "noteTarget")->FindField("pet")->is_active);
  auto deleted = PlanDeleteObject(objects, created->object_id, kNow);
  BOOST_TEST_REQUIRE(deleted.ok(), deleted.status().ToString());
  BOOST_TEST(deleted->change.drop.size() == 1u);
  objects = Apply(objects, *deleted);
  BOOST_TEST(FindObjectBySingular(objects, "pet") == nullptr);
  BOOST_TEST(FindObjectBySingular(objects, "noteTarget")->FindField("pet") == nullptr);
}

BOOST_AUTO_TEST_CASE(select_fields_quote_defaults_and_options_updates_plan_a_migration) {
  Objects objects = Standard();
  CreateFieldInput in;
  in.object_id = FindObjectBySingular(objects, "person")->id;
  in.type = "SELECT";
  in.name = "level";
  in.label = "Level";
  in.default_value_json = "\"LOW\"";
  in.options = std::vector<OptionInput>{{std::nullopt, "LOW", "Low", "green", std::nullopt},
                                        {std::nullopt, "HIGH", "High", "red", std::nullopt}};
  auto plan = PlanCreateField(objects, in, kNow);
  BOOST_TEST_REQUIRE(plan.ok(), plan.status().ToString());
  objects = Apply(objects, *plan);
  auto [owner, field] = FindFieldById(objects, plan->field_id);
  BOOST_TEST_REQUIRE(field != nullptr);
  BOOST_TEST(field->default_value_json == "\"'LOW'\"");
  BOOST_TEST(field->options.size() == 2u);
  BOOST_TEST(field->options[1].position == 1);
  BOOST_TEST(plan->backfill.has_value());

  UpdateFieldInput update;
  update.options = std::vector<OptionInput>{{field->options[0].id.ToString(), "MINOR", "Minor", "green", 0.0}};
  auto changed = PlanUpdateField(objects, plan->field_id, update, kNow);
  BOOST_TEST_REQUIRE(changed.ok(), changed.status().ToString());
  BOOST_TEST_REQUIRE(changed->migration.has_value());
  BOOST_TEST(changed->migration->renamed.size() == 1u);
  BOOST_TEST(changed->migration->renamed[0].first == "LOW");
  BOOST_TEST(changed->migration->renamed[0].second == "MINOR");
  BOOST_TEST(changed->migration->removed.size() == 1u);
  BOOST_TEST(changed->migration->removed[0] == "HIGH");
  // The default named a value that is gone.
  objects = Apply(objects, *changed);
  BOOST_TEST(FindFieldById(objects, plan->field_id).second->default_value_json.empty());

  UpdateFieldInput type_change;
  type_change.name = "Level";
  BOOST_TEST(PlanUpdateField(objects, plan->field_id, type_change, kNow).status().message() ==
             "Name should be in camelCase: Level");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::server::metadata

#include "storage/standard_objects.h"

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace vingt::storage {

// Lets BOOST_CHECK_EQUAL print ids (found by ADL).
static std::ostream& boost_test_print_type(std::ostream& os, const Uuid& id) { return os << id.ToString(); }

namespace {

Uuid WorkspaceA() { return *Uuid::Parse("20202020-0000-4000-8000-00000000000a"); }
Uuid WorkspaceB() { return *Uuid::Parse("20202020-0000-4000-8000-00000000000b"); }

const ObjectSchema& Object(const std::vector<ObjectSchema>& objects, std::string_view name) {
  for (const auto& o : objects)
    if (o.name_singular == name) return o;
  BOOST_FAIL("no object " << name);
  return objects.front();
}

const FieldSchema& Field(const ObjectSchema& object, std::string_view name) {
  const FieldSchema* f = object.FindField(name);
  BOOST_REQUIRE_MESSAGE(f, object.name_singular << " has no field " << name);
  return *f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(standard_objects)

BOOST_AUTO_TEST_CASE(has_the_expected_objects) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1700000000000);
  for (std::string_view name : {"person", "company", "opportunity", "note", "task", "noteTarget", "taskTarget",
                                "workspaceMember", "attachment", "favorite", "favoriteFolder", "timelineActivity"})
    BOOST_CHECK_EQUAL(Object(objects, name).name_singular, name);
  for (const auto& o : objects) {
    BOOST_CHECK_EQUAL(o.workspace_id, WorkspaceA());
    BOOST_CHECK_EQUAL(o.created_at_ms, 1700000000000);
    BOOST_CHECK_EQUAL(o.updated_at_ms, 1700000000000);
    BOOST_CHECK(!o.is_custom);
    BOOST_CHECK(o.is_active);
  }
  for (std::string_view name :
       {"noteTarget", "taskTarget", "workspaceMember", "attachment", "favorite", "favoriteFolder", "timelineActivity"})
    BOOST_CHECK_MESSAGE(Object(objects, name).is_system, name << " is a system object");
  for (std::string_view name : {"person", "company", "opportunity", "note", "task"})
    BOOST_CHECK_MESSAGE(!Object(objects, name).is_system, name << " is not a system object");
  BOOST_CHECK_EQUAL(Object(objects, "person").name_plural, "people");
  BOOST_CHECK_EQUAL(Object(objects, "company").name_plural, "companies");
  BOOST_CHECK_EQUAL(Object(objects, "person").shortcut, "P");
  BOOST_CHECK_EQUAL(Object(objects, "person").icon, "IconUser");
  BOOST_CHECK(Object(objects, "person").is_searchable);
  BOOST_CHECK_EQUAL(Object(objects, "person").label_identifier_field, "name");
  BOOST_CHECK_EQUAL(Object(objects, "person").image_identifier_field, "avatarUrl");
  BOOST_CHECK_EQUAL(Object(objects, "note").label_identifier_field, "title");
}

BOOST_AUTO_TEST_CASE(every_object_starts_with_the_system_fields) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  for (const auto& o : objects) {
    BOOST_TEST_CONTEXT(o.name_singular) {
      BOOST_REQUIRE_GE(o.fields.size(), 4u);
      BOOST_CHECK_EQUAL(o.fields[0].name, "id");
      BOOST_CHECK_EQUAL(o.fields[1].name, "createdAt");
      BOOST_CHECK_EQUAL(o.fields[2].name, "updatedAt");
      BOOST_CHECK_EQUAL(o.fields[3].name, "deletedAt");

      const FieldSchema& id = o.fields[0];
      BOOST_CHECK(id.type == FieldType::kUuid);
      BOOST_CHECK(id.is_system);
      BOOST_CHECK(!id.is_nullable);
      BOOST_CHECK_EQUAL(id.default_value_json, "uuid");
      BOOST_CHECK(o.fields[1].type == FieldType::kDateTime);
      BOOST_CHECK_EQUAL(o.fields[1].default_value_json, "now");
      BOOST_CHECK(!o.fields[1].is_nullable);
      BOOST_CHECK_EQUAL(o.fields[2].default_value_json, "now");
      BOOST_CHECK(!o.fields[2].is_nullable);
      BOOST_CHECK(o.fields[3].is_nullable);
      BOOST_CHECK(o.fields[3].default_value_json.empty());

      BOOST_CHECK_EQUAL(o.FindSlot("id").value(), o.id_slot);
      BOOST_CHECK_EQUAL(o.FindSlot("createdAt").value(), o.created_at_slot);
      BOOST_CHECK_EQUAL(o.FindSlot("updatedAt").value(), o.updated_at_slot);
      BOOST_CHECK_EQUAL(o.FindSlot("deletedAt").value(), o.deleted_at_slot);
      BOOST_CHECK(o.slots[o.id_slot].kind == SlotKind::kUuid);
      BOOST_CHECK(o.slots[o.created_at_slot].kind == SlotKind::kTimestamp);
      BOOST_CHECK(o.slots[o.deleted_at_slot].kind == SlotKind::kTimestamp);
      // Every slot belongs to a field, and every field but ONE_TO_MANY has slots.
      for (const auto& f : o.fields)
        BOOST_CHECK_MESSAGE(f.IsOneToMany() == (f.slot_count == 0), f.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(actor_and_position_follow_the_base_fields) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  const ObjectSchema& person = Object(objects, "person");
  BOOST_CHECK_EQUAL(person.fields[4].name, "createdBy");
  BOOST_CHECK_EQUAL(person.fields[5].name, "updatedBy");
  BOOST_CHECK_EQUAL(person.fields[6].name, "position");
  BOOST_CHECK_EQUAL(person.fields[7].name, "name");
  BOOST_CHECK(person.fields[4].type == FieldType::kActor);
  BOOST_CHECK_EQUAL(person.fields[4].default_value_json, R"({"source":"'MANUAL'","name":"''"})");
  BOOST_CHECK(person.fields[6].type == FieldType::kPosition);
  BOOST_CHECK(person.fields[6].is_system);
  BOOST_CHECK_EQUAL(person.fields[6].default_value_json, "0");
  BOOST_CHECK_GE(person.created_by_slot, 0);
  BOOST_CHECK_GE(person.updated_by_slot, 0);
  BOOST_CHECK_EQUAL(person.position_slot, *person.FindSlot("position"));
  BOOST_CHECK_EQUAL(person.created_by_slot, *person.FindSlot("createdBy", "source"));

  const ObjectSchema& target = Object(objects, "noteTarget");
  BOOST_CHECK_EQUAL(target.created_by_slot, -1);
  BOOST_CHECK_EQUAL(target.position_slot, -1);
  BOOST_CHECK(target.FindField("searchVector") == nullptr);

  const FieldSchema& search = Field(person, "searchVector");
  BOOST_CHECK(search.type == FieldType::kTsVector);
  BOOST_CHECK(search.is_system);
}

BOOST_AUTO_TEST_CASE(names_are_unique) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  std::set<std::string> object_names;
  std::set<Uuid> ids;
  for (const auto& o : objects) {
    BOOST_CHECK_MESSAGE(object_names.insert(o.name_singular).second, "duplicate name " << o.name_singular);
    BOOST_CHECK_MESSAGE(object_names.insert(o.name_plural).second, "duplicate name " << o.name_plural);
    BOOST_CHECK(ids.insert(o.id).second);
    std::set<std::string> field_names;
    for (const auto& f : o.fields) {
      BOOST_CHECK_MESSAGE(field_names.insert(f.name).second, o.name_singular << "." << f.name << " twice");
      BOOST_CHECK(ids.insert(f.id).second);
      // A join column must not collide with a real field.
      if (f.IsManyToOne()) BOOST_CHECK(o.FindField(f.JoinColumnName()) == nullptr);
      for (const auto& opt : f.options) BOOST_CHECK(ids.insert(opt.id).second);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_relation_has_a_matching_inverse) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  int relations = 0;
  for (const auto& o : objects) {
    for (const auto& f : o.fields) {
      if (!f.relation) continue;
      ++relations;
      BOOST_TEST_CONTEXT(o.name_singular << "." << f.name) {
        BOOST_CHECK(f.type == FieldType::kRelation);
        const ObjectSchema& target = Object(objects, f.relation->target_object);
        const FieldSchema* inverse = target.FindField(f.relation->inverse_field);
        BOOST_REQUIRE_MESSAGE(inverse, "missing inverse " << f.relation->target_object << "."
                                                          << f.relation->inverse_field);
        BOOST_REQUIRE(inverse->relation);
        BOOST_CHECK(inverse->relation->type != f.relation->type);
        BOOST_CHECK_EQUAL(inverse->relation->target_object, o.name_singular);
        BOOST_CHECK_EQUAL(inverse->relation->inverse_field, f.name);
        BOOST_CHECK(inverse->relation->on_delete == f.relation->on_delete);
        if (f.IsManyToOne()) {
          BOOST_CHECK(f.is_nullable);
          BOOST_CHECK_EQUAL(f.slot_count, 1);
          BOOST_CHECK(o.slots[f.first_slot].kind == SlotKind::kUuid);
          BOOST_CHECK_NE(f.settings_json.find("\"joinColumnName\":\"" + f.name + "Id\""), std::string::npos);
        }
      }
    }
  }
  BOOST_CHECK_GT(relations, 60);
}

BOOST_AUTO_TEST_CASE(relations_use_twentys_on_delete) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  auto on_delete = [&](std::string_view object, std::string_view field) {
    return Field(Object(objects, object), field).relation->on_delete;
  };
  BOOST_CHECK(on_delete("person", "company") == OnDelete::kSetNull);
  BOOST_CHECK(on_delete("company", "people") == OnDelete::kSetNull);
  BOOST_CHECK(on_delete("opportunity", "pointOfContact") == OnDelete::kSetNull);
  BOOST_CHECK(on_delete("company", "accountOwner") == OnDelete::kSetNull);
  BOOST_CHECK(on_delete("task", "assignee") == OnDelete::kSetNull);
  for (std::string_view junction : {"noteTarget", "taskTarget"})
    for (const auto& f : Object(objects, junction).fields)
      if (f.IsManyToOne()) BOOST_CHECK_MESSAGE(f.relation->on_delete == OnDelete::kCascade, junction << "." << f.name);
  BOOST_CHECK(on_delete("person", "noteTargets") == OnDelete::kCascade);
  BOOST_CHECK(on_delete("attachment", "person") == OnDelete::kCascade);
  BOOST_CHECK(on_delete("favorite", "favoriteFolder") == OnDelete::kSetNull);
  BOOST_CHECK(on_delete("timelineActivity", "targetPerson") == OnDelete::kCascade);
  BOOST_CHECK_EQUAL(Field(Object(objects, "person"), "company").settings_json,
                    R"({"relationType":"MANY_TO_ONE","onDelete":"SET_NULL","joinColumnName":"companyId"})");
  BOOST_CHECK_EQUAL(Field(Object(objects, "company"), "people").settings_json, R"({"relationType":"ONE_TO_MANY"})");
}

BOOST_AUTO_TEST_CASE(ids_are_stable_per_workspace) {
  auto a1 = BuildStandardObjects(WorkspaceA(), 1);
  auto a2 = BuildStandardObjects(WorkspaceA(), 2);
  auto b = BuildStandardObjects(WorkspaceB(), 1);
  BOOST_REQUIRE_EQUAL(a1.size(), a2.size());
  BOOST_REQUIRE_EQUAL(a1.size(), b.size());
  for (size_t i = 0; i < a1.size(); ++i) {
    BOOST_CHECK_EQUAL(a1[i].id, a2[i].id);
    BOOST_CHECK_NE(a1[i].id, b[i].id);
    BOOST_REQUIRE_EQUAL(a1[i].fields.size(), a2[i].fields.size());
    for (size_t j = 0; j < a1[i].fields.size(); ++j) {
      BOOST_CHECK_EQUAL(a1[i].fields[j].id, a2[i].fields[j].id);
      BOOST_CHECK_NE(a1[i].fields[j].id, b[i].fields[j].id);
      BOOST_CHECK_EQUAL(a1[i].fields[j].first_slot, a2[i].fields[j].first_slot);
      for (size_t k = 0; k < a1[i].fields[j].options.size(); ++k)
        BOOST_CHECK_EQUAL(a1[i].fields[j].options[k].id, a2[i].fields[j].options[k].id);
    }
  }
  BOOST_CHECK_EQUAL(Object(a1, "person").id, Uuid::Derive(WorkspaceA(), "object:person"));
  BOOST_CHECK_EQUAL(Field(Object(a1, "person"), "emails").id, Uuid::Derive(WorkspaceA(), "field:person.emails"));
  BOOST_CHECK_EQUAL(Field(Object(a1, "opportunity"), "stage").options[0].id,
                    Uuid::Derive(WorkspaceA(), "option:opportunity.stage.NEW"));
}

BOOST_AUTO_TEST_CASE(unique_and_duplicate_criteria) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  const ObjectSchema& person = Object(objects, "person");
  const ObjectSchema& company = Object(objects, "company");
  BOOST_CHECK(Field(person, "emails").is_unique);
  BOOST_CHECK(Field(person, "emails").is_nullable);
  BOOST_CHECK_EQUAL(Field(person, "emails").settings_json, R"({"maxNumberOfValues":1})");
  BOOST_CHECK(Field(company, "domainName").is_unique);
  BOOST_CHECK(!Field(person, "name").is_unique);
  using Criteria = std::vector<std::vector<std::string>>;
  BOOST_CHECK(person.duplicate_criteria ==
              (Criteria{{"nameFirstName", "nameLastName"}, {"linkedinLinkPrimaryLinkUrl"}, {"emailsPrimaryEmail"}}));
  BOOST_CHECK(company.duplicate_criteria == (Criteria{{"name"}, {"domainNamePrimaryLinkUrl"}}));
  BOOST_CHECK(Object(objects, "task").duplicate_criteria.empty());
}

BOOST_AUTO_TEST_CASE(select_options_and_defaults) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  const FieldSchema& stage = Field(Object(objects, "opportunity"), "stage");
  BOOST_CHECK(stage.type == FieldType::kSelect);
  BOOST_CHECK_EQUAL(stage.default_value_json, "'NEW'");
  BOOST_CHECK(!stage.is_nullable);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"NEW", "red"}, {"SCREENING", "purple"}, {"MEETING", "sky"}, {"PROPOSAL", "turquoise"}, {"CUSTOMER", "yellow"}};
  BOOST_REQUIRE_EQUAL(stage.options.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    BOOST_CHECK_EQUAL(stage.options[i].value, expected[i].first);
    BOOST_CHECK_EQUAL(stage.options[i].color, expected[i].second);
    BOOST_CHECK_EQUAL(stage.options[i].position, static_cast<double>(i));
  }
  BOOST_CHECK_EQUAL(stage.FindOption("NEW")->label, "New");

  const FieldSchema& status = Field(Object(objects, "task"), "status");
  BOOST_CHECK_EQUAL(status.default_value_json, "'TODO'");
  BOOST_CHECK(status.is_nullable);
  BOOST_REQUIRE_EQUAL(status.options.size(), 3u);
  BOOST_CHECK_EQUAL(status.options[1].label, "In progress");

  const ObjectSchema& member = Object(objects, "workspaceMember");
  BOOST_CHECK_EQUAL(Field(member, "dateFormat").options.size(), 4u);
  BOOST_CHECK_EQUAL(Field(member, "timeFormat").options.size(), 3u);
  BOOST_CHECK_EQUAL(Field(member, "numberFormat").options.size(), 5u);
  BOOST_CHECK_EQUAL(Field(member, "colorScheme").default_value_json, "'System'");

  const ObjectSchema& company = Object(objects, "company");
  BOOST_CHECK_EQUAL(Field(company, "idealCustomerProfile").default_value_json, "false");
  BOOST_CHECK_EQUAL(Field(company, "name").default_value_json, "''");
  BOOST_CHECK_EQUAL(Field(company, "annualRecurringRevenue").default_value_json,
                    R"({"amountMicros":null,"currencyCode":"''"})");
  BOOST_CHECK(Field(company, "employees").default_value_json.empty());
  BOOST_CHECK_EQUAL(Field(Object(objects, "person"), "name").default_value_json,
                    R"({"firstName":"''","lastName":"''"})");
  BOOST_CHECK(Field(Object(objects, "person"), "name").is_label_synced_with_name);
  BOOST_CHECK(!Field(company, "idealCustomerProfile").is_label_synced_with_name);
}

BOOST_AUTO_TEST_CASE(composite_slots_and_join_columns) {
  auto objects = BuildStandardObjects(WorkspaceA(), 1);
  const ObjectSchema& person = Object(objects, "person");
  const FieldSchema& name = Field(person, "name");
  BOOST_CHECK_EQUAL(name.slot_count, 2);
  BOOST_CHECK_EQUAL(Field(person, "emails").slot_count, 2);
  BOOST_CHECK_EQUAL(Field(person, "phones").slot_count, 4);
  BOOST_CHECK_EQUAL(Field(person, "linkedinLink").slot_count, 3);
  BOOST_CHECK_EQUAL(Field(person, "createdBy").slot_count, 4);
  BOOST_CHECK_EQUAL(Field(Object(objects, "company"), "address").slot_count, 8);
  BOOST_CHECK_EQUAL(Field(Object(objects, "note"), "bodyV2").slot_count, 2);

  auto first = person.FindSlot("name", "firstName");
  auto last = person.FindSlot("name", "lastName");
  BOOST_REQUIRE(first && last);
  BOOST_CHECK_EQUAL(*first, name.first_slot);
  BOOST_CHECK_EQUAL(*last, name.first_slot + 1);
  BOOST_CHECK(person.slots[*first].kind == SlotKind::kText);
  BOOST_CHECK(!person.FindSlot("name"));
  BOOST_CHECK(!person.FindSlot("name", "middleName"));

  const FieldSchema& company = Field(person, "company");
  auto join = person.FindSlot("companyId");
  BOOST_REQUIRE(join);
  BOOST_CHECK_EQUAL(*join, company.first_slot);
  BOOST_CHECK(person.FindByJoinColumn("companyId") == &company);
  BOOST_CHECK(!person.FindSlot("noteTargets"));
  BOOST_CHECK(!person.FindSlot("noteTargetsId"));

  const ObjectSchema& junction = Object(objects, "noteTarget");
  for (std::string_view column : {"noteId", "personId", "companyId", "opportunityId"})
    BOOST_CHECK_MESSAGE(junction.FindSlot(column), column);

  // Slots are dense: the layout is exactly the sum of the fields' slots.
  for (const auto& o : objects) {
    size_t total = 0;
    for (const auto& f : o.fields) total += f.slot_count;
    BOOST_CHECK_EQUAL(o.slot_count(), total);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::storage

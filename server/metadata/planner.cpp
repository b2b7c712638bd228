#include "server/metadata/planner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include <simdjson.h>

#include "protocol/json_read.h"
#include "protocol/json_write.h"
#include "server/metadata/names.h"
#include "storage/metadata_fields.h"

namespace vingt::server::metadata {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::OnDelete;
using storage::RelationInfo;
using storage::RelationType;
using storage::SelectOption;
using storage::Uuid;

namespace {

// ---- errors, with Twenty's exception codes ----

Status ObjectInputError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_OBJECT_INPUT");
}
Status ObjectNotFound(std::string message) {
  return Status::NotFound(std::move(message)).WithDetailCode("OBJECT_METADATA_NOT_FOUND");
}
Status FieldInputError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_FIELD_INPUT");
}
Status FieldNotFound(std::string message) {
  return Status::NotFound(std::move(message)).WithDetailCode("FIELD_METADATA_NOT_FOUND");
}

// The standard objects every custom object is linked to, as Twenty's
// DEFAULT_RELATIONS_OBJECTS_STANDARD_IDS lists them.
constexpr std::array<std::string_view, 5> kJunctionObjects = {"timelineActivity", "favorite", "attachment",
                                                              "noteTarget", "taskTarget"};

bool IsJunctionObject(std::string_view name_singular) {
  return std::find(kJunctionObjects.begin(), kJunctionObjects.end(), name_singular) != kJunctionObjects.end();
}

// The MANY_TO_ONE field a junction object gets for custom object `singular`:
// `pet` on favorite, attachment, noteTarget and taskTarget, `targetPet` on
// timelineActivity, whose standard targets are targetPerson, targetCompany...
// (spec/metadata.md §4.4, spec/data-model.md §3.10).
std::string JunctionFieldName(std::string_view junction, std::string_view singular) {
  if (junction == "timelineActivity") return "target" + storage::Capitalize(singular);
  return std::string(singular);
}

// Twenty's buildDescriptionForRelationFieldMetadataOnFromField / ...OnToField.
std::string FromFieldDescription(std::string_view junction_plural, std::string_view label_singular) {
  return storage::Capitalize(junction_plural) + " tied to the " + std::string(label_singular);
}
std::string ToFieldDescription(std::string_view junction_plural, std::string_view label_singular) {
  return storage::Capitalize(junction_plural) + " " + std::string(label_singular);
}

// ---- field-name availability (Twenty's validateFieldNameAvailabilityOrThrow) ----

// Every name a field called `name` would collide with: field names, the join
// columns of MANY_TO_ONE relations and the columns of composite fields
// ("nameFirstName"), which Twenty reserves too.
bool IsFieldNameTaken(const ObjectSchema& object, std::string_view name, const Uuid* except = nullptr) {
  for (const auto& f : object.fields) {
    if (except && f.id == *except) continue;
    if (f.name == name) return true;
    if (f.IsManyToOne() && f.JoinColumnName() == name) return true;
    for (const auto& sub : storage::CompositeSubFields(f.type))
      if (f.name + storage::Capitalize(sub.name) == name) return true;
  }
  return false;
}

std::string NameTakenMessage(std::string_view name) {
  return "Name \"" + std::string(name) + "\" is not available, check that it is not duplicating another field's name.";
}

// ---- small JSON helpers ----

simdjson::dom::parser& Parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

std::string JsNumber(double v) {
  std::string out;
  protocol::AppendJsNumber(v, &out);
  return out;
}

std::string QuoteJson(std::string_view s) {
  protocol::JsonWriter w;
  w.String(s);
  return w.Take();
}

// "'NEW'" -> NEW, "NEW" -> NEW: SELECT defaults arrive with or without
// Twenty's SQL quotes.
std::string Unquote(std::string_view s) {
  if (s.size() >= 2 && ((s.front() == '\'' && s.back() == '\'') || (s.front() == '"' && s.back() == '"')))
    return std::string(s.substr(1, s.size() - 2));
  return std::string(s);
}

// ---- options (Twenty's FieldMetadataEnumValidationService) ----

bool IsEnumType(FieldType t) {
  return t == FieldType::kSelect || t == FieldType::kMultiSelect || t == FieldType::kRating;
}

// Upper snake case that is also a valid GraphQL enum value.
bool IsEnumValueName(std::string_view v) {
  if (v.empty() || (v[0] >= '0' && v[0] <= '9')) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::vector<SelectOption> RatingOptions() {
  std::vector<SelectOption> out;
  for (int i = 0; i < 5; ++i) {
    SelectOption o;
    o.id = Uuid::Random();
    o.value = "RATING_" + std::to_string(i + 1);
    o.label = std::to_string(i + 1);
    o.position = i;
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<SelectOption>> BuildOptions(const std::optional<std::vector<OptionInput>>& input) {
  if (!input || input->empty()) return FieldInputError("Options are required for enum fields");
  std::vector<SelectOption> out;
  for (size_t i = 0; i < input->size(); ++i) {
    const OptionInput& in = (*input)[i];
    SelectOption o;
    if (in.id) {
      auto id = Uuid::Parse(*in.id);
      if (!id) return FieldInputError("Option id is invalid");
      o.id = *id;
    } else {
      o.id = Uuid::Random();
    }
    if (!in.value) return FieldInputError("Option value is required");
    const std::string& v = *in.value;
    if (v.size() > kMaxIdentifierLength) return FieldInputError("Option value \"" + v + "\" exceeds 63 characters");
    if (v.empty()) return FieldInputError("Option value \"" + v + "\" is beneath 1 character");
    if (!IsEnumValueName(v)) return FieldInputError("Value must be in UPPER_CASE and follow snake_case \"" + v + "\"");
    if (!in.label) return FieldInputError("Option label is required");
    const std::string& l = *in.label;
    if (l.size() > kMaxIdentifierLength) return FieldInputError("Option label \"" + l + "\" exceeds 63 characters");
    if (l.empty()) return FieldInputError("Option label \"" + l + "\" is beneath 1 character");
    if (l.find(',') != std::string::npos) return FieldInputError("Label must not contain a comma");
    if (l == " ") return FieldInputError("Label must not be empty");
    o.value = v;
    o.label = l;
    o.color = in.color.value_or("");
    o.position = in.position.value_or(static_cast<double>(i));
    out.push_back(std::move(o));
  }
  std::set<Uuid> ids;
  std::set<std::string> values;
  std::set<double> positions;
  for (const auto& o : out) {
    if (!ids.insert(o.id).second) return FieldInputError("Duplicated option id \"" + o.id.ToString() + "\"");
    if (!values.insert(o.value).second) return FieldInputError("Duplicated option value \"" + o.value + "\"");
    if (!positions.insert(o.position).second)
      return FieldInputError("Duplicated option position \"" + JsNumber(o.position) + "\"");
  }
  return out;
}

// The default of a SELECT must be one of its values; a MULTI_SELECT default
// is an array of them. Both are stored with Twenty's quotes ("'NEW'").
Result<std::string> CheckEnumDefault(FieldType type, const std::vector<SelectOption>& options,
                                     const std::string& default_json) {
  simdjson::dom::element e;
  const std::string json = DefaultValueJson(default_json);
  if (Parser().parse(json).get(e)) return FieldInputError("Default value is invalid");
  if (e.is_null()) return std::string();
  auto has = [&](std::string_view v) {
    return std::any_of(options.begin(), options.end(), [&](const SelectOption& o) { return o.value == v; });
  };
  if (type == FieldType::kSelect) {
    std::string_view s;
    if (e.get(s)) return FieldInputError("Default value \"" + protocol::MinifiedJson(e) + "\" must be one of the option values");
    if (!has(Unquote(s))) return FieldInputError("Default value \"" + std::string(s) + "\" must be one of the option values");
    return QuoteJson("'" + Unquote(s) + "'");
  }
  if (type == FieldType::kMultiSelect) {
    simdjson::dom::array a;
    if (e.get(a)) return FieldInputError("Default value for multi-select must be an array");
    std::vector<std::string> values;
    for (auto item : a) {
      std::string_view s;
      if (item.get(s)) return FieldInputError("Default value for multi-select must be an array");
      values.push_back(Unquote(s));
    }
    std::set<std::string> unique(values.begin(), values.end());
    if (unique.size() != values.size()) return FieldInputError("Default values must be unique");
    std::string listed;
    for (auto item : a) listed += (listed.empty() ? "" : ", ") + std::string(item.get_string().value_unsafe());
    for (const auto& v : values)
      if (!has(v)) return FieldInputError("Default values must be one of the option values: " + listed);
    protocol::JsonWriter w;
    w.StartArray();
    for (const auto& v : values) w.String("'" + v + "'");
    w.EndArray();
    return w.Take();
  }
  return default_json;  // RATING: free
}

// ---- settings (Twenty's FieldMetadataValidationService.validateSettingsOrThrow) ----

Result<std::string> CheckSettings(FieldType type, const std::string& settings_json) {
  simdjson::dom::element e;
  if (Parser().parse(settings_json).get(e)) return FieldInputError("Value for settings is invalid: settings must be an object");
  if (e.is_null()) return std::string();
  simdjson::dom::object o;
  if (e.get(o)) return FieldInputError("Value for settings is invalid: settings must be an object");
  std::vector<std::string> errors;
  auto check_int = [&](std::string_view key, std::optional<int64_t> min, std::optional<int64_t> max) {
    simdjson::dom::element v;
    if (o[key].get(v) || v.is_null()) return;
    auto n = protocol::JsonNumberValue(v);
    if (!n || std::floor(*n) != *n) {
      errors.push_back(std::string(key) + " must be an integer number");
      return;
    }
    if (min && *n < *min) errors.push_back(std::string(key) + " must not be less than " + std::to_string(*min));
    if (max && *n > *max) errors.push_back(std::string(key) + " must not be greater than " + std::to_string(*max));
  };
  if (type == FieldType::kNumber) {
    check_int("decimals", 0, std::nullopt);
    simdjson::dom::element t;
    if (!o["type"].get(t) && !t.is_null()) {
      std::string_view s;
      if (t.get(s) || (s != "percentage" && s != "number" && s != "shortNumber"))
        errors.push_back("type must be one of the following values: percentage, number, shortNumber");
    }
  } else if (type == FieldType::kText) {
    check_int("displayedMaxRows", 0, 100);
  }
  if (!errors.empty()) {
    std::string joined;
    for (const auto& m : errors) joined += (joined.empty() ? "" : ", ") + m;
    return FieldInputError("Value for settings is invalid: " + joined);
  }
  return protocol::MinifiedJson(e);
}

std::optional<OnDelete> ParseOnDelete(std::string_view s) {
  if (s == "SET_NULL") return OnDelete::kSetNull;
  if (s == "CASCADE") return OnDelete::kCascade;
  if (s == "RESTRICT") return OnDelete::kRestrict;
  if (s == "NO_ACTION") return OnDelete::kNoAction;
  return std::nullopt;
}

// onDelete a client may put in a RELATION field's settings.
OnDelete RequestedOnDelete(const std::optional<std::string>& settings_json) {
  if (!settings_json) return OnDelete::kSetNull;
  simdjson::dom::element e;
  std::string_view s;
  if (Parser().parse(*settings_json).get(e) || e["onDelete"].get(s)) return OnDelete::kSetNull;
  return ParseOnDelete(s).value_or(OnDelete::kSetNull);
}

std::string SyncMessage(std::string_view computed, std::string_view name) {
  return "Name is not synced with label. Expected name: \"" + std::string(computed) + "\", got " + std::string(name);
}

// ---- object helpers ----

// Plans keep references into change.put while adding copies of other
// objects, so its storage never moves: at most every object plus a new one.
Plan NewPlan(const Objects& objects) {
  Plan plan;
  plan.change.put.reserve(objects.size() + 1);
  return plan;
}

ObjectSchema* FindMutable(std::vector<ObjectSchema>& puts, const Uuid& id) {
  for (auto& o : puts)
    if (o.id == id) return &o;
  return nullptr;
}

// The put copy of `id`, made from `objects` on first use.
ObjectSchema& PutCopy(std::vector<ObjectSchema>& puts, const Objects& objects, const Uuid& id) {
  if (ObjectSchema* o = FindMutable(puts, id)) return *o;
  puts.push_back(*FindObjectById(objects, id));
  return puts.back();
}

FieldSchema* FindFieldMutable(ObjectSchema& object, const Uuid& id) {
  for (auto& f : object.fields)
    if (f.id == id) return &f;
  return nullptr;
}

// A field created at `now_ms`: Twenty gives each new fieldMetadata row its
// own createdAt, with updatedAt equal to it.
FieldSchema NewField(std::string_view name, std::string_view label, FieldType type, std::string_view description,
                     std::string_view icon, int64_t now_ms) {
  FieldSchema f;
  f.id = Uuid::Random();
  f.created_at_ms = now_ms;
  f.updated_at_ms = now_ms;
  f.name = name;
  f.label = label;
  f.type = type;
  f.description = description;
  f.icon = icon;
  return f;
}

// The fields Twenty gives a new custom object (its
// build-default-flat-field-metadatas-for-custom-object), with the 2025
// `name`: not nullable, default ''.
std::vector<FieldSchema> CustomObjectBaseFields(int64_t now_ms) {
  std::vector<FieldSchema> fields;
  auto add = [&](FieldSchema f, bool nullable, bool system, bool readonly, std::string_view default_json) {
    f.is_nullable = nullable;
    f.is_system = system;
    f.is_ui_readonly = readonly;
    f.default_value_json = default_json;
    fields.push_back(std::move(f));
  };
  FieldSchema id = NewField("id", "Id", FieldType::kUuid, "Id", "Icon123", now_ms);
  id.is_unique = true;
  add(std::move(id), false, true, true, "\"uuid\"");
  add(NewField("name", "Name", FieldType::kText, "Name", "IconAbc", now_ms), false, false, false, "\"''\"");
  add(NewField("createdAt", "Creation date", FieldType::kDateTime, "Creation date", "IconCalendar", now_ms), false,
      false, true, "\"now\"");
  add(NewField("updatedAt", "Last update", FieldType::kDateTime, "Last time the record was changed",
               "IconCalendarClock", now_ms),
      false, false, true, "\"now\"");
  add(NewField("deletedAt", "Deleted at", FieldType::kDateTime, "Deletion date", "IconCalendarClock", now_ms), true,
      false, true, "");
  add(NewField("createdBy", "Created by", FieldType::kActor, "The creator of the record", "IconCreativeCommonsSa",
               now_ms),
      false, false, true, storage::TypeDefaultValue(FieldType::kActor));
  add(NewField("updatedBy", "Updated by", FieldType::kActor, "The workspace member who last updated the record",
               "IconUserCircle", now_ms),
      false, false, true, storage::TypeDefaultValue(FieldType::kActor));
  add(NewField("position", "Position", FieldType::kPosition, "Position", "IconHierarchy2", now_ms), false, true, true,
      "0");
  add(NewField("searchVector", "Search vector", FieldType::kTsVector, "Search vector", "IconSearch", now_ms), true,
      true, true, "");
  return fields;
}

FieldSchema RelationField(std::string_view name, std::string_view label, std::string_view description,
                          std::string_view icon, RelationType type, std::string_view target,
                          std::string_view inverse, OnDelete on_delete, bool custom, bool system, int64_t now_ms) {
  FieldSchema f = NewField(name, label, FieldType::kRelation, description, icon, now_ms);
  f.is_custom = custom;
  f.is_system = system;
  f.relation = RelationInfo{type, std::string(target), std::string(inverse), on_delete};
  f.settings_json = storage::RelationSettingsJson(f);
  return f;
}

// Checks names and labels of an object after an update or on creation, in
// Twenty's order (namePlural before nameSingular).
Status CheckObjectNames(std::optional<std::string_view> singular, std::optional<std::string_view> plural,
                        std::optional<std::string_view> label_singular, std::optional<std::string_view> label_plural) {
  for (auto name : {plural, singular}) {
    if (!name) continue;
    if (auto err = CheckMetadataName(*name)) return ObjectInputError(*err);
  }
  for (auto label : {label_plural, label_singular}) {
    if (!label) continue;
    if (auto err = CheckMetadataLabel(*label)) return ObjectInputError(*err);
  }
  return Status::Ok();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Twenty's checks of a whole set of names: singular and plural differ (case
// aside), and a name synced with its label is the one the label gives.
Status CheckNamesAgree(const std::string& name_singular, const std::string& name_plural,
                       const std::string& label_singular, const std::string& label_plural, bool synced) {
  if (Lower(name_singular) == Lower(name_plural))
    return ObjectInputError("The singular and plural name cannot be the same for an object");
  if (!synced) return Status::Ok();
  for (auto [label, name] : {std::pair{&label_singular, &name_singular}, std::pair{&label_plural, &name_plural}}) {
    std::string computed = storage::NameFromLabel(*label);
    if (computed != *name) return ObjectInputError(SyncMessage(computed, *name));
  }
  return Status::Ok();
}

bool OtherObjectHasName(const Objects& objects, std::string_view singular, std::string_view plural,
                        const Uuid* except) {
  for (const auto& o : objects) {
    if (except && o->id == *except) continue;
    if (o->name_singular == singular || o->name_singular == plural || o->name_plural == singular ||
        o->name_plural == plural)
      return true;
  }
  return false;
}

// Whether a relation field of `object` targets the object `target` (a nameSingular).
bool HasRelationTo(const ObjectSchema& object, std::string_view target) {
  return std::any_of(object.fields.begin(), object.fields.end(),
                     [&](const FieldSchema& f) { return f.relation && f.relation->target_object == target; });
}

}  // namespace

// ---- lookups ----

std::string DefaultValueJson(std::string_view stored) {
  if (stored.empty()) return "null";
  simdjson::dom::element e;
  if (!Parser().parse(stored.data(), stored.size()).get(e)) return protocol::MinifiedJson(e);
  return QuoteJson(stored);
}

const ObjectSchema* FindObjectById(const Objects& objects, const Uuid& id) {
  for (const auto& o : objects)
    if (o->id == id) return o.get();
  return nullptr;
}

const ObjectSchema* FindObjectBySingular(const Objects& objects, std::string_view name_singular) {
  for (const auto& o : objects)
    if (o->name_singular == name_singular) return o.get();
  return nullptr;
}

const ObjectSchema* FindObjectByPlural(const Objects& objects, std::string_view name_plural) {
  for (const auto& o : objects)
    if (o->name_plural == name_plural) return o.get();
  return nullptr;
}

std::pair<const ObjectSchema*, const FieldSchema*> FindFieldById(const Objects& objects, const Uuid& id) {
  for (const auto& o : objects)
    for (const auto& f : o->fields)
      if (f.id == id) return {o.get(), &f};
  return {nullptr, nullptr};
}

const FieldSchema* InverseField(const Objects& objects, const FieldSchema& field, const ObjectSchema** target_object) {
  if (!field.relation) return nullptr;
  const ObjectSchema* target = FindObjectBySingular(objects, field.relation->target_object);
  if (target_object) *target_object = target;
  return target ? target->FindField(field.relation->inverse_field) : nullptr;
}

// ---- objects ----

Result<Plan> PlanCreateObject(const Objects& objects, const Uuid& workspace_id, const CreateObjectInput& input,
                              int64_t now_ms) {
  VINGT_RETURN_IF_ERROR(
      CheckObjectNames(input.name_singular, input.name_plural, input.label_singular, input.label_plural));
  VINGT_RETURN_IF_ERROR(CheckNamesAgree(input.name_singular, input.name_plural, input.label_singular,
                                        input.label_plural, input.is_label_synced_with_name));
  if (OtherObjectHasName(objects, input.name_singular, input.name_plural, nullptr))
    return Status::InvalidArgument("Object already exists").WithDetailCode("OBJECT_ALREADY_EXISTS");
  if (input.is_remote) return ObjectInputError("Remote objects are not supported yet");

  ObjectSchema object;
  object.id = Uuid::Random();
  object.workspace_id = workspace_id;
  object.name_singular = input.name_singular;
  object.name_plural = input.name_plural;
  object.label_singular = input.label_singular;
  object.label_plural = input.label_plural;
  object.description = input.description;
  object.icon = input.icon;
  object.shortcut = input.shortcut;
  object.is_custom = true;
  object.is_active = true;
  object.is_searchable = true;
  object.is_label_synced_with_name = input.is_label_synced_with_name;
  object.label_identifier_field = "name";
  object.created_at_ms = now_ms;
  object.updated_at_ms = now_ms;
  object.fields = CustomObjectBaseFields(now_ms);

  Plan plan = NewPlan(objects);
  plan.object_id = object.id;
  // Both sides of the relations to the junction objects (Twenty's
  // createRelationsAndForeignKeysMetadata): timelineActivities, favorites,
  // attachments, noteTargets, taskTargets here, one MANY_TO_ONE there.
  for (std::string_view junction_name : kJunctionObjects) {
    const ObjectSchema* junction = FindObjectBySingular(objects, junction_name);
    if (!junction) continue;
    const std::string target_name = JunctionFieldName(junction_name, object.name_singular);
    if (IsFieldNameTaken(*junction, target_name) || IsFieldNameTaken(*junction, target_name + "Id"))
      return Status::InvalidArgument("Name \"" + target_name + "\" is not available.").WithDetailCode("NAME_CONFLICT");
    if (IsFieldNameTaken(object, junction->name_plural))
      return Status::InvalidArgument("Name \"" + junction->name_plural + "\" is not available.")
          .WithDetailCode("NAME_CONFLICT");
    object.fields.push_back(RelationField(
        junction->name_plural, storage::Capitalize(junction->name_plural),
        FromFieldDescription(junction->name_plural, object.label_singular),
        junction->icon.empty() ? "IconBuildingSkyscraper" : junction->icon, RelationType::kOneToMany, junction_name,
        target_name, OnDelete::kCascade, false, true, now_ms));
    ObjectSchema& j = PutCopy(plan.change.put, objects, junction->id);
    j.fields.push_back(RelationField(target_name, object.label_singular,
                                     ToFieldDescription(junction->name_plural, object.label_singular),
                                     "IconBuildingSkyscraper", RelationType::kManyToOne, object.name_singular,
                                     junction->name_plural, OnDelete::kCascade, false, true, now_ms));
  }
  plan.change.put.insert(plan.change.put.begin(), std::move(object));
  return plan;
}

Result<Plan> PlanUpdateObject(const Objects& objects, const Uuid& object_id, const UpdateObjectInput& input,
                              int64_t now_ms) {
  const ObjectSchema* current = FindObjectById(objects, object_id);
  if (!current) return ObjectNotFound("Object does not exist");
  Plan plan = NewPlan(objects);
  plan.object_id = object_id;
  ObjectSchema& o = PutCopy(plan.change.put, objects, object_id);

  if (!current->is_custom) {
    // Twenty's BeforeUpdateOneObject for standard objects: isActive,
    // isLabelSyncedWithName and the label/description/icon overrides only.
    // vingt stores the overrides in place of the standard values.
    static constexpr std::array<std::string_view, 6> kAllowed = {
        "isActive", "isLabelSyncedWithName", "labelSingular", "labelPlural", "icon", "description"};
    std::string disallowed;
    for (const auto& key : input.keys)
      if (key != "id" && std::find(kAllowed.begin(), kAllowed.end(), key) == kAllowed.end())
        disallowed += (disallowed.empty() ? "" : ", ") + key;
    bool labels_change = (input.label_singular && *input.label_singular != current->label_singular) ||
                         (input.label_plural && *input.label_plural != current->label_plural);
    if (labels_change && current->is_label_synced_with_name && input.is_label_synced_with_name != false)
      return Status::InvalidArgument("Cannot update labels when they are synced with name");
    if (!disallowed.empty())
      return Status::InvalidArgument(
          "Only isActive, isLabelSyncedWithName, labelSingular, labelPlural, icon and description fields can be "
          "updated for standard objects. Disallowed fields: " +
          disallowed);
    VINGT_RETURN_IF_ERROR(CheckObjectNames(std::nullopt, std::nullopt, input.label_singular, input.label_plural));
    if (input.label_singular) o.label_singular = *input.label_singular;
    if (input.label_plural) o.label_plural = *input.label_plural;
    if (input.description) o.description = *input.description;
    if (input.icon) o.icon = *input.icon;
    if (input.is_label_synced_with_name) o.is_label_synced_with_name = *input.is_label_synced_with_name;
  } else {
    VINGT_RETURN_IF_ERROR(
        CheckObjectNames(input.name_singular, input.name_plural, input.label_singular, input.label_plural));
    if (input.name_singular) o.name_singular = *input.name_singular;
    if (input.name_plural) o.name_plural = *input.name_plural;
    if (input.label_singular) o.label_singular = *input.label_singular;
    if (input.label_plural) o.label_plural = *input.label_plural;
    if (input.description) o.description = *input.description;
    if (input.icon) o.icon = *input.icon;
    if (input.shortcut) o.shortcut = *input.shortcut;
    if (input.is_label_synced_with_name) o.is_label_synced_with_name = *input.is_label_synced_with_name;
    VINGT_RETURN_IF_ERROR(CheckNamesAgree(o.name_singular, o.name_plural, o.label_singular, o.label_plural,
                                          o.is_label_synced_with_name));
    if ((o.name_singular != current->name_singular || o.name_plural != current->name_plural) &&
        OtherObjectHasName(objects, o.name_singular, o.name_plural, &object_id))
      return Status::InvalidArgument("Object already exists").WithDetailCode("OBJECT_ALREADY_EXISTS");
    if (input.label_identifier_field_id) {
      if (!*input.label_identifier_field_id) {
        o.label_identifier_field.clear();
      } else if (const FieldSchema* f = FindFieldMutable(o, **input.label_identifier_field_id)) {
        o.label_identifier_field = f->name;
      } else {
        return Status::InvalidArgument("This label identifier does not exist");
      }
    }
    if (input.image_identifier_field_id) {
      if (!*input.image_identifier_field_id) {
        o.image_identifier_field.clear();
      } else if (const FieldSchema* f = FindFieldMutable(o, **input.image_identifier_field_id)) {
        o.image_identifier_field = f->name;
      } else {
        return Status::InvalidArgument("This image identifier does not exist");
      }
    }
  }

  const bool renamed = o.name_singular != current->name_singular;
  const bool relabelled = o.label_singular != current->label_singular;
  if (renamed || relabelled) {
    // Twenty's updateRelationsAndForeignKeysMetadata: the junction fields
    // follow the object's name and label; every relation that targets the
    // object follows its new name. A junction field whose row changes gets a
    // new updatedAt; the other objects' own updatedAt stay, as Twenty never
    // writes their rows. (Twenty links relations by id, so the target and
    // inverse names vingt keeps are no change to a field's row.)
    for (auto& f : o.fields) {
      if (!f.relation) continue;
      if (f.relation->target_object == current->name_singular) f.relation->target_object = o.name_singular;
      if (!f.is_custom && f.IsOneToMany() && IsJunctionObject(f.relation->target_object)) {
        const ObjectSchema* junction = FindObjectBySingular(objects, f.relation->target_object);
        std::string description =
            FromFieldDescription(junction ? junction->name_plural : f.name, o.label_singular);
        if (description != f.description) {
          f.description = std::move(description);
          f.updated_at_ms = now_ms;
        }
        if (renamed) f.relation->inverse_field = JunctionFieldName(f.relation->target_object, o.name_singular);
      }
    }
    for (const auto& other : objects) {
      if (other->id == object_id) continue;
      if (!HasRelationTo(*other, current->name_singular)) continue;
      ObjectSchema& copy = PutCopy(plan.change.put, objects, other->id);
      for (auto& f : copy.fields) {
        if (!f.relation || f.relation->target_object != current->name_singular) continue;
        f.relation->target_object = o.name_singular;
        if (!f.is_custom && f.IsManyToOne() && IsJunctionObject(copy.name_singular)) {
          std::string new_name = JunctionFieldName(copy.name_singular, o.name_singular);
          if (new_name != f.name && IsFieldNameTaken(copy, new_name, &f.id))
            return Status::InvalidArgument("Name \"" + new_name + "\" is not available.")
                .WithDetailCode("NAME_CONFLICT");
          std::string description = ToFieldDescription(copy.name_plural, o.label_singular);
          if (new_name != f.name || f.label != o.label_singular || description != f.description)
            f.updated_at_ms = now_ms;
          f.name = new_name;
          f.label = o.label_singular;
          f.description = std::move(description);
          f.settings_json = storage::RelationSettingsJson(f);
        }
      }
    }
  }

  if (input.is_active && *input.is_active != current->is_active) {
    o.is_active = *input.is_active;
    // Twenty's updateObjectRelationships: the relation fields of other
    // objects that point here are switched with the object (field rows
    // updated, the objects' rows untouched).
    for (const auto& other : objects) {
      if (other->id == object_id || !HasRelationTo(*other, current->name_singular)) continue;
      ObjectSchema& copy = PutCopy(plan.change.put, objects, other->id);
      for (auto& g : copy.fields) {
        if (!g.relation || g.relation->target_object != o.name_singular || g.is_active == o.is_active) continue;
        g.is_active = o.is_active;
        g.updated_at_ms = now_ms;
      }
    }
  }
  o.updated_at_ms = now_ms;
  return plan;
}

Result<Plan> PlanDeleteObject(const Objects& objects, const Uuid& object_id, int64_t now_ms) {
  const ObjectSchema* current = FindObjectById(objects, object_id);
  if (!current) return ObjectNotFound("Object to delete not found");
  if (!current->is_custom) return ObjectInputError("Standard objects cannot be deleted");
  if (current->is_active) return ObjectInputError("Active objects cannot be deleted");
  Plan plan = NewPlan(objects);
  plan.object_id = object_id;
  plan.deleted_object = *current;
  plan.change.drop.push_back(object_id);
  // The relation fields of other objects that point at it go with it
  // (field rows deleted; the objects keep their updatedAt).
  for (const auto& other : objects) {
    if (other->id == object_id || !HasRelationTo(*other, current->name_singular)) continue;
    ObjectSchema copy = *other;
    std::erase_if(copy.fields, [&](const FieldSchema& f) {
      return f.relation && f.relation->target_object == current->name_singular;
    });
    plan.change.put.push_back(std::move(copy));
  }
  return plan;
}

// ---- fields ----

Result<Plan> PlanCreateField(const Objects& objects, const CreateFieldInput& input, int64_t now_ms) {
  const ObjectSchema* owner = FindObjectById(objects, input.object_id);
  if (!owner)
    return Status::NotFound("Object metadata does not exist").WithDetailCode("OBJECT_METADATA_NOT_FOUND");
  auto type = storage::ParseFieldType(input.type);
  if (!type)
    return FieldInputError("Value \"" + input.type + "\" does not exist in \"FieldMetadataType\" enum.");
  if (*type == FieldType::kMorphRelation)
    return FieldInputError("Morph Relation feature is not enabled for this workspace");
  if (input.is_label_synced_with_name.value_or(false)) {
    std::string computed = storage::NameFromLabel(input.label);
    if (computed != input.name) return FieldInputError(SyncMessage(computed, input.name));
  }
  if (auto err = CheckMetadataName(input.name)) return FieldInputError(*err);
  if (IsFieldNameTaken(*owner, input.name)) return FieldInputError(NameTakenMessage(input.name));

  FieldSchema f = NewField(input.name, input.label, *type, input.description, input.icon, now_ms);
  f.is_custom = true;
  f.is_active = true;
  f.is_label_synced_with_name = input.is_label_synced_with_name.value_or(false);
  f.is_unique = input.is_unique.value_or(false);
  // Twenty's generateNullable: custom TEXT fields are never nullable (their
  // default is '').
  f.is_nullable = *type == FieldType::kText ? false : input.is_nullable.value_or(true);
  std::string default_json =
      input.default_value_json && *input.default_value_json != "null" ? *input.default_value_json : std::string();
  if (default_json.empty() && *type != FieldType::kRelation) {
    std::string generated = storage::TypeDefaultValue(*type);
    default_json = generated.empty() ? std::string() : (generated[0] == '{' ? generated : QuoteJson(generated));
  }
  if (!f.is_nullable && default_json.empty())
    return FieldInputError("Default value is required for non nullable fields");

  if (*type == FieldType::kRating) {
    f.options = RatingOptions();
  } else if (IsEnumType(*type)) {
    auto options = BuildOptions(input.options);
    if (!options.ok()) return options.status();
    f.options = std::move(*options);
  }
  if (IsEnumType(*type) && !default_json.empty()) {
    auto checked = CheckEnumDefault(*type, f.options, default_json);
    if (!checked.ok()) return checked.status();
    default_json = std::move(*checked);
  }
  f.default_value_json = default_json;
  if (input.settings_json && *type != FieldType::kRelation) {
    auto settings = CheckSettings(*type, *input.settings_json);
    if (!settings.ok()) return settings.status();
    f.settings_json = std::move(*settings);
  }

  Plan plan = NewPlan(objects);
  plan.object_id = owner->id;
  plan.field_id = f.id;
  // Twenty inserts fieldMetadata rows only: the objects on either side keep
  // their updatedAt.
  ObjectSchema& o = PutCopy(plan.change.put, objects, owner->id);

  if (*type == FieldType::kRelation) {
    // Twenty's validateRelationCreationPayloadOrThrow, then both sides.
    const RelationCreationInput* rel = input.relation ? &*input.relation : nullptr;
    std::vector<std::string> problems;
    if (!rel || !rel->target_object_id) problems.push_back("targetObjectMetadataId must be a UUID");
    if (!rel || !rel->target_field_label) problems.push_back("targetFieldLabel must be a string");
    if (!rel || !rel->type || (*rel->type != "MANY_TO_ONE" && *rel->type != "ONE_TO_MANY"))
      problems.push_back("type must be one of the following values: ONE_TO_MANY, MANY_TO_ONE");
    if (!problems.empty()) {
      std::string joined;
      for (const auto& p : problems) joined += (joined.empty() ? "" : ", ") + p;
      return FieldInputError("Relation creation payload is invalid: " + joined);
    }
    std::string target_name = storage::NameFromLabel(*rel->target_field_label);
    if (auto err = CheckMetadataName(target_name)) return FieldInputError(*err);
    const ObjectSchema* target = FindObjectById(objects, *rel->target_object_id);
    if (!target)
      return Status::InvalidArgument("Object metadata relation target not found for relation creation payload")
          .WithDetailCode("FIELD_METADATA_RELATION_MALFORMED");
    const bool many_to_one = *rel->type == "MANY_TO_ONE";
    ObjectSchema& t = target->id == owner->id ? o : PutCopy(plan.change.put, objects, target->id);
    if (IsFieldNameTaken(t, target_name) || (target->id == owner->id && target_name == input.name))
      return Status::InvalidArgument("Name \"" + target_name + "\" is not available")
          .WithDetailCode("INVALID_FIELD_INPUT");
    if (many_to_one && IsFieldNameTaken(o, input.name + "Id")) return FieldInputError(NameTakenMessage(input.name + "Id"));
    if (!many_to_one && IsFieldNameTaken(t, target_name + "Id"))
      return FieldInputError(NameTakenMessage(target_name + "Id"));
    const OnDelete on_delete = RequestedOnDelete(input.settings_json);
    f.icon = input.icon.empty() ? "IconRelationOneToMany" : input.icon;
    f.is_nullable = true;
    f.default_value_json.clear();
    f.relation = RelationInfo{many_to_one ? RelationType::kManyToOne : RelationType::kOneToMany,
                              target->name_singular, target_name, on_delete};
    f.settings_json = storage::RelationSettingsJson(f);
    FieldSchema inverse = RelationField(
        target_name, *rel->target_field_label, "",
        rel->target_field_icon && !rel->target_field_icon->empty() ? *rel->target_field_icon : "IconRelationOneToMany",
        many_to_one ? RelationType::kOneToMany : RelationType::kManyToOne, owner->name_singular, input.name,
        on_delete, true, false, now_ms);
    o.fields.push_back(std::move(f));
    ObjectSchema& t2 = target->id == owner->id ? o : *FindMutable(plan.change.put, target->id);
    t2.fields.push_back(std::move(inverse));
    return plan;
  }
  plan.backfill = FieldBackfill{owner->id, f.id, now_ms};
  o.fields.push_back(std::move(f));
  return plan;
}

Result<Plan> PlanUpdateField(const Objects& objects, const Uuid& field_id, const UpdateFieldInput& input,
                             int64_t now_ms) {
  auto [owner, current] = FindFieldById(objects, field_id);
  if (!current) return FieldNotFound("Field does not exist");
  Plan plan = NewPlan(objects);
  plan.object_id = owner->id;
  plan.field_id = field_id;
  ObjectSchema& o = PutCopy(plan.change.put, objects, owner->id);
  FieldSchema& f = *FindFieldMutable(o, field_id);
  const bool is_label_identifier = owner->label_identifier_field == current->name;

  // Twenty's buildUpdatableStandardFieldInput: a standard field takes
  // isActive, defaultValue, settings, isLabelSyncedWithName, the options of
  // a SELECT / MULTI_SELECT, and label / description / icon as overrides
  // (stored in place by vingt); anything else is dropped silently.
  UpdateFieldInput in = input;
  if (!current->is_custom) {
    in.name.reset();
    in.is_nullable.reset();
    in.is_unique.reset();
    if (current->type != FieldType::kSelect && current->type != FieldType::kMultiSelect) in.options.reset();
  }

  if (in.is_active == false && current->is_active) {
    if (is_label_identifier) return FieldInputError("Cannot deactivate label identifier field");
    if (current->is_system) return FieldInputError("Cannot deactivate system field");
    if (current->name == "deletedAt" || current->name == "createdAt" || current->name == "updatedAt")
      return FieldInputError("Cannot deactivate createdAt, updatedAt or deletedAt field");
  }
  if (in.default_value_json && *in.default_value_json == "null" && !in.is_nullable.value_or(current->is_nullable))
    return FieldInputError("Default value cannot be nullified for non-nullable field");
  if (in.name && *in.name != current->name) {
    if (auto err = CheckMetadataName(*in.name)) return FieldInputError(*err);
    if (IsFieldNameTaken(*owner, *in.name, &field_id)) return FieldInputError(NameTakenMessage(*in.name));
    if (current->type == FieldType::kRelation || current->type == FieldType::kMorphRelation)
      return FieldInputError("Name cannot be changed for relation fields");
  }

  if (in.name) f.name = *in.name;
  if (in.label) f.label = *in.label;
  if (in.description) f.description = *in.description;
  if (in.icon) f.icon = *in.icon;
  if (in.is_active) f.is_active = *in.is_active;
  if (in.is_nullable) f.is_nullable = *in.is_nullable;
  if (in.is_unique) f.is_unique = *in.is_unique;
  if (in.is_label_synced_with_name) f.is_label_synced_with_name = *in.is_label_synced_with_name;
  // A standard field's label is an override (Twenty's standardOverrides),
  // which the name never follows.
  if (current->is_custom && f.is_label_synced_with_name && (in.name || in.label || in.is_label_synced_with_name)) {
    std::string computed = storage::NameFromLabel(f.label);
    if (computed != f.name) return FieldInputError(SyncMessage(computed, f.name));
  }

  if (in.options && IsEnumType(f.type) && f.type != FieldType::kRating) {
    auto options = BuildOptions(in.options);
    if (!options.ok()) return options.status();
    // Option ids the client did not send are new options; ids it kept carry
    // their value's records along (a rename), dropped ones lose them.
    OptionValueMigration m;
    m.object_id = owner->id;
    m.field_id = field_id;
    for (const auto& old : current->options) {
      auto same_id = std::find_if(options->begin(), options->end(), [&](const SelectOption& o) { return o.id == old.id; });
      auto same_value =
          std::find_if(options->begin(), options->end(), [&](const SelectOption& o) { return o.value == old.value; });
      if (same_value != options->end()) continue;
      if (same_id != options->end())
        m.renamed.emplace_back(old.value, same_id->value);
      else
        m.removed.push_back(old.value);
    }
    if (!m.renamed.empty() || !m.removed.empty()) plan.migration = std::move(m);
    f.options = std::move(*options);
    // A default that named a removed value is dropped, as the column default
    // Twenty recreates would be.
    if (!f.default_value_json.empty() && !in.default_value_json &&
        !CheckEnumDefault(f.type, f.options, f.default_value_json).ok())
      f.default_value_json.clear();
  }
  if (in.default_value_json) {
    std::string json = *in.default_value_json == "null" ? std::string() : *in.default_value_json;
    if (IsEnumType(f.type) && !json.empty()) {
      auto checked = CheckEnumDefault(f.type, f.options, json);
      if (!checked.ok()) return checked.status();
      json = std::move(*checked);
    }
    f.default_value_json = std::move(json);
  }
  if (!f.is_nullable && f.default_value_json.empty() && in.is_nullable == false)
    return FieldInputError("Default value is required for non nullable fields");
  if (in.settings_json && f.type != FieldType::kRelation) {
    auto settings = CheckSettings(f.type, *in.settings_json);
    if (!settings.ok()) return settings.status();
    f.settings_json = std::move(*settings);
  }

  // The object names its identifier fields and duplicate criteria by name.
  if (f.name != current->name) {
    if (o.label_identifier_field == current->name) o.label_identifier_field = f.name;
    if (o.image_identifier_field == current->name) o.image_identifier_field = f.name;
  }
  // Twenty updates the fieldMetadata row alone (its @UpdateDateColumn moves);
  // the object's row, and so its updatedAt, stays.
  f.updated_at_ms = now_ms;
  return plan;
}

Result<Plan> PlanDeleteField(const Objects& objects, const Uuid& field_id, int64_t now_ms) {
  auto [owner, current] = FindFieldById(objects, field_id);
  if (!current) return FieldNotFound("Field metadata to delete not found");
  if (owner->label_identifier_field == current->name)
    return Status::InvalidArgument("Cannot delete, please update the label identifier field first")
        .WithDetailCode("FIELD_MUTATION_NOT_ALLOWED");
  if (!current->is_custom) return FieldInputError("Standard Fields can't be deleted");
  if (current->is_active) return FieldInputError("Active fields can't be deleted");
  Plan plan = NewPlan(objects);
  plan.object_id = owner->id;
  plan.field_id = field_id;
  plan.deleted_field = *current;
  ObjectSchema& o = PutCopy(plan.change.put, objects, owner->id);
  std::erase_if(o.fields, [&](const FieldSchema& f) { return f.id == field_id; });
  if (o.image_identifier_field == current->name) o.image_identifier_field.clear();
  // A relation is two fields: the other side goes too (Twenty deletes
  // relationTargetFieldMetadata with it).
  const ObjectSchema* target = nullptr;
  if (const FieldSchema* inverse = InverseField(objects, *current, &target)) {
    if (target->label_identifier_field == inverse->name)
      return Status::InvalidArgument("Cannot delete, please update the label identifier field first")
          .WithDetailCode("FIELD_MUTATION_NOT_ALLOWED");
    if (!inverse->is_custom) return FieldInputError("Standard Fields can't be deleted");
    ObjectSchema& t = PutCopy(plan.change.put, objects, target->id);
    const Uuid inverse_id = inverse->id;
    std::erase_if(t.fields, [&](const FieldSchema& f) { return f.id == inverse_id; });
  }
  return plan;
}

}  // namespace vingt::server::metadata

#include "server/metadata/inputs.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/schema.h"
#include "protocol/json_read.h"
#include "server/graphql/metadata_schema.h"

namespace vingt::server::metadata {

using protocol::graphql::InputValue;
using storage::Uuid;

const InputValue* Member(const InputValue* object, std::string_view name) {
  return object ? object->Find(name) : nullptr;
}

namespace {

Status CoercionError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("BAD_USER_INPUT");
}

// graphql-js prints the offending value with its inspect(): strings quoted.
std::string Inspect(simdjson::dom::element e) {
  if (auto s = protocol::JsonStringValue(e)) {
    std::string out = "\"";
    out += *s;
    return out + "\"";
  }
  return protocol::MinifiedJson(e);
}

// A String; anything else is a coercion error.
Status ReadString(simdjson::dom::element v, std::string* out) {
  if (auto s = protocol::JsonStringValue(v)) {
    *out = std::string(*s);
    return Status::Ok();
  }
  return CoercionError("String cannot represent a non string value: " + Inspect(v));
}

std::vector<std::string> KeysOf(const InputValue* object) {
  std::vector<std::string> keys;
  if (object && object->kind() == InputValue::Kind::kObject)
    for (const auto& entry : object->AsObject()) keys.push_back(entry.name);
  return keys;
}

// Nullable strings: null and absent leave "" (= null).
std::string StringOr(const InputValue* v) { return v && !v->IsNull() ? v->AsString() : std::string(); }
std::optional<bool> BoolOf(const InputValue* v) {
  return v && !v->IsNull() ? std::optional<bool>(v->AsBool()) : std::nullopt;
}
// Present: the value, "" for an explicit null (clears); absent: nullopt.
std::optional<std::string> UpdateString(const InputValue* v) {
  if (!v) return std::nullopt;
  return v->IsNull() ? std::string() : v->AsString();
}
std::optional<std::string> JsonOf(const InputValue* v) {
  if (!v) return std::nullopt;
  return v->ToJson();
}

Result<std::optional<std::vector<OptionInput>>> OptionsOf(const InputValue* v) {
  if (!v || v->IsNull()) return std::optional<std::vector<OptionInput>>();
  thread_local simdjson::dom::parser parser;
  const std::string json = v->ToJson();
  simdjson::dom::element element;
  if (parser.parse(json).get(element) != simdjson::SUCCESS)
    return Status::InvalidArgument("Invalid options").WithDetailCode("INVALID_FIELD_INPUT");
  auto options = ParseOptionsInput(element);
  if (!options.ok()) return options.status();
  return std::optional<std::vector<OptionInput>>(std::move(*options));
}


std::optional<std::optional<Uuid>> UpdateUuid(const InputValue* v) {
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<Uuid>();
  return Uuid::Parse(v->AsString());
}

// The body of a REST metadata route as the `input` of the GraphQL mutation
// Twenty passes it to: coerced against `type_name` of the /metadata schema
// (graphql-js's coerceInputValue messages), after dropping the keys REST
// callers send that the GraphQL input does not declare (`ignored`).
Result<InputValue> CoerceBody(simdjson::dom::element body, std::string_view type_name,
                              std::initializer_list<std::string_view> ignored) {
  InputValue raw = InputValue::FromJson(body);
  if (raw.kind() == InputValue::Kind::kObject) {
    std::erase_if(raw.MutableObject(), [&](const protocol::graphql::InputObjectEntry& entry) {
      return std::find(ignored.begin(), ignored.end(), entry.name) != ignored.end();
    });
  }
  const std::shared_ptr<const protocol::graphql::Schema> schema = graphql::MetadataSchema();
  const protocol::graphql::TypeRef type(schema->FindType(type_name));
  std::optional<std::string> first_error;
  InputValue coerced = protocol::graphql::CoerceInputValue(
      raw, type.NonNull(), [&](const auto& path, const InputValue&, const std::string& message) {
        if (first_error) return;
        first_error = message;
        // Twenty writes the body into the mutation as a literal, so a missing
        // member is reported as graphql-js's literal validation words it:
        // the field named with its type ("CreateObjectInput.labelPlural").
        constexpr std::string_view kMissing = " of required type ";
        if (path.size() <= 1 && message.starts_with("Field \"") && message.ends_with("was not provided.") &&
            message.find(kMissing) != std::string::npos)
          first_error->insert(7, std::string(type_name) + ".");
      });
  if (first_error) return CoercionError(std::move(*first_error));
  return coerced;
}

}  // namespace


Result<std::vector<OptionInput>> ParseOptionsInput(simdjson::dom::element options) {
  simdjson::dom::array a;
  if (options.get(a)) return CoercionError("Options must be an array");
  std::vector<OptionInput> out;
  for (simdjson::dom::element item : a) {
    simdjson::dom::object o;
    if (item.get(o)) return CoercionError("Option must be an object");
    OptionInput in;
    for (auto [key, v] : o) {
      if (protocol::IsJsonNull(v)) continue;
      if (key == "id" || key == "value" || key == "label" || key == "color") {
        std::string s;
        VINGT_RETURN_IF_ERROR(ReadString(v, &s));
        (key == "id" ? in.id : key == "value" ? in.value : key == "label" ? in.label : in.color) = std::move(s);
      } else if (key == "position") {
        auto n = protocol::JsonNumberValue(v);
        if (!n) return CoercionError("position must be a number conforming to the specified constraints");
        in.position = *n;
      }
      // Other keys (e.g. "__typename" from a client echoing options back) are ignored.
    }
    out.push_back(std::move(in));
  }
  return out;
}

Result<CreateObjectInput> CreateObjectInputOf(const InputValue* in) {
  CreateObjectInput out;
  out.name_singular = StringOr(Member(in, "nameSingular"));
  out.name_plural = StringOr(Member(in, "namePlural"));
  out.label_singular = StringOr(Member(in, "labelSingular"));
  out.label_plural = StringOr(Member(in, "labelPlural"));
  out.description = StringOr(Member(in, "description"));
  out.icon = StringOr(Member(in, "icon"));
  out.shortcut = StringOr(Member(in, "shortcut"));
  out.is_label_synced_with_name = BoolOf(Member(in, "isLabelSyncedWithName")).value_or(false);
  out.is_remote = BoolOf(Member(in, "isRemote")).value_or(false);
  return out;
}

Result<UpdateObjectInput> UpdateObjectInputOf(const InputValue* in) {
  UpdateObjectInput out;
  auto required = [&](std::string_view name, std::optional<std::string>* slot) {
    const InputValue* v = Member(in, name);
    if (v && !v->IsNull()) *slot = v->AsString();
  };
  required("nameSingular", &out.name_singular);
  required("namePlural", &out.name_plural);
  required("labelSingular", &out.label_singular);
  required("labelPlural", &out.label_plural);
  out.description = UpdateString(Member(in, "description"));
  out.icon = UpdateString(Member(in, "icon"));
  out.shortcut = UpdateString(Member(in, "shortcut"));
  out.is_active = BoolOf(Member(in, "isActive"));
  out.is_label_synced_with_name = BoolOf(Member(in, "isLabelSyncedWithName"));
  out.label_identifier_field_id = UpdateUuid(Member(in, "labelIdentifierFieldMetadataId"));
  out.image_identifier_field_id = UpdateUuid(Member(in, "imageIdentifierFieldMetadataId"));
  out.keys = KeysOf(in);
  return out;
}

Result<CreateFieldInput> CreateFieldInputOf(const InputValue* in) {
  CreateFieldInput out;
  if (auto id = Uuid::Parse(StringOr(Member(in, "objectMetadataId")))) out.object_id = *id;
  out.type = StringOr(Member(in, "type"));
  out.name = StringOr(Member(in, "name"));
  out.label = StringOr(Member(in, "label"));
  out.description = StringOr(Member(in, "description"));
  out.icon = StringOr(Member(in, "icon"));
  out.is_nullable = BoolOf(Member(in, "isNullable"));
  out.is_unique = BoolOf(Member(in, "isUnique"));
  out.is_label_synced_with_name = BoolOf(Member(in, "isLabelSyncedWithName"));
  out.default_value_json = JsonOf(Member(in, "defaultValue"));
  out.settings_json = JsonOf(Member(in, "settings"));
  auto options = OptionsOf(Member(in, "options"));
  if (!options.ok()) return options.status();
  out.options = std::move(*options);
  const InputValue* relation = Member(in, "relationCreationPayload");
  if (relation && relation->kind() == InputValue::Kind::kObject) {
    RelationCreationInput rel;
    for (const auto& [key, value] : relation->AsObject()) {
      if (value.kind() != InputValue::Kind::kString && value.kind() != InputValue::Kind::kEnum) continue;
      if (key == "targetObjectMetadataId") rel.target_object_id = Uuid::Parse(value.AsString());
      else if (key == "type") rel.type = value.AsString();
      else if (key == "targetFieldLabel") rel.target_field_label = value.AsString();
      else if (key == "targetFieldIcon") rel.target_field_icon = value.AsString();
    }
    out.relation = std::move(rel);
  }
  return out;
}

Result<UpdateFieldInput> UpdateFieldInputOf(const InputValue* in) {
  UpdateFieldInput out;
  const InputValue* name = Member(in, "name");
  if (name && !name->IsNull()) out.name = name->AsString();
  const InputValue* label = Member(in, "label");
  if (label && !label->IsNull()) out.label = label->AsString();
  out.description = UpdateString(Member(in, "description"));
  out.icon = UpdateString(Member(in, "icon"));
  out.is_active = BoolOf(Member(in, "isActive"));
  out.is_nullable = BoolOf(Member(in, "isNullable"));
  out.is_unique = BoolOf(Member(in, "isUnique"));
  out.is_label_synced_with_name = BoolOf(Member(in, "isLabelSyncedWithName"));
  out.default_value_json = JsonOf(Member(in, "defaultValue"));
  out.settings_json = JsonOf(Member(in, "settings"));
  auto options = OptionsOf(Member(in, "options"));
  if (!options.ok()) return options.status();
  out.options = std::move(*options);
  out.keys = KeysOf(in);
  return out;
}

Result<CreateObjectInput> CreateObjectInputFromJson(simdjson::dom::element body) {
  // Remote-object options Twenty's REST callers send: accepted and ignored
  // (remote objects are refused).
  auto in = CoerceBody(body, "CreateObjectInput", {"dataSourceId"});
  if (!in.ok()) return in.status();
  return CreateObjectInputOf(&*in);
}

Result<UpdateObjectInput> UpdateObjectInputFromJson(simdjson::dom::element body) {
  // GraphQL's UpdateOneObjectInput carries the id beside the update.
  auto in = CoerceBody(body, "UpdateObjectPayload", {"id"});
  if (!in.ok()) return in.status();
  return UpdateObjectInputOf(&*in);
}

Result<CreateFieldInput> CreateFieldInputFromJson(simdjson::dom::element body) {
  // Twenty sets the workspace itself for a field created through the API.
  auto in = CoerceBody(body, "CreateFieldInput", {"workspaceId"});
  if (!in.ok()) return in.status();
  return CreateFieldInputOf(&*in);
}

Result<UpdateFieldInput> UpdateFieldInputFromJson(simdjson::dom::element body) {
  // GraphQL's UpdateOneFieldMetadataInput carries the id beside the update.
  auto in = CoerceBody(body, "UpdateFieldInput", {"id", "workspaceId"});
  if (!in.ok()) return in.status();
  return UpdateFieldInputOf(&*in);
}

}  // namespace vingt::server::metadata

#include "server/metadata/json_input.h"

#include <optional>

#include "protocol/json_read.h"

namespace vingt::server::metadata {

using protocol::JsonElement;
using storage::Uuid;

namespace {

Status CoercionError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("BAD_USER_INPUT");
}

// graphql-js prints the offending value with its inspect(): strings quoted.
std::string Inspect(JsonElement e) {
  if (auto s = protocol::JsonStringValue(e)) {
    std::string out = "\"";
    out += *s;
    return out + "\"";
  }
  return protocol::MinifiedJson(e);
}

Status UnknownKey(std::string_view key, std::string_view type) {
  return CoercionError("Field \"" + std::string(key) + "\" is not defined by type \"" + std::string(type) + "\".");
}

Status Missing(std::string_view type, std::string_view key, std::string_view gql_type) {
  return CoercionError("Field \"" + std::string(type) + "." + std::string(key) + "\" of required type \"" +
                       std::string(gql_type) + "\" was not provided.");
}

// A String; anything else is a coercion error.
Status ReadString(JsonElement v, std::string* out) {
  if (auto s = protocol::JsonStringValue(v)) {
    *out = std::string(*s);
    return Status::Ok();
  }
  return CoercionError("String cannot represent a non string value: " + Inspect(v));
}

Status ReadNullableString(JsonElement v, std::optional<std::string>* out) {
  if (protocol::IsJsonNull(v)) {
    *out = std::string();
    return Status::Ok();
  }
  std::string s;
  VINGT_RETURN_IF_ERROR(ReadString(v, &s));
  *out = std::move(s);
  return Status::Ok();
}

Status ReadBool(JsonElement v, std::optional<bool>* out) {
  if (protocol::IsJsonNull(v)) return Status::Ok();
  bool b;
  if (v.get(b)) return CoercionError("Boolean cannot represent a non boolean value: " + Inspect(v));
  *out = b;
  return Status::Ok();
}

Status ReadUuid(JsonElement v, Uuid* out) {
  auto s = protocol::JsonStringValue(v);
  auto id = s ? Uuid::Parse(*s) : std::nullopt;
  if (!id) return CoercionError("UUID cannot represent a non-UUID value: " + Inspect(v));
  *out = *id;
  return Status::Ok();
}

Status ReadNullableUuid(JsonElement v, std::optional<std::optional<Uuid>>* out) {
  if (protocol::IsJsonNull(v)) {
    *out = std::optional<Uuid>();
    return Status::Ok();
  }
  Uuid id;
  VINGT_RETURN_IF_ERROR(ReadUuid(v, &id));
  *out = id;
  return Status::Ok();
}

// JSON scalars (defaultValue, settings) are kept as compact text; null as "null".
void ReadJson(JsonElement v, std::optional<std::string>* out) { *out = protocol::MinifiedJson(v); }

Result<simdjson::dom::object> AsObject(JsonElement body, std::string_view type) {
  simdjson::dom::object o;
  if (body.get(o)) return CoercionError("Expected type \"" + std::string(type) + "\" to be an object.");
  return o;
}

// The keys CreateFieldInput and UpdateFieldInput read alike; nullopt for
// any other key.
template <typename FieldInput>
std::optional<Status> ReadSharedFieldKey(std::string_view key, JsonElement v, FieldInput* in) {
  if (key == "isNullable") return ReadBool(v, &in->is_nullable);
  if (key == "isUnique") return ReadBool(v, &in->is_unique);
  if (key == "isLabelSyncedWithName") return ReadBool(v, &in->is_label_synced_with_name);
  if (key == "defaultValue" || key == "settings") {
    ReadJson(v, key == "defaultValue" ? &in->default_value_json : &in->settings_json);
    return Status::Ok();
  }
  if (key != "options") return std::nullopt;
  if (protocol::IsJsonNull(v)) return Status::Ok();
  auto options = ParseOptionsInput(v);
  if (!options.ok()) return options.status();
  in->options = std::move(*options);
  return Status::Ok();
}

}  // namespace

Result<std::vector<OptionInput>> ParseOptionsInput(JsonElement options) {
  simdjson::dom::array a;
  if (options.get(a)) return CoercionError("Options must be an array");
  std::vector<OptionInput> out;
  for (JsonElement item : a) {
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

Result<CreateObjectInput> ParseCreateObjectInput(JsonElement body) {
  constexpr std::string_view kType = "CreateObjectInput";
  auto obj = AsObject(body, kType);
  if (!obj.ok()) return obj.status();
  CreateObjectInput in;
  bool seen[4] = {false, false, false, false};
  for (auto [key, v] : *obj) {
    if (key == "nameSingular" || key == "namePlural" || key == "labelSingular" || key == "labelPlural") {
      int i = key == "nameSingular" ? 0 : key == "namePlural" ? 1 : key == "labelSingular" ? 2 : 3;
      std::string* target = i == 0 ? &in.name_singular : i == 1 ? &in.name_plural : i == 2 ? &in.label_singular
                                                                                           : &in.label_plural;
      if (protocol::IsJsonNull(v)) continue;
      VINGT_RETURN_IF_ERROR(ReadString(v, target));
      seen[i] = true;
    } else if (key == "description" || key == "icon" || key == "shortcut") {
      std::optional<std::string> s;
      VINGT_RETURN_IF_ERROR(ReadNullableString(v, &s));
      (key == "description" ? in.description : key == "icon" ? in.icon : in.shortcut) = *s;
    } else if (key == "isLabelSyncedWithName" || key == "isRemote") {
      std::optional<bool> b;
      VINGT_RETURN_IF_ERROR(ReadBool(v, &b));
      (key == "isRemote" ? in.is_remote : in.is_label_synced_with_name) = b.value_or(false);
    } else if (key == "primaryKeyColumnType" || key == "primaryKeyFieldMetadataSettings" || key == "dataSourceId") {
      // Remote-object options: accepted and ignored (remote objects are refused).
    } else {
      return UnknownKey(key, kType);
    }
  }
  static constexpr std::string_view kRequired[] = {"nameSingular", "namePlural", "labelSingular", "labelPlural"};
  for (int i = 0; i < 4; ++i)
    if (!seen[i]) return Missing(kType, kRequired[i], "String!");
  return in;
}

Result<UpdateObjectInput> ParseUpdateObjectInput(JsonElement body) {
  constexpr std::string_view kType = "UpdateObjectPayload";
  auto obj = AsObject(body, kType);
  if (!obj.ok()) return obj.status();
  UpdateObjectInput in;
  for (auto [key, v] : *obj) {
    in.keys.emplace_back(key);
    if (key == "nameSingular" || key == "namePlural" || key == "labelSingular" || key == "labelPlural") {
      if (protocol::IsJsonNull(v)) continue;
      std::string s;
      VINGT_RETURN_IF_ERROR(ReadString(v, &s));
      (key == "nameSingular"    ? in.name_singular
       : key == "namePlural"    ? in.name_plural
       : key == "labelSingular" ? in.label_singular
                                : in.label_plural) = std::move(s);
    } else if (key == "description" || key == "icon" || key == "shortcut") {
      VINGT_RETURN_IF_ERROR(
          ReadNullableString(v, key == "description" ? &in.description : key == "icon" ? &in.icon : &in.shortcut));
    } else if (key == "isActive") {
      VINGT_RETURN_IF_ERROR(ReadBool(v, &in.is_active));
    } else if (key == "isLabelSyncedWithName") {
      VINGT_RETURN_IF_ERROR(ReadBool(v, &in.is_label_synced_with_name));
    } else if (key == "labelIdentifierFieldMetadataId") {
      VINGT_RETURN_IF_ERROR(ReadNullableUuid(v, &in.label_identifier_field_id));
    } else if (key == "imageIdentifierFieldMetadataId") {
      VINGT_RETURN_IF_ERROR(ReadNullableUuid(v, &in.image_identifier_field_id));
    } else if (key == "id") {
      // GraphQL's UpdateOneObjectInput carries the id beside the update.
    } else {
      return UnknownKey(key, kType);
    }
  }
  return in;
}

Result<CreateFieldInput> ParseCreateFieldInput(JsonElement body) {
  constexpr std::string_view kType = "CreateFieldInput";
  auto obj = AsObject(body, kType);
  if (!obj.ok()) return obj.status();
  CreateFieldInput in;
  bool has_object = false, has_type = false, has_name = false, has_label = false;
  for (auto [key, v] : *obj) {
    if (key == "objectMetadataId") {
      if (protocol::IsJsonNull(v)) continue;
      VINGT_RETURN_IF_ERROR(ReadUuid(v, &in.object_id));
      has_object = true;
    } else if (key == "type") {
      if (protocol::IsJsonNull(v)) continue;
      auto s = protocol::JsonStringValue(v);
      if (!s) return CoercionError("Enum \"FieldMetadataType\" cannot represent non-string value: " + Inspect(v) + ".");
      in.type = std::string(*s);
      has_type = true;
    } else if (key == "name" || key == "label") {
      if (protocol::IsJsonNull(v)) continue;
      VINGT_RETURN_IF_ERROR(ReadString(v, key == "name" ? &in.name : &in.label));
      (key == "name" ? has_name : has_label) = true;
    } else if (key == "description" || key == "icon") {
      std::optional<std::string> s;
      VINGT_RETURN_IF_ERROR(ReadNullableString(v, &s));
      (key == "description" ? in.description : in.icon) = *s;
    } else if (auto shared = ReadSharedFieldKey(key, v, &in)) {
      VINGT_RETURN_IF_ERROR(*shared);
    } else if (key == "relationCreationPayload") {
      if (protocol::IsJsonNull(v)) continue;
      simdjson::dom::object p;
      if (v.get(p)) return CoercionError("Expected type \"RelationCreationPayload\" to be an object.");
      RelationCreationInput rel;
      for (auto [k, pv] : p) {
        if (protocol::IsJsonNull(pv)) continue;
        if (k == "targetObjectMetadataId") {
          auto s = protocol::JsonStringValue(pv);
          if (s) rel.target_object_id = Uuid::Parse(*s);
        } else if (k == "type" || k == "targetFieldLabel" || k == "targetFieldIcon") {
          auto s = protocol::JsonStringValue(pv);
          if (!s) continue;  // reported by the planner as "... must be a string"
          (k == "type" ? rel.type : k == "targetFieldLabel" ? rel.target_field_label : rel.target_field_icon) =
              std::string(*s);
        }
      }
      in.relation = std::move(rel);
    } else if (key == "isActive" || key == "isCustom" || key == "isSystem" || key == "isRemoteCreation" ||
               key == "morphRelationsCreationPayload" || key == "workspaceId") {
      // Twenty sets these itself for a field created through the API.
    } else {
      return UnknownKey(key, kType);
    }
  }
  if (!has_object) return Missing(kType, "objectMetadataId", "UUID!");
  if (!has_type) return Missing(kType, "type", "FieldMetadataType!");
  if (!has_name) return Missing(kType, "name", "String!");
  if (!has_label) return Missing(kType, "label", "String!");
  return in;
}

Result<UpdateFieldInput> ParseUpdateFieldInput(JsonElement body) {
  constexpr std::string_view kType = "UpdateFieldInput";
  auto obj = AsObject(body, kType);
  if (!obj.ok()) return obj.status();
  UpdateFieldInput in;
  for (auto [key, v] : *obj) {
    in.keys.emplace_back(key);
    if (key == "name" || key == "label") {
      if (protocol::IsJsonNull(v)) continue;
      std::string s;
      VINGT_RETURN_IF_ERROR(ReadString(v, &s));
      (key == "name" ? in.name : in.label) = std::move(s);
    } else if (key == "description" || key == "icon") {
      VINGT_RETURN_IF_ERROR(ReadNullableString(v, key == "description" ? &in.description : &in.icon));
    } else if (key == "isActive") {
      VINGT_RETURN_IF_ERROR(ReadBool(v, &in.is_active));
    } else if (auto shared = ReadSharedFieldKey(key, v, &in)) {
      VINGT_RETURN_IF_ERROR(*shared);
    } else if (key == "id" || key == "workspaceId" || key == "morphRelationsUpdatePayload") {
      // GraphQL's UpdateOneFieldMetadataInput carries the id beside the update.
    } else {
      return UnknownKey(key, kType);
    }
  }
  return in;
}

}  // namespace vingt::server::metadata

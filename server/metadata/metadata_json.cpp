#include "server/metadata/metadata_json.h"

#include <algorithm>

#include "protocol/iso_time.h"
#include "server/metadata/dto_properties.h"

namespace vingt::server::metadata {

using storage::FieldSchema;
using storage::ObjectSchema;

namespace {

void StringOrNull(protocol::JsonWriter& w, std::string_view s) {
  if (s.empty())
    w.Null();
  else
    w.String(s);
}

void ObjectRef(protocol::JsonWriter& w, const ObjectSchema* o) {
  if (!o) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("id");
  w.String(o->id.ToString());
  w.Key("nameSingular");
  w.String(o->name_singular);
  w.Key("namePlural");
  w.String(o->name_plural);
  w.EndObject();
}

void FieldRef(protocol::JsonWriter& w, const FieldSchema* f) {
  if (!f) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("id");
  w.String(f->id.ToString());
  w.Key("name");
  w.String(f->name);
  w.EndObject();
}

}  // namespace

void WriteTime(protocol::JsonWriter& w, int64_t ms) {
  std::string text;
  protocol::FormatIsoDateTime(ms, &text);
  w.String(text);
}

void WriteFieldIdByName(protocol::JsonWriter& w, const ObjectSchema& object, std::string_view name) {
  const FieldSchema* f = name.empty() ? nullptr : object.FindField(name);
  if (f)
    w.String(f->id.ToString());
  else
    w.Null();
}

void WriteOptionsJson(protocol::JsonWriter& w, const FieldSchema& field) {
  if (field.options.empty()) {
    w.Null();
    return;
  }
  std::vector<const storage::SelectOption*> sorted;
  for (const auto& o : field.options) sorted.push_back(&o);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->position < b->position; });
  w.StartArray();
  for (const auto* o : sorted) {
    w.StartObject();
    w.Key("id");
    w.String(o->id.ToString());
    w.Key("value");
    w.String(o->value);
    w.Key("label");
    w.String(o->label);
    if (!o->color.empty()) {
      w.Key("color");
      w.String(o->color);
    }
    w.Key("position");
    w.Double(o->position);
    w.EndObject();
  }
  w.EndArray();
}

void WriteRelationJson(protocol::JsonWriter& w, const Objects& objects, const ObjectSchema& owner,
                       const FieldSchema& field) {
  if (!field.relation) {
    w.Null();
    return;
  }
  const ObjectSchema* target = nullptr;
  const FieldSchema* inverse = InverseField(objects, field, &target);
  if (!target) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("type");
  w.String(storage::RelationTypeName(field.relation->type));
  w.Key("targetObjectMetadata");
  ObjectRef(w, target);
  w.Key("targetFieldMetadata");
  FieldRef(w, inverse);
  w.Key("sourceObjectMetadata");
  ObjectRef(w, &owner);
  w.Key("sourceFieldMetadata");
  FieldRef(w, &field);
  w.EndObject();
}

void WriteFieldJson(protocol::JsonWriter& w, const Objects& objects, const ObjectSchema& owner,
                    const FieldSchema& f) {
  w.StartObject();
  w.Key("id");
  w.String(f.id.ToString());
  w.Key("type");
  w.String(storage::FieldTypeName(f.type));
  w.Key("name");
  w.String(f.name);
  w.Key("label");
  w.String(f.label);
  w.Key("description");
  StringOrNull(w, f.description);
  w.Key("icon");
  StringOrNull(w, f.icon);
  w.Key("isCustom");
  w.Bool(f.is_custom);
  w.Key("isActive");
  w.Bool(f.is_active);
  w.Key("isSystem");
  w.Bool(f.is_system);
  w.Key("isNullable");
  w.Bool(f.is_nullable);
  w.Key("isUnique");
  w.Bool(f.is_unique);
  w.Key("isUIReadOnly");
  w.Bool(f.is_ui_readonly);
  // Twenty 2.x field DTO properties (server/metadata/dto_properties.h).
  w.Key("universalIdentifier");
  w.String(f.id.ToString());
  w.Key("isUIEditable");
  w.Bool(!f.is_ui_readonly);
  w.Key("isSearchable");
  w.Bool(IsSearchableField(owner, f));
  w.Key("isAuditLogged");
  w.Bool(IsAuditLoggedField(f));
  w.Key("writability");
  w.String(FieldWritability(f));
  w.Key("morphId");
  w.Null();
  w.Key("isLabelSyncedWithName");
  w.Bool(f.is_label_synced_with_name);
  w.Key("createdAt");
  WriteTime(w, f.created_at_ms);
  w.Key("updatedAt");
  WriteTime(w, f.updated_at_ms);
  w.Key("defaultValue");
  w.RawJson(DefaultValueJson(f.default_value_json));
  w.Key("options");
  WriteOptionsJson(w, f);
  w.Key("settings");
  if (f.settings_json.empty())
    w.Null();
  else
    w.RawJson(f.settings_json);
  w.Key("objectMetadataId");
  w.String(owner.id.ToString());
  w.Key("relation");
  WriteRelationJson(w, objects, owner, f);
  w.EndObject();
}

void WriteObjectJson(protocol::JsonWriter& w, const Objects& objects, const ObjectSchema& o, bool with_fields) {
  w.StartObject();
  w.Key("id");
  w.String(o.id.ToString());
  w.Key("nameSingular");
  w.String(o.name_singular);
  w.Key("namePlural");
  w.String(o.name_plural);
  w.Key("labelSingular");
  w.String(o.label_singular);
  w.Key("labelPlural");
  w.String(o.label_plural);
  w.Key("description");
  StringOrNull(w, o.description);
  w.Key("icon");
  StringOrNull(w, o.icon);
  w.Key("shortcut");
  StringOrNull(w, o.shortcut);
  w.Key("isCustom");
  w.Bool(o.is_custom);
  w.Key("isRemote");
  w.Bool(false);
  w.Key("isActive");
  w.Bool(o.is_active);
  w.Key("isSystem");
  w.Bool(o.is_system);
  w.Key("isSearchable");
  w.Bool(o.is_searchable);
  // Twenty 2.x object DTO properties (server/metadata/dto_properties.h).
  w.Key("universalIdentifier");
  w.String(o.id.ToString());
  w.Key("color");
  w.Null();
  w.Key("isUIEditable");
  w.Bool(!o.is_ui_readonly);
  w.Key("isUICreatable");
  w.Bool(true);
  w.Key("openRecordIn");
  w.String(kObjectOpenRecordIn);
  w.Key("readability");
  w.String(kObjectReadability);
  w.Key("readabilityParentFieldUniversalIdentifiers");
  w.Null();
  w.Key("writability");
  w.String(kObjectWritability);
  w.Key("isLabelSyncedWithName");
  w.Bool(o.is_label_synced_with_name);
  w.Key("createdAt");
  WriteTime(w, o.created_at_ms);
  w.Key("updatedAt");
  WriteTime(w, o.updated_at_ms);
  w.Key("labelIdentifierFieldMetadataId");
  WriteFieldIdByName(w, o, o.label_identifier_field);
  w.Key("imageIdentifierFieldMetadataId");
  WriteFieldIdByName(w, o, o.image_identifier_field);
  if (with_fields) {
    w.Key("fields");
    w.StartArray();
    for (const auto& f : o.fields) WriteFieldJson(w, objects, o, f);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace vingt::server::metadata

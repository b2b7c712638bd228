#include "server/openapi/field_schema.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "server/openapi/document_common.h"

namespace vingt::server::openapi {
namespace {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;

// The ACTOR sources vingt accepts (server/records/record_decode.cpp), i.e. Twenty's
// FieldActorSource enum of the newest builds (spec/data-model.md §1.2).
constexpr std::string_view kActorSources[] = {"EMAIL",  "CALENDAR", "WORKFLOW", "AGENT",   "API",
                                              "IMPORT", "MANUAL",   "SYSTEM",   "WEBHOOK", "APPLICATION"};
constexpr std::string_view kRatingValues[] = {"RATING_1", "RATING_2", "RATING_3", "RATING_4", "RATING_5"};
constexpr std::string_view kExampleUuid = "0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

bool IsServerManaged(std::string_view name) {
  return name == "id" || name == "createdAt" || name == "updatedAt" || name == "deletedAt";
}

// Whether `field` has a property of its own in a schema of `kind` (relation
// fields are handled apart: their join column, and the related records).
bool HasValueProperty(const FieldSchema& f, RecordSchemaKind kind) {
  if (!f.is_active || f.type == FieldType::kTsVector || f.type == FieldType::kMorphRelation) return false;
  if (f.type == FieldType::kRelation || f.relation) return false;
  return kind == RecordSchemaKind::kResponse || !IsServerManaged(f.name);
}

// Twenty: a NUMBER is "number" if settings.dataType is float or
// settings.decimals > 0, else "integer".
bool NumberIsFloat(const FieldSchema& f) {
  if (f.settings_json.empty()) return false;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element settings;
  if (parser.parse(f.settings_json).get(settings)) return false;
  std::string_view data_type;
  if (!settings["dataType"].get(data_type) && data_type == "float") return true;
  double decimals = 0;
  if (!settings["decimals"].get(decimals) && decimals > 0) return true;
  int64_t decimals_int = 0;
  return !settings["decimals"].get(decimals_int) && decimals_int > 0;
}

// The option values of a SELECT / MULTI_SELECT / RATING field, by position.
std::vector<std::string_view> OptionValues(const FieldSchema& f) {
  std::vector<const storage::SelectOption*> options;
  for (const auto& o : f.options) options.push_back(&o);
  std::stable_sort(options.begin(), options.end(),
                   [](const auto* a, const auto* b) { return a->position < b->position; });
  std::vector<std::string_view> values;
  for (const auto* o : options) values.push_back(o->value);
  if (values.empty() && f.type == FieldType::kRating) values.assign(std::begin(kRatingValues), std::end(kRatingValues));
  return values;
}

// {"type": "string", "enum": [...]}; no "enum" when there are no values
// (an empty enum would accept nothing).
void WriteStringEnum(JsonWriter& w, const std::vector<std::string_view>& values) {
  w.StartObject();
  WriteString(w, "type", "string");
  if (!values.empty()) {
    w.Key("enum");
    w.StartArray();
    for (std::string_view v : values) w.String(v);
    w.EndArray();
  }
}

void WriteStringProperties(JsonWriter& w, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    w.Key(name);
    WriteType(w, "string");
  }
}

void WriteArrayOf(JsonWriter& w, std::string_view item_type, std::string_view item_format = {}) {
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteType(w, item_type, item_format);
  w.EndObject();
}

// Opens {"type": "object", "properties": { ... for a composite value.
void BeginComposite(JsonWriter& w) {
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
}

// Writes the schema's members up to (not including) "description" and the
// closing brace, so the caller can add the field's description.
void WriteValueSchemaBody(JsonWriter& w, const FieldSchema& f, bool for_response) {
  switch (f.type) {
    case FieldType::kUuid:
      w.StartObject();
      WriteString(w, "type", "string");
      WriteString(w, "format", "uuid");
      return;
    case FieldType::kDateTime:
      w.StartObject();
      WriteString(w, "type", "string");
      WriteString(w, "format", "date-time");
      return;
    case FieldType::kDate:
      w.StartObject();
      WriteString(w, "type", "string");
      WriteString(w, "format", "date");
      return;
    case FieldType::kNumber:
      w.StartObject();
      WriteString(w, "type", NumberIsFloat(f) ? "number" : "integer");
      return;
    case FieldType::kNumeric:
    case FieldType::kPosition:
      w.StartObject();
      WriteString(w, "type", "number");
      return;
    case FieldType::kBoolean:
      w.StartObject();
      WriteString(w, "type", "boolean");
      return;
    case FieldType::kRawJson:
      w.StartObject();
      WriteString(w, "type", "object");
      return;
    case FieldType::kSelect:
    case FieldType::kRating:
      WriteStringEnum(w, OptionValues(f));
      return;
    case FieldType::kMultiSelect:
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      WriteStringEnum(w, OptionValues(f));
      w.EndObject();
      return;
    case FieldType::kArray:
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      WriteType(w, "string");
      return;
    case FieldType::kLinks:
      BeginComposite(w);
      WriteStringProperties(w, {"primaryLinkLabel", "primaryLinkUrl"});
      w.Key("secondaryLinks");
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      w.StartObject();
      WriteString(w, "type", "object");
      WriteString(w, "description", "A secondary link");
      w.Key("properties");
      w.StartObject();
      w.Key("url");
      WriteType(w, "string", "uri");
      w.Key("label");
      WriteType(w, "string");
      w.EndObject();
      w.EndObject();
      w.EndObject();
      w.EndObject();  // properties
      return;
    case FieldType::kCurrency:
      BeginComposite(w);
      w.Key("amountMicros");
      WriteType(w, "number");
      w.Key("currencyCode");
      WriteType(w, "string");
      w.EndObject();
      return;
    case FieldType::kFullName:
      BeginComposite(w);
      WriteStringProperties(w, {"firstName", "lastName"});
      w.EndObject();
      return;
    case FieldType::kAddress:
      BeginComposite(w);
      WriteStringProperties(w, {"addressStreet1", "addressStreet2", "addressCity", "addressState", "addressPostcode",
                                "addressCountry"});
      w.Key("addressLat");
      WriteType(w, "number");
      w.Key("addressLng");
      WriteType(w, "number");
      w.EndObject();
      return;
    case FieldType::kActor:
      BeginComposite(w);
      w.Key("source");
      WriteStringEnum(w, std::vector<std::string_view>(std::begin(kActorSources), std::end(kActorSources)));
      w.EndObject();  // source
      // Only the source can be chosen by a writer; the server fills the rest.
      if (for_response) {
        w.Key("workspaceMemberId");
        WriteType(w, "string", "uuid");
        w.Key("name");
        WriteType(w, "string");
        w.Key("context");
        WriteType(w, "object");
      }
      w.EndObject();  // properties
      return;
    case FieldType::kEmails:
      BeginComposite(w);
      w.Key("primaryEmail");
      WriteType(w, "string");
      w.Key("additionalEmails");
      WriteArrayOf(w, "string", "email");
      w.EndObject();
      return;
    case FieldType::kPhones:
      BeginComposite(w);
      WriteStringProperties(w, {"primaryPhoneNumber", "primaryPhoneCountryCode", "primaryPhoneCallingCode"});
      // Twenty's document says strings; the stored items are objects
      // (spec/data-model.md §1.2), which is what vingt describes.
      w.Key("additionalPhones");
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      w.StartObject();
      WriteString(w, "type", "object");
      w.Key("properties");
      w.StartObject();
      WriteStringProperties(w, {"number", "countryCode", "callingCode"});
      w.EndObject();
      w.EndObject();
      w.EndObject();
      w.EndObject();
      return;
    case FieldType::kRichTextV2:
      BeginComposite(w);
      WriteStringProperties(w, {"blocknote", "markdown"});
      w.EndObject();
      return;
    case FieldType::kFiles:
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      w.StartObject();
      WriteString(w, "type", "object");
      w.Key("properties");
      w.StartObject();
      w.Key("fileId");
      WriteType(w, "string", "uuid");
      w.Key("label");
      WriteType(w, "string");
      w.EndObject();
      w.EndObject();
      return;
    default:  // TEXT, RICH_TEXT and anything newer
      w.StartObject();
      WriteString(w, "type", "string");
      return;
  }
}

// --- examples (create and update bodies) --------------------------------

// Twenty's example has a value for every required field, a "<Label> name"
// for a TEXT field called "name", and a sample for the composite and enum
// types below. Twenty draws random values; vingt's are fixed so that the
// document only changes when the metadata does.
bool WantsExample(const FieldSchema& f, bool required) {
  if (required) return true;
  switch (f.type) {
    case FieldType::kEmails:
    case FieldType::kLinks:
    case FieldType::kCurrency:
    case FieldType::kFullName:
    case FieldType::kSelect:
    case FieldType::kMultiSelect:
    case FieldType::kPhones: return true;
    case FieldType::kText: return f.name == "name";
    default: return false;
  }
}

// "opportunity" -> "Opportunity", "petOwner" -> "Pet Owner".
std::string TitleCase(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (i == 0) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      continue;
    }
    if (std::isupper(static_cast<unsigned char>(c))) out += ' ';
    out += c;
  }
  return out;
}

void WriteExampleValue(JsonWriter& w, const ObjectSchema& object, const FieldSchema& f) {
  switch (f.type) {
    case FieldType::kUuid: w.String(kExampleUuid); return;
    case FieldType::kText:
      w.String(f.name == "name" ? TitleCase(object.name_singular) + " name" : f.label.empty() ? f.name : f.label);
      return;
    case FieldType::kPhones:
      w.RawJson(R"({"primaryPhoneNumber":"612345678","primaryPhoneCountryCode":"FR",)"
                R"("primaryPhoneCallingCode":"+33","additionalPhones":[]})");
      return;
    case FieldType::kEmails: w.RawJson(R"({"primaryEmail":"ada@example.com","additionalEmails":[]})"); return;
    case FieldType::kDate: w.String("2025-01-31"); return;
    case FieldType::kDateTime: w.String("2025-01-31T09:30:00.000Z"); return;
    case FieldType::kBoolean: w.Bool(false); return;
    case FieldType::kNumber: w.Int64(42); return;
    case FieldType::kNumeric: w.Int64(100); return;
    case FieldType::kPosition: w.Int64(1); return;
    case FieldType::kLinks:
      w.RawJson(R"({"primaryLinkLabel":"","primaryLinkUrl":"https://example.com","secondaryLinks":[]})");
      return;
    case FieldType::kCurrency: w.RawJson(R"({"amountMicros":1500000000,"currencyCode":"EUR"})"); return;
    case FieldType::kFullName: w.RawJson(R"({"firstName":"Ada","lastName":"Lovelace"})"); return;
    case FieldType::kAddress:
      w.RawJson(R"({"addressStreet1":"1 rue de Rivoli","addressStreet2":"","addressCity":"Paris",)"
                R"("addressState":"","addressPostcode":"75001","addressCountry":"France",)"
                R"("addressLat":48.86,"addressLng":2.34})");
      return;
    case FieldType::kRating:
    case FieldType::kSelect: {
      auto values = OptionValues(f);
      if (values.empty()) {
        w.Null();
      } else {
        w.String(values.front());
      }
      return;
    }
    case FieldType::kMultiSelect: {
      auto values = OptionValues(f);
      w.StartArray();
      if (!values.empty()) w.String(values.front());
      w.EndArray();
      return;
    }
    case FieldType::kRawJson: w.RawJson("{}"); return;
    case FieldType::kRichText: w.String(""); return;
    case FieldType::kRichTextV2: w.RawJson(R"({"markdown":"Some text"})"); return;
    case FieldType::kActor: w.RawJson(R"({"source":"MANUAL"})"); return;
    case FieldType::kArray:
    case FieldType::kFiles: w.RawJson("[]"); return;
    default: w.Null(); return;
  }
}

// Twenty: a field is required on create when it is not nullable and has no
// default value.
bool IsRequired(const FieldSchema& f) {
  return !f.is_nullable && (f.default_value_json.empty() || f.default_value_json == "null");
}

// Relations of a response: {"type": "object", "oneOf": [$ref]} for a
// MANY_TO_ONE (the record depth=1 nests), {"type": "array", "items": $ref}
// for a ONE_TO_MANY.
void WriteRelationProperties(JsonWriter& w, const ObjectSchema& object, const DocumentedObjects& documented) {
  for (const FieldSchema& f : object.fields) {
    if (!f.is_active || !f.relation) continue;
    if (!documented.contains(f.relation->target_object)) continue;
    std::string ref = "#/components/schemas/" + storage::Capitalize(f.relation->target_object) + "ForResponse";
    w.Key(f.name);
    w.StartObject();
    if (f.IsManyToOne()) {
      WriteString(w, "type", "object");
      w.Key("oneOf");
      w.StartArray();
      WriteRef(w, ref);
      w.EndArray();
    } else {
      WriteString(w, "type", "array");
      w.Key("items");
      WriteRef(w, ref);
    }
    if (!f.description.empty()) WriteString(w, "description", f.description);
    w.EndObject();
  }
}

}  // namespace

void WriteFieldValueSchema(JsonWriter& w, const FieldSchema& field, bool for_response) {
  WriteValueSchemaBody(w, field, for_response);
  if (!field.description.empty()) WriteString(w, "description", field.description);
  w.EndObject();
}

void WriteRecordSchema(JsonWriter& w, const ObjectSchema& object, RecordSchemaKind kind,
                       const DocumentedObjects& documented) {
  const bool response = kind == RecordSchemaKind::kResponse;
  w.StartObject();
  WriteString(w, "type", "object");
  if (!object.description.empty()) WriteString(w, "description", object.description);

  w.Key("properties");
  w.StartObject();
  for (const FieldSchema& f : object.fields) {
    if (f.is_active && f.IsManyToOne()) {
      // The join column: readable and writable as a UUID.
      w.Key(f.JoinColumnName());
      WriteType(w, "string", "uuid");
      continue;
    }
    if (!HasValueProperty(f, kind)) continue;
    w.Key(f.name);
    WriteFieldValueSchema(w, f, response);
  }
  if (response) WriteRelationProperties(w, object, documented);
  w.EndObject();

  if (response) {
    w.EndObject();
    return;
  }

  std::vector<std::string> required;
  w.Key("example");
  w.StartObject();
  for (const FieldSchema& f : object.fields) {
    if (!f.is_active) continue;
    const bool is_required = IsRequired(f);
    if (f.IsManyToOne()) {
      if (!is_required) continue;
      required.push_back(f.JoinColumnName());
      w.Key(f.JoinColumnName());
      w.String(kExampleUuid);
      continue;
    }
    if (!HasValueProperty(f, kind)) continue;
    if (is_required) required.push_back(f.name);
    if (!WantsExample(f, is_required)) continue;
    w.Key(f.name);
    WriteExampleValue(w, object, f);
  }
  w.EndObject();

  if (kind == RecordSchemaKind::kCreate && !required.empty()) {
    w.Key("required");
    w.StartArray();
    for (const auto& name : required) w.String(name);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace vingt::server::openapi

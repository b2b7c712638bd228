#include "server/openapi/metadata_document.h"

#include <string_view>

#include "common/twenty_limits.h"
#include "storage/field_type.h"
#include "storage/schema.h"

namespace vingt::server::openapi {
namespace {

// Metadata list pages: Twenty's legacy metadata REST default and cap
// (spec/metadata.md §5.2).
constexpr int64_t kMetadataPageSize = twenty::kMetadataRestPageSize;

// --- schemas -----------------------------------------------------------------
// Static JSON Schema text, spliced verbatim. "@FIELD_TYPES@" is replaced by
// the FieldMetadataType values.

std::string FieldTypeEnum() {
  std::string out = "[";
  for (int t = 0; t <= static_cast<int>(storage::FieldType::kFiles); ++t) {
    if (t) out += ',';
    out += '"';
    out += storage::FieldTypeName(static_cast<storage::FieldType>(t));
    out += '"';
  }
  out += ']';
  return out;
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

// name -> schema text, in document order.
struct SchemaText {
  std::string_view name;
  std::string_view json;
};

constexpr SchemaText kObjectSchemas[] = {
    {"Object", R"j({"type":"object","description":"A new custom object. Its standard fields (id, name, createdAt, ...) are created with it.",
"properties":{
"nameSingular":{"type":"string","description":"camelCase API name of one record, e.g. pet"},
"namePlural":{"type":"string","description":"camelCase API name of the collection, e.g. pets"},
"labelSingular":{"type":"string"},
"labelPlural":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"],"description":"Tabler icon name, e.g. IconPaw"},
"shortcut":{"type":["string","null"]},
"isLabelSyncedWithName":{"type":"boolean"}},
"required":["nameSingular","namePlural","labelSingular","labelPlural"],
"example":{"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet","labelPlural":"Pets","icon":"IconPaw"}})j"},
    {"Objects", R"j({"type":"array","description":"A list of objects","items":{"$ref":"#/components/schemas/Object"}})j"},
    {"ObjectForUpdate", R"j({"type":"object","description":"Changes to an object; only the given keys change.",
"properties":{
"nameSingular":{"type":"string"},
"namePlural":{"type":"string"},
"labelSingular":{"type":"string"},
"labelPlural":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"]},
"shortcut":{"type":["string","null"]},
"isActive":{"type":"boolean","description":"false removes the object from the record APIs without deleting its data"},
"labelIdentifierFieldMetadataId":{"type":["string","null"],"format":"uuid"},
"imageIdentifierFieldMetadataId":{"type":["string","null"],"format":"uuid"},
"isLabelSyncedWithName":{"type":"boolean"}}})j"},
    {"ObjectForResponse", R"j({"type":"object","description":"An object (a table of records)",
"properties":{
"id":{"type":"string","format":"uuid"},
"nameSingular":{"type":"string"},
"namePlural":{"type":"string"},
"labelSingular":{"type":"string"},
"labelPlural":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"]},
"shortcut":{"type":["string","null"]},
"isCustom":{"type":"boolean"},
"isRemote":{"type":"boolean"},
"isActive":{"type":"boolean"},
"isSystem":{"type":"boolean"},
"isUIReadOnly":{"type":"boolean"},
"isSearchable":{"type":"boolean"},
"universalIdentifier":{"type":"string"},
"color":{"type":["string","null"]},
"isUIEditable":{"type":"boolean"},
"isUICreatable":{"type":"boolean"},
"openRecordIn":{"type":"string","enum":["SIDE_PANEL","RECORD_PAGE","USER_CHOICE"]},
"readability":{"type":"string","enum":["OPEN","PRIVATE","INHERITED","SYSTEM"]},
"readabilityParentFieldUniversalIdentifiers":{"type":["array","null"],"items":{"type":"string","format":"uuid"}},
"writability":{"type":"string","enum":["OPEN","APPLICATION","SYSTEM"]},
"isLabelSyncedWithName":{"type":"boolean"},
"labelIdentifierFieldMetadataId":{"type":["string","null"],"format":"uuid"},
"imageIdentifierFieldMetadataId":{"type":["string","null"],"format":"uuid"},
"duplicateCriteria":{"type":["array","null"],"items":{"type":"array","items":{"type":"string"}}},
"createdAt":{"type":"string","format":"date-time"},
"updatedAt":{"type":"string","format":"date-time"},
"fields":{"type":"array","items":{"$ref":"#/components/schemas/FieldForResponse"}}}})j"},
    {"ObjectsForResponse",
     R"j({"type":"array","description":"A list of objects","items":{"$ref":"#/components/schemas/ObjectForResponse"}})j"},
};

constexpr SchemaText kFieldSchemas[] = {
    {"FieldOption", R"j({"type":"object","description":"An option of a SELECT, MULTI_SELECT or RATING field",
"properties":{
"id":{"type":"string","format":"uuid"},
"value":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*$","example":"OPTION_1"},
"label":{"type":"string"},
"color":{"type":"string","enum":["green","turquoise","sky","blue","purple","pink","red","orange","yellow","gray"]},
"position":{"type":"number"}},
"required":["value","label"]})j"},
    {"Field", R"j({"type":"object","description":"A new field of an object",
"properties":{
"objectMetadataId":{"type":"string","format":"uuid"},
"type":{"type":"string","enum":@FIELD_TYPES@},
"name":{"type":"string","description":"camelCase API name, unique within the object"},
"label":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"]},
"isNullable":{"type":"boolean"},
"isUnique":{"type":"boolean"},
"isActive":{"type":"boolean"},
"isLabelSyncedWithName":{"type":"boolean"},
"defaultValue":{"description":"Stored as Twenty stores it: text values as SQL literals, e.g. \"'NEW'\""},
"options":{"type":"array","description":"Required for SELECT and MULTI_SELECT","items":{"$ref":"#/components/schemas/FieldOption"}},
"settings":{"type":["object","null"]},
"relationCreationPayload":{"type":"object","description":"For a RELATION field: the other side, created with it",
"properties":{
"type":{"type":"string","enum":["MANY_TO_ONE","ONE_TO_MANY"]},
"targetObjectMetadataId":{"type":"string","format":"uuid"},
"targetFieldLabel":{"type":"string"},
"targetFieldIcon":{"type":"string"}}}},
"required":["objectMetadataId","type","name","label"],
"example":{"objectMetadataId":"0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b","type":"SELECT","name":"species","label":"Species",
"options":[{"value":"DOG","label":"Dog","color":"blue","position":0},{"value":"CAT","label":"Cat","color":"red","position":1}]}})j"},
    {"Fields", R"j({"type":"array","description":"A list of fields","items":{"$ref":"#/components/schemas/Field"}})j"},
    {"FieldForUpdate", R"j({"type":"object","description":"Changes to a field; its type cannot change.",
"properties":{
"name":{"type":"string"},
"label":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"]},
"isActive":{"type":"boolean"},
"isNullable":{"type":"boolean"},
"isUnique":{"type":"boolean"},
"isLabelSyncedWithName":{"type":"boolean"},
"defaultValue":{},
"options":{"type":"array","items":{"$ref":"#/components/schemas/FieldOption"}},
"settings":{"type":["object","null"]}}})j"},
    {"FieldRelation", R"j({"type":"object","description":"Both sides of a relation",
"properties":{
"type":{"type":"string","enum":["MANY_TO_ONE","ONE_TO_MANY"]},
"sourceObjectMetadata":{"$ref":"#/components/schemas/FieldRelationObject"},
"sourceFieldMetadata":{"$ref":"#/components/schemas/FieldRelationField"},
"targetObjectMetadata":{"$ref":"#/components/schemas/FieldRelationObject"},
"targetFieldMetadata":{"$ref":"#/components/schemas/FieldRelationField"}}})j"},
    {"FieldRelationObject", R"j({"type":"object","properties":{
"id":{"type":"string","format":"uuid"},"nameSingular":{"type":"string"},"namePlural":{"type":"string"}}})j"},
    {"FieldRelationField", R"j({"type":"object","properties":{
"id":{"type":"string","format":"uuid"},"name":{"type":"string"}}})j"},
    {"FieldForResponse", R"j({"type":"object","description":"A field (a column of an object)",
"properties":{
"id":{"type":"string","format":"uuid"},
"objectMetadataId":{"type":"string","format":"uuid"},
"type":{"type":"string","enum":@FIELD_TYPES@},
"name":{"type":"string"},
"label":{"type":"string"},
"description":{"type":["string","null"]},
"icon":{"type":["string","null"]},
"isCustom":{"type":"boolean"},
"isActive":{"type":"boolean"},
"isSystem":{"type":"boolean"},
"isNullable":{"type":"boolean"},
"isUnique":{"type":"boolean"},
"isUIReadOnly":{"type":"boolean"},
"universalIdentifier":{"type":"string"},
"isUIEditable":{"type":"boolean"},
"isSearchable":{"type":"boolean"},
"isAuditLogged":{"type":"boolean"},
"writability":{"type":"string","enum":["OPEN","APPLICATION","SYSTEM"]},
"morphId":{"type":["string","null"],"format":"uuid"},
"isLabelSyncedWithName":{"type":"boolean"},
"defaultValue":{},
"options":{"type":["array","null"],"items":{"$ref":"#/components/schemas/FieldOption"}},
"settings":{"type":["object","null"]},
"relation":{"anyOf":[{"$ref":"#/components/schemas/FieldRelation"},{"type":"null"}]},
"createdAt":{"type":"string","format":"date-time"},
"updatedAt":{"type":"string","format":"date-time"}}})j"},
    {"FieldsForResponse",
     R"j({"type":"array","description":"A list of fields","items":{"$ref":"#/components/schemas/FieldForResponse"}})j"},
};

constexpr SchemaText kApiKeySchemas[] = {
    {"ApiKey", R"j({"type":"object","description":"A new API key",
"properties":{
"name":{"type":"string"},
"expiresAt":{"type":["string","null"],"format":"date-time"},
"roleId":{"type":"string","format":"uuid","description":"Accepted for compatibility; every key has full access to its workspace"}},
"required":["name"],
"example":{"name":"Zapier","expiresAt":"2030-01-01T00:00:00.000Z"}})j"},
    {"ApiKeys", R"j({"type":"array","description":"A list of API keys","items":{"$ref":"#/components/schemas/ApiKey"}})j"},
    {"ApiKeyForUpdate", R"j({"type":"object","description":"Changes to an API key",
"properties":{
"name":{"type":"string"},
"expiresAt":{"type":["string","null"],"format":"date-time"},
"revokedAt":{"type":["string","null"],"format":"date-time","description":"Set to revoke the key, null to clear"}}})j"},
    {"ApiKeyForResponse", R"j({"type":"object","description":"An API key (its token is never stored)",
"properties":{
"id":{"type":"string","format":"uuid"},
"name":{"type":"string"},
"expiresAt":{"type":["string","null"],"format":"date-time"},
"revokedAt":{"type":["string","null"],"format":"date-time"},
"workspaceId":{"type":"string","format":"uuid"},
"createdAt":{"type":"string","format":"date-time"},
"updatedAt":{"type":"string","format":"date-time"},
"token":{"type":"string","x-vingt-extension":true,
"description":"Only in the answer to the create call: the key's bearer token, shown once"}}})j"},
    {"ApiKeysForResponse",
     R"j({"type":"array","description":"A list of API keys","items":{"$ref":"#/components/schemas/ApiKeyForResponse"}})j"},
};

constexpr SchemaText kWebhookSchemas[] = {
    {"Webhook", R"j({"type":"object","description":"A new webhook",
"properties":{
"targetUrl":{"type":"string","format":"uri","description":"An http:// or https:// URL that receives the events"},
"operations":{"type":"array","items":{"type":"string"},"default":["*.*"],
"description":"Events to send: <object>.<action>, with * for any object or action (person.created, *.deleted, *.*)"},
"description":{"type":["string","null"]},
"secret":{"type":"string","description":"Signs each delivery (X-Twenty-Webhook-Signature); generated when absent"}},
"required":["targetUrl"],
"example":{"targetUrl":"https://example.com/hook","operations":["person.created","company.*"]}})j"},
    {"WebhookForUpdate", R"j({"type":"object","description":"Changes to a webhook",
"properties":{
"targetUrl":{"type":"string","format":"uri"},
"operations":{"type":"array","items":{"type":"string"}},
"description":{"type":["string","null"]},
"secret":{"type":"string"}}})j"},
    {"WebhookForResponse", R"j({"type":"object","description":"A webhook",
"properties":{
"id":{"type":"string","format":"uuid"},
"targetUrl":{"type":"string"},
"operations":{"type":"array","items":{"type":"string"}},
"description":{"type":["string","null"]},
"secret":{"type":"string"},
"workspaceId":{"type":"string","format":"uuid"},
"createdAt":{"type":"string","format":"date-time"},
"updatedAt":{"type":"string","format":"date-time"},
"deletedAt":{"type":["string","null"],"format":"date-time"}}})j"},
    {"WebhooksForResponse",
     R"j({"type":"array","description":"A list of webhooks","items":{"$ref":"#/components/schemas/WebhookForResponse"}})j"},
};

constexpr SchemaText kPicklistSchemas[] = {
    {"PicklistForResponse", R"j({"type":"object","x-vingt-extension":true,
"description":"The options of one active SELECT or MULTI_SELECT field (RATING with includeRating=true), by position",
"properties":{
"objectName":{"type":"string"},
"objectNamePlural":{"type":"string"},
"objectMetadataId":{"type":"string","format":"uuid"},
"fieldName":{"type":"string"},
"fieldLabel":{"type":"string"},
"fieldMetadataId":{"type":"string","format":"uuid"},
"fieldType":{"type":"string","enum":["SELECT","MULTI_SELECT","RATING"]},
"isMultiSelect":{"type":"boolean"},
"defaultValue":{},
"options":{"type":"array","items":{"$ref":"#/components/schemas/FieldOption"}}}})j"},
};

void WriteSchemas(JsonWriter& w) {
  const std::string field_types = FieldTypeEnum();
  w.Key("schemas");
  w.StartObject();
  auto splice = [&](const auto& table) {
    for (const SchemaText& s : table) {
      w.Key(s.name);
      if (s.json.find("@FIELD_TYPES@") == std::string_view::npos) {
        w.RawJson(s.json);
      } else {
        w.RawJson(ReplaceAll(std::string(s.json), "@FIELD_TYPES@", field_types));
      }
    }
  };
  splice(kObjectSchemas);
  splice(kFieldSchemas);
  splice(kApiKeySchemas);
  splice(kWebhookSchemas);
  splice(kPicklistSchemas);
  w.EndObject();
}

// --- parameters --------------------------------------------------------------

void WriteParameters(JsonWriter& w) {
  w.Key("parameters");
  w.StartObject();
  w.Key("idPath");
  w.RawJson(R"j({"name":"id","in":"path","description":"Id of the object, field or API key.","required":true,
"schema":{"type":"string","format":"uuid"}})j");
  w.Key("limit");
  w.StartObject();
  WriteString(w, "name", "limit");
  WriteString(w, "in", "query");
  WriteString(w, "description", "Page size. Larger values are lowered to the maximum.");
  w.Key("required");
  w.Bool(false);
  w.Key("schema");
  w.StartObject();
  WriteString(w, "type", "integer");
  w.Key("minimum");
  w.Int64(0);
  w.Key("maximum");
  w.Int64(kMetadataPageSize);
  w.Key("default");
  w.Int64(kMetadataPageSize);
  w.EndObject();
  w.EndObject();
  w.Key("startingAfter");
  w.RawJson(R"j({"name":"starting_after","in":"query","required":false,
"description":"Returns the items after this id (pageInfo.endCursor of the previous page; a field id for picklists).",
"schema":{"type":"string","format":"uuid"}})j");
  w.Key("endingBefore");
  w.RawJson(R"j({"name":"ending_before","in":"query","required":false,
"description":"Returns the items before this id (pageInfo.startCursor of the next page; a field id for picklists).",
"schema":{"type":"string","format":"uuid"}})j");
  w.Key("picklistObjectName");
  w.RawJson(R"j({"name":"objectName","in":"query","required":false,"x-vingt-extension":true,
"description":"Only this object's fields (its nameSingular).","schema":{"type":"string"},"example":"opportunity"})j");
  w.Key("picklistFieldName");
  w.RawJson(R"j({"name":"fieldName","in":"query","required":false,"x-vingt-extension":true,
"description":"Only the field of this name.","schema":{"type":"string"},"example":"stage"})j");
  w.Key("picklistIncludeRating");
  w.RawJson(R"j({"name":"includeRating","in":"query","required":false,"x-vingt-extension":true,
"description":"If true, RATING fields are listed too.","schema":{"type":"boolean","default":false}})j");
  w.EndObject();
}

// --- responses ---------------------------------------------------------------

// {"type": "object", "properties": {"data": {"type": "object", "properties": {"<key>": <value>}} ...
// `value_json` is spliced verbatim.
void WriteEnvelope(JsonWriter& w, std::string_view status, std::string_view key, std::string_view value_json,
                   bool list) {
  BeginJsonResponse(w, status, "Successful operation");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("data");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key(key);
  w.RawJson(value_json);
  w.EndObject();
  w.EndObject();
  if (list) {
    // Metadata list cursors are item ids.
    w.Key("pageInfo");
    w.RawJson(R"j({"type":"object","properties":{"hasNextPage":{"type":"boolean"},"hasPreviousPage":{"type":"boolean"},
"startCursor":{"type":["string","null"],"format":"uuid"},"endCursor":{"type":["string","null"],"format":"uuid"}}})j");
    w.Key("totalCount");
    WriteType(w, "integer");
  }
  w.EndObject();
  w.EndObject();
  EndJsonContent(w);
}

void WriteBareResponse(JsonWriter& w, std::string_view status, std::string_view schema_ref) {
  BeginJsonResponse(w, status, "Successful operation");
  WriteRef(w, schema_ref);
  EndJsonContent(w);
}

std::string Ref(std::string_view name) { return "#/components/schemas/" + std::string(name); }

// /objects and /fields: Twenty's legacy metadata envelope, data keyed by
// operation name (spec/metadata.md §5.3).
void WriteEnvelopedOperation(JsonWriter& w, std::string_view singular, std::string_view plural, OpenApiOperation op) {
  const std::string cap = storage::Capitalize(singular);
  const std::string cap_plural = storage::Capitalize(plural);
  const std::string one_ref = "{\"$ref\":\"" + Ref(cap + "ForResponse") + "\"}";
  const std::string many_ref = "{\"$ref\":\"" + Ref(cap_plural + "ForResponse") + "\"}";
  switch (op) {
    case OpenApiOperation::kMetadataFindMany:
      BeginOperation(w, "get", plural, "Find Many " + std::string(plural), "findMany" + cap_plural);
      WriteParameterRefs(w, {"limit", "startingAfter", "endingBefore"});
      BeginResponses(w);
      WriteEnvelope(w, "200", plural, many_ref, /*list=*/true);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kMetadataCreateOne:
      BeginOperation(w, "post", plural, "Create One " + std::string(singular), "createOne" + cap);
      WriteRefRequestBody(w, Ref(cap));
      BeginResponses(w);
      WriteEnvelope(w, "201", "createOne" + cap, one_ref, false);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kMetadataFindOne:
      BeginOperation(w, "get", plural, "Find One " + std::string(singular), "findOne" + cap);
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      WriteEnvelope(w, "200", singular, one_ref, false);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kMetadataDeleteOne:
      BeginOperation(w, "delete", plural, "Delete One " + std::string(singular), "deleteOne" + cap);
      WriteString(w, "description", "Returns what was deleted (an object without its fields).");
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      WriteEnvelope(w, "200", "deleteOne" + cap, one_ref, false);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kMetadataUpdateOne:
      BeginOperation(w, "patch", plural, "Update One " + std::string(singular), "updateOne" + cap);
      WriteParameterRefs(w, {"idPath"});
      WriteRefRequestBody(w, Ref(cap + "ForUpdate"));
      BeginResponses(w);
      WriteEnvelope(w, "200", "updateOne" + cap, one_ref, false);
      EndOperation(w, /*with_not_found=*/true);
      return;
    default:
      return;
  }
}

// /apiKeys: bare objects and a bare array, no pagination (server/rest/api_keys.h).
void WriteApiKeyOperation(JsonWriter& w, OpenApiOperation op) {
  switch (op) {
    case OpenApiOperation::kApiKeysFindMany:
      BeginOperation(w, "get", "apiKeys", "Find Many apiKeys", "findManyApiKeys");
      WriteString(w, "description", "The workspace's API keys that are not revoked.");
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("ApiKeysForResponse"));
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kApiKeysCreateOne:
      BeginOperation(w, "post", "apiKeys", "Create One apiKey", "createOneApiKey");
      WriteString(w, "description", "Creates a key; the answer carries its token, which is not shown again.");
      WriteRefRequestBody(w, Ref("ApiKey"));
      BeginResponses(w);
      WriteBareResponse(w, "201", Ref("ApiKeyForResponse"));
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kApiKeysFindOne:
      BeginOperation(w, "get", "apiKeys", "Find One apiKey", "findOneApiKey");
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("ApiKeyForResponse"));
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kApiKeysDeleteOne:
      BeginOperation(w, "delete", "apiKeys", "Delete One apiKey", "deleteOneApiKey");
      WriteString(w, "description", "Revokes the key and returns it.");
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("ApiKeyForResponse"));
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kApiKeysUpdateOne:
      BeginOperation(w, "patch", "apiKeys", "Update One apiKey", "updateOneApiKey");
      WriteParameterRefs(w, {"idPath"});
      WriteRefRequestBody(w, Ref("ApiKeyForUpdate"));
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("ApiKeyForResponse"));
      EndOperation(w, /*with_not_found=*/true);
      return;
    default:
      return;
  }
}

// /webhooks: bare objects and a bare array, no pagination (server/rest/webhooks.h).
void WriteWebhookOperation(JsonWriter& w, OpenApiOperation op) {
  switch (op) {
    case OpenApiOperation::kWebhooksFindMany:
      BeginOperation(w, "get", "webhooks", "Find Many webhooks", "findManyWebhooks");
      WriteString(w, "description", "The workspace's webhooks.");
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("WebhooksForResponse"));
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kWebhooksCreateOne:
      BeginOperation(w, "post", "webhooks", "Create One webhook", "createOneWebhook");
      WriteRefRequestBody(w, Ref("Webhook"));
      BeginResponses(w);
      WriteBareResponse(w, "201", Ref("WebhookForResponse"));
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kWebhooksFindOne:
      BeginOperation(w, "get", "webhooks", "Find One webhook", "findOneWebhook");
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("WebhookForResponse"));
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kWebhooksDeleteOne:
      BeginOperation(w, "delete", "webhooks", "Delete One webhook", "deleteOneWebhook");
      WriteString(w, "description", "Deletes the webhook; answers true.");
      WriteParameterRefs(w, {"idPath"});
      BeginResponses(w);
      BeginJsonResponse(w, "200", "Successful operation");
      w.RawJson(R"j({"type":"boolean"})j");
      EndJsonContent(w);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kWebhooksUpdateOne:
      BeginOperation(w, "patch", "webhooks", "Update One webhook", "updateOneWebhook");
      WriteParameterRefs(w, {"idPath"});
      WriteRefRequestBody(w, Ref("WebhookForUpdate"));
      BeginResponses(w);
      WriteBareResponse(w, "200", Ref("WebhookForResponse"));
      EndOperation(w, /*with_not_found=*/true);
      return;
    default:
      return;
  }
}

// /picklists: vingt extension (spec/metadata.md §7), shaped like the legacy
// metadata list envelope. Its only operation, so the path's own extension
// flag is written here too.
void WritePicklistOperation(JsonWriter& w) {
  w.Key("x-vingt-extension");
  w.Bool(true);
  BeginOperation(w, "get", "picklists", "Find Many picklists", "findManyPicklists");
  WriteString(w, "description",
              "vingt extension, not part of Twenty's API: the options of every active SELECT and MULTI_SELECT "
              "field of the active objects, one entry per field.");
  w.Key("x-vingt-extension");
  w.Bool(true);
  WriteParameterRefs(w, {"picklistObjectName", "picklistFieldName", "picklistIncludeRating", "limit",
                         "startingAfter", "endingBefore"});
  BeginResponses(w);
  WriteEnvelope(w, "200", "picklists",
                R"j({"type":"array","items":{"$ref":"#/components/schemas/PicklistForResponse"}})j", true);
  EndOperation(w, /*with_not_found=*/false);
}

// Every documented metadata route, as the route table lists them.
void WriteMetadataOperation(JsonWriter& w, const Route& route) {
  // "/rest/metadata/objects[/:id]" -> "objects"
  std::string_view resource = route.pattern.substr(std::string_view("/rest/metadata/").size());
  resource = resource.substr(0, resource.find('/'));
  switch (route.openapi) {
    case OpenApiOperation::kApiKeysFindMany:
    case OpenApiOperation::kApiKeysCreateOne:
    case OpenApiOperation::kApiKeysFindOne:
    case OpenApiOperation::kApiKeysDeleteOne:
    case OpenApiOperation::kApiKeysUpdateOne: WriteApiKeyOperation(w, route.openapi); return;
    case OpenApiOperation::kWebhooksFindMany:
    case OpenApiOperation::kWebhooksCreateOne:
    case OpenApiOperation::kWebhooksFindOne:
    case OpenApiOperation::kWebhooksDeleteOne:
    case OpenApiOperation::kWebhooksUpdateOne: WriteWebhookOperation(w, route.openapi); return;
    case OpenApiOperation::kPicklistsFindMany: WritePicklistOperation(w); return;
    default:
      WriteEnvelopedOperation(w, resource == "objects" ? "object" : "field", resource, route.openapi);
      return;
  }
}

void WriteTag(JsonWriter& w, std::string_view name, bool extension = false) {
  w.StartObject();
  WriteString(w, "name", name);
  WriteString(w, "description", "Object `" + storage::Capitalize(name) + "`");
  if (extension) {
    w.Key("x-vingt-extension");
    w.Bool(true);
  }
  w.EndObject();
}

}  // namespace

std::string MetadataDocument(const DocumentContext& ctx) {
  JsonWriter w;
  w.StartObject();
  WriteDocumentHead(w, ctx, DocumentKind::kMetadata);

  w.Key("components");
  w.StartObject();
  WriteSecuritySchemes(w);
  WriteSchemas(w);
  WriteParameters(w);
  WriteErrorResponseComponents(w);
  w.EndObject();

  WriteSecurityAndDocs(w);

  w.Key("paths");
  w.StartObject();
  WriteSelfPath(w, ctx, DocumentKind::kMetadata);
  WriteDocumentedPaths(w, InMetadataDocument, "/rest/metadata", {},
                       [&](const Route& route) { WriteMetadataOperation(w, route); });
  w.EndObject();

  w.Key("tags");
  w.StartArray();
  WriteGeneralTag(w);
  WriteTag(w, "objects");
  WriteTag(w, "fields");
  WriteTag(w, "apiKeys");
  WriteTag(w, "picklists", /*extension=*/true);
  w.EndArray();

  w.EndObject();
  return w.Take();
}

}  // namespace vingt::server::openapi

#include "server/openapi/core_document.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "server/openapi/field_schema.h"

namespace vingt::server::openapi {
namespace {

using storage::Capitalize;
using storage::ObjectSchema;
using storage::ObjectSchemaPtr;

// Twenty sorts objects with namePlural.localeCompare: letters compare
// case-insensitively first ("notes" < "noteTargets"), lower case first on a
// tie. Enough of ICU's collation for camelCase ASCII names.
bool LocaleLess(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i)
    if (lower(a[i]) != lower(b[i])) return lower(a[i]) < lower(b[i]);
  if (a.size() != b.size()) return a.size() < b.size();
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return std::islower(static_cast<unsigned char>(a[i])) != 0;
  return false;
}

// The active objects, sorted as Twenty sorts them.
std::vector<ObjectSchemaPtr> ActiveObjects(const storage::Workspace& workspace) {
  std::vector<ObjectSchemaPtr> objects;
  for (const auto& table : workspace.tables()) {
    ObjectSchemaPtr schema = table->schema();
    if (schema && schema->is_active) objects.push_back(std::move(schema));
  }
  std::stable_sort(objects.begin(), objects.end(),
                   [](const ObjectSchemaPtr& a, const ObjectSchemaPtr& b) {
                     return LocaleLess(a->name_plural, b->name_plural);
                   });
  return objects;
}

std::string SchemaRef(const ObjectSchema& o, std::string_view suffix = {}) {
  return "#/components/schemas/" + Capitalize(o.name_singular) + std::string(suffix);
}

// --- parameters ------------------------------------------------------------

// Opens "<component>": {"name", "in", "description", "required"; the caller
// writes "schema" (and "examples") and closes it.
void BeginParameter(JsonWriter& w, std::string_view component, std::string_view name, std::string_view in,
                    std::string_view description, bool required = false) {
  w.Key(component);
  w.StartObject();
  WriteString(w, "name", name);
  WriteString(w, "in", in);
  WriteString(w, "description", description);
  w.Key("required");
  w.Bool(required);
}

void WriteExamples(JsonWriter& w, std::initializer_list<std::pair<std::string_view, std::string_view>> examples) {
  w.Key("examples");
  w.StartObject();
  for (const auto& [name, value] : examples) {
    w.Key(name);
    w.StartObject();
    WriteString(w, "value", value);
    w.EndObject();
  }
  w.EndObject();
}

void WriteBooleanSchema(JsonWriter& w) {
  w.Key("schema");
  w.StartObject();
  WriteString(w, "type", "boolean");
  w.Key("default");
  w.Bool(false);
  w.EndObject();
}

void WriteParameterComponents(JsonWriter& w, const DocumentContext& ctx) {
  w.Key("parameters");
  w.StartObject();

  BeginParameter(w, "idPath", "id", "path", "Record id.", true);
  w.Key("schema");
  WriteType(w, "string", "uuid");
  w.EndObject();

  BeginParameter(w, "startingAfter", "starting_after", "query",
                 "Returns the records after this cursor (pageInfo.endCursor of the previous page).");
  w.Key("schema");
  WriteType(w, "string");
  w.EndObject();

  BeginParameter(w, "endingBefore", "ending_before", "query",
                 "Returns the records before this cursor (pageInfo.startCursor of the next page).");
  w.Key("schema");
  WriteType(w, "string");
  w.EndObject();

  BeginParameter(w, "filter", "filter", "query",
                 "Conditions `field[comparator]:value`, comma-separated (AND), nested with and(), or(), not(). "
                 "See the filter section of the document description.");
  w.Key("schema");
  WriteType(w, "string");
  WriteExamples(w, {{"simple", "city[eq]:Paris"},
                    {"compositeField", "emails.primaryEmail[eq]:ada@example.com"},
                    {"nested", "or(createdAt[gte]:\"2024-01-01\",not(deletedAt[is]:NULL))"},
                    {"pattern", "name.lastName[ilike]:\"%lace%\""}});
  w.EndObject();

  BeginParameter(w, "depth", "depth", "query",
                 "0: the records only, many-to-one relations as their id (companyId). 1: also every related "
                 "record, one level deep.");
  w.Key("schema");
  w.StartObject();
  WriteString(w, "type", "integer");
  w.Key("enum");
  w.StartArray();
  w.Int64(0);
  w.Int64(1);
  w.EndArray();
  // Twenty's document says 1, its parser uses 0 (spec/rest-core.md §3.2):
  // vingt documents what it does.
  w.Key("default");
  w.Int64(0);
  w.EndObject();
  w.EndObject();

  BeginParameter(w, "upsert", "upsert", "query",
                 "If true, a record that matches an existing one by id or by a unique field updates it instead "
                 "of being created.");
  WriteBooleanSchema(w);
  w.EndObject();

  BeginParameter(w, "softDelete", "soft_delete", "query",
                 "If true, records are moved to the trash (deletedAt is set) and can be restored; otherwise they "
                 "are deleted for good.");
  WriteBooleanSchema(w);
  w.EndObject();

  BeginParameter(w, "orderBy", "order_by", "query",
                 "`field1,field2[DIRECTION]` with AscNullsFirst (default), AscNullsLast, DescNullsFirst or "
                 "DescNullsLast; `field.subField` for composite fields.");
  w.Key("schema");
  WriteType(w, "string");
  WriteExamples(w, {{"simple", "createdAt"}, {"complex", "position[DescNullsLast],name.lastName"}});
  w.EndObject();

  BeginParameter(w, "limit", "limit", "query",
                 "Page size. Larger values are lowered to the maximum.");
  w.Key("schema");
  w.StartObject();
  WriteString(w, "type", "integer");
  w.Key("minimum");
  w.Uint64(0);
  w.Key("maximum");
  w.Uint64(ctx.max_page_size);
  w.Key("default");
  w.Uint64(ctx.default_page_size);
  w.EndObject();
  w.EndObject();

  BeginParameter(w, "fields", "fields", "query",
                 "Comma-separated field names to return (default: every readable field).");
  w.Key("schema");
  WriteType(w, "string");
  WriteExamples(w, {{"simple", "id,name,emails"}});
  w.EndObject();

  w.EndObject();
}

// --- responses ---------------------------------------------------------------

enum class Payload { kRecord, kRecords, kId, kIds };

void WriteIdObject(JsonWriter& w) {
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("id");
  WriteType(w, "string", "uuid");
  w.EndObject();
  w.EndObject();
}

void WritePayload(JsonWriter& w, Payload payload, const std::string& ref) {
  switch (payload) {
    case Payload::kRecord: WriteRef(w, ref); return;
    case Payload::kId: WriteIdObject(w); return;
    case Payload::kRecords:
    case Payload::kIds:
      w.StartObject();
      WriteString(w, "type", "array");
      w.Key("items");
      if (payload == Payload::kRecords) {
        WriteRef(w, ref);
      } else {
        WriteIdObject(w);
      }
      w.EndObject();
      return;
  }
}

// Cursors of record lists are opaque strings (base64 JSON), null on an
// empty page.
void WritePageInfo(JsonWriter& w) {
  w.Key("pageInfo");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("hasNextPage");
  WriteType(w, "boolean");
  w.Key("hasPreviousPage");
  WriteType(w, "boolean");
  w.Key("startCursor");
  WriteNullableType(w, "string");
  w.Key("endCursor");
  WriteNullableType(w, "string");
  w.EndObject();
  w.EndObject();
}

// "<status>": {"data": {"<key>": payload}} (+ totalCount and pageInfo for a list).
void WriteDataResponse(JsonWriter& w, std::string_view status, std::string_view key, Payload payload,
                       const std::string& ref, bool list = false) {
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
  WritePayload(w, payload, ref);
  w.EndObject();
  w.EndObject();
  if (list) {
    w.Key("totalCount");
    WriteType(w, "integer");
    WritePageInfo(w);
  }
  w.EndObject();
  w.EndObject();
  EndJsonContent(w);
}

void WriteDuplicatesResponse(JsonWriter& w, const ObjectSchema& o) {
  BeginJsonResponse(w, "200", "Successful operation");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("data");
  w.StartObject();
  WriteString(w, "type", "array");
  WriteString(w, "description", "One entry per id or record of the request, in order.");
  w.Key("items");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key(o.name_singular + "Duplicates");
  WritePayload(w, Payload::kRecords, SchemaRef(o, "ForResponse"));
  w.Key("totalCount");
  WriteType(w, "integer");
  WritePageInfo(w);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  EndJsonContent(w);
}

// --- request bodies ------------------------------------------------------------

void WriteArrayRequestBody(JsonWriter& w, const std::string& item_ref) {
  BeginRequestBody(w, /*described=*/false);
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteRef(w, item_ref);
  w.EndObject();
  EndJsonContent(w);
}

void WriteUuidArray(JsonWriter& w, std::string_view description = {}) {
  w.StartObject();
  WriteString(w, "type", "array");
  if (!description.empty()) WriteString(w, "description", description);
  w.Key("items");
  WriteType(w, "string", "uuid");
  w.EndObject();
}

// Opens "requestBody": {..., "schema": { "type": "object"; the caller writes
// the rest of the schema, then EndInlineBody().
void BeginInlineBody(JsonWriter& w) {
  BeginRequestBody(w, /*described=*/true);
  w.StartObject();
  WriteString(w, "type", "object");
}

void EndInlineBody(JsonWriter& w) {
  w.EndObject();  // schema
  EndJsonContent(w);
}

void WriteDuplicatesRequestBody(JsonWriter& w, const ObjectSchema& o) {
  BeginInlineBody(w);
  WriteString(w, "description", "Either the ids of existing records, or records that may not exist yet.");
  w.Key("properties");
  w.StartObject();
  w.Key("data");
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteRef(w, SchemaRef(o));
  w.EndObject();
  w.Key("ids");
  WriteUuidArray(w);
  w.EndObject();
  w.Key("example");
  w.RawJson(R"({"ids":["0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]})");
  EndInlineBody(w);
}

void WriteMergeRequestBody(JsonWriter& w) {
  BeginInlineBody(w);
  w.Key("properties");
  w.StartObject();
  w.Key("ids");
  WriteUuidArray(w, "The records to merge (2 to 9).");
  w.Key("conflictPriorityIndex");
  w.StartObject();
  WriteString(w, "type", "integer");
  WriteString(w, "description",
              "Index in ids of the record that survives and whose values win conflicts.");
  w.EndObject();
  w.Key("dryRun");
  w.StartObject();
  WriteString(w, "type", "boolean");
  WriteString(w, "description", "If true, returns the merged record without changing anything.");
  w.Key("default");
  w.Bool(false);
  w.EndObject();
  w.EndObject();
  w.Key("required");
  w.StartArray();
  w.String("ids");
  w.String("conflictPriorityIndex");
  w.EndArray();
  w.Key("example");
  w.RawJson(
      R"({"ids":["0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b","5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],)"
      R"("conflictPriorityIndex":0,"dryRun":false})");
  EndInlineBody(w);
}

// --- paths ---------------------------------------------------------------------

// One documented operation of the route table (server/route_table.cpp) for
// object `o`. The table decides which operations exist, their paths and
// their order; this decides what the document says of each.
void WriteRecordOperation(JsonWriter& w, const ObjectSchema& o, OpenApiOperation op) {
  const std::string& plural = o.name_plural;
  const std::string& singular = o.name_singular;
  const std::string cap_plural = Capitalize(plural);
  const std::string cap_singular = Capitalize(singular);
  const std::string response_ref = SchemaRef(o, "ForResponse");

  switch (op) {
    case OpenApiOperation::kFindMany:
      BeginOperation(w, "get", plural, "Find Many " + plural, "findMany" + cap_plural);
      WriteString(w, "description",
                  "Lists " + plural + ": filter, order_by and limit select and sort them, starting_after / "
                  "ending_before page through them, depth=1 nests related records.");
      WriteParameterRefs(w, {"orderBy", "filter", "limit", "depth", "startingAfter", "endingBefore", "fields"});
      BeginResponses(w);
      WriteDataResponse(w, "200", plural, Payload::kRecords, response_ref, /*list=*/true);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kCreateOne:
      BeginOperation(w, "post", plural, "Create One " + singular, "createOne" + cap_singular);
      WriteParameterRefs(w, {"depth", "upsert", "fields"});
      WriteRefRequestBody(w, SchemaRef(o));
      BeginResponses(w);
      WriteDataResponse(w, "201", "create" + cap_singular, Payload::kRecord, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kDeleteMany:
      BeginOperation(w, "delete", plural, "Delete Many " + plural, "deleteMany" + cap_plural);
      WriteString(w, "description", "Deletes every record that matches filter, which is mandatory.");
      WriteParameterRefs(w, {"filter", "softDelete"});
      BeginResponses(w);
      WriteDataResponse(w, "200", "delete" + cap_plural, Payload::kIds, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kUpdateMany:
      BeginOperation(w, "patch", plural, "Update Many " + plural, "updateMany" + cap_plural);
      WriteString(w, "description", "Applies the body to every record that matches filter.");
      WriteParameterRefs(w, {"depth", "filter", "fields"});
      WriteRefRequestBody(w, SchemaRef(o, "ForUpdate"));
      BeginResponses(w);
      WriteDataResponse(w, "200", "update" + cap_plural, Payload::kRecords, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kCreateMany:
      BeginOperation(w, "post", plural, "Create Many " + plural, "createMany" + cap_plural);
      WriteParameterRefs(w, {"depth", "upsert", "fields"});
      WriteArrayRequestBody(w, SchemaRef(o));
      BeginResponses(w);
      WriteDataResponse(w, "201", "create" + cap_plural, Payload::kRecords, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kFindOne:
      BeginOperation(w, "get", plural, "Find One " + singular, "findOne" + cap_singular);
      WriteParameterRefs(w, {"idPath", "depth", "fields"});
      BeginResponses(w);
      WriteDataResponse(w, "200", singular, Payload::kRecord, response_ref);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kDeleteOne:
      BeginOperation(w, "delete", plural, "Delete One " + singular, "deleteOne" + cap_singular);
      WriteParameterRefs(w, {"idPath", "softDelete"});
      BeginResponses(w);
      WriteDataResponse(w, "200", "delete" + cap_singular, Payload::kId, response_ref);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kUpdateOne:
      // "UpdateOne" with a capital U: Twenty's operationId, kept for generated clients.
      BeginOperation(w, "patch", plural, "Update One " + singular, "UpdateOne" + cap_singular);
      WriteParameterRefs(w, {"idPath", "depth", "fields"});
      WriteRefRequestBody(w, SchemaRef(o, "ForUpdate"));
      BeginResponses(w);
      WriteDataResponse(w, "200", "update" + cap_singular, Payload::kRecord, response_ref);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kFindDuplicates:
      BeginOperation(w, "post", plural, "Find " + singular + " Duplicates", "find" + cap_singular + "Duplicates");
      WriteString(w, "description",
                  "Finds the records that duplicate the given ones, by the object's duplicate criteria.");
      WriteParameterRefs(w, {"depth", "fields"});
      WriteDuplicatesRequestBody(w, o);
      BeginResponses(w);
      WriteDuplicatesResponse(w, o);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kRestoreOne:
      BeginOperation(w, "patch", plural, "Restore One " + singular, "restoreOne" + cap_singular);
      WriteParameterRefs(w, {"idPath", "depth", "fields"});
      BeginResponses(w);
      WriteDataResponse(w, "200", "restore" + cap_singular, Payload::kRecord, response_ref);
      EndOperation(w, /*with_not_found=*/true);
      return;
    case OpenApiOperation::kRestoreMany:
      BeginOperation(w, "patch", plural, "Restore Many " + plural, "restoreMany" + cap_plural);
      WriteParameterRefs(w, {"filter", "depth", "fields"});
      BeginResponses(w);
      WriteDataResponse(w, "200", "restore" + cap_plural, Payload::kRecords, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    case OpenApiOperation::kMergeMany:
      // The response key is merge<Singular>, as the REST API answers
      // (Twenty's document says merge<Plural>, the GraphQL name).
      BeginOperation(w, "patch", plural, "Merge Many " + plural, "mergeMany" + cap_plural);
      WriteParameterRefs(w, {"depth", "fields"});
      WriteMergeRequestBody(w);
      BeginResponses(w);
      WriteDataResponse(w, "200", "merge" + cap_singular, Payload::kRecord, response_ref);
      EndOperation(w, /*with_not_found=*/false);
      return;
    default:
      return;
  }
}

void WriteObjectPaths(JsonWriter& w, const ObjectSchema& o) {
  WriteDocumentedPaths(w, InCoreDocument, "/rest", o.name_plural,
                       [&](const Route& route) { WriteRecordOperation(w, o, route.openapi); });
}

// --- webhooks --------------------------------------------------------------------

void WriteHeaderParameter(JsonWriter& w, std::string_view name, std::string_view description) {
  w.StartObject();
  WriteString(w, "in", "header");
  WriteString(w, "name", name);
  w.Key("schema");
  WriteType(w, "string");
  WriteString(w, "description", description);
  w.Key("required");
  w.Bool(false);
  w.EndObject();
}

void WriteExampleString(JsonWriter& w, std::string_view key, std::string_view example,
                        std::string_view format = {}) {
  w.Key(key);
  w.StartObject();
  WriteString(w, "type", "string");
  if (!format.empty()) WriteString(w, "format", format);
  WriteString(w, "example", example);
  w.EndObject();
}

// "<Singular> <Action>": the POST a webhook receives for this event
// (spec/auth-errors-limits.md §4.3-4.4).
void WriteWebhook(JsonWriter& w, const ObjectSchema& o, const std::string& workspace_id, std::string_view action) {
  std::string cap_action(action);
  cap_action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cap_action[0])));
  w.Key(Capitalize(o.name_singular) + " " + cap_action);
  w.StartObject();
  w.Key("post");
  w.StartObject();
  w.Key("tags");
  w.StartArray();
  w.String(o.name_singular);
  w.EndArray();
  w.Key("security");
  w.StartArray();
  w.EndArray();
  w.Key("parameters");
  w.StartArray();
  WriteHeaderParameter(w, "X-Twenty-Webhook-Signature",
                       "Lower-case hex HMAC-SHA256, keyed with the webhook's secret, of the timestamp header, a "
                       "colon and the raw request body. Sent only when the webhook has a secret.");
  WriteHeaderParameter(w, "X-Twenty-Webhook-Timestamp",
                       "When the delivery was signed, in milliseconds since the Unix epoch; part of the signed text.");
  WriteHeaderParameter(w, "X-Twenty-Webhook-Nonce",
                       "Unique per delivery; a receiver that has seen it before should drop the request.");
  w.EndArray();
  w.Key("requestBody");
  w.StartObject();
  BeginJsonContent(w);
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  WriteExampleString(w, "targetUrl", "https://example.com/incomingWebhook");
  WriteExampleString(w, "eventName", o.name_singular + "." + std::string(action));
  w.Key("objectMetadata");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  WriteExampleString(w, "id", o.id.ToString(), "uuid");
  w.Key("nameSingular");
  w.StartObject();
  WriteString(w, "type", "string");
  w.Key("enum");
  w.StartArray();
  w.String(o.name_singular);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  WriteExampleString(w, "workspaceId", workspace_id, "uuid");
  WriteExampleString(w, "userId", "170ba418-85a2-4f91-8565-9cd714c6703a", "uuid");
  WriteExampleString(w, "workspaceMemberId", "9062a1e3-e066-49ba-8c4a-d869b6a0ca12", "uuid");
  WriteExampleString(w, "webhookId", "90056586-1228-4e03-a507-70140aa85c05", "uuid");
  WriteExampleString(w, "eventDate", "2025-01-31T09:30:00.000Z", "date-time");
  w.Key("record");
  WriteRef(w, SchemaRef(o, "ForResponse"));
  if (action == "updated") {
    w.Key("updatedFields");
    w.StartObject();
    WriteString(w, "type", "array");
    w.Key("items");
    WriteType(w, "string");
    w.EndObject();
  }
  w.EndObject();  // properties
  w.EndObject();  // schema
  EndJsonContent(w);
  w.Key("responses");
  w.StartObject();
  w.Key("200");
  w.StartObject();
  WriteString(w, "description", "Answer with any 2xx status to acknowledge the delivery.");
  w.EndObject();
  w.EndObject();
  w.EndObject();  // post
  w.EndObject();  // path item
}

}  // namespace

std::string CoreDocument(const DocumentContext& ctx, const storage::Workspace& workspace) {
  const std::vector<ObjectSchemaPtr> objects = ActiveObjects(workspace);
  DocumentedObjects documented;
  for (const auto& o : objects) documented.insert(o->name_singular);
  const std::string workspace_id = workspace.id().ToString();

  JsonWriter w;
  w.StartObject();
  WriteDocumentHead(w, ctx, DocumentKind::kCore);

  w.Key("components");
  w.StartObject();
  WriteSecuritySchemes(w);
  w.Key("schemas");
  w.StartObject();
  for (const auto& o : objects) {
    const std::string cap = Capitalize(o->name_singular);
    w.Key(cap);
    WriteRecordSchema(w, *o, RecordSchemaKind::kCreate, documented);
    w.Key(cap + "ForUpdate");
    WriteRecordSchema(w, *o, RecordSchemaKind::kUpdate, documented);
    w.Key(cap + "ForResponse");
    WriteRecordSchema(w, *o, RecordSchemaKind::kResponse, documented);
  }
  w.EndObject();
  WriteParameterComponents(w, ctx);
  WriteErrorResponseComponents(w);
  w.EndObject();  // components

  WriteSecurityAndDocs(w);

  w.Key("paths");
  w.StartObject();
  WriteSelfPath(w, ctx, DocumentKind::kCore);
  for (const auto& o : objects) WriteObjectPaths(w, *o);
  w.EndObject();

  w.Key("webhooks");
  w.StartObject();
  for (const auto& o : objects)
    for (std::string_view action : {"created", "updated", "deleted"}) WriteWebhook(w, *o, workspace_id, action);
  w.EndObject();

  w.Key("tags");
  w.StartArray();
  WriteGeneralTag(w);
  for (const auto& o : objects) {
    w.StartObject();
    WriteString(w, "name", o->name_plural);
    WriteString(w, "description", "Object `" + Capitalize(o->name_plural) + "`");
    w.EndObject();
  }
  w.EndArray();

  w.EndObject();
  return w.Take();
}

}  // namespace vingt::server::openapi

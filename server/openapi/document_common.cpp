#include "server/openapi/document_common.h"

#include <cctype>

namespace vingt::server::openapi {
namespace {

// Twenty's base document says "v0.1" (API_Version in base-schema.utils.ts);
// clients that compare it see the same value.
constexpr std::string_view kApiVersion = "v0.1";

std::string Description(const DocumentContext& ctx) {
  std::string d =
      "REST API of this workspace, described with OpenAPI 3.1. The paths and schemas are generated from the "
      "workspace's current objects and fields, custom ones included.\n\n"
      "## Authentication\n\n"
      "Send an API key of the workspace in the `Authorization` header: `Authorization: Bearer <token>`. "
      "Treat keys as secrets and keep them out of URLs.\n\n"
      "## Filters\n\n"
      "`filter=field[comparator]:value`. Conditions separated by commas must all hold (AND). "
      "`field.subField` reaches into composite fields (`emails.primaryEmail`, `name.firstName`). "
      "Comparators: `eq`, `neq`, `in`, `containsAny`, `containsExactly`, `is`, `gt`, `gte`, `lt`, `lte`, "
      "`startsWith`, `endsWith`, `like`, `ilike` (`%` is the wildcard of `like`/`ilike`). "
      "`and(...)`, `or(...)` and `not(...)` (one condition) nest. Quote strings and dates, not numbers; "
      "`field[is]:NULL` and `field[is]:NOT_NULL` test for null; `in` takes a list: `id[in]:[\"a\",\"b\"]`.\n\n"
      "## Pagination and ordering\n\n"
      "Lists are cut into pages by cursor: `limit` sets the page size (default ";
  d += std::to_string(ctx.default_page_size);
  d += ", at most ";
  d += std::to_string(ctx.max_page_size);
  d +=
      "), `starting_after=<pageInfo.endCursor>` fetches the next page and "
      "`ending_before=<pageInfo.startCursor>` the previous one; `pageInfo.hasNextPage` tells whether more "
      "records follow. `order_by=field1,field2[DescNullsLast]` sorts; directions are `AscNullsFirst` "
      "(the default), `AscNullsLast`, `DescNullsFirst` and `DescNullsLast`; `id` breaks ties.\n";
  return d;
}

}  // namespace

std::string ServerUrlFromHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return {};
  for (char c : host) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == ':' ||
              c == '[' || c == ']';
    if (!ok) return {};
  }
  return "http://" + std::string(host);
}

void WriteString(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key);
  w.String(value);
}

void WriteRef(JsonWriter& w, std::string_view target) {
  w.StartObject();
  WriteString(w, "$ref", target);
  w.EndObject();
}

void WriteType(JsonWriter& w, std::string_view type, std::string_view format) {
  w.StartObject();
  WriteString(w, "type", type);
  if (!format.empty()) WriteString(w, "format", format);
  w.EndObject();
}

void WriteNullableType(JsonWriter& w, std::string_view type, std::string_view format) {
  w.StartObject();
  w.Key("type");
  w.StartArray();
  w.String(type);
  w.String("null");
  w.EndArray();
  if (!format.empty()) WriteString(w, "format", format);
  w.EndObject();
}

void WriteDocumentHead(JsonWriter& w, const DocumentContext& ctx, DocumentKind kind) {
  // Twenty emits 3.1.1; openapi-spec-validator accepts it.
  WriteString(w, "openapi", "3.1.1");
  w.Key("info");
  w.StartObject();
  WriteString(w, "title", "Twenty Api");
  WriteString(w, "description", Description(ctx));
  WriteString(w, "version", kApiVersion);
  w.EndObject();
  w.Key("servers");
  w.StartArray();
  w.StartObject();
  // Core: "<server>/rest/" (trailing slash, as Twenty); metadata: "<server>/rest/metadata".
  WriteString(w, "url", ctx.server_url + (kind == DocumentKind::kCore ? "/rest/" : "/rest/metadata"));
  WriteString(w, "description", "Production Development");
  w.EndObject();
  w.EndArray();
}

void WriteSecuritySchemes(JsonWriter& w) {
  w.Key("securitySchemes");
  w.StartObject();
  w.Key("bearerAuth");
  w.StartObject();
  WriteString(w, "type", "http");
  WriteString(w, "scheme", "bearer");
  WriteString(w, "bearerFormat", "JWT");
  WriteString(w, "description", "An API key of the workspace, sent as `Authorization: Bearer <token>`.");
  w.EndObject();
  w.EndObject();
}

void WriteSecurityAndDocs(JsonWriter& w) {
  w.Key("security");
  w.StartArray();
  w.StartObject();
  w.Key("bearerAuth");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.Key("externalDocs");
  w.StartObject();
  WriteString(w, "description", "Twenty, the CRM whose API this server implements");
  WriteString(w, "url", "https://twenty.com");
  w.EndObject();
}

void WriteSelfPath(JsonWriter& w, const DocumentContext& ctx, DocumentKind kind) {
  const bool core = kind == DocumentKind::kCore;
  w.Key(core ? "/open-api/core" : "/open-api/metadata");
  w.StartObject();
  BeginOperation(w, "get", "General", "Get Open Api Schema", "GetOpenApiSchema");
  WriteString(w, "description",
              core ? "This document. Without a valid API key only the base document is returned; with one, the "
                     "complete document of the key's workspace. Also served at /rest/open-api/core."
                   : "This document. Without a valid API key only the base document is returned; with one, the "
                     "complete document. Also served at /rest/open-api/metadata.");
  // The document lives outside /rest: the operation overrides the servers.
  w.Key("servers");
  w.StartArray();
  w.StartObject();
  WriteString(w, "url", ctx.server_url.empty() ? "/" : ctx.server_url);
  w.EndObject();
  w.EndArray();
  w.Key("security");  // public route; a key only makes the document complete
  w.StartArray();
  w.StartObject();
  w.EndObject();
  w.StartObject();
  w.Key("bearerAuth");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  BeginResponses(w);
  BeginJsonResponse(w, "200", "Successful operation");
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("openapi");
  WriteType(w, "string");
  w.Key("info");
  WriteType(w, "object");
  w.Key("servers");
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteType(w, "object");
  w.EndObject();
  w.Key("components");
  WriteType(w, "object");
  w.Key("paths");
  WriteType(w, "object");
  w.Key("webhooks");
  WriteType(w, "object");
  w.Key("tags");
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteType(w, "object");
  w.EndObject();
  w.EndObject();
  w.EndObject();
  EndJsonContent(w);
  w.EndObject();  // responses
  w.EndObject();  // get
  w.EndObject();  // path item
}

void WriteGeneralTag(JsonWriter& w) {
  w.StartObject();
  WriteString(w, "name", "General");
  WriteString(w, "description", "General requests");
  w.EndObject();
}

std::string BaseDocument(const DocumentContext& ctx, DocumentKind kind) {
  JsonWriter w;
  w.StartObject();
  WriteDocumentHead(w, ctx, kind);
  w.Key("components");
  w.StartObject();
  WriteSecuritySchemes(w);
  w.EndObject();
  WriteSecurityAndDocs(w);
  w.Key("paths");
  w.StartObject();
  WriteSelfPath(w, ctx, kind);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

namespace {

// {"type": "object", "properties": {"statusCode", "error", "messages", "code"}, "example": ...}:
// the REST error body (spec/rest-core.md §10), which vingt also uses for
// authentication failures.
void WriteErrorBodySchema(JsonWriter& w, int status, std::string_view error, std::string_view message) {
  w.StartObject();
  WriteString(w, "type", "object");
  w.Key("properties");
  w.StartObject();
  w.Key("statusCode");
  WriteType(w, "number");
  w.Key("error");
  WriteType(w, "string");
  w.Key("messages");
  w.StartObject();
  WriteString(w, "type", "array");
  w.Key("items");
  WriteType(w, "string");
  w.EndObject();
  w.Key("code");
  WriteType(w, "string");
  w.EndObject();
  w.Key("example");
  w.StartObject();
  w.Key("statusCode");
  w.Int64(status);
  WriteString(w, "error", error);
  w.Key("messages");
  w.StartArray();
  w.String(message);
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

}  // namespace

void WriteErrorResponseComponents(JsonWriter& w) {
  w.Key("responses");
  w.StartObject();
  BeginJsonResponse(w, "400", "Bad Request");
  WriteErrorBodySchema(w, 400, "BadRequestException", "limit 'x' is invalid. Should be an integer");
  EndJsonContent(w);
  BeginJsonResponse(w, "401", "Unauthorized");
  WriteErrorBodySchema(w, 401, "UNAUTHENTICATED", "Token invalid.");
  EndJsonContent(w);
  BeginJsonResponse(w, "404", "Not Found");
  WriteErrorBodySchema(w, 404, "NotFoundException", "Record not found");
  EndJsonContent(w);
  w.EndObject();
}

void WriteParameterRefs(JsonWriter& w, std::initializer_list<std::string_view> names) {
  w.Key("parameters");
  w.StartArray();
  for (std::string_view name : names) WriteRef(w, "#/components/parameters/" + std::string(name));
  w.EndArray();
}

void BeginResponses(JsonWriter& w) {
  w.Key("responses");
  w.StartObject();
}

void EndOperation(JsonWriter& w, bool with_not_found) {
  for (std::string_view status : {"400", "401", "404"}) {
    if (status == "404" && !with_not_found) break;
    w.Key(status);
    WriteRef(w, "#/components/responses/" + std::string(status));
  }
  w.EndObject();  // responses
  w.EndObject();  // operation
}

void BeginRequestBody(JsonWriter& w, bool described) {
  w.Key("requestBody");
  w.StartObject();
  if (described) WriteString(w, "description", "body");
  w.Key("required");
  w.Bool(true);
  BeginJsonContent(w);
}

void WriteRefRequestBody(JsonWriter& w, std::string_view schema_ref) {
  BeginRequestBody(w, /*described=*/true);
  WriteRef(w, schema_ref);
  EndJsonContent(w);
}

void BeginOperation(JsonWriter& w, std::string_view method, std::string_view tag, std::string_view summary,
                    std::string_view operation_id) {
  w.Key(method);
  w.StartObject();
  w.Key("tags");
  w.StartArray();
  w.String(tag);
  w.EndArray();
  WriteString(w, "summary", summary);
  if (!operation_id.empty()) WriteString(w, "operationId", operation_id);
}

void BeginJsonContent(JsonWriter& w) {
  w.Key("content");
  w.StartObject();
  w.Key("application/json");
  w.StartObject();
  w.Key("schema");
}

void EndJsonContent(JsonWriter& w) {
  w.EndObject();  // application/json
  w.EndObject();  // content
  w.EndObject();  // the response or request body
}

void BeginJsonResponse(JsonWriter& w, std::string_view status, std::string_view description) {
  w.Key(status);
  w.StartObject();
  WriteString(w, "description", description);
  BeginJsonContent(w);
}

std::string DocumentedPath(std::string_view pattern, std::string_view prefix, std::string_view plural) {
  if (pattern.starts_with(prefix)) pattern.remove_prefix(prefix.size());
  std::string path;
  size_t start = 0;
  while (start < pattern.size()) {
    size_t end = pattern.find('/', start + 1);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view segment = pattern.substr(start, end - start);  // "/name" or "/:param"
    if (segment == "/:plural") {
      path += '/';
      path += plural;
    } else if (segment.starts_with("/:")) {
      path += "/{";
      path += segment.substr(2);
      path += '}';
    } else {
      path += segment;
    }
    start = end;
  }
  return path;
}

}  // namespace vingt::server::openapi

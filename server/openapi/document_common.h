// Pieces shared by the two OpenAPI documents vingt serves (spec/metadata.md
// §8): the base document Twenty returns to anonymous callers, the shared
// components (security scheme, error responses) and small writers for the
// JSON Schema / OpenAPI objects that recur in both.
//
// Structure follows Twenty's open-api module (base-schema.utils.ts,
// get-error-responses.utils.ts, path.utils.ts); texts are our own.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "common/twenty_limits.h"
#include "protocol/json_write.h"
#include "server/route_table.h"

namespace vingt::server::openapi {

using protocol::JsonWriter;

enum class DocumentKind { kCore, kMetadata };

// What a document depends on besides the workspace's metadata.
struct DocumentContext {
  // "http://<Host header>", or "" when the request carried no usable Host
  // (then server URLs are relative: "/rest/").
  std::string server_url;
  // The record API's page size and cap (server/api_context.h ApiLimits).
  size_t default_page_size = twenty::kQueryDefaultLimitRecords;
  size_t max_page_size = twenty::kQueryMaxRecords;
};

// "http://" + host if `host` looks like a host[:port] (letters, digits,
// '.', '-', '_', ':', '[', ']'); "" otherwise.
std::string ServerUrlFromHost(std::string_view host);

// The document an anonymous caller gets: info, servers, security scheme
// and the one path describing the document itself.
std::string BaseDocument(const DocumentContext& ctx, DocumentKind kind);

// Members of the top-level object, in the order Twenty writes them.
// "openapi", "info", "servers".
void WriteDocumentHead(JsonWriter& w, const DocumentContext& ctx, DocumentKind kind);
// "securitySchemes": {...} (inside "components").
void WriteSecuritySchemes(JsonWriter& w);
// "security" and "externalDocs".
void WriteSecurityAndDocs(JsonWriter& w);
// "/open-api/<core|metadata>": {...} (inside "paths").
void WriteSelfPath(JsonWriter& w, const DocumentContext& ctx, DocumentKind kind);
// "responses": {"400", "401", "404"} (inside "components").
void WriteErrorResponseComponents(JsonWriter& w);
// {"name": "General", ...}: the tag of the self path (inside "tags").
void WriteGeneralTag(JsonWriter& w);

// Small writers. Each writes one complete value unless it says otherwise.
void WriteString(JsonWriter& w, std::string_view key, std::string_view value);  // member
void WriteRef(JsonWriter& w, std::string_view target);                          // {"$ref": target}
void WriteType(JsonWriter& w, std::string_view type, std::string_view format = {});
// {"type": ["<type>", "null"]} (+ format): a nullable value in the 3.1 dialect.
void WriteNullableType(JsonWriter& w, std::string_view type, std::string_view format = {});
// "parameters": [{"$ref": "#/components/parameters/<name>"}, ...] (member).
void WriteParameterRefs(JsonWriter& w, std::initializer_list<std::string_view> names);
// "requestBody": {"description": "body", "required": true, "content": {"application/json": {"schema": $ref}}}.
void WriteRefRequestBody(JsonWriter& w, std::string_view schema_ref);
// Opens "requestBody": {["description": "body",] "required": true, "content":
// {"application/json": {"schema": ... the caller writes the schema value,
// then calls EndJsonContent().
void BeginRequestBody(JsonWriter& w, bool described);
// Opens "<method>": {"tags": [tag], "summary": ..., "operationId": ...}; the
// caller writes the rest of the operation up to its responses.
void BeginOperation(JsonWriter& w, std::string_view method, std::string_view tag, std::string_view summary,
                    std::string_view operation_id);
// Opens "responses": {; the caller writes the success response(s), then
// EndOperation() adds the "400"/"401" (and "404") refs to the error responses
// and closes "responses" and the operation.
void BeginResponses(JsonWriter& w);
void EndOperation(JsonWriter& w, bool with_not_found);
// Opens "<status>": {"description": ..., "content": {"application/json": {"schema": ...
// the caller writes the schema value, then calls EndJsonContent().
void BeginJsonResponse(JsonWriter& w, std::string_view status, std::string_view description);
// "content": {"application/json": {"schema": ... opened, and closed with the
// object that holds it (a response or a request body).
void BeginJsonContent(JsonWriter& w);
void EndJsonContent(JsonWriter& w);

// A route's path as a document names it: `pattern` without `prefix` (the
// document's server URL ends with it), ":plural" as `plural`, ":id" as "{id}".
std::string DocumentedPath(std::string_view pattern, std::string_view prefix, std::string_view plural);

// The "paths" entries of the routes `in_document` selects, in route-table
// order: one path object per documented path, `write_operation(route)` for
// each of its operations.
template <typename WriteOperation>
void WriteDocumentedPaths(JsonWriter& w, bool (*in_document)(OpenApiOperation), std::string_view prefix,
                          std::string_view plural, WriteOperation&& write_operation) {
  std::string open;
  for (const Route& route : RouteTable()) {
    if (!in_document(route.openapi)) continue;
    std::string path = DocumentedPath(route.pattern, prefix, plural);
    if (path != open) {
      if (!open.empty()) w.EndObject();
      w.Key(path);
      w.StartObject();
      open = std::move(path);
    }
    write_operation(route);
  }
  if (!open.empty()) w.EndObject();
}

}  // namespace vingt::server::openapi

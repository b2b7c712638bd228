#include "server/rest/metadata_objects.h"

#include "protocol/json_write.h"
#include "server/rest/record_common.h"
#include "server/metadata/commit.h"
#include "server/metadata/inputs.h"
#include "server/metadata/metadata_json.h"
#include "server/metadata/planner.h"
#include "server/metadata/rest_list.h"
#include "server/api_errors.h"

namespace vingt::server::rest {
namespace {

using metadata::Objects;
using protocol::HttpResponse;
using storage::ObjectSchema;
using storage::Uuid;

// {"data":{"<key>": object}}, or the object alone in the new format.
HttpResponse ObjectEnvelope(metadata::MetadataFormat format, int status, std::string_view key, const Objects& objects,
                            const ObjectSchema& object, bool with_fields = true) {
  return metadata::DataEnvelope(
      status, key, [&](protocol::JsonWriter& w) { metadata::WriteObjectJson(w, objects, object, with_fields); },
      format);
}

// The object a path segment names: an id (either case), or a nameSingular
// or namePlural. Sets *bad_uuid when the segment is neither.
const ObjectSchema* ResolveObjectSegment(const Objects& objects, std::string_view segment, bool* bad_uuid) {
  *bad_uuid = false;
  if (auto id = Uuid::Parse(segment)) return metadata::FindObjectById(objects, *id);
  if (const ObjectSchema* o = metadata::FindObjectBySingular(objects, segment)) return o;
  if (const ObjectSchema* o = metadata::FindObjectByPlural(objects, segment)) return o;
  *bad_uuid = true;
  return nullptr;
}

HttpResponse ObjectNotFound(std::string_view segment) {
  return RestErrorFromStatus(Status::NotFound("Object metadata with id " + std::string(segment) + " not found")
                                 .WithDetailCode("OBJECT_METADATA_NOT_FOUND"));
}

}  // namespace

HttpResponse UnknownMetadataPath(const protocol::HttpRequest& request) {
  std::string_view path = request.path;
  constexpr std::string_view kPrefix = "/rest/metadata/";
  if (!path.starts_with(kPrefix))
    return BadRequest("Query path '" + request.path +
                      "' invalid. Valid examples: /rest/metadata/fields or /rest/metadata/objects/id");
  std::string_view rest = path.substr(kPrefix.size());
  std::string_view first = rest.substr(0, rest.find('/'));
  return BadRequest("Query path '" + request.path + "' invalid. Metadata path \"" + std::string(first) +
                    "\" does not exist. Valid examples: /rest/metadata/fields or /rest/metadata/objects or "
                    "/rest/metadata/relations");
}

asio::awaitable<HttpResponse> ListMetadataObjects(ServerState& state, CallContext& call) {
  metadata::PageRequest request;
  if (auto err = metadata::ParsePageRequest(call, &request)) co_return *err;
  Objects objects = call.workspace->Objects();
  co_return metadata::PagedList(
      "objects", objects, request, [](const storage::ObjectSchemaPtr& o) { return o->id; },
      [&](protocol::JsonWriter& w, const storage::ObjectSchemaPtr& o) { metadata::WriteObjectJson(w, objects, *o); },
      metadata::FormatOf(call));
}

asio::awaitable<HttpResponse> GetMetadataObject(ServerState& state, CallContext& call, std::string_view id_or_name) {
  Objects objects = call.workspace->Objects();
  bool bad_uuid;
  const ObjectSchema* object = ResolveObjectSegment(objects, id_or_name, &bad_uuid);
  if (bad_uuid) co_return metadata::BadUuid();
  if (!object) co_return ObjectNotFound(id_or_name);
  co_return ObjectEnvelope(metadata::FormatOf(call), 200, "object", objects, *object);
}

asio::awaitable<HttpResponse> CreateMetadataObject(ServerState& state, CallContext& call,
                                                   const protocol::HttpRequest& request) {
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  auto input = metadata::CreateObjectInputFromJson(body);
  if (!input.ok()) co_return RestErrorFromStatus(input.status());
  const Uuid workspace_id = call.workspace->id();
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call,
      [&](const Objects& objects) { return metadata::PlanCreateObject(objects, workspace_id, *input, now); },
      [&](const metadata::Committed& done) {
        const ObjectSchema* created = metadata::FindObjectById(done.objects, done.plan.object_id);
        return ObjectEnvelope(metadata::FormatOf(call), 201, "createOneObject", done.objects, *created);
      });
}

asio::awaitable<HttpResponse> UpdateMetadataObject(ServerState& state, CallContext& call,
                                                   const protocol::HttpRequest& request, std::string_view id_or_name) {
  bool bad_uuid;
  const Objects current = call.workspace->Objects();
  const ObjectSchema* target = ResolveObjectSegment(current, id_or_name, &bad_uuid);
  if (bad_uuid) co_return metadata::BadUuid();
  if (!target) co_return ObjectNotFound(id_or_name);
  const Uuid object_id = target->id;
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  auto input = metadata::UpdateObjectInputFromJson(body);
  if (!input.ok()) co_return RestErrorFromStatus(input.status());
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call, [&](const Objects& objects) { return metadata::PlanUpdateObject(objects, object_id, *input, now); },
      [&](const metadata::Committed& done) {
        const ObjectSchema* updated = metadata::FindObjectById(done.objects, object_id);
        return ObjectEnvelope(metadata::FormatOf(call), 200, "updateOneObject", done.objects, *updated);
      });
}

asio::awaitable<HttpResponse> DeleteMetadataObject(ServerState& state, CallContext& call,
                                                   std::string_view id_or_name) {
  bool bad_uuid;
  const Objects current = call.workspace->Objects();
  const ObjectSchema* target = ResolveObjectSegment(current, id_or_name, &bad_uuid);
  if (bad_uuid) co_return metadata::BadUuid();
  if (!target) co_return ObjectNotFound(id_or_name);
  const Uuid object_id = target->id;
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call, [&](const Objects& objects) { return metadata::PlanDeleteObject(objects, object_id, now); },
      [&](const metadata::Committed& done) {
        return ObjectEnvelope(metadata::FormatOf(call), 200, "deleteOneObject", done.objects, *done.plan.deleted_object, false);
      });
}

}  // namespace vingt::server::rest

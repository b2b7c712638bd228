#include "server/rest/metadata_fields.h"

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
using storage::FieldSchema;
using storage::ObjectSchema;
using storage::Uuid;

// {"data":{"<key>": field}}, or the field alone in the new format.
HttpResponse FieldEnvelope(metadata::MetadataFormat format, int status, std::string_view key, const Objects& objects,
                           const ObjectSchema& owner, const FieldSchema& field) {
  return metadata::DataEnvelope(
      status, key, [&](protocol::JsonWriter& w) { metadata::WriteFieldJson(w, objects, owner, field); }, format);
}

HttpResponse FieldNotFound(std::string_view id) {
  return RestErrorFromStatus(Status::NotFound("Field metadata with id " + std::string(id) + " not found")
                                 .WithDetailCode("FIELD_METADATA_NOT_FOUND"));
}

// The committed field, written with its object.
HttpResponse CommittedField(metadata::MetadataFormat format, int status, std::string_view key,
                            const metadata::Committed& done) {
  auto [owner, field] = metadata::FindFieldById(done.objects, done.plan.field_id);
  return FieldEnvelope(format, status, key, done.objects, *owner, *field);
}

}  // namespace

asio::awaitable<HttpResponse> ListMetadataFields(ServerState& state, CallContext& call) {
  metadata::PageRequest request;
  if (auto err = metadata::ParsePageRequest(call, &request)) co_return *err;
  Objects objects = call.workspace->Objects();
  using Item = std::pair<const ObjectSchema*, const FieldSchema*>;
  std::vector<Item> fields;
  for (const auto& o : objects)
    for (const auto& f : o->fields) fields.emplace_back(o.get(), &f);
  co_return metadata::PagedList(
      "fields", std::move(fields), request, [](const Item& item) { return item.second->id; },
      [&](protocol::JsonWriter& w, const Item& item) { metadata::WriteFieldJson(w, objects, *item.first, *item.second); },
      metadata::FormatOf(call));
}

asio::awaitable<HttpResponse> GetMetadataField(ServerState& state, CallContext& call, std::string_view id_text) {
  auto id = Uuid::Parse(id_text);
  if (!id) co_return metadata::BadUuid();
  Objects objects = call.workspace->Objects();
  auto [owner, field] = metadata::FindFieldById(objects, *id);
  if (!field) co_return FieldNotFound(id_text);
  co_return FieldEnvelope(metadata::FormatOf(call), 200, "field", objects, *owner, *field);
}

asio::awaitable<HttpResponse> CreateMetadataField(ServerState& state, CallContext& call,
                                                  const protocol::HttpRequest& request) {
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  auto input = metadata::CreateFieldInputFromJson(body);
  if (!input.ok()) co_return RestErrorFromStatus(input.status());
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call, [&](const Objects& objects) { return metadata::PlanCreateField(objects, *input, now); },
      [&](const metadata::Committed& done) { return CommittedField(metadata::FormatOf(call), 201, "createOneField", done); });
}

asio::awaitable<HttpResponse> UpdateMetadataField(ServerState& state, CallContext& call,
                                                  const protocol::HttpRequest& request, std::string_view id_text) {
  auto id = Uuid::Parse(id_text);
  if (!id) co_return metadata::BadUuid();
  simdjson::dom::element body;
  if (auto ec = ParseBody(request, &body)) co_return MalformedBody(ec);
  auto input = metadata::UpdateFieldInputFromJson(body);
  if (!input.ok()) co_return RestErrorFromStatus(input.status());
  const Uuid field_id = *id;
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call, [&](const Objects& objects) { return metadata::PlanUpdateField(objects, field_id, *input, now); },
      [&](const metadata::Committed& done) { return CommittedField(metadata::FormatOf(call), 200, "updateOneField", done); });
}

asio::awaitable<HttpResponse> DeleteMetadataField(ServerState& state, CallContext& call, std::string_view id_text) {
  auto id = Uuid::Parse(id_text);
  if (!id) co_return metadata::BadUuid();
  const Uuid field_id = *id;
  const int64_t now = call.now_ms;
  co_return co_await metadata::CommitAndAnswer(
      state, call, [&](const Objects& objects) { return metadata::PlanDeleteField(objects, field_id, now); },
      [&](const metadata::Committed& done) {
        const ObjectSchema* owner = metadata::FindObjectById(done.objects, done.plan.object_id);
        return FieldEnvelope(metadata::FormatOf(call), 200, "deleteOneField", done.objects, *owner, *done.plan.deleted_field);
      });
}

}  // namespace vingt::server::rest

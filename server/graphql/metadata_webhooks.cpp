#include "server/graphql/metadata_webhooks.h"

#include <memory>

#include "protocol/iso_time.h"
#include "server/api_errors.h"
#include "server/graphql/request_context.h"
#include "server/webhooks/webhook_inputs.h"
#include "storage/database.h"

namespace vingt::server::graphql {
namespace {

namespace gql = protocol::graphql;
using gql::InputValue;
using gql::ResolvedValue;
using gql::ResolverContext;
using storage::Uuid;
using storage::Webhook;

enum WebhookField : int64_t {
  kId,
  kTargetUrl,
  kOperations,
  kDescription,
  kSecret,
  kWorkspaceId,
  kCreatedAt,
  kUpdatedAt,
  kDeletedAt,
};

RequestContext& Ctx(const ResolverContext& c) { return *static_cast<RequestContext*>(c.user_context()); }
storage::WebhookStore& Store(const ResolverContext& c) { return Ctx(c).state->db->webhooks(); }
Uuid WorkspaceOf(const ResolverContext& c) { return Ctx(c).call->workspace->id(); }

ResolvedValue Error(const Status& s) { return ResolvedValue::Error(GraphqlErrorFromStatus(s, SubCode::kOmit)); }

ResolvedValue Time(int64_t ms) { return ResolvedValue::String(protocol::IsoDateTime(ms)); }

ResolvedValue WebhookValue(Webhook webhook) { return ResolvedValue::Owned(std::make_shared<Webhook>(std::move(webhook))); }

ResolvedValue ResolveWebhookField(const ResolverContext& c) {
  const Webhook& h = c.Source<Webhook>();
  switch (c.field().tag) {
    case kId: return ResolvedValue::String(h.id.ToString());
    case kTargetUrl: return ResolvedValue::StringView(h.target_url);
    case kOperations: {
      std::vector<ResolvedValue> items;
      for (const std::string& op : h.operations) items.push_back(ResolvedValue::StringView(op));
      return ResolvedValue::List(std::move(items));
    }
    case kDescription: return h.description ? ResolvedValue::StringView(*h.description) : ResolvedValue::Null();
    case kSecret: return ResolvedValue::StringView(h.secret);
    case kWorkspaceId: return ResolvedValue::String(h.workspace_id.ToString());
    case kCreatedAt: return Time(h.created_at_ms);
    case kUpdatedAt: return Time(h.updated_at_ms);
    case kDeletedAt: return h.deleted_at_ms ? Time(*h.deleted_at_ms) : ResolvedValue::Null();
    default: return ResolvedValue::Null();
  }
}

// The input's `id`, when it names a live webhook of the caller's workspace.
std::optional<Webhook> FindOwn(const ResolverContext& c) {
  const InputValue* input = c.Arg("input");
  const InputValue* id = input ? input->Find("id") : nullptr;
  if (!id || id->kind() != InputValue::Kind::kString) return std::nullopt;
  auto parsed = Uuid::Parse(id->AsString());
  if (!parsed) return std::nullopt;
  return Store(c).FindLive(WorkspaceOf(c), *parsed);
}

// Logs the change; the transport awaits it before answering.
Status Persist(const ResolverContext& c, const Webhook& webhook) {
  auto lsn = Store(c).Put(webhook);
  if (!lsn.ok()) return lsn.status();
  Ctx(c).NoteWrite(*lsn);
  return Status::Ok();
}

const InputValue& InputOf(const ResolverContext& c) {
  static const InputValue kAbsent;
  const InputValue* input = c.Arg("input");
  return input ? *input : kAbsent;
}

}  // namespace

void DeclareWebhookTypes(gql::SchemaBuilder& b) {
  b.Object("Webhook")
      .DefaultResolver(ResolveWebhookField)
      .Field("id", "UUID!")
      .Tag(kId)
      .Field("targetUrl", "String!")
      .Tag(kTargetUrl)
      .Field("operations", "[String!]!")
      .Tag(kOperations)
      .Field("description", "String")
      .Tag(kDescription)
      .Field("secret", "String!")
      .Tag(kSecret)
      .Field("workspaceId", "String!")
      .Tag(kWorkspaceId)
      .Field("createdAt", "DateTime!")
      .Tag(kCreatedAt)
      .Field("updatedAt", "DateTime!")
      .Tag(kUpdatedAt)
      .Field("deletedAt", "DateTime")
      .Tag(kDeletedAt);
  b.InputObject("GetWebhookInput").Field("id", "UUID!");
  b.InputObject("DeleteWebhookInput").Field("id", "UUID!");
  b.InputObject("CreateWebhookInput")
      .Field("targetUrl", "String!")
      .Field("operations", "[String!]")
      .Field("description", "String")
      .Field("secret", "String");
  b.InputObject("UpdateWebhookInput")
      .Field("id", "UUID!")
      .Field("targetUrl", "String")
      .Field("operations", "[String!]")
      .Field("description", "String")
      .Field("secret", "String");
}

void AddWebhookQueries(gql::ObjectTypeBuilder& query) {
  query
      .Field("webhooks", "[Webhook!]!",
             [](const ResolverContext& c) {
               std::vector<ResolvedValue> items;
               for (Webhook& h : Store(c).ListLive(WorkspaceOf(c))) items.push_back(WebhookValue(std::move(h)));
               return ResolvedValue::List(std::move(items));
             })
      .Field("webhook", "Webhook",
             [](const ResolverContext& c) {
               auto webhook = FindOwn(c);
               return webhook ? WebhookValue(std::move(*webhook)) : ResolvedValue::Null();
             })
      .Arg("input", "GetWebhookInput!");
}

void AddWebhookMutations(gql::ObjectTypeBuilder& mutation) {
  mutation
      .Field("createWebhook", "Webhook!",
             [](const ResolverContext& c) {
               RequestContext& ctx = Ctx(c);
               Webhook webhook;
               webhook.id = Uuid::Random();
               webhook.workspace_id = WorkspaceOf(c);
               webhook.created_at_ms = webhook.updated_at_ms = ctx.call->now_ms;
               Status st = webhooks::ApplyWebhookInput(InputOf(c), webhooks::WebhookWrite::kCreate, &webhook);
               if (st.ok()) st = Persist(c, webhook);
               return st.ok() ? WebhookValue(std::move(webhook)) : Error(st);
             })
      .Arg("input", "CreateWebhookInput!")
      .Field("updateWebhook", "Webhook",
             [](const ResolverContext& c) {
               auto webhook = FindOwn(c);
               if (!webhook) return Error(webhooks::WebhookNotFound());
               Status st = webhooks::ApplyWebhookInput(InputOf(c), webhooks::WebhookWrite::kUpdate, &*webhook);
               webhook->updated_at_ms = Ctx(c).call->now_ms;
               if (st.ok()) st = Persist(c, *webhook);
               return st.ok() ? WebhookValue(std::move(*webhook)) : Error(st);
             })
      .Arg("input", "UpdateWebhookInput!")
      .Field("deleteWebhook", "Boolean!",
             [](const ResolverContext& c) {
               auto webhook = FindOwn(c);
               if (!webhook) return ResolvedValue::Bool(false);
               webhook->deleted_at_ms = webhook->updated_at_ms = Ctx(c).call->now_ms;
               Status st = Persist(c, *webhook);
               return st.ok() ? ResolvedValue::Bool(true) : Error(st);
             })
      .Arg("input", "DeleteWebhookInput!");
}

}  // namespace vingt::server::graphql

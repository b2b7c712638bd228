// Webhooks on /metadata (spec/auth-errors-limits.md §4.1), as Twenty's
// core webhook resolver declares them:
//   webhooks: [Webhook!]!
//   webhook(input: GetWebhookInput!): Webhook            (null when unknown)
//   createWebhook(input: CreateWebhookInput!): Webhook!
//   updateWebhook(input: UpdateWebhookInput!): Webhook   (NOT_FOUND when unknown)
//   deleteWebhook(input: DeleteWebhookInput!): Boolean!  (false when unknown)
// Inputs are read by the same code as REST bodies
// (server/webhooks/webhook_inputs.h); changes go through the WAL and the
// transport awaits them before answering.
#pragma once

#include "protocol/graphql/schema_builder.h"

namespace vingt::server::graphql {

// The Webhook type and the four inputs; before the root types are declared.
void DeclareWebhookTypes(protocol::graphql::SchemaBuilder& b);
void AddWebhookQueries(protocol::graphql::ObjectTypeBuilder& query);
void AddWebhookMutations(protocol::graphql::ObjectTypeBuilder& mutation);

}  // namespace vingt::server::graphql

// Webhook objects as both metadata APIs manage them (spec/auth-errors-limits.md
// §4.1): the body of a create or update, read the same way from REST JSON
// and from GraphQL's input (server/records/input_view.h), and the object as
// the answers write it.
//
// Behaviour is Twenty's core webhook module: `targetUrl` must be an http(s)
// URL ("Invalid URL: missing scheme. URLs must include http:// or
// https://. Received: <url>", "Invalid URL scheme. Only HTTP and HTTPS are
// allowed. Received: <scheme>:"), `operations` defaults to ["*.*"], a
// missing secret is generated (32 random bytes as 64 hex digits, as Twenty
// does), and the secret is part of the object's answers (Twenty returns it;
// it is what receivers verify signatures with).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "protocol/json_write.h"
#include "server/records/input_view.h"
#include "storage/wal_payload.h"

namespace vingt::server::webhooks {

enum class WebhookWrite { kCreate, kUpdate };

// Applies a body's keys (targetUrl, operations, description, secret; on
// update also id, ignored) to *webhook. kCreate: targetUrl is required,
// operations default to ["*.*"], an absent secret is generated. Unknown keys
// and values of the wrong type are refused (InvalidArgument). On error
// *webhook is partly written and must be discarded.
Status ApplyWebhookInput(InputView body, WebhookWrite mode, storage::Webhook* webhook);

// OK for an http(s) URL; Twenty's messages otherwise.
Status CheckTargetUrl(std::string_view url);

std::string GenerateWebhookSecret();

// {"id", "targetUrl", "operations", "description", "secret", "workspaceId",
// "createdAt", "updatedAt", "deletedAt"}: the REST answer's object.
void WriteWebhookJson(protocol::JsonWriter& w, const storage::Webhook& webhook);

// One delivery attempt as the delivery log shows it (vingt extension):
// {"deliveryId", "eventName", "attempt", "final", "status" (null when the
// receiver did not answer), "error" (null when it did), "durationMs", "at"}.
void WriteAttemptJson(protocol::JsonWriter& w, const storage::WebhookAttempt& attempt);

// The error for an id that names no live webhook of the caller's workspace.
Status WebhookNotFound();

}  // namespace vingt::server::webhooks

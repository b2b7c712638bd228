#include "server/webhooks/webhook_inputs.h"

#include <sodium.h>

#include "protocol/http_url.h"
#include "protocol/iso_time.h"

namespace vingt::server::webhooks {
namespace {

Status InputError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_WEBHOOK_INPUT");
}

// A string member, or null where the member may be null.
Status ReadString(std::string_view key, InputView value, std::string* out) {
  auto s = value.String();
  if (!s) return InputError(std::string(key) + " must be a string");
  *out = std::string(*s);
  return Status::Ok();
}

}  // namespace

Status CheckTargetUrl(std::string_view url) {
  protocol::HttpUrlParse parsed = protocol::ParseHttpUrl(url);
  if (parsed.url) return Status::Ok();
  if (parsed.error == protocol::HttpUrlError::kUnsupportedScheme)
    return Status::InvalidArgument("Invalid URL scheme. Only HTTP and HTTPS are allowed. Received: " + parsed.scheme)
        .WithDetailCode("INVALID_TARGET_URL");
  return Status::InvalidArgument("Invalid URL: missing scheme. URLs must include http:// or https://. Received: " +
                                 std::string(url))
      .WithDetailCode("INVALID_TARGET_URL");
}

std::string GenerateWebhookSecret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, 2 * sizeof bytes);
}

Status ApplyWebhookInput(InputView body, WebhookWrite mode, storage::Webhook* webhook) {
  auto members = body.AsObject();
  if (!members) return InputError("Request body must be a JSON object");
  bool has_target = false, has_operations = false, has_secret = false;
  for (auto [key, value] : *members) {
    if (key == "targetUrl") {
      if (value.IsNull() && mode == WebhookWrite::kUpdate) continue;  // unchanged
      VINGT_RETURN_IF_ERROR(ReadString(key, value, &webhook->target_url));
      VINGT_RETURN_IF_ERROR(CheckTargetUrl(webhook->target_url));
      has_target = true;
    } else if (key == "operations") {
      if (value.IsNull()) continue;  // the default, or unchanged
      auto items = value.AsArray();
      if (!items) return InputError("operations must be an array of strings");
      std::vector<std::string> operations;
      for (InputView item : *items) {
        auto s = item.String();
        if (!s) return InputError("operations must be an array of strings");
        operations.emplace_back(*s);
      }
      webhook->operations = std::move(operations);
      has_operations = true;
    } else if (key == "description") {
      if (value.IsNull()) {
        webhook->description.reset();
        continue;
      }
      std::string description;
      VINGT_RETURN_IF_ERROR(ReadString(key, value, &description));
      webhook->description = std::move(description);
    } else if (key == "secret") {
      if (value.IsNull()) continue;  // generated, or unchanged
      VINGT_RETURN_IF_ERROR(ReadString(key, value, &webhook->secret));
      has_secret = true;
    } else if (key == "id" && mode == WebhookWrite::kUpdate) {
      // The path's (REST) or the input's own (GraphQL) id names the webhook.
    } else {
      return InputError("Webhook doesn't have any \"" + std::string(key) + "\" field.");
    }
  }
  if (mode == WebhookWrite::kCreate) {
    if (!has_target) return InputError("Target URL is required");
    if (!has_operations) webhook->operations = {"*.*"};
    if (!has_secret) webhook->secret = GenerateWebhookSecret();
  }
  return Status::Ok();
}

void WriteWebhookJson(protocol::JsonWriter& w, const storage::Webhook& webhook) {
  w.StartObject();
  w.Key("id");
  w.String(webhook.id.ToString());
  w.Key("targetUrl");
  w.String(webhook.target_url);
  w.Key("operations");
  w.StartArray();
  for (const std::string& op : webhook.operations) w.String(op);
  w.EndArray();
  w.Key("description");
  if (webhook.description)
    w.String(*webhook.description);
  else
    w.Null();
  w.Key("secret");
  w.String(webhook.secret);
  w.Key("workspaceId");
  w.String(webhook.workspace_id.ToString());
  w.Key("createdAt");
  w.String(protocol::IsoDateTime(webhook.created_at_ms));
  w.Key("updatedAt");
  w.String(protocol::IsoDateTime(webhook.updated_at_ms));
  w.Key("deletedAt");
  if (webhook.deleted_at_ms)
    w.String(protocol::IsoDateTime(*webhook.deleted_at_ms));
  else
    w.Null();
  w.EndObject();
}

void WriteAttemptJson(protocol::JsonWriter& w, const storage::WebhookAttempt& a) {
  w.StartObject();
  w.Key("deliveryId");
  w.String(a.delivery_id.ToString());
  w.Key("eventName");
  w.String(a.event_name);
  w.Key("attempt");
  w.Int64(a.attempt);
  w.Key("final");
  w.Bool(a.final);
  w.Key("status");
  if (a.status)
    w.Int64(a.status);
  else
    w.Null();
  w.Key("error");
  if (a.error.empty())
    w.Null();
  else
    w.String(a.error);
  w.Key("durationMs");
  w.Int64(a.duration_ms);
  w.Key("at");
  w.String(protocol::IsoDateTime(a.at_ms));
  w.EndObject();
}

Status WebhookNotFound() { return Status::NotFound("Webhook not found").WithDetailCode("WEBHOOK_NOT_FOUND"); }

}  // namespace vingt::server::webhooks

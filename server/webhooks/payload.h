// What a webhook delivery says (spec/auth-errors-limits.md §4.2–§4.4): which
// event a record change is, the JSON body Twenty POSTs, and its signature.
//
// Events: a change with no row before is `created`, with no row after
// `destroyed`; deletedAt going from null to a time is `deleted`, back to
// null `restored`; anything else is `updated`, and an update that changes
// no field webhooks compare (updatedAt, searchVector and relation fields
// are not compared, as Twenty's diff skips them) is no event. An upsert
// is `created` or `updated`, whichever it did; cascades and merges are the
// changes of the records they write.
//
// Body, keys in Twenty's order: targetUrl, eventName, objectMetadata {id,
// nameSingular}, workspaceId, webhookId, eventDate, record, and
// updatedFields for `updated` only. `record` is the row after the change
// (created, updated, restored) or before it (deleted, destroyed), written
// as REST writes a record. userId and workspaceMemberId are absent: every
// change comes from an API key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/record_change.h"
#include "storage/wal_payload.h"

namespace vingt::server::webhooks {

enum class RecordAction : uint8_t { kCreated, kUpdated, kDeleted, kDestroyed, kRestored };

std::string_view ActionName(RecordAction action);  // "created", ...

struct ClassifiedChange {
  RecordAction action = RecordAction::kCreated;
  const storage::RowRef* record = nullptr;  // the row the body carries (the change's before or after)
  std::vector<std::string> updated_fields;  // kUpdated: in schema order
};

// The event of a change, or nullopt when webhooks see none.
std::optional<ClassifiedChange> ClassifyChange(const storage::RecordChange& change);

// The body of one delivery: compact JSON, the exact bytes that are sent
// and signed. Assigned to *body (whose capacity serves again).
void RenderWebhookBody(const storage::Webhook& webhook, const storage::ObjectSchemaPtr& schema,
                       const ClassifiedChange& change, int64_t event_date_ms, std::string* body);

// X-Twenty-Webhook-Signature: lower-case hex HMAC-SHA256, keyed with the
// secret, of "<timestamp>:<body>".
std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body);
// The same, appended to *out.
void AppendWebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                            std::string* out);
// `bytes` as lower-case hex, appended to *out (signatures, delivery ids).
// Not constant-time: what it encodes is sent in the clear.
void AppendLowerHex(std::string_view bytes, std::string* out);

}  // namespace vingt::server::webhooks

// Payloads of the logical WAL records (the framing is in wal_format.h).
// Each is an after-image, so applying one twice gives the same state.
//
//   kWorkspace : workspace id (16) | created_at ms (i64) | name bytes
//   kPutRow    : workspace id (16) | object id (16) | encoded Row (row.h; slot 0.. incl. the id)
//   kDeleteRow : workspace id (16) | object id (16) | record id (16)
//   kPutKey    : key id (16) | workspace id (16) | hash (32) | created_at (i64) |
//                updated_at (i64) | expires_at (i64, INT64_MIN = none) |
//                revoked_at (i64, INT64_MIN = none) | name bytes
//   kMetadata  : workspace id (16) | u32 n | n x (u32 length | object schema,
//                schema_codec.h) | u32 m | m x dropped object id (16) |
//                [u32 k | k x row migration (row_migration.h)]
//                One atomic metadata change: the after-images of the objects
//                it created or altered, the objects it deleted, and what it
//                does to existing rows. The migrations are the one part that
//                is not an after-image (renames may swap two values), so a
//                snapshot never holds rows that a record replayed after it
//                has already migrated (Database::Snapshot).
//   kWorkspaceSettings: workspace id (16) | u32 flags (bit 0: REST metadata
//                new format); other bits must be 0. The whole settings,
//                an after-image; absent = every flag off.
//   kPutWebhook: webhook id (16) | workspace id (16) | created_at (i64) |
//                updated_at (i64) | deleted_at (i64, INT64_MIN = none) |
//                u8 has_description | str target_url | str secret |
//                str description | u32 n | n x str operation
//                (str = u32 length | bytes). The after-image of one webhook;
//                a deleted one stays, with deleted_at set.
//   kWebhookEvent: delivery id (16) | webhook id (16) | workspace id (16) |
//                created_at (i64) | str event_name | str target_url |
//                str secret | str body
//                One delivery owed to a receiver, logged with the record
//                write that caused it (the writer awaits both), pending until
//                a final kWebhookAttempt names it. Snapshots carry the pending ones.
//   kWebhookAttempt: delivery id (16) | webhook id (16) | at (i64) |
//                u8 attempt | u8 final | u16 status (0: no answer) |
//                u32 duration ms | str event_name | str error
//                One try to deliver; `final` ends the delivery (sent, given
//                up or dropped). Not awaited: after a crash a delivery whose
//                final attempt was not yet durable is sent again (at least
//                once). Snapshots carry each webhook's recent attempts
//                in these; the WAL, in kWebhookAttempts (earlier builds
//                wrote these there too, and they still replay).
//   kWebhookAttempts: u32 n | n x str attempt (a kWebhookAttempt payload)
//                The attempts the dispatcher logs at once (one batch of
//                deliveries, one pipelined send), in order.
//   kDeleteWorkspace: workspace id (16) | deleted_at (i64; 0 in snapshots)
//                The workspace is gone with its rows, objects, keys and
//                webhooks; later records naming it (writes that raced the
//                deletion) are ignored. Snapshots carry every deleted id.
//   kShardPaths: workspace id (16) | object id (16) | shard u32 | shard count u32 |
//                paths (storage/index/path_codec.h)
//                Snapshots only, right after the kPutRow records of that
//                shard's rows (all of them, in ordinal order), which the
//                paths cover. Recovery may ignore it and build the paths.
//
// Integers are little-endian. Snapshots contain the same payloads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/row_migration.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/uuid.h"

namespace vingt::storage {

struct WorkspaceRecord {
  Uuid id;
  int64_t created_at_ms = 0;
  std::string name;
};

struct RowRecord {
  Uuid workspace_id;
  Uuid object_id;
  std::string_view row;  // encoded Row, borrowed from the payload
};

struct DeleteRecord {
  Uuid workspace_id;
  Uuid object_id;
  Uuid record_id;
};

struct ApiKey {
  Uuid id;
  Uuid workspace_id;
  std::string name;
  std::array<uint8_t, 32> hash{};  // keyed BLAKE2b of the token; the token itself is never stored
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> expires_at_ms;
  std::optional<int64_t> revoked_at_ms;
};

// A webhook (spec/auth-errors-limits.md §4): where a workspace's record
// events are POSTed, for which operations ("person.created", "*.*"), signed
// with `secret` when it is not empty.
struct Webhook {
  Uuid id;
  Uuid workspace_id;
  std::string target_url;
  std::vector<std::string> operations;
  std::optional<std::string> description;
  std::string secret;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> deleted_at_ms;

  friend bool operator==(const Webhook&, const Webhook&) = default;
};

// One delivery of one event to one webhook (kWebhookEvent).
struct WebhookEvent {
  Uuid id;  // stable across retries and restarts: receivers deduplicate on it
  Uuid webhook_id;
  Uuid workspace_id;
  int64_t created_at_ms = 0;
  std::string event_name;  // "person.created"
  std::string target_url;
  std::string secret;
  std::string body;  // the exact bytes sent and signed

  friend bool operator==(const WebhookEvent&, const WebhookEvent&) = default;
};

// One try to deliver (kWebhookAttempt).
struct WebhookAttempt {
  Uuid delivery_id;
  Uuid webhook_id;
  int64_t at_ms = 0;
  uint8_t attempt = 1;
  bool final = false;
  uint16_t status = 0;  // the receiver's answer; 0 when there was none
  uint32_t duration_ms = 0;
  std::string event_name;
  std::string error;  // why there was no answer, or why it was dropped

  friend bool operator==(const WebhookAttempt&, const WebhookAttempt&) = default;
};

struct WorkspaceSettingsRecord {
  Uuid workspace_id;
  bool rest_metadata_new_format = false;
};

struct ShardPathsRecord {
  Uuid workspace_id;
  Uuid object_id;
  uint32_t shard = 0;
  uint32_t shard_count = 0;
  std::string_view paths;  // borrowed from the payload
};

struct MetadataRecord {
  Uuid workspace_id;
  std::vector<ObjectSchema> put;
  std::vector<Uuid> drop;
  std::vector<RowMigration> migrations;  // row_migration.h; none in snapshots
};

std::string EncodeWorkspace(const WorkspaceRecord& w);
Result<WorkspaceRecord> DecodeWorkspace(std::string_view payload);

void EncodePutRowHeader(const Uuid& workspace_id, const Uuid& object_id, std::string* out);
std::string EncodePutRow(const Uuid& workspace_id, const Uuid& object_id, std::string_view encoded_row);
Result<RowRecord> DecodePutRow(std::string_view payload);

std::string EncodeDeleteRow(const DeleteRecord& d);
Result<DeleteRecord> DecodeDeleteRow(std::string_view payload);

std::string EncodeApiKey(const ApiKey& key);
Result<ApiKey> DecodeApiKey(std::string_view payload);

std::string EncodeWebhook(const Webhook& webhook);
Result<Webhook> DecodeWebhook(std::string_view payload);

std::string EncodeWebhookEvent(const WebhookEvent& event);
// The same, appended to *out: one per write and per delivery, into a
// buffer the caller reuses.
void EncodeWebhookEventInto(const WebhookEvent& event, std::string* out);
Result<WebhookEvent> DecodeWebhookEvent(std::string_view payload);
std::string EncodeWebhookAttempt(const WebhookAttempt& attempt);
void EncodeWebhookAttemptInto(const WebhookAttempt& attempt, std::string* out);
Result<WebhookAttempt> DecodeWebhookAttempt(std::string_view payload);
void EncodeWebhookAttemptsInto(const std::vector<WebhookAttempt>& attempts, std::string* out);
Result<std::vector<WebhookAttempt>> DecodeWebhookAttempts(std::string_view payload);

// kDeleteWorkspace: a workspace deleted with everything in it. Records of
// that workspace after it (writes that raced the deletion) are ignored.
struct WorkspaceDeletionRecord {
  Uuid workspace_id;
  int64_t deleted_at_ms = 0;
};
std::string EncodeWorkspaceDeletion(const WorkspaceDeletionRecord& r);
Result<WorkspaceDeletionRecord> DecodeWorkspaceDeletion(std::string_view payload);

std::string EncodeWorkspaceSettings(const WorkspaceSettingsRecord& r);
Result<WorkspaceSettingsRecord> DecodeWorkspaceSettings(std::string_view payload);

// The header of a kShardPaths payload; the encoded paths follow it.
void EncodeShardPathsHeader(const ShardPathsRecord& r, std::string* out);
Result<ShardPathsRecord> DecodeShardPaths(std::string_view payload);

std::string EncodeMetadata(const MetadataRecord& m);
Result<MetadataRecord> DecodeMetadata(std::string_view payload);

}  // namespace vingt::storage

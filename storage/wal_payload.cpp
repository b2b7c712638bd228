#include "storage/wal_payload.h"

#include <climits>
#include <cstring>

#include "storage/byte_codec.h"
#include "storage/schema_codec.h"

namespace vingt::storage {
namespace {

void PutI64(std::string* out, int64_t v) { ByteWriter(out).I64(v); }

std::optional<int64_t> OptionalTime(int64_t v) { return v == INT64_MIN ? std::nullopt : std::optional<int64_t>(v); }

}  // namespace

std::string EncodeWorkspace(const WorkspaceRecord& w) {
  std::string out(w.id.AsBytes());
  PutI64(&out, w.created_at_ms);
  out += w.name;
  return out;
}

Result<WorkspaceRecord> DecodeWorkspace(std::string_view payload) {
  ByteReader r(payload);
  WorkspaceRecord w;
  if (!r.Id(&w.id) || !r.I64(&w.created_at_ms)) return Status::Corruption("short workspace record");
  w.name = std::string(r.Rest());
  return w;
}

void EncodePutRowHeader(const Uuid& workspace_id, const Uuid& object_id, std::string* out) {
  out->append(workspace_id.AsBytes());
  out->append(object_id.AsBytes());
}

std::string EncodePutRow(const Uuid& workspace_id, const Uuid& object_id, std::string_view encoded_row) {
  std::string out;
  out.reserve(32 + encoded_row.size());
  EncodePutRowHeader(workspace_id, object_id, &out);
  out.append(encoded_row);
  return out;
}

Result<RowRecord> DecodePutRow(std::string_view payload) {
  ByteReader r(payload);
  RowRecord rec;
  if (!r.Id(&rec.workspace_id) || !r.Id(&rec.object_id)) return Status::Corruption("short row record");
  rec.row = r.Rest();
  return rec;
}

std::string EncodeWorkspaceSettings(const WorkspaceSettingsRecord& r) {
  std::string out;
  ByteWriter w(&out);
  w.Id(r.workspace_id);
  w.U32(r.rest_metadata_new_format ? 1u : 0u);
  return out;
}

Result<WorkspaceSettingsRecord> DecodeWorkspaceSettings(std::string_view payload) {
  ByteReader r(payload);
  WorkspaceSettingsRecord rec;
  uint32_t flags = 0;
  if (!r.Id(&rec.workspace_id) || !r.U32(&flags) || !r.empty() || (flags & ~1u) != 0)
    return Status::Corruption("bad workspace settings record");
  rec.rest_metadata_new_format = flags & 1u;
  return rec;
}

std::string EncodeWorkspaceDeletion(const WorkspaceDeletionRecord& r) {
  std::string out;
  ByteWriter w(&out);
  w.Id(r.workspace_id);
  w.I64(r.deleted_at_ms);
  return out;
}

Result<WorkspaceDeletionRecord> DecodeWorkspaceDeletion(std::string_view payload) {
  ByteReader r(payload);
  WorkspaceDeletionRecord rec;
  if (!r.Id(&rec.workspace_id) || !r.I64(&rec.deleted_at_ms) || !r.empty())
    return Status::Corruption("bad workspace deletion record");
  return rec;
}

void EncodeShardPathsHeader(const ShardPathsRecord& r, std::string* out) {
  ByteWriter w(out);
  w.Id(r.workspace_id);
  w.Id(r.object_id);
  w.U32(r.shard);
  w.U32(r.shard_count);
}

Result<ShardPathsRecord> DecodeShardPaths(std::string_view payload) {
  ByteReader r(payload);
  ShardPathsRecord rec;
  if (!r.Id(&rec.workspace_id) || !r.Id(&rec.object_id) || !r.U32(&rec.shard) || !r.U32(&rec.shard_count))
    return Status::Corruption("short shard paths record");
  rec.paths = r.Rest();
  return rec;
}

std::string EncodeDeleteRow(const DeleteRecord& d) {
  std::string out;
  out.append(d.workspace_id.AsBytes());
  out.append(d.object_id.AsBytes());
  out.append(d.record_id.AsBytes());
  return out;
}

Result<DeleteRecord> DecodeDeleteRow(std::string_view payload) {
  ByteReader r(payload);
  DeleteRecord d;
  if (!r.Id(&d.workspace_id) || !r.Id(&d.object_id) || !r.Id(&d.record_id))
    return Status::Corruption("short delete record");
  return d;
}

std::string EncodeApiKey(const ApiKey& key) {
  std::string out;
  out.append(key.id.AsBytes());
  out.append(key.workspace_id.AsBytes());
  out.append(reinterpret_cast<const char*>(key.hash.data()), key.hash.size());
  PutI64(&out, key.created_at_ms);
  PutI64(&out, key.updated_at_ms);
  PutI64(&out, key.expires_at_ms.value_or(INT64_MIN));
  PutI64(&out, key.revoked_at_ms.value_or(INT64_MIN));
  out += key.name;
  return out;
}

Result<ApiKey> DecodeApiKey(std::string_view payload) {
  ByteReader r(payload);
  ApiKey k;
  int64_t expires, revoked;
  if (!r.Id(&k.id) || !r.Id(&k.workspace_id) || !r.Bytes(k.hash.data(), k.hash.size()) ||
      !r.I64(&k.created_at_ms) || !r.I64(&k.updated_at_ms) || !r.I64(&expires) || !r.I64(&revoked))
    return Status::Corruption("short api key record");
  k.expires_at_ms = OptionalTime(expires);
  k.revoked_at_ms = OptionalTime(revoked);
  k.name = std::string(r.Rest());
  return k;
}

std::string EncodeWebhook(const Webhook& webhook) {
  std::string out;
  ByteWriter w(&out);
  w.Id(webhook.id);
  w.Id(webhook.workspace_id);
  w.I64(webhook.created_at_ms);
  w.I64(webhook.updated_at_ms);
  w.I64(webhook.deleted_at_ms.value_or(INT64_MIN));
  w.U8(webhook.description ? 1 : 0);
  w.Str(webhook.target_url);
  w.Str(webhook.secret);
  w.Str(webhook.description.value_or(""));
  w.U32(static_cast<uint32_t>(webhook.operations.size()));
  for (const std::string& op : webhook.operations) w.Str(op);
  return out;
}

Result<Webhook> DecodeWebhook(std::string_view payload) {
  ByteReader r(payload);
  Webhook webhook;
  int64_t deleted;
  bool has_description;
  std::string_view target_url, secret, description;
  uint32_t n;
  if (!r.Id(&webhook.id) || !r.Id(&webhook.workspace_id) || !r.I64(&webhook.created_at_ms) ||
      !r.I64(&webhook.updated_at_ms) || !r.I64(&deleted) || !r.Bool(&has_description) || !r.StrView(&target_url) ||
      !r.StrView(&secret) || !r.StrView(&description) || !r.U32(&n))
    return Status::Corruption("short webhook record");
  webhook.deleted_at_ms = OptionalTime(deleted);
  webhook.target_url = std::string(target_url);
  webhook.secret = std::string(secret);
  if (has_description) webhook.description = std::string(description);
  for (uint32_t i = 0; i < n; ++i) {
    std::string_view op;
    if (!r.StrView(&op)) return Status::Corruption("short webhook record");
    webhook.operations.emplace_back(op);
  }
  if (!r.Rest().empty()) return Status::Corruption("trailing bytes in webhook record");
  return webhook;
}

std::string EncodeWebhookEvent(const WebhookEvent& event) {
  std::string out;
  EncodeWebhookEventInto(event, &out);
  return out;
}

void EncodeWebhookEventInto(const WebhookEvent& event, std::string* out) {
  out->reserve(out->size() + 3 * 16 + 8 + 4 * 4 + event.event_name.size() + event.target_url.size() +
               event.secret.size() + event.body.size());
  ByteWriter w(out);
  w.Id(event.id);
  w.Id(event.webhook_id);
  w.Id(event.workspace_id);
  w.I64(event.created_at_ms);
  w.Str(event.event_name);
  w.Str(event.target_url);
  w.Str(event.secret);
  w.Str(event.body);
}

Result<WebhookEvent> DecodeWebhookEvent(std::string_view payload) {
  ByteReader r(payload);
  WebhookEvent e;
  std::string_view name, url, secret, body;
  if (!r.Id(&e.id) || !r.Id(&e.webhook_id) || !r.Id(&e.workspace_id) || !r.I64(&e.created_at_ms) ||
      !r.StrView(&name) || !r.StrView(&url) || !r.StrView(&secret) || !r.StrView(&body) || !r.Rest().empty())
    return Status::Corruption("bad webhook event record");
  e.event_name = std::string(name);
  e.target_url = std::string(url);
  e.secret = std::string(secret);
  e.body = std::string(body);
  return e;
}

std::string EncodeWebhookAttempt(const WebhookAttempt& a) {
  std::string out;
  EncodeWebhookAttemptInto(a, &out);
  return out;
}

void EncodeWebhookAttemptInto(const WebhookAttempt& a, std::string* out) {
  ByteWriter w(out);
  w.Id(a.delivery_id);
  w.Id(a.webhook_id);
  w.I64(a.at_ms);
  w.U8(a.attempt);
  w.U8(a.final ? 1 : 0);
  w.U16(a.status);
  w.U32(a.duration_ms);
  w.Str(a.event_name);
  w.Str(a.error);
}

Result<WebhookAttempt> DecodeWebhookAttempt(std::string_view payload) {
  ByteReader r(payload);
  WebhookAttempt a;
  std::string_view name, error;
  if (!r.Id(&a.delivery_id) || !r.Id(&a.webhook_id) || !r.I64(&a.at_ms) || !r.U8(&a.attempt) || !r.Bool(&a.final) ||
      !r.U16(&a.status) || !r.U32(&a.duration_ms) || !r.StrView(&name) || !r.StrView(&error) || !r.Rest().empty())
    return Status::Corruption("bad webhook attempt record");
  a.event_name = std::string(name);
  a.error = std::string(error);
  return a;
}

void EncodeWebhookAttemptsInto(const std::vector<WebhookAttempt>& attempts, std::string* out) {
  ByteWriter w(out);
  w.U32(static_cast<uint32_t>(attempts.size()));
  std::string one;
  for (const WebhookAttempt& a : attempts) {
    one.clear();
    EncodeWebhookAttemptInto(a, &one);
    w.Str(one);
  }
}

Result<std::vector<WebhookAttempt>> DecodeWebhookAttempts(std::string_view payload) {
  ByteReader r(payload);
  uint32_t n = 0;
  if (!r.U32(&n) || n > payload.size()) return Status::Corruption("bad webhook attempts record");
  std::vector<WebhookAttempt> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    std::string_view one;
    if (!r.StrView(&one)) return Status::Corruption("bad webhook attempts record");
    Result<WebhookAttempt> a = DecodeWebhookAttempt(one);
    if (!a.ok()) return std::move(a).TakeStatus();
    out.push_back(std::move(a).value());
  }
  if (!r.Rest().empty()) return Status::Corruption("bad webhook attempts record");
  return out;
}

std::string EncodeMetadata(const MetadataRecord& m) {
  std::string out;
  ByteWriter w(&out);
  w.Id(m.workspace_id);
  w.U32(static_cast<uint32_t>(m.put.size()));
  std::string schema;
  for (const auto& object : m.put) {
    schema.clear();
    EncodeObjectSchema(object, &schema);
    w.Str(schema);
  }
  w.U32(static_cast<uint32_t>(m.drop.size()));
  for (const auto& id : m.drop) w.Id(id);
  // Left out when empty, so a record without migrations has the layout of
  // older builds' records.
  if (!m.migrations.empty()) {
    w.U32(static_cast<uint32_t>(m.migrations.size()));
    for (const auto& migration : m.migrations) EncodeRowMigration(migration, &w);
  }
  return out;
}

Result<MetadataRecord> DecodeMetadata(std::string_view payload) {
  ByteReader r(payload);
  MetadataRecord m;
  uint32_t puts, drops;
  if (!r.Id(&m.workspace_id) || !r.U32(&puts) || puts > r.Rest().size())
    return Status::Corruption("short metadata record");
  for (uint32_t i = 0; i < puts; ++i) {
    std::string_view bytes;
    if (!r.StrView(&bytes)) return Status::Corruption("short metadata record");
    Result<ObjectSchema> object = DecodeObjectSchema(bytes);
    if (!object.ok()) return std::move(object).TakeStatus();
    m.put.push_back(std::move(object).value());
  }
  if (!r.U32(&drops) || drops > r.Rest().size() / 16) return Status::Corruption("short metadata record");
  m.drop.resize(drops);
  for (auto& id : m.drop)
    if (!r.Id(&id)) return Status::Corruption("short metadata record");
  if (!r.empty()) {
    uint32_t migrations;
    if (!r.U32(&migrations) || migrations > r.Rest().size()) return Status::Corruption("short metadata record");
    m.migrations.resize(migrations);
    for (auto& migration : m.migrations)
      if (!DecodeRowMigration(&r, &migration)) return Status::Corruption("bad row migration in metadata record");
  }
  if (!r.empty()) return Status::Corruption("trailing bytes in metadata record");
  return m;
}

}  // namespace vingt::storage

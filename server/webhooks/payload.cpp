#include "server/webhooks/payload.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "server/records/record_codec.h"

namespace vingt::server::webhooks {
namespace {

using storage::FieldSchema;
using storage::Row;

bool SlotEqual(const Row& a, const Row& b, uint16_t slot) {
  const bool an = a.IsNull(slot), bn = b.IsNull(slot);
  if (an || bn) return an == bn;
  return a.Bytes(slot) == b.Bytes(slot);
}

bool IsCompared(const FieldSchema& f) {
  if (!f.is_active || f.slot_count == 0) return false;
  if (f.name == "updatedAt" || f.name == "searchVector") return false;
  return !f.relation.has_value() && f.type != storage::FieldType::kRelation &&
         f.type != storage::FieldType::kMorphRelation;
}

}  // namespace

std::string_view ActionName(RecordAction action) {
  switch (action) {
    case RecordAction::kCreated: return "created";
    case RecordAction::kUpdated: return "updated";
    case RecordAction::kDeleted: return "deleted";
    case RecordAction::kDestroyed: return "destroyed";
    case RecordAction::kRestored: return "restored";
  }
  return "updated";
}

std::optional<ClassifiedChange> ClassifyChange(const storage::RecordChange& change) {
  ClassifiedChange out;
  if (!change.before && !change.after) return std::nullopt;
  if (!change.before) {
    out.action = RecordAction::kCreated;
    out.record = change.after.get();
    return out;
  }
  if (!change.after) {
    out.action = RecordAction::kDestroyed;
    out.record = change.before.get();
    return out;
  }
  const Row& before = *change.before;
  const Row& after = *change.after;
  const uint16_t deleted_at = change.schema.deleted_at_slot;
  const bool was_deleted = deleted_at < before.slot_count() && !before.IsNull(deleted_at);
  const bool is_deleted = deleted_at < after.slot_count() && !after.IsNull(deleted_at);
  if (!was_deleted && is_deleted) {
    out.action = RecordAction::kDeleted;
    out.record = &before;
    return out;
  }
  if (was_deleted && !is_deleted) {
    out.action = RecordAction::kRestored;
    out.record = &after;
    return out;
  }
  out.action = RecordAction::kUpdated;
  out.record = &after;
  for (const FieldSchema& f : change.schema.fields) {
    if (!IsCompared(f)) continue;
    for (uint16_t i = 0; i < f.slot_count; ++i) {
      if (!SlotEqual(before, after, static_cast<uint16_t>(f.first_slot + i))) {
        out.updated_fields.push_back(f.name);
        break;
      }
    }
  }
  if (out.updated_fields.empty()) return std::nullopt;
  return out;
}

std::string RenderWebhookBody(const storage::Webhook& webhook, const storage::ObjectSchema& schema,
                              const ClassifiedChange& change, int64_t event_date_ms) {
  // Not ThreadJsonWriter(): the write that raised the event may be in the
  // middle of using that one.
  thread_local protocol::JsonWriter w;
  // Ids and names are formatted here first: no allocation per event.
  thread_local std::string scratch;
  auto id_text = [](const storage::Uuid& id) -> std::string_view {
    scratch.clear();
    id.AppendTo(&scratch);
    return scratch;
  };
  w.Reset();
  w.StartObject();
  w.Key("targetUrl");
  w.String(webhook.target_url);
  w.Key("eventName");
  scratch.assign(schema.name_singular).append(".").append(ActionName(change.action));
  w.String(scratch);
  w.Key("objectMetadata");
  w.StartObject();
  w.Key("id");
  w.String(id_text(schema.id));
  w.Key("nameSingular");
  w.String(schema.name_singular);
  w.EndObject();
  w.Key("workspaceId");
  w.String(id_text(webhook.workspace_id));
  w.Key("webhookId");
  w.String(id_text(webhook.id));
  w.Key("eventDate");
  char date[protocol::kMaxIsoDateTimeLength];
  w.String(std::string_view(date, protocol::FormatIsoDateTime(event_date_ms, date)));
  w.Key("record");
  if (change.record)
    WriteRecordJson(schema, *change.record, w);
  else
    w.RawJson("{}");
  if (change.action == RecordAction::kUpdated) {
    w.Key("updatedFields");
    w.StartArray();
    for (const std::string& f : change.updated_fields) w.String(f);
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

namespace {

// HMAC-SHA256 through OpenSSL, whose SHA-256 uses the CPU's SHA extensions
// where it has them: about 1 us for a 1.2 KB body where libsodium's portable
// SHA-256 takes 3.8 us, and every delivery attempt signs its body (bench/
// webhook_bench.sh: signing was a third of the dispatcher's time). The
// context is made once per thread. It keeps the key it was last given:
// keying means hashing the key's two pads, a third of a signature's time,
// and a webhook's deliveries all use its one secret, so when the key is the
// same as the last signature's the context is only reset to it.
// Null when OpenSSL has no HMAC or SHA-256 to give (a restricted provider
// configuration): libsodium signs instead.
struct ThreadHmacSha256 {
  ThreadHmacSha256() {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac) return;
    ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context holds its own reference
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (ctx && EVP_MAC_CTX_set_params(ctx, params) != 1) {
      EVP_MAC_CTX_free(ctx);
      ctx = nullptr;
    }
  }
  ~ThreadHmacSha256() {
    EVP_MAC_CTX_free(ctx);
    sodium_memzero(key.data(), key.size());
  }
  // Keys the context with `secret`, or only resets it when that is its key.
  bool Init(std::string_view secret) {
    if (keyed && secret == key) return EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1;
    keyed = false;
    if (EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr) != 1)
      return false;
    sodium_memzero(key.data(), key.size());
    key.assign(secret);
    keyed = true;
    return true;
  }
  EVP_MAC_CTX* ctx = nullptr;
  std::string key;
  bool keyed = false;
};

bool OpenSslHmac(std::string_view secret, std::string_view timestamp, std::string_view body,
                 unsigned char (&mac)[crypto_auth_hmacsha256_BYTES]) {
  thread_local ThreadHmacSha256 hmac;
  if (!hmac.ctx) return false;
  // OpenSSL refuses an empty key where HMAC allows one; libsodium takes it.
  if (secret.empty()) return false;
  size_t length = 0;
  return hmac.Init(secret) &&
         EVP_MAC_update(hmac.ctx, reinterpret_cast<const unsigned char*>(timestamp.data()), timestamp.size()) == 1 &&
         EVP_MAC_update(hmac.ctx, reinterpret_cast<const unsigned char*>(":"), 1) == 1 &&
         EVP_MAC_update(hmac.ctx, reinterpret_cast<const unsigned char*>(body.data()), body.size()) == 1 &&
         EVP_MAC_final(hmac.ctx, mac, &length, sizeof mac) == 1 && length == sizeof mac;
}

void SodiumHmac(std::string_view secret, std::string_view timestamp, std::string_view body,
                unsigned char (&mac)[crypto_auth_hmacsha256_BYTES]) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(timestamp.data()), timestamp.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(":"), 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&state, mac);
}

}  // namespace

void AppendWebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                            std::string* out) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  if (!OpenSslHmac(secret, timestamp, body, mac)) SodiumHmac(secret, timestamp, body, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  out->append(hex, 2 * sizeof mac);
}

std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string out;
  AppendWebhookSignature(secret, timestamp, body, &out);
  return out;
}

}  // namespace vingt::server::webhooks

#include "server/webhooks/payload.h"

// SHA256_Init, _Update, _Final: see ThreadHmacSha256.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sodium.h>

#include <cstring>

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
    out.record = &change.after;
    return out;
  }
  if (!change.after) {
    out.action = RecordAction::kDestroyed;
    out.record = &change.before;
    return out;
  }
  const Row& before = *change.before;
  const Row& after = *change.after;
  const uint16_t deleted_at = change.schema->deleted_at_slot;
  const bool was_deleted = deleted_at < before.slot_count() && !before.IsNull(deleted_at);
  const bool is_deleted = deleted_at < after.slot_count() && !after.IsNull(deleted_at);
  if (!was_deleted && is_deleted) {
    out.action = RecordAction::kDeleted;
    out.record = &change.before;
    return out;
  }
  if (was_deleted && !is_deleted) {
    out.action = RecordAction::kRestored;
    out.record = &change.after;
    return out;
  }
  out.action = RecordAction::kUpdated;
  out.record = &change.after;
  for (const FieldSchema& f : change.schema->fields) {
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

namespace {

// The body up to its eventDate, `{"targetUrl":...,"webhookId":"..."`: the
// same for every event of one webhook, object and action, so each thread
// keeps the last one it wrote and writes it again only when one of those
// changes. (Escaping the URL and formatting three ids costs more than
// comparing them.)
struct BodyHead {
  bool valid = false;
  storage::Uuid webhook_id, workspace_id, object_id;
  std::string target_url, object_name;
  RecordAction action = RecordAction::kCreated;
  std::string text;

  bool Matches(const storage::Webhook& webhook, const storage::ObjectSchema& schema, RecordAction a) const {
    return valid && webhook_id == webhook.id && workspace_id == webhook.workspace_id && object_id == schema.id &&
           action == a && target_url == webhook.target_url && object_name == schema.name_singular;
  }
};

const std::string& HeadOf(const storage::Webhook& webhook, const storage::ObjectSchema& schema, RecordAction action) {
  thread_local BodyHead head;
  if (head.Matches(webhook, schema, action)) return head.text;
  // Not ThreadJsonWriter(): the write that raised the event may be in the
  // middle of using that one.
  thread_local protocol::JsonWriter w;
  std::string scratch;
  auto id_text = [&scratch](const storage::Uuid& id) -> std::string_view {
    scratch.clear();
    id.AppendTo(&scratch);
    return scratch;
  };
  w.Reset();
  w.StartObject();
  w.Key("targetUrl");
  w.String(webhook.target_url);
  w.Key("eventName");
  scratch.assign(schema.name_singular).append(".").append(ActionName(action));
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
  w.EndObject();
  const std::string_view object = w.View();
  head.text.assign(object.substr(0, object.size() - 1));  // open: the members that follow come next
  head.webhook_id = webhook.id;
  head.workspace_id = webhook.workspace_id;
  head.object_id = schema.id;
  head.target_url = webhook.target_url;
  head.object_name = schema.name_singular;
  head.action = action;
  head.valid = true;
  return head.text;
}

}  // namespace

void RenderWebhookBody(const storage::Webhook& webhook, const storage::ObjectSchemaPtr& schema,
                       const ClassifiedChange& change, int64_t event_date_ms, std::string* body) {
  body->assign(HeadOf(webhook, *schema, change.action));
  char date[protocol::kMaxIsoDateTimeLength];
  body->append(",\"eventDate\":\"").append(date, protocol::FormatIsoDateTime(event_date_ms, date));
  body->append("\",\"record\":");
  // Remembered: the write's answer renders the same row next, on this
  // thread, and copies these bytes (record_codec.h).
  if (change.record && *change.record)
    body->append(RememberRecordJson(schema, *change.record));
  else
    body->append("{}");
  if (change.action == RecordAction::kUpdated) {
    body->append(",\"updatedFields\":[");
    for (size_t i = 0; i < change.updated_fields.size(); ++i) {
      if (i) body->push_back(',');
      const std::string& name = change.updated_fields[i];
      const size_t at = body->size();
      body->resize(at + protocol::MaxJsonStringLength(name.size()));
      body->resize(protocol::FormatJsonString(name, body->data() + at) - body->data());
    }
    body->push_back(']');
  }
  body->push_back('}');
}

namespace {

// HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256, which uses the CPU's SHA
// extensions where it has them: about 1 us for a 1.2 KB body where
// libsodium's portable SHA-256 takes 3.8 us, and every delivery attempt
// signs its body. Through OpenSSL's low-level SHA256_* functions (which
// OpenSSL 3 deprecates in favour of EVP but keeps): their context is a
// plain struct, so the states after the key's inner and outer pads are
// computed once per key and copied for each signature, where EVP_MAC
// allocates, copies and wipes digest contexts on every one. Each thread
// keeps the pads of the last key it signed with: a webhook's deliveries
// all use its one secret.
class ThreadHmacSha256 {
 public:
  ~ThreadHmacSha256() { Forget(); }

  void Sign(std::string_view key, std::string_view timestamp, std::string_view body,
            unsigned char (&mac)[crypto_auth_hmacsha256_BYTES]) {
    if (!keyed_ || key != key_) SetKey(key);
    SHA256_CTX c = inner_;
    SHA256_Update(&c, timestamp.data(), timestamp.size());
    SHA256_Update(&c, ":", 1);
    SHA256_Update(&c, body.data(), body.size());
    unsigned char inner_hash[SHA256_DIGEST_LENGTH];
    SHA256_Final(inner_hash, &c);
    c = outer_;
    SHA256_Update(&c, inner_hash, sizeof inner_hash);
    SHA256_Final(mac, &c);
    sodium_memzero(&c, sizeof c);
  }

 private:
  void SetKey(std::string_view key) {
    Forget();
    unsigned char block[SHA256_CBLOCK] = {};  // the key, hashed first when longer than a block
    if (key.size() > sizeof block)
      SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block);
    else
      std::memcpy(block, key.data(), key.size());
    unsigned char pad[SHA256_CBLOCK];
    for (size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&inner_);
    SHA256_Update(&inner_, pad, sizeof pad);
    for (size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&outer_);
    SHA256_Update(&outer_, pad, sizeof pad);
    sodium_memzero(block, sizeof block);
    sodium_memzero(pad, sizeof pad);
    key_.assign(key);
    keyed_ = true;
  }
  void Forget() {
    sodium_memzero(key_.data(), key_.size());
    sodium_memzero(&inner_, sizeof inner_);
    sodium_memzero(&outer_, sizeof outer_);
    keyed_ = false;
  }

  std::string key_;
  SHA256_CTX inner_{}, outer_{};
  bool keyed_ = false;
};

}  // namespace

void AppendWebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                            std::string* out) {
  thread_local ThreadHmacSha256 hmac;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  hmac.Sign(secret, timestamp, body, mac);
  AppendLowerHex(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac), out);
}

void AppendLowerHex(std::string_view bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t at = out->size();
  out->resize(at + 2 * bytes.size());
  char* p = out->data() + at;
  for (unsigned char b : bytes) {
    *p++ = kHex[b >> 4];
    *p++ = kHex[b & 15];
  }
}

std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string out;
  AppendWebhookSignature(secret, timestamp, body, &out);
  return out;
}

}  // namespace vingt::server::webhooks

#include "storage/wal_payload.h"

#include <climits>
#include <cstring>

namespace vingt::storage {
namespace {

void PutI64(std::string* out, int64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Uuid16(Uuid* u) {
    if (in_.size() < 16) return false;
    *u = Uuid::FromBytes(in_.substr(0, 16));
    in_.remove_prefix(16);
    return true;
  }
  bool I64(int64_t* v) {
    if (in_.size() < 8) return false;
    std::memcpy(v, in_.data(), 8);
    in_.remove_prefix(8);
    return true;
  }
  bool Bytes(void* dst, size_t n) {
    if (in_.size() < n) return false;
    std::memcpy(dst, in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  std::string_view Rest() const { return in_; }

 private:
  std::string_view in_;
};

std::optional<int64_t> OptionalTime(int64_t v) { return v == INT64_MIN ? std::nullopt : std::optional<int64_t>(v); }

}  // namespace

std::string EncodeWorkspace(const WorkspaceRecord& w) {
  std::string out(w.id.AsBytes());
  PutI64(&out, w.created_at_ms);
  out += w.name;
  return out;
}

Result<WorkspaceRecord> DecodeWorkspace(std::string_view payload) {
  Reader r(payload);
  WorkspaceRecord w;
  if (!r.Uuid16(&w.id) || !r.I64(&w.created_at_ms)) return Status::Corruption("short workspace record");
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
  Reader r(payload);
  RowRecord rec;
  if (!r.Uuid16(&rec.workspace_id) || !r.Uuid16(&rec.object_id)) return Status::Corruption("short row record");
  rec.row = r.Rest();
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
  Reader r(payload);
  DeleteRecord d;
  if (!r.Uuid16(&d.workspace_id) || !r.Uuid16(&d.object_id) || !r.Uuid16(&d.record_id))
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
  Reader r(payload);
  ApiKey k;
  int64_t expires, revoked;
  if (!r.Uuid16(&k.id) || !r.Uuid16(&k.workspace_id) || !r.Bytes(k.hash.data(), k.hash.size()) ||
      !r.I64(&k.created_at_ms) || !r.I64(&k.updated_at_ms) || !r.I64(&expires) || !r.I64(&revoked))
    return Status::Corruption("short api key record");
  k.expires_at_ms = OptionalTime(expires);
  k.revoked_at_ms = OptionalTime(revoked);
  k.name = std::string(r.Rest());
  return k;
}

}  // namespace vingt::storage

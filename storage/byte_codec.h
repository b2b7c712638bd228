// Little-endian framing helpers for the binary payloads of the WAL and
// snapshots (wal_payload, schema_codec). A ByteReader never reads past its
// input: every getter reports failure instead, so a damaged payload becomes
// a Corruption status in the caller, never a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "storage/uuid.h"

namespace vingt::storage {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Raw(&v, 2); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void I64(int64_t v) { Raw(&v, 8); }
  void F64(double v) { Raw(&v, 8); }
  void Id(const Uuid& u) { out_->append(u.AsBytes()); }
  // u32 length, then the bytes.
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_->append(s);
  }

 private:
  void Raw(const void* p, size_t n) { out_->append(static_cast<const char*>(p), n); }
  std::string* out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(uint8_t* v) { return Raw(v, 1); }
  bool U16(uint16_t* v) { return Raw(v, 2); }
  bool U32(uint32_t* v) { return Raw(v, 4); }
  bool I64(int64_t* v) { return Raw(v, 8); }
  bool F64(double* v) { return Raw(v, 8); }
  bool Id(Uuid* u) {
    if (in_.size() < 16) return false;
    *u = Uuid::FromBytes(in_.substr(0, 16));
    in_.remove_prefix(16);
    return true;
  }
  bool Bool(bool* b) {
    uint8_t v;
    if (!U8(&v) || v > 1) return false;
    *b = v == 1;
    return true;
  }
  bool StrView(std::string_view* s) {
    uint32_t n;
    if (!U32(&n) || in_.size() < n) return false;
    *s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool Str(std::string* s) {
    std::string_view v;
    if (!StrView(&v)) return false;
    s->assign(v);
    return true;
  }
  bool Bytes(void* dst, size_t n) { return Raw(dst, n); }
  std::string_view Rest() const { return in_; }
  bool empty() const { return in_.empty(); }

 private:
  bool Raw(void* dst, size_t n) {
    if (in_.size() < n) return false;
    std::memcpy(dst, in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  std::string_view in_;
};

}  // namespace vingt::storage

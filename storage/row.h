// A record as stored: one immutable, reference-counted block of bytes.
//
// Readers copy a RowRef under the shard lock and read it after unlocking;
// a write builds a new Row and swaps the pointer. The block is also the
// exact bytes written to the WAL and the snapshot (no re-encoding).
//
//   +----------+----------+-------------------+--------------------+-------+
//   | n  u16   | rsv u16  | null bitmap       | end offset u32 × n | data  |
//   |          |          | ceil(n/8) bytes   | (into data)        |       |
//   +----------+----------+-------------------+--------------------+-------+
//
// Slot i holds data[end[i-1] .. end[i]) (end[-1] = 0), read per the slot's
// SlotKind (field_type.h). A set null bit means SQL NULL, so "" and NULL
// differ. Slots >= n read as NULL: rows written before a field was added
// stay valid. All integers are little-endian.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/uuid.h"

namespace vingt::storage {

// The bytes of `slot` in an encoded row (RowRef::Decode's input), without
// decoding or copying it; nullopt for NULL or a malformed row.
std::optional<std::string_view> EncodedSlotBytes(std::string_view encoded, size_t slot);

// The items of a kStringList slot's bytes (u32 count, then u32 length + bytes
// each); stops at the first item that runs past the end.
std::vector<std::string_view> DecodeStringList(std::string_view bytes);

class Row {
 public:
  uint16_t slot_count() const { return Load16(0); }
  bool IsNull(size_t slot) const {
    if (slot >= slot_count()) return true;
    return (bytes()[4 + slot / 8] >> (slot % 8)) & 1;
  }
  // Raw bytes of a slot ("" for NULL).
  std::string_view Bytes(size_t slot) const;
  std::string_view Text(size_t slot) const { return Bytes(slot); }
  Uuid GetUuid(size_t slot) const;  // nil uuid if NULL
  double Number(size_t slot) const;
  bool Boolean(size_t slot) const;
  int64_t Timestamp(size_t slot) const;
  std::vector<std::string_view> StringList(size_t slot) const { return DecodeStringList(Bytes(slot)); }

  // The whole encoded block, as written to the WAL.
  std::string_view Encoded() const { return {bytes(), size_}; }
  size_t MemoryUsage() const { return sizeof(Row) + size_; }

 private:
  friend class RowRef;
  friend class RowBuilder;
  Row() = default;
  const char* bytes() const { return reinterpret_cast<const char*>(this + 1); }
  char* mutable_bytes() { return reinterpret_cast<char*>(this + 1); }
  uint16_t Load16(size_t off) const {
    uint16_t v;
    std::memcpy(&v, bytes() + off, 2);
    return v;
  }
  uint32_t Load32(size_t off) const {
    uint32_t v;
    std::memcpy(&v, bytes() + off, 4);
    return v;
  }
  size_t OffsetsStart() const { return 4 + (slot_count() + 7) / 8; }
  size_t DataStart() const { return OffsetsStart() + 4 * static_cast<size_t>(slot_count()); }

  mutable std::atomic<uint32_t> refs_{0};
  uint32_t size_ = 0;
};

// Shared ownership of an immutable Row (intrusive count: one allocation per row).
class RowRef {
 public:
  RowRef() = default;
  RowRef(const RowRef& o) : row_(o.row_) { Acquire(); }
  RowRef(RowRef&& o) noexcept : row_(std::exchange(o.row_, nullptr)) {}
  RowRef& operator=(RowRef o) noexcept {
    std::swap(row_, o.row_);
    return *this;
  }
  ~RowRef() { Release(); }

  // Validates an encoded block (from the WAL or a snapshot) and copies it.
  static Result<RowRef> Decode(std::string_view encoded);

  const Row* get() const { return row_; }
  const Row* operator->() const { return row_; }
  const Row& operator*() const { return *row_; }
  explicit operator bool() const { return row_ != nullptr; }

 private:
  friend class RowBuilder;
  explicit RowRef(Row* row) : row_(row) { Acquire(); }
  void Acquire() {
    if (row_) row_->refs_.fetch_add(1, std::memory_order_relaxed);
  }
  void Release();
  Row* row_ = nullptr;
};

// Builds a Row slot by slot. Unset slots are NULL.
class RowBuilder {
 public:
  explicit RowBuilder(size_t slot_count);
  // Starts from an existing row (copy-on-write update); grows to slot_count.
  RowBuilder(const Row& base, size_t slot_count);

  void SetNull(size_t slot);
  void SetText(size_t slot, std::string_view text);
  void SetUuid(size_t slot, const Uuid& id);
  void SetNumber(size_t slot, double value);
  void SetBoolean(size_t slot, bool value);
  void SetTimestamp(size_t slot, int64_t ms_since_epoch);
  void SetJson(size_t slot, std::string_view json) { SetText(slot, json); }
  void SetStringList(size_t slot, const std::vector<std::string>& items);
  void SetRaw(size_t slot, std::string_view bytes) { SetText(slot, bytes); }

  bool IsNull(size_t slot) const { return !values_[slot].has_value; }
  std::string_view Get(size_t slot) const { return values_[slot].bytes; }
  size_t slot_count() const { return values_.size(); }

  RowRef Build() const;

 private:
  struct Value {
    bool has_value = false;
    std::string bytes;
  };
  std::vector<Value> values_;
};

}  // namespace vingt::storage

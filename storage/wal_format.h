// The record framing shared by the WAL (wal_writer, wal_reader) and snapshot
// files (snapshot_file). The spec of the bytes on disk is wal_format.md.
//
// One record, little-endian, no padding, records back to back:
//
//   0           4           8        9           17               17+length
//   +-----------+-----------+--------+-----------+----------------+
//   | crc32c u32| length u32| type u8| lsn u64   | payload bytes  |
//   +-----------+-----------+--------+-----------+----------------+
//
//   crc    = MaskCrc(Crc32c(type, lsn, payload)): bytes [8, 17 + length)
//   length = payload length, at most kMaxWalPayload (longer: corruption)
//   type   = WalRecordType, never kZero
//   lsn    = log sequence number, strictly increasing in a WAL; 0 in snapshots
//
// The length is not under the crc, but a wrong length moves the range the
// crc is computed over, so it fails the check all the same (or runs past
// the end of the data).
//
// Thread safety: free functions over caller-owned buffers; no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "storage/crc32c.h"

namespace vingt::storage {

enum class WalRecordType : uint8_t {
  kZero = 0,  // never written: what a zero-filled (preallocated, torn) tail decodes as
  kWorkspace = 1,
  kPutRow = 2,
  kDeleteRow = 3,
  kPutKey = 4,
  kMetadata = 5,
  kShardPaths = 6,        // snapshot files only: a shard's access paths
  kWorkspaceSettings = 7,
  kPutWebhook = 8,
  kWebhookEvent = 9,
  kWebhookAttempt = 10,
  kDeleteWorkspace = 11,
  kGroupMember = 12,      // WAL only: a record of a multi-record operation (wal_group.h)
  kGroupEnd = 13,         // WAL only: that operation is complete
  kWebhookAttempts = 14,  // a batch's kWebhookAttempt records in one
  kSnapshotHeader = 100,  // first record of a snapshot file
  kSnapshotEnd = 101,     // last record of a snapshot file
};

inline constexpr size_t kWalHeaderSize = 17;
inline constexpr uint32_t kMaxWalPayload = 256u << 20;  // 256 MiB

// "kPutRow", or "type-<n>" for a value this build does not know.
inline std::string WalRecordTypeName(WalRecordType type);

// Segment files: "wal-" + 16 lowercase hex digits + ".log", numbered from 1
// and replayed in numeric order. wal-000000000000002a.log is segment 42.
inline std::string WalSegmentFileName(uint64_t segment) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "wal-0000000000000000.log";
  for (int i = 0; i < 16; ++i) name[4 + 15 - i] = kHex[(segment >> (4 * i)) & 0xf];
  return name;
}

// The segment number of a WAL file name, or nullopt for any other name.
inline std::optional<uint64_t> ParseWalSegmentFileName(std::string_view name) {
  if (name.size() != 24 || name.substr(0, 4) != "wal-" || name.substr(20) != ".log") return std::nullopt;
  uint64_t segment = 0;
  for (char c : name.substr(4, 16)) {
    int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    segment = (segment << 4) | static_cast<uint64_t>(digit);
  }
  return segment;
}

namespace wal_internal {
inline void PutFixed32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
inline void PutFixed64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
inline uint32_t GetFixed32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
inline uint64_t GetFixed64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
}  // namespace wal_internal

// Appends one framed record to *out, whose payload is `prefix` followed by
// `payload` (a group member's header and the record it wraps, without
// copying the record first).
// REQUIRES: type != kZero, prefix.size() + payload.size() <= kMaxWalPayload
// (callers check and return TooLarge; a longer record would read back as
// corruption).
inline void AppendWalRecord(std::string* out, WalRecordType type, uint64_t lsn, std::string_view payload,
                            std::string_view prefix = {}) {
  size_t start = out->size();
  out->resize(start + kWalHeaderSize);
  char* h = out->data() + start;
  wal_internal::PutFixed32(h + 4, static_cast<uint32_t>(prefix.size() + payload.size()));
  h[8] = static_cast<char>(type);
  wal_internal::PutFixed64(h + 9, lsn);
  uint32_t crc = Crc32c(h + 8, kWalHeaderSize - 8);
  if (!prefix.empty()) crc = Crc32c(prefix.data(), prefix.size(), crc);
  crc = Crc32c(payload.data(), payload.size(), crc);
  wal_internal::PutFixed32(h, MaskCrc(crc));
  out->append(prefix);
  out->append(payload);
}

enum class WalDecodeStatus : uint8_t {
  kRecord,       // a valid record; `next_offset` is where the following one starts
  kEndOfData,    // offset == buffer size: clean end
  kTruncated,    // the header or the payload runs past the end of the buffer
  kBadChecksum,  // the crc does not match
  kBadLength,    // length > kMaxWalPayload
  kBadType,      // checksum fine but type kZero (never written by vingt)
};

inline const char* WalDecodeStatusName(WalDecodeStatus status);

struct WalDecoded {
  WalDecodeStatus status = WalDecodeStatus::kEndOfData;
  WalRecordType type = WalRecordType::kZero;
  uint64_t lsn = 0;
  std::string_view payload;  // points into the decoded buffer
  size_t next_offset = 0;    // only for kRecord
};

// Decodes the record starting at buf[offset]. REQUIRES: offset <= buf.size().
// check_crc=false only for bytes whose checksums were verified already (a
// validated snapshot read a second time).
inline WalDecoded DecodeWalRecord(std::string_view buf, size_t offset, bool check_crc = true) {
  WalDecoded d;
  if (offset == buf.size()) return d;
  size_t left = buf.size() - offset;
  if (left < kWalHeaderSize) {
    d.status = WalDecodeStatus::kTruncated;
    return d;
  }
  const char* h = buf.data() + offset;
  uint32_t length = wal_internal::GetFixed32(h + 4);
  if (length > kMaxWalPayload) {
    d.status = WalDecodeStatus::kBadLength;
    return d;
  }
  if (left - kWalHeaderSize < length) {
    d.status = WalDecodeStatus::kTruncated;
    return d;
  }
  if (check_crc && UnmaskCrc(wal_internal::GetFixed32(h)) != Crc32c(h + 8, kWalHeaderSize - 8 + length)) {
    d.status = WalDecodeStatus::kBadChecksum;
    return d;
  }
  d.type = static_cast<WalRecordType>(static_cast<uint8_t>(h[8]));
  if (d.type == WalRecordType::kZero) {
    d.status = WalDecodeStatus::kBadType;
    return d;
  }
  d.status = WalDecodeStatus::kRecord;
  d.lsn = wal_internal::GetFixed64(h + 9);
  d.payload = std::string_view(h + kWalHeaderSize, length);
  d.next_offset = offset + kWalHeaderSize + length;
  return d;
}

// The first offset >= from (and <= buf.size()) where a complete record with a
// valid checksum starts, or nullopt. Used to resynchronise after a bad record
// and to tell a torn tail (nothing valid after it) from mid-file corruption.
// Cost: one header check per byte, plus a crc where the length fits.
inline std::optional<size_t> FindNextWalRecord(std::string_view buf, size_t from) {
  for (size_t off = from; off + kWalHeaderSize <= buf.size(); ++off) {
    if (DecodeWalRecord(buf, off).status == WalDecodeStatus::kRecord) return off;
  }
  return std::nullopt;
}

// True when buf[from, end) is all zero bytes (a preallocated or zero-filled
// tail left by a crash).
inline bool IsZeroTail(std::string_view buf, size_t from) {
  for (size_t i = from; i < buf.size(); ++i) {
    if (buf[i] != '\0') return false;
  }
  return true;
}

inline const char* WalDecodeStatusName(WalDecodeStatus status) {
  switch (status) {
    case WalDecodeStatus::kRecord: return "record";
    case WalDecodeStatus::kEndOfData: return "end of data";
    case WalDecodeStatus::kTruncated: return "record runs past the end of the file";
    case WalDecodeStatus::kBadChecksum: return "checksum mismatch";
    case WalDecodeStatus::kBadLength: return "record length over 256 MiB";
    case WalDecodeStatus::kBadType: return "record of type zero";
  }
  return "unknown";
}

inline std::string WalRecordTypeName(WalRecordType type) {
  switch (type) {
    case WalRecordType::kZero: return "kZero";
    case WalRecordType::kWorkspace: return "kWorkspace";
    case WalRecordType::kPutRow: return "kPutRow";
    case WalRecordType::kDeleteRow: return "kDeleteRow";
    case WalRecordType::kPutKey: return "kPutKey";
    case WalRecordType::kMetadata: return "kMetadata";
    case WalRecordType::kShardPaths: return "kShardPaths";
    case WalRecordType::kWorkspaceSettings: return "kWorkspaceSettings";
    case WalRecordType::kPutWebhook: return "kPutWebhook";
    case WalRecordType::kWebhookEvent: return "kWebhookEvent";
    case WalRecordType::kWebhookAttempt: return "kWebhookAttempt";
    case WalRecordType::kGroupMember: return "kGroupMember";
    case WalRecordType::kGroupEnd: return "kGroupEnd";
    case WalRecordType::kWebhookAttempts: return "kWebhookAttempts";
    case WalRecordType::kDeleteWorkspace: return "kDeleteWorkspace";
    case WalRecordType::kSnapshotHeader: return "kSnapshotHeader";
    case WalRecordType::kSnapshotEnd: return "kSnapshotEnd";
  }
  return "type-" + std::to_string(static_cast<unsigned>(type));
}

}  // namespace vingt::storage

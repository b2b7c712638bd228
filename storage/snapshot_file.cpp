#include "storage/snapshot_file.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace vingt::storage {

namespace {

constexpr size_t kMagicSize = 8;
constexpr size_t kHeaderPayloadSize = kMagicSize + 4 + 8;
constexpr size_t kEndPayloadSize = 8 + 4;
constexpr std::string_view kTmpSuffix = ".tmp";

// "snap-" + 16 hex digits + ".vsnap", optionally + ".tmp".
struct SnapshotName {
  uint64_t wal_segment;
  bool tmp;
};

std::optional<SnapshotName> ParseSnapshotFileName(std::string_view name) {
  bool tmp = false;
  if (name.size() > kTmpSuffix.size() && name.substr(name.size() - kTmpSuffix.size()) == kTmpSuffix) {
    tmp = true;
    name.remove_suffix(kTmpSuffix.size());
  }
  if (name.size() != 27 || name.substr(0, 5) != "snap-" || name.substr(21) != ".vsnap") return std::nullopt;
  uint64_t segment = 0;
  for (char c : name.substr(5, 16)) {
    int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    segment = (segment << 4) | static_cast<uint64_t>(digit);
  }
  return SnapshotName{segment, tmp};
}

bool IsSnapshotBodyType(WalRecordType type) {
  return type != WalRecordType::kZero && type != WalRecordType::kSnapshotHeader &&
         type != WalRecordType::kSnapshotEnd;
}

// Where the records between header and end record lie in a validated file.
struct ValidSnapshot {
  uint64_t wal_segment;
  size_t body_begin;
  size_t body_end;
};

Result<ValidSnapshot> Validate(std::string_view buf, const std::string& path) {
  auto bad = [&](size_t offset, const std::string& why) {
    return Status::Corruption("snapshot " + path + " is invalid at offset " + std::to_string(offset) + ": " + why);
  };
  WalDecoded header = DecodeWalRecord(buf, 0);
  if (header.status != WalDecodeStatus::kRecord) return bad(0, std::string("header: ") + WalDecodeStatusName(header.status));
  if (header.type != WalRecordType::kSnapshotHeader || header.payload.size() != kHeaderPayloadSize ||
      header.payload.substr(0, kMagicSize) != std::string_view(kSnapshotMagic, kMagicSize)) {
    return bad(0, "not a vingt snapshot header");
  }
  uint32_t version = wal_internal::GetFixed32(header.payload.data() + kMagicSize);
  if (version != kSnapshotFormatVersion) {
    return bad(0, "format version " + std::to_string(version) + ", this build reads version " +
                      std::to_string(kSnapshotFormatVersion));
  }
  ValidSnapshot v{wal_internal::GetFixed64(header.payload.data() + kMagicSize + 4), header.next_offset, 0};

  // The file checksum covers every byte before the end record, each
  // record's own checksum included: a first walk checks only it (the bytes
  // of a snapshot of hundreds of MB read once, not twice); if anything
  // fails, a second walk checks every record's too, to name the damaged one.
  auto walk = [&](bool check_records) -> Result<ValidSnapshot> {
    uint64_t count = 0;
    size_t offset = v.body_begin;
    for (;;) {
      WalDecoded rec = DecodeWalRecord(buf, offset, check_records);
      // The end record is outside the file checksum: its own always counts.
      if (rec.status == WalDecodeStatus::kRecord && rec.type == WalRecordType::kSnapshotEnd && !check_records)
        rec = DecodeWalRecord(buf, offset);
      if (rec.status == WalDecodeStatus::kEndOfData) return bad(offset, "no end record (file cut short)");
      if (rec.status != WalDecodeStatus::kRecord) return bad(offset, WalDecodeStatusName(rec.status));
      if (rec.type == WalRecordType::kSnapshotEnd) {
        if (rec.payload.size() != kEndPayloadSize) return bad(offset, "malformed end record");
        if (rec.next_offset != buf.size()) return bad(rec.next_offset, "bytes after the end record");
        uint64_t want_count = wal_internal::GetFixed64(rec.payload.data());
        uint32_t want_crc = UnmaskCrc(wal_internal::GetFixed32(rec.payload.data() + 8));
        if (want_count != count) {
          return bad(offset, "end record counts " + std::to_string(want_count) + " records, file has " +
                                 std::to_string(count));
        }
        if (Crc32c(buf.data(), offset) != want_crc) return bad(offset, "file checksum mismatch");
        ValidSnapshot valid = v;
        valid.body_end = offset;
        return valid;
      }
      if (!IsSnapshotBodyType(rec.type)) return bad(offset, "unexpected " + WalRecordTypeName(rec.type) + " record");
      ++count;
      offset = rec.next_offset;
    }
  };
  Result<ValidSnapshot> valid = walk(/*check_records=*/false);
  return valid.ok() ? valid : walk(/*check_records=*/true);
}

}  // namespace

std::string SnapshotFileName(uint64_t wal_segment) {
  std::string wal = WalSegmentFileName(wal_segment);  // "wal-<16 hex>.log"
  return "snap-" + wal.substr(4, 16) + ".vsnap";
}

Result<std::unique_ptr<SnapshotWriter>> SnapshotWriter::Create(FileSystem* fs, const std::string& dir,
                                                               uint64_t wal_segment) {
  VINGT_RETURN_IF_ERROR(fs->CreateDir(dir));
  std::string final_path = JoinPath(dir, SnapshotFileName(wal_segment));
  std::string tmp_path = final_path + std::string(kTmpSuffix);
  Result<std::unique_ptr<WritableFile>> file = fs->NewWritableFile(tmp_path, /*truncate=*/true);
  if (!file.ok()) return file.status();
  std::unique_ptr<SnapshotWriter> writer(
      new SnapshotWriter(fs, dir, std::move(tmp_path), std::move(final_path), std::move(file).value()));
  char header[kHeaderPayloadSize];
  std::memcpy(header, kSnapshotMagic, kMagicSize);
  wal_internal::PutFixed32(header + kMagicSize, kSnapshotFormatVersion);
  wal_internal::PutFixed64(header + kMagicSize + 4, wal_segment);
  VINGT_RETURN_IF_ERROR(writer->Write(WalRecordType::kSnapshotHeader, std::string_view(header, sizeof(header))));
  return writer;
}

SnapshotWriter::SnapshotWriter(FileSystem* fs, std::string dir, std::string tmp_path, std::string final_path,
                               std::unique_ptr<WritableFile> file)
    : fs_(fs),
      dir_(std::move(dir)),
      tmp_path_(std::move(tmp_path)),
      final_path_(std::move(final_path)),
      file_(std::move(file)) {}

SnapshotWriter::~SnapshotWriter() { Abandon(); }

Status SnapshotWriter::Write(WalRecordType type, std::string_view payload) {
  if (!file_) return Status::InvalidArgument("snapshot " + tmp_path_ + " is already committed or abandoned");
  buf_.clear();
  AppendWalRecord(&buf_, type, /*lsn=*/0, payload);
  file_crc_ = Crc32c(buf_.data(), buf_.size(), file_crc_);
  return file_->Append(buf_);
}

Status SnapshotWriter::Add(WalRecordType type, std::string_view payload) {
  if (!IsSnapshotBodyType(type)) {
    return Status::InvalidArgument("snapshot: record type " + WalRecordTypeName(type) + " is not allowed");
  }
  if (payload.size() > kMaxWalPayload) {
    return Status::TooLarge("snapshot: record of " + std::to_string(payload.size()) +
                            " bytes is over the 256 MiB limit");
  }
  VINGT_RETURN_IF_ERROR(Write(type, payload));
  ++records_;
  return Status::Ok();
}

Status SnapshotWriter::Commit() {
  if (!file_) return Status::InvalidArgument("snapshot " + tmp_path_ + " is already committed or abandoned");
  char end[kEndPayloadSize];
  wal_internal::PutFixed64(end, records_);
  wal_internal::PutFixed32(end + 8, MaskCrc(file_crc_));
  Status s = Write(WalRecordType::kSnapshotEnd, std::string_view(end, sizeof(end)));
  if (s.ok()) s = file_->Sync();
  if (s.ok()) s = file_->Close();
  if (s.ok()) s = fs_->Rename(tmp_path_, final_path_);
  if (!s.ok()) {
    Abandon();
    return s;
  }
  file_.reset();
  return fs_->SyncDir(dir_);
}

void SnapshotWriter::Abandon() {
  if (!file_) return;
  file_->Close().IgnoreError();
  file_.reset();
  fs_->Remove(tmp_path_).IgnoreError();  // best effort: a stale .tmp is ignored and removed later
}

Status RemoveAbandonedSnapshots(FileSystem* fs, const std::string& dir, std::vector<std::string>* warnings) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return names.status().code() == StatusCode::kNotFound ? Status::Ok() : names.status();
  for (const std::string& name : *names) {
    std::optional<SnapshotName> parsed = ParseSnapshotFileName(name);
    if (!parsed || !parsed->tmp) continue;
    const std::string path = JoinPath(dir, name);
    VINGT_RETURN_IF_ERROR(fs->Remove(path));
    if (warnings) warnings->push_back(path + ": incomplete snapshot (never committed), removed");
  }
  return Status::Ok();
}

Result<SnapshotInfo> FindNewestSnapshot(FileSystem* fs, const std::string& dir, std::vector<std::string>* warnings) {
  auto warn = [&](std::string text) {
    if (warnings) warnings->push_back(std::move(text));
  };
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) {
    if (names.status().code() == StatusCode::kNotFound) return Status::NotFound("no snapshot in " + dir);
    return names.status();
  }
  std::vector<std::pair<uint64_t, std::string>> candidates;
  for (const std::string& name : *names) {
    std::optional<SnapshotName> parsed = ParseSnapshotFileName(name);
    if (!parsed) continue;
    if (parsed->tmp) {
      warn(JoinPath(dir, name) + ": incomplete snapshot (never committed), ignored");
      continue;
    }
    candidates.emplace_back(parsed->wal_segment, name);
  }
  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  for (const auto& [segment, name] : candidates) {
    std::string path = JoinPath(dir, name);
    Result<std::unique_ptr<ReadOnlyFile>> file = fs->OpenReadOnly(path);
    if (!file.ok()) {
      warn(path + ": unreadable, ignored: " + file.status().message());
      continue;
    }
    Result<ValidSnapshot> valid = Validate((*file)->data(), path);
    if (!valid.ok()) {
      warn(valid.status().message() + "; ignored");
      continue;
    }
    if (valid->wal_segment != segment) {
      warn(path + ": header names WAL segment " + std::to_string(valid->wal_segment) + ", not the file's; ignored");
      continue;
    }
    return SnapshotInfo{path, segment, std::shared_ptr<const ReadOnlyFile>(std::move(file).value()),
                        valid->body_begin, valid->body_end};
  }
  return Status::NotFound("no valid snapshot in " + dir);
}

std::optional<std::pair<std::string, uint64_t>> NewestSnapshotAfter(FileSystem* fs, const std::string& dir,
                                                                    uint64_t than_segment) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return std::nullopt;
  std::optional<std::pair<std::string, uint64_t>> newest;
  for (const std::string& name : *names) {
    std::optional<SnapshotName> parsed = ParseSnapshotFileName(name);
    if (!parsed || parsed->tmp || parsed->wal_segment <= than_segment) continue;
    if (!newest || parsed->wal_segment > newest->second) newest = std::pair{JoinPath(dir, name), parsed->wal_segment};
  }
  return newest;
}

Result<SalvageReport> SalvageSnapshot(FileSystem* fs, const std::string& path,
                                      const std::function<Status(WalRecordType, std::string_view)>& fn) {
  constexpr size_t kMaxSalvagedPayload = 1 << 20;
  Result<std::unique_ptr<ReadOnlyFile>> file = fs->OpenReadOnly(path);
  if (!file.ok()) return file.status();
  const std::string_view buf = (*file)->data();
  // A record a writer of snapshots could have written here: a cheap look at
  // the type, lsn and length before the checksum is computed.
  auto valid_at = [&](size_t offset, WalDecoded* rec) {
    if (buf.size() - offset < kWalHeaderSize) return false;
    const char* h = buf.data() + offset;
    if (static_cast<WalRecordType>(static_cast<uint8_t>(h[8])) == WalRecordType::kZero) return false;
    if (wal_internal::GetFixed64(h + 9) != 0 || wal_internal::GetFixed32(h + 4) > kMaxSalvagedPayload) return false;
    *rec = DecodeWalRecord(buf, offset);
    return rec->status == WalDecodeStatus::kRecord;
  };
  SalvageReport report;
  size_t offset = 0;
  while (offset < buf.size()) {
    WalDecoded rec;
    if (!valid_at(offset, &rec)) {
      const size_t damaged = offset;
      do {
        ++offset;
      } while (offset < buf.size() && !valid_at(offset, &rec));
      ++report.damaged_stretches;
      report.bytes_skipped += offset - damaged;
      if (!report.first_damage) report.first_damage = damaged;
      if (offset >= buf.size()) break;
    }
    offset = rec.next_offset;
    if (rec.type == WalRecordType::kSnapshotEnd) break;
    if (rec.type == WalRecordType::kSnapshotHeader || rec.type == WalRecordType::kShardPaths) continue;
    if (fn(rec.type, rec.payload).ok()) ++report.records;
  }
  return report;
}

Status ReadSnapshot(FileSystem* fs, const std::string& path,
                    const std::function<Status(WalRecordType, std::string_view)>& fn, uint64_t* wal_segment) {
  Result<std::unique_ptr<ReadOnlyFile>> file = fs->OpenReadOnly(path);
  if (!file.ok()) return file.status();
  const std::string_view buf = (*file)->data();
  Result<ValidSnapshot> valid = Validate(buf, path);
  if (!valid.ok()) return valid.status();
  if (wal_segment) *wal_segment = valid->wal_segment;
  for (size_t offset = valid->body_begin; offset < valid->body_end;) {
    WalDecoded rec = DecodeWalRecord(buf, offset);  // validated above: always a record
    VINGT_RETURN_IF_ERROR(fn(rec.type, rec.payload));
    offset = rec.next_offset;
  }
  return Status::Ok();
}

Status ReadValidatedSnapshot(const SnapshotInfo& snapshot,
                             const std::function<Status(WalRecordType, std::string_view)>& fn) {
  const std::string_view buf = snapshot.file->data();
  for (size_t offset = snapshot.body_begin; offset < snapshot.body_end;) {
    WalDecoded rec = DecodeWalRecord(buf, offset, /*check_crc=*/false);
    if (rec.status != WalDecodeStatus::kRecord) return Status::Corruption(snapshot.path + ": changed since it was validated");
    VINGT_RETURN_IF_ERROR(fn(rec.type, rec.payload));
    offset = rec.next_offset;
  }
  return Status::Ok();
}

Status RemoveSnapshotsOlderThan(FileSystem* fs, const std::string& dir, uint64_t wal_segment) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return names.status();
  bool removed = false;
  for (const std::string& name : *names) {
    std::optional<SnapshotName> parsed = ParseSnapshotFileName(name);
    if (!parsed || parsed->wal_segment >= wal_segment) continue;
    Status s = fs->Remove(JoinPath(dir, name));
    if (!s.ok() && s.code() != StatusCode::kNotFound) return s;
    removed = true;
  }
  if (!removed) return Status::Ok();
  return fs->SyncDir(dir);
}

}  // namespace vingt::storage

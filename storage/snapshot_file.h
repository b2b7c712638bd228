// The snapshot FILE: its format, its atomic write and its validation. What
// goes into the records is the database layer's business.
//
// A snapshot uses the WAL record framing (wal_format.h), lsn always 0:
//
//   +--------------------------------------------------------------+
//   | kSnapshotHeader  "VINGTSNP" | version u32 (1) | wal_segment u64 |  20-byte payload
//   +--------------------------------------------------------------+
//   | record ... (any type but kZero and the two snapshot types)    |
//   +--------------------------------------------------------------+
//   | kSnapshotEnd     record count u64 | crc32c u32                 |  12-byte payload
//   +--------------------------------------------------------------+
//
//   record count = records between header and end record
//   crc32c       = MaskCrc(Crc32c(every byte of the file before the end record))
//   wal_segment  = replay the WAL from this segment after loading
//
// File name snap-<016x wal_segment>.vsnap; written as <name>.tmp, synced,
// renamed, then the directory synced, so a crash leaves either the old set of
// snapshots or the new one, plus maybe a .tmp that is ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/file.h"
#include "common/status.h"
#include "storage/wal_format.h"

namespace vingt::storage {

inline constexpr char kSnapshotMagic[] = "VINGTSNP";  // 8 bytes on disk, no NUL
inline constexpr uint32_t kSnapshotFormatVersion = 1;

// "snap-000000000000002a.vsnap" for WAL segment 42.
std::string SnapshotFileName(uint64_t wal_segment);

// Writes one snapshot file.
// Thread safety: not thread-safe; one writer per snapshot.
class SnapshotWriter {
 public:
  // Creates dir if needed and starts writing snap-<wal_segment>.vsnap.tmp
  // (replacing a stale one), header included.
  static Result<std::unique_ptr<SnapshotWriter>> Create(FileSystem* fs, const std::string& dir,
                                                        uint64_t wal_segment);
  // Abandons the snapshot unless Commit succeeded.
  ~SnapshotWriter();

  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  // Appends one record. REQUIRES: type is not kZero, kSnapshotHeader or
  // kSnapshotEnd (InvalidArgument otherwise); TooLarge over kMaxWalPayload.
  Status Add(WalRecordType type, std::string_view payload);
  // End record, Sync, Close, rename .tmp to the final name, SyncDir. After an
  // error the snapshot is abandoned (the .tmp removed).
  Status Commit();
  // Closes and removes the .tmp file. Idempotent; no-op after Commit.
  void Abandon();

  const std::string& path() const { return final_path_; }
  uint64_t records() const { return records_; }

 private:
  SnapshotWriter(FileSystem* fs, std::string dir, std::string tmp_path, std::string final_path,
                 std::unique_ptr<WritableFile> file);
  Status Write(WalRecordType type, std::string_view payload);

  FileSystem* const fs_;
  const std::string dir_;
  const std::string tmp_path_;
  const std::string final_path_;
  std::unique_ptr<WritableFile> file_;  // null once committed or abandoned
  std::string buf_;                     // reused framing buffer
  uint32_t file_crc_ = 0;               // Crc32c of every byte written so far
  uint64_t records_ = 0;
};

struct SnapshotInfo {
  std::string path;
  uint64_t wal_segment = 0;
  // The file as validated, kept open so that reading it does not map and
  // check it all over again; its records lie in [body_begin, body_end).
  std::shared_ptr<const ReadOnlyFile> file;
  size_t body_begin = 0;
  size_t body_end = 0;
};

// Removes the *.tmp files a snapshot writer left when the process died in
// the middle of a snapshot (they are never read). Called at startup, under
// the data dir's lock, so no writer of this process owns one. Appends one
// warning per file removed (warnings may be null).
Status RemoveAbandonedSnapshots(FileSystem* fs, const std::string& dir, std::vector<std::string>* warnings);

// The newest snapshot in dir that validates completely (header, every record
// crc, end record, file crc). Invalid ones and *.tmp files are skipped, with a
// warning appended to *warnings (may be null). None: NotFound.
Result<SnapshotInfo> FindNewestSnapshot(FileSystem* fs, const std::string& dir, std::vector<std::string>* warnings);

// Validates the whole file first (Corruption if anything is wrong, and fn is
// then never called), then calls fn for each record between header and end
// record, in order. Sets *wal_segment (may be null) from the header. An
// error from fn stops the iteration and is returned.
Status ReadSnapshot(FileSystem* fs, const std::string& path,
                    const std::function<Status(WalRecordType, std::string_view)>& fn, uint64_t* wal_segment);

// Calls fn for each record of a snapshot FindNewestSnapshot found (and so
// validated: checksums are not computed again), in order.
Status ReadValidatedSnapshot(const SnapshotInfo& snapshot,
                             const std::function<Status(WalRecordType, std::string_view)>& fn);

// --wal-recovery=skip-corrupt, for a damaged snapshot whose records the WAL
// no longer holds: the newest committed snapshot file in dir, if it is
// newer than `than_segment` (the newest valid one's, 0 if none), so that it
// did not validate.
std::optional<std::pair<std::string, uint64_t>> NewestSnapshotAfter(FileSystem* fs, const std::string& dir,
                                                                    uint64_t than_segment);

// What SalvageSnapshot read.
struct SalvageReport {
  uint64_t records = 0;         // handed to fn
  uint64_t damaged_stretches = 0;
  uint64_t bytes_skipped = 0;
  std::optional<uint64_t> first_damage;  // offset of the first damaged byte
};

// Reads a damaged snapshot as the WAL reader's skip-corrupt mode reads a
// damaged log: every record whose checksum holds is handed to fn, in
// order, and a damaged stretch is skipped to the next offset where a valid
// record starts (a valid snapshot record: lsn 0, a body type, a payload of
// at most 1 MiB, the crc). The header and end records are not handed on;
// neither are kShardPaths (they cover exactly the rows of a shard, which
// may now be missing some: the paths are built from the rows). An error
// from fn drops that record and goes on (a row whose object's record was
// in the damage).
Result<SalvageReport> SalvageSnapshot(FileSystem* fs, const std::string& path,
                                      const std::function<Status(WalRecordType, std::string_view)>& fn);

// Removes snapshots, and .tmp files, whose wal_segment is < wal_segment, then
// syncs dir.
Status RemoveSnapshotsOlderThan(FileSystem* fs, const std::string& dir, uint64_t wal_segment);

}  // namespace vingt::storage

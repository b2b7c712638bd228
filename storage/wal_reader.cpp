#include "storage/wal_reader.h"

#include <algorithm>
#include <optional>

namespace vingt::storage {

namespace {

constexpr const char* kCorruptionHint =
    "; start with --wal-recovery=skip-corrupt to drop it, or run vingt_walcheck";

void AddDrop(WalReplayReport* report, WalDrop drop) {
  std::string text;
  if (drop.torn_tail) {
    text = drop.file + ": torn tail at offset " + std::to_string(drop.offset) + ", " +
           std::to_string(drop.bytes) + " bytes dropped (" + drop.reason + ")";
  } else if (drop.bytes == 0) {
    text = drop.file + ": " + drop.reason;
  } else {
    text = drop.file + ": corruption at offset " + std::to_string(drop.offset) + ", " +
           std::to_string(drop.bytes) + " bytes skipped (" + drop.reason + ")";
  }
  report->warnings.push_back(std::move(text));
  report->drops.push_back(std::move(drop));
}

Status CorruptionAt(const std::string& file, uint64_t offset, const std::string& reason) {
  return Status::Corruption("WAL corruption in " + file + " at offset " + std::to_string(offset) + ": " + reason +
                            kCorruptionHint);
}

// Replays one segment. `last` is true for the newest one, the only place a
// torn tail may be.
Status ReplaySegment(FileSystem* fs, const std::string& path, bool last, WalRecoveryMode mode,
                     const WalApplyFn& apply, WalReplayReport* report) {
  Result<std::unique_ptr<ReadOnlyFile>> file = fs->OpenReadOnly(path);
  if (!file.ok()) return file.status();
  const std::string_view buf = (*file)->data();
  size_t offset = 0;
  for (;;) {
    WalDecoded rec = DecodeWalRecord(buf, offset);
    if (rec.status == WalDecodeStatus::kRecord) {
      VINGT_RETURN_IF_ERROR(apply(rec.type, rec.lsn, rec.payload));
      ++report->records;
      report->last_lsn = std::max(report->last_lsn, rec.lsn);
      offset = rec.next_offset;
      continue;
    }
    if (rec.status == WalDecodeStatus::kEndOfData) return Status::Ok();

    std::string reason = WalDecodeStatusName(rec.status);
    // A crash mid-append leaves a partial record, zeros or garbage at the end
    // of the newest segment, and never a valid record after it. A valid
    // record after the damage means bytes in the middle went bad.
    const bool zero_tail = IsZeroTail(buf, offset);
    std::optional<size_t> next = zero_tail ? std::nullopt : FindNextWalRecord(buf, offset + 1);
    if (last && !next) {
      if (zero_tail) reason = "zero-filled tail";
      if (mode == WalRecoveryMode::kAbsoluteConsistency) {
        return Status::Corruption("WAL torn tail in " + path + " at offset " + std::to_string(offset) + ": " +
                                  reason + " (" + std::to_string(buf.size() - offset) +
                                  " bytes); start with the default --wal-recovery to cut it off");
      }
      VINGT_RETURN_IF_ERROR(fs->Truncate(path, offset));
      AddDrop(report, WalDrop{path, offset, buf.size() - offset, true, reason});
      return Status::Ok();
    }
    if (mode != WalRecoveryMode::kSkipCorrupt) return CorruptionAt(path, offset, reason);
    size_t resume = next.value_or(buf.size());
    AddDrop(report, WalDrop{path, offset, resume - offset, false, reason});
    offset = resume;
  }
}

}  // namespace

Result<std::vector<uint64_t>> ListWalSegments(FileSystem* fs, const std::string& dir) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) {
    if (names.status().code() == StatusCode::kNotFound) return std::vector<uint64_t>{};
    return names.status();
  }
  std::vector<uint64_t> segments;
  for (const std::string& name : *names) {
    if (std::optional<uint64_t> n = ParseWalSegmentFileName(name)) segments.push_back(*n);
  }
  std::sort(segments.begin(), segments.end());
  return segments;
}

Result<WalReplayReport> ReplayWal(FileSystem* fs, const std::string& dir, uint64_t first_segment,
                                  WalRecoveryMode mode, const WalApplyFn& apply,
                                  const std::function<void(uint64_t segment)>& segment_done) {
  Result<std::vector<uint64_t>> all = ListWalSegments(fs, dir);
  if (!all.ok()) return all.status();
  std::vector<uint64_t> segments;
  for (uint64_t s : *all) {
    if (s >= first_segment) segments.push_back(s);
  }

  WalReplayReport report;
  report.last_segment = first_segment > 0 ? first_segment - 1 : 0;
  if (!all->empty()) report.last_segment = std::max(report.last_segment, all->back());

  uint64_t expected = first_segment;
  for (size_t i = 0; i < segments.size(); ++i) {
    const uint64_t segment = segments[i];
    const std::string path = JoinPath(dir, WalSegmentFileName(segment));
    // A segment is created only after the previous one is synced, and only
    // segments older than a snapshot's are deleted, so a hole means lost data.
    if ((i > 0 || first_segment > 0) && segment != expected) {
      std::string reason = "segment " + WalSegmentFileName(expected) +
                           (segment - expected > 1 ? " to " + WalSegmentFileName(segment - 1) : "") +
                           " missing before this one";
      if (mode != WalRecoveryMode::kSkipCorrupt) {
        return Status::Corruption("WAL corruption in " + path + ": " + reason + kCorruptionHint);
      }
      AddDrop(&report, WalDrop{path, 0, 0, false, reason});
    }
    expected = segment + 1;
    VINGT_RETURN_IF_ERROR(ReplaySegment(fs, path, i + 1 == segments.size(), mode, apply, &report));
    if (segment_done) segment_done(segment);
  }
  return report;
}

}  // namespace vingt::storage

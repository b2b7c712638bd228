// WAL replay at startup: reads every segment from a starting number, hands
// each record to the caller, cuts off a torn tail and reports (or, on
// request, skips) corruption. Rules in wal_format.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file.h"
#include "common/status.h"
#include "storage/wal_format.h"

namespace vingt::storage {

// What to do with damage, like rocksdb's WALRecoveryMode.
enum class WalRecoveryMode {
  // Default. A torn tail of the last segment (crash mid-write) is cut off
  // with a warning; any other damage stops the replay with Corruption.
  kTolerateTornTail,
  // As kTolerateTornTail, but damage elsewhere is skipped, with a warning
  // giving the bytes dropped (--wal-recovery=skip-corrupt).
  kSkipCorrupt,
  // Any damage, even a torn tail, is an error; nothing is truncated.
  kAbsoluteConsistency,
};

// One stretch of bytes the replay did not apply.
struct WalDrop {
  std::string file;       // path of the segment
  uint64_t offset = 0;    // where the dropped bytes start
  uint64_t bytes = 0;     // how many (0 for a missing segment)
  bool torn_tail = false; // a torn tail (truncated away) rather than corruption (skipped)
  std::string reason;
};

struct WalReplayReport {
  uint64_t records = 0;       // records passed to apply
  uint64_t last_lsn = 0;      // highest lsn seen; 0 if none
  // Highest segment number present, or first_segment - 1 if that is higher
  // (no segment at or past the snapshot's yet): open last_segment + 1 for new
  // writes, which is then never below first_segment.
  uint64_t last_segment = 0;
  std::vector<std::string> warnings;  // human text: file, offset, bytes dropped
  std::vector<WalDrop> drops;         // the same, for tools
};

using WalApplyFn = std::function<Status(WalRecordType type, uint64_t lsn, std::string_view payload)>;

// Replays every segment numbered >= first_segment in dir, in order, calling
// apply for each record. An error from apply stops the replay and is
// returned as is. A torn tail of the last segment is truncated on disk
// (fs->Truncate) unless mode is kAbsoluteConsistency.
// Segments from first_segment on must be consecutive (a gap is corruption);
// when first_segment >= 1 the lowest one present must be first_segment.
// Pass 1 when there is no snapshot, so that a lost segment 1 is noticed;
// 0 replays whatever is there without that check (tools).
// A missing dir is an empty log. `segment_done` (may be empty) is called
// after each segment's last record (storage/wal_group_replay.h: no group
// spans two segments).
Result<WalReplayReport> ReplayWal(FileSystem* fs, const std::string& dir, uint64_t first_segment,
                                  WalRecoveryMode mode, const WalApplyFn& apply,
                                  const std::function<void(uint64_t segment)>& segment_done = {});

// Segment numbers of the wal-*.log files in dir, ascending. A missing dir
// has none.
Result<std::vector<uint64_t>> ListWalSegments(FileSystem* fs, const std::string& dir);

}  // namespace vingt::storage

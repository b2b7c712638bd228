// One multi-record operation in the WAL, replayed whole or not at all.
//
// Twenty runs a batch create, a bulk update / delete / destroy / restore, a
// merge and a destroy with its cascade each in one transaction. vingt
// applies such an operation a record at a time, and each record is logged
// when it is applied (under its shard lock, so the log order of two writes
// to one record stays their apply order). A crash in the middle of the
// operation could then leave some of its records durable and not others.
//
// So while a WalGroup lives, every record its thread appends to `wal`
// becomes a member:
//
//   kGroupMember: group id (u64) | wrapped type (u8) | wrapped payload
//   kGroupEnd:    group id (u64) | members (u32)
//
// The group id is the LSN of the first member. End() logs kGroupEnd once
// the operation is done; recovery (wal_group_replay.h) applies a group's
// members only when that end is in the log, so an operation cut short by
// a crash (never acknowledged: its caller awaits the end's LSN) is
// dropped whole.
//
// Snapshots: Database::Snapshot takes its view while no group is open
// (HoldGroupsOut), so a snapshot never holds part of an operation whose
// end might not be logged.
//
// A WalGroup is thread-bound: the operation must run on the thread that
// made it, start to end (no co_await in between). A WalGroup made while
// another one of the same log is open on the thread joins that one (a
// destroy's cascade inside a bulk destroy): only the outermost logs the end.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/wal_format.h"

namespace vingt::storage {

class ChangeWatermark;
class WalWriter;

class WalGroup {
 public:
  // `wal` null: a no-op (tables without a log, tests). `changes` (may be
  // null) is raised to the end's LSN, so a reader that saw a member awaits
  // the end too (change_watermark.h).
  WalGroup(WalWriter* wal, ChangeWatermark* changes);
  ~WalGroup();  // End() if not called
  WalGroup(const WalGroup&) = delete;
  WalGroup& operator=(const WalGroup&) = delete;

  // Logs the end, if any record joined the group; returns its LSN (0 if
  // nothing was logged, for a joined group, or when the log refused it:
  // then the members' own LSNs report the log's error to their waiters).
  uint64_t End();

 private:
  WalWriter* wal_ = nullptr;  // null: inert (no log, joined or ended)
  ChangeWatermark* changes_ = nullptr;
};

// When the operation open on this thread (a group of `wal`) is durable:
// done(status) is called once its end is (WalWriter::OnDurable's rules),
// or with the log's error if the end cannot be logged. Returns false, and
// does nothing (`done` is left as it was, for the caller's other path),
// when no group of `wal` is open on this thread. For what
// must wait for the whole operation, not for one of its members (a webhook
// delivery of one record of a batch: a member durable before a crash
// whose end is not is replayed as nothing).
bool WhenOpenGroupDurable(WalWriter* wal, std::function<void(Status)>&& done);
// Whether an operation (a group of `wal`) is open on this thread: whether
// WhenOpenGroupDurable would take a callback now.
bool GroupOpenOnThisThread(const WalWriter* wal);

namespace wal_group_internal {
// The group open on this thread, for WalWriter::Append.
struct OpenGroup {
  WalWriter* wal = nullptr;
  uint64_t id = 0;  // LSN of the first member; 0 before it
  uint32_t members = 0;
  std::vector<std::function<void(Status)>> when_durable;  // WhenOpenGroupDurable
};
OpenGroup* CurrentGroup();
}  // namespace wal_group_internal

inline constexpr size_t kGroupMemberPrefixSize = 9;

// The prefix of a kGroupMember payload (the wrapped payload follows it).
inline void EncodeGroupMemberPrefix(uint64_t group_id, WalRecordType wrapped, char out[kGroupMemberPrefixSize]) {
  wal_internal::PutFixed64(out, group_id);
  out[8] = static_cast<char>(wrapped);
}

struct GroupMemberRecord {
  uint64_t group_id = 0;
  WalRecordType type = WalRecordType::kZero;
  std::string_view payload;  // borrowed from the member's payload
};
Result<GroupMemberRecord> DecodeGroupMember(std::string_view payload);

struct GroupEndRecord {
  uint64_t group_id = 0;
  uint32_t members = 0;
};
std::string EncodeGroupEnd(const GroupEndRecord& end);
Result<GroupEndRecord> DecodeGroupEnd(std::string_view payload);

}  // namespace vingt::storage

// Recovery's side of WalGroup (wal_group.h): the records of a multi-record
// operation are applied when the operation's kGroupEnd is reached, and not
// at all if the log ends first (a crash cut the operation short; it was
// never acknowledged).
//
// Every WAL record passes through Add, in log order, and EndOfSegment after
// each segment. A group's members are held back, then applied in their
// order at its end; a group still open at the end of its segment never
// ends (see EndOfSegment) and is dropped. Other records are
// applied at once, with two exceptions to "held back":
//   - A later record (outside the group, or of another group) that writes a
//     row a held member wrote: live, that writer saw the member's row, so
//     the member is applied first, keeping the log order for that row. Its
//     writer depended on the operation; had it been acknowledged it stays,
//     whatever becomes of the group.
//   - A metadata change or a workspace deletion: rows logged before it were
//     migrated (or dropped) by it live, so every held member is applied
//     first. A crash between such a change and the end of a group that was
//     in flight around it keeps the group's records logged before the change.
// Both are races of an unacknowledged operation with another write, in the
// microseconds the operation takes in memory.
//
// Thread safety: none; recovery is single-threaded here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/uuid.h"
#include "storage/wal_format.h"

namespace vingt::storage {

class GroupReplay {
 public:
  // The row a kPutRow / kDeleteRow writes: its table (an identity only;
  // tables outlive the replay) and its id.
  struct RowKey {
    const void* table = nullptr;
    Uuid record_id;
    friend bool operator==(const RowKey&, const RowKey&) = default;
  };
  // Applies one (unwrapped) record.
  using ApplyFn = std::function<Status(WalRecordType type, std::string_view payload)>;
  // The row a record writes; nullopt for other records (and rows of
  // objects recovery does not know).
  using KeyFn = std::function<std::optional<RowKey>(WalRecordType type, std::string_view payload)>;

  GroupReplay(ApplyFn apply, KeyFn key_of) : apply_(std::move(apply)), key_of_(std::move(key_of)) {}

  Status Add(WalRecordType type, std::string_view payload);

  // The end of a segment: the groups still open never end. A group never
  // spans two segments: within a run the log switches segments only at a
  // snapshot's rotation, which waits until no group is open, and each run
  // writes to segments of its own. So a group cut short by a crash is
  // forgotten here, before the records of the next run, which it must not
  // touch (a later metadata change would otherwise apply it).
  void EndOfSegment();

  // The end of the log: forgets the groups that never ended, and says how
  // many there were (in every segment).
  struct Dropped {
    size_t groups = 0;
    size_t records = 0;
  };
  Dropped Finish();

 private:
  struct Member {
    WalRecordType type;
    std::string payload;
    std::optional<RowKey> key;
    bool applied = false;  // ahead of the end, for a later writer of its row
  };
  struct Group {
    std::vector<Member> members;
  };
  struct KeyHash {
    size_t operator()(const RowKey& k) const { return k.record_id.Hash() ^ std::hash<const void*>()(k.table); }
  };

  // Applies the held members of `group_id` that write `key` (all of them
  // when key is null), in order.
  Status ApplyAhead(uint64_t group_id, const std::optional<RowKey>& key);
  // Before a record that writes `key`: the members of other groups that
  // wrote it go first.
  Status BeforeWriting(const RowKey& key, uint64_t writer_group);

  ApplyFn apply_;
  KeyFn key_of_;
  Dropped dropped_;
  std::map<uint64_t, Group> open_;  // by group id (first member's LSN): log order
  // The group whose held member last wrote a row, for rows held back only.
  std::unordered_map<RowKey, uint64_t, KeyHash> held_rows_;
};

}  // namespace vingt::storage

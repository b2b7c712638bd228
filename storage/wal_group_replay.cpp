#include "storage/wal_group_replay.h"

#include <utility>

#include "storage/wal_group.h"

namespace vingt::storage {

Status GroupReplay::Add(WalRecordType type, std::string_view payload) {
  switch (type) {
    case WalRecordType::kGroupMember: {
      Result<GroupMemberRecord> m = DecodeGroupMember(payload);
      if (!m.ok()) return std::move(m).TakeStatus();
      std::optional<RowKey> key;
      if (m->type == WalRecordType::kPutRow || m->type == WalRecordType::kDeleteRow) key = key_of_(m->type, m->payload);
      if (key) VINGT_RETURN_IF_ERROR(BeforeWriting(*key, m->group_id));
      open_[m->group_id].members.push_back(Member{m->type, std::string(m->payload), key});
      if (key) held_rows_[*key] = m->group_id;
      return Status::Ok();
    }
    case WalRecordType::kGroupEnd: {
      Result<GroupEndRecord> end = DecodeGroupEnd(payload);
      if (!end.ok()) return std::move(end).TakeStatus();
      auto it = open_.find(end->group_id);
      if (it == open_.end()) return Status::Ok();  // its members were all ahead of the replay's start
      Status st = ApplyAhead(end->group_id, std::nullopt);
      for (const Member& member : it->second.members) {
        if (!member.key) continue;
        auto held = held_rows_.find(*member.key);
        if (held != held_rows_.end() && held->second == end->group_id) held_rows_.erase(held);
      }
      open_.erase(it);
      return st;
    }
    case WalRecordType::kMetadata:
    case WalRecordType::kDeleteWorkspace:
      // Rows logged before it were migrated or dropped with it live.
      for (const auto& [id, group] : open_) VINGT_RETURN_IF_ERROR(ApplyAhead(id, std::nullopt));
      held_rows_.clear();
      return apply_(type, payload);
    case WalRecordType::kPutRow:
    case WalRecordType::kDeleteRow:
      if (!held_rows_.empty()) {
        if (std::optional<RowKey> key = key_of_(type, payload)) VINGT_RETURN_IF_ERROR(BeforeWriting(*key, 0));
      }
      return apply_(type, payload);
    default:
      return apply_(type, payload);
  }
}

Status GroupReplay::BeforeWriting(const RowKey& key, uint64_t writer_group) {
  auto held = held_rows_.find(key);
  if (held == held_rows_.end() || held->second == writer_group) return Status::Ok();
  const uint64_t group_id = held->second;
  held_rows_.erase(held);
  return ApplyAhead(group_id, key);
}

Status GroupReplay::ApplyAhead(uint64_t group_id, const std::optional<RowKey>& key) {
  auto it = open_.find(group_id);
  if (it == open_.end()) return Status::Ok();
  for (Member& member : it->second.members) {
    if (member.applied || (key && member.key != key)) continue;
    member.applied = true;
    VINGT_RETURN_IF_ERROR(apply_(member.type, member.payload));
    std::string().swap(member.payload);
  }
  return Status::Ok();
}

void GroupReplay::EndOfSegment() {
  for (const auto& [id, group] : open_) {
    size_t held = 0;
    for (const Member& member : group.members) held += member.applied ? 0 : 1;
    if (held == 0) continue;
    ++dropped_.groups;
    dropped_.records += held;
  }
  open_.clear();
  held_rows_.clear();
}

GroupReplay::Dropped GroupReplay::Finish() {
  EndOfSegment();
  return std::exchange(dropped_, Dropped{});
}

}  // namespace vingt::storage

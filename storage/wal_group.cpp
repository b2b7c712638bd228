#include "storage/wal_group.h"

#include "storage/change_watermark.h"
#include "storage/wal_writer.h"

namespace vingt::storage {

namespace wal_group_internal {
namespace {
// One per thread: groups do not nest (an inner one joins), so one slot is
// enough; `wal` null means none is open.
thread_local OpenGroup open_group;
}  // namespace
OpenGroup* CurrentGroup() { return open_group.wal ? &open_group : nullptr; }
}  // namespace wal_group_internal

using wal_group_internal::open_group;

WalGroup::WalGroup(WalWriter* wal, ChangeWatermark* changes) {
  if (!wal) return;
  wal_group_internal::OpenGroup* current = wal_group_internal::CurrentGroup();
  if (current) return;  // joins the open one (or another log's: left alone)
  wal->EnterGroup();
  wal_ = wal;
  changes_ = changes;
  open_group = wal_group_internal::OpenGroup{wal, 0, 0, {}};
}

WalGroup::~WalGroup() { End(); }

uint64_t WalGroup::End() {
  if (!wal_) return 0;
  WalWriter* wal = wal_;
  wal_ = nullptr;
  wal_group_internal::OpenGroup group = std::move(open_group);
  open_group = {};  // closed first: the end is not a member
  uint64_t lsn = 0;
  Status end_status;
  if (group.id != 0) {
    Result<uint64_t> appended = wal->Append(WalRecordType::kGroupEnd, EncodeGroupEnd({group.id, group.members}));
    if (appended.ok()) {
      lsn = *appended;
      if (changes_) changes_->Raise(lsn);
    } else {
      end_status = appended.status();
    }
  }
  wal->LeaveGroup();
  for (std::function<void(Status)>& done : group.when_durable) {
    if (!end_status.ok())
      done(end_status);
    else if (lsn == 0)
      done(Status::Ok());  // nothing was logged: nothing to wait for
    else
      wal->OnDurable(lsn, std::move(done));
  }
  return lsn;
}

bool WhenOpenGroupDurable(WalWriter* wal, std::function<void(Status)>&& done) {
  wal_group_internal::OpenGroup* group = wal_group_internal::CurrentGroup();
  if (!group || group->wal != wal) return false;
  group->when_durable.push_back(std::move(done));
  return true;
}

bool GroupOpenOnThisThread(const WalWriter* wal) {
  const wal_group_internal::OpenGroup* group = wal_group_internal::CurrentGroup();
  return group && group->wal == wal;
}

Result<GroupMemberRecord> DecodeGroupMember(std::string_view payload) {
  if (payload.size() < kGroupMemberPrefixSize) return Status::Corruption("group member record too short");
  GroupMemberRecord m;
  m.group_id = wal_internal::GetFixed64(payload.data());
  m.type = static_cast<WalRecordType>(static_cast<uint8_t>(payload[8]));
  if (m.group_id == 0) return Status::Corruption("group member record with group id 0");
  if (m.type == WalRecordType::kZero || m.type == WalRecordType::kGroupMember || m.type == WalRecordType::kGroupEnd)
    return Status::Corruption("group member record wrapping " + WalRecordTypeName(m.type));
  m.payload = payload.substr(kGroupMemberPrefixSize);
  return m;
}

std::string EncodeGroupEnd(const GroupEndRecord& end) {
  std::string out(12, '\0');
  wal_internal::PutFixed64(out.data(), end.group_id);
  wal_internal::PutFixed32(out.data() + 8, end.members);
  return out;
}

Result<GroupEndRecord> DecodeGroupEnd(std::string_view payload) {
  if (payload.size() != 12) return Status::Corruption("group end record of " + std::to_string(payload.size()) + " bytes");
  GroupEndRecord end{wal_internal::GetFixed64(payload.data()), wal_internal::GetFixed32(payload.data() + 8)};
  if (end.group_id == 0) return Status::Corruption("group end record with group id 0");
  return end;
}

}  // namespace vingt::storage

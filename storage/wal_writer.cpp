#include "storage/wal_writer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <utility>

#include "common/request_budget.h"
#include "storage/wal_group.h"

namespace vingt::storage {

Result<std::unique_ptr<WalWriter>> WalWriter::Open(FileSystem* fs, WalOptions options, uint64_t segment,
                                                   uint64_t next_lsn) {
  if (next_lsn == 0) return Status::InvalidArgument("WAL: next_lsn must be at least 1");
  if (options.dir.empty()) return Status::InvalidArgument("WAL: no directory given");
  VINGT_RETURN_IF_ERROR(fs->CreateDir(options.dir));
  // A record must never land in a segment that replays before records
  // already on disk.
  Result<std::vector<std::string>> names = fs->ListDir(options.dir);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    std::optional<uint64_t> existing = ParseWalSegmentFileName(name);
    if (existing && *existing >= segment) {
      return Status::InvalidArgument("WAL: cannot open segment " + WalSegmentFileName(segment) + " in " +
                                     options.dir + ": " + name + " already exists");
    }
  }
  std::string path = JoinPath(options.dir, WalSegmentFileName(segment));
  Result<std::unique_ptr<WritableFile>> file = fs->NewWritableFile(path, /*truncate=*/true);
  if (!file.ok()) return file.status();
  VINGT_RETURN_IF_ERROR(fs->SyncDir(options.dir));
  return std::unique_ptr<WalWriter>(
      new WalWriter(fs, std::move(options), segment, next_lsn, std::move(file).value()));
}

WalWriter::WalWriter(FileSystem* fs, WalOptions options, uint64_t segment, uint64_t next_lsn,
                     std::unique_ptr<WritableFile> file)
    : fs_(fs),
      options_(std::move(options)),
      next_segment_(segment + 1),
      synced_lsn_(next_lsn - 1),
      written_lsn_(next_lsn - 1),
      last_lsn_(next_lsn - 1),
      durable_lsn_(next_lsn - 1),
      file_(std::move(file)),
      current_segment_(segment) {
  chunks_.emplace_back();
  thread_ = std::thread(&WalWriter::Run, this);
}

WalWriter::~WalWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
  if (file_) {
    const uint64_t size = file_->Size();
    if (file_->Close().ok()) ReleaseReservation(current_segment_.load(std::memory_order_relaxed), size);
    // (a failure here was already made sticky by the final sync)
  }
}

Status WalWriter::StickyErrorLocked() const {
  return Status::IOError("WAL refused writes after an earlier failure: " + error_.message());
}

Status WalWriter::sticky_error() const {
  std::lock_guard lock(mu_);
  return error_;
}

Status WalWriter::CheckRoom() const {
  if (!room_short_.load(std::memory_order_acquire)) return Status::Ok();
  std::lock_guard lock(mu_);
  return Status::Unavailable("No space left on device: writes are refused until disk space is freed (" + room_error_ +
                             ")");
}

void WalWriter::KeepRoom() {
  if (options_.reserve_bytes == 0) return;
  const uint64_t size = file_->Size();
  const bool short_of_room = room_short_.load(std::memory_order_relaxed);
  if (!short_of_room && reserved_end_ >= size + options_.reserve_bytes / 2) return;
  Status reserved = file_->Reserve(size + options_.reserve_bytes);
  if (reserved.ok()) {
    reserved_end_ = size + options_.reserve_bytes;
    if (short_of_room) {
      std::lock_guard lock(mu_);
      room_error_.clear();
      room_short_.store(false, std::memory_order_release);
      std::fprintf(stderr, "vingt: disk space is back: writes are accepted again\n");
    }
    return;
  }
  std::lock_guard lock(mu_);
  if (!short_of_room)
    std::fprintf(stderr, "vingt: the disk is full: writes are refused until space is freed (%s)\n",
                 reserved.message().c_str());
  room_error_ = reserved.message();
  room_short_.store(true, std::memory_order_release);
}

bool WalWriter::HasPendingLocked() const { return chunks_.size() > 1 || !chunks_.front().bytes.empty(); }

Result<uint64_t> WalWriter::Append(WalRecordType type, std::string_view payload) {
  if (type == WalRecordType::kZero) return Status::InvalidArgument("WAL: record type zero is reserved");
  // The request computing on this thread has changed something: it runs
  // to its end from here on (common/request_budget.h).
  ForgoRequestBudget();
  // A record of the operation open on this thread is wrapped as its member.
  wal_group_internal::OpenGroup* group = wal_group_internal::CurrentGroup();
  if (group && group->wal != this) group = nullptr;
  const size_t prefix_size = group ? kGroupMemberPrefixSize : 0;
  if (payload.size() > kMaxWalPayload - prefix_size) {
    return Status::TooLarge("WAL: record of " + std::to_string(payload.size()) + " bytes is over the 256 MiB limit");
  }
  std::unique_lock lock(mu_);
  if (!error_.ok()) return StickyErrorLocked();
  if (stop_) return Status::Unavailable("WAL is shutting down");
  uint64_t lsn = last_lsn_.load(std::memory_order_relaxed) + 1;
  Chunk& chunk = chunks_.back();
  size_t before = chunk.bytes.size();
  if (group) {
    if (group->id == 0) group->id = lsn;
    ++group->members;
    char prefix[kGroupMemberPrefixSize];
    EncodeGroupMemberPrefix(group->id, type, prefix);
    AppendWalRecord(&chunk.bytes, WalRecordType::kGroupMember, lsn, payload,
                    std::string_view(prefix, sizeof prefix));
  } else {
    AppendWalRecord(&chunk.bytes, type, lsn, payload);
  }
  chunk.last_lsn = lsn;
  last_lsn_.store(lsn, std::memory_order_release);
  bytes_since_rotate_.fetch_add(chunk.bytes.size() - before, std::memory_order_relaxed);
  return lsn;  // the writer is woken by whoever waits for it (see the header)
}

void WalWriter::EnterGroup() {
  std::unique_lock lock(group_mu_);
  group_cv_.wait(lock, [&] { return !groups_held_out_; });
  ++open_groups_;
}

void WalWriter::LeaveGroup() {
  std::lock_guard lock(group_mu_);
  if (--open_groups_ == 0 && groups_held_out_) group_cv_.notify_all();
}

WalWriter::GroupsHeldOut WalWriter::HoldGroupsOut() {
  std::unique_lock lock(group_mu_);
  // One holder at a time (snapshots are serialized anyway).
  group_cv_.wait(lock, [&] { return !groups_held_out_; });
  groups_held_out_ = true;  // no new group from here on
  group_cv_.wait(lock, [&] { return open_groups_ == 0; });
  return GroupsHeldOut(this);
}

WalWriter::GroupsHeldOut::~GroupsHeldOut() {
  if (!wal_) return;
  {
    std::lock_guard lock(wal_->group_mu_);
    wal_->groups_held_out_ = false;
  }
  wal_->group_cv_.notify_all();
}

void WalWriter::OnDurable(uint64_t lsn, std::function<void(Status)> done) { AddWaiter(lsn, std::move(done), true); }

void WalWriter::OnDurableWithoutWaking(uint64_t lsn, std::function<void(Status)> done) {
  AddWaiter(lsn, std::move(done), false);
}

void WalWriter::AddWaiter(uint64_t lsn, std::function<void(Status)> done, bool wake_writer) {
  std::unique_lock lock(mu_);
  if (lsn <= durable_lsn_.load(std::memory_order_relaxed)) {
    lock.unlock();
    done(Status::Ok());
    return;
  }
  if (lsn > last_lsn_.load(std::memory_order_relaxed)) {
    lock.unlock();
    done(Status::InvalidArgument("WAL: lsn " + std::to_string(lsn) + " was never appended"));
    return;
  }
  if (!error_.ok()) {
    Status error = error_;
    lock.unlock();
    done(std::move(error));
    return;
  }
  waiters_.push_back(Waiter{lsn, waiter_seq_++, std::move(done), wake_writer});
  if (wake_writer) ++eager_waiters_;
  std::push_heap(waiters_.begin(), waiters_.end(), LaterWaiter());
  // One notify per idle period: while the writer is busy it will find this
  // record on its next round without being told.
  const bool wake = wake_writer && writer_idle_;
  if (wake) writer_idle_ = false;
  lock.unlock();
  if (wake) work_cv_.notify_one();
}

Status WalWriter::WaitDurable(uint64_t lsn) {
  std::promise<Status> promise;
  std::future<Status> future = promise.get_future();
  OnDurable(lsn, [&promise](Status s) { promise.set_value(std::move(s)); });
  return future.get();
}

Result<uint64_t> WalWriter::Rotate() {
  std::unique_lock lock(mu_);
  if (!error_.ok()) return StickyErrorLocked();
  if (stop_) return Status::Unavailable("WAL is shutting down");
  uint64_t segment = next_segment_++;
  chunks_.back().rotate_to = segment;
  chunks_.emplace_back();
  bytes_since_rotate_.store(0, std::memory_order_relaxed);
  bool wake = writer_idle_;
  writer_idle_ = false;
  lock.unlock();
  if (wake) work_cv_.notify_one();
  return segment;
}

Status WalWriter::Flush() {
  std::unique_lock lock(mu_);
  if (!error_.ok()) return error_;
  uint64_t generation = ++flush_requested_;
  writer_idle_ = false;
  work_cv_.notify_one();
  flush_cv_.wait(lock, [&] { return flush_completed_ >= generation; });
  return error_;
}

Status WalWriter::DeleteSegmentsBefore(uint64_t segment) {
  VINGT_RETURN_IF_ERROR(Flush());  // so that every Rotate so far has switched files
  uint64_t current = current_segment_.load(std::memory_order_acquire);
  Result<std::vector<std::string>> names = fs_->ListDir(options_.dir);
  if (!names.ok()) return names.status();
  bool removed = false;
  for (const std::string& name : *names) {
    std::optional<uint64_t> n = ParseWalSegmentFileName(name);
    if (!n || *n >= segment || *n >= current) continue;
    Status s = fs_->Remove(JoinPath(options_.dir, name));
    if (!s.ok() && s.code() != StatusCode::kNotFound) return s;
    removed = true;
  }
  if (!removed) return Status::Ok();
  return fs_->SyncDir(options_.dir);
}

// A closed segment gives back the space it held past its end (truncating a
// file to its own size frees blocks reserved beyond it).
void WalWriter::ReleaseReservation(uint64_t segment, uint64_t size) {
  if (options_.reserve_bytes == 0) return;
  fs_->Truncate(JoinPath(options_.dir, WalSegmentFileName(segment)), size).IgnoreError();  // only space is at stake
}

Status WalWriter::SwitchSegment(uint64_t segment) {
  VINGT_RETURN_IF_ERROR(file_->Sync());
  file_unsynced_ = false;
  const uint64_t old_size = file_->Size();
  VINGT_RETURN_IF_ERROR(file_->Close());
  ReleaseReservation(current_segment_.load(std::memory_order_relaxed), old_size);
  std::string path = JoinPath(options_.dir, WalSegmentFileName(segment));
  Result<std::unique_ptr<WritableFile>> file = fs_->NewWritableFile(path, /*truncate=*/true);
  if (!file.ok()) return file.status();
  file_ = std::move(file).value();
  current_segment_.store(segment, std::memory_order_release);
  reserved_end_ = 0;
  KeepRoom();
  return fs_->SyncDir(options_.dir);
}

Status WalWriter::WriteChunks(std::deque<Chunk>& chunks, bool sync) {
  for (Chunk& chunk : chunks) {
    if (!chunk.bytes.empty()) {
      VINGT_RETURN_IF_ERROR(file_->Append(chunk.bytes));
      stats_.bytes_written.fetch_add(chunk.bytes.size(), std::memory_order_relaxed);
      file_unsynced_ = true;
    }
    if (chunk.rotate_to != 0) VINGT_RETURN_IF_ERROR(SwitchSegment(chunk.rotate_to));
  }
  VINGT_RETURN_IF_ERROR(file_->Flush());  // in the OS now: survives kill -9
  if (sync && file_unsynced_) {
    const auto started = std::chrono::steady_clock::now();
    VINGT_RETURN_IF_ERROR(file_->Sync());
    stats_.sync_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    file_unsynced_ = false;
  }
  return Status::Ok();
}

void WalWriter::Run() {
  using Clock = std::chrono::steady_clock;
  const bool batch = options_.durability == Durability::kBatch;
  const auto batch_interval = std::chrono::milliseconds(options_.batch_interval_ms);
  Clock::time_point next_batch_sync = Clock::now();

  // The segment's first reservation, before any record is accepted for it.
  KeepRoom();
  constexpr auto kRoomRetry = std::chrono::milliseconds(200);
  Clock::time_point next_room_retry = Clock::now() + kRoomRetry;

  std::unique_lock lock(mu_);
  for (;;) {
    // Since when records nobody waits for have been pending (none: epoch).
    Clock::time_point unawaited_since{};
    for (;;) {
      if (stop_ || flush_requested_ != flush_completed_) break;
      if (HasPendingLocked()) {
        // Written once someone waits for one of them or a later one, or
        // kUnawaitedWriteDelay after they were seen: records nobody waits
        // for (webhook delivery attempts) do not cost a commit of their
        // own, even while the writer is busy, but ride with the next one.
        if (eager_waiters_ > 0 || chunks_.size() > 1 || !error_.ok()) break;  // a waiter, a rotation
        const Clock::time_point now = Clock::now();
        if (unawaited_since == Clock::time_point{}) unawaited_since = now;
        if (now - unawaited_since >= kUnawaitedWriteDelay) break;
      }
      // Short of room: a round with nothing to write, to try again.
      const bool room_retry = room_short_.load(std::memory_order_relaxed) && error_.ok();
      if (room_retry && Clock::now() >= next_room_retry) break;
      writer_idle_ = true;
      const bool batch_due = batch && file_unsynced_ && error_.ok();
      if (batch_due && Clock::now() >= next_batch_sync) break;
      if (batch_due || room_retry) {
        work_cv_.wait_until(lock, !batch_due ? next_room_retry
                                             : !room_retry ? next_batch_sync
                                                           : std::min(next_batch_sync, next_room_retry));
      } else {
        // Bounded, for records appended and not waited for meanwhile.
        work_cv_.wait_until(lock, (unawaited_since == Clock::time_point{} ? Clock::now() : unawaited_since) +
                                      kUnawaitedWriteDelay);
      }
      writer_idle_ = false;
    }
    writer_idle_ = false;

    // Take everything queued so far; appenders fill a fresh chunk meanwhile.
    const bool stopping = stop_;
    const uint64_t flush_generation = flush_requested_;
    const bool flush_wanted = flush_generation != flush_completed_;
    const uint64_t target_lsn = last_lsn_.load(std::memory_order_relaxed);
    const Status prior_error = error_;
    std::deque<Chunk> work;
    if (HasPendingLocked()) {
      work.swap(chunks_);
      chunks_.emplace_back();
      chunks_.back().bytes = std::move(spare_);
    }
    lock.unlock();

    bool synced = false;
    Status s;
    if (prior_error.ok()) {
      // Records queued before a failure are never written: their waiters
      // get the error, and no later write can follow a hole in the file.
      const Clock::time_point now = Clock::now();
      synced = options_.durability == Durability::kAlways || flush_wanted || stopping ||
               (batch && now >= next_batch_sync);
      s = WriteChunks(work, synced);
      if (synced && batch) next_batch_sync = now + batch_interval;
      if (s.ok()) {
        KeepRoom();
        if (room_short_.load(std::memory_order_relaxed)) next_room_retry = Clock::now() + kRoomRetry;
      }
    }
    if (!work.empty()) {
      spare_ = std::move(work.front().bytes);
      spare_.clear();
    }

    lock.lock();
    if (prior_error.ok()) {
      if (s.ok()) {
        if (target_lsn > written_lsn_)
          stats_.records_per_commit.Observe(static_cast<double>(target_lsn - written_lsn_));
        written_lsn_ = target_lsn;
        if (synced) synced_lsn_ = target_lsn;
        durable_lsn_.store(options_.durability == Durability::kAlways ? synced_lsn_ : written_lsn_,
                           std::memory_order_release);
      } else {
        error_ = std::move(s);
        std::fprintf(stderr, "vingt: the WAL failed and refuses every write until restart: %s\n",
                     error_.ToString().c_str());
      }
    }
    flush_completed_ = std::max(flush_completed_, flush_generation);

    // Callbacks run without mu_: they may Append, and must not make an
    // appender wait for them.
    std::vector<std::function<void(Status)>> ready;
    const uint64_t durable = durable_lsn_.load(std::memory_order_relaxed);
    while (!waiters_.empty() && waiters_.front().lsn <= durable) {
      std::pop_heap(waiters_.begin(), waiters_.end(), LaterWaiter());
      if (waiters_.back().eager) --eager_waiters_;
      ready.push_back(std::move(waiters_.back().done));
      waiters_.pop_back();
    }
    const size_t ready_ok = ready.size();
    const Status error = error_;
    if (!error.ok()) {
      for (Waiter& w : waiters_) ready.push_back(std::move(w.done));
      waiters_.clear();
      eager_waiters_ = 0;
    }
    flush_cv_.notify_all();
    lock.unlock();
    for (size_t i = 0; i < ready.size(); ++i) ready[i](i < ready_ok ? Status::Ok() : error);
    ready.clear();
    lock.lock();

    if (stopping && !HasPendingLocked() && waiters_.empty() && flush_requested_ == flush_completed_) break;
  }
}

}  // namespace vingt::storage

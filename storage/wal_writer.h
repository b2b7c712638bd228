// The log writer: group commit, durability policy, sticky error.
//
// Appenders (request handlers holding a shard lock) only frame their record
// into an in-memory pending buffer under mu_ and get an LSN back; one
// background thread swaps the buffer out, writes it with one Append, and
// fdatasyncs (policy kAlways), so concurrent writers share one fsync. After
// a write or sync fails the log is broken for good (sticky error): it refuses
// new records and fails every waiter not yet durable, until restart.
//
// A full disk is not such a failure when it is seen coming: the writer
// thread keeps WalOptions::reserve_bytes of disk space reserved past the end
// of the segment (WritableFile::Reserve), topped up whenever half is used,
// so the records it writes land in space it already holds. When a top-up
// fails, the log is short of room (CheckRoom answers Unavailable): callers
// refuse new operations before they change anything, while operations
// already under way finish in what is left of the reservation. The thread
// tries again every 200 ms, and once it succeeds writes are accepted again,
// without a restart. Only an operation that outgrows the whole reservation
// meanwhile meets ENOSPC on write, which is sticky.
//
// Segment files are named wal-<16 lowercase hex digits>.log; see
// wal_format.md.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/histogram.h"
#include "storage/file.h"
#include "common/status.h"
#include "storage/wal_format.h"

namespace vingt::storage {

// When a record counts as durable (Redis' appendfsync):
//   kAlways: written and fdatasync'ed.
//   kBatch:  written to the OS (survives kill -9 of the process); the writer
//            also fdatasyncs at most every batch_interval_ms.
//   kNone:   written to the OS; never fdatasync'ed except at Rotate, Flush and
//            shutdown.
enum class Durability { kAlways, kBatch, kNone };

// What the writer has done, for /metrics (server/metrics/): updated by
// the writer thread, read from any thread.
struct WalStats {
  std::atomic<uint64_t> bytes_written{0};  // framed record bytes handed to the OS
  // One per fdatasync, in seconds.
  Histogram sync_seconds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  // Records written by one group commit (one write, at most one sync).
  Histogram records_per_commit{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
};

struct WalOptions {
  std::string dir;
  Durability durability = Durability::kAlways;
  uint32_t batch_interval_ms = 10;
  // Disk space held ahead of the segment's end; 0: none (a full disk then
  // fails a write, and the log, as any other write error does).
  uint64_t reserve_bytes = 64ull << 20;
};

// Thread safety: every method may be called from any thread, concurrently.
// Destruction must not race with other calls.
class WalWriter {
 public:
  // Creates the NEW segment `segment` in options.dir (creating the directory;
  // an existing segment file is an error) and starts the writer thread. The
  // first record gets LSN next_lsn. REQUIRES: next_lsn >= 1 (0 is the LSN of
  // snapshot records).
  static Result<std::unique_ptr<WalWriter>> Open(FileSystem* fs, WalOptions options, uint64_t segment,
                                                 uint64_t next_lsn);

  // Flush (write + fdatasync), stop the thread, close the segment. Waiters
  // still pending are called (with OK if the final flush worked).
  ~WalWriter();

  WalWriter(const WalWriter&) = delete;
  WalWriter& operator=(const WalWriter&) = delete;

  // Assigns the next LSN and queues the framed record; file order == LSN
  // order. Cheap (a mutex, a crc, a memcpy); never touches the disk, so it may
  // be called while holding a shard lock. Nothing is queued on error:
  // TooLarge for a payload over kMaxWalPayload, IOError once the log has a
  // sticky error, Unavailable while shutting down.
  //
  // It does not wake the writer thread: a record is written once someone
  // waits for it or a later one (OnDurable, WaitDurable, Flush and Rotate
  // wake the thread), so the records one operation appends before it
  // waits go out in one commit. A write that raises a webhook event logs
  // the row, then the event; were the writer woken by the row, it would
  // often take the row alone and the write would wait for two fsyncs.
  // A record nobody waits for (a webhook delivery attempt) is written with
  // the next commit, or within kUnawaitedWriteDelay.
  static constexpr std::chrono::milliseconds kUnawaitedWriteDelay{100};
  Result<uint64_t> Append(WalRecordType type, std::string_view payload);

  // Calls done(status) exactly once, when record `lsn` is durable under the
  // policy (OK) or can never be (the sticky error; a record already durable
  // before a failure stays OK). Runs on the writer
  // thread without any lock held, or inline on the caller's thread when the
  // answer is already known. done must not block on this WalWriter (no
  // WaitDurable/Flush/Rotate inside it); Append is fine.
  // An lsn never returned by Append gets InvalidArgument.
  void OnDurable(uint64_t lsn, std::function<void(Status)> done);
  // OnDurable without waking the writer: for a listener that follows
  // records others wait for (webhook deliveries follow the writes that
  // raised them). Woken by it, the writer would start a commit before the
  // rest of those writes' records are in, splitting their group commit in
  // two. `done` comes with the next commit anyone asks for, or within
  // kUnawaitedWriteDelay.
  void OnDurableWithoutWaking(uint64_t lsn, std::function<void(Status)> done);

  // Blocks until OnDurable(lsn) answers; for tools and tests.
  Status WaitDurable(uint64_t lsn);

  // Records appended after Rotate() returns go to a new segment, whose
  // number is returned. The writer thread switches files at that point in the
  // stream: writes and syncs the old segment, closes it, creates the new one
  // and syncs the directory.
  Result<uint64_t> Rotate();

  // Flushes (so every Rotate so far has taken effect), then removes the
  // segments numbered < segment, never the one being written, and syncs the
  // directory. For after a snapshot made them redundant.
  Status DeleteSegmentsBefore(uint64_t segment);

  // Writes and fdatasyncs everything appended before the call, whatever the
  // policy (shutdown, snapshots). Returns the sticky error if there is one.
  Status Flush();

  uint64_t last_lsn() const { return last_lsn_.load(std::memory_order_acquire); }
  uint64_t durable_lsn() const { return durable_lsn_.load(std::memory_order_acquire); }
  // Framed bytes appended since Open or the last Rotate (snapshot trigger).
  uint64_t bytes_since_rotate() const { return bytes_since_rotate_.load(std::memory_order_relaxed); }
  Status sticky_error() const;
  const WalStats& stats() const { return stats_; }

  // Multi-record operations (wal_group.h). While a WalGroup is open on a
  // thread, Append wraps that thread's records as its members. A group holds
  // the gate below from its start to its end.
  void EnterGroup();  // blocks while HoldGroupsOut is held
  void LeaveGroup();
  // While the returned guard lives no group is open and none starts, so a
  // snapshot taken meanwhile never holds part of an operation. Waits for
  // the open ones to end (they are short: in-memory work, no I/O). Take it
  // before any lock a group may wait for (shard, index, metadata locks).
  class GroupsHeldOut {
   public:
    explicit GroupsHeldOut(WalWriter* wal) : wal_(wal) {}
    GroupsHeldOut(GroupsHeldOut&& other) noexcept : wal_(std::exchange(other.wal_, nullptr)) {}
    GroupsHeldOut(const GroupsHeldOut&) = delete;
    GroupsHeldOut& operator=(const GroupsHeldOut&) = delete;
    ~GroupsHeldOut();

   private:
    WalWriter* wal_;
  };
  [[nodiscard]] GroupsHeldOut HoldGroupsOut();

  // Whether a new operation may start writing: Unavailable ("No space left
  // on device ...") while the reservation could not be topped up, else Ok.
  // Lock-free when there is room. The sticky error is Append's to report.
  Status CheckRoom() const;

 private:
  // OnDurable (wake_writer) and OnDurableWithoutWaking.
  void AddWaiter(uint64_t lsn, std::function<void(Status)> done, bool wake_writer);
  // A run of framed records bound for one segment. A chunk with
  // rotate_to != 0 ends its segment: what follows goes to segment rotate_to.
  struct Chunk {
    std::string bytes;
    uint64_t last_lsn = 0;  // of the last record in bytes; 0 if none
    uint64_t rotate_to = 0;
  };
  struct Waiter {
    uint64_t lsn;
    uint64_t seq;  // FIFO among equal lsns
    std::function<void(Status)> done;
    bool eager;  // OnDurable's, not OnDurableWithoutWaking's: the writer commits for it
  };
  // Heap order: the waiter with the smallest (lsn, seq) on top.
  struct LaterWaiter {
    bool operator()(const Waiter& a, const Waiter& b) const { return a.lsn != b.lsn ? a.lsn > b.lsn : a.seq > b.seq; }
  };

  WalWriter(FileSystem* fs, WalOptions options, uint64_t segment, uint64_t next_lsn,
            std::unique_ptr<WritableFile> file);

  void Run();
  // Writes the chunks to the segment files (switching at rotations), then
  // syncs if asked. Writer thread only; called without mu_ held.
  Status WriteChunks(std::deque<Chunk>& chunks, bool sync);
  // Syncs and closes the current segment, creates `segment`, syncs the dir.
  Status SwitchSegment(uint64_t segment);
  // Tops the reservation of the current segment up to reserve_bytes past
  // its end when less than half is left (or while short of room); sets or
  // clears room_short_. Writer thread only, without mu_.
  void KeepRoom();
  void ReleaseReservation(uint64_t segment, uint64_t size);
  bool HasPendingLocked() const;
  Status StickyErrorLocked() const;

  FileSystem* const fs_;
  const WalOptions options_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;   // writer thread: new work, flush request, stop
  std::condition_variable flush_cv_;  // Flush callers: a round completed
  // Guarded by mu_:
  std::deque<Chunk> chunks_;          // never empty; back() takes new records
  uint64_t next_segment_;             // number the next Rotate returns
  uint64_t synced_lsn_;               // records <= this are fdatasync'ed
  uint64_t written_lsn_;              // records <= this are handed to the OS
  uint64_t flush_requested_ = 0;      // generation counters for Flush()
  uint64_t flush_completed_ = 0;
  uint64_t waiter_seq_ = 0;
  std::vector<Waiter> waiters_;       // a heap ordered by LaterWaiter
  size_t eager_waiters_ = 0;          // of waiters_
  Status error_;  // sticky
  bool writer_idle_ = false;
  bool stop_ = false;

  // Readable without mu_; written under mu_.
  std::atomic<uint64_t> last_lsn_;
  std::atomic<uint64_t> durable_lsn_;
  std::atomic<uint64_t> bytes_since_rotate_{0};
  WalStats stats_;

  // Owned by the writer thread (and by Open/~WalWriter when it is not running).
  std::unique_ptr<WritableFile> file_;
  std::atomic<uint64_t> current_segment_;  // the file being written; read by DeleteSegmentsBefore
  bool file_unsynced_ = false;
  uint64_t reserved_end_ = 0;  // the current segment holds space up to here

  // Set by the writer thread when a reservation failed, cleared when one
  // succeeds; room_error_ (under mu_) says why.
  std::atomic<bool> room_short_{false};
  std::string room_error_;
  std::string spare_;  // a drained chunk buffer, reused to avoid reallocation

  // The group gate (EnterGroup / HoldGroupsOut); its own lock, never held
  // with mu_.
  std::mutex group_mu_;
  std::condition_variable group_cv_;
  size_t open_groups_ = 0;     // GUARDED_BY(group_mu_)
  bool groups_held_out_ = false;  // GUARDED_BY(group_mu_)

  std::thread thread_;
};

}  // namespace vingt::storage

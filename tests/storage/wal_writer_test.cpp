#include "storage/wal_writer.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/fault_injection_file.h"
#include "storage/wal_reader.h"
#include "tests/storage/wal_test_log.h"

BOOST_TEST_DONT_PRINT_LOG_VALUE(vingt::StatusCode)

namespace vingt::storage {
namespace {

const std::string& kDir = testing::kWalDir;
using Rec = testing::WalRec;
using testing::AppendOk;
using testing::OpenWal;
using testing::ReadLog;

// Lets a test hold the writer thread inside its next Sync.
class SyncGate {
 public:
  explicit SyncGate(FaultInjectionFileSystem* fs) : fs_(fs) {
    fs_->SetSyncHook([this] {
      std::unique_lock lock(mu_);
      if (used_) return;
      used_ = entered_ = true;
      cv_.notify_all();
      cv_.wait(lock, [this] { return released_; });
    });
  }
  ~SyncGate() {
    Release();
    fs_->SetSyncHook(nullptr);
  }
  void WaitEntered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return entered_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  FaultInjectionFileSystem* fs_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool used_ = false, entered_ = false, released_ = false;
};

BOOST_AUTO_TEST_SUITE(wal_writer)

BOOST_AUTO_TEST_CASE(AppendAssignsConsecutiveLsnsFromNextLsn) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways, 7, 100);
  BOOST_TEST(w->last_lsn() == 99u);
  BOOST_TEST(AppendOk(*w, "a") == 100u);
  BOOST_TEST(AppendOk(*w, "b", WalRecordType::kDeleteRow) == 101u);
  BOOST_TEST(w->last_lsn() == 101u);
  BOOST_TEST(w->WaitDurable(101).ok());
  BOOST_TEST(w->durable_lsn() == 101u);
  BOOST_TEST(w->bytes_since_rotate() == 2 * (kWalHeaderSize + 1));
  std::vector<Rec> log = ReadLog(&fs);
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[0].lsn == 100u);
  BOOST_TEST(log[0].payload == "a");
  BOOST_TEST(log[1].lsn == 101u);
  BOOST_TEST((log[1].type == WalRecordType::kDeleteRow));
  BOOST_TEST(fs.Exists(kDir + "/wal-0000000000000007.log"));
}

BOOST_AUTO_TEST_CASE(OpenRefusesBadArguments) {
  FaultInjectionFileSystem fs;
  WalOptions options;
  options.dir = kDir;
  BOOST_TEST(WalWriter::Open(&fs, options, 1, 0).status().code() == StatusCode::kInvalidArgument);
  { auto w = OpenWal(&fs, Durability::kAlways, 5); }
  // Segment 5 exists: neither it nor an older number may be opened.
  BOOST_TEST(WalWriter::Open(&fs, options, 5, 1).status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(WalWriter::Open(&fs, options, 3, 1).status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(WalWriter::Open(&fs, options, 6, 1).ok());
}

BOOST_AUTO_TEST_CASE(AppendRefusesTypeZeroAndHugePayload) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_TEST(w->Append(WalRecordType::kZero, "x").status().code() == StatusCode::kInvalidArgument);
  // Append rejects on size before reading a byte, so the view's bytes are never touched.
  char byte = 0;
  std::string_view huge(&byte, size_t{kMaxWalPayload} + 1);
  BOOST_TEST(w->Append(WalRecordType::kPutRow, huge).status().code() == StatusCode::kTooLarge);
  BOOST_TEST(w->last_lsn() == 0u);
  BOOST_TEST(w->sticky_error().ok());
}

BOOST_AUTO_TEST_CASE(OnDurableAnswersInlineWhenKnown) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  uint64_t lsn = AppendOk(*w, "x");
  BOOST_REQUIRE(w->WaitDurable(lsn).ok());
  bool called = false;
  w->OnDurable(lsn, [&](Status s) {
    BOOST_TEST(s.ok());
    called = true;
  });
  BOOST_TEST(called);
  Status never;
  w->OnDurable(lsn + 5, [&](Status s) { never = s; });
  BOOST_TEST(never.code() == StatusCode::kInvalidArgument);
}

// Power fails while an appender is busy: everything acknowledged before the
// failure is on "disk" afterwards.
BOOST_AUTO_TEST_CASE(AckedRecordsSurvivePowerLossUnderAlways) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  std::mutex mu;
  std::condition_variable cv;
  std::set<uint64_t> acked;
  std::atomic<int> failures{0};
  std::thread appender([&] {
    for (int i = 0; i < 3000; ++i) {
      Result<uint64_t> lsn = w->Append(WalRecordType::kPutRow, "record-" + std::to_string(i));
      if (!lsn.ok()) {
        ++failures;
        return;
      }
      w->OnDurable(*lsn, [&, l = *lsn](Status s) {
        if (!s.ok()) ++failures;
        std::lock_guard lock(mu);
        acked.insert(l);
        cv.notify_all();
      });
    }
  });
  std::set<uint64_t> acked_at_crash;
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return acked.size() >= 500; });
    acked_at_crash = acked;
    fs.DropUnsyncedData();  // under mu: nothing is acknowledged in between
  }
  appender.join();
  w.reset();
  BOOST_TEST(failures.load() == 0);
  std::set<uint64_t> on_disk;
  for (const Rec& r : ReadLog(&fs)) {
    on_disk.insert(r.lsn);
    BOOST_TEST(r.payload == "record-" + std::to_string(r.lsn - 1));
  }
  for (uint64_t lsn : acked_at_crash) BOOST_TEST(on_disk.count(lsn) == 1u, "acked lsn " << lsn << " lost");
}

// Appending does not wake an idle writer; waiting does. Twenty records
// appended 5 ms apart with nobody waiting cost a few commits (each at most
// kUnawaitedWriteDelay after a record came), where a wake-up each would
// cost twenty; the first wait carries them all. So a row and the webhook
// event its write raises, appended one after the other, share one commit.
BOOST_AUTO_TEST_CASE(RecordsNobodyWaitsForRideWithTheNextCommit) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "first")).ok());
  const size_t syncs_before = fs.sync_count();
  uint64_t last = 0;
  for (int i = 0; i < 20; ++i) {
    last = AppendOk(*w, "quiet-" + std::to_string(i), WalRecordType::kWebhookAttempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  BOOST_TEST(fs.sync_count() - syncs_before <= 6u);
  BOOST_REQUIRE(w->WaitDurable(last).ok());
  fs.DropUnsyncedData();
  std::vector<Rec> log = ReadLog(&fs);
  BOOST_TEST_REQUIRE(log.size() == 21u);
  for (int i = 0; i < 20; ++i) BOOST_TEST(log[1 + i].payload == "quiet-" + std::to_string(i));
}

// Two records appended back to back and then waited for go out in one
// commit, however long the gap between the appends (a webhook body is
// rendered between a row and its event).
BOOST_AUTO_TEST_CASE(AnOperationsRecordsShareOneCommit) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "first")).ok());
  size_t syncs = 0;
  for (int round = 0; round < 5; ++round) {
    // The writer idle again (not still on its way back from the last commit).
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const size_t syncs_before = fs.sync_count();
    AppendOk(*w, "row");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "event", WalRecordType::kWebhookEvent)).ok());
    syncs += fs.sync_count() - syncs_before;
  }
  // Five, or six if the writer's bounded sleep ended between a row and its
  // event once; a writer woken by each row makes it ten.
  BOOST_TEST(syncs <= 6u);
}

// With nothing after it and nobody waiting, a record is still written:
// within kUnawaitedWriteDelay, not at the next wait whenever that comes.
BOOST_AUTO_TEST_CASE(ARecordNobodyWaitsForIsWrittenSoon) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "first")).ok());
  const uint64_t lsn = AppendOk(*w, "alone", WalRecordType::kWebhookAttempt);
  // Waits for an event, measures nothing: 10 s is a hundred times the bound.
  for (int i = 0; i < 1000 && w->durable_lsn() < lsn; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  BOOST_TEST(w->durable_lsn() >= lsn);
  fs.DropUnsyncedData();
  BOOST_TEST(ReadLog(&fs).back().payload == "alone");
}

// A listener of records that others wait for (OnDurableWithoutWaking)
// does not start a commit of its own, which would take a write's row
// without its event: it is told by the commit the write asks for. And
// with nobody else asking, it is still told, within kUnawaitedWriteDelay.
BOOST_AUTO_TEST_CASE(AListenerThatDoesNotWakeTheWriterRidesWithTheNextCommit) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "first")).ok());
  size_t syncs = 0;
  std::atomic<int> told{0};
  for (int round = 0; round < 5; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the writer idle again
    const size_t syncs_before = fs.sync_count();
    const uint64_t row = AppendOk(*w, "row");
    w->OnDurableWithoutWaking(row, [&](Status s) { told += s.ok() ? 1 : 100; });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "event", WalRecordType::kWebhookEvent)).ok());
    syncs += fs.sync_count() - syncs_before;
    // Told on the writer thread before WaitDurable's own waiter (a lower lsn).
    BOOST_TEST(told.load() == round + 1);
  }
  // Five, or six if the writer's bounded sleep ended between a row and its
  // event once; woken by each listener, ten.
  BOOST_TEST(syncs <= 6u);

  const uint64_t alone = AppendOk(*w, "alone", WalRecordType::kWebhookAttempt);
  std::promise<Status> later;
  w->OnDurableWithoutWaking(alone, [&](Status s) { later.set_value(std::move(s)); });
  // Waits for an event, measures nothing: 10 s is a hundred times the bound.
  auto answer = later.get_future();
  BOOST_TEST_REQUIRE((answer.wait_for(std::chrono::seconds(10)) == std::future_status::ready));
  BOOST_TEST(answer.get().ok());
}

BOOST_AUTO_TEST_CASE(NoneWritesToTheOsButNeverSyncsUntilFlush) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kNone);
  uint64_t lsn = AppendOk(*w, "hello");
  BOOST_REQUIRE(w->WaitDurable(lsn).ok());
  BOOST_TEST(ReadLog(&fs).size() == 1u);  // visible to another process: survives kill -9
  BOOST_TEST(fs.sync_count() == 0u);
  BOOST_REQUIRE(w->Flush().ok());
  BOOST_TEST(fs.sync_count() == 1u);
  fs.DropUnsyncedData();
  BOOST_TEST(ReadLog(&fs).size() == 1u);
}

BOOST_AUTO_TEST_CASE(NoneLosesUnflushedRecordsOnPowerLoss) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kNone);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "volatile")).ok());
  fs.DropUnsyncedData();
  BOOST_TEST(ReadLog(&fs).empty());
}

BOOST_AUTO_TEST_CASE(BatchAcksAfterWriteAndSyncsOnItsOwn) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kBatch);  // batch_interval_ms = 1
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "b1")).ok());
  BOOST_TEST(ReadLog(&fs).size() == 1u);
  // Waits for an event, measures nothing: the periodic sync must come.
  for (int i = 0; i < 10000 && fs.sync_count() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  BOOST_TEST(fs.sync_count() >= 1u);
  fs.DropUnsyncedData();
  BOOST_TEST(ReadLog(&fs).size() == 1u);
}

BOOST_AUTO_TEST_CASE(DestructorFlushes) {
  FaultInjectionFileSystem fs;
  {
    auto w = OpenWal(&fs, Durability::kNone);
    AppendOk(*w, "last words");
  }
  fs.DropUnsyncedData();
  std::vector<Rec> log = ReadLog(&fs);
  BOOST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0].payload == "last words");
}

BOOST_AUTO_TEST_CASE(FailedSyncIsSticky) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, "before")).ok());
  fs.SetFailSync(true);
  uint64_t lsn = AppendOk(*w, "doomed");
  Status s = w->WaitDurable(lsn);
  BOOST_TEST(s.code() == StatusCode::kIOError);
  BOOST_TEST(w->durable_lsn() == 1u);
  fs.SetFailSync(false);  // the disk "recovers"; the log must not
  Result<uint64_t> next = w->Append(WalRecordType::kPutRow, "after");
  BOOST_TEST(next.status().code() == StatusCode::kIOError);
  BOOST_TEST(next.status().message().find("WAL refused writes after an earlier failure") != std::string::npos);
  BOOST_TEST(!w->sticky_error().ok());
  BOOST_TEST(!w->WaitDurable(lsn).ok());  // asking again never turns into success
  BOOST_TEST(w->WaitDurable(1).ok());     // durable before the failure: still true
  BOOST_TEST(!w->Flush().ok());
  BOOST_TEST(!w->Rotate().ok());
  BOOST_TEST(w->last_lsn() == 2u);
}

// A full disk seen coming is not a failure (issue 14): the writer holds
// space ahead of the segment's end, so the records it writes never meet
// ENOSPC; when it cannot top that up, CheckRoom refuses new operations
// while the log stays healthy, and once space returns writes go on without
// a restart.
BOOST_AUTO_TEST_CASE(AFullDiskRefusesWritesAheadAndTheyResumeWhenSpaceReturns) {
  FaultInjectionFileSystem fs;
  WalOptions options;
  options.dir = kDir;
  options.durability = Durability::kAlways;
  options.reserve_bytes = 64 * 1024;
  fs.SetSpaceLimit(256 * 1024);
  auto opened = WalWriter::Open(&fs, options, 1, 1);
  BOOST_REQUIRE(opened.ok());
  std::unique_ptr<WalWriter> w = std::move(opened).value();
  const std::string payload(1000, 'x');
  size_t acked = 0;
  for (int i = 0; i < 1000 && w->CheckRoom().ok(); ++i) {
    BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, payload)).ok());
    ++acked;
  }
  Status room = w->CheckRoom();
  BOOST_TEST(room.code() == StatusCode::kUnavailable);
  BOOST_TEST(room.message().find("No space left on device") != std::string::npos, room.message());
  BOOST_TEST(acked > 150u);  // 256 KiB less the reservation, in 1 KiB records
  BOOST_TEST(w->sticky_error().ok());
  // An operation already under way finishes in what is left of the reservation.
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, payload)).ok());
  ++acked;
  // Still short while the disk is full (retried every 200 ms)...
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  BOOST_TEST(!w->CheckRoom().ok());
  // ...and writable again once space returns, without a restart.
  fs.SetSpaceLimit(0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!w->CheckRoom().ok() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  BOOST_REQUIRE(w->CheckRoom().ok());
  BOOST_REQUIRE(w->WaitDurable(AppendOk(*w, payload)).ok());
  ++acked;
  BOOST_TEST(w->sticky_error().ok());
  w.reset();
  BOOST_TEST(ReadLog(&fs).size() == acked);
}

// Without a reservation a full disk fails a write, and that is sticky.
BOOST_AUTO_TEST_CASE(WithoutAReservationAFullDiskIsAStickyWriteFailure) {
  FaultInjectionFileSystem fs;
  WalOptions options;
  options.dir = kDir;
  options.reserve_bytes = 0;
  fs.SetSpaceLimit(4096);
  auto opened = WalWriter::Open(&fs, options, 1, 1);
  BOOST_REQUIRE(opened.ok());
  std::unique_ptr<WalWriter> w = std::move(opened).value();
  BOOST_TEST(w->CheckRoom().ok());
  const uint64_t lsn = AppendOk(*w, std::string(8192, 'x'));
  Status s = w->WaitDurable(lsn);
  BOOST_TEST(s.code() == StatusCode::kIOError);
  BOOST_TEST(s.message().find("No space left on device") != std::string::npos, s.message());
  fs.SetSpaceLimit(0);
  BOOST_TEST(!w->Append(WalRecordType::kPutRow, "after").ok());
}

BOOST_AUTO_TEST_CASE(FailedWriteIsSticky) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kNone);
  fs.SetFailAppend(true);
  uint64_t lsn = AppendOk(*w, "doomed");
  BOOST_TEST(w->WaitDurable(lsn).code() == StatusCode::kIOError);
  fs.SetFailAppend(false);
  BOOST_TEST(w->Append(WalRecordType::kPutRow, "after").status().code() == StatusCode::kIOError);
}

BOOST_AUTO_TEST_CASE(EveryPendingWaiterGetsTheErrorOnce) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  SyncGate gate(&fs);
  std::atomic<int> calls{0}, errors{0};
  auto count = [&](Status s) {
    ++calls;
    if (!s.ok()) ++errors;
  };
  w->OnDurable(AppendOk(*w, "first"), count);
  gate.WaitEntered();  // the writer holds "first" in a sync
  for (int i = 0; i < 20; ++i) w->OnDurable(AppendOk(*w, "queued"), count);
  fs.SetFailSync(true);
  gate.Release();
  BOOST_TEST(w->Flush().code() == StatusCode::kIOError);
  w.reset();  // joins the writer thread: every callback has run
  BOOST_TEST(calls.load() == 21);
  BOOST_TEST(errors.load() == 21);
}

BOOST_AUTO_TEST_CASE(ConcurrentWritersShareOneSync) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  SyncGate gate(&fs);
  std::atomic<int> ok{0};
  w->OnDurable(AppendOk(*w, "first"), [&](Status s) { ok += s.ok(); });
  gate.WaitEntered();
  for (int i = 0; i < 50; ++i) w->OnDurable(AppendOk(*w, "grouped"), [&](Status s) { ok += s.ok(); });
  gate.Release();
  BOOST_REQUIRE(w->WaitDurable(51).ok());
  BOOST_TEST(fs.sync_count() == 2u);  // one for "first", one for the 50 that queued behind it
  w.reset();
  BOOST_TEST(ok.load() == 51);
}

BOOST_AUTO_TEST_CASE(EightConcurrentAppendersAllDurableOnce) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 400;
  constexpr int kTotal = kThreads * kPerThread;
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  std::vector<std::atomic<int>> calls(kTotal + 1);
  std::atomic<int> failures{0};
  std::mutex mu;
  std::map<uint64_t, std::string> sent;  // lsn -> payload
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string payload = std::to_string(t) + "-" + std::to_string(i);
        Result<uint64_t> lsn = w->Append(WalRecordType::kPutRow, payload);
        if (!lsn.ok() || *lsn == 0 || *lsn > kTotal) {
          ++failures;
          continue;
        }
        {
          std::lock_guard lock(mu);
          if (!sent.emplace(*lsn, payload).second) ++failures;  // duplicate lsn
        }
        if (i % 10 == 9) {
          if (!w->WaitDurable(*lsn).ok()) ++failures;
        } else {
          w->OnDurable(*lsn, [&, l = *lsn](Status s) {
            if (!s.ok()) ++failures;
            ++calls[l];
          });
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_REQUIRE(w->Flush().ok());
  w.reset();
  BOOST_TEST(failures.load() == 0);
  BOOST_REQUIRE(sent.size() == size_t{kTotal});
  int callbacks = 0;
  for (uint64_t lsn = 1; lsn <= kTotal; ++lsn) {
    BOOST_TEST(calls[lsn].load() <= 1, "lsn " << lsn);
    callbacks += calls[lsn].load();
  }
  BOOST_TEST(callbacks == kTotal - kTotal / 10);
  std::vector<Rec> log = ReadLog(&fs);
  BOOST_REQUIRE(log.size() == size_t{kTotal});
  for (size_t i = 0; i < log.size(); ++i) {
    BOOST_TEST(log[i].lsn == i + 1);  // file order == lsn order
    BOOST_TEST(log[i].payload == sent[log[i].lsn]);
  }
}

BOOST_AUTO_TEST_CASE(RotateThenDeleteSegmentsBefore) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  for (int i = 0; i < 10; ++i) AppendOk(*w, "one");
  Result<uint64_t> second = w->Rotate();
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(*second == 2u);
  BOOST_TEST(w->bytes_since_rotate() == 0u);
  for (int i = 0; i < 10; ++i) AppendOk(*w, "two");
  BOOST_TEST(w->Rotate().value() == 3u);
  for (int i = 0; i < 5; ++i) AppendOk(*w, "three");
  BOOST_REQUIRE(w->Flush().ok());
  BOOST_TEST(ListWalSegments(&fs, kDir).value() == (std::vector<uint64_t>{1, 2, 3}));

  std::vector<Rec> all = ReadLog(&fs);
  BOOST_REQUIRE(all.size() == 25u);
  std::vector<Rec> from2 = ReadLog(&fs, 2);
  BOOST_REQUIRE(from2.size() == 15u);
  BOOST_TEST(from2.front().lsn == 11u);
  BOOST_TEST(from2.front().payload == "two");

  BOOST_REQUIRE(w->DeleteSegmentsBefore(3).ok());
  BOOST_TEST(ListWalSegments(&fs, kDir).value() == (std::vector<uint64_t>{3}));
  std::vector<Rec> rest = ReadLog(&fs, 3);
  BOOST_REQUIRE(rest.size() == 5u);
  BOOST_TEST(rest.front().lsn == 21u);
  BOOST_TEST(rest.back().payload == "three");
  BOOST_TEST(AppendOk(*w, "more") == 26u);
}

BOOST_AUTO_TEST_CASE(DeleteSegmentsBeforeNeverRemovesTheCurrentSegment) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways, 4);
  AppendOk(*w, "x");
  BOOST_REQUIRE(w->DeleteSegmentsBefore(100).ok());
  BOOST_TEST(ListWalSegments(&fs, kDir).value() == (std::vector<uint64_t>{4}));
  BOOST_TEST(ReadLog(&fs).size() == 1u);
}

BOOST_AUTO_TEST_CASE(RotatedSegmentsSurvivePowerLoss) {
  FaultInjectionFileSystem fs;
  auto w = OpenWal(&fs, Durability::kAlways);
  AppendOk(*w, "a");
  BOOST_REQUIRE(w->Rotate().ok());
  BOOST_REQUIRE(w->Rotate().ok());  // segment 2 stays empty
  uint64_t lsn = AppendOk(*w, "c");
  BOOST_REQUIRE(w->WaitDurable(lsn).ok());
  fs.DropUnsyncedData();
  BOOST_TEST(ListWalSegments(&fs, kDir).value() == (std::vector<uint64_t>{1, 2, 3}));
  std::vector<Rec> log = ReadLog(&fs);
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[0].payload == "a");
  BOOST_TEST(log[1].payload == "c");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace vingt::storage

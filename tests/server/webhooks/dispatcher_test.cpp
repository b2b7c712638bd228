// The dispatcher sends a delivery only once the WAL is durable up to its
// event (dispatcher.h): a WAL on FaultInjectionFileSystem, whose fsync a
// test can hold in flight or make fail, and a receiver on loopback.
#include "server/webhooks/dispatcher.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>

#include "storage/fault_injection_file.h"
#include "storage/wal_writer.h"
#include "storage/webhook_store.h"
#include "tests/testutil/webhook_receiver.h"

namespace vingt::server::webhooks {
namespace {

using namespace std::chrono_literals;

// Long enough for a delivery sent too early to reach the receiver.
constexpr auto kWouldHaveArrived = 300ms;

struct DispatcherFixture {
  DispatcherFixture() {
    receiver.KeepAlive(true);
    storage::WalOptions options;
    options.dir = "/wal";
    options.reserve_bytes = 0;
    auto opened = storage::WalWriter::Open(&fs, options, 1, 1);
    BOOST_TEST_REQUIRE(opened.ok(), opened.status().ToString());
    wal = std::move(opened).value();
    store = std::make_unique<storage::WebhookStore>(wal.get());
    dispatcher = std::make_unique<WebhookDispatcher>(DeliveryOptions{}, store.get(), io);
    thread = std::thread([this] { io.run(); });
  }
  ~DispatcherFixture() {
    fs.SetSyncHook({});
    work.reset();
    io.stop();
    thread.join();
    wal.reset();  // calls what still waits on it, which only posts to the stopped loop
    dispatcher.reset();
  }

  // Logs an event for the receiver, as a write would; returns it and its
  // lsn (0 when the WAL refused it). No Boost.Test check in here: writer
  // threads call it, and Boost.Test is not thread-safe.
  std::pair<Delivery, uint64_t> TryLogEvent(const std::string& body) {
    auto e = std::make_shared<storage::WebhookEvent>();
    e->id = storage::Uuid::Random();
    e->webhook_id = webhook_id;
    e->workspace_id = storage::Uuid::Random();
    e->event_name = "person.created";
    e->target_url = receiver.Url("/hook");
    e->body = body;
    auto lsn = store->AddEvent(e);
    return {e, lsn.ok() ? *lsn : 0};
  }
  std::pair<Delivery, uint64_t> LogEvent(const std::string& body) {
    auto logged = TryLogEvent(body);
    BOOST_TEST_REQUIRE(logged.second > 0u);
    return logged;
  }

  storage::FaultInjectionFileSystem fs;
  testutil::WebhookReceiver receiver;
  storage::Uuid webhook_id = storage::Uuid::Random();
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::unique_ptr<storage::WalWriter> wal;
  std::unique_ptr<storage::WebhookStore> store;
  std::unique_ptr<WebhookDispatcher> dispatcher;
  std::thread thread;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_dispatcher)

// While the fsync that covers an event is in flight, its delivery waits;
// it goes once the fsync is done, and so does one enqueued meanwhile.
BOOST_FIXTURE_TEST_CASE(a_delivery_waits_for_the_fsync_of_its_event, DispatcherFixture) {
  std::promise<void> syncing, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> held{false};
  fs.SetSyncHook([&] {
    if (held.exchange(true)) return;  // hold the first fsync only
    syncing.set_value();
    released.wait();
  });
  auto [first, first_lsn] = LogEvent(R"({"n":1})");
  dispatcher->Enqueue(first, first_lsn);
  // Nothing has asked the WAL to write yet but the dispatcher's watch.
  syncing.get_future().wait();
  auto [second, second_lsn] = LogEvent(R"({"n":2})");
  dispatcher->Enqueue(second, second_lsn);
  BOOST_TEST(receiver.WaitFor(1, kWouldHaveArrived).empty());
  BOOST_TEST(wal->durable_lsn() < first_lsn);

  release.set_value();
  auto got = receiver.WaitFor(2);
  BOOST_TEST_REQUIRE(got.size() == 2u);
  // Two batches, which may go on two connections: in either order.
  std::set<std::string> bodies{got[0].body, got[1].body};
  BOOST_TEST((bodies == std::set<std::string>{R"({"n":1})", R"({"n":2})"}));
  BOOST_TEST(wal->durable_lsn() >= second_lsn);
}

// An event whose fsync fails is never sent (its write was refused), while
// a delivery that was already durable (handed back by recovery, lsn 0)
// still goes.
BOOST_FIXTURE_TEST_CASE(a_delivery_whose_fsync_failed_is_never_sent, DispatcherFixture) {
  fs.SetFailSync(true);
  auto [refused, refused_lsn] = LogEvent(R"({"refused":true})");
  dispatcher->Enqueue(refused, refused_lsn);
  BOOST_TEST(receiver.WaitFor(1, kWouldHaveArrived).empty());
  BOOST_TEST(!wal->WaitDurable(refused_lsn).ok());

  auto resumed = std::make_shared<storage::WebhookEvent>(*refused);
  resumed->id = storage::Uuid::Random();
  resumed->webhook_id = storage::Uuid::Random();  // another webhook's queue
  resumed->body = R"({"resumed":true})";
  dispatcher->Enqueue(resumed, 0);
  auto got = receiver.WaitFor(1);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(got[0].body == R"({"resumed":true})");
  BOOST_TEST(receiver.WaitFor(2, kWouldHaveArrived).size() == 1u);
}

// Many writers' events, each enqueued with its own lsn from several
// threads while group commits go by: every one is sent, once.
BOOST_FIXTURE_TEST_CASE(every_delivery_goes_once_its_commit_is_done, DispatcherFixture) {
  constexpr int kThreads = 4, kEach = 250;
  std::atomic<int> refused{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto [d, lsn] = TryLogEvent("{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}");
        if (lsn == 0) {
          ++refused;
          continue;
        }
        dispatcher->Enqueue(d, lsn);
        if (i % 10 == 9 && !wal->WaitDurable(lsn).ok()) ++refused;  // as writes await their commit
      }
    });
  }
  for (auto& w : writers) w.join();
  BOOST_TEST_REQUIRE(refused.load() == 0);
  auto got = receiver.WaitFor(kThreads * kEach);
  BOOST_TEST(got.size() == static_cast<size_t>(kThreads * kEach));
  std::set<std::string> bodies;
  for (const auto& r : got) bodies.insert(r.body);
  BOOST_TEST(bodies.size() == static_cast<size_t>(kThreads * kEach));
  // Counted once the answers are read, just after the receiver has them.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (dispatcher->delivered() < static_cast<uint64_t>(kThreads * kEach) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  BOOST_TEST(dispatcher->delivered() == static_cast<uint64_t>(kThreads * kEach));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::server::webhooks

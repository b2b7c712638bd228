#include "storage/webhook_store.h"

#include <atomic>
#include <future>
#include <random>

#include <boost/test/unit_test.hpp>

#include "storage/database.h"
#include "storage/fault_injection_file.h"
#include "storage/wal_group.h"
#include "storage/wal_payload.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

Webhook RandomWebhook(std::mt19937& rng, const Uuid& workspace) {
  Webhook h;
  h.id = Uuid::Random();
  h.workspace_id = workspace;
  h.target_url = "https://example.com/hook/" + std::to_string(rng());
  for (uint32_t i = rng() % 4; i > 0; --i) h.operations.push_back(i % 2 ? "person.created" : "*.*");
  if (rng() % 2) h.description = rng() % 2 ? std::string() : "d\x01\"é";
  h.secret = rng() % 3 ? std::string(64, 'a') : std::string();
  h.created_at_ms = static_cast<int64_t>(rng());
  h.updated_at_ms = h.created_at_ms + 5;
  if (rng() % 3 == 0) h.deleted_at_ms = h.updated_at_ms;
  return h;
}

struct DbFixture {
  FaultInjectionFileSystem fs;
  std::unique_ptr<Database> Open() {
    DatabaseOptions o;
    o.data_dir = "/data";
    o.fs = &fs;
    o.lock_data_dir = false;
    o.snapshot_after_wal_bytes = 0;
    o.shard_count = 2;
    auto db = Database::Open(o, nullptr);
    BOOST_TEST_REQUIRE(db.ok(), db.status().ToString());
    return std::move(db).value();
  }
};

// A delivery owed to some webhook, for the durability tests.
std::shared_ptr<WebhookEvent> SomeEvent() {
  auto e = std::make_shared<WebhookEvent>();
  e->id = Uuid::Random();
  e->webhook_id = Uuid::Random();
  e->workspace_id = Uuid::Random();
  e->event_name = "person.created";
  e->target_url = "http://127.0.0.1:1/x";
  e->body = "{}";
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_store)

// Every field survives the WAL payload, and every shorter prefix of a
// payload is refused (never read past, never half-decoded).
BOOST_AUTO_TEST_CASE(payload_round_trips_and_truncations_are_corruption) {
  std::mt19937 rng(3);
  const Uuid workspace = Uuid::Random();
  for (int i = 0; i < 200; ++i) {
    const Webhook h = RandomWebhook(rng, workspace);
    const std::string payload = EncodeWebhook(h);
    auto back = DecodeWebhook(payload);
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST((*back == h));
    for (size_t cut = 0; cut < payload.size(); ++cut)
      BOOST_TEST(!DecodeWebhook(std::string_view(payload).substr(0, cut)).ok());
    BOOST_TEST(!DecodeWebhook(payload + "x").ok());
  }
}

BOOST_AUTO_TEST_CASE(operation_patterns_match_as_twenty_does) {
  BOOST_TEST(WebhookOperationMatches("person.created", "person", "created"));
  BOOST_TEST(WebhookOperationMatches("*.created", "person", "created"));
  BOOST_TEST(WebhookOperationMatches("person.*", "person", "updated"));
  BOOST_TEST(WebhookOperationMatches("*.*", "pet", "destroyed"));
  BOOST_TEST(!WebhookOperationMatches("person.created", "person", "updated"));
  BOOST_TEST(!WebhookOperationMatches("company.*", "person", "created"));
  BOOST_TEST(!WebhookOperationMatches("*.deleted", "person", "restored"));
  BOOST_TEST(!WebhookOperationMatches("*", "person", "created"));
  BOOST_TEST(!WebhookOperationMatches("person", "person", "created"));
  BOOST_TEST(!WebhookOperationMatches("", "person", "created"));
}

BOOST_AUTO_TEST_CASE(deleted_webhooks_leave_lookups_and_subscribers) {
  WebhookStore store(nullptr);
  const Uuid w1 = Uuid::Random(), w2 = Uuid::Random();
  std::mt19937 rng(5);
  Webhook a = RandomWebhook(rng, w1), b = RandomWebhook(rng, w1), c = RandomWebhook(rng, w2);
  a.deleted_at_ms.reset();
  b.deleted_at_ms.reset();
  c.deleted_at_ms.reset();
  a.created_at_ms = 1;
  b.created_at_ms = 2;
  BOOST_TEST_REQUIRE(store.Put(b).ok());
  BOOST_TEST_REQUIRE(store.Put(a).ok());
  BOOST_TEST_REQUIRE(store.Put(c).ok());
  auto live = store.ListLive(w1);
  BOOST_TEST_REQUIRE(live.size() == 2u);
  BOOST_TEST((live[0].id == a.id && live[1].id == b.id));  // oldest first
  BOOST_TEST(store.SubscribersOf(w2)->size() == 1u);
  BOOST_TEST(!store.FindLive(w2, a.id));  // another workspace's
  a.deleted_at_ms = 9;
  BOOST_TEST_REQUIRE(store.Put(a).ok());
  BOOST_TEST(!store.FindLive(w1, a.id));
  BOOST_TEST(store.ListLive(w1).size() == 1u);
  b.deleted_at_ms = 9;
  BOOST_TEST_REQUIRE(store.Put(b).ok());
  BOOST_TEST(store.SubscribersOf(w1) == nullptr);
  BOOST_TEST(store.ListAll().size() == 3u);
}

// Webhooks come back from the WAL and from a snapshot, deleted ones too.
BOOST_FIXTURE_TEST_CASE(webhooks_survive_restart_and_snapshot, DbFixture) {
  std::vector<Webhook> written;
  std::mt19937 rng(9);
  {
    auto db = Open();
    auto ws = db->CreateWorkspace("w");
    BOOST_TEST_REQUIRE(ws.ok());
    for (int i = 0; i < 5; ++i) {
      written.push_back(RandomWebhook(rng, (*ws)->id()));
      auto lsn = db->webhooks().Put(written.back());
      BOOST_TEST_REQUIRE(lsn.ok());
      BOOST_TEST_REQUIRE(db->wal().WaitDurable(*lsn).ok());
    }
    written[0].target_url = "http://changed.example/";
    BOOST_TEST_REQUIRE(db->webhooks().Put(written[0]).ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto check = [&](Database& db) {
    auto all = db.webhooks().ListAll();
    BOOST_TEST_REQUIRE(all.size() == written.size());
    for (const Webhook& h : written) {
      bool found = false;
      for (const Webhook& each : all) found |= each == h;
      BOOST_TEST(found, h.target_url);
    }
  };
  {
    auto db = Open();
    check(*db);
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();
  check(*db);
}

// Deliveries owed: logged events stay pending until a final attempt,
// across the WAL, a snapshot and a restart; the attempt log keeps the last
// kAttemptLogSize attempts of each webhook.
BOOST_FIXTURE_TEST_CASE(pending_deliveries_and_attempts_survive_restart_and_snapshot, DbFixture) {
  const Uuid hook = Uuid::Random();
  std::vector<WebhookEvent> events;
  for (int i = 0; i < 4; ++i) {
    WebhookEvent e;
    e.id = Uuid::Random();
    e.webhook_id = hook;
    e.workspace_id = Uuid::Random();
    e.created_at_ms = 1000 + i;
    e.event_name = "person.created";
    e.target_url = "http://127.0.0.1:1/x";
    e.secret = i % 2 ? "s" : "";
    e.body = "{\"n\":" + std::to_string(i) + "}";
    events.push_back(e);
    auto back = DecodeWebhookEvent(EncodeWebhookEvent(e));
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST((*back == e));
  }
  auto attempt = [&](const WebhookEvent& e, int n, bool final, uint16_t status) {
    WebhookAttempt a;
    a.delivery_id = e.id;
    a.webhook_id = hook;
    a.at_ms = 2000 + n;
    a.attempt = static_cast<uint8_t>(n);
    a.final = final;
    a.status = status;
    a.event_name = e.event_name;
    a.error = status ? "" : "timeout";
    return a;
  };
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    for (const auto& e : events)
      BOOST_TEST_REQUIRE(db->webhooks().AddEvent(std::make_shared<const storage::WebhookEvent>(e)).ok());
    BOOST_TEST_REQUIRE(db->webhooks().AddAttempt(attempt(events[0], 1, false, 0)).ok());
    // A batch's attempts, in one record (kWebhookAttempts): the first
    // delivery done, the second still owed.
    const std::vector<WebhookAttempt> batch = {attempt(events[0], 2, true, 200), attempt(events[1], 1, false, 500)};
    std::string encoded;
    EncodeWebhookAttemptsInto(batch, &encoded);
    auto decoded = DecodeWebhookAttempts(encoded);
    BOOST_TEST_REQUIRE(decoded.ok());
    BOOST_TEST((*decoded == batch));
    BOOST_TEST(!DecodeWebhookAttempts(encoded.substr(0, encoded.size() - 1)).ok());
    BOOST_TEST(!DecodeWebhookAttempts(encoded + "x").ok());
    BOOST_TEST_REQUIRE(db->webhooks().AddAttempts(batch).ok());
    BOOST_TEST(db->webhooks().PendingEvents().size() == 3u);
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto check = [&](Database& db) {
    auto pending = db.webhooks().PendingEvents();
    BOOST_TEST_REQUIRE(pending.size() == 3u);
    BOOST_TEST((*pending[0] == events[1] && *pending[1] == events[2] && *pending[2] == events[3]));  // oldest first
    auto log = db.webhooks().AttemptLog(hook);
    BOOST_TEST_REQUIRE(log.size() == 3u);
    BOOST_TEST(log[1].final);
    BOOST_TEST(log[2].status == 500);
  };
  {
    auto db = Open();
    check(*db);
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();
  check(*db);
  // The log is bounded.
  for (int i = 0; i < 300; ++i) BOOST_TEST_REQUIRE(db->webhooks().AddAttempt(attempt(events[2], i % 200, false, 500)).ok());
  BOOST_TEST(db->webhooks().AttemptLog(hook).size() == WebhookStore::kAttemptLogSize);
  BOOST_TEST(db->webhooks().PendingEvents().size() == 3u);
}

// Deliveries are handed on only once their events are durable: the
// callback comes after the fsync that covers the event, with OK, and with
// the WAL's error when that fsync fails (the write is refused, and so are
// its deliveries).
BOOST_FIXTURE_TEST_CASE(events_are_handed_on_once_durable_and_never_after_a_failed_fsync, DbFixture) {
  auto db = Open();
  auto lsn = db->webhooks().AddEvent(SomeEvent());
  BOOST_TEST_REQUIRE(lsn.ok());
  std::promise<Status> durable;
  db->webhooks().OnEventsDurable(*lsn, [&](Status s) { durable.set_value(std::move(s)); });
  BOOST_TEST(durable.get_future().get().ok());
  BOOST_TEST(db->wal().durable_lsn() >= *lsn);

  fs.SetFailSync(true);
  lsn = db->webhooks().AddEvent(SomeEvent());
  BOOST_TEST_REQUIRE(lsn.ok());
  std::promise<Status> refused;
  db->webhooks().OnEventsDurable(*lsn, [&](Status s) { refused.set_value(std::move(s)); });
  BOOST_TEST(!refused.get_future().get().ok());
  fs.SetFailSync(false);

  // Nothing logged (a store without a WAL): at once.
  bool called = false;
  db->webhooks().OnEventsDurable(0, [&](Status s) { called = s.ok(); });
  BOOST_TEST(called);
}

// An event of one record of a batch (a WAL group) is handed on when the
// whole batch is durable, not when its own record is: were the server
// killed between the two, recovery would drop the batch, event included.
BOOST_FIXTURE_TEST_CASE(events_of_a_batch_wait_for_the_batch, DbFixture) {
  auto db = Open();
  auto e = SomeEvent();
  std::atomic<int> handed{0};
  uint64_t end_lsn = 0;
  {
    WalGroup batch(&db->wal(), nullptr);
    auto lsn = db->webhooks().AddEvent(e);
    BOOST_TEST_REQUIRE(lsn.ok());
    db->webhooks().OnEventsDurable(*lsn, [&](Status s) { handed += s.ok() ? 1 : 100; });
    BOOST_TEST_REQUIRE(db->wal().WaitDurable(*lsn).ok());  // the member is durable...
    BOOST_TEST(handed.load() == 0);                         // ...the batch is not
    end_lsn = batch.End();
  }
  BOOST_TEST_REQUIRE(end_lsn > 0u);
  BOOST_TEST_REQUIRE(db->wal().WaitDurable(end_lsn).ok());
  // Called on the writer thread before WaitDurable's own waiter (same lsn,
  // registered first), so it has run by now.
  BOOST_TEST(handed.load() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

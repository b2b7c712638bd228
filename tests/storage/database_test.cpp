#include "storage/database.h"

#include <boost/test/unit_test.hpp>

#include "tests/testutil/printers.h"
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "storage/fault_injection_file.h"
#include "storage/wal_group.h"
#include "tests/storage/custom_object.h"
#include "storage/wal_payload.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

struct Fixture {
  FaultInjectionFileSystem fs;
  DatabaseOptions Options() {
    DatabaseOptions o;
    o.data_dir = "/data";
    o.fs = &fs;
    o.lock_data_dir = false;
    o.snapshot_after_wal_bytes = 0;
    o.shard_count = 4;
    return o;
  }
  std::unique_ptr<Database> Open(RecoveryReport* report = nullptr) {
    auto db = Database::Open(Options(), report);
    BOOST_TEST_REQUIRE(db.ok(), db.status().ToString());
    return std::move(db).value();
  }
};

RowRef CityRow(const ObjectSchema& s, const Uuid& id, const std::string& city) {
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, id);
  b.SetText(*s.FindSlot("city"), city);
  return b.Build();
}

// Inserts or updates a person and waits until the WAL says it is durable.
void PutCity(Database& db, const Uuid& id, const std::string& city) {
  Table* people = db.default_workspace()->FindByPlural("people");
  auto s = people->schema();
  auto r = people->Put(id, PutMode::kUpsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, id, city)); });
  BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
  BOOST_TEST_REQUIRE(db.wal().WaitDurable(r->lsn).ok());
}

std::string CityOf(Database& db, const Uuid& id) {
  Table* people = db.default_workspace()->FindByPlural("people");
  RowRef row = people->Get(id);
  return row ? std::string(row->Text(*people->schema()->FindSlot("city"))) : "<missing>";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(database, Fixture)

BOOST_AUTO_TEST_CASE(fresh_dir_then_restart_keeps_workspace_rows_and_keys) {
  Uuid ws_id, a = Uuid::Random(), b = Uuid::Random();
  {
    RecoveryReport report;
    auto db = Open(&report);
    BOOST_TEST(report.fresh);
    auto ws = db->CreateWorkspace("Acme");
    BOOST_TEST_REQUIRE(ws.ok());
    ws_id = (*ws)->id();
    PutCity(*db, a, "Paris");
    PutCity(*db, b, "Lyon");
    PutCity(*db, a, "Nice");
    auto del = db->default_workspace()->FindByPlural("people")->Remove(b);
    BOOST_TEST_REQUIRE(del.ok());
    ApiKey key;
    key.id = Uuid::Random();
    key.workspace_id = ws_id;
    key.name = "ci";
    key.hash[0] = 42;
    auto lsn = db->keys().Put(key);
    BOOST_TEST_REQUIRE(lsn.ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  RecoveryReport report;
  auto db = Open(&report);
  BOOST_TEST(!report.fresh);
  BOOST_TEST_REQUIRE(db->default_workspace());
  BOOST_TEST(db->default_workspace()->id() == ws_id);
  BOOST_TEST(db->default_workspace()->name() == "Acme");
  BOOST_TEST(CityOf(*db, a) == "Nice");
  BOOST_TEST(CityOf(*db, b) == "<missing>");
  BOOST_TEST(db->keys().size() == 1u);
}

// A deleted workspace is gone with its rows and keys, stays gone after
// replaying the WAL and after a snapshot, and its memory is freed once the
// last holder lets go; a write that raced the deletion (logged after it)
// is ignored on replay.
BOOST_AUTO_TEST_CASE(a_deleted_workspace_stays_deleted_and_is_freed) {
  Uuid doomed_id, kept_id, key_id;
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("first").ok());
    auto doomed = db->CreateWorkspace("doomed");
    auto kept = db->CreateWorkspace("kept");
    BOOST_TEST_REQUIRE((doomed.ok() && kept.ok()));
    doomed_id = (*doomed)->id();
    kept_id = (*kept)->id();
    ApiKey key;
    key.id = key_id = Uuid::Random();
    key.workspace_id = doomed_id;
    key.hash[0] = 7;
    BOOST_TEST_REQUIRE(db->wal().WaitDurable(*db->keys().Put(key)).ok());
    std::shared_ptr<Workspace> held = db->AcquireWorkspace(doomed_id);
    std::weak_ptr<Workspace> watch = held;
    Table* people = held->FindByPlural("people");
    auto s = people->schema();
    const Uuid row = Uuid::Random();
    auto put = people->Put(row, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, row, "x")); });
    BOOST_TEST_REQUIRE(put.ok());

    BOOST_TEST_REQUIRE(db->DeleteWorkspace(doomed_id).ok());
    BOOST_TEST(db->DeleteWorkspace(doomed_id).code() == StatusCode::kNotFound);
    BOOST_TEST(!db->FindWorkspace(doomed_id));
    BOOST_TEST(!db->keys().FindById(key_id));
    BOOST_TEST(db->Workspaces().size() == 2u);
    // A request still holding it keeps it usable, and may even write (its
    // record comes after the deletion's, and replay ignores it).
    const Uuid late = Uuid::Random();
    auto raced = people->Put(late, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, late, "y")); });
    BOOST_TEST_REQUIRE(raced.ok());
    BOOST_TEST_REQUIRE(db->wal().WaitDurable(raced->lsn).ok());
    BOOST_TEST(!watch.expired());
    held.reset();
    BOOST_TEST(watch.expired());  // freed with the last holder
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto check = [&](Database& db) {
    BOOST_TEST(!db.FindWorkspace(doomed_id));
    BOOST_TEST(db.FindWorkspace(kept_id));
    BOOST_TEST(!db.keys().FindById(key_id));
    BOOST_TEST(db.Workspaces().size() == 2u);
  };
  {
    auto db = Open();  // from the WAL
    check(*db);
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();  // from the snapshot
  check(*db);
}

BOOST_AUTO_TEST_CASE(acked_writes_survive_losing_unsynced_data) {
  std::vector<Uuid> ids;
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    for (int i = 0; i < 50; ++i) {
      ids.push_back(Uuid::Random());
      PutCity(*db, ids.back(), "c" + std::to_string(i));
    }
    fs.DropUnsyncedData();  // power cut: nothing is closed or flushed
    db.reset();
  }
  auto db = Open();
  for (int i = 0; i < 50; ++i) BOOST_TEST(CityOf(*db, ids[i]) == "c" + std::to_string(i));
}

// A multi-record operation (a batch, wal_group.h) whose end a crash cut
// off comes back not at all; one that ended comes back whole.
BOOST_AUTO_TEST_CASE(an_operation_cut_short_by_a_crash_is_left_out_whole) {
  const Uuid kept_a = Uuid::Random(), kept_b = Uuid::Random(), cut_a = Uuid::Random(), cut_b = Uuid::Random();
  std::string segment, crash_image;
  auto put = [](Table* people, const Uuid& id, const std::string& city) {
    auto s = people->schema();
    auto r = people->Put(id, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, id, city)); });
    BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
  };
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    Table* people = db->default_workspace()->FindByPlural("people");
    {
      WalGroup group(people->wal(), people->changes());
      put(people, kept_a, "Paris");
      put(people, kept_b, "Lyon");
      BOOST_TEST(group.End() > 0u);
    }
    WalGroup group(people->wal(), people->changes());
    put(people, cut_a, "Nice");
    put(people, cut_b, "Nantes");
    BOOST_TEST_REQUIRE(people->Remove(kept_b).ok());
    // The members are on disk, the end is not: what a kill here leaves.
    BOOST_TEST_REQUIRE(db->wal().Flush().ok());
    auto names = fs.ListDir("/data/wal");
    BOOST_TEST_REQUIRE(names.ok());
    std::string newest;
    for (const auto& name : *names)
      if (name.starts_with("wal-") && name > newest) newest = name;
    segment = "/data/wal/" + newest;
    crash_image = fs.FileContents(segment);
    BOOST_TEST(group.End() > 0u);
    BOOST_TEST(CityOf(*db, cut_a) == "Nice");
    BOOST_TEST(CityOf(*db, kept_b) == "<missing>");
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  fs.SetFileContents(segment, crash_image);
  {
    RecoveryReport report;
    auto db = Open(&report);
    BOOST_TEST(CityOf(*db, kept_a) == "Paris");
    BOOST_TEST(CityOf(*db, kept_b) == "Lyon");
    BOOST_TEST(CityOf(*db, cut_a) == "<missing>");
    BOOST_TEST(CityOf(*db, cut_b) == "<missing>");
    bool reported = false;
    for (const auto& w : report.warnings) reported |= w.find("1 operation(s) cut short") != std::string::npos;
    BOOST_TEST(reported);
    BOOST_TEST(CityOf(*db, kept_b) == "Lyon");  // its removal was in the cut group
    // The next run logs in a segment of its own: a write, and a metadata
    // change, which applies the group records replay holds at that point.
    PutCity(*db, kept_a, "Nice");
    auto committed = db->default_workspace()->CommitMetadata({{testing::CustomObject("pet", "pets")}, {}});
    BOOST_TEST_REQUIRE(committed.ok(), committed.status().ToString());
    BOOST_TEST_REQUIRE(db->wal().WaitDurable(*committed).ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  // Replayed again, the cut group stays out, after that run's records too.
  auto db = Open();
  BOOST_TEST(CityOf(*db, kept_a) == "Nice");
  BOOST_TEST(CityOf(*db, kept_b) == "Lyon");
  BOOST_TEST(CityOf(*db, cut_a) == "<missing>");
  BOOST_TEST(CityOf(*db, cut_b) == "<missing>");
}

BOOST_AUTO_TEST_CASE(replaying_the_same_wal_twice_gives_the_same_state) {
  Uuid a = Uuid::Random();
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    PutCity(*db, a, "one");
    PutCity(*db, a, "two");
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  // The WAL is replayed on each open and the records are after-images:
  // three opens in a row must agree.
  for (int round = 0; round < 3; ++round) {
    auto db = Open();
    BOOST_TEST(CityOf(*db, a) == "two");
    BOOST_TEST(db->default_workspace()->FindByPlural("people")->live_count() == 1u);
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
}

BOOST_AUTO_TEST_CASE(snapshot_taken_while_writing_plus_wal_equals_final_state) {
  std::map<Uuid, std::string> expected;
  std::mutex mu;
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        Table* people = db->default_workspace()->FindByPlural("people");
        auto s = people->schema();
        std::vector<Uuid> mine;
        for (int i = 0; !stop || i < 100; ++i) {
          Uuid id = (i % 3 == 2 && !mine.empty()) ? mine[i % mine.size()] : Uuid::Random();
          std::string city = "t" + std::to_string(t) + "-" + std::to_string(i);
          auto r = people->Put(id, PutMode::kUpsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, id, city)); });
          if (!r.ok() || !db->wal().WaitDurable(r->lsn).ok()) continue;
          mine.push_back(id);
          std::lock_guard lock(mu);
          expected[id] = city;
          if (i > 2000) break;
        }
      });
    }
    for (int k = 0; k < 3; ++k) BOOST_TEST_REQUIRE(db->Snapshot().ok());
    stop = true;
    for (auto& w : writers) w.join();
    fs.DropUnsyncedData();
  }
  RecoveryReport report;
  auto db = Open(&report);
  BOOST_TEST(!report.snapshot_path.empty());
  Table* people = db->default_workspace()->FindByPlural("people");
  BOOST_TEST(people->live_count() == expected.size());
  for (const auto& [id, city] : expected) BOOST_TEST(CityOf(*db, id) == city);
  // Shards whose paths came from the snapshot (those that did not change
  // while it was written) or were built: queries through them see every
  // row, the WAL's included. Each city was written once.
  const uint16_t city_slot = *people->schema()->FindSlot("city");
  for (const auto& [id, city] : expected) {
    FilterNode eq = FilterNode::Compare(city_slot, SlotKind::kText, CompareOp::kEq, {city});
    BOOST_TEST(people->Count(&eq, false) == 1u, city);
  }
}

BOOST_AUTO_TEST_CASE(the_rest_metadata_format_is_kept_through_wal_and_snapshot) {
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    BOOST_TEST(db->default_workspace()->rest_metadata_new_format());  // Twenty's default for a new workspace
    BOOST_TEST_REQUIRE(db->SetRestMetadataNewFormat(db->default_workspace(), false).ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  {
    auto db = Open();  // from the WAL
    BOOST_TEST(!db->default_workspace()->rest_metadata_new_format());
    BOOST_TEST_REQUIRE(db->SetRestMetadataNewFormat(db->default_workspace(), true).ok());
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();  // from the snapshot
  BOOST_TEST(db->default_workspace()->rest_metadata_new_format());
  // A record with an unknown flag is corruption, not a silent default.
  BOOST_TEST(!DecodeWorkspaceSettings(std::string(16, '\0') + std::string("\x02\0\0\0", 4)).ok());
}

// Every shard holding rows, that is: shards that never had one have no
// paths to save (Shard: deferred) and build none on recovery either.
BOOST_AUTO_TEST_CASE(a_quiet_snapshot_holds_every_shards_paths) {
  const Uuid a = Uuid::Random();
  Uuid b = Uuid::Random();
  size_t shards = 0;
  {
    auto db = Open();
    BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
    PutCity(*db, a, "Paris");
    // b goes to a's shard: one whose paths the snapshot holds (a shard first
    // filled by the WAL's tail builds its paths from those rows).
    const Table* people = db->default_workspace()->FindByPlural("people");
    while (people->ShardIndexOf(b) != people->ShardIndexOf(a)) b = Uuid::Random();
    for (Table* t : db->default_workspace()->AllTables())
      for (size_t i = 0; i < t->shard_count(); ++i) shards += t->shard(i).capacity() > 0;
    BOOST_TEST(shards == 1u);
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    PutCity(*db, b, "Paris");  // in the WAL only
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  RecoveryReport report;
  auto db = Open(&report);
  BOOST_TEST(report.shards_paths_loaded == shards);
  BOOST_TEST(report.shards_paths_built == 0u);
  Table* people = db->default_workspace()->FindByPlural("people");
  FilterNode eq = FilterNode::Compare(*people->schema()->FindSlot("city"), SlotKind::kText, CompareOp::kEq, {"Paris"});
  BOOST_TEST(people->Count(&eq, false) == 2u);
}

BOOST_AUTO_TEST_CASE(snapshot_drops_old_wal_segments) {
  Uuid a = Uuid::Random();
  auto db = Open();
  BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
  for (int i = 0; i < 20; ++i) PutCity(*db, a, std::to_string(i));
  BOOST_TEST_REQUIRE(db->Snapshot().ok());
  auto segments = ListWalSegments(&fs, "/data/wal");
  BOOST_TEST_REQUIRE(segments.ok());
  BOOST_TEST(segments->size() == 1u);  // only the live one
  PutCity(*db, a, "after");
  BOOST_TEST_REQUIRE(db->Close().ok());
  db.reset();
  auto again = Open();
  BOOST_TEST(CityOf(*again, a) == "after");
}

BOOST_AUTO_TEST_CASE(failed_fsync_refuses_later_writes) {
  auto db = Open();
  BOOST_TEST_REQUIRE(db->CreateWorkspace("w").ok());
  Table* people = db->default_workspace()->FindByPlural("people");
  auto s = people->schema();
  fs.SetFailSync(true);
  Uuid a = Uuid::Random();
  auto r = people->Put(a, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, a, "x")); });
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(!db->wal().WaitDurable(r->lsn).ok());
  fs.SetFailSync(false);
  Uuid b = Uuid::Random();
  auto r2 = people->Put(b, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(CityRow(*s, b, "y")); });
  BOOST_TEST(!r2.ok());  // sticky: the log refuses writes until restart
  BOOST_TEST(!people->Get(b));
}

BOOST_AUTO_TEST_SUITE_END()

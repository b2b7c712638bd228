// Metadata changes (custom objects and fields) through the WAL, snapshots
// and recovery.
#include <boost/test/unit_test.hpp>

#include "storage/database.h"
#include "storage/fault_injection_file.h"
#include "tests/storage/custom_object.h"
#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

using testing::CustomField;
using testing::CustomObject;

struct Fixture {
  FaultInjectionFileSystem fs;
  std::unique_ptr<Database> Open() {
    DatabaseOptions o;
    o.data_dir = "/data";
    o.fs = &fs;
    o.lock_data_dir = false;
    o.snapshot_after_wal_bytes = 0;
    o.shard_count = 4;
    RecoveryReport report;
    auto db = Database::Open(o, &report);
    BOOST_TEST_REQUIRE(db.ok(), db.status().ToString());
    if (!(*db)->default_workspace()) BOOST_TEST_REQUIRE((*db)->CreateWorkspace("Acme").ok());
    return std::move(db).value();
  }
  static void Commit(Database& db, MetadataChange change) {
    Workspace* ws = db.default_workspace();
    auto lock = ws->LockMetadata();
    auto lsn = ws->CommitMetadata(std::move(change));
    BOOST_TEST_REQUIRE(lsn.ok(), lsn.status().ToString());
    BOOST_TEST_REQUIRE(db.wal().WaitDurable(*lsn).ok());
  }
  static void Put(Database& db, std::string_view plural, const Uuid& id, std::string_view field, std::string_view text) {
    Table* t = db.default_workspace()->FindByPlural(plural);
    BOOST_TEST_REQUIRE(t);
    auto s = t->schema();
    auto r = t->Put(id, PutMode::kUpsert, [&](const RowRef& current) {
      RowBuilder b = current ? RowBuilder(*current, s->slot_count()) : RowBuilder(s->slot_count());
      b.SetUuid(s->id_slot, id);
      b.SetText(*s->FindSlot(field), text);
      return Result<RowRef>(b.Build());
    });
    BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
    BOOST_TEST_REQUIRE(db.wal().WaitDurable(r->lsn).ok());
  }
  static std::string Get(Database& db, std::string_view plural, const Uuid& id, std::string_view field) {
    Table* t = db.default_workspace()->FindByPlural(plural);
    if (!t) return "<no object>";
    RowRef row = t->Get(id);
    auto slot = t->schema()->FindSlot(field);
    if (!row || !slot) return "<missing>";
    return row->IsNull(*slot) ? "<null>" : std::string(row->Text(*slot));
  }
};

// Runs `check` after a restart from the WAL alone and after one from a snapshot.
template <typename Setup, typename Check>
void BothWays(Fixture& fx, Setup setup, Check check) {
  {
    auto db = fx.Open();
    setup(*db);
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  {
    auto db = fx.Open();
    check(*db);
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  {
    auto db = fx.Open();
    check(*db);
  }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(database_metadata, Fixture)

BOOST_AUTO_TEST_CASE(custom_object_field_and_rows_survive_restart_and_snapshot) {
  Uuid rex = Uuid::Random();
  BothWays(
      *this,
      [&](Database& db) {
        Commit(db, {{CustomObject("pet", "pets")}, {}});
        Put(db, "pets", rex, "name", "Rex");
        ObjectSchema next = *db.default_workspace()->FindByPlural("pets")->schema();
        next.fields.push_back(CustomField("nickname", FieldType::kText));
        Commit(db, {{next}, {}});
        Put(db, "pets", rex, "nickname", "Rexy");
      },
      [&](Database& db) {
        BOOST_TEST(Get(db, "pets", rex, "name") == "Rex");
        BOOST_TEST(Get(db, "pets", rex, "nickname") == "Rexy");
      });
}

BOOST_AUTO_TEST_CASE(a_rename_survives_restart) {
  Uuid rex = Uuid::Random();
  BothWays(
      *this,
      [&](Database& db) {
        Commit(db, {{CustomObject("pet", "pets")}, {}});
        Put(db, "pets", rex, "name", "Rex");
        ObjectSchema renamed = *db.default_workspace()->FindByPlural("pets")->schema();
        renamed.name_singular = "animal";
        renamed.name_plural = "animals";
        Commit(db, {{renamed}, {}});
      },
      [&](Database& db) {
        BOOST_TEST(!db.default_workspace()->FindByPlural("pets"));
        BOOST_TEST(Get(db, "animals", rex, "name") == "Rex");
      });
}

BOOST_AUTO_TEST_CASE(a_dropped_object_stays_dropped_and_its_old_rows_are_skipped) {
  Uuid rex = Uuid::Random(), tom = Uuid::Random();
  BothWays(
      *this,
      [&](Database& db) {
        Commit(db, {{CustomObject("pet", "pets"), CustomObject("cat", "cats")}, {}});
        Put(db, "pets", rex, "name", "Rex");
        Put(db, "cats", tom, "name", "Tom");
        Commit(db, {{}, {db.default_workspace()->FindByPlural("pets")->schema()->id}});
      },
      [&](Database& db) {
        BOOST_TEST(!db.default_workspace()->FindByPlural("pets"));
        BOOST_TEST(Get(db, "cats", tom, "name") == "Tom");
      });
}

BOOST_AUTO_TEST_CASE(a_drop_after_a_snapshot_replays_over_the_snapshot) {
  // The snapshot holds the object and its rows; the drop is only in the WAL.
  Uuid rex = Uuid::Random();
  {
    auto db = Open();
    Commit(*db, {{CustomObject("pet", "pets")}, {}});
    Put(*db, "pets", rex, "name", "Rex");
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    Put(*db, "pets", rex, "name", "Rex II");
    Commit(*db, {{}, {db->default_workspace()->FindByPlural("pets")->schema()->id}});
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();
  BOOST_TEST(!db->default_workspace()->FindByPlural("pets"));
  Commit(*db, {{CustomObject("pet", "pets")}, {}});  // the names are free again
}

BOOST_AUTO_TEST_CASE(row_migrations_travel_in_the_metadata_record) {
  // A field added with a default fills the rows already there, and an
  // options update that swaps two values rewrites them: both in the one
  // metadata record, replayed exactly once whether recovery reads the WAL
  // or a snapshot taken after the change.
  Uuid rex = Uuid::Random(), tom = Uuid::Random();
  BothWays(
      *this,
      [&](Database& db) {
        Commit(db, {{CustomObject("pet", "pets")}, {}});
        Put(db, "pets", rex, "name", "Rex");
        Put(db, "pets", tom, "name", "Tom");
        ObjectSchema next = *db.default_workspace()->FindByPlural("pets")->schema();
        FieldSchema kind = CustomField("kind", FieldType::kSelect);
        next.fields.push_back(kind);
        Commit(db, {{next}, {}, {{RowMigration::Kind::kFillNewField, next.id, kind.id, {std::string("DOG")}, {}}}});
        BOOST_TEST(Get(db, "pets", rex, "kind") == "DOG");
        Put(db, "pets", tom, "kind", "CAT");
        ObjectSchema same = *db.default_workspace()->FindByPlural("pets")->schema();
        Commit(db, {{same}, {}, {{RowMigration::Kind::kRenameValues, same.id, kind.id, {}, {{"DOG", "CAT"}, {"CAT", "DOG"}}}}});
        BOOST_TEST(Get(db, "pets", rex, "kind") == "CAT");
        BOOST_TEST(Get(db, "pets", tom, "kind") == "DOG");
      },
      [&](Database& db) {
        BOOST_TEST(Get(db, "pets", rex, "kind") == "CAT");
        BOOST_TEST(Get(db, "pets", tom, "kind") == "DOG");
      });
}

BOOST_AUTO_TEST_CASE(a_snapshot_right_after_a_migration_does_not_replay_it) {
  // The swap is logged in the segment the snapshot rotates away from, so
  // recovery loads the migrated rows and does not swap them back.
  Uuid rex = Uuid::Random();
  {
    auto db = Open();
    Commit(*db, {{CustomObject("pet", "pets")}, {}});
    Put(*db, "pets", rex, "name", "A");
    ObjectSchema same = *db->default_workspace()->FindByPlural("pets")->schema();
    const FieldSchema& name = *same.FindField("name");
    Commit(*db, {{same}, {}, {{RowMigration::Kind::kRenameValues, same.id, name.id, {}, {{"A", "B"}, {"B", "A"}}}}});
    BOOST_TEST_REQUIRE(db->Snapshot().ok());
    BOOST_TEST_REQUIRE(db->Close().ok());
  }
  auto db = Open();
  BOOST_TEST(Get(*db, "pets", rex, "name") == "B");
}

BOOST_AUTO_TEST_SUITE_END()

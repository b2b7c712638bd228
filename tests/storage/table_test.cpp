#include "storage/table.h"

#include <boost/test/unit_test.hpp>

#include "tests/testutil/printers.h"
#include <thread>

#include "storage/standard_objects.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

ObjectSchemaPtr PersonSchema() {
  for (auto& o : BuildStandardObjects(Uuid::Random(), 0))
    if (o.name_singular == "person") return std::make_shared<const ObjectSchema>(std::move(o));
  return nullptr;
}

RowRef Person(const ObjectSchema& s, const Uuid& id, std::string_view email, std::string_view city = "") {
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, id);
  b.SetText(*s.FindSlot("emails", "primaryEmail"), email);
  b.SetText(*s.FindSlot("city"), city);
  return b.Build();
}

Table::RowMaker Fixed(RowRef row) {
  return [row](const RowRef&) { return Result<RowRef>(row); };
}

Uuid IdN(int n) {
  Uuid u{};
  u.bytes[14] = static_cast<uint8_t>(n >> 8);
  u.bytes[15] = static_cast<uint8_t>(n);
  return u;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(table)

BOOST_AUTO_TEST_CASE(insert_get_update_remove) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  Uuid id = Uuid::Random();
  BOOST_TEST_REQUIRE(t.Put(id, PutMode::kInsert, Fixed(Person(*s, id, "a@x.com"))).ok());
  BOOST_TEST(t.Get(id)->Text(*s->FindSlot("emails", "primaryEmail")) == "a@x.com");
  auto again = t.Put(id, PutMode::kInsert, Fixed(Person(*s, id, "b@x.com")));
  BOOST_TEST(again.status().code() == StatusCode::kConflict);
  BOOST_TEST(t.Put(Uuid::Random(), PutMode::kUpdate, Fixed(Person(*s, id, "c@x.com"))).status().code() ==
             StatusCode::kNotFound);
  BOOST_TEST_REQUIRE(t.Put(id, PutMode::kUpdate, Fixed(Person(*s, id, "b@x.com"))).ok());
  BOOST_TEST(t.FindUnique(*s->FindSlot("emails", "primaryEmail"), "b@x.com") == id);
  BOOST_TEST(!t.FindUnique(*s->FindSlot("emails", "primaryEmail"), "a@x.com").has_value());
  BOOST_TEST_REQUIRE(t.Remove(id).ok());
  BOOST_TEST(!t.Get(id));
  BOOST_TEST(!t.FindUnique(*s->FindSlot("emails", "primaryEmail"), "b@x.com").has_value());
  BOOST_TEST(t.Remove(id).status().code() == StatusCode::kNotFound);
}

// A shard builds its paths only when its first rows are flushed; before,
// it has none and answers by scanning its (no) rows. Counts through the
// city path agree with a brute-force count at every step: empty, a few
// rows (most shards still empty), all removed, refilled.
BOOST_AUTO_TEST_CASE(shards_without_rows_defer_their_paths) {
  auto s = PersonSchema();
  Table t(s, nullptr, 8);
  auto deferred = [&] {
    size_t n = 0;
    for (size_t i = 0; i < t.shard_count(); ++i) n += t.shard(i).paths_deferred();
    return n;
  };
  const uint16_t city = *s->FindSlot("city");
  FilterNode paris = FilterNode::Compare(city, SlotKind::kText, CompareOp::kEq, {"Paris"});
  BOOST_TEST(deferred() == 8u);
  BOOST_TEST(t.Count(&paris, false) == 0u);
  std::vector<Uuid> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(IdN(i + 1));
    BOOST_TEST_REQUIRE(t.Put(ids.back(), PutMode::kInsert, Fixed(Person(*s, ids.back(), "p" + std::to_string(i) + "@x.com", i ? "Paris" : "Lyon"))).ok());
  }
  BOOST_TEST(t.Count(&paris, false) == 2u);
  BOOST_TEST(deferred() >= 5u);  // three rows fill three shards at most
  for (size_t i = 0; i < t.shard_count(); ++i)
    if (t.shard(i).capacity() > 0) BOOST_TEST(!t.shard(i).paths_deferred());
  for (const Uuid& id : ids) BOOST_TEST_REQUIRE(t.Remove(id).ok());
  BOOST_TEST(t.Count(&paris, false) == 0u);
  for (int i = 0; i < 40; ++i) {
    const Uuid id = IdN(100 + i);
    BOOST_TEST_REQUIRE(t.Put(id, PutMode::kInsert, Fixed(Person(*s, id, "q" + std::to_string(i) + "@x.com", i % 4 ? "Paris" : "Rome"))).ok());
  }
  BOOST_TEST(t.Count(&paris, false) == 30u);
}

BOOST_AUTO_TEST_CASE(unique_field_rejects_a_second_owner_but_allows_empty) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  Uuid a = Uuid::Random(), b = Uuid::Random();
  BOOST_TEST_REQUIRE(t.Put(a, PutMode::kInsert, Fixed(Person(*s, a, "same@x.com"))).ok());
  auto dup = t.Put(b, PutMode::kInsert, Fixed(Person(*s, b, "same@x.com")));
  BOOST_TEST(dup.status().code() == StatusCode::kConflict);
  BOOST_TEST(dup.status().message() == "A duplicate entry was detected");
  BOOST_TEST(!t.Get(b));
  Uuid c = Uuid::Random(), d = Uuid::Random();
  BOOST_TEST(t.Put(c, PutMode::kInsert, Fixed(Person(*s, c, ""))).ok());
  BOOST_TEST(t.Put(d, PutMode::kInsert, Fixed(Person(*s, d, ""))).ok());
}

BOOST_AUTO_TEST_CASE(concurrent_writers_never_share_a_unique_key) {
  auto s = PersonSchema();
  Table t(s, nullptr, 16);
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200; ++k) {
        Uuid id = Uuid::Random();
        if (t.Put(id, PutMode::kInsert, Fixed(Person(*s, id, "k" + std::to_string(k) + "@x.com"))).ok()) ++winners;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(winners.load() == 200);
  BOOST_TEST(t.live_count() == 200u);
}

BOOST_AUTO_TEST_CASE(list_pages_forward_and_backward_in_id_order) {
  auto s = PersonSchema();
  Table t(s, nullptr, 8);
  for (int i = 0; i < 25; ++i) BOOST_TEST_REQUIRE(t.Put(IdN(i), PutMode::kInsert, Fixed(Person(*s, IdN(i), ""))).ok());
  ListQuery q;
  q.limit = 10;
  auto page = t.List(q);
  BOOST_TEST(page.total_count == 25u);
  BOOST_TEST_REQUIRE(page.rows.size() == 10u);
  BOOST_TEST(page.has_next_page);
  BOOST_TEST(page.rows[0]->GetUuid(s->id_slot) == IdN(0));
  q.after = CursorPosition{{}, IdN(19)};
  page = t.List(q);
  BOOST_TEST_REQUIRE(page.rows.size() == 5u);
  BOOST_TEST(!page.has_next_page);
  BOOST_TEST(page.rows[0]->GetUuid(s->id_slot) == IdN(20));
  ListQuery back;
  back.limit = 2;
  back.before = CursorPosition{{}, IdN(3)};
  page = t.List(back);
  BOOST_TEST_REQUIRE(page.rows.size() == 2u);
  BOOST_TEST(page.rows[0]->GetUuid(s->id_slot) == IdN(1));  // closest to the cursor, ascending
  BOOST_TEST(page.rows[1]->GetUuid(s->id_slot) == IdN(2));
  BOOST_TEST(page.has_previous_page);
  BOOST_TEST(!page.has_next_page);
}

BOOST_AUTO_TEST_CASE(soft_deleted_rows_are_hidden_from_lists_and_counts) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  for (int i = 0; i < 3; ++i) BOOST_TEST_REQUIRE(t.Put(IdN(i), PutMode::kInsert, Fixed(Person(*s, IdN(i), ""))).ok());
  auto r = t.Put(IdN(1), PutMode::kUpdate, [&](const RowRef& cur) {
    RowBuilder b(*cur, s->slot_count());
    b.SetTimestamp(s->deleted_at_slot, 1);
    return Result<RowRef>(b.Build());
  });
  BOOST_TEST_REQUIRE(r.ok());
  ListQuery q;
  auto page = t.List(q);
  BOOST_TEST(page.total_count == 2u);
  BOOST_TEST(page.rows.size() == 2u);
  auto trash = FilterNode::Compare(s->deleted_at_slot, SlotKind::kTimestamp, CompareOp::kIsNotNull, {});
  q.filter = &trash;
  q.include_deleted = true;
  page = t.List(q);
  BOOST_TEST_REQUIRE(page.rows.size() == 1u);
  BOOST_TEST(page.rows[0]->GetUuid(s->id_slot) == IdN(1));
}

BOOST_AUTO_TEST_CASE(filtered_list_counts_matches_and_orders) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  const char* cities[] = {"Paris", "Lyon", "Paris", "Nice", "Paris"};
  for (int i = 0; i < 5; ++i)
    BOOST_TEST_REQUIRE(t.Put(IdN(i), PutMode::kInsert, Fixed(Person(*s, IdN(i), "", cities[i]))).ok());
  auto f = FilterNode::Compare(*s->FindSlot("city"), SlotKind::kText, CompareOp::kEq, {"Paris"});
  ListQuery q;
  q.filter = &f;
  q.limit = 2;
  q.order = {OrderKey{*s->FindSlot("city"), SlotKind::kText, true, false}};
  auto page = t.List(q);
  BOOST_TEST(page.total_count == 3u);
  BOOST_TEST_REQUIRE(page.rows.size() == 2u);
  BOOST_TEST(page.has_next_page);
  BOOST_TEST(page.rows[0]->GetUuid(s->id_slot) == IdN(0));
  BOOST_TEST(page.rows[1]->GetUuid(s->id_slot) == IdN(2));
}

BOOST_AUTO_TEST_CASE(equality_on_a_unique_field_agrees_with_a_scan) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  uint16_t email = *s->FindSlot("emails", "primaryEmail");
  uint16_t city = *s->FindSlot("city");
  for (int i = 0; i < 50; ++i) {
    Uuid id = IdN(i);
    BOOST_TEST_REQUIRE(t.Put(id, PutMode::kInsert, Fixed(Person(*s, id, "p" + std::to_string(i) + "@x.com", i % 2 ? "A" : "B"))).ok());
  }
  auto run = [&](const FilterNode& f, bool include_deleted) {
    ListQuery q;
    q.filter = &f;
    q.include_deleted = include_deleted;
    return t.List(q);
  };
  for (const std::string key : {"p7@x.com", "p8@x.com", "nobody@x.com"}) {
    for (const char* c : {"A", "B"}) {
      // AND(email = key, city = c): pinned by the unique index.
      FilterNode pinned;
      pinned.kind = FilterNode::Kind::kAnd;
      pinned.children.push_back(FilterNode::Compare(email, SlotKind::kText, CompareOp::kEq, {key}));
      pinned.children.push_back(FilterNode::Compare(city, SlotKind::kText, CompareOp::kEq, {c}));
      // The same condition behind an OR with a branch that never holds: scanned.
      FilterNode scanned;
      scanned.kind = FilterNode::Kind::kOr;
      scanned.children.push_back(pinned);
      scanned.children.push_back(FilterNode::Compare(city, SlotKind::kText, CompareOp::kEq, {"never"}));
      auto a = run(pinned, false), b = run(scanned, false);
      BOOST_TEST(a.total_count == b.total_count, key << " " << c);
      BOOST_TEST_REQUIRE(a.rows.size() == b.rows.size());
      for (size_t i = 0; i < a.rows.size(); ++i) BOOST_TEST(a.rows[i].get() == b.rows[i].get());
    }
  }
  // Soft-deleted records are found only when asked for.
  auto r = t.Put(IdN(7), PutMode::kUpdate, [&](const RowRef& cur) {
    RowBuilder b(*cur, s->slot_count());
    b.SetTimestamp(s->deleted_at_slot, 1);
    return Result<RowRef>(b.Build());
  });
  BOOST_TEST_REQUIRE(r.ok());
  auto f = FilterNode::Compare(email, SlotKind::kText, CompareOp::kEq, {"p7@x.com"});
  BOOST_TEST(run(f, false).total_count == 0u);
  BOOST_TEST(run(f, true).total_count == 1u);
}

BOOST_AUTO_TEST_CASE(foreign_key_index_follows_updates) {
  auto s = PersonSchema();
  Table t(s, nullptr, 4);
  uint16_t company = *s->FindSlot("companyId");
  Uuid c1 = Uuid::Random(), c2 = Uuid::Random();
  auto with_company = [&](const Uuid& id, const Uuid& c) {
    RowBuilder b(s->slot_count());
    b.SetUuid(s->id_slot, id);
    b.SetUuid(company, c);
    return b.Build();
  };
  for (int i = 0; i < 3; ++i) BOOST_TEST_REQUIRE(t.Put(IdN(i), PutMode::kInsert, Fixed(with_company(IdN(i), c1))).ok());
  BOOST_TEST(t.FindByForeignKey(company, c1, 10).size() == 3u);
  BOOST_TEST_REQUIRE(t.Put(IdN(1), PutMode::kUpdate, Fixed(with_company(IdN(1), c2))).ok());
  BOOST_TEST(t.FindByForeignKey(company, c1, 10).size() == 2u);
  BOOST_TEST(t.FindByForeignKey(company, c2, 10) == std::vector<Uuid>{IdN(1)});
  BOOST_TEST_REQUIRE(t.Remove(IdN(0)).ok());
  BOOST_TEST(t.FindByForeignKey(company, c1, 10) == std::vector<Uuid>{IdN(2)});
}

// Snapshot form of the access paths (Table::EncodeShardPaths /
// LoadShardPaths, storage/index/path_codec.h).
BOOST_AUTO_TEST_CASE(shard_paths_travel_with_a_snapshot_and_refuse_what_does_not_fit) {
  auto s = PersonSchema();
  Table t(s, nullptr, 1);
  for (int i = 0; i < 300; ++i)
    BOOST_TEST_REQUIRE(t.Put(IdN(i), PutMode::kInsert,
                             Fixed(Person(*s, IdN(i), "p" + std::to_string(i) + "@x.com", i % 3 ? "Paris" : "Oslo")))
                           .ok());
  for (int i = 0; i < 300; i += 7) BOOST_TEST_REQUIRE(t.Remove(IdN(i)).ok());  // free ordinals to renumber

  std::vector<RowRef> rows;
  const uint64_t version = t.SnapshotShardRows(0, &rows);
  std::string encoded;
  BOOST_TEST_REQUIRE(t.EncodeShardPaths(0, version, &encoded));

  auto load = [&](const std::vector<RowRef>& with_rows, std::string_view bytes) {
    auto copy = std::make_unique<Table>(s, nullptr, 1);
    copy->BeginBulkLoad();
    for (const RowRef& r : with_rows) copy->ReplayPut(r);
    Status st = copy->LoadShardPaths(0, bytes);
    const size_t built = copy->EndBulkLoad(1);
    return std::make_tuple(std::move(copy), st, built);
  };
  const FilterNode paris = FilterNode::Compare(*s->FindSlot("city"), SlotKind::kText, CompareOp::kEq, {"Paris"});
  {
    auto [copy, st, built] = load(rows, encoded);
    BOOST_TEST_REQUIRE(st.ok(), st.ToString());
    BOOST_TEST(built == 0u);
    BOOST_TEST(copy->Count(&paris, false) == t.Count(&paris, false));
    BOOST_TEST(copy->Count(&paris, false) == 172u);
  }
  // Every truncation is refused, and the shard is built from its rows.
  for (size_t n = 0; n < encoded.size(); n += 1 + encoded.size() / 200) {
    auto [copy, st, built] = load(rows, std::string_view(encoded).substr(0, n));
    BOOST_TEST(st.code() == StatusCode::kCorruption);
    BOOST_TEST(built == 1u);
    BOOST_TEST(copy->Count(&paris, false) == 172u);
  }
  // Paths of other rows (one row fewer) are refused.
  {
    std::vector<RowRef> fewer(rows.begin(), rows.end() - 1);
    auto [copy, st, built] = load(fewer, encoded);
    BOOST_TEST(!st.ok());
    BOOST_TEST(built == 1u);
  }
  // Outside a bulk load, never.
  BOOST_TEST(t.LoadShardPaths(0, encoded).code() == StatusCode::kInvalidArgument);
  // A write after the rows were taken: the paths no longer match them.
  BOOST_TEST_REQUIRE(t.Put(IdN(1000), PutMode::kInsert, Fixed(Person(*s, IdN(1000), "new@x.com"))).ok());
  std::string stale;
  BOOST_TEST(!t.EncodeShardPaths(0, version, &stale));
  BOOST_TEST(stale.empty());
}

BOOST_AUTO_TEST_SUITE_END()

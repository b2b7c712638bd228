// The planned query engine (access paths, filter engine, planner) against a
// brute-force scan: random tables with every slot kind, NULLs, empty
// strings, duplicates, case variants and soft-deleted rows; thousands of
// random filter trees × orders × cursor pages; identical rows, order,
// pages and counts required. Then the same after random writes, soft
// deletes and restores, a field added at runtime, and a reload through the
// recovery path (bulk load).
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/aggregate.h"
#include "storage/regex_match.h"
#include "storage/table.h"
#include "tests/storage/custom_object.h"

using namespace vingt;
using namespace vingt::storage;
using vingt::storage::testing::CustomField;
using vingt::storage::testing::CustomObject;

namespace {

std::string Bytes(const void* p, size_t n) { return std::string(static_cast<const char*>(p), n); }
std::string Num(double v) { return Bytes(&v, 8); }
std::string Ts(int64_t v) { return Bytes(&v, 8); }

std::string List(const std::vector<std::string>& items) {
  RowBuilder b(1);
  b.SetStringList(0, items);
  return std::string(b.Build()->Bytes(0));
}

ObjectSchema ThingSchema() {
  ObjectSchema o = CustomObject("thing", "things");
  for (auto [name, type] : {std::pair{"city", FieldType::kText}, {"title", FieldType::kText},
                            {"score", FieldType::kNumber}, {"amount", FieldType::kCurrency},
                            {"born", FieldType::kDate}, {"seen", FieldType::kDateTime},
                            {"vip", FieldType::kBoolean}, {"stage", FieldType::kSelect},
                            {"tags", FieldType::kMultiSelect}, {"aliases", FieldType::kArray},
                            {"ref", FieldType::kUuid}, {"fullName", FieldType::kFullName},
                            {"emails", FieldType::kEmails}, {"data", FieldType::kRawJson}})
    o.fields.push_back(CustomField(name, type));
  o.AssignSlots();
  return o;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {
    for (int i = 0; i < 5; ++i) uuids_.push_back(Uuid::Random());
  }

  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool Chance(int percent) { return Pick(100) < percent; }

  std::string Value(SlotKind kind) {
    switch (kind) {
      case SlotKind::kText: {
        static const char* kTexts[] = {
            "", "Paris", "paris", "PARIS", "Lyon", "Ada", "ada lovelace", "Ada Lovelace", "\xC3\x84pfel",
            "\xC3\xA4pfel", "\xC3\xA9mile", "x_y%z", "back\\slash", "Staff Engineer", "staff accountant",
            "Chief of Staff", "https://www.linkedin.com/in/ada-1", "https://www.linkedin.com/in/ada-2",
            "https://www.linkedin.com/in/bob", "mccarthy12@example.com", "john.mccarthy120@example.com", "zz"};
        return kTexts[Pick(std::size(kTexts))];
      }
      case SlotKind::kNumber: {
        static const double kNums[] = {0.0, -0.0, 1, 1.5, -3, 100, 1e9, 42};
        return Num(kNums[Pick(std::size(kNums))]);
      }
      case SlotKind::kTimestamp: {
        static const int64_t kTs[] = {0, 1000, -5000, 1700000000000, 1700000000001, 1727740800000};
        return Ts(kTs[Pick(std::size(kTs))]);
      }
      case SlotKind::kDate: {
        static const char* kDates[] = {"2024-01-01", "2023-12-31", "2024-02-29", "2024-10-01", "1999-07-14"};
        return kDates[Pick(std::size(kDates))];
      }
      case SlotKind::kBoolean: return std::string(1, static_cast<char>(Pick(2)));
      case SlotKind::kUuid: return std::string(uuids_[Pick(uuids_.size())].AsBytes());
      case SlotKind::kStringList: {
        static const char* kItems[] = {"a", "b", "B", "c", "dd"};
        std::vector<std::string> items;
        for (int i = Pick(4); i > 0; --i) items.push_back(kItems[Pick(std::size(kItems))]);
        return List(items);
      }
      case SlotKind::kJson: {
        static const char* kJson[] = {"[]", "{}", "{\"a\":1}", "[1,2]"};
        return kJson[Pick(std::size(kJson))];
      }
    }
    return "";
  }

  // A new version of `base` (or a new row): most slots random, some NULL.
  RowRef Row(const ObjectSchema& s, const Uuid& id, const RowRef& base) {
    RowBuilder b = base ? RowBuilder(*base, s.slot_count()) : RowBuilder(s.slot_count());
    for (uint16_t slot = 0; slot < s.slot_count(); ++slot) {
      if (slot == s.id_slot) continue;
      if (base && !Chance(30)) continue;
      if (slot == s.deleted_at_slot) {
        if (Chance(20))
          b.SetTimestamp(slot, 1700000000000);
        else
          b.SetNull(slot);
        continue;
      }
      if (Chance(15))
        b.SetNull(slot);
      else
        b.SetRaw(slot, Value(s.slots[slot].kind));
    }
    b.SetUuid(s.id_slot, id);
    return b.Build();
  }

  FilterNode Leaf(const ObjectSchema& s) {
    const uint16_t slot = static_cast<uint16_t>(Pick(s.slot_count()));
    const SlotKind kind = s.slots[slot].kind;
    std::vector<CompareOp> ops = {CompareOp::kEq, CompareOp::kNeq, CompareOp::kIn, CompareOp::kIsNull,
                                  CompareOp::kIsNotNull};
    switch (kind) {
      case SlotKind::kText:
        ops.insert(ops.end(), {CompareOp::kGt, CompareOp::kLte, CompareOp::kStartsWith, CompareOp::kEndsWith,
                               CompareOp::kLike, CompareOp::kILike, CompareOp::kILike, CompareOp::kRegex,
                               CompareOp::kContainsAny});
        break;
      case SlotKind::kStringList:
        ops = {CompareOp::kContainsAny, CompareOp::kIn, CompareOp::kContainsAll, CompareOp::kContainsExactly,
               CompareOp::kContainsIlike, CompareOp::kIsEmptyArray, CompareOp::kIsNull, CompareOp::kIsNotNull,
               CompareOp::kEq, CompareOp::kNeq};
        break;
      case SlotKind::kJson:
        ops = {CompareOp::kLike, CompareOp::kIsNull, CompareOp::kIsEmptyArray, CompareOp::kEq};
        break;
      default:
        ops.insert(ops.end(), {CompareOp::kGt, CompareOp::kGte, CompareOp::kLt, CompareOp::kLte});
        if (Chance(10)) ops.push_back(CompareOp::kStartsWith);  // legal for the engine, odd for the APIs
        break;
    }
    const CompareOp op = ops[Pick(ops.size())];
    std::vector<std::string> operands;
    std::shared_ptr<const RegexMatcher> regex;
    switch (op) {
      case CompareOp::kIsNull:
      case CompareOp::kIsNotNull:
      case CompareOp::kIsEmptyArray: break;
      case CompareOp::kIn:
      case CompareOp::kContainsAny:
      case CompareOp::kContainsAll:
      case CompareOp::kContainsExactly:
        for (int i = Pick(3); i >= 0; --i) {
          if (kind == SlotKind::kStringList) {
            static const char* kItems[] = {"a", "b", "B", "c", "dd", "zz"};
            operands.push_back(kItems[Pick(std::size(kItems))]);
          } else {
            operands.push_back(Value(kind));
          }
        }
        break;
      case CompareOp::kContainsIlike: {
        static const char* kPatterns[] = {"%B%", "a", "d_", "%", "%z%"};
        operands.push_back(kPatterns[Pick(std::size(kPatterns))]);
        break;
      }
      case CompareOp::kStartsWith:
      case CompareOp::kEndsWith: {
        static const char* kAffixes[] = {"Pa", "pa", "Staff", "Ada", "\xC3\xA4", "\xC3", "", "z", "com",
                                         "https://www.linkedin.com/in/ada"};
        operands.push_back(kind == SlotKind::kText ? std::string(kAffixes[Pick(std::size(kAffixes))])
                                                   : Value(kind).substr(0, 2));
        break;
      }
      case CompareOp::kLike:
      case CompareOp::kILike: {
        static const char* kPatterns[] = {"%ad%", "Ad%", "ada%", "%ARIS", "_aris", "%\\%%", "x\\_y%", "%", "",
                                          "%mccarthy12%", "%\xC3\xA4%", "\xC3\x84%", "Staff%", "%staff%", "%[]%",
                                          "back\\\\%", "%linkedin.com/in/ada%", "P%s", "\xC3%"};
        operands.push_back(kPatterns[Pick(std::size(kPatterns))]);
        break;
      }
      case CompareOp::kRegex: {
        static const char* kRegex[] = {"^P", "s$", "[Pp]aris", "^a.a", "\xC3\xA4", "c", "^$"};
        operands.push_back(kRegex[Pick(std::size(kRegex))]);
        regex = *RegexMatcher::Compile(operands[0], Chance(50));
        break;
      }
      default:
        operands.push_back(kind == SlotKind::kStringList && op == CompareOp::kEq && Chance(50) ? List({})
                                                                                             : Value(kind));
        break;
    }
    FilterNode n = FilterNode::Compare(slot, kind, op, std::move(operands));
    n.regex = std::move(regex);
    return n;
  }

  FilterNode Filter(const ObjectSchema& s, int depth) {
    if (depth == 0 || Chance(45)) return Leaf(s);
    FilterNode n;
    const int k = Pick(3);
    n.kind = k == 0 ? FilterNode::Kind::kAnd : (k == 1 ? FilterNode::Kind::kOr : FilterNode::Kind::kNot);
    const int children = n.kind == FilterNode::Kind::kNot ? 1 : 1 + Pick(3);
    for (int i = 0; i < children; ++i) n.children.push_back(Filter(s, depth - 1));
    return n;
  }

  std::vector<OrderKey> Order(const ObjectSchema& s) {
    std::vector<OrderKey> order;
    for (int i = Pick(3); i > 0; --i) {
      OrderKey k;
      k.slot = static_cast<uint16_t>(Pick(s.slot_count()));
      if (k.slot == s.id_slot) continue;
      k.kind = s.slots[k.slot].kind;
      k.descending = Chance(50);
      k.nulls_first = Chance(50);
      k.fold_case = k.kind == SlotKind::kText && Chance(85);
      order.push_back(k);
    }
    if (Chance(10)) order = {OrderKey{s.id_slot, SlotKind::kUuid, true, true, false}};
    return order;
  }

 private:
  std::mt19937 rng_;
  std::vector<Uuid> uuids_;
};

std::string Describe(const FilterNode& n) {
  std::ostringstream os;
  switch (n.kind) {
    case FilterNode::Kind::kAll: return "all";
    case FilterNode::Kind::kAnd: os << "and("; break;
    case FilterNode::Kind::kOr: os << "or("; break;
    case FilterNode::Kind::kNot: os << "not("; break;
    case FilterNode::Kind::kCompare:
      os << "slot" << n.slot << " op" << static_cast<int>(n.op) << " [";
      for (const auto& o : n.operands) os << o.size() << "B ";
      os << "]";
      return os.str();
  }
  for (const auto& c : n.children) os << Describe(c) << ", ";
  os << ")";
  return os.str();
}

struct Expected {
  std::vector<Uuid> ids;
  uint64_t total = 0;
  bool has_next = false, has_previous = false;
};

// The brute force: every row, Matches, a full sort.
Expected BruteForce(const Table& table, const ListQuery& q) {
  const uint16_t id_slot = table.schema()->id_slot;
  const uint16_t deleted_slot = table.schema()->deleted_at_slot;
  std::vector<std::pair<Uuid, RowRef>> rows;
  table.ForEachRow([&](const RowRef& r) {
    if (!q.include_deleted && !r->IsNull(deleted_slot)) return;
    if (q.filter && !Matches(*q.filter, *r)) return;
    rows.emplace_back(r->GetUuid(id_slot), r);
  });
  std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return CompareRows(q.order, *a.second, a.first, *b.second, b.first) < 0;
  });
  Expected e;
  e.total = rows.size();
  std::vector<std::pair<Uuid, RowRef>> side;
  for (auto& r : rows) {
    if (q.after && CompareRowToCursor(q.order, *r.second, r.first, *q.after) <= 0) continue;
    if (q.before && CompareRowToCursor(q.order, *r.second, r.first, *q.before) >= 0) continue;
    side.push_back(r);
  }
  if (q.before) {
    e.has_previous = side.size() > q.limit;
    size_t from = side.size() > q.limit ? side.size() - q.limit : 0;
    for (size_t i = from; i < side.size(); ++i) e.ids.push_back(side[i].first);
  } else {
    e.has_next = side.size() > q.limit;
    for (size_t i = 0; i < side.size() && i < q.limit; ++i) e.ids.push_back(side[i].first);
  }
  return e;
}

// How often each access and page strategy was chosen, across the test:
// every one of them must have been compared with the brute force.
std::map<std::string, int>& Coverage() {
  static std::map<std::string, int> seen;
  return seen;
}

void NoteCoverage(const std::string& plan) {
  for (const char* word : {"lookup(", "range(", "prefix(", "contains(", "values(", "items(", "rows(", "scan(",
                           "and(", "or(", "not(", "id-walk", "ordered-walk", "top-k", "unique-key", "id-merge"})
    if (plan.find(word) != std::string::npos) ++Coverage()[word];
}

// Runs `queries` random queries against `table` and its brute force.
void CheckQueries(const Table& table, Generator& gen, int queries) {
  ObjectSchemaPtr s = table.schema();
  std::vector<RowRef> all;
  table.ForEachRow([&](const RowRef& r) { all.push_back(r); });
  for (int i = 0; i < queries; ++i) {
    FilterNode filter = gen.Filter(*s, 3);
    ListQuery q;
    q.filter = gen.Chance(90) ? &filter : nullptr;
    q.include_deleted = gen.Chance(20);
    q.order = gen.Order(*s);
    q.limit = static_cast<size_t>(gen.Pick(gen.Chance(20) ? 200 : 12));
    q.explain = true;
    if (!all.empty() && gen.Chance(40)) {
      const RowRef& r = all[gen.Pick(all.size())];
      CursorPosition c = CursorOf(q.order, *r, r->GetUuid(s->id_slot));
      if (gen.Chance(50))
        q.after = c;
      else
        q.before = c;
    }
    Expected want = BruteForce(table, q);
    ListResult got = table.List(q);
    std::vector<Uuid> got_ids;
    for (const auto& r : got.rows) got_ids.push_back(r->GetUuid(s->id_slot));
    const std::string what = (q.filter ? Describe(filter) : "no filter") + " plan " + got.plan;
    BOOST_TEST_REQUIRE(got.total_count == want.total, what);
    BOOST_TEST_REQUIRE((got_ids == want.ids), what);
    BOOST_TEST_REQUIRE(got.has_next_page == want.has_next, what);
    BOOST_TEST_REQUIRE(got.has_previous_page == want.has_previous, what);
    NoteCoverage(got.plan);
    // Counts through the aggregate engine agree too.
    AggregateQuery aq;
    aq.filter = q.filter;
    aq.include_deleted = q.include_deleted;
    aq.aggregates.push_back(*ResolveAggregate(*s, "totalCount"));
    const uint64_t aggregated = RunAggregate(table, aq).matched_rows;
    BOOST_TEST_REQUIRE(aggregated == want.total, what << " aggregated " << aggregated << " want " << want.total);
    // And group counts by one slot (read off its path when it has one).
    GroupKey key;
    key.slot = static_cast<uint16_t>(gen.Pick(s->slot_count()));
    key.kind = s->slots[key.slot].kind;
    aq.keys = {key};
    std::map<std::string, uint64_t> want_groups;
    table.ForEachRow([&](const RowRef& r) {
      if (!q.include_deleted && !r->IsNull(s->deleted_at_slot)) return;
      if (q.filter && !Matches(*q.filter, *r)) return;
      ++want_groups[r->IsNull(key.slot) ? std::string("NULL") : "=" + std::string(r->Bytes(key.slot))];
    });
    std::map<std::string, uint64_t> got_groups;
    for (const auto& g : RunAggregate(table, aq).groups)
      got_groups[g.keys[0].is_null() ? std::string("NULL") : "=" + g.keys[0].bytes] = g.row_count;
    BOOST_TEST_REQUIRE((got_groups == want_groups), what << " grouped by slot " << key.slot);
  }
}

void CheckPaths(const Table& table) {
  for (size_t i = 0; i < table.shard_count(); ++i) {
    const Shard& shard = table.shard(i);
    std::shared_lock lock(shard.mu);
    for (uint16_t slot = 0; slot < table.schema()->slot_count(); ++slot) {
      const AccessPath* p = shard.PathOf(slot);
      if (!p || !p->values) continue;
      std::string why;
      BOOST_TEST_REQUIRE(p->values->CheckConsistency(&why), why);
    }
  }
}

// Writes: new rows, new versions, soft deletes and restores, hard deletes.
void Mutate(Table& table, Generator& gen, std::vector<Uuid>* ids, int writes) {
  ObjectSchemaPtr s = table.schema();
  for (int i = 0; i < writes; ++i) {
    if (ids->empty() || gen.Chance(40)) {
      Uuid id = Uuid::Random();
      auto put = table.Put(id, PutMode::kInsert, [&](const RowRef&) -> Result<RowRef> { return gen.Row(*s, id, {}); });
      BOOST_TEST_REQUIRE(put.ok());
      ids->push_back(id);
    } else if (gen.Chance(15)) {
      size_t at = static_cast<size_t>(gen.Pick(ids->size()));
      BOOST_TEST_REQUIRE(table.Remove((*ids)[at]).ok());
      ids->erase(ids->begin() + static_cast<std::ptrdiff_t>(at));
    } else {
      const Uuid id = (*ids)[gen.Pick(ids->size())];
      auto put = table.Put(id, PutMode::kUpdate,
                           [&](const RowRef& current) -> Result<RowRef> { return gen.Row(*s, id, current); });
      BOOST_TEST_REQUIRE(put.ok());
    }
  }
}

// What recovery does: rows replayed into a bulk-loading table.
std::unique_ptr<Table> Reload(const Table& table, size_t shards) {
  auto copy = std::make_unique<Table>(table.schema(), nullptr, shards);
  copy->BeginBulkLoad();
  table.ForEachRow([&](const RowRef& r) { copy->ReplayPut(r); });
  copy->EndBulkLoad(2);
  return copy;
}

// What recovery does with a snapshot that holds the paths: each shard's
// rows replayed in ordinal order, then its encoded paths installed, so no
// path is built (free ordinals of `table` renumbered on the way).
std::unique_ptr<Table> ReloadWithPaths(Table& table, size_t shards) {
  auto copy = std::make_unique<Table>(table.schema(), nullptr, shards);
  copy->BeginBulkLoad();
  for (size_t i = 0; i < shards; ++i) {
    std::vector<RowRef> rows;
    const uint64_t version = table.SnapshotShardRows(i, &rows);
    std::string encoded;
    BOOST_TEST_REQUIRE(table.EncodeShardPaths(i, version, &encoded));
    for (const RowRef& r : rows) copy->ReplayPut(r);
    Status st = copy->LoadShardPaths(i, encoded);
    BOOST_TEST_REQUIRE(st.ok(), st.ToString());
  }
  BOOST_TEST(copy->EndBulkLoad(2) == 0u);
  return copy;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_engine)

BOOST_AUTO_TEST_CASE(planned_queries_equal_a_brute_force_scan) {
  // VINGT_QUERY_ENGINE_SEEDS=N runs N seeds per shard count (a longer
  // search for a disagreement than ctest's default of one).
  const char* seeds_env = std::getenv("VINGT_QUERY_ENGINE_SEEDS");
  const int seeds = seeds_env ? std::max(1, std::atoi(seeds_env)) : 1;
  for (int seed = 0; seed < seeds; ++seed) {
    for (size_t shards : {1u, 4u}) {
      Generator gen(static_cast<uint32_t>(shards) * 7919 + static_cast<uint32_t>(seed) * 104729);
      auto table = std::make_unique<Table>(std::make_shared<const ObjectSchema>(ThingSchema()), nullptr, shards);
      std::vector<Uuid> ids;
      for (int round = 0; round < 12; ++round) {
        // Small tables, then big enough for dense postings and walks.
        Mutate(*table, gen, &ids, round < 6 ? 60 : 600);
        CheckPaths(*table);
        CheckQueries(*table, gen, 150);
      }
      // A field added at runtime gets its path from the rows at once.
      ObjectSchema next = *table->schema();
      next.fields.push_back(CustomField("late", FieldType::kText));
      next.AssignSlots();
      BOOST_TEST_REQUIRE(table->SetSchema(std::make_shared<const ObjectSchema>(next)).ok());
      Mutate(*table, gen, &ids, 400);
      CheckPaths(*table);
      CheckQueries(*table, gen, 300);
      // A deactivated field loses its path; a filter that still names its
      // slot reads the rows.
      next = *table->schema();
      for (auto& f : next.fields)
        if (f.name == "city") f.is_active = false;
      BOOST_TEST_REQUIRE(table->SetSchema(std::make_shared<const ObjectSchema>(next)).ok());
      CheckQueries(*table, gen, 200);
      // Reloaded as recovery loads it (paths built in bulk), same answers.
      auto reloaded = Reload(*table, shards);
      CheckPaths(*reloaded);
      CheckQueries(*reloaded, gen, 300);
      // Reloaded from a snapshot that holds the paths: same answers, and
      // the installed paths go on being maintained by writes.
      auto from_snapshot = ReloadWithPaths(*table, shards);
      CheckPaths(*from_snapshot);
      CheckQueries(*from_snapshot, gen, 300);
      Mutate(*from_snapshot, gen, &ids, 300);
      CheckPaths(*from_snapshot);
      CheckQueries(*from_snapshot, gen, 200);
    }
  }
  for (const char* word : {"lookup(", "range(", "prefix(", "contains(", "values(", "items(", "rows(", "scan(",
                           "and(", "or(", "not(", "id-walk", "ordered-walk", "top-k", "id-merge"}) {
    BOOST_TEST_MESSAGE(word << " " << Coverage()[word]);
    BOOST_TEST(Coverage()[word] > 0, word << " was never planned");
  }
}

BOOST_AUTO_TEST_SUITE_END()

#include "storage/aggregate.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "storage/standard_objects.h"
#include "storage/table.h"
#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;
namespace bdata = boost::unit_test::data;

namespace {

ObjectSchemaPtr Standard(std::string_view singular) {
  for (auto& o : BuildStandardObjects(Uuid::Random(), 0))
    if (o.name_singular == singular) return std::make_shared<const ObjectSchema>(std::move(o));
  return nullptr;
}

const ObjectSchema& Opportunity() {
  static ObjectSchemaPtr s = Standard("opportunity");
  return *s;
}

const ObjectSchema& Company() {
  static ObjectSchemaPtr s = Standard("company");
  return *s;
}

uint16_t Slot(const ObjectSchema& s, std::string_view field, std::string_view sub = {}) {
  auto slot = s.FindSlot(field, sub);
  BOOST_TEST_REQUIRE(slot.has_value(), field << "." << sub);
  return *slot;
}

Uuid IdN(int n) {
  Uuid u{};
  u.bytes[14] = static_cast<uint8_t>(n >> 8);
  u.bytes[15] = static_cast<uint8_t>(n);
  return u;
}

// 2025-02-05T08:00:00Z and friends, as epoch milliseconds.
constexpr int64_t kWed = 1738742400000;  // Wednesday 2025-02-05 08:00 UTC
constexpr int64_t kThu = kWed + 86400000;
constexpr int64_t kHour = 3600000;

struct Deal {
  int id;
  std::optional<std::string> name;
  std::optional<std::string> stage;
  std::optional<double> micros;
  std::optional<int64_t> close;
  bool deleted = false;
};

void Insert(Table& t, const Deal& d) {
  const ObjectSchema& s = Opportunity();
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, IdN(d.id));
  if (d.name) b.SetText(Slot(s, "name"), *d.name);
  if (d.stage) b.SetText(Slot(s, "stage"), *d.stage);
  if (d.micros) b.SetNumber(Slot(s, "amount", "amountMicros"), *d.micros);
  if (d.micros) b.SetText(Slot(s, "amount", "currencyCode"), "EUR");
  if (d.close) b.SetTimestamp(Slot(s, "closeDate"), *d.close);
  if (d.deleted) b.SetTimestamp(s.deleted_at_slot, kWed);
  RowRef row = b.Build();
  BOOST_TEST_REQUIRE(t.Put(IdN(d.id), PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(row); }).ok());
}

// Four live deals in the shape of Twenty's group-by integration test, one
// with nothing set, and one in the trash.
std::unique_ptr<Table> Deals() {
  auto t = std::make_unique<Table>(Standard("opportunity"), nullptr, 4);
  Insert(*t, {1, "Opportunity 1", "NEW", 1e12, kWed});
  Insert(*t, {2, "Opportunity 2", "NEW", 2e12, kThu});
  Insert(*t, {3, "Opportunity 3", "NEW", 3e12, kThu});
  Insert(*t, {4, "Opportunity 4", "SCREENING", 4e12, kThu});
  Insert(*t, {5, "", std::nullopt, std::nullopt, std::nullopt});
  Insert(*t, {6, "Trashed", "NEW", 9e12, kWed, true});
  return t;
}

AggregateSpec Agg(std::string_view name) {
  auto spec = ResolveAggregate(Opportunity(), name);
  BOOST_TEST_REQUIRE(spec.has_value(), name);
  return *spec;
}

GroupKey Key(const GroupBySpec& spec) {
  auto key = CompileGroupKey(Opportunity(), spec);
  BOOST_TEST_REQUIRE(key.ok(), key.status().message());
  BOOST_TEST_REQUIRE(key->has_value());
  return **key;
}

std::string Text(const Datum& d) {
  switch (d.type) {
    case Datum::Type::kNull: return "null";
    case Datum::Type::kInteger: return std::to_string(d.integer);
    case Datum::Type::kFloat: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", d.floating);
      return buf;
    }
    case Datum::Type::kLabel: return d.bytes;
    case Datum::Type::kSlot:
      if (d.slot_kind == SlotKind::kTimestamp) {
        int64_t ms;
        std::memcpy(&ms, d.bytes.data(), 8);
        return "ts:" + std::to_string(ms);
      }
      return d.bytes;
  }
  return "?";
}

// "NEW|3" per group: keys then aggregates, joined.
std::vector<std::string> Rows(const AggregateResult& r) {
  std::vector<std::string> out;
  for (const auto& g : r.groups) {
    std::string line;
    for (const auto& k : g.keys) line += (line.empty() ? "" : "|") + Text(k);
    for (const auto& a : g.aggregates) line += (line.empty() ? "" : "|") + Text(a);
    out.push_back(line);
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(aggregate)

// --- names -----------------------------------------------------------------

struct NameCase {
  const char* object;
  const char* name;
  bool found;
  AggregateOp op;
  size_t slots;
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.object << "." << c.name; }

const NameCase kNameCases[] = {
    {"opportunity", "totalCount", true, AggregateOp::kCount, 0},
    {"opportunity", "countEmptyName", true, AggregateOp::kCountEmpty, 1},
    {"opportunity", "countNotEmptyId", true, AggregateOp::kCountNotEmpty, 1},
    {"opportunity", "countUniqueValuesStage", true, AggregateOp::kCountUniqueValues, 1},
    {"opportunity", "percentageEmptyCloseDate", true, AggregateOp::kPercentageEmpty, 1},
    {"opportunity", "percentageNotEmptyAmount", true, AggregateOp::kPercentageNotEmpty,
     2},  // amountMicros, currencyCode
    {"opportunity", "maxAmountAmountMicros", true, AggregateOp::kMax, 1},
    {"opportunity", "sumAmountAmountMicros", true, AggregateOp::kSum, 1},
    {"opportunity", "avgAmountAmountMicros", true, AggregateOp::kAvg, 1},
    {"opportunity", "minCloseDate", true, AggregateOp::kMin, 1},
    {"opportunity", "maxCreatedAt", true, AggregateOp::kMax, 1},
    {"opportunity", "countEmptyCreatedBy", true, AggregateOp::kCountEmpty, 2},  // workspaceMemberId, source
    {"opportunity", "sumAmount", false, AggregateOp::kSum, 0},                  // CURRENCY needs AmountMicros
    {"opportunity", "minName", false, AggregateOp::kMin, 0},                    // TEXT has no min
    {"opportunity", "countTrueStage", false, AggregateOp::kCountTrue, 0},
    {"opportunity", "countEmptyCompany", false, AggregateOp::kCountEmpty, 0},  // relations have none
    {"opportunity", "countEmptyCompanyId", false, AggregateOp::kCountEmpty, 0},
    {"opportunity", "countEmptyname", false, AggregateOp::kCountEmpty, 0},  // capitalized names only
    {"opportunity", "countEmpty", false, AggregateOp::kCountEmpty, 0},
    {"opportunity", "bogus", false, AggregateOp::kCount, 0},
    {"company", "sumEmployees", true, AggregateOp::kSum, 1},
    {"company", "avgEmployees", true, AggregateOp::kAvg, 1},
    {"company", "countTrueIdealCustomerProfile", true, AggregateOp::kCountTrue, 1},
    {"company", "countFalseIdealCustomerProfile", true, AggregateOp::kCountFalse, 1},
    {"company", "countEmptyAddress", true, AggregateOp::kCountEmpty, 8},
    {"company", "countEmptyDomainName", true, AggregateOp::kCountEmpty, 1},  // primaryLinkUrl only
    {"company", "minAnnualRecurringRevenueAmountMicros", true, AggregateOp::kMin, 1},
};

BOOST_DATA_TEST_CASE(resolves_twentys_aggregate_names, bdata::make(kNameCases), c) {
  const ObjectSchema& s = std::string_view(c.object) == "company" ? Company() : Opportunity();
  auto spec = ResolveAggregate(s, c.name);
  BOOST_TEST(spec.has_value() == c.found);
  if (!spec || !c.found) return;
  BOOST_TEST(spec->name == c.name);
  BOOST_TEST(static_cast<int>(spec->op) == static_cast<int>(c.op));
  BOOST_TEST(spec->slots.size() == c.slots);
  BOOST_TEST(spec->kinds.size() == c.slots);
}

BOOST_AUTO_TEST_CASE(available_aggregates_resolve_back_to_themselves) {
  auto all = AvailableAggregates(Company());
  BOOST_TEST_REQUIRE(!all.empty());
  BOOST_TEST(all.front().name == "totalCount");
  for (const auto& a : all) {
    auto again = ResolveAggregate(Company(), a.name);
    BOOST_TEST_REQUIRE(again.has_value(), a.name);
    BOOST_TEST(static_cast<int>(again->op) == static_cast<int>(a.op), a.name);
    BOOST_TEST(again->slots == a.slots, a.name);
  }
}

// --- group keys --------------------------------------------------------------

struct KeyError {
  const char* label;
  GroupBySpec spec;
  const char* message;
};
std::ostream& operator<<(std::ostream& os, const KeyError& c) { return os << c.label; }

GroupBySpec Members(std::string field, std::vector<GroupBySpec::Member> members) {
  GroupBySpec s;
  s.field = std::move(field);
  s.definition = GroupBySpec::Definition::kObject;
  s.members = std::move(members);
  return s;
}

GroupBySpec Other(std::string field) {
  GroupBySpec s = GroupBySpec::Field(std::move(field));
  s.definition = GroupBySpec::Definition::kOther;
  return s;
}

const KeyError kKeyErrors[] = {
    {"unknown", GroupBySpec::Field("foo"), "Unidentified field in groupBy: foo"},
    {"id", GroupBySpec::Field("id"), "Field \"id\" is not supported in groupBy"},
    {"system", GroupBySpec::Field("position"), "Field \"position\" is not supported in groupBy"},
    {"deletedAt", GroupBySpec::Field("deletedAt"), "Field \"deletedAt\" is not supported in groupBy"},
    {"createdBy", GroupBySpec::Field("createdBy"), "Field \"createdBy\" is not supported in groupBy"},
    {"searchVector", GroupBySpec::Field("searchVector"), "Field \"searchVector\" is not supported in groupBy"},
    {"one-to-many", GroupBySpec::Field("taskTargets"), "Field \"taskTargets\" is not supported in groupBy"},
    {"sub on scalar", GroupBySpec::SubField("stage", "x"),
     "Field \"stage\" does not support nested subfields in groupBy"},
    {"unknown sub", GroupBySpec::SubField("amount", "x"),
     "Composite subfield \"x\" is not supported in groupBy for \"amount\""},
    {"two subs", Members("amount", {{"amountMicros", true}, {"currencyCode", true}}),
     "You cannot provide multiple subfields in one GroupByInput, split them into multiple GroupByInput"},
    {"sub false", Members("amount", {{"currencyCode", false}}),
     "Composite subfield \"currencyCode\" must be set to true in groupBy for \"amount\""},
    {"raw json sub", GroupBySpec::SubField("updatedBy", "context"),
     "Composite subfield \"context\" is not supported in groupBy for \"updatedBy\""},
    {"false", Other("stage"), "Invalid groupBy definition for field \"stage\""},
    {"granularity on text", GroupBySpec::Date("name", DateGranularity::kDay),
     "Field \"name\" does not support nested subfields in groupBy"},
    {"granularity on composite", GroupBySpec::Date("amount", DateGranularity::kDay),
     "Composite subfield \"granularity\" is not supported in groupBy for \"amount\""},
    {"no time zone", GroupBySpec::Date("closeDate", DateGranularity::kMonth),
     "Time zone should be specified for a group by date on Day, Week, Month, Quarter or Year"},
    {"bad time zone", GroupBySpec::Date("closeDate", DateGranularity::kDay, "Mars/Olympus_Mons"),
     "Invalid timezone: Mars/Olympus_Mons"},
    {"path escape", GroupBySpec::Date("closeDate", DateGranularity::kDay, "../../etc/passwd"),
     "Invalid timezone: ../../etc/passwd"},
    {"relation field", GroupBySpec::SubField("company", "name"),
     "Grouping by \"company.name\", a field of the related record, is not supported; group by \"companyId\" instead"},
    {"two nested", Members("company", {{"id", true}, {"name", true}}),
     "You cannot provide multiple nested fields in one relation GroupByInput, split them into multiple GroupByInput"},
};

BOOST_DATA_TEST_CASE(group_key_errors_are_twentys, bdata::make(kKeyErrors), c) {
  auto key = CompileGroupKey(Opportunity(), c.spec);
  BOOST_TEST_REQUIRE(!key.ok());
  BOOST_TEST(key.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(key.status().message() == c.message);
}

BOOST_AUTO_TEST_CASE(group_keys_for_fields_sub_fields_relations_and_dates) {
  const ObjectSchema& s = Opportunity();
  GroupKey stage = Key(GroupBySpec::Field("stage"));
  BOOST_TEST(stage.slot == Slot(s, "stage"));
  GroupKey micros = Key(GroupBySpec::SubField("amount", "amountMicros"));
  BOOST_TEST(micros.slot == Slot(s, "amount", "amountMicros"));
  BOOST_TEST((micros.value_type == FieldType::kNumeric));
  // A composite given `true` is its first column, as Twenty's SQL makes it.
  BOOST_TEST(Key(GroupBySpec::Field("amount")).slot == micros.slot);
  for (auto spec :
       {GroupBySpec::Field("company"), GroupBySpec::Field("companyId"), GroupBySpec::SubField("company", "id")}) {
    GroupKey k = Key(spec);
    BOOST_TEST(k.slot == Slot(s, "companyId"));
    BOOST_TEST((k.kind == SlotKind::kUuid));
  }
  BOOST_TEST((Key(GroupBySpec::Field("createdAt")).kind == SlotKind::kTimestamp));
  GroupKey weekday = Key(GroupBySpec::Date("closeDate", DateGranularity::kDayOfTheWeek));  // no zone needed
  BOOST_TEST(static_cast<int>(weekday.granularity) == static_cast<int>(DateGranularity::kDayOfTheWeek));
  BOOST_TEST(!weekday.time_zone);
  GroupKey utc_day = Key(GroupBySpec::Date("closeDate", DateGranularity::kDay, "UTC"));
  BOOST_TEST_REQUIRE(utc_day.time_zone != nullptr);
  BOOST_TEST(utc_day.time_zone->name() == "UTC");
  // {"name": {}} groups by nothing.
  auto none = CompileGroupKey(s, Members("amount", {}));
  BOOST_TEST_REQUIRE(none.ok());
  BOOST_TEST(!none->has_value());
}

BOOST_AUTO_TEST_CASE(granularity_names_round_trip) {
  for (auto g : {DateGranularity::kNone, DateGranularity::kDay, DateGranularity::kWeek, DateGranularity::kMonth,
                 DateGranularity::kQuarter, DateGranularity::kYear, DateGranularity::kDayOfTheWeek,
                 DateGranularity::kMonthOfTheYear, DateGranularity::kQuarterOfTheYear})
    BOOST_TEST((ParseDateGranularity(DateGranularityName(g)) == std::optional<DateGranularity>(g)));
  BOOST_TEST(!ParseDateGranularity("day").has_value());
  BOOST_TEST(!ParseDateGranularity("HOUR").has_value());
}

// --- the scan ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(whole_set_aggregates_follow_twentys_sql) {
  auto t = Deals();
  AggregateQuery q;
  for (auto name : {"totalCount", "countEmptyName", "countNotEmptyName", "percentageEmptyStage",
                    "percentageNotEmptyAmount", "countUniqueValuesStage", "minCloseDate", "maxCloseDate",
                    "sumAmountAmountMicros", "avgAmountAmountMicros", "minAmountAmountMicros"})
    q.aggregates.push_back(Agg(name));
  AggregateResult r = RunAggregate(*t, q);
  BOOST_TEST(r.matched_rows == 5u);  // the trashed deal is left out
  // "" is empty, as NULL is; stage NULL in one of five; 2 distinct stages.
  BOOST_TEST(Rows(r) == (Lines{"5|1|4|0.2|0.8|2|ts:" + std::to_string(kWed) + "|ts:" + std::to_string(kThu) +
                               "|1e+13|2.5e+12|1e+12"}));
}

BOOST_AUTO_TEST_CASE(a_bare_total_count_matches_the_scan) {
  auto t = Deals();
  AggregateQuery q;
  q.aggregates.push_back(Agg("totalCount"));
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"5"}));  // from the table's live count
  FilterNode all = FilterNode::All();
  q.filter = &all;
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"5"}));
  q.include_deleted = true;  // a scan
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"6"}));
}

BOOST_AUTO_TEST_CASE(empty_set_gives_one_group_of_nulls_and_a_zero_count) {
  auto t = Deals();
  auto none = FilterNode::Compare(Slot(Opportunity(), "name"), SlotKind::kText, CompareOp::kEq, {"nobody"});
  AggregateQuery q;
  q.filter = &none;
  for (auto name : {"totalCount", "countEmptyName", "percentageEmptyName", "sumAmountAmountMicros", "maxCloseDate"})
    q.aggregates.push_back(Agg(name));
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"0|null|null|null|null"}));
  // With a grouping key, no row means no group.
  q.keys.push_back(Key(GroupBySpec::Field("stage")));
  BOOST_TEST(RunAggregate(*t, q).groups.empty());
}

BOOST_AUTO_TEST_CASE(groups_are_ordered_by_key_with_nulls_last_by_default) {
  auto t = Deals();
  AggregateQuery q;
  q.keys.push_back(Key(GroupBySpec::Field("stage")));
  q.aggregates.push_back(Agg("totalCount"));
  q.aggregates.push_back(Agg("maxAmountAmountMicros"));
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"NEW|3|3e+12", "SCREENING|1|4e+12", "null|1|null"}));
}

struct OrderCase {
  const char* label;
  std::vector<GroupOrder> order;
  size_t limit;
  Lines expected;
};
std::ostream& operator<<(std::ostream& os, const OrderCase& c) { return os << c.label; }

GroupOrder ByKey(size_t i, bool desc, bool nulls_first) { return {GroupOrder::Target::kKey, i, desc, nulls_first}; }
GroupOrder ByAgg(size_t i, bool desc, bool nulls_first) {
  return {GroupOrder::Target::kAggregate, i, desc, nulls_first};
}

const OrderCase kOrderCases[] = {
    {"key asc nulls first", {ByKey(0, false, true)}, 10, {"null|1", "NEW|3", "SCREENING|1"}},
    {"key desc nulls last", {ByKey(0, true, false)}, 10, {"SCREENING|1", "NEW|3", "null|1"}},
    {"count desc, then keys", {ByAgg(0, true, false)}, 10, {"NEW|3", "SCREENING|1", "null|1"}},
    {"count asc, then keys", {ByAgg(0, false, false)}, 10, {"SCREENING|1", "null|1", "NEW|3"}},
    {"limit", {ByAgg(0, true, false)}, 2, {"NEW|3", "SCREENING|1"}},
    {"limit 0", {}, 0, {}},
};

BOOST_DATA_TEST_CASE(group_order_and_limit, bdata::make(kOrderCases), c) {
  auto t = Deals();
  AggregateQuery q;
  q.keys.push_back(Key(GroupBySpec::Field("stage")));
  q.aggregates.push_back(Agg("totalCount"));
  q.order = c.order;
  q.group_limit = c.limit;
  AggregateResult r = RunAggregate(*t, q);
  BOOST_TEST(Rows(r) == c.expected);
  BOOST_TEST(r.group_count == 3u);
}

BOOST_AUTO_TEST_CASE(two_keys_and_the_deleted_at_filter) {
  auto t = Deals();
  AggregateQuery q;
  q.keys.push_back(Key(GroupBySpec::Date("closeDate", DateGranularity::kDayOfTheWeek)));
  q.keys.push_back(Key(GroupBySpec::Field("stage")));
  q.aggregates.push_back(Agg("totalCount"));
  BOOST_TEST(Rows(RunAggregate(*t, q)) ==
             (Lines{"Wednesday|NEW|1", "Thursday|NEW|2", "Thursday|SCREENING|1", "null|null|1"}));
  // A filter naming deletedAt lets the trash in (as ListQuery does).
  auto trash = FilterNode::Compare(Opportunity().deleted_at_slot, SlotKind::kTimestamp, CompareOp::kIsNotNull, {});
  q.filter = &trash;
  q.include_deleted = true;
  BOOST_TEST(Rows(RunAggregate(*t, q)) == (Lines{"Wednesday|NEW|1"}));
}

BOOST_AUTO_TEST_CASE(samples_follow_their_own_order_limit_and_offset) {
  auto t = Deals();
  AggregateQuery q;
  q.keys.push_back(Key(GroupBySpec::Field("stage")));
  q.sample_limit = 2;
  q.sample_order.push_back(OrderKey{Slot(Opportunity(), "name"), SlotKind::kText, true, false});
  AggregateResult r = RunAggregate(*t, q);
  BOOST_TEST_REQUIRE(r.groups.size() == 3u);
  auto names = [&](const AggregateGroup& g) {
    Lines out;
    for (const auto& row : g.sample) out.emplace_back(row->Text(Slot(Opportunity(), "name")));
    return out;
  };
  BOOST_TEST(names(r.groups[0]) == (Lines{"Opportunity 3", "Opportunity 2"}));
  BOOST_TEST(names(r.groups[1]) == (Lines{"Opportunity 4"}));
  q.sample_offset = 1;
  r = RunAggregate(*t, q);
  BOOST_TEST(names(r.groups[0]) == (Lines{"Opportunity 2", "Opportunity 1"}));
  BOOST_TEST(names(r.groups[1]) == Lines{});
  // No order: id ascending.
  q.sample_order.clear();
  q.sample_offset = 0;
  q.sample_limit = 10;
  r = RunAggregate(*t, q);
  BOOST_TEST(names(r.groups[0]) == (Lines{"Opportunity 1", "Opportunity 2", "Opportunity 3"}));
}

// --- dates ----------------------------------------------------------------------

struct BucketCase {
  DateGranularity granularity;
  const char* zone;  // POSIX rule, "" = UTC
  Weekday week_start;
  int64_t at;
  const char* expected;
};
std::ostream& operator<<(std::ostream& os, const BucketCase& c) {
  return os << DateGranularityName(c.granularity) << " " << c.zone << " " << c.at;
}

constexpr const char* kParis = "CET-1CEST,M3.5.0,M10.5.0/3";
constexpr const char* kLosAngeles = "PST8PDT,M3.2.0,M11.1.0";
// 2025-01-01T00:30:00Z: still 2024 in Los Angeles, already 01:30 in Paris.
constexpr int64_t kNewYearUtc = 1735691400000;

const BucketCase kBucketCases[] = {
    {DateGranularity::kDay, "", Weekday::kMonday, kWed, "2025-02-05"},
    {DateGranularity::kDay, kLosAngeles, Weekday::kMonday, kWed, "2025-02-05"},          // 00:00 in LA
    {DateGranularity::kDay, kLosAngeles, Weekday::kMonday, kWed - kHour, "2025-02-04"},  // 23:00 the day before
    {DateGranularity::kWeek, "", Weekday::kMonday, kWed, "2025-02-03"},
    {DateGranularity::kWeek, "", Weekday::kSunday, kWed, "2025-02-02"},
    {DateGranularity::kWeek, "", Weekday::kSaturday, kWed, "2025-02-01"},
    {DateGranularity::kMonth, "", Weekday::kMonday, kWed, "2025-02-01"},
    {DateGranularity::kQuarter, "", Weekday::kMonday, kWed, "2025-01-01"},
    {DateGranularity::kYear, "", Weekday::kMonday, kWed, "2025-01-01"},
    {DateGranularity::kYear, kLosAngeles, Weekday::kMonday, kNewYearUtc, "2024-01-01"},
    {DateGranularity::kYear, kParis, Weekday::kMonday, kNewYearUtc, "2025-01-01"},
    {DateGranularity::kMonth, kLosAngeles, Weekday::kMonday, kNewYearUtc, "2024-12-01"},
    {DateGranularity::kQuarter, kLosAngeles, Weekday::kMonday, kNewYearUtc, "2024-10-01"},
    {DateGranularity::kDayOfTheWeek, "", Weekday::kMonday, kWed, "Wednesday"},
    {DateGranularity::kDayOfTheWeek, "", Weekday::kMonday, kThu + 3 * 86400000, "Sunday"},
    {DateGranularity::kMonthOfTheYear, "", Weekday::kMonday, kWed, "February"},
    {DateGranularity::kQuarterOfTheYear, "", Weekday::kMonday, kNewYearUtc - kHour, "Q4"},
    {DateGranularity::kDay, "", Weekday::kMonday, -1, "1969-12-31"},
};

BOOST_DATA_TEST_CASE(date_buckets, bdata::make(kBucketCases), c) {
  Table t(Standard("opportunity"), nullptr, 2);
  Insert(t, {1, "x", "NEW", std::nullopt, c.at});
  AggregateQuery q;
  GroupKey key = Key(GroupBySpec::Date("closeDate", DateGranularity::kDayOfTheWeek));
  key.granularity = c.granularity;
  key.week_start = c.week_start;
  if (*c.zone) key.time_zone = TimeZone::FromPosixRule("test", c.zone);
  q.keys.push_back(key);
  BOOST_TEST(Rows(RunAggregate(t, q)) == (Lines{c.expected}));
}

BOOST_AUTO_TEST_CASE(weekday_and_month_buckets_order_by_the_calendar) {
  Table t(Standard("opportunity"), nullptr, 2);
  // Sunday 2025-02-09, Monday 2025-02-03, Saturday 2025-02-08.
  Insert(t, {1, "a", "NEW", std::nullopt, kWed + 4 * 86400000});
  Insert(t, {2, "b", "NEW", std::nullopt, kWed - 2 * 86400000});
  Insert(t, {3, "c", "NEW", std::nullopt, kWed + 3 * 86400000});
  AggregateQuery q;
  q.keys.push_back(Key(GroupBySpec::Date("closeDate", DateGranularity::kDayOfTheWeek)));
  BOOST_TEST(Rows(RunAggregate(t, q)) == (Lines{"Monday", "Saturday", "Sunday"}));
  q.keys[0].week_start = Weekday::kSunday;
  BOOST_TEST(Rows(RunAggregate(t, q)) == (Lines{"Sunday", "Monday", "Saturday"}));
  // An explicit order sorts the names as text, as Twenty's ORDER BY on
  // TO_CHAR(closeDate, 'TMDay') does.
  q.order.push_back(ByKey(0, true, false));
  BOOST_TEST(Rows(RunAggregate(t, q)) == (Lines{"Sunday", "Saturday", "Monday"}));
  q.order[0] = ByKey(0, false, false);
  BOOST_TEST(Rows(RunAggregate(t, q)) == (Lines{"Monday", "Saturday", "Sunday"}));
}

BOOST_AUTO_TEST_SUITE_END()

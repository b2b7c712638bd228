// Aggregates and group-by over one table: the engine behind REST's
// GET /rest/{plural}/groupBy, GraphQL's connection aggregate fields
// (totalCount, countEmptyX, sumAmountAmountMicros, ...) and <plural>GroupBy.
//
// A query names the rows (a filter, as List takes it), the grouping keys
// (slots, dates bucketed by a granularity), the aggregates and, per group,
// an optional sample of records with its own order. One pass over the
// matching rows, a shard at a time under its read lock, builds every group;
// rows are referenced, never copied. Results are plain values (Datum), the
// front-ends format them.
//
// Semantics follow Twenty's SQL (packages/twenty-server/src/engine/api/
// graphql/graphql-query-runner/helpers/process-aggregate.helper.ts and
// .../group-by/resolvers/utils/get-group-by-expression.util.ts):
//   * a field is "empty" when the concatenation of its columns is NULL or ""
//     (NULLIF(CONCAT(cols), '')): "" text and NULL are empty, 0 and false
//     are not; countUniqueValues counts distinct non-empty concatenations;
//   * count and percentage aggregates are NULL over an empty set (CASE WHEN
//     COUNT(*) = 0 THEN NULL); totalCount is 0; min/max/avg/sum ignore
//     NULLs and are NULL when nothing is left;
//   * with no grouping key there is exactly one group, even over no rows (an
//     aggregate without GROUP BY); with keys, a group exists only if a row
//     falls in it, and NULL is a group of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/field_type.h"
#include "storage/query.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/time_zone.h"
#include "storage/uuid.h"

namespace vingt::storage {

class Table;

// Twenty's ObjectRecordGroupByDateGranularity.
enum class DateGranularity : uint8_t {
  kNone,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDayOfTheWeek,
  kMonthOfTheYear,
  kQuarterOfTheYear,
};
// "DAY" <-> kDay, ...; nullopt for anything else (names are case-sensitive).
std::optional<DateGranularity> ParseDateGranularity(std::string_view name);
std::string_view DateGranularityName(DateGranularity granularity);

// Monday = 0 .. Sunday = 6. Twenty's weekStartDay is MONDAY (default),
// SUNDAY or SATURDAY.
enum class Weekday : uint8_t { kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// A computed value. kSlot holds bytes as row.h encodes a slot of
// `slot_kind` (a group's raw value, a min/max); kLabel is text the engine
// made (a bucketed date "2025-02-03", "Monday", "Q1") with `integer` its
// rank in Twenty's group order (Monday = 1 ... for weekdays, 1..12 for
// months; 0 when text order is the order).
struct Datum {
  enum class Type : uint8_t { kNull, kInteger, kFloat, kSlot, kLabel };
  Type type = Type::kNull;
  int64_t integer = 0;
  double floating = 0;
  SlotKind slot_kind = SlotKind::kText;
  std::string bytes;

  bool is_null() const { return type == Type::kNull; }
  static Datum Null() { return {}; }
  static Datum Integer(int64_t v) {
    Datum d;
    d.type = Type::kInteger;
    d.integer = v;
    return d;
  }
  static Datum Float(double v) {
    Datum d;
    d.type = Type::kFloat;
    d.floating = v;
    return d;
  }
  static Datum Slot(SlotKind kind, std::string_view bytes) {
    Datum d;
    d.type = Type::kSlot;
    d.slot_kind = kind;
    d.bytes.assign(bytes);
    return d;
  }
  static Datum Label(std::string_view text, int64_t rank = 0) {
    Datum d;
    d.type = Type::kLabel;
    d.integer = rank;
    d.bytes.assign(text);
    return d;
  }
  bool operator==(const Datum&) const = default;
};

// Three-way order of two non-null datums of one key or aggregate: numbers
// as numbers, slots per their kind (CompareSlotBytes), labels by rank then
// text.
int CompareDatums(const Datum& a, const Datum& b);

enum class AggregateOp : uint8_t {
  kCount,  // totalCount: rows
  kCountUniqueValues,
  kCountEmpty,
  kCountNotEmpty,
  kPercentageEmpty,  // fraction 0..1
  kPercentageNotEmpty,
  kMin,
  kMax,
  kAvg,
  kSum,
  kCountTrue,
  kCountFalse,
};

struct AggregateSpec {
  std::string name;  // the API name, "countEmptyName"; informational
  AggregateOp op = AggregateOp::kCount;
  // kCount: unused. Count and percentage ops: the columns whose
  // concatenation is the value (a composite's aggregated sub-fields, in
  // Twenty's order). min/max/avg/sum/countTrue/countFalse: one slot.
  std::vector<uint16_t> slots;
  std::vector<SlotKind> kinds;  // parallel to slots
  // The field's type (CURRENCY for sumAmountAmountMicros, ...), so that a
  // front-end can type the value as Twenty does. kUuid for totalCount.
  FieldType field_type = FieldType::kUuid;
};

// Twenty's aggregate field `name` on `schema` (spec/graphql-core.md §5):
// totalCount, countUniqueValues<F>, countEmpty<F>, countNotEmpty<F>,
// percentageEmpty<F>, percentageNotEmpty<F> for every non-relation field,
// min<F>/max<F> for DATE / DATE_TIME / NUMBER, avg<F>/sum<F> for NUMBER,
// countTrue<F>/countFalse<F> for BOOLEAN, {min,max,avg,sum}<F>AmountMicros
// for CURRENCY (<F> = capitalized field name). nullopt if it is none.
std::optional<AggregateSpec> ResolveAggregate(const ObjectSchema& schema, std::string_view name);
// Every aggregate of `schema`, totalCount first, then per field in schema
// order (for a GraphQL connection type).
std::vector<AggregateSpec> AvailableAggregates(const ObjectSchema& schema);

struct GroupKey {
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
  // The type of the value (a sub-field's own type for `address.addressLat`:
  // NUMERIC), for front-ends that type values as Twenty does.
  FieldType value_type = FieldType::kText;
  // kTimestamp / kDate slots only; kNone groups by the value itself.
  DateGranularity granularity = DateGranularity::kNone;
  Weekday week_start = Weekday::kMonday;
  // DAY..YEAR on a DATE_TIME bucket in this zone's local time; null = UTC.
  // The *_OF_THE_* granularities always use UTC, as Twenty's SQL does.
  std::shared_ptr<const TimeZone> time_zone;
};

// One entry of Twenty's groupBy argument as REST (JSON) and GraphQL give
// it, e.g. {"stage": true}, {"address": {"addressCity": true}},
// {"companyId": true}, {"closeDate": {"granularity": "DAY", "timeZone":
// "Europe/Paris", "weekStartDay": "SUNDAY"}}. The front-end only takes the
// entry apart; CompileGroupKey judges it against the object, in Twenty's
// order, so both APIs accept and reject the same entries.
struct GroupBySpec {
  enum class Definition : uint8_t {
    kTrue,    // {"f": true}
    kObject,  // {"f": {...}}: members below
    kOther,   // false, a number, a string, null, an array
  };
  struct Member {
    std::string name;
    bool is_true = false;  // its value is the JSON `true`
  };
  std::string field;  // field name, or a join column ("companyId")
  Definition definition = Definition::kTrue;
  std::vector<Member> members;  // kObject: its keys, in order
  // kObject with a "granularity" string naming a granularity (Twenty's
  // isGroupByDateFieldDefinition), with "weekStartDay" (SUNDAY and SATURDAY
  // count, anything else is Monday) and "timeZone".
  std::optional<DateGranularity> granularity;
  Weekday week_start = Weekday::kMonday;
  std::string time_zone;

  static GroupBySpec Field(std::string field) {
    GroupBySpec s;
    s.field = std::move(field);
    return s;
  }
  static GroupBySpec SubField(std::string field, std::string sub_field) {
    GroupBySpec s;
    s.field = std::move(field);
    s.definition = Definition::kObject;
    s.members.push_back({std::move(sub_field), true});
    return s;
  }
  static GroupBySpec Date(std::string field, DateGranularity granularity, std::string time_zone = {},
                          Weekday week_start = Weekday::kMonday) {
    GroupBySpec s;
    s.field = std::move(field);
    s.definition = Definition::kObject;
    s.members.push_back({"granularity", false});
    s.granularity = granularity;
    s.time_zone = std::move(time_zone);
    s.week_start = week_start;
    return s;
  }
};

// The key for `spec`; nullopt when the entry groups by nothing ({"name":
// {}}, as in Twenty); or Twenty's 400 (detail code INVALID_QUERY_INPUT,
// MISSING_TIMEZONE_FOR_DATE_GROUP_BY or INVALID_TIMEZONE), following
// validate-and-transform-group-by-fields-or-throw.util.ts:
//   `Unidentified field in groupBy: foo`,
//   `Field "position" is not supported in groupBy` (id, system fields other
//     than createdAt/updatedAt, deletedAt, createdBy, searchVector, RAW_JSON,
//     FILES, POSITION, TS_VECTOR; also one-to-many relations),
//   `Field "city" does not support nested subfields in groupBy`,
//   `You cannot provide multiple subfields in one GroupByInput, split them
//     into multiple GroupByInput`,
//   `Composite subfield "x" is not supported in groupBy for "name"`,
//   `Composite subfield "x" must be set to true in groupBy for "name"`,
//   `Invalid groupBy definition for field "stage"`,
//   `Time zone should be specified for a group by date on Day, Week, Month,
//     Quarter or Year` (DAY..YEAR on a DATE_TIME), `Invalid timezone: X`.
// A composite given `true` groups by its first sub-field, as Twenty's SQL
// does. A many-to-one relation groups by its join column ({"company":
// true}, {"companyId": true}, {"company": {"id": true}}); grouping by
// another field of the related record (Twenty joins it) is refused.
Result<std::optional<GroupKey>> CompileGroupKey(const ObjectSchema& schema, const GroupBySpec& spec);

// How groups are ordered: by a key or an aggregate of the query, then by
// the next entry; after the last, by every key ascending, NULLs last (the
// order Postgres returns an unordered GROUP BY in is unspecified; this one
// is stable).
struct GroupOrder {
  enum class Target : uint8_t { kKey, kAggregate };
  Target target = Target::kKey;
  size_t index = 0;  // into AggregateQuery::keys or ::aggregates
  bool descending = false;
  bool nulls_first = false;
};

struct AggregateQuery {
  const FilterNode* filter = nullptr;  // nullptr = every record
  bool include_deleted = false;        // soft-deleted rows are skipped unless set
  std::vector<GroupKey> keys;          // empty: one group over the whole set
  std::vector<AggregateSpec> aggregates;
  std::vector<GroupOrder> order;
  size_t group_limit = std::numeric_limits<size_t>::max();
  // Per group, up to sample_limit records after skipping sample_offset, in
  // sample_order then id ascending. 0: no sample.
  size_t sample_limit = 0;
  size_t sample_offset = 0;
  std::vector<OrderKey> sample_order;
  // Fill AggregateResult::plan (tests, --explain).
  bool explain = false;
};

struct AggregateGroup {
  std::vector<Datum> keys;        // one per AggregateQuery::keys
  std::vector<Datum> aggregates;  // one per AggregateQuery::aggregates
  uint64_t row_count = 0;
  std::vector<RowRef> sample;
};

struct AggregateResult {
  std::vector<AggregateGroup> groups;  // ordered, at most group_limit
  uint64_t matched_rows = 0;           // rows of the filter, over all groups
  size_t group_count = 0;              // groups before the limit
  // When AggregateQuery::explain: "count: <plan>", "group-counts(city):
  // <plan>" (read off the key's path) or "rows: <plan>" (every selected row
  // visited).
  std::string plan;
};

// Runs `query` over `table` (Table::ForEachMatch: a shard at a time under
// its read lock, so each shard is seen at one point in time).
AggregateResult RunAggregate(const Table& table, const AggregateQuery& query);

}  // namespace vingt::storage

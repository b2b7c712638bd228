#include "storage/aggregate.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "storage/calendar.h"
#include "storage/filter_eval.h"
#include "storage/table.h"

namespace vingt::storage {
namespace {

constexpr std::pair<DateGranularity, std::string_view> kGranularityNames[] = {
    {DateGranularity::kNone, "NONE"},
    {DateGranularity::kDay, "DAY"},
    {DateGranularity::kWeek, "WEEK"},
    {DateGranularity::kMonth, "MONTH"},
    {DateGranularity::kQuarter, "QUARTER"},
    {DateGranularity::kYear, "YEAR"},
    {DateGranularity::kDayOfTheWeek, "DAY_OF_THE_WEEK"},
    {DateGranularity::kMonthOfTheYear, "MONTH_OF_THE_YEAR"},
    {DateGranularity::kQuarterOfTheYear, "QUARTER_OF_THE_YEAR"},
};

constexpr std::string_view kWeekdayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                              "Friday", "Saturday", "Sunday"};
constexpr std::string_view kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::optional<DateGranularity> ParseDateGranularity(std::string_view name) {
  for (const auto& [g, n] : kGranularityNames)
    if (n == name) return g;
  return std::nullopt;
}

std::string_view DateGranularityName(DateGranularity granularity) {
  for (const auto& [g, n] : kGranularityNames)
    if (g == granularity) return n;
  return "NONE";
}

int CompareDatums(const Datum& a, const Datum& b) {
  if (a.type != b.type) return a.type < b.type ? -1 : 1;
  switch (a.type) {
    case Datum::Type::kNull: return 0;
    case Datum::Type::kInteger: return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
    case Datum::Type::kFloat: return a.floating < b.floating ? -1 : (a.floating > b.floating ? 1 : 0);
    case Datum::Type::kSlot: return CompareSlotBytes(a.slot_kind, a.bytes, b.bytes);
    case Datum::Type::kLabel: {
      if (a.integer != b.integer) return a.integer < b.integer ? -1 : 1;
      int c = a.bytes.compare(b.bytes);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

namespace {

bool IsRelation(const FieldSchema& f) {
  return f.type == FieldType::kRelation || f.type == FieldType::kMorphRelation || f.relation.has_value();
}

// The sub-fields Twenty concatenates for a composite's count aggregates
// (twenty-orm/utils/get-subfields-for-aggregate-operation.util.ts), in its
// order.
std::vector<std::string_view> AggregatedSubFields(FieldType type) {
  switch (type) {
    case FieldType::kCurrency: return {"amountMicros", "currencyCode"};
    case FieldType::kFullName: return {"firstName", "lastName"};
    case FieldType::kAddress:
      return {"addressStreet1", "addressStreet2", "addressCity", "addressPostcode",
              "addressState",   "addressCountry", "addressLat",  "addressLng"};
    case FieldType::kLinks: return {"primaryLinkUrl"};
    case FieldType::kActor: return {"workspaceMemberId", "source"};
    case FieldType::kEmails: return {"primaryEmail"};
    case FieldType::kPhones: return {"primaryPhoneNumber", "primaryPhoneCountryCode", "primaryPhoneCallingCode"};
    case FieldType::kRichTextV2: return {"blocknote", "markdown"};
    default: return {};
  }
}

std::optional<uint16_t> SubFieldSlot(const FieldSchema& f, std::string_view sub, SlotKind* kind,
                                     FieldType* type = nullptr) {
  auto subs = CompositeSubFields(f.type);
  for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
    if (subs[i].name != sub) continue;
    *kind = subs[i].kind;
    if (type) *type = subs[i].type;
    return static_cast<uint16_t>(f.first_slot + i);
  }
  return std::nullopt;
}

bool AddValueSlots(const ObjectSchema& schema, const FieldSchema& f, AggregateSpec* spec) {
  if (f.slot_count == 0) return false;
  if (IsComposite(f.type)) {
    for (std::string_view sub : AggregatedSubFields(f.type)) {
      SlotKind kind;
      if (auto slot = SubFieldSlot(f, sub, &kind)) {
        spec->slots.push_back(*slot);
        spec->kinds.push_back(kind);
      }
    }
    return !spec->slots.empty();
  }
  spec->slots.push_back(f.first_slot);
  spec->kinds.push_back(schema.slots[f.first_slot].kind);
  return true;
}

struct OpName {
  std::string_view prefix;
  AggregateOp op;
};
constexpr OpName kOpNames[] = {
    {"countUniqueValues", AggregateOp::kCountUniqueValues},
    {"countEmpty", AggregateOp::kCountEmpty},
    {"countNotEmpty", AggregateOp::kCountNotEmpty},
    {"percentageEmpty", AggregateOp::kPercentageEmpty},
    {"percentageNotEmpty", AggregateOp::kPercentageNotEmpty},
    {"countTrue", AggregateOp::kCountTrue},
    {"countFalse", AggregateOp::kCountFalse},
    {"min", AggregateOp::kMin},
    {"max", AggregateOp::kMax},
    {"avg", AggregateOp::kAvg},
    {"sum", AggregateOp::kSum},
};

// The aggregate `op` of field `f` (its plain name, or with the CURRENCY
// "AmountMicros" suffix when `amount_micros`); nullopt if Twenty has none.
std::optional<AggregateSpec> SpecFor(const ObjectSchema& schema, const FieldSchema& f, AggregateOp op,
                                     bool amount_micros) {
  if (!f.is_active || IsRelation(f) || f.slot_count == 0) return std::nullopt;
  AggregateSpec spec;
  spec.op = op;
  spec.field_type = f.type;
  if (amount_micros) {
    if (f.type != FieldType::kCurrency) return std::nullopt;
    if (op != AggregateOp::kMin && op != AggregateOp::kMax && op != AggregateOp::kAvg && op != AggregateOp::kSum)
      return std::nullopt;
    SlotKind kind;
    auto slot = SubFieldSlot(f, "amountMicros", &kind);
    if (!slot) return std::nullopt;
    spec.slots = {*slot};
    spec.kinds = {kind};
    return spec;
  }
  const bool is_date = f.type == FieldType::kDate || f.type == FieldType::kDateTime;
  switch (op) {
    case AggregateOp::kMin:
    case AggregateOp::kMax:
      if (!is_date && f.type != FieldType::kNumber) return std::nullopt;
      break;
    case AggregateOp::kAvg:
    case AggregateOp::kSum:
      if (f.type != FieldType::kNumber) return std::nullopt;
      break;
    case AggregateOp::kCountTrue:
    case AggregateOp::kCountFalse:
      if (f.type != FieldType::kBoolean) return std::nullopt;
      break;
    default: break;
  }
  if (!AddValueSlots(schema, f, &spec)) return std::nullopt;
  return spec;
}

}  // namespace

std::optional<AggregateSpec> ResolveAggregate(const ObjectSchema& schema, std::string_view name) {
  if (name == "totalCount") {
    AggregateSpec spec;
    spec.name = "totalCount";
    spec.op = AggregateOp::kCount;
    return spec;
  }
  constexpr std::string_view kMicros = "AmountMicros";
  for (const auto& [prefix, op] : kOpNames) {
    if (!name.starts_with(prefix)) continue;
    std::string_view rest = name.substr(prefix.size());
    if (rest.empty()) continue;
    for (const auto& f : schema.fields) {
      std::string cap = Capitalize(f.name);
      std::optional<AggregateSpec> spec;
      if (cap == rest) {
        spec = SpecFor(schema, f, op, false);
      } else if (rest.size() == cap.size() + kMicros.size() && rest.starts_with(cap) && rest.ends_with(kMicros)) {
        spec = SpecFor(schema, f, op, true);
      }
      if (spec) {
        spec->name = std::string(name);
        return spec;
      }
    }
  }
  return std::nullopt;
}

std::vector<AggregateSpec> AvailableAggregates(const ObjectSchema& schema) {
  std::vector<AggregateSpec> out;
  out.push_back(*ResolveAggregate(schema, "totalCount"));
  for (const auto& f : schema.fields) {
    const std::string cap = Capitalize(f.name);
    for (const auto& [prefix, op] : kOpNames) {
      for (bool micros : {false, true}) {
        if (auto spec = SpecFor(schema, f, op, micros)) {
          spec->name = std::string(prefix) + cap + (micros ? "AmountMicros" : "");
          out.push_back(std::move(*spec));
        }
      }
    }
  }
  return out;
}

namespace {

Status GroupByError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_QUERY_INPUT");
}

// Twenty's isFlatFieldMetadataSupportedInGroupBy (metadata-modules/
// field-metadata/utils/is-supported-in-group-by.util.ts).
bool SupportedInGroupBy(const FieldSchema& f) {
  const bool is_date = f.type == FieldType::kDate || f.type == FieldType::kDateTime;
  if ((f.name == "createdAt" || f.name == "updatedAt") && is_date) return true;
  if (f.is_system) return false;
  for (std::string_view excluded : {"id", "createdAt", "updatedAt", "deletedAt", "searchVector", "createdBy"})
    if (f.name == excluded) return false;
  switch (f.type) {
    case FieldType::kTsVector:
    case FieldType::kRawJson:
    case FieldType::kFiles:
    case FieldType::kPosition: return false;
    default: break;
  }
  // A one-to-many relation has no column of its own to group by.
  if (IsRelation(f) && !f.IsManyToOne()) return false;
  return f.slot_count > 0;
}

bool NeedsTimeZone(DateGranularity g) {
  return g == DateGranularity::kDay || g == DateGranularity::kWeek || g == DateGranularity::kMonth ||
         g == DateGranularity::kQuarter || g == DateGranularity::kYear;
}

}  // namespace

Result<std::optional<GroupKey>> CompileGroupKey(const ObjectSchema& schema, const GroupBySpec& spec) {
  using Definition = GroupBySpec::Definition;
  const std::string& name = spec.field;
  const FieldSchema* f = schema.FindField(name);
  const bool by_join_column = !f && schema.FindByJoinColumn(name);
  if (!f) f = schema.FindByJoinColumn(name);
  if (!f || !f->is_active) return GroupByError("Unidentified field in groupBy: " + name);
  if (!SupportedInGroupBy(*f)) return GroupByError("Field \"" + name + "\" is not supported in groupBy");
  const bool is_date = f->type == FieldType::kDate || f->type == FieldType::kDateTime;
  const bool date_definition = spec.definition == Definition::kObject && spec.granularity.has_value();
  GroupKey key;
  key.slot = f->first_slot;
  key.kind = schema.slots[f->first_slot].kind;
  key.value_type = f->type;

  if (f->IsManyToOne() && ((spec.definition == Definition::kObject && !date_definition) ||
                           (spec.definition == Definition::kTrue && by_join_column))) {
    // Twenty joins the target record and groups by one of its fields. vingt
    // groups by the join column, which is the target's id.
    if (spec.members.size() > 1)
      return GroupByError(
          "You cannot provide multiple nested fields in one relation GroupByInput, split them into multiple "
          "GroupByInput");
    if (spec.definition == Definition::kObject) {
      const std::string nested = spec.members.empty() ? "undefined" : spec.members[0].name;
      if (nested != "id")
        return GroupByError("Grouping by \"" + name + "." + nested +
                            "\", a field of the related record, is not supported; group by \"" + f->JoinColumnName() +
                            "\" instead");
      if (!spec.members[0].is_true)
        return GroupByError("Invalid groupBy definition for nested field \"" + name + ".id\"");
    }
  } else if (is_date && date_definition) {
    key.granularity = *spec.granularity;
    key.week_start = spec.week_start;
    if (NeedsTimeZone(key.granularity) && f->type == FieldType::kDateTime) {
      if (spec.time_zone.empty())
        return Status::InvalidArgument(
                   "Time zone should be specified for a group by date on Day, Week, Month, Quarter or Year")
            .WithDetailCode("MISSING_TIMEZONE_FOR_DATE_GROUP_BY");
      key.time_zone = TimeZone::Find(spec.time_zone);
      if (!key.time_zone)
        return Status::InvalidArgument("Invalid timezone: " + spec.time_zone).WithDetailCode("INVALID_TIMEZONE");
    }
    return std::optional<GroupKey>(std::move(key));
  } else if (spec.definition == Definition::kObject) {
    if (!IsComposite(f->type))
      return GroupByError("Field \"" + name + "\" does not support nested subfields in groupBy");
    if (spec.members.size() > 1)
      return GroupByError(
          "You cannot provide multiple subfields in one GroupByInput, split them into multiple GroupByInput");
    if (spec.members.empty()) return std::optional<GroupKey>();
    const GroupBySpec::Member& sub = spec.members[0];
    SlotKind kind;
    FieldType type;
    auto slot = SubFieldSlot(*f, sub.name, &kind, &type);
    // Twenty's isCompositePropertySupportedInGroupBy: no RAW_JSON sub-field.
    if (!slot || type == FieldType::kRawJson)
      return GroupByError("Composite subfield \"" + sub.name + "\" is not supported in groupBy for \"" + name + "\"");
    if (!sub.is_true)
      return GroupByError("Composite subfield \"" + sub.name + "\" must be set to true in groupBy for \"" + name +
                          "\"");
    key.slot = *slot;
    key.kind = kind;
    key.value_type = type;
    return std::optional<GroupKey>(std::move(key));
  } else if (spec.definition != Definition::kTrue) {
    return GroupByError("Invalid groupBy definition for field \"" + name + "\"");
  }
  if (f->IsManyToOne()) {
    key.kind = SlotKind::kUuid;
    key.value_type = FieldType::kUuid;
  } else if (IsComposite(f->type)) {
    key.value_type = CompositeSubFields(f->type)[0].type;
  }
  return std::optional<GroupKey>(std::move(key));
}

namespace {

struct Accumulator {
  uint64_t non_empty = 0;
  uint64_t trues = 0;
  uint64_t falses = 0;
  uint64_t values = 0;
  double sum = 0;
  bool has_best = false;
  double best_number = 0;
  std::string best_bytes;
  std::unordered_set<std::string> uniques;
};

struct SampleItem {
  Uuid id;
  RowRef row;
};

struct GroupState {
  std::vector<Datum> keys;
  uint64_t rows = 0;
  std::vector<Accumulator> acc;
  std::vector<SampleItem> sample;  // max-heap by the sample order: front = worst kept
  std::vector<Datum> aggregates;   // filled after the scan
};

// Not NULL, and for text-like columns not "": CONCAT turns NULL into "" and
// NULLIF(…, '') turns "" into NULL, so only these can make a value empty.
bool NonEmpty(const Row& row, uint16_t slot, SlotKind kind) {
  if (row.IsNull(slot)) return false;
  if (kind == SlotKind::kText || kind == SlotKind::kDate || kind == SlotKind::kJson) return !row.Bytes(slot).empty();
  return true;
}

// Appends the slot as text, as CONCAT would (NULL adds nothing). Only used
// to tell values apart, so any injective text per kind does.
void AppendConcatText(const Row& row, uint16_t slot, SlotKind kind, std::string* out) {
  if (row.IsNull(slot)) return;
  switch (kind) {
    case SlotKind::kUuid: row.GetUuid(slot).AppendTo(out); break;
    case SlotKind::kNumber: {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, row.Number(slot));
      out->append(buf, res.ptr);
      break;
    }
    case SlotKind::kBoolean: out->append(row.Boolean(slot) ? "true" : "false"); break;
    case SlotKind::kTimestamp: out->append(std::to_string(row.Timestamp(slot))); break;
    case SlotKind::kStringList: {
      out->push_back('{');
      bool first = true;
      for (std::string_view item : row.StringList(slot)) {
        if (!first) out->push_back(',');
        first = false;
        out->append(item);
      }
      out->push_back('}');
      break;
    }
    default: out->append(row.Bytes(slot)); break;
  }
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return std::string(buf, static_cast<size_t>(n));
}

std::optional<int64_t> ParseDateDays(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (std::from_chars(s.data(), s.data() + 4, y).ptr != s.data() + 4) return std::nullopt;
  if (std::from_chars(s.data() + 5, s.data() + 7, m).ptr != s.data() + 7) return std::nullopt;
  if (std::from_chars(s.data() + 8, s.data() + 10, d).ptr != s.data() + 10) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// Twenty's getGroupByExpression for a date column: TO_CHAR of DATE_TRUNC in
// the zone for DAY..YEAR ('YYYY-MM-DD' of the bucket's first day), the
// English day / month name or "Q<n>" for the *_OF_THE_* buckets.
void BucketDate(const Row& row, const GroupKey& k, Datum* out) {
  int64_t days;
  if (k.kind == SlotKind::kTimestamp) {
    int64_t ms = row.Timestamp(k.slot);
    const bool zoned = k.time_zone && NeedsTimeZone(k.granularity);
    if (zoned) ms += static_cast<int64_t>(k.time_zone->OffsetAt(FloorDiv(ms, 1000))) * 1000;
    days = FloorDiv(ms, kMsPerDay);
  } else {
    auto parsed = ParseDateDays(row.Bytes(k.slot));
    if (!parsed) {
      *out = Datum::Slot(k.kind, row.Bytes(k.slot));
      return;
    }
    days = *parsed;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  const unsigned weekday = WeekdayOf(days);
  const unsigned start = static_cast<unsigned>(k.week_start);
  out->type = Datum::Type::kLabel;
  out->integer = 0;
  switch (k.granularity) {
    case DateGranularity::kNone: *out = Datum::Slot(k.kind, row.Bytes(k.slot)); return;
    case DateGranularity::kDay: out->bytes = FormatDate(days); return;
    case DateGranularity::kWeek: out->bytes = FormatDate(days - (weekday + 7 - start) % 7); return;
    case DateGranularity::kMonth: out->bytes = FormatDate(DaysFromCivil(y, m, 1)); return;
    case DateGranularity::kQuarter: out->bytes = FormatDate(DaysFromCivil(y, (m - 1) / 3 * 3 + 1, 1)); return;
    case DateGranularity::kYear: out->bytes = FormatDate(DaysFromCivil(y, 1, 1)); return;
    case DateGranularity::kDayOfTheWeek:
      out->bytes.assign(kWeekdayNames[weekday]);
      out->integer = (weekday + 7 - start) % 7 + 1;
      return;
    case DateGranularity::kMonthOfTheYear:
      out->bytes.assign(kMonthNames[m - 1]);
      out->integer = m;
      return;
    case DateGranularity::kQuarterOfTheYear:
      out->bytes = "Q" + std::to_string((m - 1) / 3 + 1);
      out->integer = (m - 1) / 3 + 1;
      return;
  }
}

void ComputeKey(const Row& row, const GroupKey& k, Datum* out) {
  if (row.IsNull(k.slot)) {
    out->type = Datum::Type::kNull;
    out->bytes.clear();
    return;
  }
  if (k.granularity != DateGranularity::kNone && (k.kind == SlotKind::kTimestamp || k.kind == SlotKind::kDate)) {
    BucketDate(row, k, out);
    return;
  }
  out->type = Datum::Type::kSlot;
  out->slot_kind = k.kind;
  out->bytes.assign(row.Bytes(k.slot));
}

void AppendEncoded(const Datum& d, std::string* out) {
  out->push_back(static_cast<char>(d.type));
  if (d.type == Datum::Type::kNull) return;
  uint32_t n = static_cast<uint32_t>(d.bytes.size());
  out->append(reinterpret_cast<const char*>(&n), 4);
  out->append(d.bytes);
}

void Accumulate(const AggregateSpec& spec, const Row& row, Accumulator* acc, std::string* scratch) {
  switch (spec.op) {
    case AggregateOp::kCount: return;
    case AggregateOp::kCountUniqueValues: {
      scratch->clear();
      for (size_t i = 0; i < spec.slots.size(); ++i) AppendConcatText(row, spec.slots[i], spec.kinds[i], scratch);
      if (scratch->empty()) return;
      ++acc->non_empty;
      if (acc->uniques.find(*scratch) == acc->uniques.end()) acc->uniques.insert(*scratch);
      return;
    }
    case AggregateOp::kCountEmpty:
    case AggregateOp::kCountNotEmpty:
    case AggregateOp::kPercentageEmpty:
    case AggregateOp::kPercentageNotEmpty:
      for (size_t i = 0; i < spec.slots.size(); ++i) {
        if (NonEmpty(row, spec.slots[i], spec.kinds[i])) {
          ++acc->non_empty;
          return;
        }
      }
      return;
    case AggregateOp::kCountTrue:
    case AggregateOp::kCountFalse:
      if (spec.slots.empty() || row.IsNull(spec.slots[0])) return;
      ++(row.Boolean(spec.slots[0]) ? acc->trues : acc->falses);
      return;
    case AggregateOp::kAvg:
    case AggregateOp::kSum:
      if (spec.slots.empty() || row.IsNull(spec.slots[0])) return;
      acc->sum += row.Number(spec.slots[0]);
      ++acc->values;
      return;
    case AggregateOp::kMin:
    case AggregateOp::kMax: {
      if (spec.slots.empty() || row.IsNull(spec.slots[0])) return;
      const bool want_min = spec.op == AggregateOp::kMin;
      if (spec.kinds[0] == SlotKind::kNumber) {
        double v = row.Number(spec.slots[0]);
        if (!acc->has_best || (want_min ? v < acc->best_number : v > acc->best_number)) acc->best_number = v;
      } else {
        std::string_view v = row.Bytes(spec.slots[0]);
        int c = acc->has_best ? CompareSlotBytes(spec.kinds[0], v, acc->best_bytes) : 0;
        if (!acc->has_best || (want_min ? c < 0 : c > 0)) acc->best_bytes.assign(v);
      }
      acc->has_best = true;
      return;
    }
  }
}

Datum Finish(const AggregateSpec& spec, const Accumulator& acc, uint64_t rows) {
  switch (spec.op) {
    case AggregateOp::kCount: return Datum::Integer(static_cast<int64_t>(rows));
    case AggregateOp::kCountUniqueValues:
      return rows ? Datum::Integer(static_cast<int64_t>(acc.uniques.size())) : Datum::Null();
    case AggregateOp::kCountEmpty:
      return rows ? Datum::Integer(static_cast<int64_t>(rows - acc.non_empty)) : Datum::Null();
    case AggregateOp::kCountNotEmpty: return rows ? Datum::Integer(static_cast<int64_t>(acc.non_empty)) : Datum::Null();
    case AggregateOp::kPercentageEmpty:
      return rows ? Datum::Float(static_cast<double>(rows - acc.non_empty) / static_cast<double>(rows)) : Datum::Null();
    case AggregateOp::kPercentageNotEmpty:
      return rows ? Datum::Float(static_cast<double>(acc.non_empty) / static_cast<double>(rows)) : Datum::Null();
    case AggregateOp::kCountTrue: return rows ? Datum::Integer(static_cast<int64_t>(acc.trues)) : Datum::Null();
    case AggregateOp::kCountFalse: return rows ? Datum::Integer(static_cast<int64_t>(acc.falses)) : Datum::Null();
    case AggregateOp::kAvg: return acc.values ? Datum::Float(acc.sum / static_cast<double>(acc.values)) : Datum::Null();
    case AggregateOp::kSum: return acc.values ? Datum::Float(acc.sum) : Datum::Null();
    case AggregateOp::kMin:
    case AggregateOp::kMax:
      if (!acc.has_best) return Datum::Null();
      if (spec.kinds[0] == SlotKind::kNumber) return Datum::Float(acc.best_number);
      return Datum::Slot(spec.kinds[0], acc.best_bytes);
  }
  return Datum::Null();
}

// <0 when `a` comes first. NULL placement does not depend on the direction.
int CompareNullable(const Datum& a, const Datum& b, bool descending, bool nulls_first) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() ? (nulls_first ? -1 : 1) : (nulls_first ? 1 : -1);
  }
  int c = CompareDatums(a, b);
  return descending ? -c : c;
}

// CompareNullable for an explicit order on a key: a date bucket's label
// (a day or month name) sorts as text, as Twenty's ORDER BY on its
// TO_CHAR(...) expression does (Friday, Monday, ...; April, August, ...).
// Without an order, groups come in calendar order.
int CompareKeysForOrder(const Datum& a, const Datum& b, bool descending, bool nulls_first) {
  if (a.type == Datum::Type::kLabel && b.type == Datum::Type::kLabel) {
    const int c = a.bytes.compare(b.bytes);
    const int sign = c < 0 ? -1 : (c > 0 ? 1 : 0);
    return descending ? -sign : sign;
  }
  return CompareNullable(a, b, descending, nulls_first);
}

// Aggregates, orders and limits groups whose rows were all added.
AggregateResult Finalize(const AggregateQuery& q, std::vector<GroupState> groups, uint64_t matched_rows);

// The engine over rows that `feed` hands to its callback; `counted_rows`,
// when set, is the row count of a counts-only query with nothing to read.
template <typename Feed>
AggregateResult Aggregate(const AggregateQuery& q, std::optional<uint64_t> counted_rows, Feed&& feed) {
  std::vector<GroupState> groups;
  std::unordered_map<std::string, size_t> index;  // encoded keys -> groups
  const size_t n_aggs = q.aggregates.size();
  const size_t keep = q.sample_limit == 0 ? 0 : q.sample_offset + std::min(q.sample_limit, SIZE_MAX - q.sample_offset);
  auto sample_better = [&](const SampleItem& a, const SampleItem& b) {
    return CompareRows(q.sample_order, *a.row, a.id, *b.row, b.id) < 0;
  };
  auto new_group = [&](std::vector<Datum> keys) {
    GroupState g;
    g.keys = std::move(keys);
    g.acc.resize(n_aggs);
    groups.push_back(std::move(g));
    return groups.size() - 1;
  };
  if (q.keys.empty()) new_group({});

  AggregateResult result;
  std::vector<Datum> key(q.keys.size());
  std::string encoded, scratch;
  auto add_row = [&](const Uuid& id, const RowRef& row) {
    ++result.matched_rows;
    size_t gi = 0;
    if (!q.keys.empty()) {
      encoded.clear();
      for (size_t i = 0; i < q.keys.size(); ++i) {
        ComputeKey(*row, q.keys[i], &key[i]);
        AppendEncoded(key[i], &encoded);
      }
      auto it = index.find(encoded);
      if (it == index.end()) it = index.emplace(encoded, new_group(key)).first;
      gi = it->second;
    }
    GroupState& g = groups[gi];
    ++g.rows;
    for (size_t i = 0; i < n_aggs; ++i) Accumulate(q.aggregates[i], *row, &g.acc[i], &scratch);
    if (keep == 0) return;
    SampleItem item{id, row};
    if (g.sample.size() < keep) {
      g.sample.push_back(std::move(item));
      std::push_heap(g.sample.begin(), g.sample.end(), sample_better);
    } else if (sample_better(item, g.sample.front())) {
      std::pop_heap(g.sample.begin(), g.sample.end(), sample_better);
      g.sample.back() = std::move(item);
      std::push_heap(g.sample.begin(), g.sample.end(), sample_better);
    }
  };
  if (counted_rows && q.keys.empty() && keep == 0)
    groups[0].rows = result.matched_rows = *counted_rows;
  else
    feed(add_row);
  return Finalize(q, std::move(groups), result.matched_rows);
}

AggregateResult Finalize(const AggregateQuery& q, std::vector<GroupState> groups, uint64_t matched_rows) {
  const size_t n_aggs = q.aggregates.size();
  auto sample_better = [&](const SampleItem& a, const SampleItem& b) {
    return CompareRows(q.sample_order, *a.row, a.id, *b.row, b.id) < 0;
  };
  AggregateResult result;
  result.matched_rows = matched_rows;
  for (auto& g : groups) {
    g.aggregates.reserve(n_aggs);
    for (size_t i = 0; i < n_aggs; ++i) g.aggregates.push_back(Finish(q.aggregates[i], g.acc[i], g.rows));
    g.acc.clear();
  }
  auto group_before = [&](const GroupState& a, const GroupState& b) {
    for (const auto& o : q.order) {
      const bool by_key = o.target == GroupOrder::Target::kKey;
      const std::vector<Datum>& av = by_key ? a.keys : a.aggregates;
      const std::vector<Datum>& bv = by_key ? b.keys : b.aggregates;
      if (o.index >= av.size()) continue;
      int c = by_key ? CompareKeysForOrder(av[o.index], bv[o.index], o.descending, o.nulls_first)
                     : CompareNullable(av[o.index], bv[o.index], o.descending, o.nulls_first);
      if (c) return c < 0;
    }
    for (size_t i = 0; i < a.keys.size(); ++i) {
      int c = CompareNullable(a.keys[i], b.keys[i], false, false);
      if (c) return c < 0;
    }
    return false;
  };
  result.group_count = groups.size();
  const size_t n = std::min(groups.size(), q.group_limit);
  std::partial_sort(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(n), groups.end(), group_before);
  groups.resize(n);

  result.groups.reserve(n);
  for (auto& g : groups) {
    AggregateGroup out;
    out.keys = std::move(g.keys);
    out.aggregates = std::move(g.aggregates);
    out.row_count = g.rows;
    std::sort_heap(g.sample.begin(), g.sample.end(), sample_better);
    for (size_t i = std::min(q.sample_offset, g.sample.size()); i < g.sample.size(); ++i)
      out.sample.push_back(std::move(g.sample[i].row));
    result.groups.push_back(std::move(out));
  }
  return result;
}

// Group counts of one plain key read off the key's ordered path: per
// distinct value, its rows (or those of them the filter selects). nullopt
// when the key's slot has no path.
std::optional<AggregateResult> GroupCountsFromPath(const Table& table, const AggregateQuery& q) {
  table.FlushPendingBeforeRead();
  const GroupKey& key = q.keys[0];
  ObjectSchemaPtr schema = table.schema();
  const bool live_only = !q.include_deleted;
  std::unordered_map<std::string, uint64_t> counts;
  uint64_t nulls = 0, matched = 0;
  std::string scratch;
  std::vector<std::string> plans;
  for (size_t i = 0; i < table.shard_count(); ++i) {
    const Shard& shard = table.shard(i);
    std::shared_lock lock(shard.mu);
    const AccessPath* path = shard.PathOf(key.slot);
    if (!path || !path->values || path->spec.kind != key.kind) return std::nullopt;
    const ValueIndex& idx = *path->values;
    Selection sel = SelectRows(shard, q.filter, q.include_deleted, schema.get());
    matched += sel.count;
    if (q.explain) plans.push_back(std::move(sel.plan));
    if (sel.count == 0) continue;
    RowSet selected;
    if (!sel.all) {
      if (sel.lazy) {
        selected = RowSet(shard.capacity());
        ForEachSelected(shard, sel, q.include_deleted, [&](uint32_t ord) { selected.Set(ord); });
      } else {
        selected = std::move(sel.rows);
      }
    }
    for (auto pos = idx.Begin(); pos != idx.End(); idx.Next(&pos)) {
      ValueIndex::Entry e = idx.At(pos);
      const uint64_t n = sel.all ? idx.Count(e, live_only) : idx.CountAnd(e, selected);
      if (n) counts[std::string(idx.RawOf(e, &scratch))] += n;
    }
    nulls += sel.all ? (live_only ? idx.null_live() : idx.nulls().size()) : idx.nulls().CountAnd(selected);
    // Rows not in the path yet (storage/shard.h), one by one.
    const RowSet& universe = Universe(shard, q.include_deleted);
    for (uint32_t ord : shard.pending_rows()) {
      if (!universe.Test(ord) || (!sel.all && !selected.Test(ord))) continue;
      const Row& row = *shard.row(ord);
      if (row.IsNull(key.slot))
        ++nulls;
      else
        ++counts[std::string(row.Bytes(key.slot))];
    }
  }
  std::vector<GroupState> groups;
  groups.reserve(counts.size() + 1);
  auto add = [&](Datum d, uint64_t rows) {
    GroupState g;
    g.keys.push_back(std::move(d));
    g.rows = rows;
    g.acc.resize(q.aggregates.size());
    groups.push_back(std::move(g));
  };
  for (auto& [raw, n] : counts) add(Datum::Slot(key.kind, raw), n);
  if (nulls) add(Datum::Null(), nulls);
  AggregateResult result = Finalize(q, std::move(groups), matched);
  if (q.explain) result.plan = "group-counts(" + SlotName(schema.get(), key.slot) + "): " + SummarizePlans(plans);
  return result;
}

}  // namespace

AggregateResult RunAggregate(const Table& table, const AggregateQuery& q) {
  // Counts only: the planner counts (index sums where one comparison
  // decides, row sets otherwise), nothing is read row by row.
  const bool counts_only = std::all_of(q.aggregates.begin(), q.aggregates.end(),
                                       [](const AggregateSpec& a) { return a.op == AggregateOp::kCount; });
  std::vector<std::string> plans;
  std::vector<std::string>* explain = q.explain ? &plans : nullptr;
  AggregateResult result;
  if (counts_only && q.sample_limit == 0 && q.keys.empty()) {
    result = Aggregate(q, table.Count(q.filter, q.include_deleted, explain), [](const auto&) {});
    if (q.explain) result.plan = "count: " + SummarizePlans(plans);
    return result;
  }
  if (counts_only && q.sample_limit == 0 && q.keys.size() == 1 && q.keys[0].granularity == DateGranularity::kNone)
    if (auto r = GroupCountsFromPath(table, q)) return std::move(*r);
  result = Aggregate(q, std::nullopt, [&](const auto& add_row) {
    table.ForEachMatch(q.filter, q.include_deleted, add_row, explain);
  });
  if (q.explain) result.plan = "rows: " + SummarizePlans(plans);
  return result;
}

}  // namespace vingt::storage

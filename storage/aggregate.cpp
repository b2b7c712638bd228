#include "storage/aggregate.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "storage/table.h"

namespace vingt::storage {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kMsPerDay = 86400000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Monday = 0 .. Sunday = 6; 1970-01-01 was a Thursday.
unsigned WeekdayOf(int64_t days) { return static_cast<unsigned>(((days % 7) + 7 + 3) % 7); }

}  // namespace

// ---------------------------------------------------------------------------
// Time zones

// A POSIX TZ rule, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" (POSIX.1-2017 §8.3 with
// RFC 8536's extensions: hours up to 167 and negative times of day).
struct TimeZone::PosixRule {
  struct Date {
    enum class Kind : uint8_t { kJulian1, kJulian0, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int n = 0;                             // Jn: 1..365 (no Feb 29); n: 0..365
    int month = 3, week = 2, weekday = 0;  // Mm.w.d (weekday 0 = Sunday)
    int32_t time = 7200;                   // local seconds after midnight
  };
  int32_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  Date start, end;

  // Days since the epoch of `date` in `year`.
  static int64_t DayOf(const Date& date, int64_t year) {
    const int64_t jan1 = DaysFromCivil(year, 1, 1);
    switch (date.kind) {
      case Date::Kind::kJulian1: return jan1 + date.n - 1 + (IsLeap(year) && date.n >= 60 ? 1 : 0);
      case Date::Kind::kJulian0: return jan1 + date.n;
      case Date::Kind::kMonthWeekDay: {
        const int64_t first = DaysFromCivil(year, static_cast<unsigned>(date.month), 1);
        // WeekdayOf counts from Monday; POSIX from Sunday.
        const int first_wd = static_cast<int>((WeekdayOf(first) + 1) % 7);
        int day = 1 + (date.weekday - first_wd + 7) % 7 + (date.week - 1) * 7;
        const int dim = static_cast<int>(DaysInMonth(year, static_cast<unsigned>(date.month)));
        while (day > dim) day -= 7;
        return first + day - 1;
      }
    }
    return jan1;
  }

  int32_t OffsetAt(int64_t t) const {
    if (!has_dst) return std_offset;
    int64_t year;
    unsigned m, d;
    CivilFromDays(FloorDiv(t + std_offset, kSecondsPerDay), &year, &m, &d);
    // The start is given in standard time, the end in daylight time.
    const int64_t begin = DayOf(start, year) * kSecondsPerDay + start.time - std_offset;
    const int64_t finish = DayOf(end, year) * kSecondsPerDay + end.time - dst_offset;
    const bool dst = begin < finish ? (t >= begin && t < finish) : !(t >= finish && t < begin);
    return dst ? dst_offset : std_offset;
  }
};

namespace {

bool ParseTzName(std::string_view* s) {
  if (!s->empty() && s->front() == '<') {
    size_t close = s->find('>');
    if (close == std::string_view::npos) return false;
    s->remove_prefix(close + 1);
    return true;
  }
  size_t n = 0;
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  while (n < s->size() && alpha((*s)[n])) ++n;
  if (n < 3) return false;
  s->remove_prefix(n);
  return true;
}

bool ParseNumber(std::string_view* s, int max, int* out) {
  size_t n = 0;
  int v = 0;
  while (n < s->size() && n < 3 && (*s)[n] >= '0' && (*s)[n] <= '9') v = v * 10 + ((*s)[n++] - '0');
  if (n == 0 || v > max) return false;
  s->remove_prefix(n);
  *out = v;
  return true;
}

// [+-]hh[:mm[:ss]] -> seconds (sign applied).
bool ParseHms(std::string_view* s, int32_t* out) {
  int sign = 1;
  if (!s->empty() && (s->front() == '+' || s->front() == '-')) {
    sign = s->front() == '-' ? -1 : 1;
    s->remove_prefix(1);
  }
  int h = 0, m = 0, sec = 0;
  if (!ParseNumber(s, 167, &h)) return false;
  if (!s->empty() && s->front() == ':') {
    s->remove_prefix(1);
    if (!ParseNumber(s, 59, &m)) return false;
    if (!s->empty() && s->front() == ':') {
      s->remove_prefix(1);
      if (!ParseNumber(s, 59, &sec)) return false;
    }
  }
  *out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool ParseRuleDate(std::string_view* s, TimeZone::PosixRule::Date* date) {
  using Kind = TimeZone::PosixRule::Date::Kind;
  if (s->empty()) return false;
  if (s->front() == 'M') {
    s->remove_prefix(1);
    date->kind = Kind::kMonthWeekDay;
    if (!ParseNumber(s, 12, &date->month) || date->month < 1 || s->empty() || s->front() != '.') return false;
    s->remove_prefix(1);
    if (!ParseNumber(s, 5, &date->week) || date->week < 1 || s->empty() || s->front() != '.') return false;
    s->remove_prefix(1);
    if (!ParseNumber(s, 6, &date->weekday)) return false;
  } else if (s->front() == 'J') {
    s->remove_prefix(1);
    date->kind = Kind::kJulian1;
    if (!ParseNumber(s, 365, &date->n) || date->n < 1) return false;
  } else {
    date->kind = Kind::kJulian0;
    if (!ParseNumber(s, 365, &date->n)) return false;
  }
  date->time = 7200;
  if (!s->empty() && s->front() == '/') {
    s->remove_prefix(1);
    if (!ParseHms(s, &date->time)) return false;
  }
  return true;
}

std::optional<TimeZone::PosixRule> ParsePosixRule(std::string_view s) {
  TimeZone::PosixRule r;
  int32_t off;
  if (!ParseTzName(&s) || !ParseHms(&s, &off)) return std::nullopt;
  r.std_offset = -off;  // POSIX offsets count west of Greenwich
  if (s.empty()) return r;
  if (!ParseTzName(&s)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (!s.empty() && s.front() != ',') {
    if (!ParseHms(&s, &off)) return std::nullopt;
    r.dst_offset = -off;
  }
  if (s.empty()) {
    // No rule: POSIX leaves it to the implementation; the US rules are
    // what glibc and tzcode assume.
    r.start = {TimeZone::PosixRule::Date::Kind::kMonthWeekDay, 0, 3, 2, 0, 7200};
    r.end = {TimeZone::PosixRule::Date::Kind::kMonthWeekDay, 0, 11, 1, 0, 7200};
    return r;
  }
  if (s.front() != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!ParseRuleDate(&s, &r.start) || s.empty() || s.front() != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!ParseRuleDate(&s, &r.end) || !s.empty()) return std::nullopt;
  return r;
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view s) : s_(s) {}
  bool Has(size_t n) const { return pos_ + n <= s_.size(); }
  size_t pos() const { return pos_; }
  void Skip(size_t n) { pos_ += n; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s_[pos_++]);
    return v;
  }
  int64_t I64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(s_[pos_++]);
    return static_cast<int64_t>(v);
  }
  uint8_t U8() { return static_cast<uint8_t>(s_[pos_++]); }
  std::string_view Rest() const { return s_.substr(pos_); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

struct TzifCounts {
  uint32_t isut, isstd, leap, time, type, chars;
  size_t DataSize(size_t time_size) const {
    return time * time_size + time + type * 6 + chars + leap * (time_size + 4) + isstd + isut;
  }
};

bool ReadTzifHeader(ByteReader* r, char* version, TzifCounts* c) {
  if (!r->Has(44)) return false;
  std::string_view magic = r->Rest().substr(0, 4);
  if (magic != "TZif") return false;
  r->Skip(4);
  *version = static_cast<char>(r->U8());
  r->Skip(15);
  c->isut = r->U32();
  c->isstd = r->U32();
  c->leap = r->U32();
  c->time = r->U32();
  c->type = r->U32();
  c->chars = r->U32();
  // Bounds that no real zone comes near; they keep the sizes below small.
  return c->type >= 1 && c->type <= 256 && c->time <= 100000 && c->chars <= 100000 && c->leap <= 10000 &&
         (c->isut == 0 || c->isut == c->type) && (c->isstd == 0 || c->isstd == c->type);
}

bool ValidZoneName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '/' || name.back() == '/') return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
              c == '-' || c == '+';
    if (!ok) return false;
  }
  if (name.find("//") != std::string_view::npos) return false;
  // Not zones: leap-second variants and tzcode's helper files.
  for (std::string_view bad : {"posix/", "right/"})
    if (name.starts_with(bad)) return false;
  for (std::string_view bad : {"posixrules", "localtime", "Factory"})
    if (name == bad) return false;
  return true;
}

std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rbe");
  if (!f) return std::nullopt;
  std::string out;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.append(buf, n);
    if (out.size() > (1u << 20)) break;  // no zone file is this large
  }
  std::fclose(f);
  return out;
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::FromPosixRule(std::string name, std::string_view rule) {
  auto parsed = ParsePosixRule(rule);
  if (!parsed) return nullptr;
  auto tz = std::make_shared<TimeZone>();
  tz->name_ = std::move(name);
  tz->initial_offset_ = parsed->std_offset;
  tz->rule_ = std::make_shared<PosixRule>(*parsed);
  return tz;
}

std::shared_ptr<const TimeZone> TimeZone::FromTzif(std::string name, std::string_view bytes) {
  ByteReader r(bytes);
  char version;
  TzifCounts c;
  if (!ReadTzifHeader(&r, &version, &c)) return nullptr;
  size_t time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    if (!r.Has(c.DataSize(4))) return nullptr;
    r.Skip(c.DataSize(4));
    if (!ReadTzifHeader(&r, &version, &c)) return nullptr;
    time_size = 8;
  }
  if (!r.Has(c.DataSize(time_size))) return nullptr;
  auto tz = std::make_shared<TimeZone>();
  tz->name_ = std::move(name);
  tz->transitions_.resize(c.time);
  for (auto& t : tz->transitions_) t = time_size == 8 ? r.I64() : static_cast<int32_t>(r.U32());
  std::vector<uint8_t> index(c.time);
  for (auto& i : index) i = r.U8();
  std::vector<int32_t> offsets(c.type);
  for (auto& o : offsets) {
    o = static_cast<int32_t>(r.U32());
    r.Skip(2);  // isdst, abbreviation index
  }
  r.Skip(c.chars + c.leap * (time_size + 4) + c.isstd + c.isut);
  tz->offset_after_.resize(c.time);
  for (size_t i = 0; i < c.time; ++i) {
    if (index[i] >= c.type || (i > 0 && tz->transitions_[i] <= tz->transitions_[i - 1])) return nullptr;
    tz->offset_after_[i] = offsets[index[i]];
  }
  // RFC 8536 §3.2: local time type 0 applies before the first transition.
  tz->initial_offset_ = offsets[0];
  if (time_size == 8) {
    std::string_view footer = r.Rest();
    if (footer.size() >= 2 && footer.front() == '\n') {
      footer.remove_prefix(1);
      size_t end = footer.find('\n');
      if (end == std::string_view::npos) return nullptr;
      footer = footer.substr(0, end);
      if (!footer.empty()) {
        auto rule = ParsePosixRule(footer);
        if (!rule) return nullptr;
        tz->rule_ = std::make_shared<PosixRule>(*rule);
      }
    }
  }
  return tz;
}

std::shared_ptr<const TimeZone> TimeZone::Find(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;  // GUARDED_BY(mu)
  {
    std::lock_guard lock(mu);
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
  }
  if (!ValidZoneName(name)) return nullptr;
  std::shared_ptr<const TimeZone> tz;
  if (name == "UTC" || name == "Etc/UTC" || name == "GMT" || name == "Etc/GMT") {
    tz = FromPosixRule(std::string(name), "UTC0");
  } else {
    const char* dir = std::getenv("TZDIR");
    std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
    if (auto bytes = ReadSmallFile(path)) tz = FromTzif(std::string(name), *bytes);
  }
  // Unknown names are not cached: the cache only ever holds real zones.
  if (!tz) return nullptr;
  std::lock_guard lock(mu);
  return cache.emplace(std::string(name), tz).first->second;
}

int32_t TimeZone::OffsetAt(int64_t t) const {
  if (transitions_.empty() || t < transitions_.front()) {
    if (transitions_.empty() && rule_) return rule_->OffsetAt(t);
    return initial_offset_;
  }
  if (t >= transitions_.back() && rule_) return rule_->OffsetAt(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return offset_after_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

// ---------------------------------------------------------------------------
// Names

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

// ---------------------------------------------------------------------------
// Resolving names against an object

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

// ---------------------------------------------------------------------------
// The scan

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

}  // namespace

AggregateResult RunAggregate(const Table& table, const AggregateQuery& q) {
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
  // Counting every live row (GraphQL's totalCount without a filter) needs no
  // scan: the table keeps that count.
  const bool counts_only = std::all_of(q.aggregates.begin(), q.aggregates.end(),
                                       [](const AggregateSpec& a) { return a.op == AggregateOp::kCount; });
  const bool all_rows = !q.filter || q.filter->kind == FilterNode::Kind::kAll;
  if (q.keys.empty() && all_rows && !q.include_deleted && keep == 0 && counts_only)
    groups[0].rows = result.matched_rows = table.live_count();
  else
    table.ForEachMatch(q.filter, q.include_deleted, add_row);

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
      int c = CompareNullable(av[o.index], bv[o.index], o.descending, o.nulls_first);
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

}  // namespace vingt::storage

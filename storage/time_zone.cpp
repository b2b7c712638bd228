#include "storage/time_zone.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

#include "storage/calendar.h"

namespace vingt::storage {

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
      case Date::Kind::kJulian1: return jan1 + date.n - 1 + (IsLeapYear(year) && date.n >= 60 ? 1 : 0);
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

// Big-endian, as TZif is. Callers check Has() before reading.
class TzifReader {
 public:
  explicit TzifReader(std::string_view s) : s_(s) {}
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

bool ReadTzifHeader(TzifReader* r, char* version, TzifCounts* c) {
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
  TzifReader r(bytes);
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


}  // namespace vingt::storage

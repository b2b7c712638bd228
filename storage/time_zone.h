// Time zones for group-by date buckets (aggregate.h): the UTC offset of an
// IANA zone at any instant.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vingt::storage {

// The UTC offset of an IANA time zone at any instant, read from the
// system's TZif files (zoneinfo), with the POSIX rule in their footer for
// instants past the last listed transition. Immutable once loaded.
class TimeZone {
 public:
  // The zone named `name` ("Europe/Paris"), loaded once and cached for the
  // process; null if there is no such zone. "UTC", "Etc/UTC", "GMT" and
  // "Etc/GMT" need no file. Files are read from $TZDIR, else the system's
  // zoneinfo directory. Thread-safe.
  static std::shared_ptr<const TimeZone> Find(std::string_view name);
  // Parses TZif bytes (RFC 8536, versions 1 to 4); null if malformed.
  static std::shared_ptr<const TimeZone> FromTzif(std::string name, std::string_view bytes);
  // A zone with a POSIX TZ rule only ("CET-1CEST,M3.5.0,M10.5.0/3"); null
  // if the rule does not parse.
  static std::shared_ptr<const TimeZone> FromPosixRule(std::string name, std::string_view rule);

  const std::string& name() const { return name_; }
  // Seconds to add to UTC to get local wall time at `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;

  struct PosixRule;  // defined in time_zone.cpp

 private:
  std::string name_;
  std::vector<int64_t> transitions_;       // ascending UTC seconds
  std::vector<int32_t> offset_after_;      // offset from transitions_[i] on
  int32_t initial_offset_ = 0;             // before the first transition
  std::shared_ptr<const PosixRule> rule_;  // after the last one; may be null
};

}  // namespace vingt::storage

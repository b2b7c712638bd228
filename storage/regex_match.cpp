#include "storage/regex_match.h"

#include <re2/re2.h>

namespace vingt::storage {

struct RegexMatcher::Impl {
  explicit Impl(std::string_view pattern, const RE2::Options& options)
      : re(re2::StringPiece(pattern.data(), pattern.size()), options) {}
  RE2 re;
};

RegexMatcher::RegexMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RegexMatcher::~RegexMatcher() = default;

Result<std::shared_ptr<const RegexMatcher>> RegexMatcher::Compile(std::string_view pattern, bool case_insensitive) {
  if (pattern.size() > kMaxPatternBytes)
    return Status::InvalidArgument("Invalid regular expression: pattern longer than " +
                                   std::to_string(kMaxPatternBytes) + " bytes");
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(!case_insensitive);
  options.set_dot_nl(true);  // Postgres' `.` matches a newline too
  options.set_never_capture(true);
  options.set_log_errors(false);
  // Twice RE2's default budget for its compiled program and DFA caches: at
  // 8 MiB a long pattern over long texts (a?{1000}a{1000} spelled out, over
  // 8,000 characters) overflows the DFA cache and falls back to the slower
  // NFA, 9 ms a value; at 16 MiB it stays on the DFA, 1.1 ms (measured with
  // bench/abuse_bench.sh's long regexes). The memory is taken as the search
  // needs it and freed with the matcher, at the end of the request.
  options.set_max_mem(16 << 20);
  auto impl = std::make_unique<Impl>(pattern, options);
  if (!impl->re.ok()) return Status::InvalidArgument("Invalid regular expression: " + impl->re.error());
  return std::shared_ptr<const RegexMatcher>(new RegexMatcher(std::move(impl)));
}

bool RegexMatcher::Search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), impl_->re);
}

}  // namespace vingt::storage

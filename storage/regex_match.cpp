#include "storage/regex_match.h"

#include <regex>

#include "storage/query.h"

namespace vingt::storage {
namespace {

// Postgres' `.` is one character, newline included; ECMAScript's is one
// byte other than a line terminator. This is one UTF-8 sequence (a lead
// byte and its continuations), or any ASCII byte.
constexpr std::string_view kAnyCodePoint = R"((?:[\x00-\x7F]|[\xC0-\xFF][\x80-\xBF]*))";

size_t Utf8Length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
}

// The pattern as std::regex should read it: `.` outside sets rewritten as
// above, and (for ~*) its non-ASCII characters folded as the value will be
// (ASCII is left to std::regex::icase, which also keeps escapes such as \D
// apart from \d).
std::string Rewrite(std::string_view p, bool fold) {
  std::string out;
  out.reserve(p.size() + 16);
  auto copy_code_point = [&](size_t* i) {
    size_t n = std::min(Utf8Length(static_cast<unsigned char>(p[*i])), p.size() - *i);
    std::string_view cp = p.substr(*i, n);
    out += fold && static_cast<unsigned char>(p[*i]) >= 0x80 ? FoldCaseUtf8(cp) : std::string(cp);
    *i += n;
  };
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\') {
      out.push_back(c);
      ++i;
      if (i < p.size()) copy_code_point(&i);
      continue;
    }
    if (c == '.') {
      out += kAnyCodePoint;
      ++i;
      continue;
    }
    if (c == '[') {
      // A set runs to the first ']' that is not its first member; [:alpha:]
      // classes and escapes inside are copied whole.
      out.push_back(c);
      ++i;
      if (i < p.size() && p[i] == '^') out.push_back(p[i++]);
      if (i < p.size() && p[i] == ']') out.push_back(p[i++]);
      while (i < p.size() && p[i] != ']') {
        if (p[i] == '\\' && i + 1 < p.size()) {
          out.push_back(p[i++]);
          copy_code_point(&i);
        } else if (p[i] == '[' && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '=' || p[i + 1] == '.')) {
          size_t end = p.find(std::string{p[i + 1], ']'}, i + 2);
          size_t stop = end == std::string_view::npos ? p.size() : end + 2;
          out.append(p.substr(i, stop - i));
          i = stop;
        } else {
          copy_code_point(&i);
        }
      }
      continue;
    }
    copy_code_point(&i);
  }
  return out;
}

}  // namespace

struct RegexMatcher::Impl {
  std::regex re;
  bool fold = false;
};

RegexMatcher::RegexMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RegexMatcher::~RegexMatcher() = default;

Result<std::shared_ptr<const RegexMatcher>> RegexMatcher::Compile(std::string_view pattern, bool case_insensitive) {
  if (pattern.size() > kMaxPatternBytes)
    return Status::InvalidArgument("Invalid regular expression: pattern longer than " +
                                   std::to_string(kMaxPatternBytes) + " bytes");
  auto flags = std::regex::ECMAScript | std::regex::nosubs | std::regex::optimize;
  if (case_insensitive) flags |= std::regex::icase;
#ifdef __GLIBCXX__
  // libstdc++'s breadth-first executor: time linear in the value for a
  // given pattern, no recursion per character. It refuses back-references.
  flags |= std::regex_constants::__polynomial;
#endif
  auto impl = std::make_unique<Impl>();
  impl->fold = case_insensitive;
  // std::regex reports a bad pattern only by throwing; the exception stays
  // inside this function.
  try {
    impl->re = std::regex(Rewrite(pattern, case_insensitive), flags);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument(std::string("Invalid regular expression: ") + e.what());
  }
  return std::shared_ptr<const RegexMatcher>(new RegexMatcher(std::move(impl)));
}

bool RegexMatcher::Search(std::string_view text) const {
  try {
    if (impl_->fold) {
      std::string folded = FoldCaseUtf8(text);
      return std::regex_search(folded.begin(), folded.end(), impl_->re, std::regex_constants::match_default);
    }
    return std::regex_search(text.begin(), text.end(), impl_->re, std::regex_constants::match_default);
  } catch (const std::regex_error&) {
    // error_complexity / error_stack: treated as no match rather than
    // failing the whole query from inside a shard scan.
    return false;
  }
}

}  // namespace vingt::storage

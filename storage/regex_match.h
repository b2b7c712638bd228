// Postgres' `~` / `~*` (GraphQL StringFilter `regex` / `iregex`): does a
// regular expression match anywhere in a text value.
//
// A pattern is compiled once per query (the compiled form rides in the
// FilterNode, shared by its copies) and then matched against each row.
//
// The engine is RE2 (Debian's libre2): matching takes time linear in the
// value whatever the pattern, uses no stack per character and can be shared
// by threads, so a filter cannot stall a shard or the server. Its syntax is
// close to Postgres' "advanced" regular expressions (ARE) for what CRM
// filters use: anchors, classes, [..] sets with [:alpha:] classes, \d \w \s
// and their negations, alternation, lazy quantifiers, {m,n}; `.` matches any
// character including a newline, as in Postgres; `~*` folds case with
// Unicode's simple case folding. Where it differs from Postgres:
//   * no back-references (\1), lookahead (?=...) (?!...) or lookbehind:
//     a pattern using them is an "Invalid regular expression" error;
//   * Postgres-only escapes and classes (\m \M \y \Y word boundaries,
//     [[:<:]] [[:>:]], embedded ARE options such as (?b), ***= prefixes) are
//     errors or read as RE2 reads them (RE2 has \b \B for word boundaries);
//   * a repetition count is at most 1000 (Postgres: 255), and a pattern
//     whose compiled program exceeds RE2's memory bound is refused.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace vingt::storage {

class RegexMatcher {
 public:
  // Patterns longer than this are refused before compiling.
  static constexpr size_t kMaxPatternBytes = 4096;

  // InvalidArgument "Invalid regular expression: <why>" when the pattern
  // does not compile.
  static Result<std::shared_ptr<const RegexMatcher>> Compile(std::string_view pattern, bool case_insensitive);

  // True if the pattern matches somewhere in `text`. Thread-safe.
  bool Search(std::string_view text) const;

  ~RegexMatcher();
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;

 private:
  struct Impl;
  explicit RegexMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vingt::storage

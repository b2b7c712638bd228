// GraphQL lexer (October 2021 spec): source text to tokens, one at a time.
//
// Shaped after graphql-js's lexer because clients compare error messages
// and positions byte for byte: the same token kinds and descriptions, the
// same messages ("Unterminated string.", "Unexpected character: \"?\".",
// "Invalid number, expected digit but got: \"a\"."), and the same positions.
// Columns count UTF-16 code units, as JavaScript strings do, so a line with
// "é" or an emoji before the error reports the column graphql-js reports.
//
// Ignored tokens (BOM, white space, line terminators, commas, comments) are
// skipped by Advance(). Names and numbers are views into the source;
// string values are views into the source when they hold no escape, and
// otherwise into `arena`, which must outlive the tokens.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace vingt::protocol::graphql {

// Line and column, both 1-based, as graphql-js's getLocation reports them.
struct SourceLocation {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class TokenKind : uint8_t {
  kSof,
  kEof,
  kBang,
  kDollar,
  kAmp,
  kParenL,
  kParenR,
  kSpread,
  kColon,
  kEquals,
  kAt,
  kBracketL,
  kBracketR,
  kBraceL,
  kPipe,
  kBraceR,
  kName,
  kInt,
  kFloat,
  kString,
  kBlockString,
};

// graphql-js's getTokenKindDesc: punctuators quoted ("\"}\""), others by
// name ("Name", "<EOF>").
std::string_view TokenKindDescription(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kSof;
  uint32_t start = 0;  // byte offsets into the source
  uint32_t end = 0;
  SourceLocation loc;
  // Name, Int, Float: the source text. String, BlockString: the value.
  std::string_view value;
};

// graphql-js's getTokenDesc: `Name "foo"`, `"{"`, `<EOF>`.
std::string TokenDescription(const Token& token);

// Owns decoded string values; references stay valid as it grows.
using StringArena = std::deque<std::string>;

struct LexError {
  std::string message;  // without the "Syntax Error: " prefix
  SourceLocation loc;
};

class Lexer {
 public:
  // `source` and `arena` must outlive the lexer and every token it yields.
  Lexer(std::string_view source, StringArena* arena);

  // Moves to the next significant token. False on a lexical error, after
  // which error() describes it and the lexer must not be used further.
  bool Advance();
  const Token& token() const { return token_; }
  // The token after token() without consuming it (graphql-js's lookahead,
  // used to read past a description). False on a lexical error.
  bool Lookahead(const Token** out);
  const LexError& error() const { return error_; }

 private:
  bool ReadToken(Token* out);
  bool ReadNumber(uint32_t start, Token* out);
  bool ReadDigits(uint32_t* pos);
  bool ReadString(uint32_t start, Token* out);
  bool ReadBlockString(uint32_t start, Token* out);
  // Records an error at `offset`, which must not precede any multi-byte
  // character already scanned on the current line (true for every caller:
  // errors point at the character being looked at).
  bool Fail(uint32_t offset, std::string message);
  SourceLocation LocationAt(uint32_t offset) const { return {line_, offset - line_start_ - utf16_adjust_ + 1}; }
  // `units` UTF-16 code units of source from `offset`, as JavaScript's
  // String.prototype.slice cuts them (whole code points here).
  std::string_view SliceUtf16(uint32_t offset, uint32_t units) const;
  // graphql-js's printCodePointAt: "\"a\"", "'\"'", "U+00E9" or "<EOF>".
  std::string PrintCodePointAt(uint32_t offset) const;
  // Counts a multi-byte UTF-8 sequence at `pos` for column arithmetic;
  // returns its length in bytes (1 for invalid bytes).
  uint32_t SkipUtf8(uint32_t pos);
  void NewLine(uint32_t line_start);

  std::string_view src_;
  StringArena* arena_;
  uint32_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t line_start_ = 0;
  // Bytes minus UTF-16 units of the multi-byte characters between
  // line_start_ and pos_: column = pos - line_start_ - utf16_adjust_ + 1.
  uint32_t utf16_adjust_ = 0;
  Token token_;
  Token lookahead_;
  bool has_lookahead_ = false;
  LexError error_;
};

}  // namespace vingt::protocol::graphql

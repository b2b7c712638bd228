#include "protocol/graphql/lexer.h"

#include <cstdio>
#include <vector>

#include "common/utf8.h"

namespace vingt::protocol::graphql {
namespace {

bool IsDigit(int c) { return c >= '0' && c <= '9'; }
bool IsNameStart(int c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNameContinue(int c) { return IsNameStart(c) || IsDigit(c); }
bool IsScalarValue(int32_t cp) { return (cp >= 0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0x10FFFF); }

int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The spec's BlockStringValue(): common indentation of all lines but the
// first removed, leading and trailing blank lines dropped, joined by \n.
std::string DedentBlockStringLines(const std::vector<std::string>& lines) {
  size_t common_indent = SIZE_MAX;
  size_t first_non_empty = SIZE_MAX;
  size_t last_non_empty = 0;
  bool any_non_empty = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    if (indent == line.size()) continue;
    if (!any_non_empty) first_non_empty = i;
    any_non_empty = true;
    last_non_empty = i;
    if (i != 0 && indent < common_indent) common_indent = indent;
  }
  std::string out;
  if (!any_non_empty) return out;
  for (size_t i = first_non_empty; i <= last_non_empty; ++i) {
    if (i != first_non_empty) out += '\n';
    const std::string& line = lines[i];
    if (i == 0) {
      out += line;
    } else if (common_indent < line.size()) {
      out.append(line, common_indent, std::string::npos);
    }
  }
  return out;
}

}  // namespace

std::string_view TokenKindDescription(TokenKind kind) {
  switch (kind) {
    case TokenKind::kSof:
      return "<SOF>";
    case TokenKind::kEof:
      return "<EOF>";
    case TokenKind::kBang:
      return "\"!\"";
    case TokenKind::kDollar:
      return "\"$\"";
    case TokenKind::kAmp:
      return "\"&\"";
    case TokenKind::kParenL:
      return "\"(\"";
    case TokenKind::kParenR:
      return "\")\"";
    case TokenKind::kSpread:
      return "\"...\"";
    case TokenKind::kColon:
      return "\":\"";
    case TokenKind::kEquals:
      return "\"=\"";
    case TokenKind::kAt:
      return "\"@\"";
    case TokenKind::kBracketL:
      return "\"[\"";
    case TokenKind::kBracketR:
      return "\"]\"";
    case TokenKind::kBraceL:
      return "\"{\"";
    case TokenKind::kPipe:
      return "\"|\"";
    case TokenKind::kBraceR:
      return "\"}\"";
    case TokenKind::kName:
      return "Name";
    case TokenKind::kInt:
      return "Int";
    case TokenKind::kFloat:
      return "Float";
    case TokenKind::kString:
      return "String";
    case TokenKind::kBlockString:
      return "BlockString";
  }
  return "";
}

std::string TokenDescription(const Token& token) {
  std::string out(TokenKindDescription(token.kind));
  switch (token.kind) {
    case TokenKind::kName:
    case TokenKind::kInt:
    case TokenKind::kFloat:
    case TokenKind::kString:
    case TokenKind::kBlockString:
      out += " \"";
      out += token.value;
      out += '"';
      break;
    default:
      break;
  }
  return out;
}

Lexer::Lexer(std::string_view source, StringArena* arena) : src_(source), arena_(arena) {
  token_.kind = TokenKind::kSof;
}

bool Lexer::Advance() {
  if (has_lookahead_) {
    token_ = lookahead_;
    has_lookahead_ = false;
    return true;
  }
  if (token_.kind == TokenKind::kEof) return true;
  return ReadToken(&token_);
}

bool Lexer::Lookahead(const Token** out) {
  if (!has_lookahead_) {
    if (token_.kind == TokenKind::kEof) {
      *out = &token_;
      return true;
    }
    if (!ReadToken(&lookahead_)) return false;
    has_lookahead_ = true;
  }
  *out = &lookahead_;
  return true;
}

bool Lexer::Fail(uint32_t offset, std::string message) {
  error_.message = std::move(message);
  error_.loc = LocationAt(offset);
  return false;
}

void Lexer::NewLine(uint32_t line_start) {
  ++line_;
  line_start_ = line_start;
  utf16_adjust_ = 0;
}

uint32_t Lexer::SkipUtf8(uint32_t pos) {
  size_t len = 1;
  uint32_t cp = utf8::Decode(src_, pos, &len);
  uint32_t units = cp >= 0x10000 ? 2 : 1;
  utf16_adjust_ += static_cast<uint32_t>(len) - units;
  return static_cast<uint32_t>(len);
}

std::string Lexer::PrintCodePointAt(uint32_t offset) const {
  if (offset >= src_.size()) return "<EOF>";
  size_t len = 1;
  uint32_t cp = utf8::Decode(src_, offset, &len);
  if (cp >= 0x20 && cp <= 0x7E) {
    if (cp == '"') return "'\"'";
    return std::string("\"") + static_cast<char>(cp) + "\"";
  }
  char buf[16];
  std::snprintf(buf, sizeof(buf), "U+%04X", cp);
  return buf;
}

std::string_view Lexer::SliceUtf16(uint32_t offset, uint32_t units) const {
  size_t end = offset;
  uint32_t taken = 0;
  while (end < src_.size() && taken < units) {
    size_t len = 1;
    uint32_t cp = utf8::Decode(src_, end, &len);
    taken += cp >= 0x10000 ? 2 : 1;
    end += len;
  }
  return src_.substr(offset, end - offset);
}

bool Lexer::ReadToken(Token* out) {
  const uint32_t n = static_cast<uint32_t>(src_.size());
  while (pos_ < n) {
    const auto c = static_cast<unsigned char>(src_[pos_]);
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      NewLine(pos_);
    } else if (c == '\r') {
      ++pos_;
      if (pos_ < n && src_[pos_] == '\n') ++pos_;
      NewLine(pos_);
    } else if (c == 0xEF && pos_ + 2 < n && static_cast<unsigned char>(src_[pos_ + 1]) == 0xBB &&
               static_cast<unsigned char>(src_[pos_ + 2]) == 0xBF) {
      pos_ += 3;  // U+FEFF, one UTF-16 unit
      utf16_adjust_ += 2;
    } else if (c == '#') {
      ++pos_;
      while (pos_ < n && src_[pos_] != '\n' && src_[pos_] != '\r') {
        if (static_cast<unsigned char>(src_[pos_]) >= 0x80) {
          pos_ += SkipUtf8(pos_);
        } else {
          ++pos_;
        }
      }
    } else {
      break;
    }
  }

  const uint32_t start = pos_;
  out->start = start;
  out->loc = LocationAt(start);
  out->value = {};
  if (start >= n) {
    out->kind = TokenKind::kEof;
    out->end = start;
    return true;
  }

  auto punct = [&](TokenKind kind, uint32_t len) {
    out->kind = kind;
    out->end = start + len;
    pos_ = start + len;
    return true;
  };
  const int c = static_cast<unsigned char>(src_[start]);
  switch (c) {
    case '!':
      return punct(TokenKind::kBang, 1);
    case '$':
      return punct(TokenKind::kDollar, 1);
    case '&':
      return punct(TokenKind::kAmp, 1);
    case '(':
      return punct(TokenKind::kParenL, 1);
    case ')':
      return punct(TokenKind::kParenR, 1);
    case ':':
      return punct(TokenKind::kColon, 1);
    case '=':
      return punct(TokenKind::kEquals, 1);
    case '@':
      return punct(TokenKind::kAt, 1);
    case '[':
      return punct(TokenKind::kBracketL, 1);
    case ']':
      return punct(TokenKind::kBracketR, 1);
    case '{':
      return punct(TokenKind::kBraceL, 1);
    case '|':
      return punct(TokenKind::kPipe, 1);
    case '}':
      return punct(TokenKind::kBraceR, 1);
    case '.':
      if (start + 2 < n && src_[start + 1] == '.' && src_[start + 2] == '.') return punct(TokenKind::kSpread, 3);
      break;
    case '"':
      if (start + 2 < n && src_[start + 1] == '"' && src_[start + 2] == '"') return ReadBlockString(start, out);
      return ReadString(start, out);
    default:
      break;
  }
  if (IsDigit(c) || c == '-') return ReadNumber(start, out);
  if (IsNameStart(c)) {
    uint32_t pos = start + 1;
    while (pos < n && IsNameContinue(static_cast<unsigned char>(src_[pos]))) ++pos;
    out->kind = TokenKind::kName;
    out->end = pos;
    out->value = src_.substr(start, pos - start);
    pos_ = pos;
    return true;
  }
  if (c == '\'') {
    return Fail(start, "Unexpected single quote character ('), did you mean to use a double quote (\")?");
  }
  return Fail(start, "Unexpected character: " + PrintCodePointAt(start) + ".");
}

bool Lexer::ReadDigits(uint32_t* pos) {
  auto at = [&](uint32_t p) -> int { return p < src_.size() ? static_cast<unsigned char>(src_[p]) : -1; };
  if (!IsDigit(at(*pos))) {
    return Fail(*pos, "Invalid number, expected digit but got: " + PrintCodePointAt(*pos) + ".");
  }
  while (IsDigit(at(*pos))) ++*pos;
  return true;
}

bool Lexer::ReadNumber(uint32_t start, Token* out) {
  auto at = [&](uint32_t p) -> int { return p < src_.size() ? static_cast<unsigned char>(src_[p]) : -1; };
  uint32_t pos = start;
  int c = at(pos);
  bool is_float = false;
  if (c == '-') c = at(++pos);
  if (c == '0') {
    c = at(++pos);
    if (IsDigit(c)) {
      return Fail(pos, "Invalid number, unexpected digit after 0: " + PrintCodePointAt(pos) + ".");
    }
  } else {
    if (!ReadDigits(&pos)) return false;
    c = at(pos);
  }
  if (c == '.') {
    is_float = true;
    ++pos;
    if (!ReadDigits(&pos)) return false;
    c = at(pos);
  }
  if (c == 'E' || c == 'e') {
    is_float = true;
    c = at(++pos);
    if (c == '+' || c == '-') ++pos;
    if (!ReadDigits(&pos)) return false;
    c = at(pos);
  }
  if (c == '.' || IsNameStart(c)) {
    return Fail(pos, "Invalid number, expected digit but got: " + PrintCodePointAt(pos) + ".");
  }
  out->kind = is_float ? TokenKind::kFloat : TokenKind::kInt;
  out->end = pos;
  out->value = src_.substr(start, pos - start);
  pos_ = pos;
  return true;
}

bool Lexer::ReadString(uint32_t start, Token* out) {
  auto at = [&](uint32_t p) -> int { return p < src_.size() ? static_cast<unsigned char>(src_[p]) : -1; };
  const uint32_t n = static_cast<uint32_t>(src_.size());
  uint32_t pos = start + 1;
  uint32_t chunk_start = pos;
  std::string* value = nullptr;  // set at the first escape
  while (pos < n) {
    const int c = static_cast<unsigned char>(src_[pos]);
    if (c == '"') {
      out->kind = TokenKind::kString;
      out->end = pos + 1;
      if (value == nullptr) {
        out->value = src_.substr(start + 1, pos - start - 1);
      } else {
        value->append(src_.substr(chunk_start, pos - chunk_start));
        out->value = *value;
      }
      pos_ = pos + 1;
      return true;
    }
    if (c == '\\') {
      if (value == nullptr) value = &arena_->emplace_back();
      value->append(src_.substr(chunk_start, pos - chunk_start));
      const int next = at(pos + 1);
      uint32_t size = 2;
      if (next == 'u') {
        if (at(pos + 2) == '{') {
          // \u{X...}: up to 12 characters in all, JavaScript int32 arithmetic.
          int32_t point = 0;
          size = 3;
          bool ok = false;
          while (size < 12) {
            const int code = at(pos + size++);
            if (code == '}') {
              if (size >= 5 && IsScalarValue(point)) ok = true;
              break;
            }
            point = static_cast<int32_t>((static_cast<uint32_t>(point) << 4) | static_cast<uint32_t>(HexValue(code)));
            if (point < 0) break;
          }
          if (!ok) {
            return Fail(pos, "Invalid Unicode escape sequence: \"" + std::string(SliceUtf16(pos, size)) + "\".");
          }
          utf8::Append(static_cast<uint32_t>(point), value);
        } else {
          auto read16 = [&](uint32_t p) -> int32_t {
            int32_t v = 0;
            for (uint32_t k = 0; k < 4; ++k) {
              int h = HexValue(at(p + k));
              if (h < 0) return -1;
              v = (v << 4) | h;
            }
            return v;
          };
          const int32_t code = read16(pos + 2);
          size = 6;
          if (IsScalarValue(code)) {
            utf8::Append(static_cast<uint32_t>(code), value);
          } else {
            bool ok = false;
            if (code >= 0xD800 && code <= 0xDBFF && at(pos + 6) == '\\' && at(pos + 7) == 'u') {
              const int32_t trailing = read16(pos + 8);
              if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
                utf8::Append(0x10000 + ((static_cast<uint32_t>(code) - 0xD800) << 10) +
                               (static_cast<uint32_t>(trailing) - 0xDC00),
                           value);
                size = 12;
                ok = true;
              }
            }
            if (!ok) {
              return Fail(pos, "Invalid Unicode escape sequence: \"" + std::string(SliceUtf16(pos, 6)) + "\".");
            }
          }
        }
      } else {
        char decoded;
        switch (next) {
          case '"':
            decoded = '"';
            break;
          case '\\':
            decoded = '\\';
            break;
          case '/':
            decoded = '/';
            break;
          case 'b':
            decoded = '\b';
            break;
          case 'f':
            decoded = '\f';
            break;
          case 'n':
            decoded = '\n';
            break;
          case 'r':
            decoded = '\r';
            break;
          case 't':
            decoded = '\t';
            break;
          default:
            return Fail(pos, "Invalid character escape sequence: \"" + std::string(SliceUtf16(pos, 2)) + "\".");
        }
        value->push_back(decoded);
      }
      pos += size;
      chunk_start = pos;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    pos += c >= 0x80 ? SkipUtf8(pos) : 1;
  }
  return Fail(pos, "Unterminated string.");
}

bool Lexer::ReadBlockString(uint32_t start, Token* out) {
  const uint32_t n = static_cast<uint32_t>(src_.size());
  uint32_t pos = start + 3;
  uint32_t chunk_start = pos;
  std::string current;
  std::vector<std::string> lines;
  auto triple_quote_at = [&](uint32_t p) {
    return p + 2 < n && src_[p] == '"' && src_[p + 1] == '"' && src_[p + 2] == '"';
  };
  while (pos < n) {
    const int c = static_cast<unsigned char>(src_[pos]);
    if (c == '"' && triple_quote_at(pos)) {
      current.append(src_.substr(chunk_start, pos - chunk_start));
      lines.push_back(std::move(current));
      out->kind = TokenKind::kBlockString;
      out->end = pos + 3;
      out->value = arena_->emplace_back(DedentBlockStringLines(lines));
      pos_ = pos + 3;
      return true;
    }
    if (c == '\\' && triple_quote_at(pos + 1)) {
      current.append(src_.substr(chunk_start, pos - chunk_start));
      chunk_start = pos + 1;  // drop only the backslash
      pos += 4;
      continue;
    }
    if (c == '\n' || c == '\r') {
      current.append(src_.substr(chunk_start, pos - chunk_start));
      lines.push_back(std::move(current));
      current.clear();
      pos += (c == '\r' && pos + 1 < n && src_[pos + 1] == '\n') ? 2 : 1;
      chunk_start = pos;
      NewLine(pos);
      continue;
    }
    pos += c >= 0x80 ? SkipUtf8(pos) : 1;
  }
  return Fail(pos, "Unterminated string.");
}

}  // namespace vingt::protocol::graphql

#include "protocol/graphql/printer.h"

#include <cstdio>

namespace vingt::protocol::graphql {
namespace {

void AppendHex4(uint32_t code, bool upper, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), upper ? "\\u%04X" : "\\u%04x", code);
  out->append(buf);
}

bool IsBlockWhiteSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

void AppendGraphQLString(std::string_view value, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      case '\b':
        out->append("\\b");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\f':
        out->append("\\f");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      AppendHex4(c, true, out);
    } else if (c == 0xC2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
      // U+0080..U+009F, the C1 controls, are two bytes in UTF-8.
      AppendHex4(static_cast<unsigned char>(value[i + 1]), true, out);
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

void AppendJsString(std::string_view value, std::string* out) {
  out->push_back('"');
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          AppendHex4(c, false, out);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendBlockString(std::string_view value, std::string* out) {
  std::string escaped;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\"\"\"") == 0) {
      escaped += "\\\"\"\"";
      i += 2;
    } else {
      escaped += value[i];
    }
  }
  // Lines split at \r\n, \n or \r.
  bool single_line = true;
  bool force_leading_newline = true;  // every line after the first empty or starting with white space
  bool seen_newline = false;
  for (size_t i = 0; i < escaped.size(); ++i) {
    char c = escaped[i];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < escaped.size() && escaped[i + 1] == '\n') ++i;
      single_line = false;
      seen_newline = true;
      const char next = i + 1 < escaped.size() ? escaped[i + 1] : '\n';
      if (!(next == '\n' || next == '\r' || IsBlockWhiteSpace(next))) force_leading_newline = false;
    }
  }
  if (!seen_newline) force_leading_newline = false;
  const bool has_trailing_triple_quotes =
      escaped.size() >= 4 && escaped.compare(escaped.size() - 4, 4, "\\\"\"\"") == 0;
  const bool has_trailing_quote = !value.empty() && value.back() == '"' && !has_trailing_triple_quotes;
  const bool has_trailing_slash = !value.empty() && value.back() == '\\';
  const bool force_trailing_newline = has_trailing_quote || has_trailing_slash;
  // value.length counts UTF-16 units in JavaScript; count code points.
  size_t length = 0;
  for (const char ch : value) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++length;
  }
  const bool print_as_multiple_lines =
      !single_line || length > 70 || force_trailing_newline || force_leading_newline || has_trailing_triple_quotes;
  const bool skip_leading_newline = single_line && !value.empty() && IsBlockWhiteSpace(value[0]);
  out->append("\"\"\"");
  if ((print_as_multiple_lines && !skip_leading_newline) || force_leading_newline) out->push_back('\n');
  out->append(escaped);
  if (print_as_multiple_lines || force_trailing_newline) out->push_back('\n');
  out->append("\"\"\"");
}

void AppendPrintedValue(const ast::Value& value, std::string* out) {
  switch (value.kind) {
    case ast::Value::Kind::kVariable:
      out->push_back('$');
      out->append(value.text);
      return;
    case ast::Value::Kind::kInt:
    case ast::Value::Kind::kFloat:
    case ast::Value::Kind::kEnum:
      out->append(value.text);
      return;
    case ast::Value::Kind::kString:
      if (value.block) {
        AppendBlockString(value.text, out);
      } else {
        AppendGraphQLString(value.text, out);
      }
      return;
    case ast::Value::Kind::kBoolean:
      out->append(value.boolean ? "true" : "false");
      return;
    case ast::Value::Kind::kNull:
      out->append("null");
      return;
    case ast::Value::Kind::kList:
      out->push_back('[');
      for (size_t i = 0; i < value.list.size(); ++i) {
        if (i != 0) out->append(", ");
        AppendPrintedValue(value.list[i], out);
      }
      out->push_back(']');
      return;
    case ast::Value::Kind::kObject:
      out->push_back('{');
      for (size_t i = 0; i < value.fields.size(); ++i) {
        if (i != 0) out->append(", ");
        out->append(value.fields[i].name.value);
        out->append(": ");
        AppendPrintedValue(value.fields[i].value, out);
      }
      out->push_back('}');
      return;
  }
}

std::string PrintValue(const ast::Value& value) {
  std::string out;
  AppendPrintedValue(value, &out);
  return out;
}

std::string PrintTypeNode(const ast::TypeNode& type) {
  std::string out;
  for (uint32_t i = 0; i < type.list_depth; ++i) out.push_back('[');
  out.append(type.name.value);
  for (int i = type.list_depth; i >= 0; --i) {
    if (type.non_null_bits & (uint64_t{1} << i)) out.push_back('!');
    if (i > 0) out.push_back(']');
  }
  return out;
}

}  // namespace vingt::protocol::graphql

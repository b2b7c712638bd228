#include "protocol/json_read.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "protocol/json_write.h"

namespace vingt::protocol {
namespace {

// Node's util.inspect defaults.
constexpr size_t kDepth = 2;
constexpr size_t kBreakLength = 80;
constexpr size_t kMaxArrayLength = 100;
constexpr size_t kMaxStringLength = 10000;
constexpr size_t kMinLineWidth = 16;
constexpr double kCompact = 3;  // inner levels combined on one line

// JavaScript measures strings in UTF-16 code units.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // a leading byte starts a code point
    if (c >= 0xF0) ++n;           // outside the BMP: a surrogate pair
  }
  return n;
}

// Byte offset of the first `units` UTF-16 code units of `s`.
size_t Utf16Prefix(std::string_view s, size_t units) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    size_t cost = len == 4 ? 2 : 1;
    if (n + cost > units) break;
    n += cost;
    i += len;
  }
  return std::min(i, s.size());
}

void AppendHexEscape(unsigned v, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->append("\\x");
  out->push_back(kHex[(v >> 4) & 0xF]);
  out->push_back(kHex[v & 0xF]);
}

// util.inspect's strEscape: picks the quote, escapes what needs escaping.
void AppendEscaped(std::string_view s, std::string* out) {
  char quote = '\'';
  if (s.find('\'') != std::string_view::npos) {
    if (s.find('"') == std::string_view::npos)
      quote = '"';
    else if (s.find('`') == std::string_view::npos && s.find("${") == std::string_view::npos)
      quote = '`';
  }
  out->push_back(quote);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\'' && quote == '\'') {
      out->append("\\'");
    } else if (c == '\\') {
      out->append("\\\\");
    } else if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case '\b': out->append("\\b"); break;
        case '\t': out->append("\\t"); break;
        case '\n': out->append("\\n"); break;
        case '\f': out->append("\\f"); break;
        case '\r': out->append("\\r"); break;
        default: AppendHexEscape(c, out);
      }
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      AppendHexEscape(static_cast<unsigned char>(s[i + 1]), out);  // C1 controls U+0080..U+009F
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back(quote);
}

bool IsIdentifierKey(std::string_view key) {
  if (key.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(key[0])) return false;
  for (char c : key)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

struct InspectContext {
  size_t indentation = 0;  // ctx.indentationLvl
};

void FormatValue(InspectContext* ctx, JsonElement e, size_t recurse, std::string* out);

void FormatString(const InspectContext& ctx, std::string_view s, std::string* out) {
  size_t length = Utf16Length(s);
  std::string trailer;
  if (length > kMaxStringLength) {
    size_t remaining = length - kMaxStringLength;
    s = s.substr(0, Utf16Prefix(s, kMaxStringLength));
    trailer = "... " + std::to_string(remaining) + " more character" + (remaining > 1 ? "s" : "");
    length = kMaxStringLength;
  }
  // Long strings are shown one line per "\n"-terminated piece.
  if (length > kMinLineWidth && length + ctx.indentation + 4 > kBreakLength && s.find('\n') != std::string_view::npos &&
      s.find('\n') + 1 < s.size()) {
    std::string joiner(" +\n");
    joiner.append(ctx.indentation + 2, ' ');
    size_t start = 0;
    bool first = true;
    while (start < s.size()) {
      size_t nl = s.find('\n', start);
      size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
      if (!first) out->append(joiner);
      AppendEscaped(s.substr(start, end - start), out);
      first = false;
      start = end;
    }
  } else {
    AppendEscaped(s, out);
  }
  out->append(trailer);
}

// util.inspect's groupArrayElements: arrays of more than six short items
// are laid out in aligned columns.
std::vector<std::string> GroupArrayElements(const InspectContext& ctx, std::vector<std::string> output,
                                            bool all_numbers, bool has_more) {
  size_t total_length = 0;
  size_t max_length = 0;
  size_t output_length = output.size() - (has_more ? 1 : 0);
  constexpr size_t kSeparatorSpace = 2;
  std::vector<size_t> data_len(output_length);
  for (size_t i = 0; i < output_length; ++i) {
    size_t len = Utf16Length(output[i]);
    data_len[i] = len;
    total_length += len + kSeparatorSpace;
    if (max_length < len) max_length = len;
  }
  size_t actual_max = max_length + kSeparatorSpace;
  if (actual_max * 3 + ctx.indentation < kBreakLength &&
      (static_cast<double>(total_length) / static_cast<double>(actual_max) > 5 || max_length <= 6)) {
    constexpr double kApproxCharHeights = 2.5;
    double average_bias = std::sqrt(static_cast<double>(actual_max) -
                                    static_cast<double>(total_length) / static_cast<double>(output.size()));
    double biased_max = std::max(static_cast<double>(actual_max) - 3 - average_bias, 1.0);
    double columns_d = std::min(
        {std::round(std::sqrt(kApproxCharHeights * biased_max * static_cast<double>(output_length)) / biased_max),
         std::floor(static_cast<double>(kBreakLength - ctx.indentation) / static_cast<double>(actual_max)),
         kCompact * 4, 15.0});
    size_t columns = static_cast<size_t>(columns_d);
    if (columns <= 1) return output;
    std::vector<size_t> max_line_length;
    for (size_t i = 0; i < columns; ++i) {
      size_t line_length = 0;
      for (size_t j = i; j < output.size(); j += columns)
        if (j < output_length && data_len[j] > line_length) line_length = data_len[j];
      max_line_length.push_back(line_length + kSeparatorSpace);
    }
    std::vector<std::string> grouped;
    for (size_t i = 0; i < output_length; i += columns) {
      size_t max = std::min(i + columns, output_length);
      std::string line;
      size_t j = i;
      for (; j < max - 1; ++j) {
        std::string cell = output[j] + ", ";
        size_t width = data_len[j] + 2;
        size_t pad = max_line_length[j - i] > width ? max_line_length[j - i] - width : 0;
        if (all_numbers) line.append(pad, ' ');
        line += cell;
        if (!all_numbers) line.append(pad, ' ');
      }
      if (all_numbers) {
        size_t target = max_line_length[j - i] - kSeparatorSpace;
        if (target > data_len[j]) line.append(target - data_len[j], ' ');
      }
      line += output[j];
      grouped.push_back(std::move(line));
    }
    if (has_more) grouped.push_back(output.back());
    return grouped;
  }
  return output;
}

void ReduceToSingleString(const InspectContext& ctx, const std::vector<std::string>& output, size_t entries, char open,
                          char close, std::string* out) {
  if (entries == output.size()) {
    // "start" is output.length + indentationLvl + braces[0].length + 10.
    size_t total = output.size() + (output.size() + ctx.indentation + 1 + 10);
    bool fits = total + output.size() <= kBreakLength;
    for (size_t i = 0; fits && i < output.size(); ++i) {
      total += Utf16Length(output[i]);
      if (total > kBreakLength) fits = false;
    }
    if (fits) {
      std::string joined;
      for (size_t i = 0; i < output.size(); ++i) {
        if (i) joined += ", ";
        joined += output[i];
      }
      if (joined.find('\n') == std::string::npos) {
        out->push_back(open);
        out->push_back(' ');
        out->append(joined);
        out->push_back(' ');
        out->push_back(close);
        return;
      }
    }
  }
  std::string indentation(ctx.indentation + 1, ' ');
  indentation[0] = '\n';
  out->push_back(open);
  out->append(indentation);
  out->append("  ");
  for (size_t i = 0; i < output.size(); ++i) {
    if (i) {
      out->push_back(',');
      out->append(indentation);
      out->append("  ");
    }
    out->append(output[i]);
  }
  out->append(indentation);
  out->push_back(close);
}

void FormatValue(InspectContext* ctx, JsonElement e, size_t recurse, std::string* out) {
  switch (e.type()) {
    case JsonType::NULL_VALUE: out->append("null"); return;
    case JsonType::BOOL: out->append(e.get_bool().value_unsafe() ? "true" : "false"); return;
    case JsonType::STRING: FormatString(*ctx, e.get_string().value_unsafe(), out); return;
    case JsonType::INT64:
    case JsonType::UINT64:
    case JsonType::DOUBLE: {
      double v = *JsonNumberValue(e);
      if (v == 0 && std::signbit(v)) {
        out->append("-0");
      } else {
        AppendJsNumber(v, out);
      }
      return;
    }
    case JsonType::ARRAY: {
      simdjson::dom::array array = e.get_array().value_unsafe();
      size_t size = array.size();
      if (size == 0) {
        out->append("[]");
        return;
      }
      if (recurse > kDepth) {
        out->append("[Array]");
        return;
      }
      std::vector<std::string> output;
      bool all_numbers = true;
      size_t index = 0;
      for (JsonElement item : array) {
        if (index == kMaxArrayLength) break;
        if (!IsJsonNumber(item)) all_numbers = false;
        std::string s;
        ctx->indentation += 2;
        FormatValue(ctx, item, recurse + 1, &s);
        ctx->indentation -= 2;
        output.push_back(std::move(s));
        ++index;
      }
      bool has_more = size > kMaxArrayLength;
      if (has_more) {
        size_t remaining = size - kMaxArrayLength;
        output.push_back("... " + std::to_string(remaining) + " more item" + (remaining > 1 ? "s" : ""));
      }
      size_t entries = output.size();
      if (entries > 6) output = GroupArrayElements(*ctx, std::move(output), all_numbers, has_more);
      ReduceToSingleString(*ctx, output, entries, '[', ']', out);
      return;
    }
    case JsonType::OBJECT: {
      simdjson::dom::object object = e.get_object().value_unsafe();
      if (object.begin() == object.end()) {
        out->append("{}");
        return;
      }
      if (recurse > kDepth) {
        out->append("[Object]");
        return;
      }
      std::vector<std::string> output;
      for (auto field : object) {
        std::string s;
        if (IsIdentifierKey(field.key)) {
          s.append(field.key);
        } else {
          AppendEscaped(field.key, &s);
        }
        s.append(": ");
        ctx->indentation += 2;
        FormatValue(ctx, field.value, recurse + 1, &s);
        ctx->indentation -= 2;
        output.push_back(std::move(s));
      }
      ReduceToSingleString(*ctx, output, output.size(), '{', '}', out);
      return;
    }
    default: out->append("undefined"); return;
  }
}

}  // namespace

void AppendJsInspect(JsonElement e, std::string* out) {
  InspectContext ctx;
  FormatValue(&ctx, e, 0, out);
}

std::string JsInspect(JsonElement e) {
  std::string out;
  AppendJsInspect(e, &out);
  return out;
}

void AppendJsInspectString(std::string_view s, std::string* out) {
  InspectContext ctx;
  FormatString(ctx, s, out);
}

}  // namespace vingt::protocol

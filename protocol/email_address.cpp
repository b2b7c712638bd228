#include "protocol/email_address.h"

#include <cstdint>

#include "common/text_fold.h"
#include "common/utf8.h"
#include "protocol/js_number.h"

namespace vingt::protocol {
namespace {

// UTF-8 -> code points; false on ill-formed input.
bool DecodeUtf8(std::string_view s, std::u32string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    size_t len;
    const uint32_t cp = utf8::Decode(s, i, &len);
    if (cp == utf8::kReplacement && len == 1) return false;
    out->push_back(cp);
    i += len;
  }
  return true;
}

// RFC 3492 Punycode of one label (without the "xn--" prefix).
bool Punycode(const std::u32string& input, std::string* out) {
  constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
  auto adapt = [](uint32_t delta, uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
      delta /= kBase - kTMin;
      k += kBase;
    }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
  };
  auto digit = [](uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  uint32_t basic = 0;
  for (char32_t c : input) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
      ++basic;
    }
  }
  uint32_t handled = basic;
  if (basic > 0) out->push_back('-');
  uint32_t n = 0x80, delta = 0, bias = 72;
  while (handled < input.size()) {
    uint32_t m = UINT32_MAX;
    for (char32_t c : input)
      if (c >= n && c < m) m = c;
    if ((m - n) > (UINT32_MAX - delta) / (handled + 1)) return false;
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n && ++delta == 0) return false;
      if (c == n) {
        uint32_t q = delta;
        for (uint32_t k = kBase;; k += kBase) {
          uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
          if (q < t) break;
          out->push_back(digit(t + (q - t) % (kBase - t)));
          q = (q - t) / (kBase - t);
        }
        out->push_back(digit(q));
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        ++handled;
      }
    }
    ++delta;
    ++n;
  }
  return true;
}

// The host as WHATWG URL parsing would give it for a domain: ASCII lower
// case, ideographic and full-width dots as '.', IDNA labels as punycode.
// Falls back to the lower-cased text when the domain is not a plain host.
std::string CanonicalizeDomain(std::string_view domain) {
  std::string lowered;
  lowered.reserve(domain.size());
  for (size_t i = 0; i < domain.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(domain[i]);
    std::string_view rest = domain.substr(i);
    if (rest.substr(0, 3) == "\xE3\x80\x82" || rest.substr(0, 3) == "\xEF\xBC\x8E" ||
        rest.substr(0, 3) == "\xEF\xBD\xA1") {
      lowered.push_back('.');  // U+3002, U+FF0E, U+FF61
      i += 2;
    } else {
      lowered.push_back(static_cast<char>(c));
    }
  }
  // Lower case before IDNA, all of it (JavaScript's toLowerCase, which
  // Twenty applies first): "MÜNCHEN" is "münchen", xn--mnchen-3ya.
  lowered = FoldKey(lowered);
  for (size_t i = 0; i < lowered.size(); ++i) {
    if (JsWhitespaceAt(lowered, i)) return lowered;
    switch (lowered[i]) {
      case '/':
      case '\\':
      case '?':
      case '#':
      case '@':
      case ':':
      case '[':
      case ']':
      case '<':
      case '>':
      case '^':
      case '|':
      case '%': return lowered;  // not a host: URL parsing would fail, Twenty keeps it
    }
  }
  std::string host;
  host.reserve(lowered.size() + 8);
  std::u32string points;
  size_t start = 0;
  while (start <= lowered.size()) {
    size_t dot = lowered.find('.', start);
    if (dot == std::string::npos) dot = lowered.size();
    std::string_view label = std::string_view(lowered).substr(start, dot - start);
    bool ascii = true;
    for (char c : label) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      host.append(label);
    } else {
      if (!DecodeUtf8(label, &points)) return lowered;
      host.append("xn--");
      if (!Punycode(points, &host)) return lowered;
    }
    if (dot == lowered.size()) break;
    host.push_back('.');
    start = dot + 1;
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

}  // namespace

bool IsZodUnicodeEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos) return false;
  size_t local_points = 0, domain_points = 0;
  for (size_t i = 0; i < s.size();) {
    if (JsWhitespaceAt(s, i)) return false;
    char c = s[i];
    if (i < at) {
      if (c == '"') return false;
    } else if (i > at && c == '@') {
      return false;
    }
    if (i != at) ++(i < at ? local_points : domain_points);
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return local_points >= 1 && local_points <= 64 && domain_points >= 1 && domain_points <= 255;
}

std::string CanonicalizeEmail(std::string_view email) {
  std::string out;
  size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return FoldKey(email);
  out.reserve(email.size());
  AppendFoldKey(email.substr(0, at), &out);
  out.push_back('@');
  out.append(CanonicalizeDomain(email.substr(at + 1)));
  return out;
}

}  // namespace vingt::protocol

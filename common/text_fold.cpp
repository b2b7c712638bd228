#include "common/text_fold.h"

#include "common/utf8.h"

namespace vingt {

// An ill-formed byte stands for its own code point (0xC3 alone is U+00C3):
// fold keys of distinct byte strings stay distinct and ordered as
// CompareFolded orders them.
constexpr utf8::IllFormed kAsByte = utf8::IllFormed::kByteValue;

uint32_t FoldCase(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c < 0x100) return c;
  if (c == 0x130) return 'i';
  if (c == 0x178) return 0xFF;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return c | 1;
  if (c >= 0x531 && c <= 0x556) return c + 48;
  if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) return c | 1;
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;
  return c;
}

int CompareFolded(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t la, lb;
    uint32_t x = FoldCase(utf8::Decode(a, i, &la, kAsByte));
    uint32_t y = FoldCase(utf8::Decode(b, j, &lb, kAsByte));
    if (x != y) return x < y ? -1 : 1;
    i += la;
    j += lb;
  }
  if (i < a.size()) return 1;
  return j < b.size() ? -1 : 0;
}

bool LikeMatch(std::string_view text, std::string_view pattern, bool fold) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  auto same = [fold](uint32_t a, uint32_t b) { return fold ? FoldCase(a) == FoldCase(b) : a == b; };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
      continue;
    }
    size_t tl;
    uint32_t tc = utf8::Decode(text, t, &tl, kAsByte);
    if (p < pattern.size()) {
      size_t pl;
      if (pattern[p] == '\\') {
        if (p + 1 < pattern.size() && same(utf8::Decode(pattern, p + 1, &pl, kAsByte), tc)) {
          p += 1 + pl;
          t += tl;
          continue;
        }
      } else if (pattern[p] == '_') {
        ++p;
        t += tl;
        continue;
      } else if (same(utf8::Decode(pattern, p, &pl, kAsByte), tc)) {
        p += pl;
        t += tl;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    size_t skip;
    utf8::Decode(text, star_t, &skip, kAsByte);
    star_t += skip;
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

bool IsFoldKey(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
  return true;
}

void AppendFoldKey(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out->push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c));
      ++i;
      continue;
    }
    size_t len;
    utf8::Append(FoldCase(utf8::Decode(text, i, &len, kAsByte)), out);
    i += len;
  }
}

std::string FoldKey(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendFoldKey(text, &out);
  return out;
}

}  // namespace vingt

#include "storage/query.h"

#include <algorithm>
#include <cstring>

#include "storage/regex_match.h"

namespace vingt::storage {
namespace {

double ToDouble(std::string_view b) {
  double v = 0;
  if (b.size() == 8) std::memcpy(&v, b.data(), 8);
  return v;
}

int64_t ToInt64(std::string_view b) {
  int64_t v = 0;
  if (b.size() == 8) std::memcpy(&v, b.data(), 8);
  return v;
}

// One code point of UTF-8 at `pos`; *len gets its byte length. A byte that
// does not start a valid sequence stands for itself, so any input advances.
uint32_t DecodeUtf8(std::string_view s, size_t pos, size_t* len) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(pos);
  *len = 1;
  if (c < 0x80) return c;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (n == 0 || pos + n > s.size()) return c;
  uint32_t cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((b(pos + i) & 0xC0) != 0x80) return c;
    cp = (cp << 6) | (b(pos + i) & 0x3F);
  }
  *len = n;
  return cp;
}

// Simple lower-case mapping for the scripts CRM data mostly holds (Latin,
// Greek, Cyrillic, Armenian, full-width Latin), as Postgres' lower() maps
// them under a UTF-8 locale. Other code points map to themselves.
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

// Case-insensitive three-way comparison, code point by code point.
int CompareFolded(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t la, lb;
    uint32_t x = FoldCase(DecodeUtf8(a, i, &la)), y = FoldCase(DecodeUtf8(b, j, &lb));
    if (x != y) return x < y ? -1 : 1;
    i += la;
    j += lb;
  }
  if (i < a.size()) return 1;
  return j < b.size() ? -1 : 0;
}

// SQL LIKE over code points: '%' any run, '_' one character, '\' escapes.
// Iterative with one backtrack point, so patterns cannot blow up. `fold`
// makes it ILIKE.
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
    uint32_t tc = DecodeUtf8(text, t, &tl);
    if (p < pattern.size()) {
      size_t pl;
      if (pattern[p] == '\\') {
        if (p + 1 < pattern.size() && same(DecodeUtf8(pattern, p + 1, &pl), tc)) {
          p += 1 + pl;
          t += tl;
          continue;
        }
      } else if (pattern[p] == '_') {
        ++p;
        t += tl;
        continue;
      } else if (same(DecodeUtf8(pattern, p, &pl), tc)) {
        p += pl;
        t += tl;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    size_t skip;
    DecodeUtf8(text, star_t, &skip);
    star_t += skip;
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}


// The operators that read NULL as a value rather than as unknown.
bool SeesNull(CompareOp op) {
  return op == CompareOp::kIsNull || op == CompareOp::kIsNotNull || op == CompareOp::kIsEmptyArray;
}

bool CompareLeaf(const FilterNode& n, const Row& row) {
  const bool is_null = row.IsNull(n.slot);
  if (n.op == CompareOp::kIsNull) return is_null;
  if (n.op == CompareOp::kIsNotNull) return !is_null;
  if (n.op == CompareOp::kIsEmptyArray) {
    if (is_null) return true;
    if (n.slot_kind == SlotKind::kStringList) return DecodeStringList(row.Bytes(n.slot)).empty();
    return n.slot_kind == SlotKind::kJson && row.Bytes(n.slot) == "[]";
  }
  if (is_null) return false;  // SQL: every other comparison with NULL is unknown
  std::string_view v = row.Bytes(n.slot);
  if (n.slot_kind == SlotKind::kStringList) {
    auto items = DecodeStringList(v);
    auto has = [&](std::string_view x) { return std::find(items.begin(), items.end(), x) != items.end(); };
    switch (n.op) {
      case CompareOp::kContainsAll:
        for (const auto& o : n.operands)
          if (!has(o)) return false;
        return true;
      case CompareOp::kContainsIlike:
        for (std::string_view item : items)
          for (const auto& pattern : n.operands)
            if (LikeMatch(item, pattern, true)) return true;
        return false;
      case CompareOp::kContainsAny:
      case CompareOp::kIn:
        for (const auto& o : n.operands)
          if (has(o)) return true;
        return false;
      case CompareOp::kContainsExactly: {
        if (items.size() != n.operands.size()) return false;
        for (const auto& o : n.operands)
          if (!has(o)) return false;
        return true;
      }
      case CompareOp::kEq: return n.operands.size() == 1 && v == n.operands[0];
      case CompareOp::kNeq: return n.operands.size() == 1 && v != n.operands[0];
      default: return false;
    }
  }
  if (n.operands.empty()) return false;
  const std::string& o = n.operands[0];
  switch (n.op) {
    case CompareOp::kEq: return CompareSlotBytes(n.slot_kind, v, o) == 0;
    case CompareOp::kNeq: return CompareSlotBytes(n.slot_kind, v, o) != 0;
    case CompareOp::kGt: return CompareSlotBytes(n.slot_kind, v, o) > 0;
    case CompareOp::kGte: return CompareSlotBytes(n.slot_kind, v, o) >= 0;
    case CompareOp::kLt: return CompareSlotBytes(n.slot_kind, v, o) < 0;
    case CompareOp::kLte: return CompareSlotBytes(n.slot_kind, v, o) <= 0;
    case CompareOp::kIn:
    case CompareOp::kContainsAny:
      for (const auto& x : n.operands)
        if (CompareSlotBytes(n.slot_kind, v, x) == 0) return true;
      return false;
    case CompareOp::kStartsWith: return v.substr(0, o.size()) == o;
    case CompareOp::kEndsWith: return v.size() >= o.size() && v.substr(v.size() - o.size()) == o;
    case CompareOp::kLike: return LikeMatch(v, o, false);
    case CompareOp::kILike: return LikeMatch(v, o, true);
    case CompareOp::kRegex: return n.regex && n.regex->Search(v);
    default: return false;
  }
}

int CompareKeyBytes(const OrderKey& k, std::string_view a, std::string_view b) {
  if (k.fold_case && k.kind == SlotKind::kText) return CompareFolded(a, b);
  return CompareSlotBytes(k.kind, a, b);
}

int CompareNullable(const OrderKey& k, const Row& a, const Row& b) {
  bool an = a.IsNull(k.slot), bn = b.IsNull(k.slot);
  if (an || bn) {
    if (an && bn) return 0;
    // NULL placement is independent of the direction.
    return an ? (k.nulls_first ? -1 : 1) : (k.nulls_first ? 1 : -1);
  }
  int c = CompareKeyBytes(k, a.Bytes(k.slot), b.Bytes(k.slot));
  return k.descending ? -c : c;
}

enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

Truth Eval(const FilterNode& n, const Row& row) {
  switch (n.kind) {
    case FilterNode::Kind::kAll: return Truth::kTrue;
    case FilterNode::Kind::kAnd: {
      Truth out = Truth::kTrue;
      for (const auto& c : n.children) {
        Truth t = Eval(c, row);
        if (t == Truth::kFalse) return t;
        if (t == Truth::kUnknown) out = t;
      }
      return out;
    }
    case FilterNode::Kind::kOr: {
      Truth out = Truth::kFalse;
      for (const auto& c : n.children) {
        Truth t = Eval(c, row);
        if (t == Truth::kTrue) return t;
        if (t == Truth::kUnknown) out = t;
      }
      return out;
    }
    case FilterNode::Kind::kNot: {
      if (n.children.empty()) return Truth::kTrue;
      Truth t = Eval(n.children[0], row);
      return t == Truth::kUnknown ? t : (t == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
    }
    case FilterNode::Kind::kCompare:
      if (!SeesNull(n.op) && row.IsNull(n.slot)) return Truth::kUnknown;
      return CompareLeaf(n, row) ? Truth::kTrue : Truth::kFalse;
  }
  return Truth::kFalse;
}

}  // namespace

bool FilterNode::References(uint16_t s) const {
  if (kind == Kind::kCompare) return slot == s;
  for (const auto& c : children)
    if (c.References(s)) return true;
  return false;
}

bool Matches(const FilterNode& n, const Row& row) { return Eval(n, row) == Truth::kTrue; }

std::string FoldCaseUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len;
    uint32_t c = DecodeUtf8(text, i, &len);
    // A byte that is not valid UTF-8 decodes as itself: it is kept, not
    // folded as if it were the code point of that value.
    uint32_t f = len == 1 && c >= 0x80 ? c : FoldCase(c);
    if (f == c) {
      out.append(text.substr(i, len));  // unchanged, including bytes that are not valid UTF-8
    } else if (f < 0x80) {
      out.push_back(static_cast<char>(f));
    } else if (f < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (f >> 6)));
      out.push_back(static_cast<char>(0x80 | (f & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (f >> 12)));
      out.push_back(static_cast<char>(0x80 | ((f >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (f & 0x3F)));
    }
    i += len;
  }
  return out;
}

int CompareSlotBytes(SlotKind kind, std::string_view a, std::string_view b) {
  switch (kind) {
    case SlotKind::kNumber: {
      double x = ToDouble(a), y = ToDouble(b);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case SlotKind::kTimestamp: {
      int64_t x = ToInt64(a), y = ToInt64(b);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case SlotKind::kBoolean: return static_cast<int>(a.empty() ? 0 : a[0]) - static_cast<int>(b.empty() ? 0 : b[0]);
    default: {
      int c = a.compare(b);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
}

int CompareRows(const std::vector<OrderKey>& order, const Row& a, const Uuid& a_id, const Row& b, const Uuid& b_id) {
  for (const auto& k : order) {
    int c = CompareNullable(k, a, b);
    if (c) return c;
  }
  return a_id < b_id ? -1 : (b_id < a_id ? 1 : 0);
}

int CompareRowToCursor(const std::vector<OrderKey>& order, const Row& row, const Uuid& row_id,
                       const CursorPosition& cursor) {
  for (size_t i = 0; i < order.size(); ++i) {
    const OrderKey& k = order[i];
    const std::optional<std::string>* cv = i < cursor.keys.size() ? &cursor.keys[i] : nullptr;
    bool an = row.IsNull(k.slot), bn = !cv || !cv->has_value();
    int c;
    if (an || bn) {
      c = (an && bn) ? 0 : (an ? (k.nulls_first ? -1 : 1) : (k.nulls_first ? 1 : -1));
    } else {
      c = CompareKeyBytes(k, row.Bytes(k.slot), **cv);
      if (k.descending) c = -c;
    }
    if (c) return c;
  }
  return row_id < cursor.id ? -1 : (cursor.id < row_id ? 1 : 0);
}

CursorPosition CursorOf(const std::vector<OrderKey>& order, const Row& row, const Uuid& row_id) {
  CursorPosition c;
  c.id = row_id;
  for (const auto& k : order) {
    if (row.IsNull(k.slot))
      c.keys.emplace_back(std::nullopt);
    else
      c.keys.emplace_back(std::string(row.Bytes(k.slot)));
  }
  return c;
}

}  // namespace vingt::storage

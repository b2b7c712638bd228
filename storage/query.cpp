#include "storage/query.h"

#include <algorithm>
#include <cstring>

#include "storage/regex_match.h"
#include "common/text_fold.h"

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

}  // namespace

bool CompareValue(const FilterNode& n, std::string_view v) {
  if (n.op == CompareOp::kIsNull) return false;
  if (n.op == CompareOp::kIsNotNull) return true;
  if (n.op == CompareOp::kIsEmptyArray) {
    if (n.slot_kind == SlotKind::kStringList) return DecodeStringList(v).empty();
    return n.slot_kind == SlotKind::kJson && v == "[]";
  }
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

namespace {

bool CompareLeaf(const FilterNode& n, const Row& row) {
  // SQL: a comparison with NULL is unknown, but for the operators that read
  // NULL as a value (an empty list is stored as NULL).
  if (row.IsNull(n.slot)) return n.op == CompareOp::kIsNull || n.op == CompareOp::kIsEmptyArray;
  return CompareValue(n, row.Bytes(n.slot));
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

}  // namespace

bool SeesNull(CompareOp op) {
  return op == CompareOp::kIsNull || op == CompareOp::kIsNotNull || op == CompareOp::kIsEmptyArray;
}

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

bool FilterNode::References(uint16_t s) const {
  if (kind == Kind::kCompare) return slot == s;
  for (const auto& c : children)
    if (c.References(s)) return true;
  return false;
}

bool Matches(const FilterNode& n, const Row& row) { return Eval(n, row) == Truth::kTrue; }

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

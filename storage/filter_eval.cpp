#include "storage/filter_eval.h"

#include <algorithm>

#include "common/request_budget.h"
#include "common/utf8.h"
#include "storage/index/sort_key.h"
#include "common/text_fold.h"

namespace vingt::storage {
namespace {

using Pos = ValueIndex::Pos;

// A row test costs about this many index entry visits (a row is read from
// wherever it lives in memory; entries are packed).
constexpr uint64_t kRowTestCost = 4;

const char* OpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "eq";
    case CompareOp::kNeq: return "neq";
    case CompareOp::kIn: return "in";
    case CompareOp::kContainsAny: return "containsAny";
    case CompareOp::kContainsExactly: return "containsExactly";
    case CompareOp::kIsNull: return "isNull";
    case CompareOp::kIsNotNull: return "isNotNull";
    case CompareOp::kGt: return "gt";
    case CompareOp::kGte: return "gte";
    case CompareOp::kLt: return "lt";
    case CompareOp::kLte: return "lte";
    case CompareOp::kStartsWith: return "startsWith";
    case CompareOp::kEndsWith: return "endsWith";
    case CompareOp::kLike: return "like";
    case CompareOp::kILike: return "ilike";
    case CompareOp::kRegex: return "regex";
    case CompareOp::kContainsAll: return "contains";
    case CompareOp::kContainsIlike: return "containsIlike";
    case CompareOp::kIsEmptyArray: return "isEmptyArray";
  }
  return "?";
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len;
    if (utf8::Decode(s, i, &len) == utf8::kReplacement && len == 1) return false;
    i += len;
  }
  return true;
}

// The code points of a LIKE pattern up to its first wildcard (escapes
// resolved), as a fold key; and the longest wildcard-free run, likewise.
// Both are what any matching text's FoldKey must start with / contain,
// because LikeMatch compares code points as FoldKey encodes them.
struct LikeLiterals {
  std::string prefix;
  std::string longest;
};

LikeLiterals AnalyzeLike(std::string_view pattern) {
  LikeLiterals out;
  std::string run;
  bool in_prefix = true;
  auto end_run = [&] {
    if (run.size() > out.longest.size()) out.longest = run;
    run.clear();
  };
  for (size_t p = 0; p < pattern.size();) {
    char c = pattern[p];
    if (c == '%' || c == '_') {
      if (in_prefix) out.prefix = run;
      in_prefix = false;
      end_run();
      ++p;
      continue;
    }
    if (c == '\\') {
      // A trailing backslash matches nothing: what came before is still
      // required, nothing after it is known.
      if (p + 1 >= pattern.size()) {
        if (in_prefix) out.prefix = run;
        in_prefix = false;
        end_run();
        break;
      }
      ++p;
    }
    // One code point, folded as FoldKey folds the text (an ill-formed byte
    // stands for its own code point on both sides).
    size_t len;
    utf8::Decode(pattern, p, &len, utf8::IllFormed::kByteValue);
    AppendFoldKey(pattern.substr(p, len), &run);
    p += len;
  }
  if (in_prefix) out.prefix = run;
  end_run();
  return out;
}

// The first key after every key that starts with `prefix` (empty: none).
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// Where a comparison's rows can be in a ValueIndex.
struct Span {
  Pos from, to;
};
struct LeafSpans {
  std::vector<Span> spans;  // in order, not overlapping
  bool nulls = false;       // the NULL rows match too
  bool verify = false;      // each entry must be checked with CompareValue
  const char* access = "values";
};

Span KeySpan(const ValueIndex& idx, std::string_view key) { return {idx.LowerBound(key), idx.UpperBound(key)}; }

bool Before(Pos a, Pos b) { return a.chunk < b.chunk || (a.chunk == b.chunk && a.index < b.index); }

// Sorts spans and merges the ones that touch (in [a, b, c] twice, or 0 and -0).
void Normalize(std::vector<Span>* spans) {
  std::erase_if(*spans, [](const Span& s) { return !Before(s.from, s.to); });
  std::sort(spans->begin(), spans->end(), [](const Span& a, const Span& b) { return Before(a.from, b.from); });
  std::vector<Span> out;
  for (const Span& s : *spans) {
    if (!out.empty() && !Before(out.back().to, s.from)) {
      if (Before(out.back().to, s.to)) out.back().to = s.to;
    } else {
      out.push_back(s);
    }
  }
  *spans = std::move(out);
}

// The entries holding exactly `raw` in CompareSlotBytes' sense.
Span EqSpan(const ValueIndex& idx, std::string_view raw) {
  if (idx.kind() == SlotKind::kText) {
    // Text equality is byte equality: one entry (not its case variants).
    auto pos = idx.Find(raw);
    if (!pos) return {idx.End(), idx.End()};
    Pos next = *pos;
    idx.Next(&next);
    return {*pos, next};
  }
  std::string key;
  AppendSortKey(idx.kind(), raw, &key);
  return KeySpan(idx, key);
}

LeafSpans AnalyzeLeaf(const ValueIndex& idx, const FilterNode& n) {
  LeafSpans out;
  const Span all{idx.Begin(), idx.End()};
  const bool text = idx.kind() == SlotKind::kText;
  const bool ordered = !text;  // CompareSlotBytes order is the sort-key order
  auto full_scan = [&] {
    out.spans = {all};
    out.verify = true;
    out.access = "values";
  };
  std::string key;
  switch (n.op) {
    case CompareOp::kIsNull:
    case CompareOp::kIsEmptyArray:
      out.nulls = true;
      out.access = "lookup";
      return out;
    case CompareOp::kIsNotNull:
      out.spans = {all};
      out.access = "range";
      return out;
    case CompareOp::kEq:
      out.access = "lookup";
      if (!n.operands.empty()) out.spans = {EqSpan(idx, n.operands[0])};
      Normalize(&out.spans);
      return out;
    case CompareOp::kIn:
    case CompareOp::kContainsAny:
      out.access = "lookup";
      for (const auto& o : n.operands) out.spans.push_back(EqSpan(idx, o));
      Normalize(&out.spans);
      return out;
    case CompareOp::kNeq: {
      out.access = "lookup";
      if (n.operands.empty()) return out;
      Span eq = EqSpan(idx, n.operands[0]);
      if (!Before(eq.from, eq.to)) {
        out.spans = {all};
      } else {
        out.spans = {{idx.Begin(), eq.from}, {eq.to, idx.End()}};
      }
      Normalize(&out.spans);
      return out;
    }
    case CompareOp::kGt:
    case CompareOp::kGte:
    case CompareOp::kLt:
    case CompareOp::kLte: {
      if (n.operands.empty()) return out;
      if (!ordered) {
        full_scan();
        return out;
      }
      out.access = "range";
      AppendSortKey(idx.kind(), n.operands[0], &key);
      if (n.op == CompareOp::kGt) out.spans = {{idx.UpperBound(key), idx.End()}};
      if (n.op == CompareOp::kGte) out.spans = {{idx.LowerBound(key), idx.End()}};
      if (n.op == CompareOp::kLt) out.spans = {{idx.Begin(), idx.LowerBound(key)}};
      if (n.op == CompareOp::kLte) out.spans = {{idx.Begin(), idx.UpperBound(key)}};
      Normalize(&out.spans);
      return out;
    }
    case CompareOp::kStartsWith:
      if (n.operands.empty()) return out;
      if (text && IsValidUtf8(n.operands[0])) {
        key = FoldKey(n.operands[0]);
        const std::string end = PrefixEnd(key);
        out.spans = {{idx.LowerBound(key), end.empty() ? idx.End() : idx.LowerBound(end)}};
        out.verify = true;
        out.access = "prefix";
        Normalize(&out.spans);
        return out;
      }
      full_scan();
      return out;
    case CompareOp::kEndsWith:
      if (n.operands.empty()) return out;
      if (text && IsValidUtf8(n.operands[0]) && !n.operands[0].empty()) {
        idx.ForEachKeyContaining(FoldKey(n.operands[0]), [&](Pos pos, const ValueIndex::Entry&) {
          Pos next = pos;
          idx.Next(&next);
          out.spans.push_back({pos, next});
        });
        out.verify = true;
        out.access = "contains";
        return out;
      }
      full_scan();
      return out;
    case CompareOp::kLike:
    case CompareOp::kILike: {
      if (n.operands.empty()) return out;
      if (!text) {
        full_scan();
        return out;
      }
      LikeLiterals lit = AnalyzeLike(n.operands[0]);
      out.verify = true;
      if (!lit.prefix.empty()) {
        const std::string end = PrefixEnd(lit.prefix);
        out.spans = {{idx.LowerBound(lit.prefix), end.empty() ? idx.End() : idx.LowerBound(end)}};
        out.access = "prefix";
        Normalize(&out.spans);
      } else if (!lit.longest.empty()) {
        idx.ForEachKeyContaining(lit.longest, [&](Pos pos, const ValueIndex::Entry&) {
          Pos next = pos;
          idx.Next(&next);
          out.spans.push_back({pos, next});
        });
        out.access = "contains";
      } else {
        full_scan();
      }
      return out;
    }
    default:
      full_scan();
      return out;
  }
}

// Rows counted over spans without visiting entries (only for spans that
// need no check).
uint64_t CountSpans(const ValueIndex& idx, const LeafSpans& ls, bool live_only) {
  uint64_t n = ls.nulls ? (live_only ? idx.null_live() : idx.nulls().size()) : 0;
  for (const Span& s : ls.spans) n += idx.CountBetween(s.from, s.to, live_only);
  return n;
}

// Distinct values in the spans (what a check of each value costs).
// Counting stops past `limit`.
uint64_t EntriesIn(const ValueIndex& idx, const LeafSpans& ls, uint64_t limit = UINT64_MAX) {
  if (ls.spans.size() == 1 && ls.spans[0].from == idx.Begin() && ls.spans[0].to == idx.End()) return idx.distinct();
  // Spans from prefixes and byte searches are short; count them.
  uint64_t n = 0;
  for (const Span& s : ls.spans)
    for (Pos p = s.from; p != s.to && n <= limit; idx.Next(&p)) ++n;
  return n;
}

// fn(entry) for every entry of the spans that holds rows of the comparison.
template <typename Fn>
void ForEachLeafEntry(const ValueIndex& idx, const FilterNode& n, const LeafSpans& ls, Fn&& fn) {
  std::string scratch;
  for (const Span& s : ls.spans) {
    for (Pos p = s.from; p != s.to; idx.Next(&p)) {
      ValueIndex::Entry e = idx.At(p);
      if (ls.verify) {
        CheckRequestBudget();  // a value check may be a regex over a long text
        if (!CompareValue(n, idx.RawOf(e, &scratch))) continue;
      }
      fn(e);
    }
  }
}

class Evaluator {
 public:
  // The universe is the indexed rows only: pending rows (storage/shard.h)
  // are not in the paths, and SelectRows tests them itself.
  Evaluator(const Shard& shard, bool include_deleted, const ObjectSchema* names)
      : shard_(shard), include_deleted_(include_deleted), names_(names), universe_(Universe(shard, include_deleted)) {
    universe_.AndNot(shard.pending());
  }

  const RowSet& universe() const { return universe_; }

  // Rows of `cand` where `n` is TRUE / FALSE; appends how to *plan.
  RowSet True(const FilterNode& n, const RowSet& cand, std::string* plan);
  RowSet False(const FilterNode& n, const RowSet& cand, std::string* plan);
  // About how many universe rows `n` is TRUE for; cheap (no row read).
  uint64_t Estimate(const FilterNode& n);

 private:
  RowSet Leaf(const FilterNode& n, const RowSet& cand, bool want_true, std::string* plan);
  RowSet RowTest(const FilterNode& n, const RowSet& cand, bool want_true) const;
  RowSet Empty() const { return RowSet(shard_.capacity()); }
  void Describe(const char* access, const FilterNode& n, std::string* plan) const {
    *plan += access;
    *plan += '(';
    *plan += SlotName(names_, n.slot);
    *plan += ' ';
    *plan += OpName(n.op);
    *plan += ')';
  }

  const Shard& shard_;
  const bool include_deleted_;
  const ObjectSchema* names_;
  RowSet universe_;
};

RowSet Evaluator::RowTest(const FilterNode& n, const RowSet& cand, bool want_true) const {
  RowSet out = Empty();
  const Truth want = want_true ? Truth::kTrue : Truth::kFalse;
  cand.ForEach([&](uint32_t ord) {
    CheckRequestBudget();  // the row-by-row test: what a long scan is made of
    if (Eval(n, *shard_.row(ord)) == want) out.Set(ord);
  });
  return out;
}

uint64_t Evaluator::Estimate(const FilterNode& n) {
  const uint64_t universe = include_deleted_ ? shard_.size() : shard_.live_count();
  switch (n.kind) {
    case FilterNode::Kind::kAll: return universe;
    case FilterNode::Kind::kAnd: {
      uint64_t m = universe;
      for (const auto& c : n.children) m = std::min(m, Estimate(c));
      return m;
    }
    case FilterNode::Kind::kOr: {
      uint64_t s = 0;
      for (const auto& c : n.children) s += Estimate(c);
      return std::min(s, universe);
    }
    case FilterNode::Kind::kNot: {
      uint64_t c = n.children.empty() ? 0 : Estimate(n.children[0]);
      return universe - std::min(c, universe);
    }
    case FilterNode::Kind::kCompare: break;
  }
  const AccessPath* path = shard_.PathOf(n.slot);
  if (path && path->values && path->spec.kind == n.slot_kind) {
    LeafSpans ls = AnalyzeLeaf(*path->values, n);
    uint64_t rows = CountSpans(*path->values, ls, !include_deleted_);
    // A checked span holds more rows than match; guess half.
    return ls.verify ? rows / 2 : rows;
  }
  // Unknown: a test on every row would find it.
  return universe / 2;
}

RowSet Evaluator::True(const FilterNode& n, const RowSet& cand, std::string* plan) {
  switch (n.kind) {
    case FilterNode::Kind::kAll:
      *plan += "all";
      return cand;
    case FilterNode::Kind::kCompare: return Leaf(n, cand, true, plan);
    case FilterNode::Kind::kNot:
      if (n.children.empty()) {
        *plan += "all";
        return cand;
      }
      *plan += "not(";
      {
        RowSet out = False(n.children[0], cand, plan);
        *plan += ')';
        return out;
      }
    case FilterNode::Kind::kAnd: {
      // Cheapest first: each child only looks at the rows the ones before
      // it let through.
      std::vector<std::pair<uint64_t, const FilterNode*>> order;
      for (const auto& c : n.children) order.emplace_back(Estimate(c), &c);
      std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      *plan += "and(";
      RowSet out = cand;
      for (size_t i = 0; i < order.size(); ++i) {
        if (i) *plan += ", ";
        out = True(*order[i].second, out, plan);
      }
      *plan += ')';
      return out;
    }
    case FilterNode::Kind::kOr: {
      *plan += "or(";
      RowSet out = Empty();
      RowSet rest = cand;
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) *plan += ", ";
        RowSet t = True(n.children[i], rest, plan);
        out.Or(t);
        rest.AndNot(t);
      }
      *plan += ')';
      return out;
    }
  }
  return Empty();
}

RowSet Evaluator::False(const FilterNode& n, const RowSet& cand, std::string* plan) {
  switch (n.kind) {
    case FilterNode::Kind::kAll:
      *plan += "none";
      return Empty();
    case FilterNode::Kind::kCompare: return Leaf(n, cand, false, plan);
    case FilterNode::Kind::kNot:
      if (n.children.empty()) {
        *plan += "none";
        return Empty();
      }
      *plan += "not(";
      {
        RowSet out = True(n.children[0], cand, plan);
        *plan += ')';
        return out;
      }
    case FilterNode::Kind::kAnd: {
      // FALSE when any child is FALSE.
      *plan += "and(";
      RowSet out = Empty();
      RowSet rest = cand;
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) *plan += ", ";
        RowSet f = False(n.children[i], rest, plan);
        out.Or(f);
        rest.AndNot(f);
      }
      *plan += ')';
      return out;
    }
    case FilterNode::Kind::kOr: {
      // FALSE when every child is FALSE.
      *plan += "or(";
      RowSet out = cand;
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) *plan += ", ";
        out = False(n.children[i], out, plan);
      }
      *plan += ')';
      return out;
    }
  }
  return Empty();
}

RowSet Evaluator::Leaf(const FilterNode& n, const RowSet& cand, bool want_true, std::string* plan) {
  const AccessPath* path = shard_.PathOf(n.slot);
  const bool usable = path && path->spec.kind == n.slot_kind;
  const uint64_t cand_count = cand.Count();
  auto by_rows = [&] {
    Describe(cand_count == universe_.Count() ? "scan" : "rows", n, plan);
    return RowTest(n, cand, want_true);
  };
  if (!usable) return by_rows();
  // The rows where the comparison is TRUE, from the path; FALSE is every
  // other non-NULL row (or every other row, for the operators that read
  // NULL as a value).
  RowSet t = Empty();
  const Posting* nulls = nullptr;
  if (path->values) {
    const ValueIndex& idx = *path->values;
    LeafSpans ls = AnalyzeLeaf(idx, n);
    const uint64_t index_cost = ls.verify ? EntriesIn(idx, ls) : CountSpans(idx, ls, false);
    if (cand_count * kRowTestCost < index_cost) return by_rows();
    Describe(ls.access, n, plan);
    ForEachLeafEntry(idx, n, ls, [&](const ValueIndex::Entry& e) { idx.OrInto(e, &t); });
    if (ls.nulls) idx.nulls().OrInto(&t);
    nulls = &idx.nulls();
  } else {
    const ItemIndex& items = *path->items;
    switch (n.op) {
      case CompareOp::kIsNull: items.nulls().OrInto(&t); break;
      case CompareOp::kIsEmptyArray:
        items.nulls().OrInto(&t);
        items.empty_lists().OrInto(&t);
        break;
      case CompareOp::kIsNotNull: {
        t = cand;
        RowSet null_rows = Empty();
        items.nulls().OrInto(&null_rows);
        t.AndNot(null_rows);
        break;
      }
      case CompareOp::kIn:
      case CompareOp::kContainsAny:
        for (const auto& o : n.operands)
          if (const Posting* p = items.Find(o)) p->OrInto(&t);
        break;
      case CompareOp::kContainsIlike:
        items.ForEachItem([&](std::string_view item, const Posting& rows) {
          CheckRequestBudget();
          for (const auto& pattern : n.operands)
            if (LikeMatch(item, pattern, true)) {
              rows.OrInto(&t);
              break;
            }
        });
        break;
      case CompareOp::kContainsAll:
      case CompareOp::kContainsExactly: {
        // Rows holding every operand; containsExactly then checks sizes on
        // those rows.
        t = cand;
        RowSet null_rows = Empty();
        items.nulls().OrInto(&null_rows);
        t.AndNot(null_rows);
        for (const auto& o : n.operands) {
          RowSet has = Empty();
          if (const Posting* p = items.Find(o)) p->OrInto(&has);
          t.And(has);
        }
        if (n.op == CompareOp::kContainsExactly) t = RowTest(n, t, true);
        break;
      }
      default: return by_rows();
    }
    Describe("items", n, plan);
    nulls = &items.nulls();
  }
  t.And(cand);
  if (want_true) return t;
  RowSet f = cand;
  f.AndNot(t);
  if (!SeesNull(n.op)) {
    RowSet null_rows = Empty();
    nulls->OrInto(&null_rows);
    f.AndNot(null_rows);
  }
  return f;
}

}  // namespace

void ForEachPendingMatch(const Shard& shard, const FilterNode& filter, bool include_deleted,
                         const std::function<void(uint32_t)>& fn) {
  const RowSet& universe = Universe(shard, include_deleted);
  for (uint32_t ord : shard.pending_rows()) {
    CheckRequestBudget();
    if (universe.Test(ord) && Matches(filter, *shard.row(ord))) fn(ord);
  }
}

std::string SlotName(const ObjectSchema* schema, uint16_t slot) {
  if (!schema || slot >= schema->slots.size() || schema->slots[slot].field_index == SlotInfo::kNoField)
    return "slot " + std::to_string(slot);
  const SlotInfo& info = schema->slots[slot];
  const FieldSchema& f = schema->fields[info.field_index];
  if (f.IsManyToOne()) return f.JoinColumnName();
  if (info.sub_index < 0) return f.name;
  auto subs = CompositeSubFields(f.type);
  return static_cast<size_t>(info.sub_index) < subs.size()
             ? f.name + "." + std::string(subs[static_cast<size_t>(info.sub_index)].name)
             : f.name;
}

// An and / or of one child is that child (REST's filter grammar wraps a
// single comparison in an and).
const FilterNode* Unwrap(const FilterNode* n) {
  while (n && (n->kind == FilterNode::Kind::kAnd || n->kind == FilterNode::Kind::kOr) && n->children.size() == 1)
    n = &n->children[0];
  return n;
}

Selection SelectRows(const Shard& shard, const FilterNode* filter, bool include_deleted, const ObjectSchema* names) {
  filter = Unwrap(filter);
  Selection sel;
  if (!filter || filter->kind == FilterNode::Kind::kAll) {
    sel.all = true;
    sel.count = include_deleted ? shard.size() : shard.live_count();
    sel.plan = "all";
    return sel;
  }
  // One comparison an index counts without a check per value: count it,
  // gather its rows only if a page needs them.
  if (filter->kind == FilterNode::Kind::kCompare) {
    const AccessPath* path = shard.PathOf(filter->slot);
    if (path && path->values && path->spec.kind == filter->slot_kind) {
      LeafSpans ls = AnalyzeLeaf(*path->values, *filter);
      if (!ls.verify) {
        sel.lazy = filter;
        sel.count = CountSpans(*path->values, ls, !include_deleted);
        ForEachPendingMatch(shard, *filter, include_deleted, [&](uint32_t) { ++sel.count; });
        sel.plan = std::string(ls.access) + "(" + SlotName(names, filter->slot) + " " + OpName(filter->op) + ")";
        return sel;
      }
    }
  }
  Evaluator ev(shard, include_deleted, names);
  sel.rows = ev.True(*filter, ev.universe(), &sel.plan);
  ForEachPendingMatch(shard, *filter, include_deleted, [&](uint32_t ord) { sel.rows.Set(ord); });
  sel.count = sel.rows.Count();
  return sel;
}

void MaterializeIfCheap(const Shard& shard, Selection* sel, bool include_deleted) {
  constexpr uint64_t kMaxEntries = 64;
  if (!sel->lazy) return;
  const ValueIndex& idx = *shard.PathOf(sel->lazy->slot)->values;
  LeafSpans ls = AnalyzeLeaf(idx, *sel->lazy);
  if (EntriesIn(idx, ls, kMaxEntries) > kMaxEntries) return;
  RowSet rows(shard.capacity());
  ForEachLeafEntry(idx, *sel->lazy, ls, [&](const ValueIndex::Entry& e) { idx.OrInto(e, &rows); });
  if (ls.nulls) idx.nulls().OrInto(&rows);
  rows.And(Universe(shard, include_deleted));
  ForEachPendingMatch(shard, *sel->lazy, include_deleted, [&](uint32_t ord) { rows.Set(ord); });
  sel->rows = std::move(rows);
  sel->lazy = nullptr;
}

bool IsSelected(const Shard& shard, const Selection& sel, bool include_deleted, uint32_t ord) {
  if (!Universe(shard, include_deleted).Test(ord)) return false;
  if (sel.all) return true;
  if (sel.lazy) return Matches(*sel.lazy, *shard.row(ord));
  return sel.rows.Test(ord);
}

void ForEachSelected(const Shard& shard, const Selection& sel, bool include_deleted,
                     const std::function<void(uint32_t)>& fn) {
  const RowSet& universe = Universe(shard, include_deleted);
  if (sel.all) {
    universe.ForEach(fn);
    return;
  }
  if (!sel.lazy) {
    sel.rows.ForEach(fn);
    return;
  }
  const ValueIndex& idx = *shard.PathOf(sel.lazy->slot)->values;
  LeafSpans ls = AnalyzeLeaf(idx, *sel.lazy);
  ForEachLeafEntry(idx, *sel.lazy, ls, [&](const ValueIndex::Entry& e) {
    idx.ForEachRow(e, [&](uint32_t ord) {
      if (universe.Test(ord)) fn(ord);
    });
  });
  if (ls.nulls)
    idx.nulls().ForEach([&](uint32_t ord) {
      if (universe.Test(ord)) fn(ord);
    });
  ForEachPendingMatch(shard, *sel.lazy, include_deleted, fn);
}

}  // namespace vingt::storage

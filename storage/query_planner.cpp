#include "storage/query_planner.h"

#include <algorithm>

#include "storage/filter_eval.h"
#include "storage/index/sort_key.h"

namespace vingt::storage {
namespace {

using Item = std::pair<Uuid, RowRef>;
using Pos = ValueIndex::Pos;

// Closest to the cursor first: ascending in the order going forward,
// descending going backward (the page is put back in order by the caller).
struct PageOrder {
  const std::vector<OrderKey>& order;
  bool backward;
  bool operator()(const Item& a, const Item& b) const {
    int c = CompareRows(order, *a.second, a.first, *b.second, b.first);
    return backward ? c > 0 : c < 0;
  }
};

// Is the row on the page's side of the cursor?
bool PastCursor(const ListQuery& q, const Row& row, const Uuid& id) {
  if (q.after && CompareRowToCursor(q.order, row, id, *q.after) <= 0) return false;
  if (q.before && CompareRowToCursor(q.order, row, id, *q.before) >= 0) return false;
  return true;
}

void TopK(const Shard& shard, const Selection& sel, const ListQuery& q, size_t keep, std::vector<Item>* out) {
  PageOrder better{q.order, q.before.has_value()};
  std::vector<Item>& heap = *out;  // max-heap by `better`: front is the worst kept
  ForEachSelected(shard, sel, q.include_deleted, [&](uint32_t ord) {
    const RowRef& row = shard.row(ord);
    const Uuid& id = shard.id(ord);
    if (!PastCursor(q, *row, id)) return;
    if (heap.size() < keep) {
      heap.emplace_back(id, row);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (better(Item(id, row), heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = Item(id, row);
      std::push_heap(heap.begin(), heap.end(), better);
    }
  });
  std::sort_heap(heap.begin(), heap.end(), better);
}

// Rows in id order from the cursor, through the id path; `descending`
// when the order is id descending.
void IdWalk(const Shard& shard, const ValueIndex& ids, const Selection& sel, const ListQuery& q, bool descending,
            size_t keep, std::vector<Item>* out) {
  const CursorPosition* cursor = q.after ? &*q.after : (q.before ? &*q.before : nullptr);
  // Walking up the ids: a forward page of an ascending order, or a backward
  // page of a descending one.
  const bool up = descending == q.before.has_value();
  auto take = [&](Pos pos) {
    ids.ForEachRow(ids.At(pos), [&](uint32_t ord) {
      if (IsSelected(shard, sel, q.include_deleted, ord)) out->emplace_back(shard.id(ord), shard.row(ord));
    });
  };
  if (up) {
    for (Pos pos = cursor ? ids.UpperBound(cursor->id.AsBytes()) : ids.Begin(); pos != ids.End() && out->size() < keep;
         ids.Next(&pos))
      take(pos);
  } else {
    Pos pos = cursor ? ids.LowerBound(cursor->id.AsBytes()) : ids.End();
    while (pos != ids.Begin() && out->size() < keep) {
      ids.Prev(&pos);
      take(pos);
    }
  }
}

// Walks the ordered path of the first order key: its groups of equal
// values (case variants of a text tie, as do 0 and -0) in the requested
// direction, the NULL group first or last, each group's selected rows in
// the rest of the order. With no other key than the first, that rest is
// the id alone: a group's rows are put in id order from the shard's id
// array, and only the rows that make the page are read.
class OrderedWalk {
 public:
  OrderedWalk(const Shard& shard, const ValueIndex& index, const Selection& sel, const ListQuery& q, size_t keep,
              std::vector<Item>* out)
      : shard_(shard), index_(index), sel_(sel), q_(q), keep_(keep), out_(out), key_(q.order[0]),
        backward_(q.before.has_value()), single_key_(q.order.size() == 1),
        cursor_(q.after ? &*q.after : (q.before ? &*q.before : nullptr)) {}

  void Run() {
    // The query order is [NULLs] then values (ascending or descending) or
    // values then [NULLs]; a backward page walks it in reverse.
    const bool values_up = key_.descending == backward_;
    const bool nulls_at_start = key_.nulls_first != backward_;
    const std::optional<std::string>* cursor_key = cursor_ && !cursor_->keys.empty() ? &cursor_->keys[0] : nullptr;
    const bool cursor_in_nulls = cursor_ && (!cursor_key || !cursor_key->has_value());
    const std::string* cursor_raw = cursor_ && !cursor_in_nulls ? &**cursor_key : nullptr;
    if (nulls_at_start) {
      if (!cursor_ || cursor_in_nulls) TakeNulls(cursor_in_nulls);
      if (!Full()) Values(values_up, cursor_in_nulls ? nullptr : cursor_raw);
      return;
    }
    if (!cursor_in_nulls) Values(values_up, cursor_raw);
    if (!Full()) TakeNulls(cursor_in_nulls);
  }

 private:
  bool Full() const { return out_->size() >= keep_; }

  // The selected rows of one group, `at_cursor` if it holds the cursor's
  // value: keeps the ones past the cursor, closest first.
  void TakeGroup(std::vector<uint32_t>& ords, bool at_cursor) {
    if (ords.empty()) return;
    if (single_key_) {
      // Past the cursor within its own group means past its id; the id
      // tiebreak is ascending whatever the direction of the key.
      if (at_cursor)
        std::erase_if(ords, [&](uint32_t ord) {
          const Uuid& id = shard_.id(ord);
          return backward_ ? !(id < cursor_->id) : !(cursor_->id < id);
        });
      const size_t want = std::min(ords.size(), keep_ - out_->size());
      auto closer = [&](uint32_t a, uint32_t b) {
        return backward_ ? shard_.id(b) < shard_.id(a) : shard_.id(a) < shard_.id(b);
      };
      std::partial_sort(ords.begin(), ords.begin() + static_cast<std::ptrdiff_t>(want), ords.end(), closer);
      for (size_t i = 0; i < want; ++i) out_->emplace_back(shard_.id(ords[i]), shard_.row(ords[i]));
    } else {
      std::vector<Item> group;
      group.reserve(ords.size());
      for (uint32_t ord : ords) {
        const RowRef& row = shard_.row(ord);
        const Uuid& id = shard_.id(ord);
        if (!at_cursor || PastCursor(q_, *row, id)) group.emplace_back(id, row);
      }
      std::sort(group.begin(), group.end(), PageOrder{q_.order, backward_});
      for (auto& item : group) {
        if (Full()) break;
        out_->push_back(std::move(item));
      }
    }
    ords.clear();
  }
  void Consider(uint32_t ord, std::vector<uint32_t>& ords) const {
    if (IsSelected(shard_, sel_, q_.include_deleted, ord)) ords.push_back(ord);
  }
  void TakeNulls(bool at_cursor) {
    std::vector<uint32_t> ords;
    index_.nulls().ForEach([&](uint32_t ord) { Consider(ord, ords); });
    TakeGroup(ords, at_cursor);
  }
  // Groups of values from the cursor's value (or the first one) on, going
  // up or down the index.
  void Values(bool up, const std::string* cursor_raw) {
    std::string cursor_key;
    if (cursor_raw) AppendSortKey(index_.kind(), *cursor_raw, &cursor_key);
    Pos pos = up ? (cursor_raw ? index_.LowerBound(cursor_key) : index_.Begin())
                 : (cursor_raw ? index_.UpperBound(cursor_key) : index_.End());
    std::vector<uint32_t> ords;
    std::string group_key;
    if (up) {
      while (pos != index_.End() && !Full()) {
        group_key.assign(index_.At(pos).key);
        for (; pos != index_.End(); index_.Next(&pos)) {
          ValueIndex::Entry e = index_.At(pos);
          if (e.key != group_key) break;
          index_.ForEachRow(e, [&](uint32_t ord) { Consider(ord, ords); });
        }
        TakeGroup(ords, cursor_raw && group_key == cursor_key);
      }
    } else {
      while (pos != index_.Begin() && !Full()) {
        Pos last = pos;
        index_.Prev(&last);
        group_key.assign(index_.At(last).key);
        while (true) {
          ValueIndex::Entry e = index_.At(last);
          if (e.key != group_key) break;
          index_.ForEachRow(e, [&](uint32_t ord) { Consider(ord, ords); });
          pos = last;
          if (last == index_.Begin()) break;
          index_.Prev(&last);
        }
        TakeGroup(ords, cursor_raw && group_key == cursor_key);
      }
    }
  }

  const Shard& shard_;
  const ValueIndex& index_;
  const Selection& sel_;
  const ListQuery& q_;
  const size_t keep_;
  std::vector<Item>* out_;
  const OrderKey& key_;
  const bool backward_;
  const bool single_key_;
  const CursorPosition* cursor_;
};

// A walk reads the paths, which do not hold the shard's pending rows yet
// (storage/shard.h): those that are selected and past the cursor join the
// page, which is then put back in order and cut to `keep`.
void AddPendingRows(const Shard& shard, const Selection& sel, const ListQuery& q, size_t keep,
                    std::vector<Item>* out) {
  if (!shard.has_pending()) return;
  const size_t walked = out->size();
  for (uint32_t ord : shard.pending_rows()) {
    if (!IsSelected(shard, sel, q.include_deleted, ord)) continue;
    const RowRef& row = shard.row(ord);
    if (PastCursor(q, *row, shard.id(ord))) out->emplace_back(shard.id(ord), row);
  }
  if (out->size() == walked) return;
  std::sort(out->begin(), out->end(), PageOrder{q.order, q.before.has_value()});
  if (out->size() > keep) out->resize(keep);
}

// The ordered path that can serve `key`, or null.
const ValueIndex* PathFor(const Shard& shard, const OrderKey& key) {
  const AccessPath* path = shard.PathOf(key.slot);
  if (!path || !path->values || path->spec.kind != key.kind) return nullptr;
  // Text paths are in case-folded order; a text key compared by bytes
  // (fold_case off) cannot use them.
  if (key.kind == SlotKind::kText && !key.fold_case) return nullptr;
  return path->values.get();
}

}  // namespace

// Rough costs in nanoseconds, measured on this engine: reading a row from
// wherever it lives (and comparing it) against stepping through packed
// index entries and testing a bit.
constexpr double kRowCost = 150;          // fetch + compare a selected row (top-k, or a walk's output)
constexpr double kEntryVisitCost = 8;     // one row of an ordered path's entries
constexpr double kSetMemberCost = 2;      // a bit test in the selection's row set
constexpr double kLazyMemberCost = 80;    // reading the row to test a lazy comparison

ShardPage ListShard(const Shard& shard, const ListQuery& q, const ObjectSchema& schema) {
  ShardPage page;
  Selection sel = SelectRows(shard, q.filter, q.include_deleted, &schema);
  page.count = sel.count;
  page.plan = sel.plan;
  const size_t keep = q.limit + 1;  // one more than the page tells whether more follow
  if (sel.count == 0) return page;

  // A walk visits about (limit+1) × universe / selected rows before its
  // page is full; a top-k reads every selected row. Choose the cheaper.
  const bool id_order = q.order.empty() || (q.order.size() == 1 && q.order[0].slot == schema.id_slot);
  const ValueIndex* path = id_order ? shard.id_path() : PathFor(shard, q.order[0]);
  if (!path) {
    page.plan += "; top-k";
    TopK(shard, sel, q, keep, &page.rows);
    return page;
  }
  // Walking tests membership row by row: a lazy comparison of few values
  // is gathered into a row set first (a few postings ORed), so that each
  // test is a bit instead of a row read.
  MaterializeIfCheap(shard, &sel, q.include_deleted);
  const double member = sel.all ? 0 : (sel.lazy ? kLazyMemberCost : kSetMemberCost);
  const double visit = kEntryVisitCost;
  const double universe = static_cast<double>(q.include_deleted ? shard.size() : shard.live_count());
  const double walk_cost = static_cast<double>(keep) * (universe + 1) / (static_cast<double>(sel.count) + 1) *
                               (visit + member) +
                           static_cast<double>(keep) * kRowCost;
  const double topk_cost = static_cast<double>(sel.count) * kRowCost;
  if (walk_cost < topk_cost) {
    if (id_order) {
      page.plan += "; id-walk";
      IdWalk(shard, *path, sel, q, !q.order.empty() && q.order[0].descending, keep, &page.rows);
    } else {
      page.plan += "; ordered-walk(" + SlotName(&schema, q.order[0].slot) + ")";
      OrderedWalk(shard, *path, sel, q, keep, &page.rows).Run();
    }
    AddPendingRows(shard, sel, q, keep, &page.rows);
    return page;
  }
  page.plan += "; top-k";
  TopK(shard, sel, q, keep, &page.rows);
  return page;
}

}  // namespace vingt::storage

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

// Rows in id order from the cursor; `descending` when the order is id
// descending.
void IdWalk(const Shard& shard, const Selection& sel, const ListQuery& q, bool descending, size_t keep,
            std::vector<Item>* out) {
  const auto& by_id = shard.by_id();
  const CursorPosition* cursor = q.after ? &*q.after : (q.before ? &*q.before : nullptr);
  // Walking up the ids: a forward page of an ascending order, or a backward
  // page of a descending one.
  const bool up = descending == q.before.has_value();
  auto take = [&](const Uuid& id, uint32_t ord) {
    if (!IsSelected(shard, sel, q.include_deleted, ord)) return;
    out->emplace_back(id, shard.row(ord));
  };
  if (up) {
    for (auto it = cursor ? by_id.upper_bound(cursor->id) : by_id.begin(); it != by_id.end() && out->size() < keep;
         ++it)
      take(it->first, it->second);
  } else {
    auto it = cursor ? by_id.lower_bound(cursor->id) : by_id.end();
    while (it != by_id.begin() && out->size() < keep) {
      --it;
      take(it->first, it->second);
    }
  }
}

// Walks the ordered path of the first order key.
class OrderedWalk {
 public:
  OrderedWalk(const Shard& shard, const ValueIndex& index, const Selection& sel, const ListQuery& q, size_t keep,
              std::vector<Item>* out)
      : shard_(shard), index_(index), sel_(sel), q_(q), keep_(keep), out_(out), key_(q.order[0]),
        backward_(q.before.has_value()) {}

  void Run() {
    // The query order is [NULLs] then values (ascending or descending) or
    // values then [NULLs]; a backward page walks it in reverse.
    const bool values_up = key_.descending == backward_;
    const bool nulls_at_start = key_.nulls_first != backward_;
    const CursorPosition* cursor = q_.after ? &*q_.after : (q_.before ? &*q_.before : nullptr);
    const std::optional<std::string>* cursor_key =
        cursor && !cursor->keys.empty() ? &cursor->keys[0] : nullptr;
    const bool cursor_in_nulls = cursor && (!cursor_key || !cursor_key->has_value());

    if (nulls_at_start) {
      if (!cursor || cursor_in_nulls) TakeNulls();
      if (cursor_in_nulls || Full()) {
        // Past the NULLs' own rows, every value follows.
        if (!Full()) Values(values_up, nullptr);
        return;
      }
      Values(values_up, cursor ? &**cursor_key : nullptr);
      return;
    }
    if (!cursor_in_nulls) Values(values_up, cursor ? &**cursor_key : nullptr);
    if (!Full()) TakeNulls();
  }

 private:
  bool Full() const { return out_->size() >= keep_; }

  // Keeps the selected rows of one group (equal first key) past the
  // cursor, closest first.
  void TakeGroup(std::vector<Item>& group) {
    if (group.empty()) return;
    std::sort(group.begin(), group.end(), PageOrder{q_.order, backward_});
    for (auto& item : group) {
      if (Full()) break;
      out_->push_back(std::move(item));
    }
    group.clear();
  }
  void Consider(uint32_t ord, std::vector<Item>& group) {
    if (!IsSelected(shard_, sel_, q_.include_deleted, ord)) return;
    const RowRef& row = shard_.row(ord);
    const Uuid& id = shard_.id(ord);
    if (!PastCursor(q_, *row, id)) return;
    group.emplace_back(id, row);
  }
  void TakeNulls() {
    std::vector<Item> group;
    index_.nulls().ForEach([&](uint32_t ord) { Consider(ord, group); });
    TakeGroup(group);
  }
  // Groups of values from the cursor's value (or the first one) on, going
  // up or down the index.
  void Values(bool up, const std::string* cursor_raw) {
    std::string key;
    Pos pos;
    if (up) {
      if (cursor_raw) AppendSortKey(index_.kind(), *cursor_raw, &key);
      pos = cursor_raw ? index_.LowerBound(key) : index_.Begin();
    } else {
      if (cursor_raw) AppendSortKey(index_.kind(), *cursor_raw, &key);
      pos = cursor_raw ? index_.UpperBound(key) : index_.End();
    }
    std::vector<Item> group;
    if (up) {
      while (pos != index_.End() && !Full()) {
        const std::string group_key(index_.At(pos).key);
        for (; pos != index_.End(); index_.Next(&pos)) {
          ValueIndex::Entry e = index_.At(pos);
          if (e.key != group_key) break;
          index_.ForEachRow(e, [&](uint32_t ord) { Consider(ord, group); });
        }
        TakeGroup(group);
      }
    } else {
      while (pos != index_.Begin() && !Full()) {
        Pos last = pos;
        index_.Prev(&last);
        const std::string group_key(index_.At(last).key);
        while (true) {
          ValueIndex::Entry e = index_.At(last);
          if (e.key != group_key) break;
          index_.ForEachRow(e, [&](uint32_t ord) { Consider(ord, group); });
          pos = last;
          if (last == index_.Begin()) break;
          index_.Prev(&last);
        }
        TakeGroup(group);
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
};

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

ShardPage ListShard(const Shard& shard, const ListQuery& q, const ObjectSchema& schema) {
  ShardPage page;
  Selection sel = SelectRows(shard, q.filter, q.include_deleted, &schema);
  page.count = sel.count;
  page.plan = sel.plan;
  const size_t keep = q.limit + 1;  // one more than the page tells whether more follow
  if (sel.count == 0) return page;

  // Expected rows visited by a walk until the page is full, against the
  // rows a top-k reads: walk when the selection is dense enough.
  const uint64_t universe = q.include_deleted ? shard.size() : shard.live_count();
  const double walk_cost = static_cast<double>(keep) * static_cast<double>(universe + 1) /
                           static_cast<double>(sel.count + 1);
  const bool walk = walk_cost < static_cast<double>(sel.count);
  const bool id_order = q.order.empty() || (q.order.size() == 1 && q.order[0].slot == schema.id_slot);
  if (walk && id_order) {
    page.plan += "; id-walk";
    IdWalk(shard, sel, q, !q.order.empty() && q.order[0].descending, keep, &page.rows);
    return page;
  }
  if (walk) {
    if (const ValueIndex* path = PathFor(shard, q.order[0])) {
      page.plan += "; ordered-walk(" + SlotName(&schema, q.order[0].slot) + ")";
      OrderedWalk(shard, *path, sel, q, keep, &page.rows).Run();
      return page;
    }
  }
  page.plan += "; top-k";
  TopK(shard, sel, q, keep, &page.rows);
  return page;
}

}  // namespace vingt::storage

// The access path of a string-list slot (MULTI_SELECT, ARRAY) in one
// shard: for every distinct item, the rows whose list holds it; and the
// rows whose list is empty or NULL. It answers containsAny / in (a union),
// contains (an intersection), containsIlike (a pattern tested once per
// distinct item) and isEmptyArray without reading rows. Lists have no order
// worth walking, so there is no ordered part; the postings cover every row,
// live or soft-deleted, and queries intersect them with the live set.
//
// Thread safety: guarded by the shard's lock, like ValueIndex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/index/posting.h"
#include "storage/index/row_set.h"

namespace vingt::storage {

class ItemIndex {
 public:
  // `list` is the slot's bytes (row.h kStringList), nullopt for NULL.
  void Add(std::optional<std::string_view> list, uint32_t ord);
  void Remove(std::optional<std::string_view> list, uint32_t ord);

  // Construction from a snapshot (index/path_codec.h): the rows of a new
  // distinct item (non-empty), and the rows of empty and NULL lists.
  void AddItemRows(std::string item, Posting rows) { items_.emplace(std::move(item), std::move(rows)); }
  void SetEmptyAndNulls(Posting empty, Posting nulls) {
    empty_ = std::move(empty);
    nulls_ = std::move(nulls);
  }

  // Rows whose list holds `item`; null if none.
  const Posting* Find(std::string_view item) const;
  const Posting& empty_lists() const { return empty_; }
  const Posting& nulls() const { return nulls_; }
  // fn(item, rows) for every distinct item, in no particular order.
  template <typename Fn>
  void ForEachItem(Fn&& fn) const {
    for (const auto& [item, rows] : items_) fn(std::string_view(item), rows);
  }
  size_t distinct() const { return items_.size(); }
  size_t MemoryUsage() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Posting, Hash, std::equal_to<>> items_;
  Posting empty_;
  Posting nulls_;
};

}  // namespace vingt::storage

#include "storage/index/item_index.h"

#include <algorithm>
#include <vector>

#include "storage/row.h"

namespace vingt::storage {
namespace {

// Each distinct item once: a list may repeat one, but a row is a member of
// an item's posting at most once.
std::vector<std::string_view> DistinctItems(std::string_view list) {
  std::vector<std::string_view> items = DecodeStringList(list);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

}  // namespace

void ItemIndex::Add(std::optional<std::string_view> list, uint32_t ord) {
  if (!list) {
    nulls_.Insert(ord);
    return;
  }
  std::vector<std::string_view> items = DistinctItems(*list);
  if (items.empty()) {
    empty_.Insert(ord);
    return;
  }
  for (std::string_view item : items) {
    auto it = items_.find(item);
    if (it == items_.end()) it = items_.emplace(std::string(item), Posting()).first;
    it->second.Insert(ord);
  }
}

void ItemIndex::Remove(std::optional<std::string_view> list, uint32_t ord) {
  if (!list) {
    nulls_.Erase(ord);
    return;
  }
  std::vector<std::string_view> items = DistinctItems(*list);
  if (items.empty()) {
    empty_.Erase(ord);
    return;
  }
  for (std::string_view item : items) {
    auto it = items_.find(item);
    if (it == items_.end()) continue;
    it->second.Erase(ord);
    if (it->second.size() == 0) items_.erase(it);
  }
}

const Posting* ItemIndex::Find(std::string_view item) const {
  auto it = items_.find(item);
  return it == items_.end() ? nullptr : &it->second;
}

size_t ItemIndex::MemoryUsage() const {
  size_t n = sizeof(*this) + empty_.MemoryUsage() + nulls_.MemoryUsage() + items_.bucket_count() * sizeof(void*);
  for (const auto& [item, rows] : items_) n += 64 + item.capacity() + rows.MemoryUsage();
  return n;
}

}  // namespace vingt::storage

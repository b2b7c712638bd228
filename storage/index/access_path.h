// An access path: the index kept over one slot of one shard's rows.
#pragma once

#include <cstdint>
#include <memory>

#include "storage/field_type.h"
#include "storage/index/item_index.h"
#include "storage/index/value_index.h"

namespace vingt::storage {

// Which slot gets an access path, and of which kind.
struct PathSpec {
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
  bool operator==(const PathSpec&) const = default;
};

// The path of one slot: exactly one of the two is set.
struct AccessPath {
  PathSpec spec;
  std::unique_ptr<ValueIndex> values;
  std::unique_ptr<ItemIndex> items;
};

}  // namespace vingt::storage

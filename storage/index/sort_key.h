// Sort keys: the bytes a ValueIndex orders a slot's values by.
//
// For every indexable slot kind, memcmp order of sort keys is the order the
// query engine compares values in (storage/query.h CompareSlotBytes; for
// text, the case-folded order of CompareFolded, which is how TEXT and
// SELECT columns sort):
//
//   kind        sort key                                   canonical raw
//   kText       FoldKey(raw) (lower-cased UTF-8)           the key itself
//   kNumber     IEEE bits, sign flipped, big-endian, -0→+0 the double, LE
//   kTimestamp  int64 with the sign bit flipped, big-endian the int64, LE
//   kBoolean    first byte ^ 0x80 (CompareSlotBytes reads  the byte
//               it as a signed char)
//   kUuid       the 16 bytes                               the key itself
//   kDate       "YYYY-MM-DD" as stored                     the key itself
//
// Values with equal sort keys are equal in the order (the record id then
// decides) but may still differ as values: text that differs only in case,
// or 0 and -0. An index entry therefore stands for one raw value; it stores
// the raw bytes only when they are not the canonical raw of its key.
// kJson and kStringList slots have no sort key (they are not indexed for
// order; lists have an ItemIndex).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/field_type.h"

namespace vingt::storage {

// True for the kinds above.
bool HasSortKey(SlotKind kind);

// Appends the sort key of `raw` (slot bytes as row.h stores them).
// REQUIRES: HasSortKey(kind).
void AppendSortKey(SlotKind kind, std::string_view raw, std::string* out);

// Whether an entry with sort key `key` must store `raw` because it is not
// the canonical raw of `key`.
bool NeedsRaw(SlotKind kind, std::string_view raw, std::string_view key);

// The canonical raw of `key`: a view of `key` itself for text, uuid and
// date; otherwise written into *scratch.
std::string_view CanonicalRaw(SlotKind kind, std::string_view key, std::string* scratch);

// An order-preserving summary of a key for fast sorting: its first 7 bytes
// big-endian in the high bits, then min(length, 8). Two keys with different
// summaries compare as their summaries do; equal summaries with a length
// byte below 8 mean equal keys; otherwise compare the keys.
uint64_t SortKeyPrefix(std::string_view key);
// The same over 15 bytes: out[0] the first 8 bytes, out[1] the next 7 then
// min(length, 16). Equal summaries with a length byte below 16 mean equal
// keys.
void SortKeyPrefix16(std::string_view key, uint64_t out[2]);

}  // namespace vingt::storage

// The snapshot form of a shard's access paths (ValueIndex, ItemIndex), so
// that recovery installs them as they were instead of sorting every value
// again (Shard::EncodePaths / LoadPaths; record kShardPaths, wal_payload.h).
//
// Ordinals are a shard's in-memory row numbers. A snapshot writes a shard's
// rows in ordinal order, leaving out free ordinals, and recovery numbers
// them 0, 1, 2, ... in that order; so the encoder writes each ordinal's
// rank among the rows in use (`rank`, null when no ordinal is free), and
// the decoder requires every ordinal to be below the shard's row count.
// Entries are written in the index's order and appended in that order.
//
// Every integer is a LEB128 varint:
//
//   paths   = rows | count | path*       (paths in the shard's slot order)
//   path    = slot | kind (SlotKind) | form (0 values, 1 items) | body_len | body
//   values  = nulls:posting | null_live | entries | entry*
//   entry   = flags u8 (bit 0: raw follows the key) | key_len | key
//             | [raw_len | raw] | live | rows:posting
//   items   = empty_lists:posting | nulls:posting | items | (len | item | rows:posting)*
//   posting = n | [first ordinal | (n-1) x (gap to the next ordinal - 1)]
//
// `live` counts the rows of the entry that are not soft-deleted. A decoder
// checks lengths, order and bounds, so damaged bytes give Corruption, never
// a wrong index; the snapshot's CRC is the first line of defence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/index/access_path.h"
#include "common/status.h"

namespace vingt::storage {

// Appends `paths` over a shard of `rows` rows in use; `rank[ord]` is the
// ordinal a row will have after reloading (null: the same).
void EncodePaths(const std::vector<AccessPath>& paths, uint32_t rows, const std::vector<uint32_t>* rank,
                 std::string* out);

// What EncodePaths wrote, for a shard that now has `rows` rows at ordinals
// 0..rows-1. Corruption if the bytes are damaged or cover another number of
// rows.
Result<std::vector<AccessPath>> DecodePaths(std::string_view in, uint32_t rows);

}  // namespace vingt::storage

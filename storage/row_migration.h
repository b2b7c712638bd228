// Row migrations: what a metadata change does to the records an object
// already holds, carried inside the change's one kMetadata WAL record.
//
// Two changes rewrite existing records in Twenty (Postgres does it in the
// ALTER TABLE): a field added with a default gives every existing record
// that default, and a SELECT / MULTI_SELECT options update carries renamed
// values along and drops removed ones. Logging those rewrites as one
// kPutRow per record would make the change as long as the table and leave
// it half-done after a crash. Instead the change's record says what to do,
// and Workspace applies it to the rows in memory, under the table's shard
// locks, right after logging it (and again, identically, when recovery
// replays the record): one record, all or nothing.
//
// Encoding, after the puts and drops of the metadata record (wal_payload.cpp);
// a record that ends before it has no migrations (records of older builds):
//
//   count u32, then per migration:
//     kind u8 | object id (16) | field id (16) |
//     kFillNewField:  n u32, n x (present u8, [bytes: u32 len + bytes])
//     kRenameValues:  n u32, n x (from: u32 len + bytes, present u8, [to: u32 len + bytes])
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/byte_codec.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/uuid.h"

namespace vingt::storage {

struct RowMigration {
  enum class Kind : uint8_t {
    // Rows written before the field existed (too short to hold its first
    // slot) get `slot_values`, one per slot of the field (nullopt: NULL).
    kFillNewField = 1,
    // The field's text slot (SELECT) or string-list slot (MULTI_SELECT):
    // each value equal to a `from` becomes its `to`; a `to` of nullopt
    // removes it (NULL for a text slot, left out of a list).
    kRenameValues = 2,
  };

  Kind kind = Kind::kFillNewField;
  Uuid object_id;
  Uuid field_id;
  std::vector<std::optional<std::string>> slot_values;                           // kFillNewField
  std::vector<std::pair<std::string, std::optional<std::string>>> value_map;    // kRenameValues

  bool operator==(const RowMigration&) const = default;
};

// The row `row` becomes under `m`, or a null RowRef if `m` leaves it as it
// is. `schema` is the object's schema after the change (it locates the
// field's slots); a field it lacks changes nothing.
RowRef MigrateRow(const Row& row, const ObjectSchema& schema, const RowMigration& m);

void EncodeRowMigration(const RowMigration& m, ByteWriter* w);
// False on short or malformed bytes.
bool DecodeRowMigration(ByteReader* r, RowMigration* m);

}  // namespace vingt::storage

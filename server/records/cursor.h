// Twenty's REST cursors (spec/rest-core.md §7): base64 (standard alphabet,
// padded) of a JSON object holding the record's value for every key of the
// effective order, then its id:
//
//   default order                 {"id":"<uuid>"}
//   order_by=position[Desc...]    {"position":2,"id":"<uuid>"}
//   order_by=name.lastName,city   {"name":{"lastName":"Lovelace"},"city":"London","id":"<uuid>"}
//
// Composite keys nest their sub-fields under the field name; a join column
// is named as in records ("companyId"). Values are JSON as records show them
// (DATE_TIME as ISO 8601 with milliseconds, numbers as numbers), NULL as
// null. When the order itself holds id, that key is the id.
//
// Decoding checks the cursor against the order it is used with: the same
// keys, no others, each value of the slot's kind. A cursor made for another
// order, or junk, decodes to nullopt (the caller answers `Invalid cursor`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/query.h"
#include "storage/row.h"
#include "storage/schema.h"

namespace vingt::server {

std::string EncodeCursor(const std::vector<storage::OrderKey>& order, const storage::ObjectSchema& schema,
                         const storage::Row& row);
std::optional<storage::CursorPosition> DecodeCursor(std::string_view cursor,
                                                    const std::vector<storage::OrderKey>& order,
                                                    const storage::ObjectSchema& schema);

// The default-order forms: {"id":"<uuid>"}. DecodeIdCursor reads the id of
// any cursor object that has one.
std::string EncodeIdCursor(const storage::Uuid& id);
std::optional<storage::CursorPosition> DecodeIdCursor(std::string_view cursor);

}  // namespace vingt::server

// Twenty's REST cursors: base64 (standard, padded) of a JSON object holding
// the record's sort-key values and its id, e.g. base64('{"id":"<uuid>"}').
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/query.h"

namespace vingt::server {

std::string EncodeIdCursor(const storage::Uuid& id);
// nullopt for anything that is not a cursor we could have produced.
std::optional<storage::CursorPosition> DecodeIdCursor(std::string_view cursor);

}  // namespace vingt::server

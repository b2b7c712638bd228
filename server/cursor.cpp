#include "server/cursor.h"

#include <simdjson.h>

#include "protocol/base64.h"

namespace vingt::server {

std::string EncodeIdCursor(const storage::Uuid& id) {
  std::string json = "{\"id\":\"";
  id.AppendTo(&json);
  json += "\"}";
  return protocol::Base64Encode(json);
}

std::optional<storage::CursorPosition> DecodeIdCursor(std::string_view cursor) {
  std::optional<std::string> json = protocol::Base64Decode(cursor);
  if (!json) return std::nullopt;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(*json).get(doc) != simdjson::SUCCESS) return std::nullopt;
  std::string_view id_text;
  if (doc["id"].get(id_text) != simdjson::SUCCESS) return std::nullopt;
  std::optional<storage::Uuid> id = storage::Uuid::Parse(id_text);
  if (!id) return std::nullopt;
  storage::CursorPosition pos;
  pos.id = *id;
  return pos;
}

}  // namespace vingt::server

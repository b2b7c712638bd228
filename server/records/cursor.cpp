#include "server/records/cursor.h"

#include <cstring>

#include <simdjson.h>

#include "protocol/base64.h"
#include "protocol/iso_time.h"
#include "protocol/json_write.h"

namespace vingt::server {
namespace {

using storage::ObjectSchema;
using storage::OrderKey;
using storage::SlotKind;

// The JSON name of an order key: the field (or join column) and, for a
// composite, the sub-field.
struct KeyName {
  std::string field;
  std::string_view sub;  // empty for a plain field
};

KeyName NameOf(const ObjectSchema& schema, uint16_t slot) {
  const storage::SlotInfo& info = schema.slots[slot];
  const storage::FieldSchema& f = schema.fields[info.field_index];
  KeyName k;
  k.field = f.IsManyToOne() ? f.JoinColumnName() : f.name;
  if (info.sub_index >= 0) k.sub = storage::CompositeSubFields(f.type)[info.sub_index].name;
  return k;
}

// Keys grouped by field, in order of first appearance; a composite's
// sub-fields share one nested object.
struct Group {
  std::string field;
  bool composite = false;
  std::vector<std::pair<std::string_view, size_t>> keys;  // sub-field name, index into the order
};

std::vector<Group> GroupKeys(const std::vector<OrderKey>& order, const ObjectSchema& schema) {
  std::vector<Group> groups;
  for (size_t i = 0; i < order.size(); ++i) {
    KeyName name = NameOf(schema, order[i].slot);
    Group* g = nullptr;
    for (auto& existing : groups)
      if (existing.field == name.field) g = &existing;
    if (!g) {
      groups.push_back(Group{name.field, !name.sub.empty(), {}});
      g = &groups.back();
    }
    g->keys.emplace_back(name.sub, i);
  }
  return groups;
}

bool OrderHoldsId(const std::vector<OrderKey>& order, const ObjectSchema& schema) {
  for (const auto& k : order)
    if (k.slot == schema.id_slot) return true;
  return false;
}

void WriteValue(const OrderKey& k, const storage::Row& row, protocol::JsonWriter& w) {
  if (row.IsNull(k.slot)) {
    w.Null();
    return;
  }
  std::string_view b = row.Bytes(k.slot);
  switch (k.kind) {
    case SlotKind::kUuid:
      if (b.size() == 16)
        w.String(storage::Uuid::FromBytes(b).ToString());
      else
        w.Null();
      return;
    case SlotKind::kNumber: w.Double(row.Number(k.slot)); return;
    case SlotKind::kBoolean: w.Bool(row.Boolean(k.slot)); return;
    case SlotKind::kTimestamp: {
      std::string iso;
      protocol::FormatIsoDateTime(row.Timestamp(k.slot), &iso);
      w.String(iso);
      return;
    }
    case SlotKind::kStringList:
      w.StartArray();
      for (std::string_view item : row.StringList(k.slot)) w.String(item);
      w.EndArray();
      return;
    case SlotKind::kText:
    case SlotKind::kDate:
    case SlotKind::kJson: w.String(b); return;
  }
}

std::string Raw8(const void* p) { return std::string(static_cast<const char*>(p), 8); }

// A cursor value back into slot bytes: nullopt when it does not fit the
// kind; an empty inner optional for JSON null.
std::optional<std::optional<std::string>> ReadValue(SlotKind kind, simdjson::dom::element e) {
  using Value = std::optional<std::string>;
  if (e.is_null()) return Value();
  std::string_view s;
  switch (kind) {
    case SlotKind::kText:
    case SlotKind::kDate:
    case SlotKind::kJson:
      if (e.get(s) != simdjson::SUCCESS) return std::nullopt;
      return Value(std::string(s));
    case SlotKind::kUuid: {
      if (e.get(s) != simdjson::SUCCESS) return std::nullopt;
      auto id = storage::Uuid::Parse(s);
      if (!id) return std::nullopt;
      return Value(std::string(id->AsBytes()));
    }
    case SlotKind::kNumber: {
      double d;
      if (e.get(d) != simdjson::SUCCESS) return std::nullopt;
      return Value(Raw8(&d));
    }
    case SlotKind::kBoolean: {
      bool v;
      if (e.get(v) != simdjson::SUCCESS) return std::nullopt;
      return Value(std::string(1, v ? 1 : 0));
    }
    case SlotKind::kTimestamp: {
      if (e.get(s) != simdjson::SUCCESS) return std::nullopt;
      auto ms = protocol::ParseIsoDateTime(s);
      if (!ms) return std::nullopt;
      return Value(Raw8(&*ms));
    }
    case SlotKind::kStringList: {
      simdjson::dom::array items;
      if (e.get(items) != simdjson::SUCCESS) return std::nullopt;
      // Row layout of a list (storage/row.h): u32 count, then u32 length + bytes each.
      std::string out(4, '\0');
      uint32_t n = 0;
      for (simdjson::dom::element item : items) {
        if (item.get(s) != simdjson::SUCCESS) return std::nullopt;
        uint32_t len = static_cast<uint32_t>(s.size());
        out.append(reinterpret_cast<const char*>(&len), 4);
        out.append(s);
        ++n;
      }
      std::memcpy(out.data(), &n, 4);
      return Value(std::move(out));
    }
  }
  return std::nullopt;
}

size_t MemberCount(simdjson::dom::object o) {
  size_t n = 0;
  for ([[maybe_unused]] auto field : o) ++n;
  return n;
}

}  // namespace

std::string EncodeCursor(const std::vector<OrderKey>& order, const ObjectSchema& schema, const storage::Row& row) {
  // Not ThreadJsonWriter: the caller is usually writing its response there.
  thread_local protocol::JsonWriter w;
  w.Reset();
  w.StartObject();
  for (const Group& g : GroupKeys(order, schema)) {
    w.Key(g.field);
    if (g.composite) w.StartObject();
    for (const auto& [sub, index] : g.keys) {
      if (g.composite) w.Key(sub);
      WriteValue(order[index], row, w);
    }
    if (g.composite) w.EndObject();
  }
  if (!OrderHoldsId(order, schema)) {
    w.Key("id");
    w.String(row.GetUuid(schema.id_slot).ToString());
  }
  w.EndObject();
  return protocol::Base64Encode(w.Take());
}

std::optional<storage::CursorPosition> DecodeCursor(std::string_view cursor, const std::vector<OrderKey>& order,
                                                    const ObjectSchema& schema) {
  std::optional<std::string> json = protocol::Base64Decode(cursor);
  if (!json) return std::nullopt;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object doc;
  if (parser.parse(*json).get(doc) != simdjson::SUCCESS) return std::nullopt;

  const bool holds_id = OrderHoldsId(order, schema);
  std::vector<Group> groups = GroupKeys(order, schema);
  if (MemberCount(doc) != groups.size() + (holds_id ? 0 : 1)) return std::nullopt;

  storage::CursorPosition pos;
  pos.keys.resize(order.size());
  for (const Group& g : groups) {
    simdjson::dom::element value;
    if (doc[g.field].get(value) != simdjson::SUCCESS) return std::nullopt;
    simdjson::dom::object nested;
    if (g.composite && (value.get(nested) != simdjson::SUCCESS || MemberCount(nested) != g.keys.size()))
      return std::nullopt;
    for (const auto& [sub, index] : g.keys) {
      simdjson::dom::element e = value;
      if (g.composite && nested[sub].get(e) != simdjson::SUCCESS) return std::nullopt;
      auto bytes = ReadValue(order[index].kind, e);
      if (!bytes) return std::nullopt;
      pos.keys[index] = std::move(*bytes);
    }
  }
  if (holds_id) {
    for (size_t i = 0; i < order.size(); ++i) {
      if (order[i].slot != schema.id_slot) continue;
      if (!pos.keys[i] || pos.keys[i]->size() != 16) return std::nullopt;
      pos.id = storage::Uuid::FromBytes(*pos.keys[i]);
    }
  } else {
    std::string_view id_text;
    if (doc["id"].get(id_text) != simdjson::SUCCESS) return std::nullopt;
    auto id = storage::Uuid::Parse(id_text);
    if (!id) return std::nullopt;
    pos.id = *id;
  }
  return pos;
}

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

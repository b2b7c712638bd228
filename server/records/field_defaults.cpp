#include "server/records/field_defaults.h"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/iso_time.h"
#include "protocol/js_number.h"
#include "protocol/json_read.h"
#include "storage/field_type.h"
#include "storage/uuid.h"

namespace vingt::server {
namespace {

using protocol::JsonElement;
using protocol::JsonType;
using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::RowBuilder;
using storage::SlotKind;
using storage::SubFieldDef;

struct DefaultValue {
  enum class Kind { kNone, kNull, kText, kBool, kNumber, kNow, kUuid, kJson } kind = Kind::kNone;
  std::string text;  // kText, kJson (compact JSON)
  double number = 0;
  bool boolean = false;
};

DefaultValue InterpretLiteral(std::string_view s) {
  DefaultValue d;
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    d.kind = DefaultValue::Kind::kText;
    std::string_view inner = s.substr(1, s.size() - 2);
    for (size_t i = 0; i < inner.size(); ++i) {
      d.text.push_back(inner[i]);
      if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;  // SQL '' escape
    }
  } else if (s == "now") {
    d.kind = DefaultValue::Kind::kNow;
  } else if (s == "uuid") {
    d.kind = DefaultValue::Kind::kUuid;
  } else if (s == "true" || s == "false") {
    d.kind = DefaultValue::Kind::kBool;
    d.boolean = s == "true";
  } else if (s == "null") {
    d.kind = DefaultValue::Kind::kNull;
  } else if (!s.empty() && (s.front() == '[' || s.front() == '{')) {
    d.kind = DefaultValue::Kind::kJson;
    d.text = s;
  } else {
    double v = protocol::JsNumberFromString(s);
    if (!s.empty() && std::isfinite(v)) {
      d.kind = DefaultValue::Kind::kNumber;
      d.number = v;
    } else {
      d.kind = DefaultValue::Kind::kText;
      d.text = s;
    }
  }
  return d;
}

DefaultValue DefaultFromElement(JsonElement e) {
  switch (e.type()) {
    case JsonType::NULL_VALUE: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kNull;
      return d;
    }
    case JsonType::STRING: return InterpretLiteral(e.get_string().value_unsafe());
    case JsonType::BOOL: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kBool;
      d.boolean = e.get_bool().value_unsafe();
      return d;
    }
    case JsonType::INT64:
    case JsonType::UINT64:
    case JsonType::DOUBLE: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kNumber;
      d.number = *protocol::JsonNumberValue(e);
      return d;
    }
    default: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kJson;
      d.text = protocol::MinifiedJson(e);
      return d;
    }
  }
}

DefaultValue ParseScalarDefault(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (text.empty()) return {};
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    simdjson::dom::element e;
    if (InnerParser().parse(text.data(), text.size()).get(e) == simdjson::SUCCESS) return DefaultFromElement(e);
  }
  return InterpretLiteral(text);
}

// Sub-field defaults of a composite default object, in CompositeSubFields
// order (kNone where the object does not say). Parsed once per distinct
// text and thread: creates are hot, defaults are few.
const std::vector<DefaultValue>& CompositeDefaults(const FieldSchema& f) {
  thread_local std::unordered_map<std::string, std::vector<DefaultValue>> cache;
  auto it = cache.find(f.default_value_json);
  if (it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();  // bounded: metadata churn must not grow it forever
  auto subs = storage::CompositeSubFields(f.type);
  std::vector<DefaultValue> values(subs.size());
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (!f.default_value_json.empty() && InnerParser().parse(f.default_value_json).get(root) == simdjson::SUCCESS &&
      root.get_object().get(object) == simdjson::SUCCESS) {
    for (auto entry : object)
      for (size_t i = 0; i < subs.size(); ++i)
        if (subs[i].name == entry.key) values[i] = DefaultFromElement(entry.value);
  }
  return cache.emplace(f.default_value_json, std::move(values)).first->second;
}

int64_t TodayStartMs(int64_t now_ms) {
  int64_t days = now_ms / 86'400'000;
  if (now_ms % 86'400'000 < 0) --days;
  return days * 86'400'000;
}

// Writes default `d` into one slot of kind `kind`; false when `d` says nothing.
bool ApplyDefault(const DefaultValue& d, SlotKind kind, size_t slot, const WriteContext& ctx, RowBuilder* b) {
  using Kind = DefaultValue::Kind;
  if (d.kind == Kind::kNone) return false;
  if (d.kind == Kind::kNull) {
    b->SetNull(slot);
    return true;
  }
  switch (kind) {
    case SlotKind::kText:
      if (d.kind == Kind::kText || d.kind == Kind::kJson)
        b->SetText(slot, d.text);
      else if (d.kind == Kind::kNumber)
        b->SetText(slot, protocol::JsNumberText(d.number));
      else if (d.kind == Kind::kBool)
        b->SetText(slot, d.boolean ? "true" : "false");
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kUuid:
      if (d.kind == Kind::kUuid) {
        b->SetUuid(slot, storage::Uuid::Random());
      } else if (auto id = d.kind == Kind::kText ? storage::Uuid::Parse(d.text) : std::nullopt) {
        b->SetUuid(slot, *id);
      } else {
        b->SetNull(slot);
      }
      return true;
    case SlotKind::kNumber:
      if (d.kind == Kind::kNumber)
        b->SetNumber(slot, d.number);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kBoolean:
      if (d.kind == Kind::kBool)
        b->SetBoolean(slot, d.boolean);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kTimestamp:
      if (d.kind == Kind::kNow) {
        b->SetTimestamp(slot, ctx.now_ms);
      } else if (auto ms = d.kind == Kind::kText ? protocol::ParseIsoDateTime(d.text) : std::nullopt) {
        b->SetTimestamp(slot, *ms);
      } else {
        b->SetNull(slot);
      }
      return true;
    case SlotKind::kDate: {
      std::string date;
      if (d.kind == Kind::kNow) {
        protocol::FormatIsoDateTime(TodayStartMs(ctx.now_ms), &date);
        date.resize(10);
        b->SetText(slot, date);
      } else if (d.kind == Kind::kText && protocol::ParseDateInput(d.text, &date)) {
        b->SetText(slot, date);
      } else {
        b->SetNull(slot);
      }
      return true;
    }
    case SlotKind::kJson:
      if (d.kind == Kind::kJson)
        b->SetJson(slot, d.text);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kStringList: {
      // MULTI_SELECT defaults are arrays of quoted literals: ["'A'","'B'"].
      std::vector<std::string> items;
      simdjson::dom::element root;
      simdjson::dom::array array;
      if (d.kind == Kind::kJson && InnerParser().parse(d.text).get(root) == simdjson::SUCCESS &&
          root.get_array().get(array) == simdjson::SUCCESS) {
        for (JsonElement item : array) {
          DefaultValue v = DefaultFromElement(item);
          if (v.kind == Kind::kText) items.push_back(std::move(v.text));
        }
        if (items.empty())
          b->SetNull(slot);
        else
          b->SetStringList(slot, items);
      } else if (d.kind == Kind::kText) {
        b->SetStringList(slot, {d.text});
      } else {
        b->SetNull(slot);
      }
      return true;
    }
  }
  return false;
}

// What a composite sub-field holds when the field's default says nothing:
// Twenty's generated defaults ('' text, null numbers and JSON), except
// RICH_TEXT_V2, whose sub-fields default to null, and ACTOR (MANUAL, '').
void ApplyCompositeFallback(FieldType type, const SubFieldDef& sub, size_t slot, RowBuilder* b) {
  if (type == FieldType::kRichTextV2) {
    b->SetNull(slot);
  } else if (type == FieldType::kActor && sub.name == "source") {
    b->SetText(slot, "MANUAL");
  } else if (type == FieldType::kActor && sub.name == "context") {
    b->SetJson(slot, "{}");
  } else if (sub.kind == SlotKind::kText) {
    b->SetText(slot, "");
  } else {
    b->SetNull(slot);
  }
}

// The default of a field that holds a value (not a relation, position or
// search vector, not a system field).
void ApplyValueDefault(const FieldSchema& f, const WriteContext& ctx, RowBuilder* b) {
  const size_t slot = f.first_slot;
  if (storage::IsComposite(f.type)) {
    auto subs = storage::CompositeSubFields(f.type);
    const std::vector<DefaultValue>* defaults = f.default_value_json.empty() ? nullptr : &CompositeDefaults(f);
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
      if (defaults && ApplyDefault((*defaults)[i], subs[i].kind, slot + i, ctx, b)) continue;
      ApplyCompositeFallback(f.type, subs[i], slot + i, b);
    }
    return;
  }
  SlotKind kind = storage::ScalarSlotKind(f.type);
  if (ApplyDefault(ParseScalarDefault(f.default_value_json), kind, slot, ctx, b)) return;
  // No default: TEXT reads back as "" (Twenty's generated default '');
  // everything else is null.
  if (f.type == FieldType::kText)
    b->SetText(slot, "");
  else
    b->SetNull(slot);
}

}  // namespace

simdjson::dom::parser& InnerParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

bool HasDefault(const FieldSchema& f) {
  std::string_view t = f.default_value_json;
  return !t.empty() && t != "null";
}

bool IsSystemActor(const FieldSchema& f) {
  return f.type == FieldType::kActor && (f.name == "createdBy" || f.name == "updatedBy");
}

void SetApiActor(uint16_t first_slot, const WriteContext& ctx, RowBuilder* b) {
  b->SetText(first_slot + 0, "API");  // source
  b->SetNull(first_slot + 1);         // workspaceMemberId
  b->SetText(first_slot + 2, ctx.actor_name);
  b->SetJson(first_slot + 3, "{}");  // context
}

bool IsSystemSlot(const ObjectSchema& schema, size_t slot) {
  return slot == schema.id_slot || slot == schema.created_at_slot || slot == schema.updated_at_slot ||
         slot == schema.deleted_at_slot;
}

void ApplyCreateDefaults(const ObjectSchema& schema, const WriteContext& ctx, RowBuilder* b) {
  for (const FieldSchema& f : schema.fields) {
    if (!f.is_active || f.slot_count == 0 || f.IsOneToMany()) continue;
    const size_t slot = f.first_slot;
    if (f.IsManyToOne() || f.type == FieldType::kTsVector || f.type == FieldType::kPosition ||
        f.type == FieldType::kRelation || f.type == FieldType::kMorphRelation) {
      b->SetNull(slot);  // position: the caller assigns it
      continue;
    }
    // The system fields, found by slot first so that other fields cost no
    // string compares.
    if (IsSystemSlot(schema, slot)) {
      if (slot == schema.id_slot && f.type == FieldType::kUuid && f.name == "id") {
        b->SetUuid(slot, storage::Uuid::Random());
        continue;
      }
      if (f.type == FieldType::kDateTime && (f.name == "createdAt" || f.name == "updatedAt")) {
        b->SetTimestamp(slot, ctx.now_ms);
        continue;
      }
      if (f.name == "deletedAt") {
        b->SetNull(slot);
        continue;
      }
    }
    if (IsSystemActor(f)) {
      SetApiActor(f.first_slot, ctx, b);
      continue;
    }
    ApplyValueDefault(f, ctx, b);
  }
}

void ApplyFieldDefault(const FieldSchema& field, const WriteContext& ctx, RowBuilder* builder) {
  if (field.slot_count == 0 || field.relation || field.type == FieldType::kTsVector ||
      field.type == FieldType::kPosition || field.type == FieldType::kMorphRelation) {
    for (uint16_t i = 0; i < field.slot_count; ++i) builder->SetNull(field.first_slot + i);
    return;
  }
  ApplyValueDefault(field, ctx, builder);
}

}  // namespace vingt::server

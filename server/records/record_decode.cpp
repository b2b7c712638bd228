// Record JSON -> row (DecodeRecordInput, DecodeFieldValue of record_codec.h):
// Twenty's data-arg processor, field type by field type.
#include "protocol/email_address.h"
#include "protocol/json_write.h"
#include "server/records/record_codec.h"

#include <cassert>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/iso_time.h"
#include "protocol/js_number.h"
#include "protocol/json_read.h"
#include "protocol/link_url.h"
#include "server/records/field_defaults.h"
#include "server/records/record_errors.h"
#include "storage/field_type.h"
#include "storage/uuid.h"

namespace vingt::server {
namespace {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::RowBuilder;
using storage::SubFieldDef;

// Small value helpers.

bool IsNull(InputView v) { return v.IsNull(); }

std::optional<std::string_view> StringOf(InputView v) { return v.String(); }

// Per-type decoders.

Status DecodeText(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  b->SetText(slot, *s);
  return Status::Ok();
}

Status DecodeUuid(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::optional<storage::Uuid> id;
  if (s) id = storage::Uuid::Parse(*s);
  if (!id) return InvalidUuid(v, n);
  b->SetUuid(slot, *id);
  return Status::Ok();
}

Status DecodeNumber(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto x = v.Number();
  if (!x || !std::isfinite(*x)) return InvalidNumber(Inspect(v), n);
  b->SetNumber(slot, *x);
  return Status::Ok();
}

// NUMERIC accepts what JavaScript's Number() turns into a finite number
// (numbers, numeric strings); "" means null.
Status DecodeNumeric(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (s && s->empty()) {
    b->SetNull(slot);
    return Status::Ok();
  }
  double x = v.JsNumber();
  if (!std::isfinite(x)) return InvalidNumber(protocol::JsNumberText(x), n);
  b->SetNumber(slot, x);
  return Status::Ok();
}

Status DecodeBoolean(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto value = v.Bool();
  if (!value) return InvalidBoolean(v, n);
  b->SetBoolean(slot, *value);
  return Status::Ok();
}

Status DecodeDateTime(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::optional<int64_t> ms;
  if (s) ms = protocol::ParseIsoDateTime(*s);
  if (!ms) return InvalidDateTime(v, n);
  b->SetTimestamp(slot, *ms);
  return Status::Ok();
}

Status DecodeDate(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::string date;
  if (!s || !protocol::ParseDateInput(*s, &date)) return InvalidDate(v, n);
  b->SetText(slot, date);
  return Status::Ok();
}

constexpr std::string_view kRatingValues[] = {"RATING_1", "RATING_2", "RATING_3", "RATING_4", "RATING_5"};
constexpr std::string_view kActorSources[] = {"EMAIL",  "CALENDAR", "WORKFLOW", "AGENT",   "API",
                                              "IMPORT", "MANUAL",   "SYSTEM",   "WEBHOOK", "APPLICATION"};

bool IsOption(const FieldSchema& f, std::string_view value) {
  if (f.FindOption(value)) return true;
  // A RATING field always has RATING_1..RATING_5, even when metadata built
  // by hand leaves its options out.
  if (f.type == FieldType::kRating && f.options.empty())
    for (std::string_view r : kRatingValues)
      if (r == value) return true;
  return false;
}

Status DecodeSelect(const FieldSchema& f, InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  if (!IsOption(f, *s)) return InvalidOption(v, n);
  b->SetText(slot, *s);
  return Status::Ok();
}

// MULTI_SELECT and ARRAY: a list of strings, or one string meaning a list of
// one; an empty list is stored as null (Twenty's transformArrayField).
Status DecodeStringList(const FieldSchema* options_of, InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  std::vector<std::string> items;
  if (auto s = StringOf(v)) {
    items.emplace_back(*s);
  } else {
    auto array = v.AsArray();
    if (!array) return InvalidStringArray(v, n);
    items.reserve(array->size());
    for (InputView item : *array) {
      auto is = StringOf(item);
      if (!is) return InvalidStringArray(v, n);
      items.emplace_back(*is);
    }
  }
  if (options_of)
    for (const std::string& item : items)
      if (!IsOption(*options_of, item)) return InvalidMultiSelect(v, n);
  if (items.empty())
    b->SetNull(slot);
  else
    b->SetStringList(slot, items);
  return Status::Ok();
}

// RAW_JSON: any object or array, or a string holding JSON text (stored
// parsed, as Twenty's ORM does). Result in *json; null -> nullopt.
Status ParseRawJson(InputView v, const Name& n, std::optional<std::string>* json) {
  if (IsNull(v)) {
    json->reset();
    return Status::Ok();
  }
  if (auto s = StringOf(v)) {
    simdjson::dom::element inner;
    if (InnerParser().parse(s->data(), s->size()).get(inner) != simdjson::SUCCESS) return InvalidObject(v, n);
    *json = protocol::MinifiedJson(inner);
    return Status::Ok();
  }
  if (!v.IsObject() && !v.IsArray()) return InvalidObject(v, n);
  *json = v.Minified();
  return Status::Ok();
}

Status DecodeRawJson(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  std::optional<std::string> json;
  VINGT_RETURN_IF_ERROR(ParseRawJson(v, n, &json));
  if (json)
    b->SetJson(slot, *json);
  else
    b->SetNull(slot);
  return Status::Ok();
}

// FILES: an array of {fileId: uuid, label: string}; [] is null.
Status DecodeFiles(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto invalid = [&] {
    return DataError("Invalid value \"" + Inspect(v) + "\" for FILES field \"" + n.str() +
                     "\" - It should be an array of objects with \"fileId\" and \"label\" properties.");
  };
  auto array = v.AsArray();
  if (!array) return invalid();
  for (InputView item : *array) {
    auto object = item.AsObject();
    if (!object) return invalid();
    bool has_id = false, has_label = false;
    for (auto entry : *object) {
      if (entry.key == "fileId") {
        auto s = StringOf(entry.value);
        if (!s || !storage::Uuid::Parse(*s)) return invalid();
        has_id = true;
      } else if (entry.key == "label") {
        if (!StringOf(entry.value)) return invalid();
        has_label = true;
      } else {
        return invalid();
      }
    }
    if (!has_id || !has_label) return invalid();
  }
  if (array->size() == 0)
    b->SetNull(slot);
  else
    b->SetJson(slot, v.Minified());
  return Status::Ok();
}

Status DecodeEmail(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s || (!s->empty() && !protocol::IsZodUnicodeEmail(*s))) return InvalidEmail(v, n);
  b->SetText(slot, protocol::CanonicalizeEmail(*s));
  return Status::Ok();
}

// additionalEmails: an array of addresses (or one address); each checked
// and canonicalised like primaryEmail; [] and "" are null.
Status DecodeAdditionalEmails(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  std::string json = "[";
  size_t count = 0;
  auto add = [&](std::string_view email) {
    if (count++) json.push_back(',');
    protocol::AppendJsonStringified(protocol::CanonicalizeEmail(email), &json);
  };
  if (auto s = StringOf(v)) {
    if (!s->empty() && !protocol::IsZodUnicodeEmail(*s)) return InvalidEmail(v, n);
    if (!s->empty()) add(*s);
  } else {
    auto array = v.AsArray();
    if (!array) return InvalidStringArray(v, n);
    for (InputView item : *array) {
      if (IsNull(item)) return InvalidStringArray(v, n);
      auto is = StringOf(item);
      if (!is || (!is->empty() && !protocol::IsZodUnicodeEmail(*is))) return InvalidEmail(item, n);
      add(*is);
    }
  }
  json.push_back(']');
  if (count == 0)
    b->SetNull(slot);
  else
    b->SetJson(slot, json);
  return Status::Ok();
}

// secondaryLinks: [{url, label}]; links without a url are dropped and each
// url is normalised like primaryLinkUrl (Twenty's transformLinksValue).
Status DecodeSecondaryLinks(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  InputView links = v;
  if (auto s = StringOf(v)) {
    simdjson::dom::element inner;
    if (InnerParser().parse(s->data(), s->size()).get(inner) != simdjson::SUCCESS) return InvalidObject(v, n);
    links = inner;
  }
  auto array = links.AsArray();
  if (!array) return InvalidObject(v, n);
  std::string json = "[";
  size_t count = 0;
  for (InputView item : *array) {
    auto link = item.AsObject();
    if (!link) continue;
    std::optional<std::string_view> url;
    std::optional<InputView> label;
    for (auto entry : *link) {
      if (entry.key == "url")
        url = StringOf(entry.value);
      else if (entry.key == "label")
        label = entry.value;
    }
    if (!url || url->empty()) continue;
    if (count++) json.push_back(',');
    json.append("{\"url\":");
    protocol::AppendJsonStringified(protocol::NormalizeLinkUrl(*url), &json);
    if (label) {
      json.append(",\"label\":");
      label->AppendMinified(&json);
    }
    json.push_back('}');
  }
  json.push_back(']');
  b->SetJson(slot, json);
  return Status::Ok();
}

// additionalPhones: kept as given (numbers are not re-parsed with
// libphonenumber); an empty or non-array value is null, as in Twenty.
Status DecodeAdditionalPhones(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  std::optional<std::string> json;
  VINGT_RETURN_IF_ERROR(ParseRawJson(v, n, &json));
  if (!json || json->size() < 2 || (*json)[0] != '[' || *json == "[]")
    b->SetNull(slot);
  else
    b->SetJson(slot, *json);
  return Status::Ok();
}

Status DecodeActorSource(InputView v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  for (std::string_view source : kActorSources) {
    if (source == *s) {
      b->SetText(slot, *s);
      return Status::Ok();
    }
  }
  return InvalidOption(v, n);
}

std::string_view CompositeLabel(FieldType type) {
  switch (type) {
    case FieldType::kFullName: return "full name";
    case FieldType::kEmails: return "emails";
    case FieldType::kLinks: return "links";
    case FieldType::kPhones: return "phones";
    case FieldType::kCurrency: return "currency";
    case FieldType::kAddress: return "address";
    case FieldType::kActor: return "actor";
    default: return "composite";
  }
}

Status DecodeSubField(FieldType type, const SubFieldDef& sub, InputView v, const Name& n, size_t slot,
                      RowBuilder* b) {
  switch (type) {
    case FieldType::kEmails:
      if (sub.name == "primaryEmail") return DecodeEmail(v, n, slot, b);
      return DecodeAdditionalEmails(v, n, slot, b);
    case FieldType::kLinks:
      if (sub.name == "primaryLinkUrl") {
        if (auto s = StringOf(v)) {
          b->SetText(slot, protocol::NormalizeLinkUrl(*s));
          return Status::Ok();
        }
        return DecodeText(v, n, slot, b);
      }
      if (sub.name == "secondaryLinks") return DecodeSecondaryLinks(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    case FieldType::kPhones:
      if (sub.name == "additionalPhones") return DecodeAdditionalPhones(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    case FieldType::kActor:
      if (sub.name == "source") return DecodeActorSource(v, n, slot, b);
      if (sub.name == "workspaceMemberId") return DecodeUuid(v, n, slot, b);
      if (sub.name == "context") return DecodeRawJson(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    default:
      switch (sub.type) {
        case FieldType::kNumeric: return DecodeNumeric(v, n, slot, b);
        case FieldType::kRawJson: return DecodeRawJson(v, n, slot, b);
        case FieldType::kUuid: return DecodeUuid(v, n, slot, b);
        default: return DecodeText(v, n, slot, b);
      }
  }
}

Status DecodeComposite(const FieldSchema& f, std::string_view key, InputView v, WriteMode mode, RowBuilder* b) {
  auto subs = storage::CompositeSubFields(f.type);
  const bool rich = f.type == FieldType::kRichTextV2;
  const bool system_actor = IsSystemActor(f);
  // createdBy is the server's: ignored on update; updatedBy too except for
  // the source. Both keep the API actor's name and workspace member.
  const bool apply = !(system_actor && mode == WriteMode::kUpdate && f.name == "createdBy");
  auto rich_error = [&](std::string_view why) {
    return DataError("Invalid rich text v2 value " + Inspect(v) + " for field \"" + std::string(key) + "\" - " +
                     std::string(why));
  };

  if (IsNull(v)) {
    if (system_actor || !apply) return Status::Ok();
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
    return Status::Ok();
  }
  auto object = v.AsObject();
  if (!object) {
    // Twenty tests with `isObject`, which arrays pass: [] changes nothing,
    // a non-empty array fails on its first key, "0".
    if (auto array = v.AsArray()) {
      if (array->size() == 0) {
        if (rich && apply)
          for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
        return Status::Ok();
      }
      if (rich) return rich_error("Should have only blocknote, markdown subfields");
      return DataError("Invalid subfield 0 for " + std::string(CompositeLabel(f.type)) + " field \"" +
                       std::string(key) + "\"");
    }
    if (rich) return rich_error("Should be an object");
    return InvalidObject(v, Name{key, {}});
  }

  if (rich) {
    // The rich text validator checks the keys first and reads {} as null.
    bool empty = true;
    for (auto entry : *object) {
      empty = false;
      if (entry.key != "blocknote" && entry.key != "markdown")
        return rich_error("Should have only blocknote, markdown subfields");
    }
    if (empty) {
      for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
      return Status::Ok();
    }
  }

  for (auto entry : *object) {
    size_t index = subs.size();
    for (size_t i = 0; i < subs.size(); ++i) {
      if (subs[i].name == entry.key) {
        index = i;
        break;
      }
    }
    if (index == subs.size() || index >= f.slot_count) {
      return DataError("Invalid subfield " + std::string(entry.key) + " for " + std::string(CompositeLabel(f.type)) +
                       " field \"" + std::string(key) + "\"");
    }
    const size_t slot = f.first_slot + index;
    if (system_actor) {
      // Validate everything; keep only source and context, and a null one
      // leaves the stamped value.
      RowBuilder scratch(1);
      VINGT_RETURN_IF_ERROR(DecodeSubField(f.type, subs[index], entry.value, Name{key, subs[index].name}, 0, &scratch));
      bool wanted = subs[index].name == "source" || subs[index].name == "context";
      if (apply && wanted && !scratch.IsNull(0)) b->SetRaw(slot, scratch.Get(0));
      continue;
    }
    VINGT_RETURN_IF_ERROR(DecodeSubField(f.type, subs[index], entry.value, Name{key, subs[index].name}, slot, b));
  }
  return Status::Ok();
}

Status DecodePosition(InputView v, const Name& n, WriteMode mode, size_t slot, RowBuilder* b) {
  if (auto x = v.Number()) {
    b->SetNumber(slot, *x);
    return Status::Ok();
  }
  // "first" / "last" ask the server to place the record; the caller assigns
  // positions to new rows, and an update keeps the one it has.
  if (auto s = StringOf(v); s && (*s == "first" || *s == "last")) {
    if (mode == WriteMode::kCreate) b->SetNull(slot);
    return Status::Ok();
  }
  return InvalidPosition(v, n);
}

// A MANY_TO_ONE relation's nested operation, applied once the whole body is
// decoded (Twenty's ORM runs them after the data-arg processor).
struct RelationOp {
  enum class Kind { kDisconnect, kConnect, kBoth };
  const FieldSchema* field = nullptr;
  Kind kind = Kind::kDisconnect;
  std::optional<InputView::Members> where;  // kConnect: borrowed from the body
};

Status DecodeManyToOne(const FieldSchema& f, std::string_view key, InputView v, std::vector<RelationOp>* ops) {
  if (IsNull(v)) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kDisconnect, {}});  // null on the name reads as disconnect
    return Status::Ok();
  }
  auto op = v.AsObject();
  if (!op) return RelationNeedsOperation(key);
  std::optional<InputView> connect = op->Find("connect"), disconnect = op->Find("disconnect");
  bool has_connect = connect && !IsNull(*connect);
  bool has_disconnect = disconnect && !IsNull(*disconnect);
  if (!has_connect && !has_disconnect) return RelationNeedsOperation(key);
  // Twenty's ORM acts on a boolean disconnect only (false does nothing), and
  // on a connect that carries a `where` object.
  const std::optional<bool> disconnect_flag = has_disconnect ? disconnect->Bool() : std::nullopt;
  const bool disconnects = disconnect_flag.has_value();
  std::optional<InputView::Members> where = ConnectWhereOf(v);
  if (where && disconnects) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kBoth, {}});
  } else if (has_connect && !disconnects) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kConnect, where});
  } else if (disconnects && *disconnect_flag) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kDisconnect, {}});
  }
  return Status::Ok();
}

// Runs the relation operations the body asked for, in Twenty's order:
// refusals first, then disconnects, then connects.
Status ApplyRelationOps(const InputView::Members& body, const WriteContext& ctx,
                        const std::vector<ResolvedConnect>* connects, const std::vector<RelationOp>& ops,
                        RowBuilder* b) {
  for (const RelationOp& op : ops)
    if (op.kind == RelationOp::Kind::kBoth)
      // Twenty's message names `entity.key`, which is never set.
      return Status::InvalidArgument("Cannot have both connect and disconnect for the same field on undefined.")
          .WithDetailCode("CONNECT_NOT_ALLOWED");
  for (const RelationOp& op : ops) {
    if (op.kind != RelationOp::Kind::kConnect) continue;
    const std::string& name = op.field->name;
    if (auto join = body.Find(op.field->JoinColumnName()); join && !IsNull(*join))
      return Status::InvalidArgument(name + " and " + name + "Id cannot be both provided.")
          .WithDetailCode("CONNECT_NOT_ALLOWED");
    if (!op.where)
      return Status::InvalidArgument(
                 "Missing required fields: at least one unique constraint have to be fully populated for '" + name + "'.")
          .WithDetailCode("CONNECT_UNIQUE_CONSTRAINT_ERROR");
  }
  for (const RelationOp& op : ops)
    if (op.kind == RelationOp::Kind::kDisconnect) b->SetNull(op.field->first_slot);
  for (const RelationOp& op : ops) {
    if (op.kind != RelationOp::Kind::kConnect) continue;
    const size_t slot = op.field->first_slot;
    if (connects) {
      const ResolvedConnect* resolved = nullptr;
      for (const ResolvedConnect& each : *connects)
        if (each.field == op.field) resolved = &each;
      // ResolveConnects picks the same keys as DecodeManyToOne.
      assert(resolved != nullptr);
      if (resolved == nullptr) return Status::InvalidArgument("Relation \"" + op.field->name + "\" was not resolved");
      if (!resolved->id.ok()) return resolved->id.status();
      b->SetUuid(slot, *resolved->id);
    } else if (ctx.workspace) {
      auto id = ResolveConnect(*ctx.workspace, *op.field, *op.where);
      if (!id.ok()) return id.status();
      b->SetUuid(slot, *id);
    } else {
      // No tables to look in: an id is taken as given.
      auto id = op.where->Find("id");
      if (!id) return DataError("Relation \"" + op.field->name + "\" can only connect by id");
      VINGT_RETURN_IF_ERROR(DecodeUuid(*id, Name{"id", {}}, slot, b));
    }
  }
  return Status::Ok();
}

Status DecodeField(const ObjectSchema& schema, std::string_view key, InputView v, WriteMode mode, RowBuilder* b,
                   std::vector<RelationOp>* ops) {
  const FieldSchema* f = schema.FindField(key);
  bool join_column = false;
  if (f == nullptr || !f->is_active) {
    const FieldSchema* owner = schema.FindByJoinColumn(key);
    f = owner && owner->is_active ? owner : nullptr;
    join_column = f != nullptr;
  }
  if (f == nullptr)
    return DataError("Object " + schema.name_singular + " doesn't have any \"" + std::string(key) + "\" field.");
  if (IsNull(v) && !f->is_nullable && !HasDefault(*f))
    return DataError("Field " + std::string(key) + " is not nullable and has no default value.");

  const Name name{key, {}};
  const size_t slot = f->first_slot;
  if (join_column) return DecodeUuid(v, name, slot, b);
  if (f->IsOneToMany())
    return DataError("One-to-many relation " + std::string(key) + " field does not support write operations.");
  if (f->IsManyToOne()) return DecodeManyToOne(*f, key, v, ops);
  if (f->type == FieldType::kTsVector)
    return DataError(std::string(key) + " TS_VECTOR-typed field does not support write operations");
  if (f->type == FieldType::kRelation || f->type == FieldType::kMorphRelation) {
    // A relation without a join column here (morph): only operations pass,
    // and they have nothing to write.
    if (IsNull(v) || v.IsObject()) return Status::Ok();
    return RelationNeedsOperation(key);
  }
  if (f->slot_count == 0) return Status::Ok();

  if (storage::IsComposite(f->type)) return DecodeComposite(*f, key, v, mode, b);

  const bool system = IsSystemSlot(schema, slot);
  if (system && slot == schema.id_slot && f->type == FieldType::kUuid && f->name == "id") {
    // Only a create chooses the id; an update's id is the path's.
    if (IsNull(v)) return Status::Ok();
    if (mode == WriteMode::kUpdate) {
      RowBuilder scratch(1);
      return DecodeUuid(v, name, 0, &scratch);
    }
    return DecodeUuid(v, name, slot, b);
  }
  if (system && f->type == FieldType::kDateTime && IsNull(v) && (f->name == "createdAt" || f->name == "updatedAt"))
    return Status::Ok();  // never null: keep the stamped time

  switch (f->type) {
    case FieldType::kUuid: return DecodeUuid(v, name, slot, b);
    case FieldType::kText:
    case FieldType::kRichText: return DecodeText(v, name, slot, b);
    case FieldType::kNumber: return DecodeNumber(v, name, slot, b);
    case FieldType::kNumeric: return DecodeNumeric(v, name, slot, b);
    case FieldType::kBoolean: return DecodeBoolean(v, name, slot, b);
    case FieldType::kDateTime: return DecodeDateTime(v, name, slot, b);
    case FieldType::kDate: return DecodeDate(v, name, slot, b);
    case FieldType::kSelect:
    case FieldType::kRating: return DecodeSelect(*f, v, name, slot, b);
    case FieldType::kMultiSelect: return DecodeStringList(f, v, name, slot, b);
    case FieldType::kArray: return DecodeStringList(nullptr, v, name, slot, b);
    case FieldType::kRawJson: return DecodeRawJson(v, name, slot, b);
    case FieldType::kFiles: return DecodeFiles(v, name, slot, b);
    case FieldType::kPosition: return DecodePosition(v, name, mode, slot, b);
    default: return DecodeText(v, name, slot, b);
  }
}

}  // namespace

Status DecodeRecordInput(const ObjectSchema& schema, InputView body, WriteMode mode, const WriteContext& ctx,
                         RowBuilder* builder, const std::vector<ResolvedConnect>* connects) {
  auto object = body.AsObject();
  // Handlers check this first with their own wording; this is the backstop.
  if (!object)
    return DataError("Invalid object value " + Inspect(body) + " for record data");
  if (mode == WriteMode::kCreate) {
    ApplyCreateDefaults(schema, ctx, builder);
  } else {
    if (const FieldSchema* f = schema.FindField("updatedAt");
        f && f->slot_count == 1 && f->type == FieldType::kDateTime)
      builder->SetTimestamp(f->first_slot, ctx.now_ms);
    if (const FieldSchema* f = schema.FindField("updatedBy"); f && IsSystemActor(*f) && f->slot_count >= 4)
      SetApiActor(f->first_slot, ctx, builder);
  }
  std::vector<RelationOp> ops;
  for (auto field : *object) VINGT_RETURN_IF_ERROR(DecodeField(schema, field.key, field.value, mode, builder, &ops));
  if (ops.empty()) return Status::Ok();
  return ApplyRelationOps(*object, ctx, connects, ops, builder);
}

Status DecodeFieldValue(const ObjectSchema& schema, const FieldSchema& field, InputView value, RowBuilder* builder) {
  std::vector<RelationOp> ops;  // relations are not looked up by value
  return DecodeField(schema, field.name, value, WriteMode::kUpdate, builder, &ops);
}

}  // namespace vingt::server

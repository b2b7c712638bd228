// Row -> record JSON (WriteRecordJson of record_codec.h), through a layout
// made once per schema.
#include "server/records/record_codec.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "storage/field_type.h"

namespace vingt::server {
namespace {

using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::SlotKind;

// The keys, commas and braces of a record's JSON depend only on the schema,
// so they are worked out once per schema into a RecordLayout: the text
// before each value, the slot that value comes from, and the closing text.
// Writing a record is then copy, format, copy, ... straight into the
// writer's buffer:
//
//   {"id": <uuid> ,"createdAt": <date-time> ... ,"name":{"firstName": <text> ,"lastName": <text> },"emails":{ ... }
//   └literal┘     └──literal──┘                └───────literal───────┘        └─literal──┘        └literal...   tail

// Bytes a value of each fixed-size kind can take: "null", "false", a quoted
// UUID, a quoted date-time, a number.
constexpr size_t kMaxFixedValueLength = 38;
static_assert(kMaxFixedValueLength >= 2 + protocol::kMaxIsoDateTimeLength &&
              kMaxFixedValueLength >= protocol::kMaxJsonNumberLength);
// Literals are copied 16 bytes at a time, so the layout's text has this much
// padding and every reservation this much slack.
constexpr size_t kCopyBlock = 16;

struct LayoutStep {
  uint32_t literal_begin = 0;  // into RecordLayout::text: the JSON before the value
  uint32_t literal_size = 0;
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
};

struct RecordLayout {
  std::string text;  // all literals, then kCopyBlock bytes of padding
  std::vector<LayoutStep> steps;
  uint32_t tail_begin = 0;  // after the last value: the closing braces
  uint32_t tail_size = 0;
  // The field facts the text was made from, to tell whether a schema at the
  // same address is still the one the layout describes (see LayoutFor).
  struct Facts {
    std::string name;
    FieldType type;
    bool emitted;
    bool many_to_one;
    uint16_t first_slot;
    uint16_t slot_count;
    SlotKind scalar_kind;
  };
  std::vector<Facts> facts;
};

// What WriteRecordJson emits for `f`: every active field with slots except
// ONE_TO_MANY and TS_VECTOR.
bool IsEmitted(const FieldSchema& f) {
  return f.is_active && f.slot_count != 0 && !f.IsOneToMany() && f.type != FieldType::kTsVector;
}

SlotKind ScalarKindOf(const ObjectSchema& schema, const FieldSchema& f) {
  return f.first_slot < schema.slots.size() ? schema.slots[f.first_slot].kind : SlotKind::kText;
}

bool LayoutMatches(const RecordLayout& layout, const ObjectSchema& schema) {
  if (layout.facts.size() != schema.fields.size()) return false;
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSchema& f = schema.fields[i];
    const RecordLayout::Facts& k = layout.facts[i];
    if (k.emitted != IsEmitted(f) || k.type != f.type || k.many_to_one != f.IsManyToOne() ||
        k.first_slot != f.first_slot || k.slot_count != f.slot_count || k.name != f.name ||
        k.scalar_kind != ScalarKindOf(schema, f))
      return false;
  }
  return true;
}

void AppendQuoted(std::string_view s, std::string* out) {
  size_t at = out->size();
  out->resize(at + protocol::MaxJsonStringLength(s.size()));
  char* end = protocol::FormatJsonString(s, out->data() + at);
  out->resize(static_cast<size_t>(end - out->data()));
}

// With `keys`, only the members it names (REST's ?fields=).
std::unique_ptr<RecordLayout> BuildLayout(const ObjectSchema& schema,
                                          const std::vector<std::string>* keys = nullptr) {
  auto layout = std::make_unique<RecordLayout>();
  auto kept = [&](std::string_view name, std::string_view suffix = {}) {
    if (!keys) return true;
    for (const std::string& k : *keys)
      if (k.size() == name.size() + suffix.size() && k.starts_with(name) && k.ends_with(suffix)) return true;
    return false;
  };
  std::string& text = layout->text;
  size_t pending = 0;  // start of the literal being built
  bool first = true;
  auto key = [&](std::string_view name, std::string_view suffix = {}) {
    if (!first) text.push_back(',');
    first = false;
    if (suffix.empty()) {
      AppendQuoted(name, &text);
    } else {
      std::string joined(name);
      joined.append(suffix);
      AppendQuoted(joined, &text);
    }
    text.push_back(':');
  };
  auto value = [&](size_t slot, SlotKind kind) {
    layout->steps.push_back(LayoutStep{static_cast<uint32_t>(pending), static_cast<uint32_t>(text.size() - pending),
                                       static_cast<uint16_t>(slot), kind});
    pending = text.size();
  };

  text.push_back('{');
  for (const FieldSchema& f : schema.fields) {
    layout->facts.push_back(RecordLayout::Facts{f.name, f.type, IsEmitted(f), f.IsManyToOne(), f.first_slot,
                                                f.slot_count, ScalarKindOf(schema, f)});
    if (!IsEmitted(f)) continue;
    if (f.IsManyToOne()) {
      if (!kept(f.name, "Id")) continue;
      key(f.name, "Id");
      value(f.first_slot, SlotKind::kUuid);
      continue;
    }
    if (!kept(f.name)) continue;
    key(f.name);
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty()) {
      value(f.first_slot, ScalarKindOf(schema, f));
      continue;
    }
    text.push_back('{');
    first = true;
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
      key(subs[i].name);
      value(f.first_slot + i, subs[i].kind);
    }
    text.push_back('}');
    first = false;
  }
  text.push_back('}');
  layout->tail_begin = static_cast<uint32_t>(pending);
  layout->tail_size = static_cast<uint32_t>(text.size() - pending);
  text.append(kCopyBlock, ' ');
  return layout;
}

// This thread's layouts, most recently used first. Per thread, so lookups
// take no lock; a process serves a few dozen objects at most.
struct CachedLayout {
  const ObjectSchema* schema = nullptr;
  uint64_t document_id = 0;  // the JsonWriter document it was last checked for
  std::unique_ptr<RecordLayout> layout;
};
constexpr size_t kMaxCachedLayouts = 32;

// The layout of `schema`. Schemas are immutable but not immortal: after a
// metadata change the old one is freed and a new one may take its address.
// The caller keeps its schema alive while it writes one document, so a
// layout is checked against the schema once per document and trusted for
// the rest of it.
const RecordLayout& LayoutFor(const ObjectSchema& schema, uint64_t document_id) {
  thread_local std::vector<CachedLayout> cache;
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i].schema != &schema) continue;
    if (cache[i].document_id != document_id) {
      if (!LayoutMatches(*cache[i].layout, schema)) cache[i].layout = BuildLayout(schema);
      cache[i].document_id = document_id;
    }
    if (i != 0) std::swap(cache[0], cache[i]);
    return *cache[0].layout;
  }
  if (cache.size() == kMaxCachedLayouts) cache.pop_back();
  cache.insert(cache.begin(), CachedLayout{&schema, document_id, BuildLayout(schema)});
  return *cache[0].layout;
}

// The layout of `schema` narrowed to `keys`, for one response: made on the
// first record of a document and reused for the rest of its records.
const RecordLayout& ProjectedLayoutFor(const ObjectSchema& schema, uint64_t document_id,
                                       const std::vector<std::string>& keys) {
  struct Projected {
    const ObjectSchema* schema = nullptr;
    uint64_t document_id = 0;
    std::vector<std::string> keys;
    std::unique_ptr<RecordLayout> layout;
  };
  thread_local Projected cached;
  if (cached.schema != &schema || cached.document_id != document_id || cached.keys != keys) {
    cached.layout = BuildLayout(schema, &keys);
    cached.schema = &schema;
    cached.document_id = document_id;
    cached.keys = keys;
  }
  return *cached.layout;
}

// A write cursor into the JsonWriter's buffer: bytes are reserved in chunks
// (one Push each) and what is left unwritten is given back by Finish.
class Cursor {
 public:
  explicit Cursor(rapidjson::StringBuffer& buffer) : buffer_(buffer) {}
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Makes room for `n` bytes at the cursor and returns it.
  char* Room(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) [[unlikely]]
      Grow(n);
    return p_;
  }
  void Commit(char* p) { p_ = p; }
  void Finish() { buffer_.Pop(static_cast<size_t>(end_ - p_)); }

 private:
  void Grow(size_t n) {
    buffer_.Pop(static_cast<size_t>(end_ - p_));
    size_t chunk = n < 2048 ? 2048 : n;
    p_ = buffer_.Push(chunk);
    end_ = p_ + chunk;
  }

  rapidjson::StringBuffer& buffer_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

// Copies a layout literal; may write up to kCopyBlock - 1 bytes past it
// (the caller reserved the slack, the layout's text is padded).
inline char* CopyLiteral(const char* src, uint32_t size, char* p) {
  for (uint32_t i = 0; i < size; i += kCopyBlock) std::memcpy(p + i, src + i, kCopyBlock);
  return p + size;
}

// "0a1b..-..", quoted, from 16 bytes (the nil UUID when the slot holds
// anything else, as Row::GetUuid reads it).
char* PutUuid(std::string_view bytes, char* p) {
  static constexpr auto kHexPairs = [] {
    std::array<char, 512> t{};
    constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 256; ++i) {
      t[2 * i] = kHex[i >> 4];
      t[2 * i + 1] = kHex[i & 0xF];
    }
    return t;
  }();
  uint8_t b[16] = {};
  if (bytes.size() == 16) std::memcpy(b, bytes.data(), 16);
  *p++ = '"';
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    std::memcpy(p, &kHexPairs[2 * b[i]], 2);
    p += 2;
  }
  *p++ = '"';
  return p;
}

template <typename T>
T LoadScalar(std::string_view bytes) {
  T v{};
  if (bytes.size() == sizeof(T)) std::memcpy(&v, bytes.data(), sizeof(T));
  return v;
}

// A MULTI_SELECT / ARRAY slot (u32 count, then u32 length + bytes each) as
// a JSON array of strings; a malformed tail is dropped, as Row::StringList does.
void PutStringList(std::string_view b, Cursor& out) {
  char* p = out.Room(2);
  *p++ = '[';
  out.Commit(p);
  uint32_t n = 0;
  if (b.size() >= 4) std::memcpy(&n, b.data(), 4);
  size_t pos = 4;
  for (uint32_t i = 0; i < n && pos + 4 <= b.size(); ++i) {
    uint32_t len;
    std::memcpy(&len, b.data() + pos, 4);
    pos += 4;
    if (pos + len > b.size()) break;
    p = out.Room(1 + protocol::MaxJsonStringLength(len) + 1);
    if (i) *p++ = ',';
    p = protocol::FormatJsonString(b.substr(pos, len), p);
    out.Commit(p);
    pos += len;
  }
  p = out.Room(1);
  *p++ = ']';
  out.Commit(p);
}

// Row::IsNull and Row::Bytes, inline: the block layout drawn in
// storage/row.h (also the WAL and snapshot format, so it is fixed) read
// once per record instead of once per slot through out-of-line calls.
// The tests check it against Row's own accessors.
class SlotReader {
 public:
  explicit SlotReader(const storage::Row& row) : block_(row.Encoded().data()) {
    std::memcpy(&count_, block_, 2);
    offsets_ = block_ + 4 + (count_ + 7) / 8;
    data_ = offsets_ + 4 * static_cast<size_t>(count_);
  }
  bool IsNull(size_t slot) const {
    return slot >= count_ || ((static_cast<unsigned char>(block_[4 + slot / 8]) >> (slot % 8)) & 1);
  }
  // REQUIRES: !IsNull(slot).
  std::string_view Bytes(size_t slot) const {
    uint32_t begin = 0, end;
    if (slot != 0) std::memcpy(&begin, offsets_ + 4 * (slot - 1), 4);
    std::memcpy(&end, offsets_ + 4 * slot, 4);
    return {data_ + begin, end - begin};
  }

 private:
  const char* block_;
  const char* offsets_;
  const char* data_;
  uint16_t count_ = 0;
};

// Writes `literal` (padded: see CopyLiteral) and then the value of `slot`
// read as `kind`: the one place a stored value becomes JSON, for REST's
// records and GraphQL's leaves alike.
void PutValue(const char* literal, uint32_t literal_size, uint16_t slot, SlotKind kind, const SlotReader& row,
              Cursor& out) {
  const LayoutStep step{0, literal_size, slot, kind};
  if (row.IsNull(step.slot)) {
    char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + 4));
    std::memcpy(p, "null", 4);
    out.Commit(p + 4);
    return;
  }
  std::string_view b = row.Bytes(step.slot);
  switch (step.kind) {
    case SlotKind::kText:
    case SlotKind::kDate: {
      char* p = out.Room(step.literal_size + kCopyBlock + protocol::MaxJsonStringLength(b.size()));
      p = CopyLiteral(literal, step.literal_size, p);
      out.Commit(protocol::FormatJsonString(b, p));
      return;
    }
    case SlotKind::kJson: {
      char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + b.size() + 4));
      if (b.empty()) {
        std::memcpy(p, "null", 4);
        out.Commit(p + 4);
      } else {
        std::memcpy(p, b.data(), b.size());
        out.Commit(p + b.size());
      }
      return;
    }
    case SlotKind::kStringList: {
      char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock));
      out.Commit(p);
      PutStringList(b, out);
      return;
    }
    default: break;
  }
  char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + kMaxFixedValueLength));
  switch (step.kind) {
    case SlotKind::kUuid: p = PutUuid(b, p); break;
    case SlotKind::kNumber: p += protocol::FormatJsonNumber(LoadScalar<double>(b), p); break;
    case SlotKind::kBoolean: {
      bool v = !b.empty() && b[0] != 0;
      std::memcpy(p, v ? "true" : "false", v ? 4 : 5);
      p += v ? 4 : 5;
      break;
    }
    case SlotKind::kTimestamp:
      *p++ = '"';
      p += protocol::FormatIsoDateTime(LoadScalar<int64_t>(b), p);
      *p++ = '"';
      break;
    default: break;  // handled above
  }
  out.Commit(p);
}

void PutStep(const RecordLayout& layout, const LayoutStep& step, const SlotReader& row, Cursor& out) {
  PutValue(layout.text.data() + step.literal_begin, step.literal_size, step.slot, step.kind, row, out);
}

// The record's object; without its final '}' when `open` (members follow).
void PutRecord(const RecordLayout& layout, const storage::Row& row, Cursor& cursor, bool open = false) {
  const SlotReader slots(row);
  for (const LayoutStep& step : layout.steps) PutStep(layout, step, slots, cursor);
  const uint32_t tail = layout.tail_size - (open ? 1 : 0);
  char* p = cursor.Room(tail + kCopyBlock);
  cursor.Commit(CopyLiteral(layout.text.data() + layout.tail_begin, tail, p));
}

void PutLiteral(std::string_view text, Cursor& cursor) {
  char* p = cursor.Room(text.size());
  std::memcpy(p, text.data(), text.size());
  cursor.Commit(p + text.size());
}

}  // namespace

void AppendSlotJson(const storage::Row& row, uint16_t slot, SlotKind kind, rapidjson::StringBuffer& out) {
  Cursor cursor(out);
  PutValue(nullptr, 0, slot, kind, SlotReader(row), cursor);
  cursor.Finish();
}

namespace {

struct RememberedRecord {
  storage::ObjectSchemaPtr schema;
  storage::RowRef row;
  protocol::JsonWriter json;
};

RememberedRecord& ThreadRememberedRecord() {
  thread_local RememberedRecord remembered;
  return remembered;
}

}  // namespace

std::string_view RememberRecordJson(const storage::ObjectSchemaPtr& schema, const storage::RowRef& row) {
  RememberedRecord& r = ThreadRememberedRecord();
  if (r.row.get() != row.get() || r.schema != schema) {
    r.row = storage::RowRef();  // not read back while rendered again below
    r.json.Reset();
    WriteRecordJson(*schema, *row, r.json);
    r.schema = schema;
    r.row = row;
  }
  return r.json.View();
}

void WriteRecordJson(const ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out) {
  const RememberedRecord& remembered = ThreadRememberedRecord();
  if (&row == remembered.row.get() && &schema == remembered.schema.get()) {
    out.RawJson(remembered.json.View());
    return;
  }
  const RecordLayout& layout = LayoutFor(schema, out.document_id());
  Cursor cursor(out.BeginRawValue());
  PutRecord(layout, row, cursor);
  cursor.Finish();
}

RecordObjectWriter::RecordObjectWriter(const ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out,
                                       const std::vector<std::string>* keys)
    : buffer_(out.BeginRawValue()), document_id_(out.document_id()) {
  const RecordLayout& layout =
      keys ? ProjectedLayoutFor(schema, document_id_, *keys) : LayoutFor(schema, document_id_);
  Cursor cursor(buffer_);
  PutRecord(layout, row, cursor, /*open=*/true);
  cursor.Finish();
  has_members_ = !layout.steps.empty();
}

void RecordObjectWriter::Key(std::string_view key) {
  std::string text;
  if (has_members_) text.push_back(',');
  AppendQuoted(key, &text);
  text.push_back(':');
  has_members_ = true;
  Cursor cursor(buffer_);
  PutLiteral(text, cursor);
  cursor.Finish();
}

void RecordObjectWriter::Null() {
  Cursor cursor(buffer_);
  PutLiteral("null", cursor);
  cursor.Finish();
}

void RecordObjectWriter::Record(const ObjectSchema& schema, const storage::Row& row) {
  Cursor cursor(buffer_);
  if (in_array_ && array_has_items_) PutLiteral(",", cursor);
  array_has_items_ = in_array_;
  PutRecord(LayoutFor(schema, document_id_), row, cursor);
  cursor.Finish();
}

void RecordObjectWriter::StartArray() {
  Cursor cursor(buffer_);
  PutLiteral("[", cursor);
  cursor.Finish();
  in_array_ = true;
  array_has_items_ = false;
}

void RecordObjectWriter::EndArray() {
  Cursor cursor(buffer_);
  PutLiteral("]", cursor);
  cursor.Finish();
  in_array_ = false;
}

void RecordObjectWriter::Close() {
  Cursor cursor(buffer_);
  PutLiteral("}", cursor);
  cursor.Finish();
}

}  // namespace vingt::server

// Record JSON <-> storage row, with Twenty's input rules.
//
// Decoding follows Twenty's data-arg processor
// (packages/twenty-server/src/engine/api/common/common-args-processors/
// data-arg-processor/): every key must name a field or a join column, values
// are checked per field type and rejected with Twenty's exact messages
// (Status::InvalidArgument, detail code INVALID_ARGS_DATA), then normalised
// (emails canonicalised, link URLs trimmed of a trailing '/', arrays of one
// string accepted for list fields, ...). Both REST and GraphQL writes go
// through here, so the two APIs accept and reject the same bodies.
//
// Encoding writes Twenty's depth-0 record: every active field in schema
// order, composites as objects with every sub-field, each MANY_TO_ONE as its
// join column "<name>Id", no ONE_TO_MANY and no searchVector.
//
// Both directions run on every request (an update decodes under the shard
// lock), so neither allocates per field beyond the values it stores.
//
// Decoding is record_decode.cpp (Twenty's texts for what it rejects in
// record_errors.h, e-mail addresses in protocol/email_address.h, link URLs in
// protocol/link_url.h, Number() in protocol/js_number.h), defaults
// field_defaults.cpp, encoding record_encode.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/json_fwd.h"
#include "protocol/json_write.h"
#include "server/records/relation_connect.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"

namespace vingt::server {

struct WriteContext {
  int64_t now_ms = 0;
  // The API key's name: createdBy/updatedBy become
  // {"source":"API","workspaceMemberId":null,"name":<actor_name>,"context":{}}.
  std::string actor_name;
  // Where relation connects look up their target records; without one a
  // connect may only name an id, which is written unchecked.
  const storage::Workspace* workspace = nullptr;
};

enum class WriteMode { kCreate, kUpdate };

// Validates one record object (either API's: server/records/input_view.h)
// and writes its values into *builder, which
// must have schema.slot_count() slots (kUpdate: built from the current row).
//
// kCreate: every field absent from the body gets its default first (from
//   FieldSchema::default_value_json; TEXT and composite text sub-fields ""
//   when there is none), id a random v4 unless given, createdAt = updatedAt
//   = now, createdBy = updatedBy = the API actor (the body may override the
//   source only), position NULL (the caller assigns it).
// kUpdate: only the given fields and, for composites, the given sub-fields
//   change; updatedAt = now and updatedBy = the API actor unless given;
//   createdBy and id in the body are ignored.
//
// A MANY_TO_ONE relation given by name takes Twenty's nested operations
// (server/records/relation_connect.h): null or {"disconnect":true} clears the join
// column, {"connect":{"where":{...}}} sets it to the record found; both
// apply after every other key, so they win over the join column
// ("companyId") given beside them. A connect is resolved through
// ctx.workspace, or taken from `connects` when given: a caller decoding
// under a shard lock must resolve first (ResolveConnects) and pass them.
//
// On error *builder is partly written and must be discarded.
Status DecodeRecordInput(const storage::ObjectSchema& schema, InputView body, WriteMode mode,
                                  const WriteContext& ctx, storage::RowBuilder* builder,
                                  const std::vector<ResolvedConnect>* connects = nullptr);

// Decodes `value` as an update body's value of `field` into *builder:
// checked and normalised alike, a composite writing only the sub-fields
// given. For lookups by field value (relation connect).
Status DecodeFieldValue(const storage::ObjectSchema& schema, const storage::FieldSchema& field,
                                 InputView value, storage::RowBuilder* builder);

// Writes into *builder the value a record created now gets for `field`
// when the body leaves it out (its default, else Twenty's generated one:
// "" for TEXT and text sub-fields, null otherwise). The metadata API uses it
// to give existing records a new field's default, as Postgres' ADD COLUMN
// ... DEFAULT does in Twenty. Relation, position and search-vector slots
// get null.
void ApplyFieldDefault(const storage::FieldSchema& field, const WriteContext& ctx, storage::RowBuilder* builder);

// Appends the record as one JSON object value (the caller places it: after
// a Key, or inside an array). The keys and braces come from a layout made
// once per schema and cached per thread; it is checked against the schema
// once per document of `out`, so `schema` must stay alive (not be freed and
// replaced at its address) until `out` is Reset, as a handler holding its
// ObjectSchemaPtr for the whole response does. Rows with fewer slots than
// the schema read the missing ones as null.
//
// A row remembered by RememberRecordJson (below) is copied, not rendered.
void WriteRecordJson(const storage::ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out);

// The record's JSON as WriteRecordJson writes it, kept by this thread (with
// the schema and row it was made from, so neither address is reused) until
// the next call; WriteRecordJson of that same schema and row copies these
// bytes meanwhile. A write's webhook body and the write's answer render the
// same row one after the other on the same thread: the row is rendered once
// (server/webhooks/payload.h).
std::string_view RememberRecordJson(const storage::ObjectSchemaPtr& schema, const storage::RowRef& row);

// Appends the value of one slot, read as `kind`, exactly as WriteRecordJson
// writes it inside a record (null when the slot is null). GraphQL's record
// fields write their values through it, so both APIs render a stored value
// with the same bytes (server/graphql/core_resolvers_query.cpp).
void AppendSlotJson(const storage::Row& row, uint16_t slot, storage::SlotKind kind, rapidjson::StringBuffer& out);

// One record's JSON object written in a single pass straight into `out`'s
// buffer, with what REST adds to it: its own fields (all of them, or with
// `keys` only the keys it names, in the record's order: ?fields=), then the
// members the caller appends (depth=1 relations), then Close(). `out` takes
// no other call until Close(). The same layout rules as WriteRecordJson.
class RecordObjectWriter {
 public:
  RecordObjectWriter(const storage::ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out,
                     const std::vector<std::string>* keys = nullptr);
  RecordObjectWriter(const RecordObjectWriter&) = delete;
  RecordObjectWriter& operator=(const RecordObjectWriter&) = delete;

  // `"key":`, after a comma when the object has members already; then one
  // value: Null(), Record(), or StartArray() ... EndArray().
  void Key(std::string_view key);
  void Null();
  // A related record with all its own fields (inside an array: one item).
  void Record(const storage::ObjectSchema& schema, const storage::Row& row);
  void StartArray();
  void EndArray();
  // The closing brace; the object is then one complete value of `out`.
  void Close();

 private:
  rapidjson::StringBuffer& buffer_;
  uint64_t document_id_;
  bool has_members_ = false;
  bool in_array_ = false;
  bool array_has_items_ = false;
};

}  // namespace vingt::server

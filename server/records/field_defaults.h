// Field defaults: what a record created now holds for the fields its body
// leaves out, and (ApplyFieldDefault, declared in record_codec.h) what
// existing records get for a new field. Internal to server/records: the
// decoder applies them first on every create.
//
// FieldSchema::default_value_json holds Twenty's metadata defaultValue:
// SQL-like literals ("'NEW'", "false", "0", "now", "uuid"), possibly as a
// JSON string ("\"'NEW'\""), and for composites an object of those
// ({"firstName":"''","additionalEmails":null}).
#pragma once

#include <cstddef>
#include <cstdint>

#include "protocol/json_fwd.h"
#include "server/records/record_codec.h"
#include "storage/row.h"
#include "storage/schema.h"

namespace vingt::server {

// Inner parser for JSON carried inside strings (RAW_JSON given as text,
// composite defaults). Separate from the caller's parser, whose elements
// must stay valid while we work. One per thread, shared with the decoder.
simdjson::dom::parser& InnerParser();

// True when the field has a default other than null.
bool HasDefault(const storage::FieldSchema& f);

// createdBy and updatedBy, the actors the server stamps.
bool IsSystemActor(const storage::FieldSchema& f);

// Writes the API actor into the four ACTOR slots from `first_slot`:
// {"source":"API","workspaceMemberId":null,"name":<actor_name>,"context":{}}.
void SetApiActor(uint16_t first_slot, const WriteContext& ctx, storage::RowBuilder* b);

// True for the id, createdAt, updatedAt and deletedAt slots.
bool IsSystemSlot(const storage::ObjectSchema& schema, size_t slot);

// Writes every field's value for a record created now, before the body is
// decoded over it: the defaults, a random id, createdAt = updatedAt = now,
// the API actor; null join columns, search vector and position (the caller
// assigns it).
void ApplyCreateDefaults(const storage::ObjectSchema& schema, const WriteContext& ctx, storage::RowBuilder* b);

}  // namespace vingt::server

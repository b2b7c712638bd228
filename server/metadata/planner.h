// The metadata planner: pure functions from the workspace's current objects
// and one request to the MetadataChange that carries it out, or to the error
// Twenty would answer. Nothing here locks, logs or writes; the caller holds
// Workspace::LockMetadata() across Plan* and CommitMetadata (see
// server/metadata/commit.h), so REST and GraphQL share every rule.
//
// Errors are Status values: NotFound for an unknown object or field (REST
// 404), InvalidArgument for everything else (REST 400), each with Twenty's
// message and its exception code as detail code (INVALID_OBJECT_INPUT,
// OBJECT_ALREADY_EXISTS, INVALID_FIELD_INPUT, ...).
//
// What the planner builds follows Twenty's 2025 metadata services
// (object-metadata.service, object-metadata-field-relation.service,
// field-metadata.service, field-metadata-relation.service, the enum and
// settings validators); where vingt differs, the function says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/schema.h"
#include "common/status.h"
#include "storage/uuid.h"
#include "storage/workspace.h"

namespace vingt::server::metadata {

using Objects = std::vector<storage::ObjectSchemaPtr>;

// ---- inputs (REST bodies and GraphQL input objects map onto these) ----

struct CreateObjectInput {
  std::string name_singular;
  std::string name_plural;
  std::string label_singular;
  std::string label_plural;
  std::string description;  // "" = null
  std::string icon;
  std::string shortcut;
  bool is_label_synced_with_name = false;
  bool is_remote = false;
};

// Absent members are left as they are. An empty string clears a nullable
// text (description, icon, shortcut); nullopt inside an identifier clears it.
struct UpdateObjectInput {
  std::optional<std::string> name_singular, name_plural, label_singular, label_plural;
  std::optional<std::string> description, icon, shortcut;
  std::optional<bool> is_active, is_label_synced_with_name;
  std::optional<std::optional<storage::Uuid>> label_identifier_field_id, image_identifier_field_id;
  // The keys present in the request, in order (Twenty names the ones a
  // standard object refuses).
  std::vector<std::string> keys;
};

struct OptionInput {
  std::optional<std::string> id;  // generated when absent
  std::optional<std::string> value;
  std::optional<std::string> label;
  std::optional<std::string> color;
  std::optional<double> position;  // index in the list when absent
};

struct RelationCreationInput {
  std::optional<storage::Uuid> target_object_id;
  std::optional<std::string> type;  // "MANY_TO_ONE" / "ONE_TO_MANY": the new field's side
  std::optional<std::string> target_field_label;
  std::optional<std::string> target_field_icon;
};

struct CreateFieldInput {
  storage::Uuid object_id;
  std::string type;  // Twenty's type name, checked by the planner
  std::string name;
  std::string label;
  std::string description;
  std::string icon;
  std::optional<bool> is_nullable, is_unique, is_label_synced_with_name;
  // JSON text; "null" stands for an explicit null.
  std::optional<std::string> default_value_json;
  std::optional<std::vector<OptionInput>> options;
  std::optional<std::string> settings_json;  // a JSON object or "null"
  std::optional<RelationCreationInput> relation;
};

struct UpdateFieldInput {
  std::optional<std::string> name, label, description, icon;
  std::optional<bool> is_active, is_nullable, is_unique, is_label_synced_with_name;
  std::optional<std::string> default_value_json;  // "null" = set to null
  std::optional<std::vector<OptionInput>> options;
  std::optional<std::string> settings_json;
  std::vector<std::string> keys;
};

// ---- output ----

// SELECT / MULTI_SELECT values that an options update renamed (same option
// id, new value) or removed. Existing records still hold the old values;
// the commit rewrites them in the same WAL record (RowMigrationsFor,
// commit.h), as Twenty's enum column migration does (renamed values follow their
// option, removed ones become the default or null, or leave the list).
struct OptionValueMigration {
  storage::Uuid object_id;
  storage::Uuid field_id;
  std::vector<std::pair<std::string, std::string>> renamed;  // old value, new value
  std::vector<std::string> removed;
};

struct FieldBackfill {
  storage::Uuid object_id;
  storage::Uuid field_id;
  int64_t now_ms = 0;  // what a "now" default means
};

struct Plan {
  storage::MetadataChange change;
  storage::Uuid object_id;  // the object created / updated / deleted, or the field's object
  storage::Uuid field_id;   // the field created / updated / deleted (nil for object plans)
  // Deletes answer with what was deleted.
  std::optional<storage::ObjectSchema> deleted_object;
  std::optional<storage::FieldSchema> deleted_field;
  std::optional<OptionValueMigration> migration;
  // A field added to an object that may hold records: existing records get
  // its default (RowMigrationsFor, commit.h), as Postgres' ADD COLUMN
  // ... DEFAULT gives Twenty's existing rows.
  std::optional<FieldBackfill> backfill;
};

// ---- the plans ----

Result<Plan> PlanCreateObject(const Objects& objects, const storage::Uuid& workspace_id,
                                       const CreateObjectInput& input, int64_t now_ms);
Result<Plan> PlanUpdateObject(const Objects& objects, const storage::Uuid& object_id,
                                       const UpdateObjectInput& input, int64_t now_ms);
Result<Plan> PlanDeleteObject(const Objects& objects, const storage::Uuid& object_id, int64_t now_ms);
Result<Plan> PlanCreateField(const Objects& objects, const CreateFieldInput& input, int64_t now_ms);
Result<Plan> PlanUpdateField(const Objects& objects, const storage::Uuid& field_id,
                                      const UpdateFieldInput& input, int64_t now_ms);
Result<Plan> PlanDeleteField(const Objects& objects, const storage::Uuid& field_id, int64_t now_ms);

// ---- lookups shared with the writers and handlers ----

const storage::ObjectSchema* FindObjectById(const Objects& objects, const storage::Uuid& id);
const storage::ObjectSchema* FindObjectBySingular(const Objects& objects, std::string_view name_singular);
const storage::ObjectSchema* FindObjectByPlural(const Objects& objects, std::string_view name_plural);
// The field with this id and its object; {nullptr, nullptr} if none.
std::pair<const storage::ObjectSchema*, const storage::FieldSchema*> FindFieldById(const Objects& objects,
                                                                                   const storage::Uuid& id);
// FieldSchema::default_value_json as one JSON value: the standard objects
// store Twenty's literals bare ('NEW', now, 0), the API stores what the
// client sent (JSON); "null" when empty.
std::string DefaultValueJson(std::string_view stored);
// The other side of a relation field (its target object's inverse field).
const storage::FieldSchema* InverseField(const Objects& objects, const storage::FieldSchema& field,
                                         const storage::ObjectSchema** target_object = nullptr);

}  // namespace vingt::server::metadata

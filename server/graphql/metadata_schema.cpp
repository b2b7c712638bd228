#include "server/graphql/metadata_schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "protocol/graphql/input_value.h"
#include "protocol/graphql/resolver.h"
#include "protocol/graphql/schema_builder.h"
#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "server/api_errors.h"
#include "server/records/cursor.h"
#include "server/graphql/metadata_filters.h"
#include "server/graphql/metadata_paging.h"
#include "server/graphql/metadata_webhooks.h"
#include "server/graphql/request_context.h"
#include "server/metadata/commit.h"
#include "server/metadata/id_page.h"
#include "server/metadata/inputs.h"
#include "server/metadata/metadata_json.h"
#include "server/metadata/planner.h"
#include "server/metadata/dto_properties.h"
#include "storage/field_type.h"
#include "storage/schema.h"
#include "storage/uuid.h"

namespace vingt::server::graphql {
namespace {

namespace gql = protocol::graphql;
using gql::FieldError;
using gql::InputValue;
using gql::ResolvedValue;
using gql::ResolverContext;
using metadata::Objects;
using storage::FieldSchema;
using storage::ObjectSchema;
using storage::Uuid;

// ---- per-request data ----
//
// A root field builds one Snapshot (the workspace's objects as the field
// saw them) and hands it out owned; everything below points into it. The
// snapshot rides in ObjectRef::tag, so sub-resolvers need no lookups.

struct FieldNode {
  const ObjectSchema* owner;
  const FieldSchema* field;
};

struct RelationNode {
  storage::RelationType type;
  const ObjectSchema* source_object;
  const FieldNode* source_field;
  const ObjectSchema* target_object;
  const FieldNode* target_field;
};

struct Edge {
  const void* node;  // ObjectSchema* or FieldNode*
  std::string cursor;
};

struct Connection {
  std::vector<Edge> edges;
  bool has_next = false;
  bool has_previous = false;
};

struct Snapshot {
  Objects objects;
  // What a delete answers with, no longer among `objects`.
  std::optional<ObjectSchema> deleted_object;
  std::optional<FieldSchema> deleted_field;
  // Stable addresses for the nodes handed out.
  std::deque<FieldNode> field_nodes;
  std::deque<RelationNode> relations;
  std::deque<Connection> connections;

  const FieldNode* Node(const ObjectSchema* owner, const FieldSchema* field) {
    return &field_nodes.emplace_back(FieldNode{owner, field});
  }
};

Snapshot& SnapOf(const ResolverContext& c) { return *reinterpret_cast<Snapshot*>(c.source().tag); }
int64_t Tag(Snapshot& s) { return reinterpret_cast<int64_t>(&s); }
const ObjectSchema& Obj(const ResolverContext& c) { return c.Source<ObjectSchema>(); }
const FieldNode& Fld(const ResolverContext& c) { return c.Source<FieldNode>(); }

RequestContext& Ctx(const ResolverContext& c) { return *static_cast<RequestContext*>(c.user_context()); }

// The root value of a field: the snapshot owns everything; `node` is what
// sub-fields see as their source.
ResolvedValue Root(std::shared_ptr<Snapshot> snap, const void* node) {
  const int64_t tag = Tag(*snap);
  return ResolvedValue::Owned(std::shared_ptr<const void>(snap, node), tag);
}

std::shared_ptr<Snapshot> CurrentSnapshot(const ResolverContext& c) {
  auto snap = std::make_shared<Snapshot>();
  snap->objects = Ctx(c).call->workspace->Objects();
  return snap;
}

// ---- errors ----

FieldError ErrorOf(const Status& s) { return GraphqlErrorFromStatus(s, SubCode::kOmit); }

ResolvedValue UserInputError(std::string message) { return ResolvedValue::Error(std::move(message), "BAD_USER_INPUT"); }

// ---- leaves ----

ResolvedValue StringOrNull(std::string_view s) {
  return s.empty() ? ResolvedValue::Null() : ResolvedValue::StringView(s);
}

ResolvedValue Time(int64_t ms) {
  std::string text;
  protocol::FormatIsoDateTime(ms, &text);
  return ResolvedValue::String(std::move(text));
}

ResolvedValue FieldIdByName(const ObjectSchema& o, std::string_view name) {
  const FieldSchema* f = name.empty() ? nullptr : o.FindField(name);
  return f ? ResolvedValue::String(f->id.ToString()) : ResolvedValue::Null();
}

// ---- filters and paging: metadata_filters.h, metadata_paging.h ----

// `items` sorted by id descending (ids given). Fills the connection with the page.
void SelectPage(const std::vector<std::pair<Uuid, const void*>>& items, const PageArgs& args, Connection* out) {
  std::vector<Uuid> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.first);
  metadata::IdPageRequest request;
  request.descending = true;
  request.after = args.after;
  request.before = args.before;
  if (args.first) request.first = static_cast<size_t>(*args.first);
  if (args.last) request.last = static_cast<size_t>(*args.last);
  const metadata::IdPage page = metadata::SelectIdPage(ids, request);
  out->has_previous = page.has_previous;
  out->has_next = page.has_next;
  out->edges.reserve(page.end - page.begin);
  for (size_t i = page.begin; i < page.end; ++i) out->edges.push_back({items[i].second, EncodeIdCursor(items[i].first)});
}

// ---- connections ----

ResolvedValue ObjectsConnection(Snapshot& snap, const ResolverContext& c, Connection** out) {
  PageArgs args;
  if (auto error = ReadPaging(c.Arg("paging"), &args)) return UserInputError(*error);
  const InputValue* filter = c.Arg("filter");
  std::vector<std::pair<Uuid, const void*>> items;
  for (const auto& o : snap.objects) {
    if (MatchObject(filter, *o, o->id.ToString())) items.emplace_back(o->id, o.get());
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return b.first < a.first; });
  Connection& connection = snap.connections.emplace_back();
  SelectPage(items, args, &connection);
  *out = &connection;
  return ResolvedValue::Null();
}

ResolvedValue FieldsConnection(Snapshot& snap, const ResolverContext& c, const ObjectSchema* only,
                               Connection** out) {
  PageArgs args;
  if (auto error = ReadPaging(c.Arg("paging"), &args)) return UserInputError(*error);
  const InputValue* filter = c.Arg("filter");
  std::vector<std::pair<Uuid, const void*>> items;
  auto add = [&](const ObjectSchema& o) {
    for (const FieldSchema& f : o.fields) {
      if (MatchField(filter, f, f.id.ToString(), o.id.ToString())) items.emplace_back(f.id, snap.Node(&o, &f));
    }
  };
  if (only) {
    add(*only);
  } else {
    for (const auto& o : snap.objects) add(*o);
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return b.first < a.first; });
  Connection& connection = snap.connections.emplace_back();
  SelectPage(items, args, &connection);
  *out = &connection;
  return ResolvedValue::Null();
}

// ---- mutations' inputs (server/metadata/inputs.h) ----

using metadata::Member;

Uuid IdArg(const InputValue* input) {
  const InputValue* id = Member(input, "id");
  if (id && id->kind() == InputValue::Kind::kString)
    if (auto parsed = Uuid::Parse(id->AsString())) return *parsed;
  return Uuid();
}

// Plans and commits under the workspace's metadata lock; the transport
// awaits durability of the LSN noted here before answering.
Result<metadata::Committed> Commit(const ResolverContext& c, const metadata::PlanFn& plan) {
  RequestContext& ctx = Ctx(c);
  auto done = metadata::PlanAndCommit(*ctx.call->workspace, plan);
  if (done.ok()) ctx.NoteWrite(done->lsn);
  return done;
}

std::shared_ptr<Snapshot> SnapshotAfter(metadata::Committed& done) {
  auto snap = std::make_shared<Snapshot>();
  snap->objects = std::move(done.objects);
  return snap;
}

// The answer of a create / update mutation: the object (or field) the plan
// names, as the committed change left it; `missing_code` if it is gone.
ResolvedValue ObjectAnswer(Result<metadata::Committed>& done, const char* missing_code) {
  if (!done.ok()) return ResolvedValue::Error(ErrorOf(done.status()));
  auto snap = SnapshotAfter(*done);
  const ObjectSchema* object = metadata::FindObjectById(snap->objects, done->plan.object_id);
  if (!object) return ResolvedValue::Error("Object metadata does not exist", missing_code);
  return Root(snap, object);
}

ResolvedValue FieldAnswer(Result<metadata::Committed>& done, const char* missing_code) {
  if (!done.ok()) return ResolvedValue::Error(ErrorOf(done.status()));
  auto snap = SnapshotAfter(*done);
  auto [owner, field] = metadata::FindFieldById(snap->objects, done->plan.field_id);
  if (!field) return ResolvedValue::Error("Field metadata does not exist", missing_code);
  return Root(snap, snap->Node(owner, field));
}

// ---- the schema ----

void DeclareScalarsAndEnums(gql::SchemaBuilder& b) {
  b.Scalar("UUID", "A UUID scalar type").Parse([](const InputValue& raw) {
    if (raw.kind() != InputValue::Kind::kString)
      return gql::ScalarParseResult::Fail("UUID must be a string", true);
    if (!Uuid::Parse(raw.AsString())) return gql::ScalarParseResult::Fail("Invalid UUID", true);
    return gql::ScalarParseResult::Ok(raw);
  });
  b.Scalar("DateTime",
           "A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.");
  b.Scalar("JSON",
           "The `JSON` scalar type represents JSON values as specified by "
           "[ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf).")
      .SpecifiedBy("http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf");
  b.Scalar("ConnectionCursor", "Cursor for paging through collections");

  gql::EnumTypeBuilder& types = b.Enum("FieldMetadataType", "Type of the field");
  for (int t = 0; t <= static_cast<int>(storage::FieldType::kFiles); ++t)
    types.Value(std::string(storage::FieldTypeName(static_cast<storage::FieldType>(t))));
  b.Enum("RelationType", "Relation type").Value("MANY_TO_ONE").Value("ONE_TO_MANY");
}

void DeclareInputs(gql::SchemaBuilder& b) {
  b.InputObject("CursorPaging")
      .Field("before", "ConnectionCursor").FieldDescription("Paginate before opaque cursor")
      .Field("after", "ConnectionCursor").FieldDescription("Paginate after opaque cursor")
      .Field("first", "Int").FieldDescription("Paginate first")
      .Field("last", "Int").FieldDescription("Paginate last");
  b.InputObject("BooleanFieldComparison").Field("is", "Boolean").Field("isNot", "Boolean");
  gql::InputObjectTypeBuilder& uuid = b.InputObject("UUIDFilterComparison");
  uuid.Field("is", "Boolean").Field("isNot", "Boolean");
  for (const char* op : {"eq", "neq", "gt", "gte", "lt", "lte", "like", "notLike", "iLike", "notILike"})
    uuid.Field(op, "UUID");
  uuid.Field("in", "[UUID!]").Field("notIn", "[UUID!]");

  gql::InputObjectTypeBuilder& object_filter = b.InputObject("ObjectFilter");
  object_filter.Field("and", "[ObjectFilter!]").Field("or", "[ObjectFilter!]").Field("id", "UUIDFilterComparison");
  for (const char* flag : {"isCustom", "isRemote", "isActive", "isSystem", "isUIEditable", "isUICreatable",
                           "isUIReadOnly", "isSearchable"})
    object_filter.Field(flag, "BooleanFieldComparison");
  gql::InputObjectTypeBuilder& field_filter = b.InputObject("FieldFilter");
  field_filter.Field("and", "[FieldFilter!]").Field("or", "[FieldFilter!]").Field("id", "UUIDFilterComparison");
  for (const char* flag : {"isCustom", "isActive", "isSystem", "isUIEditable", "isUIReadOnly"})
    field_filter.Field(flag, "BooleanFieldComparison");
  field_filter.Field("objectMetadataId", "UUIDFilterComparison");

  // Twenty 2.x metadata enums (object-metadata and field-metadata DTOs).
  b.Enum("ObjectOpenRecordIn", "How a record of the object opens").Value("SIDE_PANEL").Value("RECORD_PAGE").Value(
      "USER_CHOICE");
  b.Enum("MetadataReadability", "Who may read the records").Value("OPEN").Value("PRIVATE").Value("INHERITED").Value(
      "SYSTEM");
  b.Enum("MetadataWritability", "Who may change the metadata").Value("OPEN").Value("APPLICATION").Value("SYSTEM");

  b.InputObject("CreateObjectInput")
      .Field("nameSingular", "String!")
      .Field("namePlural", "String!")
      .Field("labelSingular", "String!")
      .Field("labelPlural", "String!")
      .Field("description", "String")
      .Field("icon", "String")
      .Field("shortcut", "String")
      .Field("isRemote", "Boolean")
      .Field("primaryKeyColumnType", "String")
      .Field("primaryKeyFieldMetadataSettings", "JSON")
      .Field("isLabelSyncedWithName", "Boolean");
  b.InputObject("CreateOneObjectInput").Field("object", "CreateObjectInput!").FieldDescription("The object to create");
  b.InputObject("UpdateObjectPayload")
      .Field("labelSingular", "String")
      .Field("labelPlural", "String")
      .Field("nameSingular", "String")
      .Field("namePlural", "String")
      .Field("description", "String")
      .Field("icon", "String")
      .Field("shortcut", "String")
      .Field("isActive", "Boolean")
      .Field("labelIdentifierFieldMetadataId", "UUID")
      .Field("imageIdentifierFieldMetadataId", "UUID")
      .Field("isLabelSyncedWithName", "Boolean");
  b.InputObject("UpdateOneObjectInput")
      .Field("update", "UpdateObjectPayload!").FieldDescription("The object fields to update")
      .Field("id", "UUID!").FieldDescription("The id of the object to update");
  b.InputObject("DeleteOneObjectInput").Field("id", "UUID!").FieldDescription("The id of the record to delete.");

  b.InputObject("CreateFieldInput")
      .Field("type", "FieldMetadataType!")
      .Field("name", "String!")
      .Field("label", "String!")
      .Field("description", "String")
      .Field("icon", "String")
      .Field("isCustom", "Boolean")
      .Field("isActive", "Boolean")
      .Field("isSystem", "Boolean")
      .Field("isNullable", "Boolean")
      .Field("isUnique", "Boolean")
      .Field("defaultValue", "JSON")
      .Field("options", "JSON")
      .Field("settings", "JSON")
      .Field("isLabelSyncedWithName", "Boolean")
      .Field("objectMetadataId", "UUID!")
      .Field("isRemoteCreation", "Boolean")
      .Field("relationCreationPayload", "JSON")
      .Field("morphRelationsCreationPayload", "[JSON!]");
  b.InputObject("CreateOneFieldMetadataInput")
      .Field("field", "CreateFieldInput!").FieldDescription("The record to create");
  b.InputObject("UpdateFieldInput")
      .Field("name", "String")
      .Field("label", "String")
      .Field("description", "String")
      .Field("icon", "String")
      .Field("isActive", "Boolean")
      .Field("isSystem", "Boolean")
      .Field("isNullable", "Boolean")
      .Field("isUnique", "Boolean")
      .Field("defaultValue", "JSON")
      .Field("options", "JSON")
      .Field("settings", "JSON")
      .Field("isLabelSyncedWithName", "Boolean")
      .Field("morphRelationsUpdatePayload", "[JSON!]");
  b.InputObject("UpdateOneFieldMetadataInput")
      .Field("id", "UUID!").FieldDescription("The id of the record to update")
      .Field("update", "UpdateFieldInput!").FieldDescription("The record to update");
  b.InputObject("DeleteOneFieldInput").Field("id", "UUID!").FieldDescription("The id of the field to delete.");
}

void DeclareConnections(gql::SchemaBuilder& b) {
  b.Object("PageInfo")
      .Field("hasNextPage", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(c.Source<Connection>().has_next); })
      .Description("true if paging forward and there are more records.")
      .Field("hasPreviousPage", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(c.Source<Connection>().has_previous); })
      .Description("true if paging backwards and there are more records.")
      .Field("startCursor", "ConnectionCursor",
             [](const ResolverContext& c) {
               const auto& edges = c.Source<Connection>().edges;
               return edges.empty() ? ResolvedValue::Null() : ResolvedValue::StringView(edges.front().cursor);
             })
      .Description("The cursor of the first returned record.")
      .Field("endCursor", "ConnectionCursor",
             [](const ResolverContext& c) {
               const auto& edges = c.Source<Connection>().edges;
               return edges.empty() ? ResolvedValue::Null() : ResolvedValue::StringView(edges.back().cursor);
             })
      .Description("The cursor of the last returned record.");

  auto connection = [&b](const std::string& name, const std::string& edge, const std::string& node) {
    b.Object(edge)
        .Field("node", node + "!",
               [](const ResolverContext& c) {
                 return ResolvedValue::Object(c.Source<Edge>().node, c.source().tag);
               })
        .Description("The node containing the " + node)
        .Field("cursor", "ConnectionCursor!",
               [](const ResolverContext& c) { return ResolvedValue::StringView(c.Source<Edge>().cursor); })
        .Description("Cursor for this node.");
    b.Object(name)
        .Field("pageInfo", "PageInfo!",
               [](const ResolverContext& c) { return ResolvedValue::Object(c.source().ptr, c.source().tag); })
        .Description("Paging information")
        .Field("edges", "[" + edge + "!]!", [](const ResolverContext& c) {
          std::vector<ResolvedValue> items;
          const Connection& conn = c.Source<Connection>();
          items.reserve(conn.edges.size());
          for (const Edge& e : conn.edges) items.push_back(ResolvedValue::Object(&e, c.source().tag));
          return ResolvedValue::List(std::move(items));
        })
        .Description("Array of edges.");
  };
  connection("ObjectConnection", "ObjectEdge", "Object");
  connection("FieldConnection", "FieldEdge", "Field");
  // Object.fields shares FieldEdge, as nestjs-query's CursorConnection does.
  b.Object("ObjectFieldsConnection")
      .Field("pageInfo", "PageInfo!",
             [](const ResolverContext& c) { return ResolvedValue::Object(c.source().ptr, c.source().tag); })
      .Description("Paging information")
      .Field("edges", "[FieldEdge!]!", [](const ResolverContext& c) {
        std::vector<ResolvedValue> items;
        const Connection& conn = c.Source<Connection>();
        for (const Edge& e : conn.edges) items.push_back(ResolvedValue::Object(&e, c.source().tag));
        return ResolvedValue::List(std::move(items));
      })
      .Description("Array of edges.");
}

void DeclareObject(gql::SchemaBuilder& b) {
  b.Object("Object")
      .Field("id", "UUID!", [](const ResolverContext& c) { return ResolvedValue::String(Obj(c).id.ToString()); })
      .Field("nameSingular", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(Obj(c).name_singular); })
      .Field("namePlural", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(Obj(c).name_plural); })
      .Field("labelSingular", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(Obj(c).label_singular); })
      .Field("labelPlural", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(Obj(c).label_plural); })
      .Field("description", "String", [](const ResolverContext& c) { return StringOrNull(Obj(c).description); })
      .Field("icon", "String", [](const ResolverContext& c) { return StringOrNull(Obj(c).icon); })
      .Field("shortcut", "String", [](const ResolverContext& c) { return StringOrNull(Obj(c).shortcut); })
      .Field("isCustom", "Boolean!", [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_custom); })
      .Field("isRemote", "Boolean!", [](const ResolverContext&) { return ResolvedValue::Bool(false); })
      .Field("isActive", "Boolean!", [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_active); })
      .Field("isSystem", "Boolean!", [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_system); })
      .Field("isUIReadOnly", "Boolean!",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_ui_readonly); })
      .Field("isSearchable", "Boolean!",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_searchable); })
      // Twenty 2.x properties (server/metadata/dto_properties.h).
      .Field("universalIdentifier", "String!",
             [](const ResolverContext& c) { return ResolvedValue::String(Obj(c).id.ToString()); })
      .Field("color", "String", [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("isUIEditable", "Boolean!",
             [](const ResolverContext& c) { return ResolvedValue::Bool(!Obj(c).is_ui_readonly); })
      .Field("isUICreatable", "Boolean!", [](const ResolverContext&) { return ResolvedValue::Bool(true); })
      .Field("openRecordIn", "ObjectOpenRecordIn!",
             [](const ResolverContext&) { return ResolvedValue::StringView(metadata::kObjectOpenRecordIn); })
      .Field("readability", "MetadataReadability!",
             [](const ResolverContext&) { return ResolvedValue::StringView(metadata::kObjectReadability); })
      .Field("readabilityParentFieldUniversalIdentifiers", "[UUID!]",
             [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("writability", "MetadataWritability!",
             [](const ResolverContext&) { return ResolvedValue::StringView(metadata::kObjectWritability); })
      .Field("applicationId", "UUID", [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("createdAt", "DateTime!", [](const ResolverContext& c) { return Time(Obj(c).created_at_ms); })
      .Field("updatedAt", "DateTime!", [](const ResolverContext& c) { return Time(Obj(c).updated_at_ms); })
      .Field("labelIdentifierFieldMetadataId", "UUID",
             [](const ResolverContext& c) { return FieldIdByName(Obj(c), Obj(c).label_identifier_field); })
      .Field("imageIdentifierFieldMetadataId", "UUID",
             [](const ResolverContext& c) { return FieldIdByName(Obj(c), Obj(c).image_identifier_field); })
      .Field("isLabelSyncedWithName", "Boolean!",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Obj(c).is_label_synced_with_name); })
      .Field("duplicateCriteria", "[[String!]!]",
             [](const ResolverContext& c) {
               const auto& criteria = Obj(c).duplicate_criteria;
               if (criteria.empty()) return ResolvedValue::Null();
               std::vector<ResolvedValue> outer;
               for (const auto& group : criteria) {
                 std::vector<ResolvedValue> inner;
                 for (const auto& column : group) inner.push_back(ResolvedValue::StringView(column));
                 outer.push_back(ResolvedValue::List(std::move(inner)));
               }
               return ResolvedValue::List(std::move(outer));
             })
      .Field("fields", "ObjectFieldsConnection!",
             [](const ResolverContext& c) {
               Snapshot& snap = SnapOf(c);
               Connection* connection = nullptr;
               ResolvedValue error = FieldsConnection(snap, c, &Obj(c), &connection);
               if (!connection) return error;
               return ResolvedValue::Object(connection, c.source().tag);
             })
      .Arg("paging", "CursorPaging", gql::DefaultLiteral("{first: 10}"))
      .Arg("filter", "FieldFilter", gql::DefaultLiteral("{}"));
}

void DeclareField(gql::SchemaBuilder& b) {
  b.Object("Field")
      .Field("id", "UUID!",
             [](const ResolverContext& c) { return ResolvedValue::String(Fld(c).field->id.ToString()); })
      .Field("type", "FieldMetadataType!",
             [](const ResolverContext& c) {
               return ResolvedValue::StringView(storage::FieldTypeName(Fld(c).field->type));
             })
      .Field("name", "String!", [](const ResolverContext& c) { return ResolvedValue::StringView(Fld(c).field->name); })
      .Field("label", "String!",
             [](const ResolverContext& c) { return ResolvedValue::StringView(Fld(c).field->label); })
      .Field("description", "String",
             [](const ResolverContext& c) { return StringOrNull(Fld(c).field->description); })
      .Field("icon", "String", [](const ResolverContext& c) { return StringOrNull(Fld(c).field->icon); })
      .Field("isCustom", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_custom); })
      .Field("isActive", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_active); })
      .Field("isSystem", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_system); })
      .Field("isUIReadOnly", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_ui_readonly); })
      .Field("isNullable", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_nullable); })
      .Field("isUnique", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_unique); })
      .Field("defaultValue", "JSON",
             [](const ResolverContext& c) {
               return ResolvedValue::RawJson(metadata::DefaultValueJson(Fld(c).field->default_value_json));
             })
      .Field("options", "JSON",
             [](const ResolverContext& c) {
               if (Fld(c).field->options.empty()) return ResolvedValue::Null();
               protocol::JsonWriter w;
               metadata::WriteOptionsJson(w, *Fld(c).field);
               return ResolvedValue::RawJson(w.Take());
             })
      .Field("settings", "JSON",
             [](const ResolverContext& c) {
               const std::string& settings = Fld(c).field->settings_json;
               return settings.empty() ? ResolvedValue::Null() : ResolvedValue::RawJsonView(settings);
             })
      .Field("objectMetadataId", "UUID!",
             [](const ResolverContext& c) { return ResolvedValue::String(Fld(c).owner->id.ToString()); })
      .Field("isLabelSyncedWithName", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(Fld(c).field->is_label_synced_with_name); })
      // Twenty 2.x properties (server/metadata/dto_properties.h).
      .Field("universalIdentifier", "String!",
             [](const ResolverContext& c) { return ResolvedValue::String(Fld(c).field->id.ToString()); })
      .Field("isUIEditable", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(!Fld(c).field->is_ui_readonly); })
      .Field("isSearchable", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(metadata::IsSearchableField(*Fld(c).owner, *Fld(c).field)); })
      .Field("isAuditLogged", "Boolean",
             [](const ResolverContext& c) { return ResolvedValue::Bool(metadata::IsAuditLoggedField(*Fld(c).field)); })
      .Field("writability", "MetadataWritability",
             [](const ResolverContext& c) { return ResolvedValue::StringView(metadata::FieldWritability(*Fld(c).field)); })
      .Field("morphId", "UUID", [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("applicationId", "UUID", [](const ResolverContext&) { return ResolvedValue::Null(); })
      .Field("createdAt", "DateTime!", [](const ResolverContext& c) { return Time(Fld(c).field->created_at_ms); })
      .Field("updatedAt", "DateTime!", [](const ResolverContext& c) { return Time(Fld(c).field->updated_at_ms); })
      .Field("relation", "Relation",
             [](const ResolverContext& c) {
               const FieldNode& node = Fld(c);
               if (!node.field->relation) return ResolvedValue::Null();
               Snapshot& snap = SnapOf(c);
               const ObjectSchema* target = nullptr;
               const FieldSchema* inverse = metadata::InverseField(snap.objects, *node.field, &target);
               if (!target || !inverse) return ResolvedValue::Null();
               RelationNode& rel = snap.relations.emplace_back(RelationNode{
                   node.field->relation->type, node.owner, &node, target, snap.Node(target, inverse)});
               return ResolvedValue::Object(&rel, c.source().tag);
             })
      .Field("object", "Object", [](const ResolverContext& c) {
        return ResolvedValue::Object(Fld(c).owner, c.source().tag);
      });

  b.Object("Relation")
      .Field("type", "RelationType!",
             [](const ResolverContext& c) {
               return ResolvedValue::StringView(storage::RelationTypeName(c.Source<RelationNode>().type));
             })
      .Field("sourceObjectMetadata", "Object!",
             [](const ResolverContext& c) {
               return ResolvedValue::Object(c.Source<RelationNode>().source_object, c.source().tag);
             })
      .Field("targetObjectMetadata", "Object!",
             [](const ResolverContext& c) {
               return ResolvedValue::Object(c.Source<RelationNode>().target_object, c.source().tag);
             })
      .Field("sourceFieldMetadata", "Field!",
             [](const ResolverContext& c) {
               return ResolvedValue::Object(c.Source<RelationNode>().source_field, c.source().tag);
             })
      .Field("targetFieldMetadata", "Field!", [](const ResolverContext& c) {
        return ResolvedValue::Object(c.Source<RelationNode>().target_field, c.source().tag);
      });
}

// Root fields build their snapshot; NOT_FOUND texts are Twenty's
// (object-metadata / field-metadata services).
void DeclareQuery(gql::SchemaBuilder& b) {
  gql::ObjectTypeBuilder& query = b.Object("Query");
  query
      .Field("objects", "ObjectConnection!",
             [](const ResolverContext& c) {
               auto snap = CurrentSnapshot(c);
               Connection* connection = nullptr;
               ResolvedValue error = ObjectsConnection(*snap, c, &connection);
               if (!connection) return error;
               return Root(snap, connection);
             })
      .Arg("paging", "CursorPaging", gql::DefaultLiteral("{first: 10}"))
      .Arg("filter", "ObjectFilter", gql::DefaultLiteral("{}"))
      .Field("object", "Object!",
             [](const ResolverContext& c) {
               auto snap = CurrentSnapshot(c);
               const InputValue* arg = c.Arg("id");
               std::optional<Uuid> parsed = arg ? Uuid::Parse(arg->AsString()) : std::nullopt;
               const ObjectSchema* o = parsed ? metadata::FindObjectById(snap->objects, *parsed) : nullptr;
               if (!o) return ResolvedValue::Error("Object metadata does not exist", "NOT_FOUND");
               return Root(snap, o);
             })
      .Arg("id", "UUID!")
      .Field("fields", "FieldConnection!",
             [](const ResolverContext& c) {
               auto snap = CurrentSnapshot(c);
               Connection* connection = nullptr;
               ResolvedValue error = FieldsConnection(*snap, c, nullptr, &connection);
               if (!connection) return error;
               return Root(snap, connection);
             })
      .Arg("paging", "CursorPaging", gql::DefaultLiteral("{first: 10}"))
      .Arg("filter", "FieldFilter", gql::DefaultLiteral("{}"))
      .Field("field", "Field!",
             [](const ResolverContext& c) {
               auto snap = CurrentSnapshot(c);
               const InputValue* arg = c.Arg("id");
               std::optional<Uuid> parsed = arg ? Uuid::Parse(arg->AsString()) : std::nullopt;
               auto [owner, field] =
                   parsed ? metadata::FindFieldById(snap->objects, *parsed) : std::pair<const ObjectSchema*, const FieldSchema*>();
               if (!field) return ResolvedValue::Error("Field metadata does not exist", "NOT_FOUND");
               return Root(snap, snap->Node(owner, field));
             })
      .Arg("id", "UUID!");
  AddWebhookQueries(query);
}

void DeclareMutation(gql::SchemaBuilder& b) {
  gql::ObjectTypeBuilder& mutation = b.Object("Mutation");
  mutation
      .Field("createOneObject", "Object!",
             [](const ResolverContext& c) {
               auto input = metadata::CreateObjectInputOf(Member(c.Arg("input"), "object"));
               if (!input.ok()) return ResolvedValue::Error(ErrorOf(input.status()));
               const Uuid workspace_id = Ctx(c).call->workspace->id();
               const int64_t now = Ctx(c).call->now_ms;
               auto done = Commit(c, [&](const Objects& objects) {
                 return metadata::PlanCreateObject(objects, workspace_id, *input, now);
               });
               return ObjectAnswer(done, "INTERNAL_SERVER_ERROR");
             })
      .Arg("input", "CreateOneObjectInput!")
      .Field("updateOneObject", "Object!",
             [](const ResolverContext& c) {
               const InputValue* in = c.Arg("input");
               const Uuid id = IdArg(in);
               auto input = metadata::UpdateObjectInputOf(Member(in, "update"));
               if (!input.ok()) return ResolvedValue::Error(ErrorOf(input.status()));
               const int64_t now = Ctx(c).call->now_ms;
               auto done = Commit(
                   c, [&](const Objects& objects) { return metadata::PlanUpdateObject(objects, id, *input, now); });
               return ObjectAnswer(done, "NOT_FOUND");
             })
      .Arg("input", "UpdateOneObjectInput!")
      .Field("deleteOneObject", "Object!",
             [](const ResolverContext& c) {
               const Uuid id = IdArg(c.Arg("input"));
               const int64_t now = Ctx(c).call->now_ms;
               auto done =
                   Commit(c, [&](const Objects& objects) { return metadata::PlanDeleteObject(objects, id, now); });
               if (!done.ok()) return ResolvedValue::Error(ErrorOf(done.status()));
               auto snap = SnapshotAfter(*done);
               if (!done->plan.deleted_object)
                 return ResolvedValue::Error("Object metadata does not exist", "NOT_FOUND");
               snap->deleted_object = std::move(*done->plan.deleted_object);
               return Root(snap, &*snap->deleted_object);
             })
      .Arg("input", "DeleteOneObjectInput!")
      .Field("createOneField", "Field!",
             [](const ResolverContext& c) {
               auto input = metadata::CreateFieldInputOf(Member(c.Arg("input"), "field"));
               if (!input.ok()) return ResolvedValue::Error(ErrorOf(input.status()));
               const int64_t now = Ctx(c).call->now_ms;
               auto done =
                   Commit(c, [&](const Objects& objects) { return metadata::PlanCreateField(objects, *input, now); });
               return FieldAnswer(done, "INTERNAL_SERVER_ERROR");
             })
      .Arg("input", "CreateOneFieldMetadataInput!")
      .Field("updateOneField", "Field!",
             [](const ResolverContext& c) {
               const InputValue* in = c.Arg("input");
               const Uuid id = IdArg(in);
               auto input = metadata::UpdateFieldInputOf(Member(in, "update"));
               if (!input.ok()) return ResolvedValue::Error(ErrorOf(input.status()));
               const int64_t now = Ctx(c).call->now_ms;
               auto done = Commit(
                   c, [&](const Objects& objects) { return metadata::PlanUpdateField(objects, id, *input, now); });
               return FieldAnswer(done, "NOT_FOUND");
             })
      .Arg("input", "UpdateOneFieldMetadataInput!")
      .Field("deleteOneField", "Field!",
             [](const ResolverContext& c) {
               const Uuid id = IdArg(c.Arg("input"));
               const int64_t now = Ctx(c).call->now_ms;
               auto done =
                   Commit(c, [&](const Objects& objects) { return metadata::PlanDeleteField(objects, id, now); });
               if (!done.ok()) return ResolvedValue::Error(ErrorOf(done.status()));
               auto snap = SnapshotAfter(*done);
               if (!done->plan.deleted_field)
                 return ResolvedValue::Error("Field metadata does not exist", "NOT_FOUND");
               snap->deleted_field = std::move(*done->plan.deleted_field);
               const ObjectSchema* owner = metadata::FindObjectById(snap->objects, done->plan.object_id);
               if (!owner) return ResolvedValue::Error("Object metadata does not exist", "INTERNAL_SERVER_ERROR");
               return Root(snap, snap->Node(owner, &*snap->deleted_field));
             })
      .Arg("input", "DeleteOneFieldInput!");
  AddWebhookMutations(mutation);
}

std::shared_ptr<const gql::Schema> Build() {
  gql::SchemaBuilder b;
  DeclareScalarsAndEnums(b);
  DeclareInputs(b);
  DeclareConnections(b);
  DeclareObject(b);
  DeclareField(b);
  DeclareWebhookTypes(b);
  DeclareQuery(b);
  DeclareMutation(b);
  b.QueryType("Query");
  b.MutationType("Mutation");
  gql::SchemaBuildResult built = std::move(b).Build();
  if (!built.ok()) {
    std::string all;
    for (const auto& e : built.errors) all += e + "\n";
    fprintf(stderr, "metadata schema does not build:\n%s", all.c_str());
    return nullptr;
  }
  return built.schema;
}

}  // namespace

std::shared_ptr<const protocol::graphql::Schema> MetadataSchema() {
  static const std::shared_ptr<const protocol::graphql::Schema> schema = Build();
  return schema;
}

}  // namespace vingt::server::graphql

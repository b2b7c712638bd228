// The model behind the core /graphql schema of one workspace at one
// metadata version: per object its schema, table and GraphQL names, per
// field how a row slot becomes a GraphQL value. Built with the Schema
// (core_schema.cpp) and kept alive by the resolvers that point into it.
// Internal to server/graphql/core_*.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/graphql/execution_plan.h"
#include "protocol/graphql/resolver.h"
#include "protocol/graphql/schema.h"
#include "protocol/graphql/schema_builder.h"
#include "server/api_context.h"
#include "server/graphql/request_context.h"
#include "server/records/record_codec.h"
#include "server/records/rest_query.h"
#include "storage/aggregate.h"
#include "storage/query.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/table.h"
#include "storage/workspace.h"

namespace vingt::server::graphql::core {

struct ObjectModel;

// How one GraphQL field of an object type reads a row.
enum class FieldOut : uint8_t {
  kId,          // the record id, as ID
  kScalar,      // one slot, read per `kind`
  kComposite,   // an object over consecutive slots
  kManyToOne,   // the related record
  kJoinColumn,  // "companyId"
  kOneToMany,   // a nested connection
  kNull,        // no value (TS_VECTOR)
};

struct FieldModel {
  const ObjectModel* owner = nullptr;
  const storage::FieldSchema* field = nullptr;  // into ObjectModel::schema
  FieldOut out = FieldOut::kScalar;
  uint16_t slot = 0;
  storage::SlotKind kind = storage::SlotKind::kText;
  const ObjectModel* target = nullptr;  // relations
  uint16_t inverse_slot = 0;            // kOneToMany: the target's join column
  // kId / kScalar / kJoinColumn: the field's GraphQL type serializes the
  // slot's value to the bytes REST's record encoder writes for it, so the
  // resolver writes it with that encoder (AppendSlotJson); Int and enum
  // fields keep graphql-js's checks (EncoderWritesAs).
  bool encoder_writes = false;
};

// True when a value of GraphQL type `graphql_type` read from a slot of
// `kind` serializes exactly as the record encoder writes that slot.
bool EncoderWritesAs(std::string_view graphql_type, storage::SlotKind kind);

struct ObjectModel {
  storage::Workspace* workspace = nullptr;
  storage::ObjectSchemaPtr schema;
  storage::Table* table = nullptr;
  std::string type_name;  // "Person"
  std::deque<FieldModel> fields;
  // The aggregate fields of its connections (spec §5), totalCount aside.
  std::deque<storage::AggregateSpec> aggregates;
};

struct CoreModel {
  storage::Workspace* workspace = nullptr;
  std::deque<ObjectModel> objects;
};

// A page of records, the source of Connection / Edge / PageInfo fields
// (an Edge's source is the connection with the row index as tag).
struct ConnectionData {
  const ObjectModel* object = nullptr;
  std::vector<storage::RowRef> rows;
  std::vector<storage::OrderKey> order;
  uint64_t total_count = 0;
  bool has_next_page = false;
  bool has_previous_page = false;
  // The filtered set, for aggregates (computed over it, not the page).
  std::shared_ptr<const CompiledFilter> filter;  // null: every live record
  bool include_deleted = false;
  // Nested one-to-many: the parent's id and the join column; the set is
  // then the parent's dependants.
  std::optional<storage::Uuid> parent_id;  // set: a nested one-to-many connection
  uint16_t parent_slot = 0;
  // The aggregates the selection asks for, computed with the page.
  std::vector<std::pair<const storage::AggregateSpec*, storage::Datum>> aggregates;
};

// Twenty's pascalCase of a composite type's name, the stem of its GraphQL
// types: "FULL_NAME" -> "FullName", "RICH_TEXT_V2" -> "RichTextV2".
std::string CompositeTypeName(storage::FieldType type);

// Status -> GraphQL error with Twenty's extensions.code (and subCode =
// the detail code when there is one).
protocol::graphql::ResolvedValue ErrorFromStatus(const Status& status);
protocol::graphql::ResolvedValue BadUserInput(std::string message, std::string sub_code = {});

RequestContext* ContextOf(const protocol::graphql::ResolverContext& c);
// What a write through this request records: its time, its key's name as
// the actor, its workspace (for relation connects). core_resolvers_mutation.cpp.
WriteContext MakeWriteContext(const protocol::graphql::ResolverContext& c);
const ApiLimits& LimitsOf(const protocol::graphql::ResolverContext& c);

// Filter / orderBy arguments compiled through REST's compiler (filter_input.cpp).
// A null or empty filter gives a CompiledFilter of Kind::kAll.
Result<CompiledFilter> CompileFilterInput(const protocol::graphql::InputValue* filter,
                                                   const storage::ObjectSchema& schema);
Result<std::vector<storage::OrderKey>> CompileOrderByInput(const protocol::graphql::InputValue* order_by,
                                                                    const storage::ObjectSchema& schema);

// A record as an object value of its type, kept alive by the value.
// `inside_one_to_many` (the object's tag) marks records reached through a
// nested one-to-many connection, where a further one-to-many is refused.
protocol::graphql::ResolvedValue RecordValue(storage::RowRef row, int64_t inside_one_to_many = 0);

// Resolvers (core_resolvers_query.cpp).
protocol::graphql::ResolvedValue ResolveRecordField(const protocol::graphql::ResolverContext& c);
protocol::graphql::ResolvedValue ResolveCompositeSubField(const protocol::graphql::ResolverContext& c);
protocol::graphql::ResolvedValue ResolveConnectionField(const protocol::graphql::ResolverContext& c);
protocol::graphql::ResolvedValue ResolveEdgeField(const protocol::graphql::ResolverContext& c);
protocol::graphql::ResolvedValue ResolvePageInfoField(const protocol::graphql::ResolverContext& c);
protocol::graphql::ResolvedValue ResolveFindMany(const protocol::graphql::ResolverContext& c, const ObjectModel& obj);
// Twenty's check before a root field runs (its common query runner's
// validateQueryComplexity): a selection with a one-to-many relation inside
// another is refused whole, one TOO_COMPLEX_QUERY error, not once per
// record. `connection`: the root returns a connection (else records).
std::optional<protocol::graphql::ResolvedValue> RefuseNestedOneToMany(const protocol::graphql::ResolverContext& c,
                                                                      bool connection);
protocol::graphql::ResolvedValue ResolveFindOne(const protocol::graphql::ResolverContext& c, const ObjectModel& obj);
// Mutation root fields, by RootTag (core_resolvers_mutation.cpp).
protocol::graphql::ResolvedValue ResolveMutation(const protocol::graphql::ResolverContext& c, const ObjectModel& obj);

// Connection field tags.
enum ConnectionTag : int64_t { kEdges = 0, kPageInfo = 1, kTotalCount = 2, kAggregateBase = 100 };

// Aggregates (core_resolvers_aggregate.cpp): fills conn->aggregates with
// the aggregate fields the connection's selection names, over its filter.
void ComputeAggregates(const protocol::graphql::ResolverContext& c, ConnectionData* conn);
protocol::graphql::ResolvedValue ResolveAggregateField(const protocol::graphql::ResolverContext& c,
                                                       const ConnectionData& conn);
// The aggregate fields a connection's selection names, each once, in
// selection order (their tags are kAggregateBase + i, user_data the spec).
std::vector<const storage::AggregateSpec*> SelectedAggregateSpecs(const protocol::graphql::ObjectPlan* plan);
// The GraphQL type of an aggregate field.
std::string AggregateTypeName(const storage::AggregateSpec& spec);
enum EdgeTag : int64_t { kNode = 0, kCursor = 1 };
enum PageInfoTag : int64_t { kHasNextPage = 0, kHasPreviousPage = 1, kStartCursor = 2, kEndCursor = 3 };

// Root field tags (Query and Mutation).
enum RootTag : int64_t {
  kFindMany,
  kFindOne,
  kCreateOne,
  kCreateMany,
  kUpdateOne,
  kUpdateMany,
  kDeleteOne,
  kDeleteMany,
  kDestroyOne,
  kDestroyMany,
  kRestoreOne,
  kRestoreMany,
  kMerge,
  kDuplicates,
  kGroupBy,
};

// merge<Plural> (core_resolvers_merge.cpp) and <singular>Duplicates
// (core_resolvers_duplicates.cpp), over the logic REST shares.
protocol::graphql::ResolvedValue ResolveMerge(const protocol::graphql::ResolverContext& c, const ObjectModel& obj);
protocol::graphql::ResolvedValue ResolveDuplicates(const protocol::graphql::ResolverContext& c,
                                                   const ObjectModel& obj);

// <plural>GroupBy (core_group_by.cpp). The types every object's group-by
// shares (date granularity enums and inputs, composite GroupBy inputs),
// declared once; returns their names so no object type can take them.
std::vector<std::string> DeclareGroupBySharedTypes(protocol::graphql::SchemaBuilder& b);
// Declares obj's GroupByInput, OrderByWithGroupByInput, GroupByConnection
// and the root field on `query`; call after obj's fields and aggregates.
void DeclareGroupBy(protocol::graphql::SchemaBuilder& b, const ObjectModel& obj,
                    protocol::graphql::ObjectTypeBuilder& query);
protocol::graphql::ResolvedValue ResolveGroupBy(const protocol::graphql::ResolverContext& c, const ObjectModel& obj);

}  // namespace vingt::server::graphql::core

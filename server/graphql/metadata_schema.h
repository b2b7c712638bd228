// The GraphQL schema of POST /metadata (spec/metadata.md §2-§4): objects
// and fields of the caller's workspace, read and changed through the same
// planner as /rest/metadata (server/metadata/planner.h).
//
// One schema for every workspace, built once per process and immutable;
// resolvers find the workspace in the RequestContext (request_context.h).
//
// Types follow Twenty's metadata DTOs (object-metadata.dto.ts,
// field-metadata.dto.ts, relation.dto.ts, the create/update inputs) and
// nestjs-query's connection conventions: Object, Field, Relation,
// FieldMetadataType, RelationType, ObjectConnection / ObjectEdge,
// FieldConnection / FieldEdge, ObjectFieldsConnection, PageInfo,
// CursorPaging, ObjectFilter, FieldFilter, BooleanFieldComparison,
// UUIDFilterComparison, the scalars UUID, DateTime, JSON,
// ConnectionCursor, and the Create/Update/DeleteOne*Input wrappers.
//
// Paging: Twenty's newest keyset helper (findManyWithCursorPagination):
// items ordered by id descending, cursors base64 of {"id":"<uuid>"} (the
// core API's encoding), default 10, at most 1000; first > 1000, negative
// first/last, first+last, first+before, last+after, after+before and bad
// cursors are BAD_USER_INPUT. Chosen over nestjs-query's
// arrayconnection:<offset> cursors because keyset cursors stay valid while
// objects and fields are created and deleted between pages.
//
// Errors: the planner's Status mapped as Twenty's
// objectMetadataGraphqlApiExceptionHandler / fieldMetadataGraphqlApiException-
// Handler do: *_NOT_FOUND -> NOT_FOUND, INVALID_*_INPUT -> BAD_USER_INPUT,
// *_MUTATION_NOT_ALLOWED -> FORBIDDEN, *_ALREADY_EXISTS -> CONFLICT.
#pragma once

#include <memory>

#include "protocol/graphql/schema.h"

namespace vingt::server::graphql {

// The process-wide /metadata schema (built on first use, thread-safe).
std::shared_ptr<const protocol::graphql::Schema> MetadataSchema();

}  // namespace vingt::server::graphql

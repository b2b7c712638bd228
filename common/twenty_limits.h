// Twenty's API limits, each written once and named after Twenty's own
// constant (spec/auth-errors-limits.md §3). A server may lower the record
// limits with flags (server/api_context.h ApiLimits starts from these).
#pragma once

#include <cstddef>

namespace vingt::twenty {

// Records per page when the client does not say (QUERY_DEFAULT_LIMIT_RECORDS).
inline constexpr size_t kQueryDefaultLimitRecords = 60;
// The most records one call may return, create or touch (QUERY_MAX_RECORDS).
inline constexpr size_t kQueryMaxRecords = 200;
// Related records nested per record, REST depth=1 and GraphQL one-to-many
// connections (QUERY_MAX_RECORDS_FROM_RELATION).
inline constexpr size_t kQueryMaxRecordsFromRelation = 60;
// Records one merge may combine (MUTATION_MAX_MERGE_RECORDS).
inline constexpr size_t kMutationMaxMergeRecords = 9;
// Groups a group-by returns when the client does not say
// (twenty-shared DEFAULT_NUMBER_OF_GROUPS_LIMIT).
inline constexpr size_t kDefaultNumberOfGroupsLimit = 50;
// Metadata REST lists: the default and the cap of `limit` (spec/metadata.md §5.2).
inline constexpr size_t kMetadataRestPageSize = 1000;
// Metadata GraphQL connections (nestjs-query paging): default and cap of `first`.
inline constexpr size_t kMetadataGraphqlDefaultPageSize = 10;
inline constexpr size_t kMetadataGraphqlMaxPageSize = 1000;
// Object and field names (IDENTIFIER_MAX_CHAR_LENGTH: Postgres' 63 bytes).
inline constexpr size_t kIdentifierMaxCharLength = 63;

}  // namespace vingt::twenty

// Merging 2..9 records of one object into one (REST PATCH /rest/{plural}/merge,
// GraphQL merge<Plural>; spec/rest-core.md §4.11), as Twenty's merge-many
// query runner does: the record at conflictPriorityIndex survives and wins
// value conflicts, multi-value composites are unioned, the others' dependants
// move to it and the others go. Both front-ends only parse their input into
// a MergeRequest and format the answer; rules and messages live here.
//
// Departure: the other records are destroyed (their dependants already moved
// to the survivor) rather than soft-deleted, so that the survivor can take
// over a unique value, such as a primary email, that one of them held.
#pragma once

#include <cstdint>
#include <vector>

#include "common/twenty_limits.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/table.h"
#include "storage/workspace.h"

namespace vingt::server {

constexpr size_t kMaxMergeRecords = twenty::kMutationMaxMergeRecords;

struct MergeRequest {
  std::vector<storage::Uuid> ids;
  int64_t conflict_priority_index = 0;
  bool dry_run = false;
  int64_t now_ms = 0;  // updatedAt of the survivor; deletedAt of a dry run's record
};

struct MergeOutcome {
  // InvalidArgument (detail INVALID_QUERY_INPUT) for Twenty's argument
  // checks, NotFound "One or more records not found" (RECORD_NOT_FOUND)
  // when an id is unknown, soft-deleted or repeated; then `record` is null.
  Status status;
  // The survivor as stored; with dry_run the would-be survivor under a
  // fresh id with deletedAt set, stored nowhere (as Twenty answers).
  storage::RowRef record;
  uint64_t lsn = 0;  // await it, also on error (writes done before it)
};

MergeOutcome MergeRecords(storage::Workspace& workspace, storage::Table& table, const storage::ObjectSchema& schema,
                          const MergeRequest& request);

}  // namespace vingt::server

// The foreign keys of a record write: Twenty's tables have a real foreign
// key on every MANY_TO_ONE join column, so a write whose join column names
// a record that does not exist fails as a whole and stores nothing.
//
// Checked on the request body before any row is written (and outside
// every shard lock: the target lookup takes the target table's locks).
// A trashed target still exists for the key, as in Postgres.
#pragma once

#include <vector>

#include "server/records/input_view.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/workspace.h"

namespace vingt::server {

// InvalidArgument with detail code INVALID_INPUT and Postgres' message if a
// join column of `body` (e.g. "companyId") holds the id of no record of the
// relation's target. Values that are not UUID strings are left to the
// record decoder, which refuses them with its own message. `batch_ids`: the
// ids of records of `schema` written in the same statement, which a key
// may name too (Postgres checks the keys once the statement is done).
Status CheckForeignKeys(const storage::Workspace& workspace, const storage::ObjectSchema& schema,
                                 InputView body, const std::vector<storage::Uuid>& batch_ids = {});

}  // namespace vingt::server

// Carrying out a metadata plan: plan and commit under the workspace's
// metadata lock, then the record rewrite an options update implies.
//
// Only metadata writers serialize here; record reads and writes go on (they
// read an immutable catalog), and no lock is held while the caller awaits
// durability. Usage from a handler:
//
//   auto done = PlanAndCommit(ws, [&](const Objects& objects) {
//     return PlanCreateObject(objects, ws.id(), input, now_ms);
//   });
//   if (!done.ok()) ...error...
//   ...write the answer from done->objects...
//   co_await AwaitDurable(wal, done->lsn);
#pragma once

#include <cstdint>
#include <functional>

#include "server/metadata/planner.h"
#include "storage/workspace.h"

namespace vingt::server::metadata {

struct Committed {
  Plan plan;
  uint64_t lsn = 0;  // to await before answering (covers the record rewrite too)
  Objects objects;   // every object right after the change
};

using PlanFn = std::function<storage::Result<Plan>(const Objects&)>;

// Locks the workspace's metadata, plans against its current objects,
// commits, and runs plan.migration / plan.backfill if any. On error nothing changed.
storage::Result<Committed> PlanAndCommit(storage::Workspace& workspace, const PlanFn& plan);

// Gives every record written before field b.field_id existed the value a
// new record gets for it (ApplyFieldDefault); records written since keep
// theirs. Returns the last LSN written, 0 if nothing changed (an empty
// table, or a default that is null).
storage::Result<uint64_t> BackfillFieldDefault(storage::Workspace& workspace, const FieldBackfill& b);

// Rewrites the records of m.object_id whose m.field_id holds a value the
// options update renamed (to the new value) or removed (SELECT: the field's
// default if that is still an option, else null; MULTI_SELECT: dropped from
// the list), as Twenty's enum column migration does (its
// handleMissingEnumValues). Returns the last LSN written, 0 if
// no record changed. Each record is its own logged write; a crash half-way
// leaves some records with the old values, which read back as stored.
storage::Result<uint64_t> MigrateOptionValues(storage::Workspace& workspace, const OptionValueMigration& m);

}  // namespace vingt::server::metadata

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
  uint64_t lsn = 0;  // to await before answering
  Objects objects;   // every object right after the change
};

using PlanFn = std::function<Result<Plan>(const Objects&)>;

// Locks the workspace's metadata, plans against its current objects, and
// commits the change with the row migrations plan.backfill and
// plan.migration imply (RowMigrationsFor), all in one WAL record. On error
// nothing changed.
Result<Committed> PlanAndCommit(storage::Workspace& workspace, const PlanFn& plan);

// The storage migrations a plan implies, against the after-images in
// plan.change.put:
// - backfill: every record written before the new field existed gets the
//   value a new record gets for it (ApplyFieldDefault, "now" meaning
//   backfill.now_ms), as Postgres' ADD COLUMN ... DEFAULT gives Twenty's
//   existing rows; nothing when that default is null.
// - migration: values the options update renamed follow their option;
//   removed ones become the field's default if that is still an option,
//   else null (SELECT), or leave the list (MULTI_SELECT), as Twenty's enum
//   column migration (its handleMissingEnumValues) does.
std::vector<storage::RowMigration> RowMigrationsFor(const Plan& plan);

}  // namespace vingt::server::metadata

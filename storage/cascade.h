// Destroying a record with its relations' onDelete rules (spec/data-model.md
// §1.3): dependants on a CASCADE relation are destroyed too, SET_NULL ones
// lose their foreign key, and a RESTRICT dependant refuses the whole destroy
// before anything changes. Soft deletes do not cascade (Twenty's foreign
// keys act on row deletion only).
#pragma once

#include <cstdint>

#include "storage/row.h"
#include "common/status.h"
#include "storage/table.h"
#include "storage/workspace.h"

namespace vingt::storage {

struct DestroyOutcome {
  uint64_t lsn = 0;  // highest WAL lsn written; await it before answering
  RowRef before;     // the destroyed record
  uint64_t dependants_destroyed = 0;
  uint64_t dependants_detached = 0;
};

Result<DestroyOutcome> DestroyWithCascade(const Workspace& workspace, Table& table, const Uuid& id);

}  // namespace vingt::storage

// The change feed of record writes: every committed Put and Remove of every
// table, as its before and after rows, handed to one listener (webhooks'
// event source, server/webhooks/). Storage knows nothing of what the
// listener does with it.
#pragma once

#include <cstdint>

#include "storage/row.h"
#include "storage/schema.h"
#include "storage/uuid.h"

namespace vingt::storage {

struct RecordChange {
  const Uuid& workspace_id;
  const ObjectSchemaPtr& schema;  // the table's schema at the write
  const RowRef& before;        // null: the record was created
  const RowRef& after;         // null: the record was destroyed
};

class RecordChangeListener {
 public:
  virtual ~RecordChangeListener() = default;
  // Whether changes in this workspace interest the listener at all: asked
  // first, on every write, so it must cost next to nothing.
  virtual bool Watching(const Uuid& workspace_id) const = 0;
  // Called by the table under the record's shard lock, right after the
  // change is logged and applied: the changes of one record arrive in WAL
  // order. Must be quick and must not touch any table. Returns the lsn of a
  // WAL record it appended for the change (0 for none); the write's lsn
  // becomes the larger of the two, so the writer's acknowledgement waits
  // for both.
  virtual uint64_t OnRecordChange(const RecordChange& change) = 0;
};

}  // namespace vingt::storage

// Relation "connect" in record writes: {"company":{"connect":{"where":{...}}}}
// resolved to the id of the one target record the `where` names.
//
// Behaviour learnt from Twenty's ORM (twenty-orm relation nested queries,
// compute-relation-connect-query-configs): the `where` must fully populate
// one unique constraint of the target object (its id, or one of its unique
// fields; for a composite, any of its sub-fields counts), every key must
// belong to some unique constraint, and the conditions (AND-ed) must match
// exactly one live record. Errors are 400s with Twenty's codes:
// CONNECT_UNIQUE_CONSTRAINT_ERROR, CONNECT_RECORD_NOT_FOUND,
// CONNECT_NOT_ALLOWED.
//
// Lookups take the target table's read locks, so they must not run while a
// shard lock is held: a write that decodes under its lock resolves first
// with ResolveConnects and hands the answers to DecodeRecordInput.
#pragma once

#include <optional>
#include <vector>

#include "server/records/input_view.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/uuid.h"

namespace vingt::storage {
class Workspace;
}

namespace vingt::server {

// The `where` object of a relation value {"connect":{"where":{...}}}, if
// the value has that shape; nullopt for anything else (disconnect, null, a
// connect without an object `where`).
std::optional<InputView::Members> ConnectWhereOf(InputView value);

// The id of the live record of `field`'s target object that `where`
// designates (see above). `field` is a MANY_TO_ONE relation.
Result<storage::Uuid> ResolveConnect(const storage::Workspace& workspace, const storage::FieldSchema& field,
                                              const InputView::Members& where);

// One relation's connect, resolved ahead of a decode.
struct ResolvedConnect {
  const storage::FieldSchema* field = nullptr;
  Result<storage::Uuid> id;
};

// Resolves every connect of `body` (a record object of `schema`): each key
// naming an active MANY_TO_ONE relation whose value has a ConnectWhereOf.
// Errors are kept per relation; the decode reports them in Twenty's order.
std::vector<ResolvedConnect> ResolveConnects(const storage::Workspace& workspace,
                                             const storage::ObjectSchema& schema, InputView body);

}  // namespace vingt::server

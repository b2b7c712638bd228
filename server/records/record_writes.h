// Record writes shared by REST (server/rest/) and GraphQL
// (server/graphql/core_*): create with upsert, batch create, update,
// bulk update / soft delete / destroy / restore over a filter's targets.
// Same rules and messages for both APIs; each front-end only parses its
// input into JSON / a compiled filter and formats the answer. Nothing here
// awaits durability: every result carries the highest LSN written, which
// the caller awaits before answering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/records/input_view.h"
#include "server/records/record_codec.h"
#include "storage/query.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/table.h"
#include "storage/workspace.h"

namespace vingt::server {

// What every record route answers for a record that does not exist (or is
// in the trash where it must not be): Twenty's RECORD_NOT_FOUND.
inline Status RecordNotFound() { return Status::NotFound("Record not found").WithDetailCode("RECORD_NOT_FOUND"); }

// Fills position (new records go first) and builds the row.
storage::RowRef FinishCreate(storage::Table& table, const storage::ObjectSchema& schema,
                             storage::RowBuilder& builder);

// Creates the record `builder` holds (the body decoded for a create), or
// with `upsert` updates and un-deletes the record it matches by id or a
// unique field (spec/rest-core.md §4.5).
Result<storage::WriteOutcome> CreateOrUpsert(storage::Table& table, const storage::ObjectSchema& schema,
                                                      bool upsert, InputView body,
                                                      storage::RowBuilder& builder, const WriteContext& ctx);

struct BatchWrite {
  Status status;             // the first error; then `rows` is empty
  std::vector<storage::RowRef> rows;  // written, in input order
  std::vector<storage::Uuid> ids;     // delete / destroy: the records done
  uint64_t lsn = 0;                   // await it, also on error (undo writes)
};

// Creates many: every item validated before any write; without upsert
// all or nothing (a conflict takes back the ones inserted). Checks the
// item count against `max_records` ("Input must not be empty", ...).
BatchWrite CreateRecords(storage::Table& table, const storage::ObjectSchema& schema,
                         const std::vector<InputView>& items, bool upsert, const WriteContext& ctx,
                         size_t max_records);

// Moves record `id` to the trash (deletedAt = `deleted_at_ms`) or, with
// nullopt, out of it. Trashing a record already in the trash is NotFound,
// as a GET of it would answer.
Result<storage::WriteOutcome> SetDeletedAt(storage::Table& table, const storage::ObjectSchema& schema,
                                                    const storage::Uuid& id, std::optional<int64_t> deleted_at_ms);

// Applies an update body to record `id`. `live_only`: a soft-deleted record
// is NotFound ("Record not found"), as update-one answers.
Result<storage::WriteOutcome> UpdateRecord(storage::Table& table, const storage::ObjectSchema& schema,
                                                    const storage::Uuid& id, InputView body,
                                                    const WriteContext& ctx, bool live_only);

// The records a bulk call applies to: matches of `filter`, at most
// `max_records` of them or InvalidArgument(too_many_message, too_many_code).
Result<std::vector<storage::RowRef>> BulkTargets(const storage::Table& table,
                                                          const storage::FilterNode& filter, bool include_deleted,
                                                          size_t max_records, const std::string& too_many_message,
                                                          const std::string& too_many_code);

// Bulk operations over BulkTargets' rows; records gone meanwhile are skipped.
BatchWrite UpdateRows(storage::Table& table, const storage::ObjectSchema& schema,
                      const std::vector<storage::RowRef>& targets, InputView body,
                      const WriteContext& ctx);
// Soft delete (deletedAt = now_ms) or, with nullopt, restore (rows not in
// the trash are skipped).
BatchWrite SetDeletedAtRows(storage::Table& table, const storage::ObjectSchema& schema,
                            const std::vector<storage::RowRef>& targets, std::optional<int64_t> now_ms);
BatchWrite DestroyRows(const storage::Workspace& workspace, storage::Table& table,
                       const storage::ObjectSchema& schema, const std::vector<storage::RowRef>& targets);

}  // namespace vingt::server

// Finding duplicates (REST POST /rest/{plural}/duplicates, GraphQL
// <singular>Duplicates; spec/rest-core.md §4.10), as Twenty's
// find-duplicates query runner does: a record's duplicates are the live
// records equal to it on every column of at least one of the object's
// duplicate criteria groups (person: first AND last name, or the primary
// email, or the LinkedIn URL), the record itself excluded. A group counts
// only when each of its columns holds a string of at least three
// characters in the record. Both front-ends only parse ids / data and
// format the answer.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "server/records/input_view.h"
#include "server/records/record_codec.h"
#include "storage/query.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "common/status.h"
#include "storage/table.h"

namespace vingt::server {

// One record's or input's duplicates.
struct DuplicateMatches {
  // What selects them (never Kind::kAll): an OR of the usable groups,
  // minus the record itself; an OR without children, which matches
  // nothing, when no group is usable. Aggregates over the set reuse it.
  storage::FilterNode filter;
  storage::ListResult page;  // the first `limit` of them, by id
};

// How `ids` name the records to look at.
enum class IdLookup {
  // Each id must name a live record (else NotFound "Record not found",
  // RECORD_NOT_FOUND); one answer per id.
  kEveryId,
  // As Twenty's `WHERE id IN (...)` lookup: ids with no live record are
  // skipped and a repeated id is answered once.
  kLiveRecordsOnce,
};

// The duplicates of each stored record of `ids`, in the order of `ids`.
Result<std::vector<DuplicateMatches>> FindDuplicatesOfIds(const storage::Table& table,
                                                                   const storage::ObjectSchema& schema,
                                                                   const std::vector<storage::Uuid>& ids,
                                                                   IdLookup lookup, size_t limit);

// The records each input object would duplicate. Inputs are decoded as for
// a create (same validation and messages); an input that gives an id is
// not its own duplicate.
Result<std::vector<DuplicateMatches>> FindDuplicatesOfInputs(
    const storage::Table& table, const storage::ObjectSchema& schema,
    const std::vector<InputView>& inputs, const WriteContext& ctx, size_t limit);

}  // namespace vingt::server

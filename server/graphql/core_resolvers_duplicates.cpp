// <singular>Duplicates(ids, data) of the core /graphql API: one connection
// per live record of `ids` (in their order; unknown, trashed and repeated
// ids are dropped as Twenty's lookup drops them) or per object of `data`, over
// server/records/duplicate_search.h, which REST's POST /rest/{plural}/duplicates
// shares. Each connection is a page of at most the API's record limit with
// its totalCount, id cursors, hasNextPage false (as Twenty answers) and the
// connection's aggregates over the whole duplicate set.

#include "server/records/duplicate_search.h"
#include "server/graphql/core_model.h"

namespace vingt::server::graphql::core {
namespace {

using protocol::graphql::InputValue;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;

// JavaScript truthiness of an argument: absent and null are "not given";
// an empty list is given.
bool Given(const InputValue* v) { return v && !v->IsNull(); }

Status InvalidQueryInput(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_QUERY_INPUT");
}

// Twenty's argument checks, in its order.
Status ValidateArgs(const InputValue* ids, const InputValue* data) {
  if (!Given(ids) && !Given(data)) return InvalidQueryInput("You have to provide either \"data\" or \"ids\" argument");
  if (Given(ids) && Given(data)) return InvalidQueryInput("You cannot provide both \"data\" and \"ids\" arguments");
  if (!Given(ids) && data->kind() == InputValue::Kind::kList && data->AsList().empty())
    return InvalidQueryInput("The \"data\" condition can not be empty when \"ids\" input not provided");
  return Status::Ok();
}

ResolvedValue Connection(const ResolverContext& c, const ObjectModel& obj, DuplicateMatches matches) {
  auto conn = std::make_shared<ConnectionData>();
  conn->object = &obj;
  conn->rows = std::move(matches.page.rows);
  conn->total_count = matches.page.total_count;
  // `order` stays empty: cursors are {"id": ...}, the order of the page.
  auto filter = std::make_shared<CompiledFilter>();
  filter->filter = std::move(matches.filter);
  conn->filter = std::move(filter);
  ComputeAggregates(c, conn.get());
  return ResolvedValue::Owned(std::move(conn));
}

}  // namespace

ResolvedValue ResolveDuplicates(const ResolverContext& c, const ObjectModel& obj) {
  const InputValue* ids = c.Arg("ids");
  const InputValue* data = c.Arg("data");
  if (Status st = ValidateArgs(ids, data); !st.ok()) return ErrorFromStatus(st);
  const size_t limit = LimitsOf(c).max_records;

  Result<std::vector<DuplicateMatches>> found = std::vector<DuplicateMatches>();
  if (Given(ids)) {
    std::vector<storage::Uuid> id_list;
    for (const InputValue& v : ids->AsList()) {
      if (v.IsNull()) continue;
      std::string text = v.kind() == InputValue::Kind::kString ? v.AsString() : v.Inspect();
      auto id = storage::Uuid::Parse(text);
      if (!id) return BadUserInput("'" + text + "' is not a valid UUID", "INVALID_UUID");
      id_list.push_back(*id);
    }
    found = FindDuplicatesOfIds(*obj.table, *obj.schema, id_list, IdLookup::kLiveRecordsOnce, limit);
  } else {
    // The inputs go to REST's codec as they are, which decodes and checks them.
    if (data->kind() != InputValue::Kind::kList) return BadUserInput("\"data\" must be an array of objects");
    std::vector<InputView> inputs(data->AsList().begin(), data->AsList().end());
    found = FindDuplicatesOfInputs(*obj.table, *obj.schema, inputs, MakeWriteContext(c), limit);
  }
  if (!found.ok()) return ErrorFromStatus(found.status());

  std::vector<ResolvedValue> connections;
  connections.reserve(found->size());
  for (DuplicateMatches& m : *found) connections.push_back(Connection(c, obj, std::move(m)));
  return ResolvedValue::List(std::move(connections));
}

}  // namespace vingt::server::graphql::core

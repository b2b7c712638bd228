// Paging and the list envelope of the metadata REST routes (legacy format,
// spec/metadata.md §5.2-5.3):
//
//   {"data":{"<key>":[...]},
//    "pageInfo":{"hasNextPage":..,"hasPreviousPage":..,"startCursor":"<id>","endCursor":"<id>"},
//    "totalCount":n}
//
// Items are ordered by id; a cursor is an item id. `limit` defaults to and is
// capped at 1000; the parameter errors are Twenty's
// (rest/metadata/utils/parse-metadata-rest-pagination.util.ts).
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "protocol/http_response.h"
#include "protocol/json_write.h"
#include "server/api_context.h"
#include "server/metadata/commit.h"
#include "storage/uuid.h"

namespace vingt::server::metadata {

inline constexpr size_t kMetadataPageSize = 1000;

struct PageRequest {
  size_t limit = kMetadataPageSize;
  std::optional<storage::Uuid> after;
  std::optional<storage::Uuid> before;
};

// The 400 answer for bad paging parameters, or nullopt after filling *page.
std::optional<protocol::HttpResponse> ParsePageRequest(const CallContext& call, PageRequest* page);

struct Page {
  size_t begin = 0, end = 0;  // the slice [begin, end) of the id-sorted items
  bool has_next = false;
  bool has_previous = false;
};
// `ids` sorted ascending.
Page SelectPage(const std::vector<storage::Uuid>& ids, const PageRequest& request);

// The whole envelope; write_item(w, i) writes item i (an index into ids).
protocol::HttpResponse ListEnvelope(std::string_view key, const std::vector<storage::Uuid>& ids, const Page& page,
                                    const std::function<void(protocol::JsonWriter&, size_t)>& write_item);

// A list route's answer: sorts `items` by id_of(item), selects the page
// `request` asks for and writes each item of it with write_item(w, item).
template <typename Item, typename IdOf, typename WriteItem>
protocol::HttpResponse PagedList(std::string_view key, std::vector<Item> items, const PageRequest& request,
                                 IdOf id_of, WriteItem write_item) {
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) { return id_of(a) < id_of(b); });
  std::vector<storage::Uuid> ids;
  ids.reserve(items.size());
  for (const Item& item : items) ids.push_back(id_of(item));
  return ListEnvelope(key, ids, SelectPage(ids, request),
                      [&](protocol::JsonWriter& w, size_t i) { write_item(w, items[i]); });
}

// {"data":{"<key>": write_value(w)}}, answered with `status`.
protocol::HttpResponse DataEnvelope(int status, std::string_view key,
                                    const std::function<void(protocol::JsonWriter&)>& write_value);

// Commits `plan` (PlanAndCommit), builds the answer from the result while
// nothing is locked, then awaits durability: a metadata write is answered
// only once its WAL record (and any record rewrite) is durable.
asio::awaitable<protocol::HttpResponse> CommitAndAnswer(
    ServerState& state, CallContext& call, const PlanFn& plan,
    const std::function<protocol::HttpResponse(const Committed&)>& answer);

// The answer to a bad id in a path: NestJS's ParseUUIDPipe message.
protocol::HttpResponse BadUuid();

}  // namespace vingt::server::metadata

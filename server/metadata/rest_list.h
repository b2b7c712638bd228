// Paging and the envelopes of the metadata REST routes, in Twenty's two
// formats (per workspace, Workspace::rest_metadata_new_format):
//
//   legacy (spec/metadata.md §5.2-5.3), items by id ascending:
//     {"data":{"<key>":[...]},
//      "pageInfo":{"hasNextPage":..,"hasPreviousPage":..,"startCursor":"<id>","endCursor":"<id>"},
//      "totalCount":n}
//     one record: {"data":{"<key>": record}}
//   new (Twenty's IS_REST_METADATA_API_NEW_FORMAT_DIRECT), items by id
//   descending, starting_after = the ids below the cursor:
//     {"data":[...], "pageInfo":{...the same...}, "totalCount":n}
//     one record: the record itself
//
// A cursor is an item id. `limit` defaults to and is capped at 1000; the
// parameter errors are Twenty's
// (rest/metadata/utils/parse-metadata-rest-pagination.util.ts).
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>

#include "protocol/http_response.h"
#include "protocol/json_write.h"
#include "common/twenty_limits.h"
#include "server/api_context.h"
#include "server/metadata/commit.h"
#include "storage/uuid.h"

namespace vingt::server::metadata {

inline constexpr size_t kMetadataPageSize = twenty::kMetadataRestPageSize;

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
enum class MetadataFormat { kLegacy, kNew };
// The format of the calling workspace.
MetadataFormat FormatOf(const CallContext& call);

// `ids` sorted ascending (kLegacy) or descending (kNew).
Page SelectPage(const std::vector<storage::Uuid>& ids, const PageRequest& request,
                MetadataFormat format = MetadataFormat::kLegacy);

// The whole envelope; write_item(w, i) writes item i (an index into ids).
protocol::HttpResponse ListEnvelope(std::string_view key, const std::vector<storage::Uuid>& ids, const Page& page,
                                    const std::function<void(protocol::JsonWriter&, size_t)>& write_item,
                                    MetadataFormat format = MetadataFormat::kLegacy);

// A list route's answer: sorts `items` by id_of(item) in the format's
// order, selects the page `request` asks for and writes each item of it
// with write_item(w, item).
template <typename Item, typename IdOf, typename WriteItem>
protocol::HttpResponse PagedList(std::string_view key, std::vector<Item> items, const PageRequest& request,
                                 IdOf id_of, WriteItem write_item, MetadataFormat format = MetadataFormat::kLegacy) {
  const bool descending = format == MetadataFormat::kNew;
  std::sort(items.begin(), items.end(),
            [&](const Item& a, const Item& b) { return descending ? id_of(b) < id_of(a) : id_of(a) < id_of(b); });
  std::vector<storage::Uuid> ids;
  ids.reserve(items.size());
  for (const Item& item : items) ids.push_back(id_of(item));
  return ListEnvelope(
      key, ids, SelectPage(ids, request, format), [&](protocol::JsonWriter& w, size_t i) { write_item(w, items[i]); },
      format);
}

// The list of a resource Twenty's controllers answer with bare objects
// (API keys, webhooks): at /rest/metadata/<key>, paged in the newer REST
// metadata format and a bare array in the legacy one; at the deprecated
// alias /rest/<key> (`deprecated_alias`) always the bare array, with
// Deprecation and Link headers naming the metadata route.
template <typename Item, typename IdOf, typename WriteItem>
protocol::HttpResponse BareObjectList(const CallContext& call, std::string_view key, std::vector<Item> items,
                                      bool deprecated_alias, IdOf id_of, WriteItem write_item) {
  if (!deprecated_alias && FormatOf(call) == MetadataFormat::kNew) {
    PageRequest request;
    if (auto err = ParsePageRequest(call, &request)) return *err;
    return PagedList(key, std::move(items), request, id_of, write_item, MetadataFormat::kNew);
  }
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartArray();
  for (const Item& item : items) write_item(w, item);
  w.EndArray();
  protocol::HttpResponse r;
  r.body = w.Take();
  if (deprecated_alias) {
    r.headers.emplace_back("Deprecation", "true");
    r.headers.emplace_back("Link", "</rest/metadata/" + std::string(key) + ">; rel=\"successor-version\"");
  }
  return r;
}

// {"data":{"<key>": write_value(w)}} (kLegacy) or write_value(w) alone
// (kNew), answered with `status`.
protocol::HttpResponse DataEnvelope(int status, std::string_view key,
                                    const std::function<void(protocol::JsonWriter&)>& write_value,
                                    MetadataFormat format = MetadataFormat::kLegacy);

// Commits `plan` (PlanAndCommit), builds the answer from the result while
// nothing is locked, then awaits durability: a metadata write is answered
// only once its WAL record (and any record rewrite) is durable.
asio::awaitable<protocol::HttpResponse> CommitAndAnswer(
    ServerState& state, CallContext& call, const PlanFn& plan,
    const std::function<protocol::HttpResponse(const Committed&)>& answer);

// The answer to a bad id in a path: NestJS's ParseUUIDPipe message.
protocol::HttpResponse BadUuid();

}  // namespace vingt::server::metadata

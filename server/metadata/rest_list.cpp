#include "server/metadata/rest_list.h"

#include <algorithm>
#include <charconv>

#include "server/durability.h"
#include "server/metadata/id_page.h"
#include "server/api_errors.h"

namespace vingt::server::metadata {

using storage::Uuid;

std::optional<protocol::HttpResponse> ParsePageRequest(const CallContext& call, PageRequest* page) {
  const std::string* after = call.Param("starting_after");
  const std::string* before = call.Param("ending_before");
  if (after && before) return BadRequest("'starting_after' and 'ending_before' cannot be used together.");
  for (const std::string* cursor : {after, before}) {
    if (!cursor) continue;
    auto id = Uuid::Parse(*cursor);
    if (!id) return BadRequest("Invalid cursor: " + *cursor);
    (cursor == after ? page->after : page->before) = *id;
  }
  page->limit = kMetadataPageSize;
  if (const std::string* l = call.Param("limit"); l && !l->empty()) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
    if (ec == std::errc::result_out_of_range && end == l->data() + l->size()) {
      v = kMetadataPageSize;
    } else if (ec != std::errc() || end != l->data() + l->size()) {
      return BadRequest("limit '" + *l + "' is invalid. Should be an integer", "INVALID_LIMIT_QUERY_PARAM");
    }
    page->limit = std::min<uint64_t>(v, kMetadataPageSize);
  }
  return std::nullopt;
}

MetadataFormat FormatOf(const CallContext& call) {
  return call.workspace->rest_metadata_new_format() ? MetadataFormat::kNew : MetadataFormat::kLegacy;
}

Page SelectPage(const std::vector<Uuid>& ids, const PageRequest& request, MetadataFormat format) {
  IdPageRequest window;
  window.descending = format == MetadataFormat::kNew;
  window.after = request.after;
  window.before = request.before;
  // ending_before takes the `limit` ids just before the cursor.
  (request.before ? window.last : window.first) = request.limit;
  const IdPage p = SelectIdPage(ids, window);
  return Page{p.begin, p.end, p.has_next, p.has_previous};
}

protocol::HttpResponse ListEnvelope(std::string_view key, const std::vector<Uuid>& ids, const Page& page,
                                    const std::function<void(protocol::JsonWriter&, size_t)>& write_item,
                                    MetadataFormat format) {
  const bool legacy = format == MetadataFormat::kLegacy;
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  if (legacy) {
    w.StartObject();
    w.Key(key);
  }
  w.StartArray();
  for (size_t i = page.begin; i < page.end; ++i) write_item(w, i);
  w.EndArray();
  if (legacy) w.EndObject();
  w.Key("pageInfo");
  w.StartObject();
  w.Key("hasNextPage");
  w.Bool(page.has_next);
  w.Key("hasPreviousPage");
  w.Bool(page.has_previous);
  w.Key("startCursor");
  if (page.begin < page.end)
    w.String(ids[page.begin].ToString());
  else
    w.Null();
  w.Key("endCursor");
  if (page.begin < page.end)
    w.String(ids[page.end - 1].ToString());
  else
    w.Null();
  w.EndObject();
  w.Key("totalCount");
  w.Uint64(ids.size());
  w.EndObject();
  protocol::HttpResponse r;
  r.body = w.Take();
  return r;
}

protocol::HttpResponse DataEnvelope(int status, std::string_view key,
                                    const std::function<void(protocol::JsonWriter&)>& write_value,
                                    MetadataFormat format) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  if (format == MetadataFormat::kNew) {
    write_value(w);
  } else {
    w.StartObject();
    w.Key("data");
    w.StartObject();
    w.Key(key);
    write_value(w);
    w.EndObject();
    w.EndObject();
  }
  protocol::HttpResponse r;
  r.status = status;
  r.body = w.Take();
  return r;
}

asio::awaitable<protocol::HttpResponse> CommitAndAnswer(
    ServerState& state, CallContext& call, const PlanFn& plan,
    const std::function<protocol::HttpResponse(const Committed&)>& answer) {
  auto done = PlanAndCommit(*call.workspace, plan);
  if (!done.ok()) co_return RestErrorFromStatus(done.status());
  protocol::HttpResponse response = answer(*done);
  Status durable = co_await AwaitDurable(state.db->wal(), done->lsn);
  if (!durable.ok()) co_return RestErrorFromStatus(durable);
  co_return response;
}

protocol::HttpResponse BadUuid() { return BadRequest("Validation failed (uuid is expected)"); }

}  // namespace vingt::server::metadata

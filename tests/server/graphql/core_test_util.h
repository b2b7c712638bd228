// In-process harness for the core /graphql schema: a WAL-less workspace,
// records written through the REST codec, queries run with ExecuteRequest.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "protocol/graphql/request.h"
#include "protocol/json_write.h"
#include "server/graphql/core_schema.h"
#include "server/graphql/request_context.h"
#include "server/records/record_codec.h"
#include "storage/workspace.h"

namespace vingt::server::graphql::testing {

inline bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr int64_t kNow = 1714557600000;  // 2024-05-01T10:00:00.000Z

struct CoreFixture {
  storage::Workspace ws{storage::Uuid::Random(), "Acme", kNow, nullptr, 4};
  ServerState state;
  CallContext call;
  simdjson::dom::parser parser;

  CoreFixture() {
    call.workspace = &ws;
    call.now_ms = kNow;
    call.key.name = "test key";
  }

  std::string Run(std::string_view query, std::string_view variables = "") {
    auto schema = CoreSchemaFor(ws);
    protocol::graphql::RequestOptions options;
    RequestContext rc;
    rc.state = &state;
    rc.call = &call;
    options.context.user_context = &rc;
    protocol::JsonWriter w;
    protocol::graphql::ExecuteRequest(*schema, query, variables, std::nullopt, options, w);
    return std::string(w.View());
  }

  simdjson::dom::element Json(const std::string& text) {
    simdjson::dom::element e;
    if (parser.parse(text).get(e) != simdjson::SUCCESS) throw std::runtime_error("bad json: " + text);
    return e;
  }

  // Creates a record from JSON through the REST codec; returns its id.
  std::string Create(std::string_view plural, const std::string& json) {
    storage::Table* table = ws.FindByPlural(plural);
    auto schema = table->schema();
    simdjson::dom::parser p;
    simdjson::dom::element body = p.parse(json);
    storage::RowBuilder b(schema->slot_count());
    WriteContext ctx{kNow, "test key"};
    Status st = DecodeRecordInput(*schema, body, WriteMode::kCreate, ctx, &b);
    if (!st.ok()) throw std::runtime_error(st.ToString());
    if (schema->position_slot >= 0 && b.IsNull(schema->position_slot))
      b.SetNumber(schema->position_slot, table->TakeFirstPosition());
    storage::Uuid id = storage::Uuid::FromBytes(b.Get(schema->id_slot));
    storage::RowRef row = b.Build();
    auto out = table->Put(id, storage::PutMode::kInsert, [&](const storage::RowRef&) { return Result<storage::RowRef>(row); });
    if (!out.ok()) throw std::runtime_error(out.status().ToString());
    return id.ToString();
  }
};

}  // namespace vingt::server::graphql::testing

// Fuzz target: decoding a record's JSON body (server/records/record_codec.h)
// for every field type: the standard objects' composites (FULL_NAME,
// EMAILS, PHONES, LINKS, ADDRESS, CURRENCY, ACTOR, RICH_TEXT_V2, SELECT,
// relations) and the custom object "pet" with one field of each type the
// metadata API creates.
//
// The first byte picks the object and create or update; the rest is the
// body. Properties: an accepted body yields a row that renders as valid
// JSON; and that rendering, sent back as an update of the same row, renders
// the same when it is accepted (what a client that GETs, edits and PATCHes
// a whole record relies on). It may be refused: Twenty checks an e-mail
// address before making it canonical, so "a@\u3002" is stored as "a@",
// which its own check then refuses; vingt does the same.
#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "protocol/json_write.h"
#include "server/records/record_codec.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

namespace {

constexpr int64_t kNow = 1714557600000;
constexpr std::string_view kObjects[] = {"people", "companies", "opportunities", "pets", "tasks", "notes"};

std::string Render(const storage::ObjectSchema& schema, const storage::Row& row) {
  protocol::JsonWriter w;
  server::WriteRecordJson(schema, row, w);
  return std::string(w.View());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedServer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view object = kObjects[data[0] % std::size(kObjects)];
  const bool update = (data[0] / std::size(kObjects)) % 2 == 1;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  simdjson::dom::parser parser;
  simdjson::dom::element json;
  if (parser.parse(body).get(json) != simdjson::SUCCESS) return 0;

  storage::Table* table = fuzz::SharedServer().workspace().FindByPlural(object);
  FUZZ_CHECK(table != nullptr, "no table " + std::string(object));
  storage::ObjectSchemaPtr schema = table->schema();
  server::WriteContext ctx{kNow, "fuzz", &fuzz::SharedServer().workspace()};

  storage::RowRef base;
  if (update) table->ForEachRow([&](const storage::RowRef& row) { if (!base) base = row; });
  storage::RowBuilder builder = base ? storage::RowBuilder(*base, schema->slot_count())
                                     : storage::RowBuilder(schema->slot_count());
  Status decoded = server::DecodeRecordInput(*schema, json, base ? server::WriteMode::kUpdate : server::WriteMode::kCreate,
                                             ctx, &builder);
  if (!decoded.ok()) return 0;
  // As the create path does: the table gives a new record its position.
  if (schema->position_slot >= 0 && builder.IsNull(schema->position_slot)) builder.SetNumber(schema->position_slot, 1);
  storage::RowRef row = builder.Build();
  const std::string rendered = Render(*schema, *row);
  simdjson::dom::parser reparser;
  simdjson::dom::element again;
  FUZZ_CHECK(reparser.parse(rendered).get(again) == simdjson::SUCCESS, "rendered record is not JSON: " + rendered);

  storage::RowBuilder round_trip(*row, schema->slot_count());
  if (!server::DecodeRecordInput(*schema, again, server::WriteMode::kUpdate, ctx, &round_trip).ok()) return 0;
  const std::string rerendered = Render(*schema, *round_trip.Build());
  FUZZ_CHECK(rerendered == rendered, "a record sent back as it was rendered changed:\n" + rendered + "\n" + rerendered);
  return 0;
}

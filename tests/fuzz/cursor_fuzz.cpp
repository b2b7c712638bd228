// Fuzz target: REST cursors (server/records/cursor.h), which come back from
// clients as starting_after / ending_before, decoded against the order they
// are used with.
//
// The input is "<order_by>\n<cursor>", tried on people and on the custom
// object "pet" (a field of every type). Properties: a decoded cursor holds
// one key per order key; and for every record, the cursor encoded for it
// under the same order decodes to the record's own position.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "server/records/cursor.h"
#include "server/records/rest_query.h"
#include "storage/query.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

namespace {

void Check(std::string_view plural, std::string_view order_by, std::string_view cursor) {
  storage::Table* table = fuzz::SharedServer().workspace().FindByPlural(plural);
  FUZZ_CHECK(table != nullptr, "no table " + std::string(plural));
  storage::ObjectSchemaPtr schema = table->schema();
  auto order = server::CompileRestOrderByParam(order_by, *schema);
  if (!order.ok()) return;

  if (auto position = server::DecodeCursor(cursor, *order, *schema)) {
    FUZZ_CHECK(position->keys.size() == order->size(), "a cursor with the wrong number of keys");
  }
  (void)server::DecodeIdCursor(cursor);

  table->ForEachRow([&](const storage::RowRef& row) {
    const storage::Uuid id = row->GetUuid(schema->id_slot);
    const std::string encoded = server::EncodeCursor(*order, *schema, *row);
    auto position = server::DecodeCursor(encoded, *order, *schema);
    FUZZ_CHECK(position.has_value(), "the cursor of a record does not decode: " + encoded);
    FUZZ_CHECK(storage::CompareRowToCursor(*order, *row, id, *position) == 0,
               "the cursor of a record decodes elsewhere: " + encoded);
  });
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedServer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t newline = text.find('\n');
  std::string_view order_by = text.substr(0, newline);
  std::string_view cursor = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  Check("people", order_by, cursor);
  Check("pets", order_by, cursor);
  return 0;
}

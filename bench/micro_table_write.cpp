// What the access paths cost a write: Table::Put of new people (the rows
// bench/wrk/create_person.lua creates, on Twenty's person object) into a
// table that already holds N, with every path maintained and with paths
// suspended (as during recovery), in CPU time per insert. No WAL, no HTTP.
//
//   build/bench_micro_table_write [existing_rows]
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

#include "bench/build_flags.h"
#include "bench/cpu_time.h"
#include "storage/standard_objects.h"
#include "storage/table.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

ObjectSchemaPtr PersonSchema() {
  for (auto& o : BuildStandardObjects(Uuid::Random(), 1700000000000))
    if (o.name_singular == "person") {
      o.AssignSlots();
      return std::make_shared<const ObjectSchema>(std::move(o));
    }
  std::abort();
}

// A person as create_person.lua posts it, after defaults: unique last name
// and email, a shared city, title and phone, system fields set.
RowRef Person(const ObjectSchema& s, std::mt19937& rng, int64_t now, double position) {
  RowBuilder b(s.slot_count());
  auto set_text = [&](const char* field, const char* sub, const std::string& v) {
    if (auto slot = s.FindSlot(field, sub ? sub : "")) b.SetText(*slot, v);
  };
  const std::string tag = std::to_string(rng()) + "-" + std::to_string(rng());
  for (const auto& f : s.fields)
    for (uint16_t i = 0; i < f.slot_count; ++i)
      if (s.slots[f.first_slot + i].kind == SlotKind::kText) b.SetText(f.first_slot + i, "");
  set_text("name", "firstName", "Bench");
  set_text("name", "lastName", tag);
  set_text("emails", "primaryEmail", "b" + tag + "@bench.test");
  set_text("city", nullptr, "Paris");
  set_text("jobTitle", nullptr, "Engineer");
  set_text("phones", "primaryPhoneNumber", "612345678");
  set_text("phones", "primaryPhoneCountryCode", "FR");
  set_text("phones", "primaryPhoneCallingCode", "+33");
  set_text("createdBy", "source", "API");
  set_text("updatedBy", "source", "API");
  const Uuid id = Uuid::Random();
  b.SetUuid(s.id_slot, id);
  b.SetTimestamp(s.created_at_slot, now);
  b.SetTimestamp(s.updated_at_slot, now);
  b.SetNull(s.deleted_at_slot);
  if (s.position_slot >= 0) b.SetNumber(static_cast<size_t>(s.position_slot), position);
  return b.Build();
}

double InsertCost(bool paths, size_t existing, size_t measured) {
  ObjectSchemaPtr schema = PersonSchema();
  Table table(schema, nullptr, 16);
  std::mt19937 rng(7);
  int64_t now = 1700000000000;
  double position = 0;
  auto insert = [&] {
    RowRef row = Person(*schema, rng, ++now, --position);
    Uuid id = row->GetUuid(schema->id_slot);
    (void)table.Put(id, PutMode::kInsert, [&](const RowRef&) -> Result<RowRef> { return row; });
  };
  for (size_t i = 0; i < existing; ++i) insert();
  if (!paths) table.BeginBulkLoad();
  // Rows are built outside the timed part: only Put is measured.
  std::vector<RowRef> rows;
  for (size_t i = 0; i < measured; ++i) rows.push_back(Person(*schema, rng, ++now, --position));
  const double start = bench::ThreadCpuSeconds();
  for (const RowRef& row : rows) {
    Uuid id = row->GetUuid(schema->id_slot);
    (void)table.Put(id, PutMode::kInsert, [&](const RowRef&) -> Result<RowRef> { return row; });
  }
  return (bench::ThreadCpuSeconds() - start) * 1e9 / static_cast<double>(measured);
}

}  // namespace

int main(int argc, char** argv) {
  vingt::bench::WarnAboutBuild();
  const size_t existing = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const size_t measured = std::getenv("MEASURED") ? std::strtoul(std::getenv("MEASURED"), nullptr, 10) : 100000;
  const double with = InsertCost(true, existing, measured);
  const double without = InsertCost(false, existing, measured);
  std::printf(
      "{\"bench\":\"table_write\",\"existing_rows\":%zu,\"insert_ns_with_paths\":%.0f,"
      "\"insert_ns_without_paths\":%.0f,\"paths_ns\":%.0f}\n",
      existing, with, without, with - without);
  return 0;
}

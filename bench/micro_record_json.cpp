// Micro-benchmark: WriteRecordJson on a realistic person (Twenty's standard
// person object, filled the way bench/seed.py fills it), the way a list page
// uses it: one thread writer, pages of 60 records inside {"data":{"people":[...]}}.
//
//   bench_micro_record_json [records]      (default 1000000)
//
// Prints one JSON line, e.g.
//   {"bench":"record_json","records":1000000,"bytes_per_record":1012,
//    "ns_per_record":410.2,"mb_per_s":2467.1,"optimized":true,"asserts":false}
#include "bench/build_flags.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "protocol/json_write.h"
#include "server/records/record_codec.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "storage/standard_objects.h"

namespace {

using vingt::protocol::JsonWriter;
using vingt::storage::ObjectSchema;
using vingt::storage::RowRef;

constexpr int64_t kNow = 1714557600123;  // 2024-05-01T10:00:00.123Z
constexpr size_t kPage = 60;

// Ten people like bench/seed.py's; the page cycles through them.
std::vector<RowRef> MakePeople(const ObjectSchema& schema) {
  static const char* kFirst[] = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Edsger", "Frances",
                                 "Donald"};
  static const char* kLast[] = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov",
                                "Dijkstra", "Allen", "Knuth"};
  static const char* kCity[] = {"Paris", "London", "Berlin", "New York", "San Francisco"};
  std::vector<RowRef> rows;
  simdjson::dom::parser parser;
  for (int i = 0; i < 10; ++i) {
    std::string handle = std::string(kFirst[i]) + "." + kLast[i] + "." + std::to_string(i);
    for (char& c : handle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string body = std::string(R"({"name":{"firstName":")") + kFirst[i] + R"(","lastName":")" + kLast[i] +
                       R"("},"emails":{"primaryEmail":")" + handle +
                       R"(@example.com","additionalEmails":[]},"linkedinLink":{"primaryLinkUrl":"https://www.linkedin.com/in/)" +
                       handle + R"(","primaryLinkLabel":""},"jobTitle":"Engineer","city":")" + kCity[i % 5] +
                       R"(","phones":{"primaryPhoneNumber":"6123456)" + std::to_string(10 + i) +
                       R"(","primaryPhoneCountryCode":"FR","primaryPhoneCallingCode":"+33"}})";
    simdjson::dom::element doc;
    if (parser.parse(body).get(doc) != simdjson::SUCCESS) {
      std::fprintf(stderr, "bad body: %s\n", body.c_str());
      std::exit(1);
    }
    vingt::server::WriteContext ctx;
    ctx.now_ms = kNow + i * 1000;
    ctx.actor_name = "bench key";
    vingt::storage::RowBuilder builder(schema.slot_count());
    auto status = vingt::server::DecodeRecordInput(schema, doc, vingt::server::WriteMode::kCreate, ctx, &builder);
    if (!status.ok()) {
      std::fprintf(stderr, "decode failed: %s\n", status.ToString().c_str());
      std::exit(1);
    }
    if (schema.position_slot >= 0) builder.SetNumber(schema.position_slot, -i - 1);
    rows.push_back(builder.Build());
  }
  return rows;
}

// Writes `records` records in pages of kPage; returns the bytes written.
size_t WriteMany(const ObjectSchema& schema, const std::vector<RowRef>& rows, JsonWriter& w, long records) {
  size_t bytes = 0;
  long done = 0;
  while (done < records) {
    w.Reset();
    w.StartObject();
    w.Key("data");
    w.StartObject();
    w.Key("people");
    w.StartArray();
    for (size_t i = 0; i < kPage && done < records; ++i, ++done)
      vingt::server::WriteRecordJson(schema, *rows[done % rows.size()], w);
    w.EndArray();
    w.EndObject();
    w.EndObject();
    bytes += w.View().size();
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  long records = argc > 1 ? std::atol(argv[1]) : 1000000;
  if (records <= 0) records = 1000000;
  vingt::bench::WarnAboutBuild();
  using vingt::bench::kAsserts;
  using vingt::bench::kOptimized;

  auto objects = vingt::storage::BuildStandardObjects(vingt::storage::Uuid{}, kNow);
  const ObjectSchema* person = nullptr;
  for (const auto& o : objects)
    if (o.name_singular == "person") person = &o;
  if (person == nullptr) {
    std::fprintf(stderr, "no person object\n");
    return 1;
  }
  std::vector<RowRef> rows = MakePeople(*person);
  JsonWriter w;
  WriteMany(*person, rows, w, records / 10 + 1);  // warm-up

  auto start = std::chrono::steady_clock::now();
  size_t bytes = WriteMany(*person, rows, w, records);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  w.Reset();
  vingt::server::WriteRecordJson(*person, *rows[0], w);
  size_t bytes_per_record = w.View().size();
  double ns_per_record = seconds * 1e9 / static_cast<double>(records);
  double mb_per_s = static_cast<double>(bytes) / seconds / 1e6;
  std::printf(
      "{\"bench\":\"record_json\",\"records\":%ld,\"bytes_per_record\":%zu,\"ns_per_record\":%.1f,"
      "\"mb_per_s\":%.1f,\"cpus\":%u,\"optimized\":%s,\"asserts\":%s}\n",
      records, bytes_per_record, ns_per_record, mb_per_s, std::thread::hardware_concurrency(),
      kOptimized ? "true" : "false", kAsserts ? "true" : "false");
  return 0;
}

// Micro-benchmark: one core /graphql request in process, parse + validate +
// execute (ExecuteRequest, no HTTP): people(first: 60) with 8 fields and
// the company expanded, over 1,000 people spread over 10 companies.
//
//   bench_micro_graphql [iterations]      (default 20000)
//
// Prints one JSON line, e.g.
//   {"bench":"micro_graphql","iterations":20000,"us_per_request":95.1,"bytes":24817,...}
#include "bench/build_flags.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <simdjson.h>

#include "protocol/graphql/request.h"
#include "protocol/json_write.h"
#include "server/graphql/core_schema.h"
#include "server/graphql/request_context.h"
#include "server/records/record_codec.h"
#include "storage/workspace.h"

namespace {

using namespace vingt;

constexpr int64_t kNow = 1714557600123;
constexpr const char* kQuery =
    "{ people(first: 60) { edges { node { id name { firstName lastName } emails { primaryEmail } city jobTitle "
    "phones { primaryPhoneNumber } createdAt position company { id name } } } } }";

std::string Insert(storage::Workspace& ws, std::string_view plural, const std::string& json) {
  storage::Table* table = ws.FindByPlural(plural);
  auto schema = table->schema();
  simdjson::dom::parser p;
  simdjson::dom::element body = p.parse(json);
  storage::RowBuilder b(schema->slot_count());
  server::WriteContext ctx{kNow, "bench"};
  if (!server::DecodeRecordInput(*schema, body, server::WriteMode::kCreate, ctx, &b).ok()) std::abort();
  b.SetNumber(schema->position_slot, table->TakeFirstPosition());
  storage::Uuid id = storage::Uuid::FromBytes(b.Get(schema->id_slot));
  storage::RowRef row = b.Build();
  if (!table->Put(id, storage::PutMode::kInsert, [&](const storage::RowRef&) { return Result<storage::RowRef>(row); }).ok())
    std::abort();
  return id.ToString();
}

}  // namespace

int main(int argc, char** argv) {
  vingt::bench::WarnAboutBuild();
  const long iterations = argc > 1 ? std::atol(argv[1]) : 20000;
  storage::Workspace ws(storage::Uuid::Random(), "bench", kNow, nullptr, 16);
  std::vector<std::string> companies;
  for (int i = 0; i < 10; ++i) companies.push_back(Insert(ws, "companies", "{\"name\":\"Company " + std::to_string(i) + "\"}"));
  for (int i = 0; i < 1000; ++i) {
    std::string n = std::to_string(i);
    Insert(ws, "people",
           "{\"name\":{\"firstName\":\"First" + n + "\",\"lastName\":\"Last" + n + "\"},\"emails\":{\"primaryEmail\":\"p" + n +
               "@bench.test\"},\"city\":\"Paris\",\"jobTitle\":\"Engineer\",\"phones\":{\"primaryPhoneNumber\":\"612345678\"},"
               "\"companyId\":\"" + companies[i % 10] + "\"}");
  }
  auto schema = server::graphql::CoreSchemaFor(ws);
  server::ServerState state;
  server::CallContext call;
  call.workspace = &ws;
  protocol::JsonWriter w;
  size_t bytes = 0;
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(iterations));
  auto run = [&] {
    server::graphql::RequestContext rc;
    rc.state = &state;
    rc.call = &call;
    protocol::graphql::RequestOptions options;
    options.context.user_context = &rc;
    w.Reset();
    protocol::graphql::ExecuteRequest(*schema, kQuery, "", std::nullopt, options, w);
    bytes = w.View().size();
  };
  for (int i = 0; i < 200; ++i) run();
  if (w.View().find("\"errors\"") != std::string_view::npos) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(std::min<size_t>(w.View().size(), 2000)), w.View().data());
    return 1;
  }
  for (long i = 0; i < iterations; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    run();
    samples.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (double s : samples) sum += s;
  std::printf(
      "{\"bench\":\"micro_graphql\",\"iterations\":%ld,\"us_per_request\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,"
      "\"bytes\":%zu,\"optimized\":%s,\"asserts\":%s}\n",
      iterations, sum / samples.size(), samples[samples.size() / 2], samples[samples.size() * 99 / 100], bytes,
      vingt::bench::kOptimized ? "true" : "false", vingt::bench::kAsserts ? "true" : "false");
  return 0;
}

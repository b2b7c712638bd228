// ValueIndex costs on one shard's worth of rows (62,500: a million records
// over 16 shards): bulk build, incremental add, and the reads the query
// engine makes, per column shape. Prints one JSON line per measurement.
//
//   build/bench_micro_value_index [rows]
#include <ctime>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/build_flags.h"
#include "storage/index/value_index.h"

using namespace vingt::storage;

namespace {

// CPU time of this thread: the figures stay meaningful on a busy machine.
double Now() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Column {
  const char* name;
  SlotKind kind;
  std::vector<std::string> values;
};

std::vector<Column> MakeColumns(size_t rows) {
  std::mt19937 rng(1);
  static const char* kCities[] = {"Paris", "London", "Berlin", "New York", "San Francisco", "Lyon", "Madrid", "Oslo"};
  static const char* kFirst[] = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Edsger", "Frances",
                                 "Donald", "Radia", "John", "Katherine", "Dennis", "Hedy", "Tim"};
  std::vector<Column> cols;
  cols.push_back({"low_card_text", SlotKind::kText, {}});
  cols.push_back({"mixed_case_names", SlotKind::kText, {}});
  cols.push_back({"unique_emails", SlotKind::kText, {}});
  cols.push_back({"constant_empty", SlotKind::kText, {}});
  cols.push_back({"unique_timestamps", SlotKind::kTimestamp, {}});
  cols.push_back({"unique_uuids", SlotKind::kUuid, {}});
  for (size_t i = 0; i < rows; ++i) {
    cols[0].values.push_back(kCities[rng() % 8]);
    cols[1].values.push_back(kFirst[rng() % 16]);
    cols[2].values.push_back(std::string(kFirst[rng() % 16]) + "." + std::to_string(rng() % 100000000) + "@example.com");
    cols[3].values.push_back("");
    int64_t ts = 1700000000000 + static_cast<int64_t>(rng() % 100000000);
    cols[4].values.push_back(std::string(reinterpret_cast<const char*>(&ts), 8));
    std::string id(16, '\0');
    for (auto& c : id) c = static_cast<char>(rng());
    cols[5].values.push_back(id);
  }
  for (auto& c : cols[2].values)
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return cols;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 62500;
  vingt::bench::WarnAboutBuild();
  for (const Column& col : MakeColumns(rows)) {
    double start = Now();
    ValueIndex::Builder builder(col.kind);
    for (uint32_t i = 0; i < rows; ++i) builder.Add(std::string_view(col.values[i]), i, true);
    const double collect_s = (Now() - start);
    ValueIndex built = builder.Finish();
    const double build_s = (Now() - start);

    start = Now();
    ValueIndex incremental(col.kind);
    for (uint32_t i = 0; i < rows; ++i) incremental.Add(std::string_view(col.values[i]), i, true);
    const double add_s = (Now() - start);

    start = Now();
    size_t found = 0;
    for (uint32_t i = 0; i < rows; ++i) found += built.Find(col.values[i]).has_value();
    const double find_s = (Now() - start);

    std::printf(
        "{\"bench\":\"value_index\",\"column\":\"%s\",\"rows\":%zu,\"distinct\":%zu,\"build_ns_per_row\":%.1f,"
        "\"of_which_collect\":%.1f,"
        "\"add_ns_per_row\":%.1f,\"find_ns\":%.1f,\"bytes_per_row\":%.1f,\"found\":%zu}\n",
        col.name, rows, built.distinct(), build_s * 1e9 / rows, collect_s * 1e9 / rows, add_s * 1e9 / rows, find_s * 1e9 / rows,
        static_cast<double>(built.MemoryUsage()) / rows, found);
  }
  return 0;
}

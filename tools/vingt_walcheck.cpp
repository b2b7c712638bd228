// vingt_walcheck: offline check of a WAL directory (what redis-check-aof is
// to Redis). Reads every segment without changing anything, lists segments
// and records per type, and reports a torn tail or corruption with file and
// offset. --truncate-torn-tail cuts a torn tail off (the server does the
// same at startup); it refuses when there is corruption elsewhere.
//
// Exit status: 0 clean (or torn tail fixed), 1 torn tail left in place,
// 2 corruption, 3 I/O error, 64 usage.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "storage/file.h"
#include "storage/wal_format.h"
#include "storage/wal_reader.h"

namespace vingt::storage {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitTornTail = 1;
constexpr int kExitCorruption = 2;
constexpr int kExitIOError = 3;
constexpr int kExitUsage = 64;

// Forwards reads to the real filesystem and refuses every change, so that
// the check replays with the server's exact rules but leaves the disk alone.
class ReadOnlyFileSystem final : public FileSystem {
 public:
  explicit ReadOnlyFileSystem(FileSystem* base) : base_(base) {}
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path, bool) override {
    return Refuse("open", path);
  }
  Result<std::string> ReadFile(const std::string& path) override { return base_->ReadFile(path); }
  Status Truncate(const std::string&, uint64_t) override { return Status::Ok(); }  // reported via drops
  Status Rename(const std::string& from, const std::string&) override { return Refuse("rename", from); }
  Status Remove(const std::string& path) override { return Refuse("remove", path); }
  Status SyncDir(const std::string&) override { return Status::Ok(); }
  Status CreateDir(const std::string& dir) override { return Refuse("mkdir", dir); }
  Result<std::vector<std::string>> ListDir(const std::string& dir) override { return base_->ListDir(dir); }
  bool Exists(const std::string& path) override { return base_->Exists(path); }

 private:
  static Status Refuse(const char* op, const std::string& path) {
    return Status::IOError(std::string(op) + " " + path + ": read-only check");
  }
  FileSystem* base_;
};

void Usage() {
  std::fprintf(stderr,
               "usage: vingt_walcheck [--dump] [--truncate-torn-tail] WAL_DIR\n"
               "  Checks the wal-*.log segments in WAL_DIR (the data dir's wal/ folder).\n"
               "  --dump                print one line per record: segment order, lsn, type, payload size\n"
               "  --truncate-torn-tail  cut a torn tail off the last segment (refused if there is corruption)\n");
}

int Run(int argc, char** argv) {
  bool dump = false;
  bool truncate = false;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dump") {
      dump = true;
    } else if (arg == "--truncate-torn-tail") {
      truncate = true;
    } else if (arg == "-h" || arg == "--help") {
      Usage();
      return kExitClean;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "vingt_walcheck: unknown option %s\n", arg.c_str());
      Usage();
      return kExitUsage;
    } else if (dir.empty()) {
      dir = arg;
    } else {
      Usage();
      return kExitUsage;
    }
  }
  if (dir.empty()) {
    Usage();
    return kExitUsage;
  }

  FileSystem* fs = DefaultFileSystem();
  if (!fs->Exists(dir)) {
    std::fprintf(stderr, "vingt_walcheck: %s does not exist\n", dir.c_str());
    return kExitIOError;
  }
  Result<std::vector<uint64_t>> segments = ListWalSegments(fs, dir);
  if (!segments.ok()) {
    std::fprintf(stderr, "vingt_walcheck: %s\n", segments.status().ToString().c_str());
    return kExitIOError;
  }
  std::printf("%zu segment(s) in %s\n", segments->size(), dir.c_str());
  for (uint64_t s : *segments) {
    std::string path = JoinPath(dir, WalSegmentFileName(s));
    Result<std::string> data = fs->ReadFile(path);
    std::printf("  %s  %s\n", WalSegmentFileName(s).c_str(),
                data.ok() ? (std::to_string(data->size()) + " bytes").c_str() : data.status().ToString().c_str());
  }

  std::map<std::string, uint64_t> per_type;
  uint64_t first_lsn = 0;
  uint64_t out_of_order = 0;
  uint64_t prev_lsn = 0;
  ReadOnlyFileSystem read_only(fs);
  Result<WalReplayReport> report = ReplayWal(
      &read_only, dir, 0, WalRecoveryMode::kSkipCorrupt,
      [&](WalRecordType type, uint64_t lsn, std::string_view payload) {
        ++per_type[WalRecordTypeName(type)];
        if (first_lsn == 0) first_lsn = lsn;
        if (lsn <= prev_lsn) ++out_of_order;
        prev_lsn = lsn;
        if (dump) {
          std::printf("lsn=%" PRIu64 " type=%s size=%zu\n", lsn, WalRecordTypeName(type).c_str(), payload.size());
        }
        return Status::Ok();
      });
  if (!report.ok()) {
    std::fprintf(stderr, "vingt_walcheck: %s\n", report.status().ToString().c_str());
    return kExitIOError;
  }

  std::printf("%" PRIu64 " record(s)", report->records);
  if (report->records > 0) std::printf(", lsn %" PRIu64 " .. %" PRIu64, first_lsn, report->last_lsn);
  std::printf("\n");
  for (const auto& [name, count] : per_type) std::printf("  %-16s %" PRIu64 "\n", name.c_str(), count);
  if (out_of_order > 0) {
    std::printf("warning: %" PRIu64 " record(s) with an lsn not above the previous one\n", out_of_order);
  }

  const WalDrop* torn = nullptr;
  int corrupt = 0;
  for (const WalDrop& d : report->drops) {
    if (d.torn_tail) {
      torn = &d;
      std::printf("TORN TAIL   %s at offset %" PRIu64 ": %" PRIu64 " bytes (%s)\n", d.file.c_str(), d.offset,
                  d.bytes, d.reason.c_str());
    } else {
      ++corrupt;
      std::printf("CORRUPTION  %s at offset %" PRIu64 ": %" PRIu64 " bytes (%s)\n", d.file.c_str(), d.offset,
                  d.bytes, d.reason.c_str());
    }
  }

  if (corrupt > 0) {
    std::printf(
        "%d corrupt region(s). The server refuses to start on these; --wal-recovery=skip-corrupt drops them "
        "(the records in them are lost).\n",
        corrupt);
    if (truncate) std::printf("not truncating: fix or skip the corruption first\n");
    return kExitCorruption;
  }
  if (torn == nullptr) {
    std::printf("OK\n");
    return kExitClean;
  }
  if (!truncate) {
    std::printf("The server cuts the torn tail off at startup; --truncate-torn-tail does it now.\n");
    return kExitTornTail;
  }
  Result<WalReplayReport> fixed = ReplayWal(fs, dir, 0, WalRecoveryMode::kTolerateTornTail,
                                            [](WalRecordType, uint64_t, std::string_view) { return Status::Ok(); });
  if (!fixed.ok()) {
    std::fprintf(stderr, "vingt_walcheck: %s\n", fixed.status().ToString().c_str());
    return fixed.status().code() == StatusCode::kCorruption ? kExitCorruption : kExitIOError;
  }
  for (const std::string& w : fixed->warnings) std::printf("truncated: %s\n", w.c_str());
  return kExitClean;
}

}  // namespace
}  // namespace vingt::storage

int main(int argc, char** argv) { return vingt::storage::Run(argc, argv); }

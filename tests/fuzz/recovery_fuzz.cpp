// Fuzz target: recovery (storage/database.h Open): loading a snapshot and
// replaying the WAL from arbitrary bytes, as a damaged or hostile data dir
// would hold them.
//
// At start-up a real data dir is made in memory through the API
// (in_process_server.h: custom object, fields of every type, records, a
// key, a webhook and its events), snapshotted, then written to again, so it
// holds one snapshot and WAL after it. Each input replaces one file of it:
//
//   byte 0 % 4 == 0   the WAL segment, raw bytes
//                1   the snapshot, raw bytes
//                2   the WAL segment, made of the input's records with valid
//                    checksums (so the payload decoders are reached)
//                3   the snapshot, likewise
//   byte 0 / 4 % 2     recovery mode: tolerate a torn tail, or skip-corrupt
//
// A record of modes 2 and 3 is [type u8][length u32 LE][payload]; lengths
// past the end are cut to it. WAL records get LSNs counting up from the
// snapshot's; snapshot records get 0, as the writer gives them.
//
// Properties: Open never crashes, whatever the bytes; and a database it
// opens is whole: it takes a snapshot, and that snapshot opens again with
// the same records in every table.
//
// VINGT_FUZZ_WRITE_SEEDS=<dir>: writes the seed corpus (the base files in
// each mode) to <dir> and exits.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "storage/fault_injection_file.h"
#include "storage/wal_format.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

namespace {

struct BaseDir {
  std::map<std::string, std::string> files;  // path -> bytes
  std::string wal_path, snapshot_path;
  uint64_t snapshot_lsn = 0;
};

BaseDir& Base() {
  static BaseDir* base = [] {
    auto* b = new BaseDir();
    fuzz::InProcessServer server;
    Status snapshot = server.db().Snapshot();
    FUZZ_CHECK(snapshot.ok(), "set-up snapshot: " + snapshot.ToString());
    // Writes after the snapshot: an update, a delete, a new field.
    server.Send("PATCH", "/rest/people?filter=city[eq]:London", R"({"jobTitle":"Countess"})");
    server.Send("DELETE", "/rest/people?filter=city[eq]:Wilmslow");
    server.Send("POST", "/rest/people", R"({"name":{"firstName":"Edsger","lastName":"Dijkstra"}})");
    for (const std::string dir : {"/db/wal", "/db/snapshots"}) {
      auto listed = server.fs().ListDir(dir);
      FUZZ_CHECK(listed.ok(), "set-up: " + listed.status().ToString());
      for (const std::string& name : *listed) {
        const std::string path = dir + "/" + name;
        b->files[path] = server.fs().FileContents(path);
        if (storage::ParseWalSegmentFileName(name)) b->wal_path = path;  // the last, in name order
        if (name.ends_with(".vsnap")) b->snapshot_path = path;
      }
    }
    FUZZ_CHECK(!b->wal_path.empty() && !b->snapshot_path.empty(), "set-up: no WAL or no snapshot in the data dir");
    const std::string& wal = b->files[b->wal_path];
    storage::WalDecoded first = storage::DecodeWalRecord(wal, 0);
    b->snapshot_lsn = first.status == storage::WalDecodeStatus::kRecord ? first.lsn - 1 : 0;
    return b;
  }();
  return *base;
}

// Records of modes 2 and 3, framed as the writers frame them.
std::string Frame(std::string_view records, uint64_t first_lsn, bool snapshot) {
  std::string out;
  uint64_t lsn = first_lsn;
  while (records.size() >= 5) {
    const auto type = static_cast<storage::WalRecordType>(static_cast<uint8_t>(records[0]));
    uint32_t length = 0;
    std::memcpy(&length, records.data() + 1, 4);
    records.remove_prefix(5);
    length = static_cast<uint32_t>(std::min<size_t>(length, records.size()));
    if (type != storage::WalRecordType::kZero)
      storage::AppendWalRecord(&out, type, snapshot ? 0 : lsn++, records.substr(0, length));
    records.remove_prefix(length);
  }
  return out;
}

// The inverse of Frame, for the seeds.
std::string Unframe(std::string_view file) {
  std::string out;
  for (size_t offset = 0;;) {
    storage::WalDecoded d = storage::DecodeWalRecord(file, offset);
    if (d.status != storage::WalDecodeStatus::kRecord) break;
    out += static_cast<char>(d.type);
    const auto length = static_cast<uint32_t>(d.payload.size());
    out.append(reinterpret_cast<const char*>(&length), 4);
    out.append(d.payload);
    offset = d.next_offset;
  }
  return out;
}

std::map<std::string, uint64_t> CountRows(storage::Database& db) {
  std::map<std::string, uint64_t> counts;
  for (const auto& ws : db.Workspaces())
    for (storage::Table* table : ws->AllTables())
      counts[ws->id().ToString() + "/" + table->schema()->name_plural] = table->total_count();
  return counts;
}

Result<std::unique_ptr<storage::Database>> Open(storage::FaultInjectionFileSystem* fs, storage::WalRecoveryMode mode) {
  storage::DatabaseOptions options;
  options.data_dir = "/db";
  options.fs = fs;
  options.lock_data_dir = false;
  options.snapshot_after_wal_bytes = 0;
  options.recovery_mode = mode;
  return storage::Database::Open(options, nullptr);
}

void WriteSeeds(const char* dir) {
  const BaseDir& base = Base();
  auto write = [&](const std::string& name, char mode, std::string_view bytes) {
    std::ofstream out(std::string(dir) + "/" + name, std::ios::binary);
    out << mode << bytes;
  };
  const std::string& wal = base.files.at(base.wal_path);
  const std::string& snapshot = base.files.at(base.snapshot_path);
  write("wal-raw", 0, wal);
  write("snapshot-raw", 1, snapshot);
  write("wal-records", 2, Unframe(wal));
  write("snapshot-records", 3, Unframe(snapshot));
  write("wal-raw-skip-corrupt", 4, wal);
  write("wal-records-skip-corrupt", 6, Unframe(wal));
  std::exit(0);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("VINGT_FUZZ_WRITE_SEEDS")) WriteSeeds(dir);
  Base();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const BaseDir& base = Base();
  const int which = data[0] % 4;
  const auto mode = (data[0] / 4) % 2 ? storage::WalRecoveryMode::kSkipCorrupt : storage::WalRecoveryMode::kTolerateTornTail;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  storage::FaultInjectionFileSystem fs;
  for (const char* dir : {"/db", "/db/wal", "/db/snapshots"}) FUZZ_CHECK(fs.CreateDir(dir).ok(), "mkdir");
  for (const auto& [path, contents] : base.files) fs.SetFileContents(path, contents);
  switch (which) {
    case 0: fs.SetFileContents(base.wal_path, std::string(bytes)); break;
    case 1: fs.SetFileContents(base.snapshot_path, std::string(bytes)); break;
    case 2: fs.SetFileContents(base.wal_path, Frame(bytes, base.snapshot_lsn + 1, false)); break;
    case 3: fs.SetFileContents(base.snapshot_path, Frame(bytes, 0, true)); break;
  }

  std::map<std::string, uint64_t> before;
  {
    auto opened = Open(&fs, mode);
    if (!opened.ok()) return 0;
    std::unique_ptr<storage::Database> db = std::move(opened).value();
    before = CountRows(*db);
    Status snapshot = db->Snapshot();
    FUZZ_CHECK(snapshot.ok(), "a recovered database cannot snapshot: " + snapshot.ToString());
    FUZZ_CHECK(db->Close().ok(), "close");
  }
  auto reopened = Open(&fs, storage::WalRecoveryMode::kTolerateTornTail);
  FUZZ_CHECK(reopened.ok(), "the snapshot of a recovered database does not open: " + reopened.status().ToString());
  FUZZ_CHECK(CountRows(**reopened) == before, "the snapshot of a recovered database lost or gained records");
  return 0;
}

// A WAL for the storage tests: opened on a test file system in kDir, its
// records appended and read back whole. Shared by wal_writer_test and
// wal_group_test.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file.h"
#include "storage/wal_reader.h"
#include "storage/wal_writer.h"

namespace vingt::storage::testing {

inline const std::string kWalDir = "/db/wal";

struct WalRec {
  WalRecordType type;
  uint64_t lsn;
  std::string payload;
};

// Every record in the log, from a strict replay.
inline std::vector<WalRec> ReadLog(FileSystem* fs, uint64_t first_segment = 0) {
  std::vector<WalRec> out;
  Result<WalReplayReport> r =
      ReplayWal(fs, kWalDir, first_segment, WalRecoveryMode::kAbsoluteConsistency,
                [&](WalRecordType type, uint64_t lsn, std::string_view payload) {
                  out.push_back(WalRec{type, lsn, std::string(payload)});
                  return Status::Ok();
                });
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return out;
}

inline std::unique_ptr<WalWriter> OpenWal(FileSystem* fs, Durability durability = Durability::kAlways,
                                          uint64_t segment = 1, uint64_t next_lsn = 1) {
  WalOptions options;
  options.dir = kWalDir;
  options.durability = durability;
  options.batch_interval_ms = 1;
  Result<std::unique_ptr<WalWriter>> w = WalWriter::Open(fs, options, segment, next_lsn);
  BOOST_REQUIRE_MESSAGE(w.ok(), w.status().ToString());
  return std::move(w).value();
}

inline uint64_t AppendOk(WalWriter& w, std::string_view payload, WalRecordType type = WalRecordType::kPutRow) {
  Result<uint64_t> lsn = w.Append(type, payload);
  BOOST_REQUIRE_MESSAGE(lsn.ok(), lsn.status().ToString());
  return *lsn;
}

}  // namespace vingt::storage::testing

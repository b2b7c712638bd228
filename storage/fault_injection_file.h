// An in-memory FileSystem that can lose power and fail on demand, for the
// crash tests of the WAL and snapshots (and tools that want a dry run).
//
// Model of durability:
// - A file's bytes are "synced" up to the last successful Sync(); later
//   appends are "unsynced". DropUnsyncedData() (power loss) cuts every file
//   back to its synced bytes.
// - A directory entry (a creation or a rename) is durable after SyncDir of
//   its directory. On power loss a file whose entry never became durable
//   disappears, and a renamed file goes back to its last durable name.
// - Truncate() and Remove() are durable at once (simplification: a removed
//   file never comes back).
// Appends are not buffered: a successful Append is visible to ReadFile.
//
// Thread safety: every method is safe to call from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "storage/file.h"

namespace vingt::storage {

class FaultInjectionFileSystem final : public FileSystem {
 public:
  FaultInjectionFileSystem();
  ~FaultInjectionFileSystem() override;

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path, bool truncate) override;
  Result<std::string> ReadFile(const std::string& path) override;
  Status Truncate(const std::string& path, uint64_t size) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status Remove(const std::string& path) override;
  Status SyncDir(const std::string& dir) override;
  Status CreateDir(const std::string& dir) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  bool Exists(const std::string& path) override;

  // Power loss: every file loses what was not synced, and entries that were
  // never made durable by SyncDir are undone.
  void DropUnsyncedData();
  // While set, WritableFile::Sync (and SyncDir) return IOError.
  void SetFailSync(bool fail);
  // While set, WritableFile::Append returns IOError and writes nothing.
  void SetFailAppend(bool fail);
  // A disk of `bytes` (0: no limit, the default): the files' bytes and
  // reservations together may not exceed it. Past it, an Append fails with
  // "No space left on device" (an IOError, as write(2) gives ENOSPC) and
  // writes nothing, and a Reserve returns Unavailable. Lowering it below
  // what is used already is allowed (the disk filled up meanwhile).
  void SetSpaceLimit(uint64_t bytes);
  // Called at the start of every WritableFile::Sync, without any lock held;
  // lets a test hold a sync in flight. Empty function to clear.
  void SetSyncHook(std::function<void()> hook);
  // Flips all bits of the byte at `offset` (no effect past the end).
  void CorruptByte(const std::string& path, uint64_t offset);
  // Cuts the file to `size` bytes, synced or not (no effect if shorter).
  void TruncateTo(const std::string& path, uint64_t size);
  // The file's current bytes; empty if it does not exist.
  std::string FileContents(const std::string& path);
  // Replaces the file's bytes, as if written and synced; creates the file.
  void SetFileContents(const std::string& path, std::string data);
  // Successful WritableFile::Sync calls so far.
  uint64_t sync_count() const;

 private:
  struct FileState;
  class File;

  Status CheckParentLocked(const std::string& path) const;
  uint64_t UsedLocked() const;

  mutable std::mutex mu_;
  std::set<std::string> dirs_;
  std::map<std::string, std::shared_ptr<FileState>> files_;
  bool fail_sync_ = false;
  bool fail_append_ = false;
  uint64_t space_limit_ = 0;
  std::function<void()> sync_hook_;
  uint64_t sync_count_ = 0;
};

}  // namespace vingt::storage

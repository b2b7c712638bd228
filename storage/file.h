// The filesystem seam: everything storage/ does to disk goes through
// FileSystem, so tests can swap in FaultInjectionFileSystem
// (storage/fault_injection_file.h) and crash the "disk" at will.
//
// Errors are Status::IOError("<op> <path>: <strerror>"), except that
// ReadFile, ListDir, Truncate, Rename and Remove of something that does not
// exist return Status::NotFound (same message).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace vingt::storage {

// An append-only file.
// Thread safety: not thread-safe; one owner at a time.
class WritableFile {
 public:
  virtual ~WritableFile();
  // May buffer in user space: the bytes reach the OS at Flush(), Sync(),
  // Close(), or when the buffer fills.
  virtual Status Append(std::string_view data) = 0;
  // Hands every appended byte to the OS (write(2)): they survive a crash of
  // this process, not of the machine.
  virtual Status Flush() = 0;
  // Flush, then fdatasync: the bytes survive power loss.
  virtual Status Sync() = 0;
  // Flush and close; no call but Size() is valid afterwards. Does not sync.
  virtual Status Close() = 0;
  // Bytes in the file, including those still buffered.
  virtual uint64_t Size() const = 0;
  // Sets aside disk space for the file up to `end` bytes without changing
  // its size (fallocate with FALLOC_FL_KEEP_SIZE), so that appends up to
  // there cannot fail for want of space. Unavailable when the disk has no
  // room; Ok without effect where the file system cannot reserve. Nothing
  // of the file changes either way.
  virtual Status Reserve(uint64_t end) = 0;
};

// Thread safety: implementations are safe to call from many threads.
// The bytes of a whole file, read-only; valid while this object lives.
class ReadOnlyFile {
 public:
  virtual ~ReadOnlyFile() = default;
  virtual std::string_view data() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem();
  // Creates the file if needed; truncate=true empties it, else appends.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path, bool truncate) = 0;
  // The whole file.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // The whole file without copying it where the filesystem can (POSIX maps
  // it); by default a ReadFile. Recovery reads logs and snapshots this way.
  virtual Result<std::unique_ptr<ReadOnlyFile>> OpenReadOnly(const std::string& path);
  // Cuts the file to `size` bytes; durable when it returns (recovery
  // truncates a torn WAL tail and must not see it again after a crash).
  virtual Status Truncate(const std::string& path, uint64_t size) = 0;
  // Atomic replace of `to`; durable only after SyncDir of the directory.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  virtual Status Remove(const std::string& path) = 0;
  // fsync of a directory: makes creations, renames and removals in it durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // OK if the directory already exists.
  virtual Status CreateDir(const std::string& dir) = 0;
  // Names (not paths) of the entries, without "." and "..", in no order.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  virtual bool Exists(const std::string& path) = 0;
};

// The POSIX filesystem. Lives for the whole process; never delete it.
FileSystem* DefaultFileSystem();

// dir + "/" + name, without doubling a trailing slash.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace vingt::storage

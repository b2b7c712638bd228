// Exclusive ownership of a data dir by one process (flock on <dir>/LOCK).
// The kernel drops the lock when the process dies, even on kill -9, so a
// stale LOCK file never blocks a restart.
#pragma once

#include <string>

#include "common/status.h"

namespace vingt::storage {

class DataDirLock {
 public:
  DataDirLock() = default;
  DataDirLock(DataDirLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&& o) noexcept;
  ~DataDirLock();

  // Unavailable("... in use by another vingt process (pid N) ...") if held.
  static Result<DataDirLock> Acquire(const std::string& dir);

 private:
  int fd_ = -1;
};

}  // namespace vingt::storage

#include "storage/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vingt::storage {

WritableFile::~WritableFile() = default;
FileSystem::~FileSystem() = default;

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

namespace {

Status PosixError(std::string_view op, const std::string& path, int err) {
  std::string msg = std::string(op) + " " + path + ": " + std::strerror(err);
  if (err == ENOENT) return Status::NotFound(std::move(msg));
  return Status::IOError(std::move(msg));
}

// Like PosixError, but a missing file is an I/O failure too (for writes).
Status PosixIOError(std::string_view op, const std::string& path, int err) {
  return Status::IOError(std::string(op) + " " + path + ": " + std::strerror(err));
}

Status SyncFd(int fd, const std::string& path) {
  while (::fdatasync(fd) != 0) {
    if (errno != EINTR) return PosixIOError("fdatasync", path, errno);
  }
  return Status::Ok();
}

// A file mapped read-only. Truncating the file while mapped is safe as long
// as nobody reads past the new end, which replay never does after cutting.
class MappedFile : public ReadOnlyFile {
 public:
  MappedFile(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~MappedFile() override {
    if (addr_) ::munmap(addr_, size_);
  }
  std::string_view data() const override { return {static_cast<const char*>(addr_), size_}; }

 private:
  void* addr_;
  size_t size_;
};

class PosixWritableFile final : public WritableFile {
 public:
  // Appends of this size or more skip the buffer.
  static constexpr size_t kBufferSize = 64 * 1024;

  PosixWritableFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {
    buffer_.reserve(kBufferSize);
  }
  ~PosixWritableFile() override { Close().IgnoreError(); }

  Status Append(std::string_view data) override {
    VINGT_RETURN_IF_ERROR(error_);
    if (fd_ < 0) return Status::IOError("append " + path_ + ": file is closed");
    size_ += data.size();
    if (buffer_.size() + data.size() <= kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    VINGT_RETURN_IF_ERROR(FlushBuffer());
    if (data.size() < kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    return WriteAll(data);
  }

  Status Flush() override {
    VINGT_RETURN_IF_ERROR(error_);
    return FlushBuffer();
  }

  Status Sync() override {
    VINGT_RETURN_IF_ERROR(Flush());
    if (fd_ < 0) return Status::IOError("fdatasync " + path_ + ": file is closed");
    Status s = SyncFd(fd_, path_);
    if (!s.ok()) error_ = s;
    return s;
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    // After a failed write the buffer may hold bytes whose prefix already
    // reached the file; writing them again would leave a torn record in the
    // middle of the file, so they are dropped.
    Status s = error_.ok() ? FlushBuffer() : error_;
    if (::close(fd_) != 0 && s.ok()) s = PosixIOError("close", path_, errno);
    fd_ = -1;
    return s;
  }

  uint64_t Size() const override { return size_; }

  Status Reserve(uint64_t end) override {
    if (fd_ < 0) return Status::IOError("fallocate " + path_ + ": file is closed");
    if (end <= size_) return Status::Ok();
    int r;
    do {
      r = ::fallocate(fd_, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(size_), static_cast<off_t>(end - size_));
    } while (r != 0 && errno == EINTR);
    if (r == 0) return Status::Ok();
    if (errno == EOPNOTSUPP || errno == ENOSYS) return Status::Ok();  // nothing to reserve with: appends may fail as before
    if (errno == ENOSPC || errno == EDQUOT) return Status::Unavailable("fallocate " + path_ + ": " + std::strerror(errno));
    return PosixIOError("fallocate", path_, errno);
  }

 private:
  Status FlushBuffer() {
    if (buffer_.empty()) return Status::Ok();
    Status s = WriteAll(buffer_);
    buffer_.clear();
    return s;
  }

  // write(2) until done, retrying EINTR and short writes. A failure is sticky
  // for this file: the file's tail is now unknown.
  Status WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = PosixIOError("write", path_, errno);
        return error_;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  std::string path_;
  int fd_;
  uint64_t size_;
  std::string buffer_;
  Status error_;
};

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path, bool truncate) override {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
    int fd;
    do {
      fd = ::open(path.c_str(), flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return PosixIOError("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Status s = PosixIOError("stat", path, errno);
      ::close(fd);
      return s;
    }
    return std::unique_ptr<WritableFile>(
        std::make_unique<PosixWritableFile>(path, fd, static_cast<uint64_t>(st.st_size)));
  }

  Result<std::string> ReadFile(const std::string& path) override {
    int fd;
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return PosixError("open", path, errno);
    std::string out;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    char buf[64 * 1024];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n < 0) {
        if (errno == EINTR) continue;
        Status s = PosixIOError("read", path, errno);
        ::close(fd);
        return s;
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }

  Result<std::unique_ptr<ReadOnlyFile>> OpenReadOnly(const std::string& path) override {
    int fd;
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return PosixError("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Status s = PosixIOError("fstat", path, errno);
      ::close(fd);
      return s;
    }
    size_t size = static_cast<size_t>(st.st_size);
    void* addr = nullptr;
    if (size > 0) {
      // MAP_POPULATE: one bulk fault-in instead of one fault per page.
      addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (addr == MAP_FAILED) {
        Status s = PosixIOError("mmap", path, errno);
        ::close(fd);
        return s;
      }
      ::madvise(addr, size, MADV_SEQUENTIAL);
    }
    ::close(fd);  // the mapping keeps the file
    return std::unique_ptr<ReadOnlyFile>(new MappedFile(addr, size));
  }

  Status Truncate(const std::string& path, uint64_t size) override {
    int fd;
    do {
      fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return PosixError("open", path, errno);
    Status s;
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      s = PosixIOError("truncate", path, errno);
    } else {
      s = SyncFd(fd, path);
    }
    ::close(fd);
    return s;
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return PosixError("rename", from + " -> " + to, errno);
    return Status::Ok();
  }

  Status Remove(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return PosixError("remove", path, errno);
    return Status::Ok();
  }

  Status SyncDir(const std::string& dir) override {
    int fd;
    do {
      fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return PosixIOError("open", dir, errno);
    Status s;
    while (::fsync(fd) != 0) {
      if (errno != EINTR) {
        s = PosixIOError("fsync", dir, errno);
        break;
      }
    }
    ::close(fd);
    return s;
  }

  Status CreateDir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0755) == 0) return Status::Ok();
    int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::Ok();
    return PosixIOError("mkdir", dir, err);
  }

  Result<std::vector<std::string>> ListDir(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return PosixError("opendir", dir, errno);
    std::vector<std::string> names;
    for (;;) {
      errno = 0;
      struct dirent* e = ::readdir(d);
      if (e == nullptr) break;
      std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    int err = errno;
    ::closedir(d);
    if (err != 0) return PosixIOError("readdir", dir, err);
    return names;
  }

  bool Exists(const std::string& path) override { return ::access(path.c_str(), F_OK) == 0; }
};

}  // namespace

namespace {

class StringFile : public ReadOnlyFile {
 public:
  explicit StringFile(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string_view data() const override { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace

Result<std::unique_ptr<ReadOnlyFile>> FileSystem::OpenReadOnly(const std::string& path) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return std::unique_ptr<ReadOnlyFile>(new StringFile(std::move(bytes).value()));
}

FileSystem* DefaultFileSystem() {
  static PosixFileSystem* const fs = new PosixFileSystem();  // never destroyed: usable during exit
  return fs;
}

}  // namespace vingt::storage

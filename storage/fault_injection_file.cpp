#include "storage/fault_injection_file.h"

#include <algorithm>
#include <vector>

namespace vingt::storage {

namespace {

std::string Normalize(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

struct FaultInjectionFileSystem::FileState {
  std::string data;
  size_t synced = 0;          // data[0, synced) survives power loss
  uint64_t reserved = 0;      // Reserve's end: space held up to here
  std::string durable_name;   // name the file has after power loss; empty: none
};

class FaultInjectionFileSystem::File final : public WritableFile {
 public:
  File(FaultInjectionFileSystem* fs, std::string path, std::shared_ptr<FileState> state)
      : fs_(fs), path_(std::move(path)), state_(std::move(state)) {}

  Status Append(std::string_view data) override {
    std::lock_guard lock(fs_->mu_);
    if (closed_) return Status::IOError("append " + path_ + ": file is closed");
    if (fs_->fail_append_) return Status::IOError("append " + path_ + ": injected write failure");
    const uint64_t end = state_->data.size() + data.size();
    if (fs_->space_limit_ != 0 && end > state_->reserved &&
        fs_->UsedLocked() + (end - std::max<uint64_t>(state_->data.size(), state_->reserved)) > fs_->space_limit_)
      return Status::IOError("append " + path_ + ": No space left on device");
    state_->data.append(data);
    return Status::Ok();
  }

  Status Reserve(uint64_t end) override {
    std::lock_guard lock(fs_->mu_);
    if (closed_) return Status::IOError("fallocate " + path_ + ": file is closed");
    const uint64_t held = std::max<uint64_t>(state_->data.size(), state_->reserved);
    if (end <= held) return Status::Ok();
    if (fs_->space_limit_ != 0 && fs_->UsedLocked() + (end - held) > fs_->space_limit_)
      return Status::Unavailable("fallocate " + path_ + ": No space left on device");
    state_->reserved = end;
    return Status::Ok();
  }

  Status Flush() override {
    std::lock_guard lock(fs_->mu_);
    if (closed_) return Status::IOError("flush " + path_ + ": file is closed");
    return Status::Ok();
  }

  Status Sync() override {
    std::function<void()> hook;
    {
      std::lock_guard lock(fs_->mu_);
      hook = fs_->sync_hook_;
    }
    if (hook) hook();
    std::lock_guard lock(fs_->mu_);
    if (closed_) return Status::IOError("fdatasync " + path_ + ": file is closed");
    if (fs_->fail_sync_) return Status::IOError("fdatasync " + path_ + ": injected sync failure");
    state_->synced = state_->data.size();
    ++fs_->sync_count_;
    return Status::Ok();
  }

  Status Close() override {
    std::lock_guard lock(fs_->mu_);
    closed_ = true;
    return Status::Ok();
  }

  uint64_t Size() const override {
    std::lock_guard lock(fs_->mu_);
    return state_->data.size();
  }

 private:
  FaultInjectionFileSystem* fs_;
  std::string path_;
  std::shared_ptr<FileState> state_;  // outlives a Remove, like an open fd
  bool closed_ = false;
};

FaultInjectionFileSystem::FaultInjectionFileSystem() { dirs_.insert("/"); dirs_.insert("."); }
FaultInjectionFileSystem::~FaultInjectionFileSystem() = default;

Status FaultInjectionFileSystem::CheckParentLocked(const std::string& path) const {
  if (dirs_.count(ParentDir(path)) == 0) return Status::IOError("open " + path + ": No such file or directory");
  return Status::Ok();
}

Result<std::unique_ptr<WritableFile>> FaultInjectionFileSystem::NewWritableFile(const std::string& raw_path,
                                                                                 bool truncate) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  VINGT_RETURN_IF_ERROR(CheckParentLocked(path));
  if (dirs_.count(path)) return Status::IOError("open " + path + ": Is a directory");
  auto& state = files_[path];
  if (!state) state = std::make_shared<FileState>();
  if (truncate) {
    state->data.clear();
    state->synced = 0;
    state->reserved = 0;
  }
  return std::unique_ptr<WritableFile>(std::make_unique<File>(this, path, state));
}

Result<std::string> FaultInjectionFileSystem::ReadFile(const std::string& raw_path) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("open " + path + ": No such file or directory");
  return it->second->data;
}

Status FaultInjectionFileSystem::Truncate(const std::string& raw_path, uint64_t size) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("open " + path + ": No such file or directory");
  FileState& f = *it->second;
  f.data.resize(size, '\0');
  f.synced = std::min<size_t>(f.synced, size);
  f.reserved = 0;  // as ftruncate frees blocks held past the end
  return Status::Ok();
}

Status FaultInjectionFileSystem::Rename(const std::string& raw_from, const std::string& raw_to) {
  std::string from = Normalize(raw_from), to = Normalize(raw_to);
  std::lock_guard lock(mu_);
  auto it = files_.find(from);
  if (it == files_.end()) return Status::NotFound("rename " + from + " -> " + to + ": No such file or directory");
  if (dirs_.count(ParentDir(to)) == 0) return Status::IOError("rename " + from + " -> " + to + ": No such file or directory");
  std::shared_ptr<FileState> state = it->second;
  files_.erase(it);
  files_[to] = std::move(state);
  return Status::Ok();
}

Status FaultInjectionFileSystem::Remove(const std::string& raw_path) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  if (files_.erase(path) == 0) return Status::NotFound("remove " + path + ": No such file or directory");
  return Status::Ok();
}

Status FaultInjectionFileSystem::SyncDir(const std::string& raw_dir) {
  std::string dir = Normalize(raw_dir);
  std::lock_guard lock(mu_);
  if (dirs_.count(dir) == 0) return Status::IOError("open " + dir + ": No such file or directory");
  if (fail_sync_) return Status::IOError("fsync " + dir + ": injected sync failure");
  for (auto& [path, state] : files_) {
    if (ParentDir(path) == dir) state->durable_name = path;
  }
  return Status::Ok();
}

Status FaultInjectionFileSystem::CreateDir(const std::string& raw_dir) {
  std::string dir = Normalize(raw_dir);
  std::lock_guard lock(mu_);
  if (files_.count(dir)) return Status::IOError("mkdir " + dir + ": File exists");
  // Parents are created implicitly; directories themselves are always durable.
  for (std::string d = dir; dirs_.insert(d).second; d = ParentDir(d)) {
  }
  return Status::Ok();
}

Result<std::vector<std::string>> FaultInjectionFileSystem::ListDir(const std::string& raw_dir) {
  std::string dir = Normalize(raw_dir);
  std::lock_guard lock(mu_);
  if (dirs_.count(dir) == 0) return Status::NotFound("opendir " + dir + ": No such file or directory");
  std::vector<std::string> names;
  auto child_name = [&](const std::string& path) -> std::string {
    if (path == dir || ParentDir(path) != dir) return {};
    return path.substr(dir == "/" ? 1 : dir.size() + 1);
  };
  for (const auto& [path, state] : files_) {
    if (auto name = child_name(path); !name.empty()) names.push_back(std::move(name));
  }
  for (const auto& d : dirs_) {
    if (auto name = child_name(d); !name.empty()) names.push_back(std::move(name));
  }
  return names;
}

bool FaultInjectionFileSystem::Exists(const std::string& raw_path) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  return files_.count(path) > 0 || dirs_.count(path) > 0;
}

void FaultInjectionFileSystem::DropUnsyncedData() {
  std::lock_guard lock(mu_);
  std::map<std::string, std::shared_ptr<FileState>> survivors;
  for (auto& [path, state] : files_) {
    state->data.resize(state->synced);
    if (state->durable_name.empty()) continue;  // creation never made durable
    // A rename that was never made durable is undone; if both names claim
    // the same durable entry, the one already there keeps it.
    survivors.emplace(state->durable_name, state);
  }
  files_ = std::move(survivors);
}

void FaultInjectionFileSystem::SetFailSync(bool fail) {
  std::lock_guard lock(mu_);
  fail_sync_ = fail;
}

void FaultInjectionFileSystem::SetSpaceLimit(uint64_t bytes) {
  std::lock_guard lock(mu_);
  space_limit_ = bytes;
}

uint64_t FaultInjectionFileSystem::UsedLocked() const {
  uint64_t used = 0;
  for (const auto& [path, state] : files_) used += std::max<uint64_t>(state->data.size(), state->reserved);
  return used;
}

void FaultInjectionFileSystem::SetFailAppend(bool fail) {
  std::lock_guard lock(mu_);
  fail_append_ = fail;
}

void FaultInjectionFileSystem::SetSyncHook(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  sync_hook_ = std::move(hook);
}

void FaultInjectionFileSystem::CorruptByte(const std::string& raw_path, uint64_t offset) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end() || offset >= it->second->data.size()) return;
  it->second->data[offset] = static_cast<char>(~static_cast<unsigned char>(it->second->data[offset]));
}

void FaultInjectionFileSystem::TruncateTo(const std::string& raw_path, uint64_t size) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end() || size >= it->second->data.size()) return;
  it->second->data.resize(size);
  it->second->synced = std::min<size_t>(it->second->synced, size);
}

std::string FaultInjectionFileSystem::FileContents(const std::string& raw_path) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  return it == files_.end() ? std::string() : it->second->data;
}

void FaultInjectionFileSystem::SetFileContents(const std::string& raw_path, std::string data) {
  std::string path = Normalize(raw_path);
  std::lock_guard lock(mu_);
  for (std::string d = ParentDir(path); dirs_.insert(d).second; d = ParentDir(d)) {
  }
  auto& state = files_[path];
  if (!state) state = std::make_shared<FileState>();
  state->data = std::move(data);
  state->synced = state->data.size();
  state->durable_name = path;
}

uint64_t FaultInjectionFileSystem::sync_count() const {
  std::lock_guard lock(mu_);
  return sync_count_;
}

}  // namespace vingt::storage


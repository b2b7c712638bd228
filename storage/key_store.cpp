#include "storage/key_store.h"

#include <algorithm>
#include <mutex>

#include "storage/wal_format.h"
#include "storage/wal_writer.h"

namespace vingt::storage {

Result<uint64_t> KeyStore::Put(const ApiKey& key) {
  std::unique_lock lock(mu_);
  uint64_t lsn = 0;
  if (wal_) {
    Result<uint64_t> r = wal_->Append(WalRecordType::kPutKey, EncodeApiKey(key));
    if (!r.ok()) return std::move(r).TakeStatus();
    lsn = *r;
    changes_.Raise(lsn);
  }
  ApplyLocked(key);
  return lsn;
}

void KeyStore::ReplayPut(const ApiKey& key) {
  std::unique_lock lock(mu_);
  ApplyLocked(key);
}

void KeyStore::ApplyLocked(const ApiKey& key) {
  auto it = by_id_.find(key.id);
  if (it != by_id_.end()) by_hash_.erase(it->second.hash);
  by_id_[key.id] = key;
  by_hash_[key.hash] = key.id;
}

void KeyStore::ForgetWorkspace(const Uuid& workspace_id) {
  std::unique_lock lock(mu_);
  for (auto it = by_id_.begin(); it != by_id_.end();) {
    if (it->second.workspace_id == workspace_id) {
      by_hash_.erase(it->second.hash);
      it = by_id_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<ApiKey> KeyStore::FindByHash(const std::array<uint8_t, 32>& hash) const {
  std::shared_lock lock(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  return by_id_.at(it->second);
}

std::optional<ApiKey> KeyStore::FindById(const Uuid& id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<ApiKey> KeyStore::List() const {
  std::vector<ApiKey> out;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, key] : by_id_) out.push_back(key);
  }
  std::sort(out.begin(), out.end(), [](const ApiKey& a, const ApiKey& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms < b.created_at_ms : a.id < b.id;
  });
  return out;
}

size_t KeyStore::size() const {
  std::shared_lock lock(mu_);
  return by_id_.size();
}

}  // namespace vingt::storage

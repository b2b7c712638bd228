// API keys of all workspaces. Only keyed hashes of tokens are kept; the
// server computes the hash (server/auth) and looks the key up here.
#pragma once

#include <array>
#include <cstring>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/change_watermark.h"
#include "storage/uuid.h"
#include "storage/wal_payload.h"

namespace vingt::storage {

class WalWriter;

class KeyStore {
 public:
  explicit KeyStore(WalWriter* wal) : wal_(wal) {}
  void set_wal(WalWriter* wal) { wal_ = wal; }
  // The newest key record readers may see (storage/change_watermark.h).
  const ChangeWatermark& changes() const { return changes_; }

  // Logs and applies the after-image of a key; returns the WAL lsn to await.
  Result<uint64_t> Put(const ApiKey& key);
  std::optional<ApiKey> FindByHash(const std::array<uint8_t, 32>& hash) const;
  std::optional<ApiKey> FindById(const Uuid& id) const;
  std::vector<ApiKey> List() const;  // every key, in creation order
  size_t size() const;

  void ReplayPut(const ApiKey& key);
  // Drops every key of a deleted workspace (storage/database.h); not logged
  // itself: the workspace's deletion is.
  void ForgetWorkspace(const Uuid& workspace_id);

 private:
  struct HashOf {
    size_t operator()(const std::array<uint8_t, 32>& h) const {
      size_t v;
      std::memcpy(&v, h.data(), sizeof v);
      return v;
    }
  };
  void ApplyLocked(const ApiKey& key);

  WalWriter* wal_;
  ChangeWatermark changes_;
  mutable std::shared_mutex mu_;
  std::unordered_map<Uuid, ApiKey, UuidHash> by_id_;                        // GUARDED_BY(mu_)
  std::unordered_map<std::array<uint8_t, 32>, Uuid, HashOf> by_hash_;      // GUARDED_BY(mu_)
};

}  // namespace vingt::storage

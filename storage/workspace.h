// A workspace: its objects' metadata and their tables.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/schema.h"
#include "storage/table.h"

namespace vingt::storage {

class Workspace {
 public:
  // Builds the standard objects of a new Twenty workspace.
  Workspace(const Uuid& id, std::string name, int64_t created_at_ms, WalWriter* wal, size_t shard_count);

  const Uuid& id() const { return id_; }
  const std::string& name() const { return name_; }
  int64_t created_at_ms() const { return created_at_ms_; }

  // Lookups by the exact, case-sensitive API names. Null if absent.
  Table* FindByPlural(std::string_view name_plural) const;
  Table* FindBySingular(std::string_view name_singular) const;
  Table* FindById(const Uuid& object_id) const;
  const std::vector<std::unique_ptr<Table>>& tables() const { return tables_; }

 private:
  Uuid id_;
  std::string name_;
  int64_t created_at_ms_;
  // Fixed after construction for now; custom objects will need a
  // copy-on-write list here so that lookups stay lock-free.
  std::vector<std::unique_ptr<Table>> tables_;
  std::unordered_map<std::string, Table*> by_plural_;
  std::unordered_map<std::string, Table*> by_singular_;
};

}  // namespace vingt::storage

#include "storage/workspace.h"

#include "storage/standard_objects.h"

namespace vingt::storage {

Workspace::Workspace(const Uuid& id, std::string name, int64_t created_at_ms, WalWriter* wal, size_t shard_count)
    : id_(id), name_(std::move(name)), created_at_ms_(created_at_ms) {
  for (auto& object : BuildStandardObjects(id, created_at_ms)) {
    auto schema = std::make_shared<const ObjectSchema>(std::move(object));
    tables_.push_back(std::make_unique<Table>(schema, wal, shard_count));
    by_plural_[schema->name_plural] = tables_.back().get();
    by_singular_[schema->name_singular] = tables_.back().get();
  }
}

Table* Workspace::FindByPlural(std::string_view name_plural) const {
  auto it = by_plural_.find(std::string(name_plural));
  return it == by_plural_.end() ? nullptr : it->second;
}

Table* Workspace::FindBySingular(std::string_view name_singular) const {
  auto it = by_singular_.find(std::string(name_singular));
  return it == by_singular_.end() ? nullptr : it->second;
}

Table* Workspace::FindById(const Uuid& object_id) const {
  for (const auto& t : tables_)
    if (t->schema()->id == object_id) return t.get();
  return nullptr;
}

}  // namespace vingt::storage

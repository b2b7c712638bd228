#include "storage/workspace.h"

#include <algorithm>
#include <unordered_set>

#include "storage/standard_objects.h"
#include "storage/wal_format.h"
#include "storage/wal_payload.h"
#include "storage/wal_writer.h"

namespace vingt::storage {

namespace {

// Lets the name maps be searched with a string_view, without a copy.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};
using NameMap = std::unordered_map<std::string, Table*, NameHash, std::equal_to<>>;

}  // namespace

// What every lookup reads: immutable once published.
struct Workspace::Catalog {
  uint64_t version = 0;
  std::vector<Table*> all;  // every object not deleted, in creation order
  NameMap active_by_plural;
  NameMap active_by_singular;
  std::unordered_map<Uuid, Table*, UuidHash> by_id;  // active or not
  std::unordered_set<Uuid, UuidHash> dropped;
};

Workspace::Workspace(const Uuid& id, std::string name, int64_t created_at_ms, WalWriter* wal, size_t shard_count)
    : id_(id), name_(std::move(name)), created_at_ms_(created_at_ms), wal_(wal), shard_count_(shard_count) {
  catalog_ = std::make_shared<const Catalog>();
  std::lock_guard lock(metadata_mu_);
  // The standard objects are not logged: they are rebuilt from the
  // workspace record with the same ids on every start.
  (void)Apply(MetadataChange{BuildStandardObjects(id, created_at_ms), {}, {}}, /*log=*/false);
}

Workspace::~Workspace() = default;

std::shared_ptr<const Workspace::Catalog> Workspace::catalog() const {
  std::lock_guard lock(catalog_mu_);
  return catalog_;
}

Table* Workspace::FindByPlural(std::string_view name_plural) const {
  auto c = catalog();
  auto it = c->active_by_plural.find(name_plural);
  return it == c->active_by_plural.end() ? nullptr : it->second;
}

Table* Workspace::FindBySingular(std::string_view name_singular) const {
  auto c = catalog();
  auto it = c->active_by_singular.find(name_singular);
  return it == c->active_by_singular.end() ? nullptr : it->second;
}

Table* Workspace::FindById(const Uuid& object_id) const {
  Table* t = FindAnyById(object_id);
  return t && t->schema()->is_active ? t : nullptr;
}

Table* Workspace::FindAnyById(const Uuid& object_id) const {
  auto c = catalog();
  auto it = c->by_id.find(object_id);
  return it == c->by_id.end() ? nullptr : it->second;
}

std::vector<Table*> Workspace::tables() const {
  auto c = catalog();
  std::vector<Table*> out;
  out.reserve(c->all.size());
  for (Table* t : c->all)
    if (t->schema()->is_active) out.push_back(t);
  return out;
}

std::vector<Table*> Workspace::AllTables() const { return catalog()->all; }

std::vector<ObjectSchemaPtr> Workspace::Objects() const {
  auto c = catalog();
  std::vector<ObjectSchemaPtr> out;
  out.reserve(c->all.size());
  for (Table* t : c->all) out.push_back(t->schema());
  return out;
}

uint64_t Workspace::metadata_version() const { return catalog()->version; }

bool Workspace::WasDropped(const Uuid& object_id) const { return catalog()->dropped.contains(object_id); }

std::vector<Uuid> Workspace::DroppedObjects() const {
  auto c = catalog();
  return {c->dropped.begin(), c->dropped.end()};
}

void Workspace::set_change_listener(RecordChangeListener* listener) {
  std::lock_guard lock(metadata_mu_);
  change_listener_ = listener;
  for (auto& t : owned_) t->set_change_listener(listener);
}

void Workspace::set_wal(WalWriter* wal) {
  std::lock_guard lock(metadata_mu_);
  wal_ = wal;
  for (auto& t : owned_) t->set_wal(wal);
}

void Workspace::BeginBulkLoad() {
  std::lock_guard lock(metadata_mu_);
  bulk_load_ = true;
  for (auto& t : owned_) t->BeginBulkLoad();
}

size_t Workspace::EndBulkLoad(size_t threads) {
  std::lock_guard lock(metadata_mu_);
  bulk_load_ = false;
  size_t built = 0;
  for (auto& t : owned_) built += t->EndBulkLoad(threads);
  return built;
}

Result<uint64_t> Workspace::CommitMetadata(MetadataChange change) {
  uint64_t lsn = 0;
  Status st = Apply(std::move(change), /*log=*/true, &lsn);
  if (!st.ok()) return st;
  return lsn;
}

Status Workspace::ReplayMetadata(MetadataChange change) {
  std::lock_guard lock(metadata_mu_);
  return Apply(std::move(change), /*log=*/false);
}

namespace {

// A changed object must keep the slots of the fields it keeps: rows already
// written address their values by slot.
Status CheckLayout(const ObjectSchema& before, const ObjectSchema& after) {
  for (const auto& f : after.fields) {
    if (f.slot_count == 0) continue;
    const FieldSchema* old = nullptr;
    for (const auto& o : before.fields)
      if (o.id == f.id) old = &o;
    if (!old) {
      if (f.first_slot < before.slot_high_water)
        return Status::InvalidArgument("field " + f.name + " reuses a retired slot");
    } else if (old->first_slot != f.first_slot || old->slot_count != f.slot_count || old->type != f.type) {
      return Status::InvalidArgument("field " + f.name + " changed its layout");
    }
  }
  if (after.slot_high_water < before.slot_high_water) return Status::InvalidArgument("slot high-water went down");
  return Status::Ok();
}

}  // namespace

Status Workspace::Apply(MetadataChange change, bool log, uint64_t* lsn) {
  std::vector<ObjectSchema>& put = change.put;
  const std::vector<Uuid>& drop = change.drop;
  std::shared_ptr<const Catalog> current = catalog();
  auto next = std::make_shared<Catalog>();
  next->version = current->version + 1;
  next->all = current->all;
  next->by_id = current->by_id;
  next->dropped = current->dropped;

  // 1. Lay out and check the after-images.
  std::vector<std::pair<Table*, ObjectSchemaPtr>> changed;  // existing tables
  std::vector<ObjectSchemaPtr> created;
  for (auto& object : put) {
    object.workspace_id = id_;
    auto it = current->by_id.find(object.id);
    if (it != current->by_id.end()) object.slot_high_water = std::max(object.slot_high_water, it->second->schema()->slot_high_water);
    object.AssignSlots();
    if (it != current->by_id.end()) {
      if (log) VINGT_RETURN_IF_ERROR(CheckLayout(*it->second->schema(), object));
      changed.emplace_back(it->second, std::make_shared<const ObjectSchema>(std::move(object)));
    } else if (!log || !current->dropped.contains(object.id)) {
      created.push_back(std::make_shared<const ObjectSchema>(std::move(object)));
    } else {
      return Status::InvalidArgument("object " + object.id.ToString() + " was deleted");
    }
  }
  std::vector<Table*> dropped_tables;
  for (const Uuid& id : drop) {
    auto it = current->by_id.find(id);
    if (it != current->by_id.end()) dropped_tables.push_back(it->second);
    next->dropped.insert(id);
  }
  if (log) {
    // Names stay unique among the objects that remain.
    std::unordered_map<std::string, Uuid> names;
    auto claim = [&](const std::string& name, const Uuid& owner) {
      auto [it, fresh] = names.emplace(name, owner);
      return fresh || it->second == owner;
    };
    std::unordered_map<Uuid, ObjectSchemaPtr, UuidHash> final_schemas;
    for (Table* t : current->all) final_schemas[t->schema()->id] = t->schema();
    for (auto& [t, s] : changed) final_schemas[s->id] = s;
    for (auto& s : created) final_schemas[s->id] = s;
    for (const Uuid& id : drop) final_schemas.erase(id);
    for (const auto& [id, s] : final_schemas)
      if (!claim(s->name_singular, id) || !claim(s->name_plural, id))
        return Status::Conflict("Object name " + s->name_singular + " / " + s->name_plural + " is already taken");
  }

  // 2. Existing tables take their new schemas, frozen (no row read or
  // write) until their rows are migrated too; a field that became unique
  // can fail here, so undo the ones already switched. Only metadata writers
  // freeze more than one table, and they hold metadata_mu_.
  std::vector<Table::FrozenLocks> frozen;
  frozen.reserve(changed.size());
  std::vector<std::pair<Table*, ObjectSchemaPtr>> undo;
  for (auto& [table, schema] : changed) {
    frozen.push_back(table->Freeze());
    ObjectSchemaPtr before = table->schema();
    Status st = table->SetSchemaFrozen(schema);
    if (!st.ok() && log) {
      for (auto& [t, s] : undo) (void)t->SetSchemaFrozen(s);
      return st;
    }
    undo.emplace_back(table, before);
  }

  // 3. Log, before any new object becomes visible, so that no row of it can
  // reach the WAL ahead of the record that creates it; and before the rows
  // change, which only the record makes durable. The append only queues
  // the record (nothing waits for the disk under the frozen locks).
  if (log && wal_) {
    MetadataRecord record{id_, {}, drop, change.migrations};
    for (auto& [t, s] : changed) record.put.push_back(*s);
    for (auto& s : created) record.put.push_back(*s);
    Result<uint64_t> appended = wal_->Append(WalRecordType::kMetadata, EncodeMetadata(record));
    if (!appended.ok()) {
      for (auto& [t, s] : undo) (void)t->SetSchemaFrozen(s);
      return std::move(appended).TakeStatus();
    }
    if (lsn) *lsn = *appended;
    changes_.Raise(*appended);
  }

  // 4. Migrate the rows of the existing tables (a created table has none).
  for (const RowMigration& m : change.migrations) {
    auto it = std::find_if(changed.begin(), changed.end(), [&](const auto& c) { return c.second->id == m.object_id; });
    if (it != changed.end()) it->first->MigrateRowsFrozen(m);
  }
  frozen.clear();

  // 5. Publish.
  for (auto& s : created) {
    owned_.push_back(std::make_unique<Table>(s, wal_, shard_count_, &changes_));
    owned_.back()->set_change_listener(change_listener_);
    if (bulk_load_) owned_.back()->BeginBulkLoad();
    next->all.push_back(owned_.back().get());
    next->by_id[s->id] = owned_.back().get();
  }
  for (Table* t : dropped_tables) {
    std::erase(next->all, t);
    next->by_id.erase(t->schema()->id);
  }
  for (Table* t : next->all) {
    ObjectSchemaPtr s = t->schema();
    if (!s->is_active) continue;
    next->active_by_plural[s->name_plural] = t;
    next->active_by_singular[s->name_singular] = t;
  }
  {
    std::lock_guard lock(catalog_mu_);
    catalog_ = std::move(next);
  }
  // Requests still holding a Table* of a deleted object see an empty table.
  for (Table* t : dropped_tables) t->Clear();
  return Status::Ok();
}

}  // namespace vingt::storage

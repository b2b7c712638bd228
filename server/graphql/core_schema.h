// The core /graphql schema of a workspace (spec/graphql-core.md §2-§8),
// generated from its live metadata with Twenty's names, and cached per
// workspace and metadata version: a custom object or field created through
// the metadata API is in the schema of the next request, and nothing is
// rebuilt while the metadata stays the same.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "protocol/graphql/schema.h"
#include "storage/workspace.h"

namespace vingt::server::graphql {

// The cached schema of `workspace` at its current metadata version;
// thread-safe. Never null (a build failure is a bug: it is logged and an
// empty query schema answers).
std::shared_ptr<const protocol::graphql::Schema> CoreSchemaFor(const storage::Workspace& workspace);

// Drops a deleted workspace's schema from the caches (every thread's drops
// its own on its next request), so deleted workspaces hold no memory.
void ForgetCoreSchema(const storage::Uuid& workspace_id);

// Builds without the cache; `errors` gets the builder's problems.
std::shared_ptr<const protocol::graphql::Schema> BuildCoreSchema(const storage::Workspace& workspace,
                                                                 std::vector<std::string>* errors = nullptr);

}  // namespace vingt::server::graphql

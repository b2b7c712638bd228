#include "server/auth/authenticate.h"

namespace vingt::server {

Status AuthenticateCall(const ServerState& state, std::string_view authorization, CallContext* call) {
  Result<storage::ApiKey> key = Authenticate(state.hasher, state.db->keys(), authorization, call->now_ms);
  if (!key.ok()) return std::move(key).TakeStatus();
  storage::Workspace* workspace = state.db->FindWorkspace(key->workspace_id);
  // The key of a deleted workspace opens nothing.
  if (!workspace) return Status::Unauthenticated("Workspace not found");
  call->workspace = workspace;
  call->key = std::move(key).value();
  return Status::Ok();
}

}  // namespace vingt::server

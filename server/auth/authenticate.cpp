#include "server/auth/authenticate.h"

namespace vingt::server {

Status AuthenticateCall(const ServerState& state, std::string_view authorization, CallContext* call) {
  Result<storage::ApiKey> key = Authenticate(state.hasher, state.db->keys(), authorization, call->now_ms);
  if (!key.ok()) return std::move(key).TakeStatus();
  // The key of a deleted workspace opens nothing, as an unknown key. The
  // request holds its workspace: a deletion meanwhile frees nothing it uses.
  std::shared_ptr<storage::Workspace> workspace = state.db->AcquireWorkspace(key->workspace_id);
  if (!workspace) return Status::Unauthenticated("Token invalid.");
  call->workspace = workspace.get();
  call->workspace_ref = std::move(workspace);
  call->key = std::move(key).value();
  return Status::Ok();
}

}  // namespace vingt::server

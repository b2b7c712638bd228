// What the resolvers of both GraphQL endpoints (/graphql, /metadata) get
// as their user context (protocol::graphql::ExecutionContext's user
// pointer): the caller, and the newest WAL record the request wrote.
//
// Execution is synchronous; resolvers that write raise lsn_to_await, and
// the transport awaits that one LSN (server/durability.h) before sending
// the response, so nothing is acknowledged before it is durable.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "server/api_context.h"

namespace vingt::server::graphql {

struct RequestContext {
  ServerState* state = nullptr;
  CallContext* call = nullptr;  // workspace, API key, now_ms
  uint64_t lsn_to_await = 0;
  // With --explain: "<field>: <plan>" for each list the query ran, sent in
  // the X-Vingt-Plan header, "; " between them.
  std::vector<std::string> plans;

  void NoteWrite(uint64_t lsn) { lsn_to_await = std::max(lsn_to_await, lsn); }
  bool explain() const { return state && state->explain; }
};

}  // namespace vingt::server::graphql

// Accepts TCP connections on one address and spreads them round-robin over
// the IoPool; each becomes a Connection on its context.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "server/http/server_limits.h"
#include "common/status.h"

namespace vingt::server {

class ConnectionManager;
class IoPool;
class RequestHandler;

// Owned through a shared_ptr: the accept coroutine holds one, so the object
// outlives a pending accept even after its owner lets go.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Accepts on pool.At(0). `pool` and `handler` must outlive the listener
  // and its connections.
  Listener(IoPool& pool, RequestHandler& handler, std::shared_ptr<ConnectionManager> manager,
           const ServerLimits& limits);

  // Binds host:port (port 0: an ephemeral port) with SO_REUSEADDR, listens,
  // and starts accepting (once the pool runs). Returns the bound port.
  // `host` is an IP literal ("127.0.0.1", "::", "0.0.0.0") or a name that
  // resolves. Call once, at startup (name resolution blocks).
  Result<uint16_t> Listen(std::string_view host, uint16_t port);

  // Closes the listening socket: new connects are refused from when this
  // returns. Connections already accepted are not touched. Thread-safe;
  // idempotent.
  void Stop();

 private:
  asio::awaitable<void> AcceptLoop(std::shared_ptr<Listener> self);
  void CloseAcceptor();

  IoPool& pool_;
  RequestHandler& handler_;
  std::shared_ptr<ConnectionManager> manager_;
  const ServerLimits limits_;
  asio::io_context& context_;
  asio::ip::tcp::acceptor acceptor_;
  bool stopped_ = false;  // used on context_'s thread only
};

}  // namespace vingt::server

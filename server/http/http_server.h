// The HTTP/1.1 server: listeners, connections and their shutdown, over an
// IoPool the caller runs.
//
//   IoPool pool;                                   // one context per core
//   MyHandler handler;                             // a RequestHandler
//   HttpServer server(limits, handler, pool);
//   Result<uint16_t> port = server.Listen("0.0.0.0", 3000);
//   if (!port.ok()) { report port.status(); exit; }
//   pool.Run();
//   ... wait for SIGINT/SIGTERM ...
//   server.BeginShutdown();                        // refuse new, finish current
//   server.WaitIdle(std::chrono::seconds(10));
//   pool.Stop();
//   pool.Join();
//
// Declare the pool and the handler before the server (destroyed after it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "server/http/server_limits.h"
#include "common/status.h"

namespace vingt::server {

class ConnectionManager;
class IoPool;
class Listener;
class RequestHandler;

class HttpServer {
 public:
  // `handler` and `pool` must outlive the server and every connection (stop
  // and join the pool before destroying the handler).
  HttpServer(ServerLimits limits, RequestHandler& handler, IoPool& pool);
  ~HttpServer();  // BeginShutdown(); does not wait
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting on host:port (port 0 = ephemeral); returns the
  // bound port. Startup only, from one thread; may be called more than once
  // (e.g. IPv4 and IPv6), before or after pool.Run().
  Result<uint16_t> Listen(std::string_view host, uint16_t port);

  // Stops accepting (new connects are refused once this returns), closes
  // idle connections, lets in-flight requests finish and answer with
  // "Connection: close". Thread-safe; idempotent; does not block on clients.
  void BeginShutdown();

  // Blocks until every connection is gone or `max` passes; true if all are
  // gone. Not from a pool thread.
  bool WaitIdle(std::chrono::milliseconds max);

  // Open (admitted) connections right now. Thread-safe.
  std::size_t ConnectionCount() const;
  // Connections refused at max_connections so far. Thread-safe.
  uint64_t RefusedConnections() const;

 private:
  const ServerLimits limits_;
  RequestHandler& handler_;
  IoPool& pool_;
  std::shared_ptr<ConnectionManager> manager_;
  std::vector<std::shared_ptr<Listener>> listeners_;
};

}  // namespace vingt::server

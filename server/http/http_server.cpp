#include "server/http/http_server.h"

#include "server/http/connection_manager.h"
#include "server/http/io_pool.h"
#include "server/http/listener.h"

namespace vingt::server {

HttpServer::HttpServer(ServerLimits limits, RequestHandler& handler, IoPool& pool)
    : limits_(limits),
      handler_(handler),
      pool_(pool),
      manager_(std::make_shared<ConnectionManager>(limits.max_connections)) {}

HttpServer::~HttpServer() { BeginShutdown(); }

Result<uint16_t> HttpServer::Listen(std::string_view host, uint16_t port) {
  auto listener = std::make_shared<Listener>(pool_, handler_, manager_, limits_);
  Result<uint16_t> bound = listener->Listen(host, port);
  if (bound.ok()) listeners_.push_back(std::move(listener));
  return bound;
}

void HttpServer::BeginShutdown() {
  // Listeners first, so that no connection is admitted after the manager
  // has asked the open ones to close.
  for (auto& listener : listeners_) listener->Stop();
  manager_->Shutdown();
}

bool HttpServer::WaitIdle(std::chrono::milliseconds max) { return manager_->WaitIdle(max); }

std::size_t HttpServer::ConnectionCount() const { return manager_->Count(); }
uint64_t HttpServer::RefusedConnections() const { return manager_->Refused(); }

}  // namespace vingt::server

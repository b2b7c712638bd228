// The route table of the HTTP API and the handler that serves it.
#pragma once

#include <asio.hpp>

#include "server/api_context.h"
#include "server/http/request_handler.h"
#include "server/http/router.h"

namespace vingt::server {

class ApiHandler : public RequestHandler {
 public:
  explicit ApiHandler(ServerState& state);
  asio::awaitable<protocol::HttpResponse> Handle(protocol::HttpRequest& request) override;

 private:
  ServerState& state_;
  Router router_;
};

}  // namespace vingt::server

// What a connection calls for each request: the router and API handlers sit
// behind this interface; the connection knows nothing of routes.
#pragma once

#include <asio/awaitable.hpp>

#include "protocol/http_request.h"
#include "protocol/http_response.h"

namespace vingt::server {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // Called on the connection's io_context thread; the requests of one
  // connection strictly in order (the next is not parsed into a call until
  // this one's response is written). Calls for different connections run
  // concurrently on other threads, so the implementation must be
  // thread-safe. `request` stays valid until the returned awaitable
  // completes; the handler may move from it. Should not throw: an exception
  // closes the connection without a response.
  virtual asio::awaitable<protocol::HttpResponse> Handle(protocol::HttpRequest& request) = 0;
};

}  // namespace vingt::server

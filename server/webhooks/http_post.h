// One HTTP POST to a webhook receiver, bounded in time: resolve, connect,
// send, read the status line and headers, close (the request says
// "Connection: close"; a receiver is called once per delivery, so no
// connection is kept). Plain http:// only for now; an https:// target
// fails with an error (TLS through Asio's SSL stream is the next step of
// issue 12).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/awaitable.hpp>

#include "protocol/http_url.h"

namespace vingt::server::webhooks {

struct PostResult {
  int status = 0;     // the receiver's status; 0 when there was no answer
  std::string error;  // why there was no answer ("timeout", "connection refused", ...)
  bool timed_out = false;
};

asio::awaitable<PostResult> HttpPost(const protocol::HttpUrl& url,
                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                     std::string_view body, std::chrono::milliseconds timeout);

}  // namespace vingt::server::webhooks

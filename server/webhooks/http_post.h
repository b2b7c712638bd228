// One HTTP POST to a webhook receiver, bounded in time: resolve, connect,
// send, read the status line and headers, close (the request says
// "Connection: close"; a receiver is called once per delivery, so no
// connection is kept). https:// goes through Asio's SSL stream over
// OpenSSL: the certificate chain is verified against `tls`'s trust store
// and the certificate must name the URL's host (RFC 2818 rules, IP
// addresses included); SNI carries the host name.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/ssl/context.hpp>

#include "protocol/http_url.h"

namespace vingt::server::webhooks {

struct PostResult {
  int status = 0;     // the receiver's status; 0 when there was no answer
  std::string error;  // why there was no answer ("timeout", "connection refused", ...)
  bool timed_out = false;
};

// A client context that verifies peers against the system's CA store and,
// when `extra_ca_file` is not empty, that file too.
asio::ssl::context MakeClientTlsContext(const std::string& extra_ca_file);

asio::awaitable<PostResult> HttpPost(const protocol::HttpUrl& url,
                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                     std::string_view body, std::chrono::milliseconds timeout,
                                     asio::ssl::context& tls);

}  // namespace vingt::server::webhooks

// HTTP POSTs to webhook receivers, bounded in time, over kept-alive
// connections: resolve, connect (and for https:// handshake), send, read the
// answer's status line, headers and body. A connection whose answer had a
// known length and no "Connection: close" goes back to the ReceiverPool
// and carries the next delivery to the same host and port; a reused
// connection that turns out closed is replaced once, at once.
//
// https:// goes through Asio's SSL stream over OpenSSL: the certificate
// chain is verified against the pool's trust store and the certificate must
// name the URL's host (RFC 2818 rules, IP addresses included); SNI carries
// the host name.
//
// Not thread-safe: one pool per thread (the dispatcher's).
#pragma once

#include <chrono>
#include <map>
#include <memory>
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

class ReceiverPool {
 public:
  // Receivers' certificates are verified against the system's CA store and,
  // when `extra_ca_file` is not empty, that file too.
  explicit ReceiverPool(const std::string& extra_ca_file);
  ~ReceiverPool();

  asio::awaitable<PostResult> Post(const protocol::HttpUrl& url,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   std::string_view body, std::chrono::milliseconds timeout);

  struct Connection;

 private:
  asio::awaitable<PostResult> PostOnce(const protocol::HttpUrl& url, const std::string& request,
                                       std::string_view body, std::chrono::milliseconds timeout, bool* reused);

  asio::ssl::context tls_;
  std::map<std::string, std::vector<std::shared_ptr<Connection>>> idle_;  // by "s|host|port"
};

}  // namespace vingt::server::webhooks

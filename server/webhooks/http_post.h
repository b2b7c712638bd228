// HTTP POSTs to webhook receivers, bounded in time, over kept-alive
// connections: resolve, connect (and for https:// handshake), send, read the
// answer's status line, headers and body. A connection whose answer had a
// known length and no "Connection: close" goes back to the ReceiverPool
// and carries the next delivery to the same host and port; a reused
// connection that turns out closed is replaced once, at once.
//
// Several POSTs to one receiver may go out at once on one connection (HTTP/1.1
// pipelining: all requests in one write, the answers read in order), which
// is how a backlog drains without one round trip and two system calls per
// delivery on each side. Each answer has `timeout` from the previous one.
// Only a connection that already carried an answer and stayed open
// carries pipelined requests, so a receiver that keeps no connection alive
// gets one request per connection. One that ends a connection after an
// answer while more requests were outstanding (a keep-alive limit) gets the
// rest again on a fresh connection at once.
// When the receiver fails (refused, reset, timed out), every request of the
// call not answered yet fails with it.
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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

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

  struct Request {
    // Header lines beyond Host, Content-Type, Content-Length and
    // User-Agent, each "Name: value\r\n" (a batch's may share one string).
    std::string_view header_lines;
    std::string_view body;
  };
  // One answer per request, in order.
  asio::awaitable<std::vector<PostResult>> Post(const protocol::HttpUrl& url, const std::vector<Request>& requests,
                                                std::chrono::milliseconds timeout);

  struct Connection;

 private:
  // Sends requests [from, from + count) on one connection: their bytes in
  // `wire`, request i ending at ends[i]. Fills results from `from` on
  // and returns how many got an answer (or a final error). *reused: the
  // connection came from the pool. *cut_short: the receiver ended the
  // connection, without error, before answering everything sent.
  asio::awaitable<size_t> PostOnce(const protocol::HttpUrl& url, std::string_view wire, const std::vector<size_t>& ends,
                                   size_t from, size_t count,
                                   std::chrono::milliseconds timeout, std::vector<PostResult>& results, bool* reused,
                                   bool* cut_short);

  using Clock = std::chrono::steady_clock;
  // Time limits without a timer per request: each busy connection has a
  // deadline, and one watchdog timer, running while any connection is
  // busy, ends those past theirs. Re-arming a timer on every request and
  // answer cost a system call each time the earliest timer changed.
  void Arm(const std::shared_ptr<Connection>& conn, std::chrono::milliseconds timeout);
  void Watch();

  asio::ssl::context tls_;
  std::map<std::string, std::vector<std::shared_ptr<Connection>>> idle_;  // by "s|host|port"
  std::vector<std::weak_ptr<Connection>> watched_;  // connections that may have a deadline
  std::vector<std::string> spare_wires_;             // request buffers to reuse (Post)
  std::optional<asio::steady_timer> watchdog_;
  bool watchdog_running_ = false;
  std::chrono::milliseconds tick_{100};
};

}  // namespace vingt::server::webhooks

// One client socket, served by a coroutine on the socket's io_context:
// read, parse, call the handler, write, keep alive, time out.
//
//   phase:     kIdle ──byte──▶ kReading ──request──▶ kHandling ──▶ kWriting
//                ▲                                                   │
//                └──────────── keep-alive, no bytes left ────────────┘
//   timeouts:  kIdle: idle_timeout_ms, quiet close. kReading: from the
//              first byte, request_timeout_ms, then 408 and close.
//              kHandling: none. kWriting/kLingering: bounded, quiet close.
//
// A watchdog coroutine sharing one steady_timer enforces the deadlines
// (asio's timeout.cpp example): moving a deadline later is a store, only
// moving it earlier touches the timer.
//
// Lifetime: the serving coroutine and the watchdog each hold a shared_ptr,
// so the object lives until both have finished. All members are used only
// on the socket's io_context thread, except RequestShutdown.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "protocol/http_parser.h"
#include "server/http/server_limits.h"

namespace vingt::server {

class ConnectionManager;
class RequestHandler;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `handler` must outlive the connection. Construct on any thread; the
  // socket must be open.
  Connection(asio::ip::tcp::socket socket, RequestHandler& handler,
             std::shared_ptr<ConnectionManager> manager, const ServerLimits& limits);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Asks the manager for admission, then either serves requests until the
  // peer leaves, an error, a timeout or shutdown; or, when refused (too
  // many connections, shutting down), answers one 503
  // {"statusCode":503,"error":"ServiceUnavailableException","messages":[...]}
  // and closes. Call once; the owner may drop its shared_ptr right after.
  void Start();

  // Thread-safe. Closes the connection now if it is between requests;
  // otherwise the current request is finished and answered with
  // "Connection: close". No-op once the connection is being destroyed.
  void RequestShutdown();

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kLingering, kClosed };
  using Clock = std::chrono::steady_clock;

  asio::awaitable<void> Serve(std::shared_ptr<Connection> self);
  asio::awaitable<void> Reject(std::shared_ptr<Connection> self, std::string reason);
  asio::awaitable<void> Watchdog(std::shared_ptr<Connection> self);
  // The request loop. Returns when the connection should close.
  asio::awaitable<void> ServeRequests();
  // Writes a Twenty-shaped JSON error with "Connection: close", then closes
  // gracefully.
  asio::awaitable<void> SendErrorAndClose(int status, std::string_view reason);
  // Half-closes, then reads and drops what the client still sends for a
  // short while, so that unread request bytes do not turn the close into a
  // reset that would destroy the response before the client reads it.
  asio::awaitable<void> LingeringClose();
  // Writes head_ and `body` as one gather write. False on error or timeout.
  asio::awaitable<bool> WriteHeadAndBody(std::string_view body);

  void Arm(Phase phase, std::chrono::milliseconds timeout);
  void Close();

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  RequestHandler& handler_;
  std::shared_ptr<ConnectionManager> manager_;
  const ServerLimits limits_;
  bool admitted_ = false;  // the manager counts this connection until destroyed

  protocol::HttpParser parser_;
  // Bytes read from the socket; [begin_, end_) not yet fed to the parser
  // (the start of a pipelined request).
  std::unique_ptr<char[]> read_buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::string head_;  // reused for every response head

  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;
  Clock::time_point timer_expiry_ = Clock::time_point::max();
  bool timed_out_ = false;  // the watchdog fired in phase_; close now
  bool shutting_down_ = false;
};

}  // namespace vingt::server

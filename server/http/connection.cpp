#include "server/http/connection.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <utility>

#include <asio/buffer.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "protocol/http_response.h"
#include "protocol/json_write.h"
#include "server/http/connection_manager.h"
#include "server/http/request_handler.h"

namespace vingt::server {
namespace {

// Errors come back as values: the hot path never throws.
constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

// Large enough for a typical request (and a burst of pipelined ones) in one
// read; small enough that 10k connections cost 80 MiB at most.
constexpr std::size_t kReadBufferBytes = 8 * 1024;
// Lingering close: how long and how much we keep draining a closing client.
constexpr std::chrono::milliseconds kMaxLinger{1000};
constexpr std::size_t kMaxLingerBytes = 1024 * 1024;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// NestJS's exception class for a status, as Twenty names it in error bodies.
std::string_view ExceptionName(int status) {
  switch (status) {
    case 400: return "BadRequestException";
    case 408: return "RequestTimeoutException";
    case 413: return "PayloadTooLargeException";
    case 431: return "RequestHeaderFieldsTooLargeException";
    case 501: return "NotImplementedException";
    case 503: return "ServiceUnavailableException";
    case 505: return "HttpVersionNotSupportedException";
    default: return "InternalServerErrorException";
  }
}

// {"statusCode":413,"error":"PayloadTooLargeException","messages":["..."]}
std::string ErrorBody(int status, std::string_view reason) {
  std::string body = "{\"statusCode\":";
  body += std::to_string(status);
  body += ",\"error\":";
  protocol::AppendJsonStringified(ExceptionName(status), &body);
  body += ",\"messages\":[";
  protocol::AppendJsonStringified(reason, &body);
  body += "]}";
  return body;
}

void LogEscapedException(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vingt: connection: unhandled exception: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "vingt: connection: unhandled exception\n");
  }
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, RequestHandler& handler,
                       std::shared_ptr<ConnectionManager> manager, const ServerLimits& limits)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      handler_(handler),
      manager_(std::move(manager)),
      limits_(limits),
      parser_(protocol::HttpParser::Limits{limits.max_header_bytes, limits.max_body_bytes}),
      read_buffer_(new char[kReadBufferBytes]) {}

Connection::~Connection() {
  if (admitted_) manager_->Remove(this);
}

void Connection::Start() {
  switch (manager_->Add(this)) {
    case ConnectionManager::Admission::kAdmitted:
      admitted_ = true;
      asio::co_spawn(socket_.get_executor(), Serve(shared_from_this()), LogEscapedException);
      break;
    case ConnectionManager::Admission::kFull:
      asio::co_spawn(socket_.get_executor(), Reject(shared_from_this(), "Too many connections"),
                     LogEscapedException);
      break;
    case ConnectionManager::Admission::kShuttingDown:
      asio::co_spawn(socket_.get_executor(), Reject(shared_from_this(), "Server is shutting down"),
                     LogEscapedException);
      break;
  }
}

void Connection::RequestShutdown() {
  // The manager calls this under its lock, possibly while the last owner is
  // gone and the destructor waits for that lock: then there is nothing to do.
  std::shared_ptr<Connection> self = weak_from_this().lock();
  if (!self) return;
  asio::post(socket_.get_executor(), [self = std::move(self)] {
    self->shutting_down_ = true;
    // Between requests: end the read we are blocked in. Otherwise the
    // request loop sees shutting_down_ when the response goes out.
    if (self->phase_ == Phase::kIdle) {
      asio::error_code ignored;
      self->socket_.cancel(ignored);
    }
  });
}

asio::awaitable<void> Connection::Serve(std::shared_ptr<Connection> self) {
  asio::co_spawn(socket_.get_executor(), Watchdog(self), asio::detached);
  // The one catch of the request path: a throwing handler (or allocation)
  // costs this connection, never the process.
  try {
    co_await ServeRequests();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vingt: connection: closing after exception: %s\n", e.what());
  }
  Close();
}

asio::awaitable<void> Connection::Reject(std::shared_ptr<Connection> self, std::string reason) {
  asio::co_spawn(socket_.get_executor(), Watchdog(self), asio::detached);
  try {
    co_await SendErrorAndClose(503, reason);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vingt: connection: closing after exception: %s\n", e.what());
  }
  Close();
}

asio::awaitable<void> Connection::Watchdog(std::shared_ptr<Connection> self) {
  // While a handler runs (no deadline) or after firing, just look again later.
  const std::chrono::milliseconds poll{std::max<uint32_t>(limits_.request_timeout_ms, 1)};
  while (phase_ != Phase::kClosed) {
    Clock::time_point now = Clock::now();
    bool watching = phase_ != Phase::kHandling && !timed_out_;
    if (watching && now >= deadline_) {
      // The request loop sees timed_out_ when its cancelled operation
      // returns, and decides by phase_ what to do.
      timed_out_ = true;
      watching = false;
      asio::error_code ignored;
      socket_.cancel(ignored);
    }
    timer_expiry_ = watching ? deadline_ : now + poll;
    timer_.expires_at(timer_expiry_);
    // Woken early (cancelled) when a deadline moves earlier or on Close.
    (void)co_await timer_.async_wait(kAsTuple);
  }
}

void Connection::Arm(Phase phase, std::chrono::milliseconds timeout) {
  phase_ = phase;
  timed_out_ = false;
  deadline_ = Clock::now() + timeout;
  if (deadline_ < timer_expiry_) timer_.cancel();
}

void Connection::Close() {
  phase_ = Phase::kClosed;
  timer_.cancel();
  asio::error_code ignored;
  socket_.close(ignored);
}

asio::awaitable<void> Connection::ServeRequests() {
  const std::chrono::milliseconds idle_timeout{limits_.idle_timeout_ms};
  const std::chrono::milliseconds request_timeout{limits_.request_timeout_ms};
  Arm(Phase::kIdle, idle_timeout);
  for (;;) {
    if (begin_ == end_) {
      begin_ = end_ = 0;
      if (!parser_.InMessage()) {
        if (shutting_down_) co_return;  // nothing in flight: close now
        if (phase_ != Phase::kIdle) Arm(Phase::kIdle, idle_timeout);
      }
      auto [ec, n] = co_await socket_.async_read_some(
          asio::buffer(read_buffer_.get(), kReadBufferBytes), kAsTuple);
      if (timed_out_) {
        if (phase_ == Phase::kReading) co_await SendErrorAndClose(408, "Request timeout");
        co_return;
      }
      if (ec) co_return;  // peer closed, reset, or shutdown cancelled an idle read
      end_ = n;
      // The request timeout runs from the first byte of a request.
      if (phase_ == Phase::kIdle) Arm(Phase::kReading, request_timeout);
    }

    protocol::HttpParser::FeedResult result =
        parser_.Feed(read_buffer_.get() + begin_, end_ - begin_);
    begin_ += result.consumed;
    if (result.state == protocol::HttpParser::State::kError) {
      co_await SendErrorAndClose(result.status, result.reason);
      co_return;
    }
    if (result.state == protocol::HttpParser::State::kNeedMore) {
      if (parser_.TakeExpectContinue()) {
        auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(kContinue), kAsTuple);
        if (timed_out_) {
          co_await SendErrorAndClose(408, "Request timeout");
          co_return;
        }
        if (ec) co_return;
      }
      continue;
    }

    protocol::HttpRequest request = parser_.TakeRequest();
    request.client_fd = socket_.native_handle();
    phase_ = Phase::kHandling;
    protocol::HttpResponse response = co_await handler_.Handle(request);
    bool keep_alive = request.keep_alive && !response.close && !shutting_down_;
    head_.clear();
    protocol::SerializeHead(response, keep_alive, &head_,
                            /*announce_keep_alive=*/keep_alive && request.http_minor == 0);
    std::string_view body = request.method == "HEAD" ? std::string_view() : response.body;
    Arm(Phase::kWriting, request_timeout);
    if (!co_await WriteHeadAndBody(body)) co_return;
    if (!keep_alive) {
      // Only a client that has sent more (pipelined requests we will not
      // answer) risks a reset eating the response: drain those. Others
      // get a plain close, which does not hold shutdown up.
      asio::error_code ignored;
      if (begin_ != end_ || socket_.available(ignored) > 0) co_await LingeringClose();
      co_return;
    }
    // Pipelined bytes already here are the next request, under way now.
    if (begin_ != end_) Arm(Phase::kReading, request_timeout);
  }
}

asio::awaitable<bool> Connection::WriteHeadAndBody(std::string_view body) {
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body.data(), body.size())};
  auto [ec, n] = co_await asio::async_write(socket_, buffers, kAsTuple);
  co_return !ec && !timed_out_;
}

asio::awaitable<void> Connection::SendErrorAndClose(int status, std::string_view reason) {
  protocol::HttpResponse response;
  response.status = status;
  response.body = ErrorBody(status, reason);
  response.close = true;
  head_.clear();
  protocol::SerializeHead(response, /*keep_alive=*/false, &head_);
  Arm(Phase::kWriting, std::chrono::milliseconds(limits_.request_timeout_ms));
  if (co_await WriteHeadAndBody(response.body)) co_await LingeringClose();
}

asio::awaitable<void> Connection::LingeringClose() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  Arm(Phase::kLingering, std::min(kMaxLinger, std::chrono::milliseconds(limits_.request_timeout_ms)));
  std::size_t discarded = 0;
  while (discarded < kMaxLingerBytes) {
    auto [ec, n] = co_await socket_.async_read_some(
        asio::buffer(read_buffer_.get(), kReadBufferBytes), kAsTuple);
    if (ec || timed_out_) break;
    discarded += n;
  }
}

}  // namespace vingt::server

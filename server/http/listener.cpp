#include "server/http/listener.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <string>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include "server/http/connection.h"
#include "server/http/connection_manager.h"
#include "server/http/io_pool.h"

namespace vingt::server {
namespace {

constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

// After an accept error such as EMFILE, wait before retrying rather than spin.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

}  // namespace

Listener::Listener(IoPool& pool, RequestHandler& handler, std::shared_ptr<ConnectionManager> manager,
                   const ServerLimits& limits)
    : pool_(pool),
      handler_(handler),
      manager_(std::move(manager)),
      limits_(limits),
      context_(pool.At(0)),
      acceptor_(context_) {}

Result<uint16_t> Listener::Listen(std::string_view host, uint16_t port) {
  std::string host_text(host);
  std::string where = host_text + ":" + std::to_string(port);
  asio::error_code ec;
  asio::ip::address address = asio::ip::make_address(host_text, ec);
  if (ec) {
    asio::ip::tcp::resolver resolver(context_);
    auto results = resolver.resolve(host_text, std::to_string(port), ec);
    if (ec || results.empty()) {
      return Status::InvalidArgument("cannot resolve listen host " + host_text + ": " + ec.message());
    }
    address = results.begin()->endpoint().address();
  }
  asio::ip::tcp::endpoint endpoint(address, port);
  auto fail = [&](std::string_view what) {
    std::string message = std::string(what) + " " + where + ": " + ec.message();
    acceptor_.close(ec);
    return Status::IOError(std::move(message));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("SO_REUSEADDR");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  uint16_t bound_port = acceptor_.local_endpoint(ec).port();
  if (ec) return fail("getsockname");
  asio::co_spawn(context_, AcceptLoop(shared_from_this()), asio::detached);
  return bound_port;
}

asio::awaitable<void> Listener::AcceptLoop(std::shared_ptr<Listener> self) {
  asio::steady_timer backoff(context_);
  while (!stopped_) {
    // The new socket is bound to the next context: the connection runs there.
    auto [ec, socket] = co_await acceptor_.async_accept(pool_.Next(), kAsTuple);
    if (stopped_ || ec == asio::error::operation_aborted) break;
    if (ec) {
      std::fprintf(stderr, "vingt: accept: %s\n", ec.message().c_str());
      backoff.expires_after(kAcceptBackoff);
      (void)co_await backoff.async_wait(kAsTuple);
      continue;
    }
    asio::error_code ignored;
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    // Start admits or refuses (503) through the manager; the connection
    // keeps itself alive from here.
    std::make_shared<Connection>(std::move(socket), handler_, manager_, limits_)->Start();
  }
}

void Listener::CloseAcceptor() {
  stopped_ = true;
  asio::error_code ignored;
  acceptor_.close(ignored);  // also cancels a pending accept
}

void Listener::Stop() {
  if (context_.stopped() || context_.get_executor().running_in_this_thread()) {
    // No thread is running the acceptor's context concurrently with us.
    CloseAcceptor();
    return;
  }
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> closed = done->get_future();
  asio::post(context_, [self = shared_from_this(), done] {
    self->CloseAcceptor();
    done->set_value();
  });
  // Bounded: a context that is not being run (the pool not started) would
  // never get to it; the acceptor then closes with the listener.
  closed.wait_for(std::chrono::seconds(2));
}

}  // namespace vingt::server

#include "server/webhooks/http_post.h"

#include <array>
#include <cstdio>
#include <memory>
#include <optional>

#include <asio/buffer.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace vingt::server::webhooks {
namespace {

using asio::ip::tcp;

// What the deadline handler may touch after the coroutine has moved on:
// shared, so a late handler finds it alive.
struct Attempt {
  Attempt(const asio::any_io_executor& ex, asio::ssl::context* tls) : resolver(ex), deadline(ex) {
    if (tls)
      ssl.emplace(ex, *tls);
    else
      plain.emplace(ex);
  }
  tcp::socket& socket() { return ssl ? ssl->next_layer() : *plain; }
  tcp::resolver resolver;
  asio::steady_timer deadline;
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> ssl;
  bool timed_out = false;
};

// "HTTP/1.1 204 No Content" -> 204; 0 if it is not a status line.
int StatusOf(std::string_view head) {
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return 0;
  const size_t space = head.find(' ');
  if (space == std::string_view::npos || space + 4 > head.size()) return 0;
  int status = 0;
  for (size_t i = space + 1; i < space + 4; ++i) {
    if (head[i] < '0' || head[i] > '9') return 0;
    status = status * 10 + (head[i] - '0');
  }
  return status;
}

// Sends the request and reads up to the end of the status line.
template <typename Stream>
asio::awaitable<std::string> Exchange(Stream& stream, const std::string& request, std::string_view body,
                                      asio::error_code& ec) {
  const std::array<asio::const_buffer, 2> buffers = {asio::buffer(request), asio::buffer(body.data(), body.size())};
  co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
  std::string head;
  if (ec) co_return head;
  co_await asio::async_read_until(stream, asio::dynamic_buffer(head, 64 * 1024), "\r\n",
                                  asio::redirect_error(asio::use_awaitable, ec));
  co_return head;
}

bool IsIpLiteral(const std::string& host) {
  asio::error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

asio::ssl::context MakeClientTlsContext(const std::string& extra_ca_file) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  if (!extra_ca_file.empty()) {
    asio::error_code ec;
    tls.load_verify_file(extra_ca_file, ec);
    if (ec) std::fprintf(stderr, "vingt: webhook CA file %s: %s\n", extra_ca_file.c_str(), ec.message().c_str());
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

asio::awaitable<PostResult> HttpPost(const protocol::HttpUrl& url,
                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                     std::string_view body, std::chrono::milliseconds timeout,
                                     asio::ssl::context& tls) {
  PostResult result;
  auto attempt = std::make_shared<Attempt>(co_await asio::this_coro::executor, url.tls ? &tls : nullptr);
  attempt->deadline.expires_after(timeout);
  attempt->deadline.async_wait([attempt](const asio::error_code& ec) {
    if (ec) return;  // cancelled: the call ended in time
    attempt->timed_out = true;
    attempt->resolver.cancel();
    asio::error_code ignored;
    attempt->socket().close(ignored);
  });
  auto fail = [&](const asio::error_code& ec) {
    attempt->deadline.cancel();
    result.timed_out = attempt->timed_out;
    result.error = attempt->timed_out ? "timeout" : ec.message();
    asio::error_code ignored;
    attempt->socket().close(ignored);
    return result;
  };

  asio::error_code ec;
  auto endpoints = co_await attempt->resolver.async_resolve(url.host, std::to_string(url.port),
                                                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec || attempt->timed_out) co_return fail(ec);
  co_await asio::async_connect(attempt->socket(), endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec || attempt->timed_out) co_return fail(ec);

  std::string request = "POST " + url.target + " HTTP/1.1\r\nHost: " + url.host_header +
                        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\nConnection: close\r\nUser-Agent: vingt-webhooks\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";

  std::string head;
  if (attempt->ssl) {
    auto& stream = *attempt->ssl;
    // SNI for names (not for IP addresses, which RFC 6066 excludes); the
    // certificate must name the host either way.
    if (!IsIpLiteral(url.host)) SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
    stream.set_verify_mode(asio::ssl::verify_peer);
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || attempt->timed_out) co_return fail(ec);
    head = co_await Exchange(stream, request, body, ec);
  } else {
    head = co_await Exchange(*attempt->plain, request, body, ec);
  }
  if (ec || attempt->timed_out) co_return fail(ec);
  attempt->deadline.cancel();
  asio::error_code ignored;
  attempt->socket().shutdown(tcp::socket::shutdown_both, ignored);
  attempt->socket().close(ignored);
  result.status = StatusOf(head);
  if (result.status == 0) result.error = "not an HTTP response";
  co_return result;
}

}  // namespace vingt::server::webhooks

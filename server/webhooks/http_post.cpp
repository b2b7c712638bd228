#include "server/webhooks/http_post.h"

#include <array>
#include <cstdio>
#include <optional>

#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace vingt::server::webhooks {

using asio::ip::tcp;

// One connection to a receiver, plain or TLS. Shared with the deadline
// handler, so a late handler finds it alive.
struct ReceiverPool::Connection {
  Connection(const asio::any_io_executor& ex, asio::ssl::context* tls) : resolver(ex), deadline(ex) {
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
  std::string buffer;  // bytes read past the last answer
  bool timed_out = false;
};

namespace {

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

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// The value of header `name` (lower case) in a response head, if present.
std::optional<std::string> HeaderValue(std::string_view head, std::string_view name) {
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const size_t start = pos + 2;
    const size_t end = head.find("\r\n", start);
    std::string_view line = head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const size_t colon = line.find(':');
    if (colon == name.size()) {
      bool same = true;
      for (size_t i = 0; i < colon && same; ++i) same = Lower(line[i]) == name[i];
      if (same) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        std::string out;
        for (char c : v) out.push_back(Lower(c));
        return out;
      }
    }
    pos = end;
  }
  return std::nullopt;
}

// Sends the request, reads the answer's head and, when its length is known,
// its body. *reusable: the connection can carry another request.
template <typename Stream>
asio::awaitable<std::string> Exchange(Stream& stream, std::string& buffer, const std::string& request,
                                      std::string_view body, asio::error_code& ec, bool* reusable) {
  *reusable = false;
  const std::array<asio::const_buffer, 2> buffers = {asio::buffer(request), asio::buffer(body.data(), body.size())};
  co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return std::string();
  const size_t head_end = co_await asio::async_read_until(stream, asio::dynamic_buffer(buffer, 64 * 1024), "\r\n\r\n",
                                                          asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return std::string();
  std::string head = buffer.substr(0, head_end);
  buffer.erase(0, head_end);
  const std::optional<std::string> length = HeaderValue(head, "content-length");
  const std::optional<std::string> connection = HeaderValue(head, "connection");
  const std::optional<std::string> chunked = HeaderValue(head, "transfer-encoding");
  const bool http10 = head.starts_with("HTTP/1.0");
  const bool closes = connection ? *connection == "close" || (http10 && *connection != "keep-alive") : http10;
  if (!length || chunked || closes) co_return head;  // the connection ends with this answer
  size_t want = 0;
  for (char c : *length) {
    if (c < '0' || c > '9' || want > (size_t{1} << 24)) co_return head;
    want = want * 10 + static_cast<size_t>(c - '0');
  }
  if (buffer.size() < want) {
    co_await asio::async_read(stream, asio::dynamic_buffer(buffer), asio::transfer_exactly(want - buffer.size()),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return head;
  }
  buffer.erase(0, want);
  *reusable = true;
  co_return head;
}

bool IsIpLiteral(const std::string& host) {
  asio::error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

std::string PoolKey(const protocol::HttpUrl& url) {
  return std::string(url.tls ? "s|" : "p|") + url.host + "|" + std::to_string(url.port);
}

}  // namespace

ReceiverPool::ReceiverPool(const std::string& extra_ca_file) : tls_(asio::ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  if (!extra_ca_file.empty()) {
    asio::error_code ec;
    tls_.load_verify_file(extra_ca_file, ec);
    if (ec) std::fprintf(stderr, "vingt: webhook CA file %s: %s\n", extra_ca_file.c_str(), ec.message().c_str());
  }
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

ReceiverPool::~ReceiverPool() = default;

asio::awaitable<PostResult> ReceiverPool::Post(const protocol::HttpUrl& url,
                                               const std::vector<std::pair<std::string, std::string>>& headers,
                                               std::string_view body, std::chrono::milliseconds timeout) {
  std::string request = "POST " + url.target + " HTTP/1.1\r\nHost: " + url.host_header +
                        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\nUser-Agent: vingt-webhooks\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  bool reused = false;
  PostResult result = co_await PostOnce(url, request, body, timeout, &reused);
  // A kept-alive connection the receiver closed meanwhile: once more, fresh.
  if (result.status == 0 && reused && !result.timed_out)
    result = co_await PostOnce(url, request, body, timeout, &reused);
  co_return result;
}

asio::awaitable<PostResult> ReceiverPool::PostOnce(const protocol::HttpUrl& url, const std::string& request,
                                                   std::string_view body, std::chrono::milliseconds timeout,
                                                   bool* reused) {
  PostResult result;
  const std::string key = PoolKey(url);
  std::shared_ptr<Connection> conn;
  if (auto it = idle_.find(key); it != idle_.end() && !it->second.empty()) {
    conn = std::move(it->second.back());
    it->second.pop_back();
  }
  *reused = conn != nullptr;
  if (!conn) conn = std::make_shared<Connection>(co_await asio::this_coro::executor, url.tls ? &tls_ : nullptr);
  conn->timed_out = false;
  conn->deadline.expires_after(timeout);
  conn->deadline.async_wait([conn](const asio::error_code& ec) {
    if (ec) return;  // cancelled: the call ended in time
    conn->timed_out = true;
    conn->resolver.cancel();
    asio::error_code ignored;
    conn->socket().close(ignored);
  });
  auto fail = [&](const asio::error_code& ec) {
    conn->deadline.cancel();
    result.timed_out = conn->timed_out;
    result.error = conn->timed_out ? "timeout" : ec.message();
    asio::error_code ignored;
    conn->socket().close(ignored);
    return result;
  };

  asio::error_code ec;
  if (!*reused) {
    auto endpoints = co_await conn->resolver.async_resolve(url.host, std::to_string(url.port),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec || conn->timed_out) co_return fail(ec);
    co_await asio::async_connect(conn->socket(), endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || conn->timed_out) co_return fail(ec);
    if (conn->ssl) {
      auto& stream = *conn->ssl;
      // SNI for names (not for IP addresses, which RFC 6066 excludes); the
      // certificate must name the host either way.
      if (!IsIpLiteral(url.host)) SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
      stream.set_verify_mode(asio::ssl::verify_peer);
      stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
      co_await stream.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || conn->timed_out) co_return fail(ec);
    }
  }
  bool reusable = false;
  std::string head;
  // Not a conditional expression: GCC 12 destroys a co_await's temporaries
  // twice inside one (a double free).
  if (conn->ssl)
    head = co_await Exchange(*conn->ssl, conn->buffer, request, body, ec, &reusable);
  else
    head = co_await Exchange(*conn->plain, conn->buffer, request, body, ec, &reusable);
  if (head.empty() || conn->timed_out) co_return fail(ec);
  conn->deadline.cancel();
  result.status = StatusOf(head);
  if (result.status == 0) result.error = "not an HTTP response";
  if (reusable && result.status != 0 && !ec) {
    idle_[key].push_back(std::move(conn));
  } else {
    asio::error_code ignored;
    conn->socket().close(ignored);
  }
  co_return result;
}

}  // namespace vingt::server::webhooks

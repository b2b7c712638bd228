#include "server/webhooks/http_post.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <optional>

#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace vingt::server::webhooks {

using asio::ip::tcp;

// One connection to a receiver, plain or TLS.
struct ReceiverPool::Connection {
  Connection(const asio::any_io_executor& ex, asio::ssl::context* tls) : resolver(ex) {
    if (tls)
      ssl.emplace(ex, *tls);
    else
      plain.emplace(ex);
  }
  tcp::socket& socket() { return ssl ? ssl->next_layer() : *plain; }
  // Ends what the connection is doing (the watchdog's doing): its pending
  // operations complete with an error, and timed_out says why.
  void TimeOut() {
    timed_out = true;
    resolver.cancel();
    asio::error_code ignored;
    socket().close(ignored);
  }
  tcp::resolver resolver;
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> ssl;
  std::string buffer;  // bytes read past the last answer
  // Where reads land, kept with the connection: on the coroutine's frame
  // it made every call's frame a 16 KiB allocation.
  std::vector<char> chunk = std::vector<char>(16 * 1024);
  Clock::time_point deadline = Clock::time_point::max();  // max: nothing awaited
  bool watched = false;  // in the pool's watched_ list
  bool timed_out = false;
};

namespace {

constexpr int kSendBufferBytes = 256 * 1024;
// Request buffers kept for reuse: one per connection a webhook may have
// busy by default, none larger than a full pipelined batch.
constexpr size_t kSpareWires = 8;
constexpr size_t kSpareWireBytes = 256 * 1024;

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

// One answer taken from `buffer` at *offset, without waiting: its status,
// and, when its length is known, its body, stepped over. Pipelined answers
// usually arrive together, so all of them are read from one receive, and
// the buffer is compacted only before the next one (not once per answer).
enum class Parsed { kAnswer, kNeedMore, kBad };
Parsed TakeAnswer(const std::string& buffer, size_t* offset, int* status, bool* reusable) {
  const std::string_view rest = std::string_view(buffer).substr(*offset);
  const size_t head_end = rest.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return rest.size() > 64 * 1024 ? Parsed::kBad : Parsed::kNeedMore;
  const std::string_view h = rest.substr(0, head_end + 4);
  const std::optional<std::string> length = HeaderValue(h, "content-length");
  const std::optional<std::string> connection = HeaderValue(h, "connection");
  const std::optional<std::string> chunked = HeaderValue(h, "transfer-encoding");
  const bool http10 = h.starts_with("HTTP/1.0");
  const bool closes = connection ? *connection == "close" || (http10 && *connection != "keep-alive") : http10;
  size_t want = 0;
  bool known = length && !chunked && !closes;
  if (known) {
    for (char c : *length) {
      if (c < '0' || c > '9' || want > (size_t{1} << 24)) {
        known = false;
        break;
      }
      want = want * 10 + static_cast<size_t>(c - '0');
    }
  }
  if (known && rest.size() < h.size() + want) return Parsed::kNeedMore;
  *status = StatusOf(h);
  // Without a known length the connection ends with this answer (its body,
  // if any, is not read).
  *offset += h.size() + (known ? want : 0);
  *reusable = known;
  return Parsed::kAnswer;
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

void ReceiverPool::Arm(const std::shared_ptr<Connection>& conn, std::chrono::milliseconds timeout) {
  conn->deadline = Clock::now() + timeout;
  if (!conn->watched) {
    conn->watched = true;
    watched_.push_back(conn);
  }
  // A tenth of the timeout late at most (within 5 ms .. 100 ms).
  tick_ = std::min(tick_, std::clamp<std::chrono::milliseconds>(timeout / 10, std::chrono::milliseconds(5),
                                                                  std::chrono::milliseconds(100)));
  if (watchdog_running_) return;
  if (!watchdog_) watchdog_.emplace(conn->socket().get_executor());
  watchdog_running_ = true;
  Watch();
}

void ReceiverPool::Watch() {
  watchdog_->expires_after(tick_);
  watchdog_->async_wait([this](const asio::error_code& ec) {
    if (ec) return;  // the pool is going away
    const Clock::time_point now = Clock::now();
    std::erase_if(watched_, [now](const std::weak_ptr<Connection>& weak) {
      const std::shared_ptr<Connection> conn = weak.lock();
      if (!conn || conn->deadline == Clock::time_point::max()) {
        if (conn) conn->watched = false;
        return true;
      }
      if (conn->deadline > now) return false;
      conn->deadline = Clock::time_point::max();
      conn->watched = false;
      conn->TimeOut();
      return true;
    });
    if (watched_.empty()) {
      watchdog_running_ = false;
      tick_ = std::chrono::milliseconds(100);
      return;
    }
    Watch();
  });
}

asio::awaitable<std::vector<PostResult>> ReceiverPool::Post(const protocol::HttpUrl& url,
                                                            const std::vector<Request>& requests,
                                                            std::chrono::milliseconds timeout) {
  // Every request of the call, head and body, back to back in one buffer:
  // a pipelined batch goes out in one system call (Asio hands at most 16
  // buffers to one, so a buffer per head and per body took one call per
  // eight deliveries). The common head prefix is built once.
  const std::string common = "POST " + url.target + " HTTP/1.1\r\nHost: " + url.host_header +
                             "\r\nContent-Type: application/json\r\nUser-Agent: vingt-webhooks\r\nContent-Length: ";
  size_t total = 0;
  for (const Request& r : requests) total += common.size() + 24 + r.header_lines.size() + r.body.size();
  // A buffer an earlier call gave back (they are reused: a batch's is tens
  // of kilobytes, and allocating it anew each time faulted its pages in).
  std::string wire;
  if (!spare_wires_.empty()) {
    wire = std::move(spare_wires_.back());
    spare_wires_.pop_back();
  }
  wire.clear();
  wire.reserve(total);
  std::vector<size_t> ends(requests.size());  // where request i ends in wire
  for (size_t i = 0; i < requests.size(); ++i) {
    wire += common;
    char digits[24];
    wire.append(digits, std::to_chars(digits, digits + sizeof digits, requests[i].body.size()).ptr);
    wire += "\r\n";
    wire += requests[i].header_lines;
    wire += "\r\n";
    wire += requests[i].body;
    ends[i] = wire.size();
  }
  const std::string key = PoolKey(url);
  std::vector<PostResult> results(requests.size());
  size_t done = 0;
  bool retried_fresh = false;
  while (done < requests.size()) {
    // Pipelined only on a connection that has carried an answer and stayed
    // open: a receiver that keeps no connection alive never sees two
    // requests on one (closing with unread requests would reset the
    // connection, and could lose its answer).
    auto idle = idle_.find(key);
    const size_t count = idle == idle_.end() || idle->second.empty() ? 1 : requests.size() - done;
    bool reused = false, cut_short = false;
    const size_t answered =
        co_await PostOnce(url, wire, ends, done, count, timeout, results, &reused, &cut_short);
    done += answered;
    if (answered == count) continue;
    if (cut_short) continue;  // the receiver ended the connection: the rest again, fresh
    // A kept-alive connection the receiver closed meanwhile: once more, fresh.
    if (answered == 0 && reused && !results[done].timed_out && !retried_fresh) {
      retried_fresh = true;
      continue;
    }
    // The receiver failed (refused, timed out, reset): the requests not
    // sent yet fail with it, rather than each waiting out its own timeout
    // on the same receiver; the caller tries them again together.
    for (size_t i = done + count - answered; i < requests.size(); ++i) results[i] = results[done];
    break;
  }
  if (spare_wires_.size() < kSpareWires && wire.capacity() <= kSpareWireBytes) spare_wires_.push_back(std::move(wire));
  co_return results;
}

asio::awaitable<size_t> ReceiverPool::PostOnce(const protocol::HttpUrl& url, std::string_view wire,
                                               const std::vector<size_t>& ends, size_t from, size_t count,
                                               std::chrono::milliseconds timeout, std::vector<PostResult>& results,
                                               bool* reused, bool* cut_short) {
  const std::string key = PoolKey(url);
  std::shared_ptr<Connection> conn;
  if (auto it = idle_.find(key); it != idle_.end() && !it->second.empty()) {
    conn = std::move(it->second.back());
    it->second.pop_back();
  }
  *reused = conn != nullptr;
  *cut_short = false;
  if (!conn) conn = std::make_shared<Connection>(co_await asio::this_coro::executor, url.tls ? &tls_ : nullptr);
  conn->timed_out = false;
  // Each answer has `timeout` from the previous one (the first from now).
  auto arm = [this, &conn, timeout] { Arm(conn, timeout); };
  arm();
  size_t answered = 0;
  // Requests from `answered` on get this failure.
  auto fail = [&](const asio::error_code& ec) {
    conn->deadline = Clock::time_point::max();
    for (size_t i = from + answered; i < from + count; ++i) {
      results[i].status = 0;
      results[i].timed_out = conn->timed_out;
      results[i].error = conn->timed_out ? "timeout" : ec.message();
    }
    asio::error_code ignored;
    conn->socket().close(ignored);
    return answered;
  };

  asio::error_code ec;
  if (!*reused) {
    auto endpoints = co_await conn->resolver.async_resolve(url.host, std::to_string(url.port),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec || conn->timed_out) co_return fail(ec);
    co_await asio::async_connect(conn->socket(), endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || conn->timed_out) co_return fail(ec);
    // A pipelined batch in one send: TCP's first send buffer (16 KiB)
    // holds about eight deliveries, and a batch past it waited for the
    // receiver to read before the rest could go. No delay either: the
    // requests are whole when written.
    asio::error_code ignored;
    conn->socket().set_option(asio::socket_base::send_buffer_size(kSendBufferBytes), ignored);
    conn->socket().set_option(tcp::no_delay(true), ignored);
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
  const size_t start = from == 0 ? 0 : ends[from - 1];
  const asio::const_buffer out = asio::buffer(wire.data() + start, ends[from + count - 1] - start);
  // Not conditional expressions: GCC 12 destroys a co_await's temporaries
  // twice inside one (a double free).
  if (conn->ssl)
    co_await asio::async_write(*conn->ssl, out, asio::redirect_error(asio::use_awaitable, ec));
  else
    co_await asio::async_write(*conn->plain, out, asio::redirect_error(asio::use_awaitable, ec));
  if (ec || conn->timed_out) co_return fail(ec);
  bool reusable = true;
  bool answered_since_armed = false;
  size_t taken = 0;  // bytes of conn->buffer already parsed
  while (answered < count) {
    if (!reusable) {  // the receiver ended the connection with an earlier answer
      *cut_short = true;  // a keep-alive limit, as nginx's 1,000 requests
      break;
    }
    int status = 0;
    bool keeps_open = false;
    const Parsed parsed = TakeAnswer(conn->buffer, &taken, &status, &keeps_open);
    if (parsed == Parsed::kNeedMore) {
      conn->buffer.erase(0, taken);
      taken = 0;
      if (answered_since_armed) arm();  // the next answer has `timeout` from the last one
      answered_since_armed = false;
      size_t n = 0;
      if (conn->ssl)
        n = co_await conn->ssl->async_read_some(asio::buffer(conn->chunk), asio::redirect_error(asio::use_awaitable, ec));
      else
        n = co_await conn->plain->async_read_some(asio::buffer(conn->chunk), asio::redirect_error(asio::use_awaitable, ec));
      if (ec || conn->timed_out) co_return fail(ec);
      conn->buffer.append(conn->chunk.data(), n);
      continue;
    }
    reusable = keeps_open;
    PostResult& r = results[from + answered];
    r.status = parsed == Parsed::kBad ? 0 : status;
    r.timed_out = false;
    r.error = r.status == 0 ? "not an HTTP response" : "";
    ++answered;
    answered_since_armed = true;
    if (r.status == 0) reusable = false;
  }
  conn->buffer.erase(0, taken);  // what is left is the start of a later answer
  conn->deadline = Clock::time_point::max();
  if (reusable && !ec && !*cut_short) {
    idle_[key].push_back(std::move(conn));
  } else {
    asio::error_code ignored;
    conn->socket().close(ignored);
  }
  co_return answered;
}

}  // namespace vingt::server::webhooks

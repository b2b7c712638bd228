// A small blocking HTTP/1.1 client for end-to-end tests, plus a JSON reader
// for response bodies.
//
// HttpClient talks to 127.0.0.1:<port> only, keeps its connection alive
// between requests and never waits longer than its timeout for a byte, so a
// server that stops answering fails the test instead of hanging it. It also
// exposes raw Send()/ReadResponse() for malformed-input and pipelining
// tests. One HttpClient belongs to one thread.
#pragma once

#include <cstdio>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <simdjson.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vingt::testutil {

struct HttpResponse {
  int status = 0;  // 0: no response (transport failure or timeout), see error
  std::string reason;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string token = "", int timeout_ms = 10000)
      : port_(port), token_(std::move(token)), timeout_ms_(timeout_ms) {}
  ~HttpClient() { Close(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sent as "Authorization: Bearer <token>" on every Request; "" sends none.
  void SetToken(std::string token) { token_ = std::move(token); }
  void SetTimeout(int timeout_ms) { timeout_ms_ = timeout_ms; }
  void SetPort(uint16_t port) {
    Close();
    port_ = port;
  }
  uint16_t port() const { return port_; }
  bool connected() const { return fd_ >= 0; }
  // How many TCP connections this client has opened so far.
  int connect_count() const { return connect_count_; }

  bool Connect() {
    Close();
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return false;
    }
    fd_ = fd;
    buffer_.clear();
    ++connect_count_;
    return true;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }

  // One request/response on the kept-alive connection (connecting first if
  // needed). A JSON content type is sent with any body. extra headers are
  // sent verbatim after the generated ones.
  HttpResponse Request(const std::string& method, const std::string& target, const std::string& body = "",
                       const HeaderList& extra = {}) {
    if (fd_ < 0 && !Connect()) return Failure("connect failed: " + std::string(std::strerror(errno)));
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n";
    if (!token_.empty()) req += "Authorization: Bearer " + token_ + "\r\n";
    bool has_body = !body.empty() || method == "POST" || method == "PATCH" || method == "PUT";
    if (has_body) {
      req += "Content-Type: application/json\r\n";
      req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    for (const auto& [name, value] : extra) req += name + ": " + value + "\r\n";
    req += "\r\n";
    req += body;
    if (!Send(req)) {
      Close();
      return Failure("send failed");
    }
    return ReadResponse(method == "HEAD");
  }

  HttpResponse Get(const std::string& target) { return Request("GET", target); }
  HttpResponse Post(const std::string& target, const std::string& body) { return Request("POST", target, body); }
  HttpResponse Patch(const std::string& target, const std::string& body) { return Request("PATCH", target, body); }
  HttpResponse Put(const std::string& target, const std::string& body) { return Request("PUT", target, body); }
  HttpResponse Delete(const std::string& target) { return Request("DELETE", target); }

  // Writes raw bytes (connecting first if needed). False on failure.
  bool Send(std::string_view bytes) {
    if (fd_ < 0 && !Connect()) return false;
    const int64_t deadline = NowMs() + timeout_ms_;
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        bytes.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!PollFor(POLLOUT, deadline)) return false;
        continue;
      }
      return false;
    }
    return true;
  }

  // Reads one response (status line, headers, body by Content-Length or
  // chunked, else until close). Bytes after it stay buffered for the next
  // call, so pipelined responses come out one per call. A response with
  // "Connection: close" closes the client side too.
  HttpResponse ReadResponse(bool head_request = false) {
    HttpResponse r;
    if (fd_ < 0) return Failure("not connected");
    const int64_t deadline = NowMs() + timeout_ms_;
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline, &r.error)) {
        Close();
        return r;
      }
    }
    std::string_view head(buffer_.data(), header_end);
    size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    // "HTTP/1.1 200 OK"
    size_t sp1 = status_line.find(' ');
    if (!status_line.starts_with("HTTP/1.") || sp1 == std::string_view::npos) {
      r.error = "bad status line: " + std::string(status_line);
      Close();
      return r;
    }
    size_t sp2 = status_line.find(' ', sp1 + 1);
    r.status = std::atoi(std::string(status_line.substr(sp1 + 1, sp2 - sp1 - 1)).c_str());
    if (sp2 != std::string_view::npos) r.reason = std::string(status_line.substr(sp2 + 1));
    size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string_view::npos) e = head.size();
      std::string_view line = head.substr(pos, e - pos);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        r.headers[name] = std::string(value);
      }
      pos = e + 2;
    }
    buffer_.erase(0, header_end + 4);

    bool no_body = head_request || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
    std::string te = Lower(r.Header("transfer-encoding"));
    std::string cl = r.Header("content-length");
    if (no_body) {
    } else if (te.find("chunked") != std::string::npos) {
      if (!ReadChunked(deadline, &r)) {
        r.status = 0;
        Close();
        return r;
      }
    } else if (!cl.empty()) {
      size_t len = std::strtoull(cl.c_str(), nullptr, 10);
      while (buffer_.size() < len) {
        if (!Fill(deadline, &r.error)) {
          r.status = 0;
          Close();
          return r;
        }
      }
      r.body = buffer_.substr(0, len);
      buffer_.erase(0, len);
    } else {
      std::string ignored;
      while (Fill(deadline, &ignored)) {
      }
      r.body = std::move(buffer_);
      Close();
      return r;
    }
    if (Lower(r.Header("connection")) == "close") Close();
    return r;
  }

  // True if the server closes the connection within timeout_ms; bytes that
  // arrive meanwhile are discarded. The client side is closed either way
  // if the peer closed.
  bool WaitForClose(int timeout_ms) {
    if (fd_ < 0) return true;
    const int64_t deadline = NowMs() + timeout_ms;
    for (;;) {
      if (!PollFor(POLLIN, deadline)) return false;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        Close();
        return true;
      }
    }
  }

 private:
  static int64_t NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }

  static std::string Lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  static HttpResponse Failure(std::string why) {
    HttpResponse r;
    r.error = std::move(why);
    return r;
  }

  bool PollFor(short events, int64_t deadline) {
    for (;;) {
      int64_t left = deadline - NowMs();
      if (left <= 0) return false;
      pollfd p{fd_, events, 0};
      int n = ::poll(&p, 1, static_cast<int>(left));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
  }

  // Appends what the socket has to buffer_, waiting until deadline.
  bool Fill(int64_t deadline, std::string* error) {
    for (;;) {
      if (!PollFor(POLLIN, deadline)) {
        *error = "timeout waiting for response";
        return false;
      }
      char buf[16384];
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        buffer_.append(buf, static_cast<size_t>(n));
        return true;
      }
      if (n == 0) {
        *error = "connection closed by peer";
        return false;
      }
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      *error = std::string("recv failed: ") + std::strerror(errno);
      return false;
    }
  }

  bool ReadChunked(int64_t deadline, HttpResponse* r) {
    for (;;) {
      size_t e;
      while ((e = buffer_.find("\r\n")) == std::string::npos)
        if (!Fill(deadline, &r->error)) return false;
      size_t len = std::strtoull(buffer_.substr(0, e).c_str(), nullptr, 16);
      buffer_.erase(0, e + 2);
      if (len == 0) {
        // Trailers (none expected) end with an empty line.
        while ((e = buffer_.find("\r\n")) == std::string::npos)
          if (!Fill(deadline, &r->error)) return false;
        bool done = e == 0;
        buffer_.erase(0, e + 2);
        if (done) return true;
        continue;
      }
      while (buffer_.size() < len + 2)
        if (!Fill(deadline, &r->error)) return false;
      r->body.append(buffer_, 0, len);
      buffer_.erase(0, len + 2);
    }
  }

  uint16_t port_;
  std::string token_;
  int timeout_ms_;
  int fd_ = -1;
  int connect_count_ = 0;
  std::string buffer_;  // received, not yet consumed
};

// A parsed JSON document addressed by JSON pointers ("/data/person/id").
// Accessors never throw: a missing or mistyped value gives a sentinel that
// makes the calling check fail with a readable message.
class Json {
 public:
  explicit Json(std::string text) : text_(std::move(text)), parser_(std::make_unique<simdjson::dom::parser>()) {
    ok_ = parser_->parse(text_).get(root_) == simdjson::SUCCESS;
  }
  bool ok() const { return ok_; }
  const std::string& text() const { return text_; }

  bool Has(const std::string& ptr) const {
    simdjson::dom::element e;
    return Find(ptr, &e);
  }
  std::string Str(const std::string& ptr) const {
    simdjson::dom::element e;
    std::string_view v;
    if (!Find(ptr, &e) || e.get(v)) return "<no string at " + ptr + ">";
    return std::string(v);
  }
  int64_t Int(const std::string& ptr, int64_t missing = INT64_MIN) const {
    simdjson::dom::element e;
    int64_t v;
    if (Find(ptr, &e) && !e.get(v)) return v;
    double d;
    if (Find(ptr, &e) && !e.get(d)) return static_cast<int64_t>(d);
    return missing;
  }
  double Num(const std::string& ptr) const {
    simdjson::dom::element e;
    double d;
    if (!Find(ptr, &e) || e.get(d)) return -1e300;
    return d;
  }
  // 1 true, 0 false, -1 missing or not a boolean.
  int Bool(const std::string& ptr) const {
    simdjson::dom::element e;
    bool b;
    if (!Find(ptr, &e) || e.get(b)) return -1;
    return b ? 1 : 0;
  }
  bool IsNull(const std::string& ptr) const {
    simdjson::dom::element e;
    return Find(ptr, &e) && e.is_null();
  }
  bool IsArray(const std::string& ptr) const {
    simdjson::dom::element e;
    return Find(ptr, &e) && e.is_array();
  }
  bool IsObject(const std::string& ptr) const {
    simdjson::dom::element e;
    return Find(ptr, &e) && e.is_object();
  }
  bool IsNumber(const std::string& ptr) const {
    simdjson::dom::element e;
    return Find(ptr, &e) && e.is_number();
  }
  // Array length or object member count; -1 if neither.
  int64_t Size(const std::string& ptr) const {
    simdjson::dom::element e;
    if (!Find(ptr, &e)) return -1;
    simdjson::dom::array a;
    if (!e.get(a)) return static_cast<int64_t>(a.size());
    simdjson::dom::object o;
    if (!e.get(o)) return static_cast<int64_t>(o.size());
    return -1;
  }
  std::vector<std::string> Keys(const std::string& ptr) const {
    std::vector<std::string> keys;
    simdjson::dom::element e;
    simdjson::dom::object o;
    if (Find(ptr, &e) && !e.get(o))
      for (auto [k, v] : o) keys.emplace_back(k);
    return keys;
  }
  // The value re-serialised minified, or "<missing ptr>".
  std::string Raw(const std::string& ptr) const {
    simdjson::dom::element e;
    if (!Find(ptr, &e)) return "<missing " + ptr + ">";
    return simdjson::minify(e);
  }

 private:
  bool Find(const std::string& ptr, simdjson::dom::element* out) const {
    if (!ok_) return false;
    if (ptr.empty()) {
      *out = root_;
      return true;
    }
    return root_.at_pointer(ptr).get(*out) == simdjson::SUCCESS;
  }

  std::string text_;
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
  bool ok_ = false;
};

inline Json ParseJson(const HttpResponse& r) { return Json(r.body); }

enum class MessageMatch { kExact, kPrefix, kContains };

// "" if r is a REST error in Twenty's shape: HTTP status == statusCode ==
// status, "error" == error, "messages" == [message] (compared as match
// says); an optional "code" key is allowed. Otherwise a description of the
// first difference, so `BOOST_TEST(RestErrorMismatch(...) == "")` prints it.
inline std::string RestErrorMismatch(const HttpResponse& r, int status, const std::string& error,
                                     const std::string& message, MessageMatch match = MessageMatch::kExact) {
  std::string got = " (got HTTP " + std::to_string(r.status) + " " + r.body + r.error + ")";
  if (r.status != status) return "HTTP status != " + std::to_string(status) + got;
  Json j(r.body);
  if (!j.ok() || !j.IsObject("")) return "body is not a JSON object" + got;
  for (const auto& k : j.Keys(""))
    if (k != "statusCode" && k != "error" && k != "messages" && k != "code") return "unexpected key '" + k + "'" + got;
  if (j.Int("/statusCode") != status) return "statusCode != " + std::to_string(status) + got;
  if (j.Str("/error") != error) return "error != '" + error + "'" + got;
  if (!j.IsArray("/messages") || j.Size("/messages") != 1) return "messages is not a one-element array" + got;
  std::string m = j.Str("/messages/0");
  bool ok = match == MessageMatch::kExact    ? m == message
            : match == MessageMatch::kPrefix ? m.rfind(message, 0) == 0
                                             : m.find(message) != std::string::npos;
  if (!ok) return "messages[0] does not match '" + message + "'" + got;
  return "";
}

// Percent-encodes everything but RFC 3986 unreserved characters, for query
// values such as filters and base64 cursors ('+', '/', '=').
inline std::string UrlEncode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

// `s` as a JSON string literal, quotes included ("query" bodies of GraphQL tests).
inline std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace vingt::testutil

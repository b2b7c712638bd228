#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include <asio/experimental/as_tuple.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "server/http/io_pool.h"
#include "server/http/request_handler.h"

namespace vingt::server {
namespace {

namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kSlowHandlerDelay = 400ms;

long Millis(Clock::duration d) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// Echoes "METHOD path body". /slow waits first, /throw throws, /close asks
// for the connection to be closed.
class TestHandler : public RequestHandler {
 public:
  asio::awaitable<protocol::HttpResponse> Handle(protocol::HttpRequest& request) override {
    if (request.path == "/slow") {
      slow_started.fetch_add(1);
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(kSlowHandlerDelay);
      (void)co_await timer.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
    }
    if (request.path == "/throw") throw std::runtime_error("test handler throws on purpose");
    protocol::HttpResponse response;
    response.content_type = "text/plain";
    response.body = request.method + " " + request.path + " " + request.body;
    response.close = request.path == "/close";
    co_return response;
  }

  std::atomic<int> slow_started{0};
};

// A server on 127.0.0.1, an ephemeral port, two io threads.
struct ServerFixture {
  explicit ServerFixture(ServerLimits limits = {}) : pool(2), server(limits, handler, pool) {
    Result<uint16_t> bound = server.Listen("127.0.0.1", 0);
    BOOST_TEST_REQUIRE(bound.ok(), bound.status().ToString());
    port = *bound;
    BOOST_TEST_REQUIRE(port != 0);
    pool.Run();
  }
  ~ServerFixture() {
    server.BeginShutdown();
    server.WaitIdle(2s);
    pool.Stop();
    pool.Join();
  }

  IoPool pool;
  TestHandler handler;
  HttpServer server;
  uint16_t port = 0;
};

// Returns a socket connected to 127.0.0.1:port, or -1 with errno set.
int ConnectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// A blocking client. Every read gives up after a few seconds, so a server
// bug fails the test instead of hanging it.
class TestClient {
 public:
  explicit TestClient(uint16_t port) : fd_(ConnectTo(port)) {
    BOOST_TEST_REQUIRE(fd_ >= 0, "connect: " << std::strerror(errno));
    SetReadTimeout(3s);
  }
  ~TestClient() { Close(); }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // False if the server closed the connection (EPIPE/ECONNRESET).
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // The next response, or nullopt if the connection ends first.
  std::optional<Response> ReadResponse(bool head_request = false) {
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    Response response;
    std::string_view head(buffer_.data(), head_end);
    std::size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    BOOST_TEST_REQUIRE(status_line.substr(0, 9) == "HTTP/1.1 ");
    response.status = std::stoi(std::string(status_line.substr(9, 3)));
    while (line_end != std::string_view::npos) {
      std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      std::string_view line = head.substr(start, line_end == std::string_view::npos ? head.npos : line_end - start);
      std::size_t colon = line.find(':');
      BOOST_TEST_REQUIRE(colon != std::string_view::npos);
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      response.headers[name] = std::string(value);
    }
    buffer_.erase(0, head_end + 4);
    std::size_t length = 0;
    if (auto it = response.headers.find("content-length"); it != response.headers.end()) {
      length = std::stoul(it->second);
    }
    if (head_request || response.status == 100 || response.status == 204) length = 0;
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // Reads exactly n bytes (or fewer at the end of the connection).
  std::string ReadBytes(std::size_t n) {
    while (buffer_.size() < n && Fill()) {
    }
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, out.size());
    return out;
  }

  // True if the server ends the connection (EOF or reset) within `within`
  // and sends nothing more before that.
  bool ClosedWithin(std::chrono::milliseconds within) {
    SetReadTimeout(within);
    bool closed = buffer_.empty() && !Fill() && last_read_ended_connection_;
    SetReadTimeout(3s);
    return closed;
  }

 private:
  bool Fill() {
    char chunk[16384];
    ssize_t n;
    do {
      n = ::recv(fd_, chunk, sizeof(chunk), 0);
    } while (n < 0 && errno == EINTR);
    last_read_ended_connection_ = n == 0 || (n < 0 && errno == ECONNRESET);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  void SetReadTimeout(std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }

  int fd_ = -1;
  std::string buffer_;
  bool last_read_ended_connection_ = false;
};

std::string Get(std::string_view path, std::string_view extra_headers = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

std::string Post(std::string_view path, std::string_view body) {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: test\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

template <typename Predicate>
bool WaitFor(Predicate predicate, std::chrono::milliseconds max) {
  auto end = Clock::now() + max;
  while (!predicate()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

BOOST_AUTO_TEST_CASE(KeepAliveServesTwoRequestsOnOneConnection) {
  ServerFixture f;
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send(Get("/a?x=1")));
  std::optional<Response> first = client.ReadResponse();
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(first->status == 200);
  BOOST_TEST(first->body == "GET /a ");
  BOOST_TEST(first->headers["content-type"] == "text/plain");
  BOOST_TEST(first->headers.count("connection") == 0u);
  BOOST_TEST(first->headers.count("date") == 1u);
  BOOST_TEST_REQUIRE(client.Send(Post("/b", "{\"k\":1}")));
  std::optional<Response> second = client.ReadResponse();
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(second->body == "POST /b {\"k\":1}");
  BOOST_TEST(f.server.ConnectionCount() == 1u);
}

BOOST_AUTO_TEST_CASE(PipelinedRequestsAnsweredInOrder) {
  ServerFixture f;
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send(Get("/slow") + Post("/two", "2") + Get("/three")));
  for (std::string_view expected : {"GET /slow ", "POST /two 2", "GET /three "}) {
    std::optional<Response> response = client.ReadResponse();
    BOOST_TEST_REQUIRE(response.has_value());
    BOOST_TEST(response->body == expected);
  }
}

BOOST_AUTO_TEST_CASE(LargeBodyInManyReads) {
  ServerFixture f;
  TestClient client(f.port);
  std::string body(1024 * 1024 + 17, 'b');
  BOOST_TEST_REQUIRE(client.Send(Post("/big", body)));
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->body.size() == body.size() + 10);
  BOOST_TEST((response->body == "POST /big " + body));
}

BOOST_AUTO_TEST_CASE(HeadSendsNoBody) {
  ServerFixture f;
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send("HEAD /h HTTP/1.1\r\n\r\n" + Get("/next")));
  std::optional<Response> head = client.ReadResponse(/*head_request=*/true);
  BOOST_TEST_REQUIRE(head.has_value());
  BOOST_TEST(head->headers["content-length"] == "8");  // "HEAD /h "
  // Had the body been sent, it would now be read as the next status line.
  std::optional<Response> next = client.ReadResponse();
  BOOST_TEST_REQUIRE(next.has_value());
  BOOST_TEST(next->body == "GET /next ");
}

BOOST_AUTO_TEST_CASE(ExpectContinue) {
  ServerFixture f;
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  BOOST_TEST(client.ReadBytes(25) == "HTTP/1.1 100 Continue\r\n\r\n");
  BOOST_TEST_REQUIRE(client.Send("hello"));
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->body == "POST /e hello");
}

BOOST_AUTO_TEST_CASE(Http10ClosesUnlessKeepAlive) {
  ServerFixture f;
  {
    TestClient client(f.port);
    BOOST_TEST_REQUIRE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
    std::optional<Response> response = client.ReadResponse();
    BOOST_TEST_REQUIRE(response.has_value());
    BOOST_TEST(response->headers["connection"] == "close");
    BOOST_TEST(client.ClosedWithin(1s));
  }
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->headers["connection"] == "keep-alive");
  BOOST_TEST_REQUIRE(client.Send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->body == "GET /again ");
}

BOOST_AUTO_TEST_CASE(CloseRequestedByClientOrHandler) {
  ServerFixture f;
  for (std::string request : {Get("/x", "Connection: close\r\n"), Get("/close")}) {
    TestClient client(f.port);
    // Bytes after a closing request are never answered.
    BOOST_TEST_REQUIRE(client.Send(request + Get("/ignored")));
    std::optional<Response> response = client.ReadResponse();
    BOOST_TEST_REQUIRE(response.has_value());
    BOOST_TEST(response->headers["connection"] == "close");
    BOOST_TEST(client.ClosedWithin(1s));
  }
}

struct ErrorCase {
  std::string name;
  std::string bytes;
  int status;
  std::string body;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

const ErrorCase kErrorCases[] = {
    {"headers_too_large", "GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n", 431,
     R"({"statusCode":431,"error":"RequestHeaderFieldsTooLargeException","messages":["Request header fields too large"]})"},
    {"body_too_large", "POST / HTTP/1.1\r\nContent-Length: 20000000\r\n\r\n" + std::string(100000, 'x'), 413,
     R"({"statusCode":413,"error":"PayloadTooLargeException","messages":["Request body too large"]})"},
    {"garbage", "HELLO\r\n\r\n", 400,
     R"({"statusCode":400,"error":"BadRequestException","messages":["Invalid method encountered"]})"},
    {"bad_header", "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 400,
     R"({"statusCode":400,"error":"BadRequestException","messages":["Invalid header name"]})"},
    {"after_a_good_request", Get("/fine") + "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400, ""},
};

BOOST_DATA_TEST_CASE(ParseErrorsAnswerJsonAndClose, bdata::make(kErrorCases), c) {
  ServerFixture f;
  TestClient client(f.port);
  client.Send(c.bytes);  // may fail half-way once the server has answered
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  if (c.name == "after_a_good_request") {
    BOOST_TEST(response->body == "GET /fine ");
    response = client.ReadResponse();
    BOOST_TEST_REQUIRE(response.has_value());
  }
  BOOST_TEST(response->status == c.status);
  BOOST_TEST(response->headers["connection"] == "close");
  BOOST_TEST(response->headers["content-type"] == "application/json; charset=utf-8");
  if (!c.body.empty()) BOOST_TEST(response->body == c.body);
  BOOST_TEST(response->body.find("\"statusCode\":" + std::to_string(c.status)) == 1u);
  BOOST_TEST(client.ClosedWithin(1500ms));
}

BOOST_AUTO_TEST_CASE(RequestTimeoutAnswers408) {
  ServerLimits limits;
  limits.request_timeout_ms = 200;
  ServerFixture f(limits);
  TestClient client(f.port);
  auto start = Clock::now();
  BOOST_TEST_REQUIRE(client.Send("GET / HTTP/1.1\r\nHost: x\r\n"));  // never finished
  std::optional<Response> response = client.ReadResponse();
  auto elapsed = Clock::now() - start;
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 408);
  BOOST_TEST(response->body ==
             R"({"statusCode":408,"error":"RequestTimeoutException","messages":["Request timeout"]})");
  BOOST_TEST(response->headers["connection"] == "close");
  BOOST_TEST(client.ClosedWithin(1s));
  BOOST_TEST(Millis(elapsed) >= 150);
  BOOST_TEST(Millis(elapsed) < 1500);
}

BOOST_AUTO_TEST_CASE(SlowLorisDoesNotExtendTheRequestTimeout) {
  ServerLimits limits;
  limits.request_timeout_ms = 200;
  ServerFixture f(limits);
  TestClient client(f.port);
  auto start = Clock::now();
  std::string head = "GET / HTTP/1.1\r\nX-Slow: " + std::string(100, 's');
  // One byte every 20 ms: each arrives well inside any per-read timeout.
  for (char c : head) {
    if (!client.Send(std::string_view(&c, 1))) break;
    if (Clock::now() - start > 600ms) break;
    std::this_thread::sleep_for(20ms);
  }
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 408);
  BOOST_TEST(Millis(Clock::now() - start) < 1500);
}

BOOST_AUTO_TEST_CASE(IdleTimeoutCloses) {
  ServerLimits limits;
  limits.idle_timeout_ms = 200;
  ServerFixture f(limits);
  {
    // Silent from the start.
    TestClient client(f.port);
    auto start = Clock::now();
    BOOST_TEST(client.ClosedWithin(1500ms));
    BOOST_TEST(Millis(Clock::now() - start) >= 150);
  }
  // Idle after a request.
  TestClient client(f.port);
  BOOST_TEST_REQUIRE(client.Send(Get("/a")));
  BOOST_TEST_REQUIRE(client.ReadResponse().has_value());
  auto start = Clock::now();
  BOOST_TEST(client.ClosedWithin(1500ms));
  BOOST_TEST(Millis(Clock::now() - start) >= 150);
  BOOST_TEST(WaitFor([&] { return f.server.ConnectionCount() == 0; }, 1s));
}

BOOST_AUTO_TEST_CASE(ActiveConnectionOutlivesIdleTimeout) {
  ServerLimits limits;
  limits.idle_timeout_ms = 300;
  ServerFixture f(limits);
  TestClient client(f.port);
  // Requests every 100 ms for 600 ms: each resets the idle clock.
  for (int i = 0; i < 6; ++i) {
    BOOST_TEST_REQUIRE(client.Send(Get("/tick")));
    BOOST_TEST_REQUIRE(client.ReadResponse().has_value());
    std::this_thread::sleep_for(100ms);
  }
  // A handler slower than the idle timeout is not cut off either.
  BOOST_TEST_REQUIRE(client.Send(Get("/slow")));
  std::optional<Response> response = client.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->body == "GET /slow ");
}

BOOST_AUTO_TEST_CASE(MaxConnectionsAnswers503) {
  ServerLimits limits;
  limits.max_connections = 2;
  ServerFixture f(limits);
  auto first = std::make_unique<TestClient>(f.port);
  TestClient second(f.port);
  for (TestClient* client : {first.get(), &second}) {
    BOOST_TEST_REQUIRE(client->Send(Get("/hi")));
    BOOST_TEST_REQUIRE(client->ReadResponse().has_value());
  }
  BOOST_TEST(f.server.ConnectionCount() == 2u);
  {
    TestClient third(f.port);
    third.Send(Get("/hi"));
    std::optional<Response> response = third.ReadResponse();
    BOOST_TEST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 503);
    BOOST_TEST(response->body ==
               R"({"statusCode":503,"error":"ServiceUnavailableException","messages":["Too many connections"]})");
    BOOST_TEST(response->headers["connection"] == "close");
    BOOST_TEST(third.ClosedWithin(1500ms));
  }
  // A slot frees when a client leaves.
  first.reset();
  BOOST_TEST_REQUIRE(WaitFor([&] { return f.server.ConnectionCount() == 1; }, 1s));
  TestClient fourth(f.port);
  BOOST_TEST_REQUIRE(fourth.Send(Get("/back")));
  std::optional<Response> response = fourth.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 200);
}

BOOST_AUTO_TEST_CASE(HandlerExceptionClosesOnlyThatConnection) {
  ServerFixture f;
  TestClient bad(f.port);
  BOOST_TEST_REQUIRE(bad.Send(Get("/throw")));
  BOOST_TEST(bad.ClosedWithin(1s));
  TestClient good(f.port);
  BOOST_TEST_REQUIRE(good.Send(Get("/ok")));
  std::optional<Response> response = good.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->body == "GET /ok ");
}

BOOST_AUTO_TEST_CASE(GracefulShutdownFinishesInFlightRequests) {
  ServerFixture f;
  TestClient busy(f.port);
  TestClient idle(f.port);
  BOOST_TEST_REQUIRE(idle.Send(Get("/before")));
  BOOST_TEST_REQUIRE(idle.ReadResponse().has_value());
  BOOST_TEST_REQUIRE(busy.Send(Get("/slow")));
  BOOST_TEST_REQUIRE(WaitFor([&] { return f.handler.slow_started.load() == 1; }, 1s));

  auto start = Clock::now();
  f.server.BeginShutdown();
  BOOST_TEST(Millis(Clock::now() - start) < 300);  // does not wait for the slow request

  // New connections are refused at once.
  int fd = ConnectTo(f.port);
  int connect_errno = errno;
  BOOST_TEST(fd < 0);
  BOOST_TEST(connect_errno == ECONNREFUSED);
  if (fd >= 0) ::close(fd);

  // The idle connection goes now; the busy one gets its answer, then goes.
  BOOST_TEST(idle.ClosedWithin(1s));  // not after the 60 s idle timeout
  std::optional<Response> response = busy.ReadResponse();
  BOOST_TEST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(response->body == "GET /slow ");
  BOOST_TEST(response->headers["connection"] == "close");
  BOOST_TEST(busy.ClosedWithin(1s));
  BOOST_TEST(f.server.WaitIdle(2s));
  BOOST_TEST(f.server.ConnectionCount() == 0u);
}

BOOST_AUTO_TEST_CASE(ListenReportsBindErrors) {
  ServerFixture f;
  HttpServer other(ServerLimits{}, f.handler, f.pool);
  Result<uint16_t> taken = other.Listen("127.0.0.1", f.port);
  BOOST_TEST(!taken.ok());
  BOOST_TEST(taken.status().message().find("bind") != std::string::npos);
}

}  // namespace
}  // namespace vingt::server

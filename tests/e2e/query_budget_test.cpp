// The per-request budget (common/request_budget.h) through the binary: a
// query that runs past --query-timeout-ms is given up with Twenty's error
// ("Query read timeout", INTERNAL_SERVER_ERROR), and a query whose client
// closes the connection stops computing (answered 499, which /metrics
// counts) long before it would have ended. Meanwhile the only I/O thread
// answers other connections: such a query computes on the compute pool.
//
// The slow query: an `or` of 600 regexes ((.*a){200}b0, b1, ...) over 400
// distinct job titles of 8,000 a's, each tested row by row in time linear
// in the value (RE2): seconds in all.
#include <chrono>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

// Each pattern takes RE2 some 6 ms over the 400 values (none matches):
// about 3.5 s in all.
constexpr int kPeople = 400;
constexpr int kPatterns = 600;

std::string SlowQueryBody() {
  std::string terms;
  for (int i = 0; i < kPatterns; ++i)
    terms += std::string(i ? ", " : "") + R"({jobTitle: {regex: \"(.*a){200}b)" + std::to_string(i) + R"(\"}})";
  return R"({"query":"{ people(filter: {or: [)" + terms + R"(]}) { totalCount } }"})";
}

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct BudgetFixture {
  void StartWith(const std::string& timeout_ms) {
    // One I/O thread: every connection shares it, as a busy server's do.
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--query-timeout-ms", timeout_ms, "--threads", "1", "--metrics-public"}),
                          server.output());
    token = server.initial_token();
    HttpClient c(server.port(), token);
    // Distinct values: the filter checks each distinct value once.
    for (int batch = 0; batch < kPeople / 200; ++batch) {
      std::string body = "[";
      for (int i = 0; i < 200; ++i)
        body += std::string(i ? "," : "") + R"({"jobTitle":")" + std::string(8000, 'a') +
                std::to_string(batch * 200 + i) + R"("})";
      body += "]";
      HttpResponse r = c.Post("/rest/batch/people", body);
      BOOST_TEST_REQUIRE(r.status == 201, r.body.substr(0, 300));
    }
  }
  ~BudgetFixture() {
    if (server.running()) BOOST_CHECK(server.Stop() == 0);
  }
  TempDir dir;
  ServerProcess server;
  std::string token;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_query_past_its_time_is_given_up_with_twentys_error, BudgetFixture) {
  StartWith("200");
  HttpClient c(server.port(), token);
  c.SetTimeout(60000);
  const auto start = std::chrono::steady_clock::now();
  HttpResponse r = c.Post("/graphql", SlowQueryBody());
  const double ms = MsSince(start);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(r.body.find("Query read timeout") != std::string::npos, r.body);
  BOOST_TEST(r.body.find("INTERNAL_SERVER_ERROR") != std::string::npos, r.body);
  BOOST_TEST(r.body.find("totalCount") == std::string::npos, r.body);
  BOOST_TEST_MESSAGE("given up after " << ms << " ms (budget 200 ms)");
  // The connection and the server go on: a quick query still answers.
  HttpResponse quick = c.Post("/graphql", R"({"query":"{ people(first: 1) { totalCount } }"})");
  BOOST_TEST(quick.status == 200);
  BOOST_TEST(quick.body.find(R"("totalCount":400)") != std::string::npos, quick.body);
  HttpResponse rest = c.Get("/rest/people?limit=1");
  BOOST_TEST(rest.status == 200);
}

BOOST_FIXTURE_TEST_CASE(a_query_whose_client_left_stops_and_frees_its_thread, BudgetFixture) {
  StartWith("0");  // no deadline: only the client's departure stops it
  // How long the slow query takes when its client waits for it.
  HttpClient waiting(server.port(), token);
  waiting.SetTimeout(120000);
  auto start = std::chrono::steady_clock::now();
  HttpResponse full = waiting.Post("/graphql", SlowQueryBody());
  const double full_ms = MsSince(start);
  BOOST_TEST_REQUIRE(full.status == 200, full.body);
  BOOST_TEST_REQUIRE(full.body.find(R"("totalCount":0)") != std::string::npos, full.body);

  // While it runs, the only I/O thread still answers: the query computes
  // on the compute pool (server/costly_request.h).
  {
    HttpClient leaving(server.port(), token);
    const std::string body = SlowQueryBody();
    BOOST_TEST_REQUIRE(leaving.Send("POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    start = std::chrono::steady_clock::now();
    HttpClient health(server.port());
    HttpResponse h = health.Get("/healthz");
    const double health_ms = MsSince(start);
    BOOST_TEST(h.status == 200);
    BOOST_TEST(health_ms < full_ms / 2, "health " << health_ms << " ms beside a query of " << full_ms << " ms");
    BOOST_TEST_MESSAGE("full query " << full_ms << " ms; a health check beside it: " << health_ms << " ms");
  }  // the client hangs up
  // Given up: it ends (counted as 499, client closed request, on /graphql)
  // long before it would have.
  start = std::chrono::steady_clock::now();
  HttpClient metrics_client(server.port());
  bool ended = false;
  while (!ended && MsSince(start) < full_ms) {
    HttpResponse metrics = metrics_client.Get("/metrics");
    BOOST_TEST_REQUIRE(metrics.status == 200);
    ended = metrics.body.find("status=\"499\"") != std::string::npos;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const double stop_ms = MsSince(start);
  BOOST_TEST(ended, "the query was not given up");
  BOOST_TEST(stop_ms < full_ms / 2, "given up " << stop_ms << " ms after its client left; the query takes " << full_ms);
  BOOST_TEST_MESSAGE("given up " << stop_ms << " ms after its client left");
}

}  // namespace vingt::testutil

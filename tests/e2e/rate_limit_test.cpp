// End-to-end test of the opt-in rate limit (spec/auth-errors-limits.md §3.1).
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {

BOOST_AUTO_TEST_SUITE(rate_limit)

BOOST_AUTO_TEST_CASE(off_by_default) {
  TempDir dir;
  ServerProcess server;
  BOOST_REQUIRE(server.Start(dir.path()));
  HttpClient http(server.port(), server.initial_token());
  for (int i = 0; i < 150; ++i) BOOST_REQUIRE(http.Get("/rest/people?limit=1").status == 200);
  BOOST_CHECK(server.Stop() == 0);
}

BOOST_AUTO_TEST_CASE(buckets_answer_429_with_twentys_body) {
  TempDir dir;
  ServerProcess server;
  BOOST_REQUIRE(server.Start(dir.path(), {"--rate-limit-short", "5/60000", "--rate-limit-long", "1000/60000"}));
  HttpClient http(server.port(), server.initial_token());
  for (int i = 0; i < 5; ++i) BOOST_TEST(http.Get("/rest/people?limit=1").status == 200);
  HttpResponse refused = http.Get("/rest/people?limit=1");
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(RestErrorMismatch(refused, 429, "HttpException", "Limit reached (5 tokens per 60000 ms)").empty(),
             refused.body);
  // Writes are refused too and change nothing; health and key management are not counted.
  BOOST_TEST(http.Post("/rest/people", R"({"city":"x"})").status == 429);
  BOOST_TEST(http.Get("/healthz").status == 200);
  BOOST_TEST(http.Get("/rest/metadata/apiKeys").status == 200);
  BOOST_CHECK(server.Stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// GET /metrics end to end: who may read it (the admin token, or anyone with
// --metrics-public; never a workspace key; 404 when neither is set up),
// what it counts (routes by pattern, statuses, latency, records per
// object, WAL, snapshots, rate-limit rejections, webhook deliveries), that
// it never shows record contents, ids or keys, and that Prometheus' own
// parser (promtool check metrics) accepts it.
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"
#include "tests/testutil/webhook_receiver.h"

namespace vingt::testutil {
namespace {

constexpr const char* kAdmin = "metrics-admin-token-42";

// The value of the first sample whose line starts with `prefix` (name and
// labels as written), or -1.
double SampleValue(const std::string& text, const std::string& prefix) {
  size_t pos = 0;
  while ((pos = text.find(prefix, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      const size_t space = text.find(' ', pos + prefix.size());
      return std::stod(text.substr(space + 1, text.find('\n', space) - space - 1));
    }
    pos += prefix.size();
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(metrics_need_the_admin_token_and_never_a_workspace_key) {
  TempDir dir;
  {
    ServerProcess plain;
    BOOST_REQUIRE_MESSAGE(plain.Start(dir.path() + "/a"), plain.output());
    HttpClient key(plain.port(), plain.initial_token());
    BOOST_TEST(key.Get("/metrics").status == 404);  // no admin token: nobody reads them
    BOOST_TEST(plain.Stop() == 0);
  }
  {
    ServerProcess open;
    BOOST_REQUIRE_MESSAGE(open.Start(dir.path() + "/b", {"--metrics-public"}), open.output());
    HttpClient anyone(open.port());
    HttpResponse r = anyone.Get("/metrics");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("# TYPE vingt_http_requests_total counter") != std::string::npos);
    BOOST_TEST(open.Stop() == 0);
  }
  const std::string token_file = dir.path() + "/admin";
  std::ofstream(token_file) << kAdmin;
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path() + "/c", {"--admin-token-file", token_file}), server.output());
  BOOST_TEST(HttpClient(server.port()).Get("/metrics").status == 401);
  BOOST_TEST(HttpClient(server.port(), server.initial_token()).Get("/metrics").status == 401);
  HttpResponse r = HttpClient(server.port(), kAdmin).Get("/metrics");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(server.Stop() == 0);
}

BOOST_AUTO_TEST_CASE(metrics_count_what_the_server_does_and_promtool_accepts_them) {
  TempDir dir;
  WebhookReceiver receiver;
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--metrics-public", "--snapshot-wal-bytes", "1", "--rate-limit-short",
                                                  "7/600000", "--rate-limit-long", "1000/600000"}),
                        server.output());
  const std::string key = server.initial_token();
  HttpClient http(server.port(), key);
  HttpResponse hook = http.Post("/rest/metadata/webhooks",
                                R"({"targetUrl":")" + receiver.Url("/m") + R"(","operations":["person.created"]})");
  BOOST_TEST_REQUIRE(hook.status == 201, hook.body);
  // Record calls: 3 creates, 2 reads by id, 1 list, 1 unknown id; then 2
  // more are over the short bucket (7) and refused.
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    HttpResponse c = http.Post("/rest/people", R"({"city":"SecretCity)" + std::to_string(i) + R"("})");
    BOOST_TEST_REQUIRE(c.status == 201, c.body);
    ids.push_back(Json(c.body).Str("/data/createPerson/id"));
  }
  BOOST_TEST(http.Get("/rest/people/" + ids[0]).status == 200);
  BOOST_TEST(http.Get("/rest/people/" + ids[1]).status == 200);
  BOOST_TEST(http.Get("/rest/people").status == 200);
  BOOST_TEST(http.Get("/rest/people/00000000-0000-4000-8000-000000000000").status == 404);
  BOOST_TEST(http.Get("/rest/people").status == 429);
  BOOST_TEST(http.Get("/rest/people").status == 429);
  BOOST_TEST(http.Get("/definitely/not/a/route").status == 404);
  receiver.WaitFor(3);

  std::string text;
  for (int i = 0; i < 100; ++i) {  // until the background snapshot and the deliveries are counted
    text = HttpClient(server.port()).Get("/metrics").body;
    if (SampleValue(text, "vingt_snapshots_total") >= 1 &&
        SampleValue(text, "vingt_webhook_deliveries_total{result=\"delivered\"}") == 3)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto count = [&](const std::string& labels) { return SampleValue(text, "vingt_http_requests_total{" + labels + "}"); };
  BOOST_TEST(count(R"(route="/rest/:plural",method="POST",status="201")") == 3);
  BOOST_TEST(count(R"(route="/rest/:plural/:id",method="GET",status="200")") == 2);
  BOOST_TEST(count(R"(route="/rest/:plural/:id",method="GET",status="404")") == 1);
  BOOST_TEST(count(R"(route="/rest/:plural",method="GET",status="429")") == 2);
  BOOST_TEST(count(R"(route="unmatched",method="any",status="404")") == 1);
  BOOST_TEST(SampleValue(text, R"(vingt_http_request_duration_seconds_count{route="/rest/:plural",method="POST"})") == 3);
  BOOST_TEST(SampleValue(text, R"(vingt_http_request_duration_seconds_bucket{route="/rest/:plural",method="POST",le="+Inf"})") == 3);
  BOOST_TEST(SampleValue(text, "vingt_rate_limit_rejections_total") == 2);
  BOOST_TEST(SampleValue(text, "vingt_http_connections_open") >= 1);
  BOOST_TEST(SampleValue(text, "vingt_http_requests_in_flight") == 1);  // the scrape itself
  BOOST_TEST(SampleValue(text, "vingt_wal_bytes_written_total") > 1000);
  BOOST_TEST(SampleValue(text, "vingt_wal_fsync_duration_seconds_count") >= 3);
  BOOST_TEST(SampleValue(text, "vingt_wal_records_per_commit_count") >= 3);
  BOOST_TEST(SampleValue(text, "vingt_snapshots_total") >= 1);
  BOOST_TEST(SampleValue(text, "vingt_snapshot_age_seconds") >= 0);
  BOOST_TEST(SampleValue(text, "vingt_webhook_deliveries_total{result=\"delivered\"}") == 3);
  BOOST_TEST(SampleValue(text, "vingt_workspaces") == 1);
  BOOST_TEST(SampleValue(text, "process_resident_memory_bytes") > 1e6);
  BOOST_TEST(SampleValue(text, "vingt_uptime_seconds") >= 0);
  const std::regex people(R"(vingt_records\{workspace="[0-9a-f-]{36}",object="people"\} 3)");
  BOOST_TEST(std::regex_search(text, people), text);

  // Patterns, never contents: no record id, value or key.
  for (const std::string& id : ids) BOOST_TEST(text.find(id) == std::string::npos);
  BOOST_TEST(text.find("SecretCity") == std::string::npos);
  BOOST_TEST(text.find(key) == std::string::npos);
  BOOST_TEST(text.find("/definitely") == std::string::npos);

  // Prometheus' own parser and linter.
  const std::string file = dir.path() + "/metrics.txt";
  std::ofstream(file) << text;
  CommandResult promtool = RunCommand({"/bin/sh", "-c", "promtool check metrics < '" + file + "'"});
  BOOST_TEST(promtool.exit_code == 0, "promtool: " << promtool.out << promtool.err);
  BOOST_TEST(server.Stop() == 0);
}

// --no-metrics stops the per-request counting and nothing else; a
// connection over --max-connections is answered 503 and counted.
BOOST_AUTO_TEST_CASE(no_metrics_keeps_the_rest_and_refused_connections_are_counted) {
  TempDir dir;
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--metrics-public", "--no-metrics", "--max-connections", "1"}),
                        server.output());
  {
    HttpClient held(server.port(), server.initial_token());
    BOOST_TEST_REQUIRE(held.Get("/rest/people").status == 200);  // admitted, kept alive
    HttpClient refused(server.port());
    HttpResponse r = refused.Get("/metrics");
    BOOST_TEST(r.status == 503, r.status << " " << r.body << r.error);
  }
  std::string text;
  for (int i = 0; i < 100; ++i) {  // until the held connection's close is seen
    HttpResponse r = HttpClient(server.port()).Get("/metrics");
    if (r.status == 200) {
      text = r.body;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_TEST_REQUIRE(!text.empty());
  BOOST_TEST(SampleValue(text, "vingt_http_connections_refused_total") >= 1);
  BOOST_TEST(text.find("vingt_http_requests_total") == std::string::npos, text);
  BOOST_TEST(text.find("vingt_http_request_duration_seconds") == std::string::npos);
  BOOST_TEST(SampleValue(text, "vingt_wal_bytes_written_total") > 0);
  BOOST_TEST(SampleValue(text, "vingt_workspaces") == 1);
  BOOST_TEST(server.Stop() == 0);
}

}  // namespace vingt::testutil

// Webhook deliveries end to end (spec/auth-errors-limits.md §4.2–§4.4):
// record writes through both APIs reach loopback receivers with Twenty's
// body and signature; operations filter events with their wildcards;
// 5xx and unreachable receivers are retried, other 4xx not; a receiver
// that never answers does not hold up writes.
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"
#include "tests/testutil/reference_hmac.h"
#include "tests/testutil/webhook_receiver.h"

namespace vingt::testutil {
namespace {

// The server, with quick retries and a short receiver timeout.
struct DeliveryFixture {
  DeliveryFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--webhook-retry-ms", "50", "--webhook-timeout-ms", "300"}),
                          "server did not start:\n" << server.output());
    http = std::make_unique<HttpClient>(server.port(), server.initial_token());
  }
  ~DeliveryFixture() {
    http.reset();
    BOOST_CHECK(server.Stop() == 0);
  }
  std::string Webhook(const std::string& body) {
    HttpResponse r = http->Post("/rest/metadata/webhooks", body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Json(r.body).Str("/id");
  }
  std::string CreatePerson(const std::string& body) {
    HttpResponse r = http->Post("/rest/people", body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Json(r.body).Str("/data/createPerson/id");
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
  WebhookReceiver receiver;
};

std::multiset<std::string> EventsAt(const std::vector<WebhookReceiver::Request>& requests, const std::string& path) {
  std::multiset<std::string> out;
  for (const auto& r : requests)
    if (r.path == path) out.insert(Json(r.body).Str("/eventName"));
  return out;
}

std::string PeopleBatch(int n) {
  std::string body = "[";
  for (int i = 0; i < n; ++i) body += std::string(i ? "," : "") + R"({"city":"c)" + std::to_string(i) + R"("})";
  return body + "]";
}

std::set<std::string> DeliveryIds(const std::vector<WebhookReceiver::Request>& requests) {
  std::set<std::string> ids;
  for (const auto& r : requests) ids.insert(r.headers.at("x-vingt-delivery-id"));
  return ids;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhook_delivery, DeliveryFixture)

BOOST_AUTO_TEST_CASE(every_event_reaches_the_webhooks_whose_operations_match) {
  Webhook(R"({"targetUrl":")" + receiver.Url("/all") + R"("})");
  Webhook(R"({"targetUrl":")" + receiver.Url("/person-created") + R"(","operations":["person.created"]})");
  Webhook(R"({"targetUrl":")" + receiver.Url("/deleted") + R"(","operations":["*.deleted"]})");
  Webhook(R"({"targetUrl":")" + receiver.Url("/company") + R"(","operations":["company.*"]})");

  const std::string id = CreatePerson(R"({"name":{"firstName":"Ada"},"city":"London"})");
  BOOST_TEST(http->Patch("/rest/people/" + id, R"({"city":"Paris"})").status == 200);
  BOOST_TEST(http->Patch("/rest/people/" + id, R"({"city":"Paris"})").status == 200);  // changes nothing: no event
  BOOST_TEST(http->Delete("/rest/people/" + id + "?soft_delete=true").status == 200);
  BOOST_TEST(http->Patch("/rest/restore/people/" + id, "").status == 200);
  BOOST_TEST(http->Delete("/rest/people/" + id).status == 200);
  BOOST_TEST(http->Post("/rest/companies", R"({"name":"Acme"})").status == 201);
  // Through GraphQL too, and one event per record of a batch.
  HttpResponse g = http->Post("/graphql", R"({"query":"mutation { createPeople(data: [{city: \"A\"}, {city: \"B\"}]) { id } }"})");
  BOOST_TEST(g.status == 200, g.body);

  // all: 5 person events + company.created + 2 person.created; person-created: 3;
  // deleted: 1; company: 1.
  auto requests = receiver.WaitFor(5 + 1 + 2 + 3 + 1 + 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // nothing more arrives
  requests = receiver.requests();
  BOOST_TEST((EventsAt(requests, "/all") ==
              std::multiset<std::string>{"person.created", "person.updated", "person.deleted", "person.restored",
                                         "person.destroyed", "company.created", "person.created", "person.created"}));
  BOOST_TEST((EventsAt(requests, "/person-created") ==
              std::multiset<std::string>{"person.created", "person.created", "person.created"}));
  BOOST_TEST((EventsAt(requests, "/deleted") == std::multiset<std::string>{"person.deleted"}));
  BOOST_TEST((EventsAt(requests, "/company") == std::multiset<std::string>{"company.created"}));
}

// An upsert is the event of what it did: created, then updated.
BOOST_AUTO_TEST_CASE(an_upsert_is_created_or_updated) {
  Webhook(R"({"targetUrl":")" + receiver.Url("/upsert") + R"("})");
  const std::string id = "3f1c0d2e-7b4a-4c5d-9e6f-0a1b2c3d4e5f";
  HttpResponse first = http->Post("/rest/people?upsert=true", R"({"id":")" + id + R"(","city":"Rome"})");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  receiver.WaitFor(1);
  HttpResponse second = http->Post("/rest/people?upsert=true", R"({"id":")" + id + R"(","city":"Milan"})");
  BOOST_TEST_REQUIRE(second.status == 201, second.body);
  auto requests = receiver.WaitFor(2);
  BOOST_TEST_REQUIRE(requests.size() == 2u);
  BOOST_TEST(Json(requests[0].body).Str("/eventName") == "person.created");
  BOOST_TEST(Json(requests[1].body).Str("/eventName") == "person.updated");
  BOOST_TEST(Json(requests[1].body).Raw("/updatedFields") == R"(["city"])");
  BOOST_TEST(Json(requests[1].body).Str("/record/city") == "Milan");
}

BOOST_AUTO_TEST_CASE(body_and_signature_are_twentys) {
  const std::string webhook = Webhook(R"({"targetUrl":")" + receiver.Url("/hook?x=1") + R"(","secret":"s3cr3t"})");
  const std::string id = CreatePerson(R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London"})");
  BOOST_TEST(http->Patch("/rest/people/" + id, R"({"city":"Paris","jobTitle":"Engineer"})").status == 200);
  auto requests = receiver.WaitFor(2);
  BOOST_TEST_REQUIRE(requests.size() == 2u);
  for (const auto& r : requests) {
    BOOST_TEST(r.path == "/hook?x=1");
    BOOST_TEST(r.headers.at("content-type") == "application/json");
    const std::string ts = r.headers.at("x-twenty-webhook-timestamp");
    BOOST_TEST(r.headers.at("x-twenty-webhook-signature") == ReferenceHmacSha256Hex("s3cr3t", ts + ":" + r.body));
    BOOST_TEST(r.headers.at("x-twenty-webhook-nonce").size() == 32u);
    BOOST_TEST(r.headers.at("x-twenty-webhook-nonce") == r.headers.at("x-vingt-delivery-id"));
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    BOOST_TEST(std::abs(std::stoll(ts) - now) < 60000);
  }
  Json created(requests[0].body), updated(requests[1].body);
  if (created.Str("/eventName") != "person.created") std::swap(created, updated);
  BOOST_TEST(created.Keys("") == (std::vector<std::string>{"targetUrl", "eventName", "objectMetadata", "workspaceId",
                                                          "webhookId", "eventDate", "record"}));
  BOOST_TEST(updated.Keys("") == (std::vector<std::string>{"targetUrl", "eventName", "objectMetadata", "workspaceId",
                                                          "webhookId", "eventDate", "record", "updatedFields"}));
  BOOST_TEST(created.Str("/targetUrl") == receiver.Url("/hook?x=1"));
  BOOST_TEST(created.Str("/webhookId") == webhook);
  BOOST_TEST(created.Str("/objectMetadata/nameSingular") == "person");
  BOOST_TEST(created.Keys("/objectMetadata") == (std::vector<std::string>{"id", "nameSingular"}));
  BOOST_TEST(created.Str("/record/id") == id);
  BOOST_TEST(created.Str("/record/city") == "London");
  BOOST_TEST(updated.Str("/record/city") == "Paris");
  BOOST_TEST(updated.Raw("/updatedFields") == R"(["jobTitle","city"])");
  // The record is the one REST answers.
  Json rest(http->Get("/rest/people/" + id).body);
  BOOST_TEST(updated.Raw("/record/name") == rest.Raw("/data/person/name"));
  BOOST_TEST(created.Str("/workspaceId") == Json(http->Get("/rest/metadata/webhooks/" + webhook).body).Str("/workspaceId"));
}

BOOST_AUTO_TEST_CASE(server_errors_are_retried_client_errors_are_not) {
  Webhook(R"({"targetUrl":")" + receiver.Url("/retry") + R"(","operations":["person.created"]})");
  receiver.Script({500, 503, 200});
  CreatePerson(R"({"city":"One"})");
  auto requests = receiver.WaitFor(3);
  BOOST_TEST_REQUIRE(requests.size() == 3u);
  BOOST_TEST(requests[0].headers.at("x-vingt-delivery-id") == requests[2].headers.at("x-vingt-delivery-id"));
  BOOST_TEST(requests[0].body == requests[2].body);

  receiver.Script({400});
  CreatePerson(R"({"city":"Two"})");
  requests = receiver.WaitFor(4);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // past any retry
  BOOST_TEST(receiver.requests().size() == 4u);

  // Four attempts in all, then the delivery is given up.
  receiver.Script({500, 500, 500, 500, 500});
  CreatePerson(R"({"city":"Three"})");
  receiver.WaitFor(8);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  BOOST_TEST(receiver.requests().size() == 8u);
}

// 150 events at once: a backlog, which goes out pipelined on at most 8
// kept-alive connections, each delivery once.
BOOST_AUTO_TEST_CASE(a_backlog_goes_out_pipelined_on_kept_alive_connections) {
  receiver.KeepAlive(true);
  Webhook(R"({"targetUrl":")" + receiver.Url("/alive") + R"(","operations":["person.created"]})");
  BOOST_TEST_REQUIRE(http->Post("/rest/batch/people", PeopleBatch(150)).status == 201);
  auto requests = receiver.WaitFor(150);
  BOOST_TEST_REQUIRE(requests.size() == 150u);
  BOOST_TEST(DeliveryIds(requests).size() == 150u);
  BOOST_TEST(receiver.connections() <= 8u);
  BOOST_TEST(receiver.max_pipelined() >= 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  BOOST_TEST(receiver.requests().size() == 150u);  // nothing twice
}

// A receiver that closes every connection after one answer never gets two
// requests on one connection, and still gets every delivery once.
BOOST_AUTO_TEST_CASE(a_receiver_without_keep_alive_gets_one_request_per_connection) {
  Webhook(R"({"targetUrl":")" + receiver.Url("/close") + R"(","operations":["person.created"]})");
  BOOST_TEST_REQUIRE(http->Post("/rest/batch/people", PeopleBatch(60)).status == 201);
  auto requests = receiver.WaitFor(60);
  BOOST_TEST_REQUIRE(requests.size() == 60u);
  BOOST_TEST(DeliveryIds(requests).size() == 60u);
  BOOST_TEST(receiver.connections() == 60u);
  BOOST_TEST(receiver.max_pipelined() == 1u);
}

// A batch whose receiver never answers: the whole batch fails with the one
// request sent and is tried again together, so 20 deliveries end (4
// attempts of 300 ms each) in about the time of one, not one after another.
BOOST_AUTO_TEST_CASE(a_batch_to_a_dead_receiver_fails_together) {
  receiver.Hang(true);
  const std::string hook = Webhook(R"({"targetUrl":")" + receiver.Url("/dead") + R"(","operations":["person.created"]})");
  BOOST_TEST_REQUIRE(http->Post("/rest/batch/people", PeopleBatch(20)).status == 201);
  size_t finals = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(6);
  while (finals < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    Json log(http->Get("/rest/metadata/webhooks/" + hook + "/deliveries").body);
    finals = 0;
    for (size_t i = 0; i < log.Size(""); ++i) {
      const std::string at = "/" + std::to_string(i);
      if (log.Bool(at + "/final") == 1) {
        ++finals;
        BOOST_TEST(log.Int(at + "/attempt") == 4);
        BOOST_TEST(log.Str(at + "/error") == "timeout");
      }
    }
  }
  BOOST_TEST(finals == 20u);
}

BOOST_AUTO_TEST_CASE(a_receiver_that_never_answers_does_not_hold_up_writes) {
  Webhook(R"({"targetUrl":")" + receiver.Url("/hang") + R"("})");
  receiver.Hang(true);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) CreatePerson(R"({"city":"x"})");
  const auto took = std::chrono::steady_clock::now() - start;
  // 50 writes while every delivery waits out its timeout (300 ms, 4 attempts).
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 5000);
  BOOST_TEST(http->Get("/rest/people?limit=1").status == 200);
}

// A write acknowledged before its delivery ran, then SIGKILL: the delivery
// (logged with the write) goes out after the restart, with the same id; a
// delivery done before a clean restart is not sent again.
BOOST_AUTO_TEST_CASE(deliveries_survive_sigkill_and_are_not_repeated_after_a_clean_stop) {
  const std::string token = server.initial_token();
  Webhook(R"({"targetUrl":")" + receiver.Url("/durable") + R"(","operations":["person.created"]})");
  receiver.Hang(true);  // the first attempt never gets an answer
  const std::string id = CreatePerson(R"({"city":"Kept"})");
  receiver.WaitFor(1);
  http.reset();
  server.Kill(SIGKILL);
  BOOST_TEST(server.Wait(10000) == 128 + SIGKILL);
  receiver.Hang(false);
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--webhook-retry-ms", "50", "--webhook-timeout-ms", "300"}),
                        server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  auto requests = receiver.WaitFor(2);
  BOOST_TEST_REQUIRE(requests.size() >= 2u);
  BOOST_TEST(Json(requests.back().body).Str("/record/id") == id);
  BOOST_TEST(requests.back().headers.at("x-vingt-delivery-id") == requests.front().headers.at("x-vingt-delivery-id"));

  // Delivered (answered 200): a clean restart sends nothing again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const size_t seen = receiver.requests().size();
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  BOOST_REQUIRE(server.Start(dir.path(), {"--webhook-retry-ms", "50"}));
  http = std::make_unique<HttpClient>(server.port(), token);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  BOOST_TEST(receiver.requests().size() == seen);
}

// The delivery log (vingt extension): each attempt, newest first.
BOOST_AUTO_TEST_CASE(the_delivery_log_shows_each_attempt) {
  const std::string webhook =
      Webhook(R"({"targetUrl":")" + receiver.Url("/logged") + R"(","operations":["person.created"]})");
  receiver.Script({503, 200});
  CreatePerson(R"({"city":"Logged"})");
  receiver.WaitFor(2);
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text = http->Get("/rest/metadata/webhooks/" + webhook + "/deliveries").body;
    if (Json(text).Size("") == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Json log(text);
  BOOST_TEST_REQUIRE(log.Size("") == 2, log.text());
  BOOST_TEST(log.Keys("/0") == (std::vector<std::string>{"deliveryId", "eventName", "attempt", "final", "status",
                                                         "error", "durationMs", "at"}));
  BOOST_TEST(log.Int("/0/attempt") == 2);
  BOOST_TEST(log.Bool("/0/final"));
  BOOST_TEST(log.Int("/0/status") == 200);
  BOOST_TEST(log.Int("/1/status") == 503);
  BOOST_TEST(!log.Bool("/1/final"));
  BOOST_TEST(log.Str("/1/eventName") == "person.created");
  BOOST_TEST(log.Str("/0/deliveryId") == log.Str("/1/deliveryId"));
  BOOST_TEST(http->Get("/rest/metadata/webhooks/00000000-0000-4000-8000-000000000000/deliveries").status == 404);
}

// https:// receivers: the certificate is verified against the system store
// plus --webhook-ca-file (a test CA here) and must name the host.
BOOST_AUTO_TEST_CASE(https_receivers_are_verified) {
  TempDir tls;
  const std::string d = tls.path();
  const std::string make =
      "cd '" + d + "' && "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem "
      "-days 2 -subj /CN=vingt-test-ca >/dev/null 2>&1 && "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout srv.key -out srv.csr "
      "-subj /CN=127.0.0.1 >/dev/null 2>&1 && "
      "printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf && "
      "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 "
      "-extfile ext.cnf >/dev/null 2>&1";
  BOOST_TEST_REQUIRE(std::system(make.c_str()) == 0);
  const std::string script = std::string(VINGT_SOURCE_DIR) + "/tests/e2e/tls_receiver.py";
  const std::string start = "python3 '" + script + "' '" + d + "/port' '" + d + "/log' '" + d + "/srv.pem' '" + d +
                            "/srv.key' >/dev/null 2>&1 & echo $! > '" + d + "/pid'";
  BOOST_TEST_REQUIRE(std::system(start.c_str()) == 0);
  auto read_file = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string port;
  for (int i = 0; i < 200 && port.empty(); ++i) {
    port = read_file(d + "/port");
    if (port.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  BOOST_TEST_REQUIRE(!port.empty());

  // The server trusts the test CA.
  http.reset();
  BOOST_TEST_REQUIRE(server.Stop() == 0);
  const std::string token = server.initial_token();
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--webhook-retry-ms", "20", "--webhook-timeout-ms", "2000",
                                                  "--webhook-ca-file", d + "/ca.pem"}),
                        server.output());
  http = std::make_unique<HttpClient>(server.port(), token);
  Webhook(R"({"targetUrl":"https://127.0.0.1:)" + port + R"(/tls","secret":"tls-secret","operations":["person.created"]})");
  // A name the certificate does not carry: refused.
  const std::string wrong =
      Webhook(R"({"targetUrl":"https://localhost:)" + port + R"(/wrong","operations":["person.created"]})");
  const std::string id = CreatePerson(R"({"city":"Secure"})");

  std::string log;
  for (int i = 0; i < 400 && log.empty(); ++i) {
    log = read_file(d + "/log");
    if (log.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string final_error;
  for (int i = 0; i < 400 && final_error.empty(); ++i) {
    Json attempts(http->Get("/rest/metadata/webhooks/" + wrong + "/deliveries").body);
    if (attempts.Size("") > 0 && attempts.Bool("/0/final")) final_error = attempts.Str("/0/error");
    else std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::system(("kill $(cat '" + d + "/pid')").c_str());

  BOOST_TEST_REQUIRE(!log.empty());
  Json line(log.substr(0, log.find('\n')));
  BOOST_TEST(line.Str("/path") == "/tls");
  const std::string body = line.Str("/body");
  BOOST_TEST(Json(body).Str("/record/id") == id);
  const std::string ts = line.Str("/headers/x-twenty-webhook-timestamp");
  BOOST_TEST(line.Str("/headers/x-twenty-webhook-signature") == ReferenceHmacSha256Hex("tls-secret", ts + ":" + body));
  BOOST_TEST(log.find("/wrong") == std::string::npos);  // never reached the receiver's handler
  BOOST_TEST(final_error.find("certificate verify failed") != std::string::npos, final_error);
}

BOOST_AUTO_TEST_SUITE_END()

// A full queue drops its oldest deliveries, logged, without holding up the
// writes: one connection, one delivery at a time, 5 waiting at most, and a
// receiver that never answers.
BOOST_AUTO_TEST_CASE(a_full_queue_drops_the_oldest_deliveries) {
  TempDir dir;
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), {"--webhook-queue-limit", "5", "--webhook-concurrency", "1",
                                                  "--webhook-pipeline", "1", "--webhook-timeout-ms", "2000"}),
                        "server did not start:\n" << server.output());
  HttpClient http(server.port(), server.initial_token());
  WebhookReceiver receiver;
  receiver.Hang(true);
  HttpResponse hook = http.Post("/rest/metadata/webhooks",
                                R"({"targetUrl":")" + receiver.Url("/full") + R"(","operations":["person.created"]})");
  BOOST_TEST_REQUIRE(hook.status == 201, hook.body);
  const std::string id = Json(hook.body).Str("/id");
  BOOST_TEST_REQUIRE(http.Post("/rest/batch/people", PeopleBatch(40)).status == 201);
  BOOST_TEST(http.Post("/rest/people", R"({"city":"after"})").status == 201);

  // 41 events: one in flight, the last 5 waiting, the other 35 dropped.
  Json log(http.Get("/rest/metadata/webhooks/" + id + "/deliveries").body);
  size_t dropped = 0;
  for (size_t i = 0; i < log.Size(""); ++i) {
    const std::string at = "/" + std::to_string(i);
    if (log.Str(at + "/error") == "dropped: queue full") {
      ++dropped;
      BOOST_TEST(log.Bool(at + "/final") == 1);
    }
  }
  BOOST_TEST(dropped == 35u);
  BOOST_TEST(server.output().find("queue full") != std::string::npos, server.output());
  BOOST_TEST(receiver.WaitFor(1).size() == 1u);
  BOOST_CHECK(server.Stop() == 0);
}

}  // namespace vingt::testutil

// Fuzz target: the whole API as a client reaches it (server/route_table.h):
// raw HTTP bytes through the request parser, then the route table and
// every handler behind it: REST records (filters, order_by, cursors,
// depth, batch, groupBy, duplicates, merge, restore), metadata REST,
// /graphql and /metadata, OpenAPI, webhooks, admin routes (the admin token
// is fuzz::kAdminToken) and health, on a workspace with the custom object
// "pet" (in_process_server.h).
//
// A request without an Authorization header is sent with the workspace's
// key. Properties: every request is answered; no answer is a 500 (no
// storage fault is injected here, so a 500 is a bug, not bad input); an
// answer that says it is JSON is valid JSON.
//
// State carries over between inputs (records made by one are seen by the
// next), as on a real server; the server is made afresh every 1,000 inputs,
// or when an input deleted its workspace.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "protocol/http_parser.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

namespace {

std::unique_ptr<fuzz::InProcessServer> server;
size_t inputs_since_start = 0;

fuzz::InProcessServer& Server() {
  if (!server || ++inputs_since_start > 1000 || !server->WorkspaceAlive()) {
    server.reset();
    server = std::make_unique<fuzz::InProcessServer>();
    inputs_since_start = 0;
  }
  return *server;
}

void CheckAnswer(const protocol::HttpRequest& request, const protocol::HttpResponse& answer) {
  const std::string what = request.method + " " + request.target + " -> " + std::to_string(answer.status) + " " +
                           answer.body.substr(0, 2000);
  FUZZ_CHECK(answer.status >= 200 && answer.status < 600, what);
  FUZZ_CHECK(answer.status != 500, what);
  if (answer.content_type.starts_with("application/json") && !answer.body.empty()) {
    simdjson::dom::parser parser;
    simdjson::dom::element ignored;
    FUZZ_CHECK(parser.parse(answer.body).get(ignored) == simdjson::SUCCESS, "invalid JSON: " + what);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InProcessServer& s = Server();
  protocol::HttpParser parser(protocol::HttpParser::Limits{});
  const char* at = reinterpret_cast<const char*>(data);
  size_t left = size;
  while (left > 0) {
    protocol::HttpParser::FeedResult r = parser.Feed(at, left);
    at += r.consumed;
    left -= r.consumed;
    if (r.state != protocol::HttpParser::State::kRequestReady) break;
    protocol::HttpRequest request = parser.TakeRequest();
    protocol::HttpRequest copy = request;
    copy.body.clear();
    CheckAnswer(copy, s.Handle(std::move(request)));
    if (!s.WorkspaceAlive()) break;
  }
  return 0;
}

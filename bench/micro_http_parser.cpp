// Micro-benchmark: HttpParser on a realistic API GET (8 headers), the way a
// keep-alive connection uses it: one parser, Feed, TakeRequest, repeat.
//
//   bench_micro_http_parser [requests]      (default 1000000)
//
// Prints one JSON line, e.g.
//   {"bench":"http_parse","requests":1000000,"bytes_per_request":402,
//    "ns_per_request":310.2,"mb_per_s":1296.1,"optimized":true,"asserts":false}
#include "bench/build_flags.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "protocol/http_parser.h"

namespace {

using vingt::protocol::HttpParser;

constexpr const char* kRequest =
    "GET /rest/people?limit=60&order_by=createdAt%5BDescNullsLast%5D&filter=city%5Beq%5D%3AParis HTTP/1.1\r\n"
    "Host: api.example.com\r\n"
    "User-Agent: twenty-sdk/1.4.0 node/20.11.1\r\n"
    "Accept: application/json\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Authorization: Bearer 3f9a0c2d7b1e4f6a8c5d2e9b0a7f3c1d6e8b4a2f0c9d7e5b3a1f8c6d4e2b0a9f\r\n"
    "Connection: keep-alive\r\n"
    "X-Request-Id: 7c2e9a4b-1f3d-4e8a-9b6c-2d5f8e1a3c7b\r\n"
    "Cache-Control: no-cache\r\n"
    "\r\n";

// Parses `count` requests; returns a value derived from every request so
// the work cannot be optimized away.
std::size_t ParseMany(HttpParser& parser, const std::string& request, long count) {
  std::size_t sink = 0;
  for (long i = 0; i < count; ++i) {
    HttpParser::FeedResult result = parser.Feed(request.data(), request.size());
    if (result.state != HttpParser::State::kRequestReady) {
      std::fprintf(stderr, "unexpected parser state (status %d: %.*s)\n", result.status,
                   static_cast<int>(result.reason.size()), result.reason.data());
      std::exit(1);
    }
    vingt::protocol::HttpRequest parsed = parser.TakeRequest();
    sink += parsed.path.size() + parsed.headers.size();
  }
  return sink;
}

}  // namespace

int main(int argc, char** argv) {
  long requests = argc > 1 ? std::atol(argv[1]) : 1000000;
  if (requests <= 0) requests = 1000000;
  vingt::bench::WarnAboutBuild();
  using vingt::bench::kAsserts;
  using vingt::bench::kOptimized;

  const std::string request = kRequest;
  HttpParser parser(HttpParser::Limits{});
  std::size_t sink = ParseMany(parser, request, requests / 10 + 1);  // warm-up

  auto start = std::chrono::steady_clock::now();
  sink += ParseMany(parser, request, requests);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  double ns_per_request = seconds * 1e9 / static_cast<double>(requests);
  double mb_per_s = static_cast<double>(request.size()) * static_cast<double>(requests) / seconds / 1e6;
  std::printf(
      "{\"bench\":\"http_parse\",\"requests\":%ld,\"bytes_per_request\":%zu,\"ns_per_request\":%.1f,"
      "\"mb_per_s\":%.1f,\"cpus\":%u,\"optimized\":%s,\"asserts\":%s,\"sink\":%zu}\n",
      requests, request.size(), ns_per_request, mb_per_s, std::thread::hardware_concurrency(),
      kOptimized ? "true" : "false", kAsserts ? "true" : "false", sink);
  return 0;
}

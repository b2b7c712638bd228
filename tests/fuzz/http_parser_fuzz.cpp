// Fuzz target: the HTTP/1.x request parser (protocol/http_parser.h).
//
// The input is the bytes a client sends on one connection. They are parsed
// twice: in one Feed, and in pieces of sizes drawn from the input's hash,
// as a socket may deliver them. Both must give the same requests (method,
// target, path, query, headers, body, keep-alive, version) and the same
// final error, and every Feed must keep its contract: kNeedMore consumes
// everything given, kRequestReady and kError consume no more than given,
// and a request's body keeps simdjson's padding.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/http_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using vingt::protocol::HttpParser;
using vingt::protocol::HttpRequest;

std::string Describe(const HttpRequest& r) {
  std::string out = r.method + ' ' + r.target + " path=" + r.path + " query=" + r.query + " v" +
                    std::to_string(r.http_major) + '.' + std::to_string(r.http_minor) +
                    (r.keep_alive ? " keep-alive" : " close") + '\n';
  for (const auto& [name, value] : r.headers) out += name + ": " + value + '\n';
  out += "body(" + std::to_string(r.body.size()) + ")=" + r.body;
  return out;
}

// What the parser made of the stream: one line per request, then the error.
std::vector<std::string> Parse(std::string_view bytes, const std::vector<size_t>& pieces) {
  HttpParser parser(HttpParser::Limits{.max_header_bytes = 2048, .max_body_bytes = 8192});
  std::vector<std::string> events;
  size_t at = 0;
  for (size_t piece : pieces) {
    size_t end = std::min(bytes.size(), at + piece);
    while (at < end) {
      const size_t given = end - at;
      HttpParser::FeedResult r = parser.Feed(bytes.data() + at, given);
      FUZZ_CHECK(r.consumed <= given, "consumed more than given");
      at += r.consumed;
      if (r.state == HttpParser::State::kNeedMore) {
        FUZZ_CHECK(r.consumed == given, "kNeedMore left bytes unconsumed");
      } else if (r.state == HttpParser::State::kRequestReady) {
        HttpRequest request = parser.TakeRequest();
        FUZZ_CHECK(request.body.capacity() >= request.body.size() + vingt::protocol::kBodyPadding, "body padding");
        events.push_back(Describe(request));
      } else {
        FUZZ_CHECK(r.status >= 400 && r.status < 600, "error status " + std::to_string(r.status));
        FUZZ_CHECK(!r.reason.empty(), "error without a reason");
        events.push_back("error " + std::to_string(r.status));
        return events;
      }
    }
    if (at >= bytes.size()) break;
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> whole = Parse(bytes, {size});

  uint64_t state = 0x9e3779b97f4a7c15ull ^ size;
  for (size_t i = 0; i < size; ++i) state = (state ^ data[i]) * 0x100000001b3ull;
  std::vector<size_t> pieces;
  for (size_t total = 0; total < size;) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    size_t piece = 1 + state % ((state >> 32) % 3 == 0 ? 3 : 64);
    pieces.push_back(piece);
    total += piece;
  }
  const std::vector<std::string> split = Parse(bytes, pieces);
  if (whole != split) {
    std::string diff;
    for (size_t i = 0; i < std::max(whole.size(), split.size()); ++i) {
      diff += "\n#" + std::to_string(i) + " in one piece: " + (i < whole.size() ? whole[i] : "(none)");
      diff += "\n#" + std::to_string(i) + " in " + std::to_string(pieces.size()) + " pieces: " + (i < split.size() ? split[i] : "(none)");
    }
    FUZZ_CHECK(whole == split, "the pieces changed the parse:" + diff);
  }
  return 0;
}

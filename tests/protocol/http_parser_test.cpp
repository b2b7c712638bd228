#include "protocol/http_parser.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

namespace bdata = boost::unit_test::data;
using State = HttpParser::State;

struct Outcome {
  std::vector<HttpRequest> requests;
  int error_status = 0;  // 0: no error
  std::string error_reason;
  std::size_t consumed = 0;  // total bytes consumed
  bool in_message = false;   // parser state after the last byte
};

// Feeds `bytes` to a fresh parser in pieces of `piece` bytes (0: all at
// once), the way a connection does: after each ready request, the rest of
// the current piece is fed again.
Outcome FeedInPieces(std::string_view bytes, std::size_t piece = 0, HttpParser::Limits limits = {}) {
  HttpParser parser(limits);
  Outcome outcome;
  if (piece == 0) piece = bytes.size() == 0 ? 1 : bytes.size();
  for (std::size_t start = 0; start < bytes.size() && outcome.error_status == 0; start += piece) {
    std::string_view chunk = bytes.substr(start, piece);
    while (true) {
      HttpParser::FeedResult r = parser.Feed(chunk.data(), chunk.size());
      BOOST_TEST_REQUIRE(r.consumed <= chunk.size());
      chunk.remove_prefix(r.consumed);
      outcome.consumed += r.consumed;
      if (r.state == State::kRequestReady) {
        outcome.requests.push_back(parser.TakeRequest());
        continue;
      }
      if (r.state == State::kError) {
        outcome.error_status = r.status;
        outcome.error_reason = std::string(r.reason);
      } else {
        BOOST_TEST(chunk.empty());
      }
      break;
    }
  }
  outcome.in_message = parser.InMessage();
  return outcome;
}

const std::string kSimpleGet =
    "GET /rest/people?limit=2&order_by=name HTTP/1.1\r\n"
    "Host: localhost:3000\r\n"
    "Authorization: Bearer abc\r\n"
    "X-Mixed-Case: Value With Spaces  \r\n"
    "\r\n";

const std::string kPostWithBody =
    "POST /rest/people HTTP/1.1\r\n"
    "Host: localhost\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 28\r\n"
    "\r\n"
    "{\"name\":{\"firstName\":\"Ann\"}}";

const std::string kChunkedPost =
    "POST /graphql HTTP/1.1\r\n"
    "Host: localhost\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n"
    "5\r\nhello\r\n"
    "7;ext=1\r\n, world\r\n"
    "0\r\n"
    "\r\n";

void CheckSimpleGet(const HttpRequest& r) {
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(r.target == "/rest/people?limit=2&order_by=name");
  BOOST_TEST(r.path == "/rest/people");
  BOOST_TEST(r.query == "limit=2&order_by=name");
  BOOST_TEST(r.Header("host") == "localhost:3000");
  BOOST_TEST(r.Header("authorization") == "Bearer abc");
  BOOST_TEST(r.Header("x-mixed-case") == "Value With Spaces");
  BOOST_TEST(r.Header("absent") == "");
  BOOST_TEST(r.headers.size() == 3u);
  BOOST_TEST(r.body.empty());
  BOOST_TEST(r.keep_alive);
  BOOST_TEST(r.http_major == 1);
  BOOST_TEST(r.http_minor == 1);
}

void CheckPost(const HttpRequest& r) {
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(r.path == "/rest/people");
  BOOST_TEST(r.query == "");
  BOOST_TEST(r.body == "{\"name\":{\"firstName\":\"Ann\"}}");
  BOOST_TEST(r.body.capacity() >= r.body.size() + kBodyPadding);
  BOOST_TEST(r.Header("content-type") == "application/json");
}

BOOST_AUTO_TEST_CASE(SimpleGet) {
  Outcome o = FeedInPieces(kSimpleGet);
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  CheckSimpleGet(o.requests[0]);
  BOOST_TEST(o.consumed == kSimpleGet.size());
  BOOST_TEST(!o.in_message);
}

BOOST_AUTO_TEST_CASE(PostWithBody) {
  Outcome o = FeedInPieces(kPostWithBody);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  CheckPost(o.requests[0]);
}

BOOST_AUTO_TEST_CASE(ChunkedBody) {
  Outcome o = FeedInPieces(kChunkedPost);
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(o.requests[0].body == "hello, world");
  BOOST_TEST(o.requests[0].body.capacity() >= o.requests[0].body.size() + kBodyPadding);
}

// Every split of the input must give the same requests.
const std::size_t kPieceSizes[] = {1, 2, 3, 7, 16, 0};

BOOST_DATA_TEST_CASE(SameResultWhateverThePieces, bdata::make(kPieceSizes), piece) {
  std::string all = kSimpleGet + kPostWithBody + kChunkedPost;
  Outcome o = FeedInPieces(all, piece);
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST_REQUIRE(o.requests.size() == 3u);
  CheckSimpleGet(o.requests[0]);
  CheckPost(o.requests[1]);
  BOOST_TEST(o.requests[2].body == "hello, world");
  BOOST_TEST(o.consumed == all.size());
}

BOOST_AUTO_TEST_CASE(PartialRequestNeedsMore) {
  std::string partial = kPostWithBody.substr(0, kPostWithBody.size() - 5);
  Outcome o = FeedInPieces(partial);
  BOOST_TEST(o.requests.empty());
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST(o.in_message);
  BOOST_TEST(o.consumed == partial.size());
}

BOOST_AUTO_TEST_CASE(PipelinedStopsAtEachMessage) {
  std::string two = kSimpleGet + kPostWithBody;
  HttpParser parser({});
  HttpParser::FeedResult r = parser.Feed(two.data(), two.size());
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(r.consumed == kSimpleGet.size());
  CheckSimpleGet(parser.TakeRequest());
  r = parser.Feed(two.data() + r.consumed, two.size() - r.consumed);
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(r.consumed == kPostWithBody.size());
  CheckPost(parser.TakeRequest());
  r = parser.Feed(nullptr, 0);
  BOOST_TEST((r.state == State::kNeedMore));
}

const int kPipelineDepths[] = {2, 3, 10};

BOOST_DATA_TEST_CASE(PipelinedInOneBuffer, bdata::make(kPipelineDepths), depth) {
  std::string all;
  for (int i = 0; i < depth; ++i) {
    std::string body = "body" + std::to_string(i);
    all += "PUT /r/" + std::to_string(i) + " HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  }
  Outcome o = FeedInPieces(all);
  BOOST_TEST_REQUIRE(o.requests.size() == static_cast<std::size_t>(depth));
  for (int i = 0; i < depth; ++i) {
    BOOST_TEST(o.requests[i].path == "/r/" + std::to_string(i));
    BOOST_TEST(o.requests[i].body == "body" + std::to_string(i));
  }
}

struct ErrorCase {
  std::string name;
  std::string bytes;
  int status;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

std::string ManyHeaders(int count, std::size_t value_size) {
  std::string s = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < count; ++i) {
    s += "X-Header-" + std::to_string(i) + ": " + std::string(value_size, 'v') + "\r\n";
  }
  return s + "\r\n";
}

const ErrorCase kErrorCases[] = {
    {"not_http", "HELLO\r\n\r\n", 400},
    {"unknown_method", "FETCH / HTTP/1.1\r\n\r\n", 400},
    {"space_in_header_name", "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 400},
    {"control_char_in_value", std::string("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n"), 400},
    {"no_colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400},
    {"bad_version", "GET / HTTP/x.1\r\n\r\n", 400},
    {"alpha_content_length", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400},
    {"negative_content_length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
    {"two_content_lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
    {"length_and_chunked",
     "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
    {"bad_chunk_size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
    {"bad_escape_in_path", "GET /a%zz HTTP/1.1\r\n\r\n", 400},
    {"gzip_only", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
    {"gzip_then_chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501},
    {"http2_version", "GET / HTTP/2.0\r\n\r\n", 505},
    {"too_many_headers", ManyHeaders(200, 100), 431},
    {"one_huge_header", "GET / HTTP/1.1\r\nCookie: " + std::string(20000, 'c') + "\r\n\r\n", 431},
    {"huge_url", "GET /" + std::string(20000, 'u') + " HTTP/1.1\r\n\r\n", 431},
    // obs-fold, which llhttp 8 would join to the line before.
    {"folded_authorization", "GET / HTTP/1.1\r\nAuthorization: Bearer\r\n abc\r\n\r\n", 400},
    {"folded_with_tab", "GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n", 400},
    {"folded_content_length", "POST / HTTP/1.1\r\nContent-Length:\r\n 3\r\n\r\nabc", 400},
    {"space_before_first_header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400},
    {"folded_after_blank_lines", "\r\n\r\nGET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", 400},
    // A CR with no LF after it: llhttp 8 ended the first header section
    // there, and read the line after it as a second request (found by
    // tests/fuzz/http_parser_fuzz.cpp).
    {"cr_without_lf_ends_nothing", "GET /a HTTP/1.1\r\nA: \r\xb8\r\nGET /x HTTP/1.1\r\n\r\n", 400},
    {"cr_without_lf_between_headers", "GET /a HTTP/1.1\r\nA: \r\rB: 1\r\n\r\n", 400},
    {"cr_without_lf_in_a_value", "GET /a HTTP/1.1\r\nA: b\rc\r\n\r\n", 400},
    // A bare LF ends no line, after the request line or a header.
    {"bare_lf_after_request_line", "GET /a HTTP/1.1\nHost: a\r\n\r\n", 400},
    {"bare_lf_after_a_header", "GET /a HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400},
    {"bare_lf_ends_the_headers", "GET /a HTTP/1.1\r\nHost: a\r\n\n", 400},
    {"bare_lf_smuggles_a_request", "POST /a HTTP/1.1\nContent-Length: 0\n\nGET /b HTTP/1.1\r\n\r\n", 400},
    {"content_length_over_limit", "POST / HTTP/1.1\r\nContent-Length: 10485761\r\n\r\n", 413},
    {"chunked_over_limit",
     "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string("A00000\r\n") +
         std::string(0xA00000, 'x') + "\r\n1\r\ny\r\n0\r\n\r\n",
     413},
};

BOOST_DATA_TEST_CASE(Errors, bdata::make(kErrorCases), c) {
  for (std::size_t piece : {std::size_t{0}, std::size_t{1}}) {
    if (piece == 1 && c.bytes.size() > 100000) continue;  // Byte-at-a-time is slow on 10 MiB.
    Outcome o = FeedInPieces(c.bytes, piece);
    BOOST_TEST(o.error_status == c.status, c.name << " piece=" << piece << " reason=" << o.error_reason);
    BOOST_TEST(!o.error_reason.empty());
    BOOST_TEST(o.requests.empty());
  }
}

// The obs-fold scan stops at the end of the header section: a body, and the
// next pipelined request after it, may hold "\r\n " freely.
BOOST_AUTO_TEST_CASE(LinesStartingWithSpaceInBodiesAreFine) {
  const std::string body = "a\r\n b\r\n\tc";
  const std::string post = "POST /x HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    Outcome o = FeedInPieces(post + post + kSimpleGet, piece);
    BOOST_TEST_REQUIRE(o.error_status == 0, o.error_reason);
    BOOST_TEST_REQUIRE(o.requests.size() == 3u);
    BOOST_TEST(o.requests[1].body == body);
    CheckSimpleGet(o.requests[2]);
  }
  // ...and the scan starts again with the next request's headers.
  for (std::size_t piece : {std::size_t{0}, std::size_t{1}}) {
    Outcome o = FeedInPieces(post + "GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", piece);
    BOOST_TEST(o.requests.size() == 1u);
    BOOST_TEST(o.error_status == 400);
  }
}

BOOST_AUTO_TEST_CASE(HeadersJustUnderTheLimitPass) {
  HttpParser::Limits limits;
  limits.max_header_bytes = 1024;
  std::string ok = ManyHeaders(10, 80);  // 10 * (11 + 80 + 4) = 950 + target
  Outcome o = FeedInPieces(ok, 0, limits);
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST(o.requests.size() == 1u);
  o = FeedInPieces(ManyHeaders(11, 80), 0, limits);
  BOOST_TEST(o.error_status == 431);
}

BOOST_AUTO_TEST_CASE(ContentLengthOverLimitFailsBeforeBody) {
  HttpParser::Limits limits;
  limits.max_body_bytes = 100;
  std::string head = "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n";
  HttpParser parser(limits);
  // The head alone is enough: no need to wait for (or buffer) the body.
  HttpParser::FeedResult r = parser.Feed(head.data(), head.size());
  BOOST_TEST((r.state == State::kError));
  BOOST_TEST(r.status == 413);
  // The error sticks.
  r = parser.Feed("x", 1);
  BOOST_TEST((r.state == State::kError));
  BOOST_TEST(r.status == 413);
  BOOST_TEST(r.consumed == 0u);
  // Reset brings the parser back.
  parser.Reset();
  std::string get = "GET /ok HTTP/1.1\r\n\r\n";
  r = parser.Feed(get.data(), get.size());
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(parser.TakeRequest().path == "/ok");
}

BOOST_AUTO_TEST_CASE(BodyExactlyAtLimitPasses) {
  HttpParser::Limits limits;
  limits.max_body_bytes = 10;
  Outcome o = FeedInPieces("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", 0, limits);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(o.requests[0].body == "0123456789");
  o = FeedInPieces("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", 3,
                   limits);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(o.requests[0].body == "0123456789");
  o = FeedInPieces("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n56789\r\n0\r\n\r\n", 3,
                   limits);
  BOOST_TEST(o.error_status == 413);
}

struct KeepAliveCase {
  std::string version;
  std::string connection;  // "" for no header
  bool keep_alive;
};

std::ostream& operator<<(std::ostream& os, const KeepAliveCase& c) {
  return os << c.version << " Connection: '" << c.connection << "'";
}

const KeepAliveCase kKeepAliveCases[] = {
    {"HTTP/1.1", "", true},
    {"HTTP/1.1", "keep-alive", true},
    {"HTTP/1.1", "close", false},
    {"HTTP/1.1", "Close", false},
    {"HTTP/1.0", "", false},
    {"HTTP/1.0", "keep-alive", true},
    {"HTTP/1.0", "Keep-Alive", true},
    {"HTTP/1.0", "close", false},
};

BOOST_DATA_TEST_CASE(KeepAliveRules, bdata::make(kKeepAliveCases), c) {
  std::string bytes = "GET / " + c.version + "\r\n";
  if (!c.connection.empty()) bytes += "Connection: " + c.connection + "\r\n";
  bytes += "\r\n";
  Outcome o = FeedInPieces(bytes);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(o.requests[0].keep_alive == c.keep_alive);
  BOOST_TEST(o.requests[0].http_minor == (c.version == "HTTP/1.1" ? 1 : 0));
}

BOOST_AUTO_TEST_CASE(UpgradeIsServedAsPlainHttpThenClosed) {
  Outcome o = FeedInPieces("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(!o.requests[0].keep_alive);
}

BOOST_AUTO_TEST_CASE(ExpectContinue) {
  std::string head = "POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
  HttpParser parser({});
  BOOST_TEST(!parser.TakeExpectContinue());
  HttpParser::FeedResult r = parser.Feed(head.data(), head.size());
  BOOST_TEST((r.state == State::kNeedMore));
  BOOST_TEST(parser.InMessage());
  BOOST_TEST(parser.TakeExpectContinue());
  BOOST_TEST(!parser.TakeExpectContinue());  // once per request
  r = parser.Feed("abc", 3);
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(parser.TakeRequest().body == "abc");

  // Head and body in one read: nothing to wait for, so no 100.
  std::string whole = head + "abc";
  r = parser.Feed(whole.data(), whole.size());
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(!parser.TakeExpectContinue());

  // No body, or HTTP/1.0: no 100.
  std::string no_body = "GET /x HTTP/1.1\r\nExpect: 100-continue\r\n\r\n";
  r = parser.Feed(no_body.data(), no_body.size());
  BOOST_TEST((r.state == State::kRequestReady));
  BOOST_TEST(!parser.TakeExpectContinue());
  std::string http10 = "POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
  HttpParser parser10({});
  r = parser10.Feed(http10.data(), http10.size());
  BOOST_TEST((r.state == State::kNeedMore));
  BOOST_TEST(!parser10.TakeExpectContinue());
}

struct TargetCase {
  std::string target;
  std::string path;
  std::string query;
};

std::ostream& operator<<(std::ostream& os, const TargetCase& c) { return os << c.target; }

const TargetCase kTargetCases[] = {
    {"/", "/", ""},
    {"/rest/people", "/rest/people", ""},
    {"/rest/people?", "/rest/people", ""},
    {"/rest/people?limit=1", "/rest/people", "limit=1"},
    {"/rest/people?filter=a%3Ab&x", "/rest/people", "filter=a%3Ab&x"},
    {"/a%20b/c+d", "/a b/c+d", ""},
    {"/a%2Fb", "/a/b", ""},
    {"/q?x=%zz", "/q", "x=%zz"},  // the query is not decoded here
    {"http://example.com/rest/x?y=1", "/rest/x", "y=1"},
    {"http://example.com", "/", ""},
    {"*", "*", ""},
};

BOOST_DATA_TEST_CASE(Targets, bdata::make(kTargetCases), c) {
  std::string method = c.target == "*" ? "OPTIONS" : "GET";
  Outcome o = FeedInPieces(method + " " + c.target + " HTTP/1.1\r\n\r\n");
  BOOST_TEST(o.error_status == 0, o.error_reason);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  BOOST_TEST(o.requests[0].target == c.target);
  BOOST_TEST(o.requests[0].path == c.path);
  BOOST_TEST(o.requests[0].query == c.query);
}

BOOST_AUTO_TEST_CASE(DuplicateHeadersKeptInOrder) {
  Outcome o = FeedInPieces("GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nEmpty:\r\nX-B:  spaced \t\r\n\r\n", 1);
  BOOST_TEST_REQUIRE(o.requests.size() == 1u);
  const auto& headers = o.requests[0].headers;
  BOOST_TEST_REQUIRE(headers.size() == 4u);
  BOOST_TEST(headers[0].first == "x-a");
  BOOST_TEST(headers[0].second == "1");
  BOOST_TEST(headers[1].first == "x-a");
  BOOST_TEST(headers[1].second == "2");
  BOOST_TEST(headers[2].first == "empty");
  BOOST_TEST(headers[2].second == "");
  BOOST_TEST(headers[3].first == "x-b");
  BOOST_TEST(headers[3].second == "spaced");
  BOOST_TEST(o.requests[0].Header("x-a") == "1");
}

BOOST_AUTO_TEST_CASE(LeadingBlankLinesBetweenRequestsAreSkipped) {
  Outcome o = FeedInPieces("GET /a HTTP/1.1\r\n\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  BOOST_TEST(o.error_status == 0);
  BOOST_TEST_REQUIRE(o.requests.size() == 2u);
  BOOST_TEST(o.requests[1].path == "/b");
}

}  // namespace
}  // namespace vingt::protocol

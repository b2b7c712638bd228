#include "protocol/http_response.h"

#include <string>

#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

// The head minus its Date line, which changes every second.
std::string HeadWithoutDate(const HttpResponse& response, bool keep_alive, bool announce = false) {
  std::string head;
  SerializeHead(response, keep_alive, &head, announce);
  std::size_t date = head.find("Date: ");
  BOOST_TEST_REQUIRE(date != std::string::npos);
  std::size_t end = head.find("\r\n", date);
  BOOST_TEST(head.substr(end - 4, 4) == " GMT");
  head.erase(date, end + 2 - date);
  return head;
}

BOOST_AUTO_TEST_CASE(JsonResponseKeepAlive) {
  HttpResponse response;
  response.body = "{\"a\":1}";
  BOOST_TEST(HeadWithoutDate(response, true) ==
             "HTTP/1.1 200 OK\r\n"
             "Content-Type: application/json; charset=utf-8\r\n"
             "Content-Length: 7\r\n"
             "\r\n");
}

BOOST_AUTO_TEST_CASE(CloseAndExtraHeaders) {
  HttpResponse response;
  response.status = 201;
  response.headers = {{"Location", "/rest/people/1"}, {"X-Trace", "t"}};
  BOOST_TEST(HeadWithoutDate(response, false) ==
             "HTTP/1.1 201 Created\r\n"
             "Content-Type: application/json; charset=utf-8\r\n"
             "Content-Length: 0\r\n"
             "Connection: close\r\n"
             "Location: /rest/people/1\r\n"
             "X-Trace: t\r\n"
             "\r\n");
  response.close = true;
  BOOST_TEST(HeadWithoutDate(response, true).find("Connection: close\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(AnnouncedKeepAliveForHttp10) {
  HttpResponse response;
  response.content_type.clear();
  BOOST_TEST(HeadWithoutDate(response, true, true) ==
             "HTTP/1.1 200 OK\r\n"
             "Content-Length: 0\r\n"
             "Connection: keep-alive\r\n"
             "\r\n");
}

BOOST_AUTO_TEST_CASE(NoContentHasNoLength) {
  HttpResponse response;
  response.status = 204;
  BOOST_TEST(HeadWithoutDate(response, true) == "HTTP/1.1 204 No Content\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(ReasonPhrases) {
  for (int status : {100, 200, 201, 204, 400, 401, 403, 404, 405, 408, 411, 413, 429, 431, 500, 501, 503, 505}) {
    BOOST_TEST(ReasonPhrase(status) != "Unknown", status);
  }
  BOOST_TEST(ReasonPhrase(431) == "Request Header Fields Too Large");
  BOOST_TEST(ReasonPhrase(299) == "Unknown");
}

}  // namespace
}  // namespace vingt::protocol

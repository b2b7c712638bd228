#include "protocol/http_url.h"

#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

BOOST_AUTO_TEST_CASE(HttpUrlsSplitIntoWhatAClientNeeds) {
  struct Case {
    const char* in;
    bool tls;
    const char* host;
    uint16_t port;
    const char* target;
    const char* host_header;
  } cases[] = {
      {"http://example.com", false, "example.com", 80, "/", "example.com"},
      {"https://Example.COM/hook?x=1#frag", true, "example.com", 443, "/hook?x=1", "example.com"},
      {"http://127.0.0.1:8080/a/b", false, "127.0.0.1", 8080, "/a/b", "127.0.0.1:8080"},
      {"HTTPS://user:pw@host:443", true, "host", 443, "/", "host"},
      {"http://[::1]:9000/x", false, "::1", 9000, "/x", "[::1]:9000"},
      {"http:example.com/p", false, "example.com", 80, "/p", "example.com"},
      {"http://h?q=a\\b", false, "h", 80, "/?q=a\\b", "h"},
      {"http://h\\p\\q", false, "h", 80, "/p/q", "h"},
  };
  for (const Case& c : cases) {
    HttpUrlParse p = ParseHttpUrl(c.in);
    BOOST_TEST_REQUIRE(p.url.has_value(), c.in);
    BOOST_TEST(p.url->tls == c.tls, c.in);
    BOOST_TEST(p.url->host == c.host, c.in);
    BOOST_TEST(p.url->port == c.port, c.in);
    BOOST_TEST(p.url->target == c.target, c.in);
    BOOST_TEST(p.url->host_header == c.host_header, c.in);
  }
}

BOOST_AUTO_TEST_CASE(NonHttpUrlsAreToldApart) {
  for (const char* bad : {"", "example.com", "not a url", "://x", "http://", "http://:80", "http://h:port",
                          "http://h:70000", "http://a b", "http://[::1", "1http://x", "http://h\x01"}) {
    HttpUrlParse p = ParseHttpUrl(bad);
    BOOST_TEST(!p.url.has_value(), bad);
    BOOST_TEST((p.error == HttpUrlError::kNotAUrl), bad);
  }
  HttpUrlParse ftp = ParseHttpUrl("FTP://files.example.com/x");
  BOOST_TEST(!ftp.url.has_value());
  BOOST_TEST((ftp.error == HttpUrlError::kUnsupportedScheme));
  BOOST_TEST(ftp.scheme == "ftp:");
  HttpUrlParse mailto = ParseHttpUrl("mailto:a@b.c");
  BOOST_TEST((mailto.error == HttpUrlError::kUnsupportedScheme));
  BOOST_TEST(mailto.scheme == "mailto:");
}

}  // namespace
}  // namespace vingt::protocol

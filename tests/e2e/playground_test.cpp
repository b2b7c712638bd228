// GET /playground: the page and every file it loads come from the binary
// itself (no CDN: each script and stylesheet the page names is under
// /playground/ and served here), with the right content types and the
// vendored bytes unchanged; the page needs no key; the licences of the
// vendored packages are in the repository beside them.
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/server_fixture.h"

namespace vingt::testutil {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(playground, ServerFixture)

BOOST_AUTO_TEST_CASE(the_page_and_its_files_are_served_from_the_binary) {
  HttpClient anonymous(server.port());
  HttpResponse page = anonymous.Get("/playground");
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.Header("content-type").find("text/html") == 0);
  // Every script and stylesheet is ours, by a relative URL: nothing from elsewhere.
  BOOST_TEST(page.body.find("http://") == std::string::npos);
  BOOST_TEST(page.body.find("https://") == std::string::npos);
  const std::regex ref(R"re((?:src|href)="([^"]+)")re");
  size_t files = 0;
  const std::string vendor = std::string(VINGT_SOURCE_DIR) + "/server/playground/vendor/";
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), ref); it != std::sregex_iterator(); ++it) {
    const std::string url = (*it)[1];
    if (url == "data:,") continue;  // the empty favicon: no request at all
    BOOST_TEST_REQUIRE(url.rfind("/playground/", 0) == 0u, url);
    HttpResponse file = anonymous.Get(url);
    BOOST_TEST(file.status == 200, url);
    const std::string type = file.Header("content-type");
    if (url.ends_with(".js")) BOOST_TEST(type.find("text/javascript") == 0u, url);
    if (url.ends_with(".css")) BOOST_TEST(type.find("text/css") == 0u, url);
    const std::string name = url.substr(std::string("/playground/").size());
    if (name != "playground.js") BOOST_TEST(file.body == ReadFile(vendor + name), url);  // byte for byte
    ++files;
  }
  BOOST_TEST(files == 7u);  // 2 stylesheets, 5 scripts
  BOOST_TEST(anonymous.Get("/playground/graphiql.min.js").body.size() > 1000000u);
  BOOST_TEST(anonymous.Get("/playground/no-such-file.js").status == 404);
  BOOST_TEST(anonymous.Get("/playground/VERSIONS").body.find("graphiql@") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_vendored_packages_carry_their_licences) {
  const std::string dir = std::string(VINGT_SOURCE_DIR) + "/server/playground/vendor/licenses/";
  for (const char* name : {"graphiql-LICENSE", "react-LICENSE", "react-dom-LICENSE", "swagger-ui-LICENSE",
                           "swagger-ui-NOTICE"})
    BOOST_TEST(ReadFile(dir + name).size() > 20u, name);
}

// The page keeps the key in localStorage and sends it as a bearer token to
// this server's own endpoints only.
BOOST_AUTO_TEST_CASE(the_page_sends_the_key_only_to_this_server) {
  const std::string js = HttpClient(server.port()).Get("/playground/playground.js").body;
  BOOST_TEST(js.find("localStorage") != std::string::npos);
  BOOST_TEST(js.find("'Bearer '") != std::string::npos);
  for (const char* endpoint : {"'/' + tab", "'/open-api/core'", "'/open-api/metadata'"})
    BOOST_TEST(js.find(endpoint) != std::string::npos, endpoint);
  BOOST_TEST(js.find("http") == std::string::npos);  // no absolute URL anywhere
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

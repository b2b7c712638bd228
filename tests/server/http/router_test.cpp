#include "server/http/router.h"

#include <boost/test/unit_test.hpp>

using vingt::server::Router;

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(static_segments_beat_params_and_methods_backtrack) {
  Router r;
  r.Add("GET", "/rest/:plural", 1);
  r.Add("GET", "/rest/:plural/:id", 2);
  r.Add("POST", "/rest/batch/:plural", 3);
  r.Add("GET", "/rest/metadata/apiKeys", 4);
  r.Add("POST", "/rest/:plural", 5);

  struct Case {
    const char* method;
    const char* path;
    int route;
    std::vector<std::string_view> params;
  } cases[] = {
      {"GET", "/rest/people", 1, {"people"}},
      {"GET", "/rest/people/", 1, {"people"}},
      {"GET", "/rest//people", 1, {"people"}},
      {"GET", "/rest/people/abc", 2, {"people", "abc"}},
      {"POST", "/rest/batch/people", 3, {"people"}},
      {"GET", "/rest/batch/people", 2, {"batch", "people"}},  // no GET under batch: falls back to :plural/:id
      {"GET", "/rest/metadata/apiKeys", 4, {}},
      {"POST", "/rest/metadata", 5, {"metadata"}},
      {"HEAD", "/rest/people", 1, {"people"}},
  };
  for (const auto& c : cases) {
    auto m = r.Match(c.method, c.path);
    BOOST_TEST_REQUIRE(m.has_value(), c.method << " " << c.path);
    BOOST_TEST(m->route == c.route, c.method << " " << c.path);
    BOOST_TEST(m->params == c.params, c.method << " " << c.path);
  }
  BOOST_TEST(!r.Match("DELETE", "/rest/people").has_value());
  BOOST_TEST(!r.Match("GET", "/rest").has_value());
  BOOST_TEST(!r.Match("GET", "/rest/a/b/c").has_value());
  BOOST_TEST(r.HasPath("/rest/people"));
  BOOST_TEST(!r.HasPath("/nope"));
}

BOOST_AUTO_TEST_SUITE_END()

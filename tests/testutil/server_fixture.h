// A Boost.Test fixture: the real vingt binary on a fresh data dir, and a
// client holding the key the server printed on its first start.
#pragma once

#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {

struct ServerFixture {
  ServerFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not start:\n" << server.output());
    http = std::make_unique<HttpClient>(server.port(), server.initial_token());
  }
  ~ServerFixture() {
    http.reset();
    BOOST_CHECK(server.Stop() == 0);
  }

  // POST /rest/<plural> must answer 201; returns data.create<Key>.id.
  std::string Create(const std::string& plural, const std::string& key, const std::string& body) {
    HttpResponse r = http->Post("/rest/" + plural, body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Json(r.body).Str("/data/create" + key + "/id");
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
};

}  // namespace vingt::testutil

// A Boost.Test fixture: the real vingt binary on a fresh data dir, and a
// client holding the key the server printed on its first start.
#pragma once

#include <signal.h>

#include <memory>
#include <string>
#include <vector>

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

  // Stops the server (cleanly, or with SIGKILL) and starts it again on the
  // same data dir with `extra` flags; the client then uses `token` (a
  // restarted server prints no first key).
  void Restart(const std::string& token, bool kill = false, const std::vector<std::string>& extra = {}) {
    http.reset();
    if (kill) {
      server.Kill(SIGKILL);
      BOOST_TEST(server.Wait(10000) == 128 + SIGKILL);
    } else {
      BOOST_TEST_REQUIRE(server.Stop() == 0, server.output());
    }
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), extra), "restart failed:\n" << server.output());
    http = std::make_unique<HttpClient>(server.port(), token);
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
};

}  // namespace vingt::testutil

// Storage faults as a client sees them, on the fault-injection disk.
// A full disk (issue 14): writes are refused before they change anything,
// with a 503 in Twenty's error shape, reads go on, /healthz/database says
// why, and once space returns writes are accepted again, without a restart
// (the WAL holds a small reservation here so that it runs short quickly).
// A failed fsync: sticky until restart, and reported by /healthz/database.
#include <chrono>
#include <string>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/in_process_api.h"

using namespace vingt;

namespace {

storage::DatabaseOptions SmallReservation() {
  storage::DatabaseOptions options;
  options.wal_reserve_bytes = 64 * 1024;
  return options;
}

std::string Person(int i) {
  return R"({"name":{"firstName":"P)" + std::to_string(i) + R"(","lastName":")" + std::string(600, 'x') + R"("}})";
}

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_faults)

BOOST_AUTO_TEST_CASE(writes_are_refused_cleanly_and_resume_when_space_returns) {
  testing::InProcessApi api(SmallReservation());
  // What the set-up used (its WAL and its reservation), and half a MiB.
  api.fs.SetSpaceLimit(api.db->wal().stats().bytes_written.load() + 64 * 1024 + 512 * 1024);
  int created = 0;
  protocol::HttpResponse refused;
  for (int i = 0; i < 5000; ++i) {
    protocol::HttpResponse r = api.Send("POST", "/rest/people", Person(i));
    if (r.status != 201) {
      refused = r;
      break;
    }
    ++created;
  }
  BOOST_TEST_REQUIRE(refused.status == 503, refused.status << " " << refused.body);
  BOOST_TEST(Contains(refused.body, R"("statusCode":503)"), refused.body);
  BOOST_TEST(Contains(refused.body, "No space left on device"), refused.body);
  BOOST_TEST(created > 10);
  BOOST_TEST(api.db->wal().sticky_error().ok());

  // Nothing of the refused write, or of any other write, gets in.
  protocol::HttpResponse batch =
      api.Send("POST", "/rest/batch/people", "[" + Person(-1) + "," + Person(-2) + "]");
  BOOST_TEST(batch.status == 503, batch.body);
  protocol::HttpResponse mutation =
      api.Send("POST", "/graphql", R"({"query":"mutation { createPerson(data: {city: \"X\"}) { id } }"})");
  BOOST_TEST(mutation.status == 503, mutation.body);
  BOOST_TEST(Contains(mutation.body, "INTERNAL_SERVER_ERROR"), mutation.body);

  // Reads go on, and show every acknowledged write.
  protocol::HttpResponse count = api.Send("POST", "/graphql", R"({"query":"{ people { totalCount } }"})");
  BOOST_TEST(count.status == 200, count.body);
  BOOST_TEST(Contains(count.body, "\"totalCount\":" + std::to_string(created)), count.body);
  protocol::HttpResponse list = api.Send("GET", "/rest/people?limit=1");
  BOOST_TEST(list.status == 200, list.body);
  protocol::HttpResponse health = api.Send("GET", "/healthz/database");
  BOOST_TEST(health.status == 503, health.body);
  BOOST_TEST(Contains(health.body, "No space left on device"), health.body);

  // Space returns: writes are accepted again, without a restart.
  api.fs.SetSpaceLimit(0);
  protocol::HttpResponse again;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    again = api.Send("POST", "/rest/people", Person(9999));
  } while (again.status == 503 && std::chrono::steady_clock::now() < deadline);
  BOOST_TEST(again.status == 201, again.body);
  BOOST_TEST(api.Send("GET", "/healthz/database").status == 200);
  protocol::HttpResponse after = api.Send("POST", "/graphql", R"({"query":"{ people { totalCount } }"})");
  BOOST_TEST(Contains(after.body, "\"totalCount\":" + std::to_string(created + 1)), after.body);
  BOOST_TEST(api.db->Close().ok());
}

BOOST_AUTO_TEST_CASE(a_failed_fsync_is_sticky_and_reported_by_the_health_check) {
  testing::InProcessApi api;
  BOOST_TEST(api.Send("POST", "/rest/people", Person(1)).status == 201);
  BOOST_TEST(api.Send("GET", "/healthz/database").status == 200);
  api.fs.SetFailSync(true);
  protocol::HttpResponse failed = api.Send("POST", "/rest/people", Person(2));
  BOOST_TEST(failed.status == 500, failed.body);
  api.fs.SetFailSync(false);  // the disk "recovers"; the log must not
  protocol::HttpResponse health = api.Send("GET", "/healthz/database");
  BOOST_TEST(health.status == 503, health.body);
  BOOST_TEST(Contains(health.body, "injected sync failure"), health.body);
  protocol::HttpResponse after = api.Send("POST", "/rest/people", Person(3));
  BOOST_TEST(after.status >= 500, after.body);
  BOOST_TEST(Contains(after.body, "WAL refused writes after an earlier failure"), after.body);
}

BOOST_AUTO_TEST_SUITE_END()

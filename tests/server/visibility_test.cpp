// Nothing is shown before it is durable (ApiHandler::Dispatch and the
// GraphQL transport wait for Database::VisibleLsn): with the WAL's fsync
// held in flight, a read of a record whose write is not yet durable does
// not answer until the fsync completes; if the fsync fails, the read never
// shows the record. Found by a crash test: a GET returned a PATCH's value
// before the PATCH was acknowledged, and a SIGKILL then took it back.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/in_process_api.h"

using namespace vingt;
using namespace vingt::server;

namespace {

// Holds every WAL fsync until Open() (a gate on the writer thread).
class SyncGate {
 public:
  void Close() {
    std::lock_guard lock(mu_);
    open_ = false;
  }
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void Pass() {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.wait(lock, [&] { return open_; });
    --waiting_;
  }
  int waiting() {
    std::lock_guard lock(mu_);
    return waiting_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  int waiting_ = 0;
};

struct Fixture : testing::InProcessApi {
  SyncGate gate;

  Fixture() { fs.SetSyncHook([this] { gate.Pass(); }); }
  ~Fixture() {
    gate.Open();
    fs.SetSyncHook({});
  }
};

constexpr const char* kId = "20202020-1111-4000-8000-000000000001";
const std::string kBody = std::string("{\"id\":\"") + kId + "\",\"name\":{\"firstName\":\"Ada\",\"lastName\":\"L\"}}";

}  // namespace

BOOST_AUTO_TEST_SUITE(visibility)

BOOST_FIXTURE_TEST_CASE(a_read_waits_until_what_it_shows_is_durable, Fixture) {
  gate.Close();
  std::optional<protocol::HttpResponse> created, read, graphql;
  Start("POST", "/rest/people", kBody, &created);
  // The write is applied and its fsync is held.
  BOOST_TEST_REQUIRE(RunUntil([&] { return gate.waiting() > 0; }, std::chrono::seconds(5)));
  Start("GET", std::string("/rest/people/") + kId, "", &read);
  Start("POST", "/graphql", R"({"query":"{ people { totalCount } }"})", &graphql);
  BOOST_TEST(!RunUntil([&] { return read || graphql || created; }, std::chrono::milliseconds(300)));

  gate.Open();
  BOOST_TEST_REQUIRE(RunUntil([&] { return read && graphql && created; }, std::chrono::seconds(5)));
  BOOST_TEST(created->status == 201);
  BOOST_TEST(read->status == 200);
  BOOST_TEST(read->body.find("\"Ada\"") != std::string::npos, read->body);
  BOOST_TEST(graphql->body.find("\"totalCount\":1") != std::string::npos, graphql->body);
}

BOOST_FIXTURE_TEST_CASE(a_write_whose_fsync_fails_is_never_shown, Fixture) {
  gate.Close();
  std::optional<protocol::HttpResponse> created, read;
  Start("POST", "/rest/people", kBody, &created);
  BOOST_TEST_REQUIRE(RunUntil([&] { return gate.waiting() > 0; }, std::chrono::seconds(5)));
  Start("GET", std::string("/rest/people/") + kId, "", &read);
  BOOST_TEST(!RunUntil([&] { return read || created; }, std::chrono::milliseconds(100)));
  fs.SetFailSync(true);
  gate.Open();
  BOOST_TEST_REQUIRE(RunUntil([&] { return read && created; }, std::chrono::seconds(5)));
  BOOST_TEST(created->status == 500);
  BOOST_TEST(read->status == 500);
  BOOST_TEST(read->body.find("Ada") == std::string::npos, read->body);
  // Later reads of the workspace are refused too, until a restart.
  std::optional<protocol::HttpResponse> list;
  Start("GET", "/rest/people", "", &list);
  BOOST_TEST_REQUIRE(RunUntil([&] { return list.has_value(); }, std::chrono::seconds(5)));
  BOOST_TEST(list->status == 500);
  BOOST_TEST(list->body.find("Ada") == std::string::npos, list->body);
}

BOOST_FIXTURE_TEST_CASE(reads_with_nothing_pending_do_not_wait, Fixture) {
  std::optional<protocol::HttpResponse> created;
  Start("POST", "/rest/people", kBody, &created);
  BOOST_TEST_REQUIRE(RunUntil([&] { return created.has_value(); }, std::chrono::seconds(5)));
  gate.Close();  // any fsync now would hold the read
  std::optional<protocol::HttpResponse> read;
  Start("GET", std::string("/rest/people/") + kId, "", &read);
  BOOST_TEST(RunUntil([&] { return read.has_value(); }, std::chrono::seconds(5)));
  BOOST_TEST(read->status == 200);
  BOOST_TEST(gate.waiting() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

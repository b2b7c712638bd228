#include "common/request_budget.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace vingt;

namespace {

// Calls Check until it throws or `calls` are done; what it threw.
std::optional<RequestBudgetExceeded> CheckMany(RequestBudget& budget, int calls) {
  try {
    for (int i = 0; i < calls; ++i) budget.Check();
  } catch (const RequestBudgetExceeded& e) {
    return e;
  }
  return std::nullopt;
}

struct SocketPair {
  SocketPair() { BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0); }
  ~SocketPair() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  void ClosePeer() {
    ::close(fds[1]);
    fds[1] = -1;
  }
  int fds[2] = {-1, -1};
};

void WaitPastLookInterval() { std::this_thread::sleep_for(std::chrono::milliseconds(12)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(request_budget)

BOOST_AUTO_TEST_CASE(without_deadline_or_client_it_never_gives_up) {
  RequestBudget budget(0, -1);
  WaitPastLookInterval();
  BOOST_TEST(!CheckMany(budget, 10000).has_value());
}

BOOST_AUTO_TEST_CASE(past_its_deadline_it_gives_up_with_twentys_timeout) {
  RequestBudget budget(50, -1);
  BOOST_TEST(!CheckMany(budget, 100).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  // Quick calls read the clock ever less often, but at least every 1,024th.
  std::optional<RequestBudgetExceeded> e = CheckMany(budget, 1024);
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(!e->client_gone);
  BOOST_TEST(e->status.message() == "Query read timeout");
  BOOST_TEST((e->status.code() == StatusCode::kIOError));  // a 500
}

BOOST_AUTO_TEST_CASE(a_client_that_closed_is_seen_and_one_still_there_is_not) {
  SocketPair s;
  RequestBudget budget(0, s.fds[0]);
  WaitPastLookInterval();
  BOOST_TEST(!CheckMany(budget, 64).has_value());  // connected and silent: present
  s.ClosePeer();
  WaitPastLookInterval();
  std::optional<RequestBudgetExceeded> e = CheckMany(budget, 4096);
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(e->client_gone);
  BOOST_TEST((e->status.code() == StatusCode::kUnavailable));
}

// A client that sent more (a pipelined request) before closing its side
// still has bytes to be read: it is not counted as gone.
BOOST_AUTO_TEST_CASE(a_client_with_unread_bytes_after_its_fin_is_still_there) {
  SocketPair s;
  BOOST_REQUIRE(::write(s.fds[1], "GET", 3) == 3);
  ::shutdown(s.fds[1], SHUT_WR);
  RequestBudget budget(0, s.fds[0]);
  WaitPastLookInterval();
  BOOST_TEST(!CheckMany(budget, 64).has_value());
}

BOOST_AUTO_TEST_CASE(the_thread_budget_is_checked_until_a_change_forgoes_it) {
  RequestBudget budget(1, -1);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  SetCurrentRequestBudget(&budget);
  bool threw = false;
  try {
    CheckRequestBudget();  // the first call reads the clock
  } catch (const RequestBudgetExceeded&) {
    threw = true;
  }
  BOOST_TEST(threw);
  SetCurrentRequestBudget(&budget);
  ForgoRequestBudget();  // what the WAL does at a request's first change
  BOOST_TEST(CurrentRequestBudget() == nullptr);
  for (int i = 0; i < 64; ++i) CheckRequestBudget();  // nothing to check: no throw
}

BOOST_AUTO_TEST_SUITE_END()

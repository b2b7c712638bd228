// What one request may spend: time, and its client's presence.
//
// Twenty's queries run under PostgreSQL's query timeout (10 s by default);
// one that runs out fails with a 500 and the database stops working on it.
// A client that goes away has its query cancelled too. vingt computes a
// request on its connection's I/O thread, synchronously between the points
// where it waits for the disk, so the same promise takes cooperation: the
// long loops of the read path (filter verification, scans, sorts) call
// CheckRequestBudget(), which gives up the request by throwing
// RequestBudgetExceeded when its deadline has passed or its client has
// closed the connection. The server catches it where the request started
// (ApiHandler::Dispatch, the GraphQL transport) and answers in Twenty's
// shape; locks and buffers are released on the way out (RAII).
//
// Writes are never given up half done: a request's first logged change
// (storage/wal_writer.cpp, Append) forgoes its budget, so from there on it
// runs to its end; every write path scans before it changes anything.
//
// The budget is per thread, set only while the request computes: the
// server sets it around a handler and clears it while the handler waits
// (server/durability.cpp), so other requests that run on the thread
// meanwhile never see it.
#pragma once

#include <chrono>
#include <cstdint>

#include "common/status.h"

namespace vingt {

// Thrown by CheckRequestBudget; `status` says why: out of time (an IOError,
// "Query read timeout", a 500 as Twenty's) or the client went away
// (Unavailable; nobody reads that answer).
struct RequestBudgetExceeded {
  Status status;
  bool client_gone = false;
};

class RequestBudget {
 public:
  // `budget_ms` 0: no deadline. `client_fd` < 0: no client to watch.
  RequestBudget(uint32_t budget_ms, int client_fd);

  // Cheap on most calls: reads the clock once per `stride_` calls, a stride
  // that doubles while calls are quick (under 50 µs between reads, up to
  // 1,024) and drops to 1 when they are not (a call may be one regex over
  // a long text), so the clock costs little and a check is never more than
  // about a millisecond of quick calls, or one slow call, late. Looks at
  // the socket at most every 5 ms. Throws RequestBudgetExceeded.
  void Check() {
    if (++calls_ < stride_) return;
    calls_ = 0;
    CheckNow();
  }
  // The same without the counter (before a step that cannot be split).
  void CheckNow();

 private:
  // One clock read per request at the start (every request makes one).
  RequestBudget(uint32_t budget_ms, int client_fd, std::chrono::steady_clock::time_point now);
  bool ClientGone() const;

  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point next_look_;
  std::chrono::steady_clock::time_point last_read_;
  bool has_deadline_;
  int client_fd_;
  uint32_t calls_ = 0;
  uint32_t stride_ = 1;
};

// The status of an answer nobody will read: the client closed the
// connection while its request computed (nginx's 499).
inline constexpr int kClientClosedRequest = 499;

// The budget of the request computing on this thread (null: none).
RequestBudget* CurrentRequestBudget();
void SetCurrentRequestBudget(RequestBudget* budget);

// Checks the current budget, if any.
void CheckRequestBudget();
// The request computing on this thread has changed something: it may no
// longer be given up (drops the thread's budget).
inline void ForgoRequestBudget() { SetCurrentRequestBudget(nullptr); }

}  // namespace vingt

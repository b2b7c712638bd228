#include "common/request_budget.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace vingt {

namespace {
thread_local RequestBudget* current_budget = nullptr;
constexpr auto kLookEvery = std::chrono::milliseconds(5);
}  // namespace

RequestBudget::RequestBudget(uint32_t budget_ms, int client_fd)
    : RequestBudget(budget_ms, client_fd, std::chrono::steady_clock::now()) {}

RequestBudget::RequestBudget(uint32_t budget_ms, int client_fd, std::chrono::steady_clock::time_point now)
    : deadline_(now + std::chrono::milliseconds(budget_ms)),
      next_look_(now + kLookEvery),
      last_read_(now),
      has_deadline_(budget_ms > 0),
      client_fd_(client_fd) {}

void RequestBudget::CheckNow() {
  const auto now = std::chrono::steady_clock::now();
  const auto since = now - last_read_;
  last_read_ = now;
  if (since < std::chrono::microseconds(50)) {
    if (stride_ < 1024) stride_ *= 2;
  } else if (since > std::chrono::milliseconds(1)) {
    stride_ = 1;
  }
  if (has_deadline_ && now >= deadline_) {
    // Twenty's answer when PostgreSQL's query timeout cancels a query.
    throw RequestBudgetExceeded{Status::IOError("Query read timeout"), false};
  }
  if (client_fd_ >= 0 && now >= next_look_) {
    next_look_ = now + kLookEvery;
    if (ClientGone()) throw RequestBudgetExceeded{Status::Unavailable("The client closed the connection"), true};
  }
}

// The peer closed (EOF with nothing left to read) or reset the connection.
// A client that sent more (pipelined requests) before its FIN still has
// bytes to read and counts as present.
bool RequestBudget::ClientGone() const {
  pollfd p{client_fd_, POLLIN | POLLRDHUP, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  if ((p.revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0) return false;
  char byte;
  const ssize_t n = ::recv(client_fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return true;
  return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

RequestBudget* CurrentRequestBudget() { return current_budget; }
void SetCurrentRequestBudget(RequestBudget* budget) { current_budget = budget; }

void CheckRequestBudget() {
  if (current_budget) current_budget->Check();
}

}  // namespace vingt

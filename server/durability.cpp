#include "server/durability.h"

#include <memory>

#include "common/request_budget.h"

#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

namespace vingt::server {

asio::awaitable<Status> AwaitDurable(storage::WalWriter& wal, uint64_t lsn) {
  if (lsn == 0 || wal.durable_lsn() >= lsn) co_return Status::Ok();
  // The thread runs other requests while this one waits: they must not see
  // its budget (common/request_budget.h).
  RequestBudget* budget = CurrentRequestBudget();
  SetCurrentRequestBudget(nullptr);
  Status status = co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
      [&wal, lsn](auto handler) {
        auto executor = asio::get_associated_executor(handler);
        // OnDurable takes a copyable std::function; the handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        wal.OnDurable(lsn, [shared, executor](Status status) {
          asio::post(executor, [shared, status = std::move(status)]() mutable { (*shared)(std::move(status)); });
        });
      },
      asio::use_awaitable);
  SetCurrentRequestBudget(budget);
  co_return status;
}

}  // namespace vingt::server

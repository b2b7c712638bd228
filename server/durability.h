// Awaiting a WAL record's durability from a connection coroutine.
#pragma once

#include <asio/awaitable.hpp>

#include "common/status.h"
#include "storage/wal_writer.h"

namespace vingt::server {

// Suspends until record `lsn` is durable under the WAL's policy, without
// blocking the io_context thread: the WAL writer thread posts the result
// back to the coroutine's executor. lsn 0 (nothing logged) completes at once.
asio::awaitable<Status> AwaitDurable(storage::WalWriter& wal, uint64_t lsn);

// Whether AwaitDurable(wal, lsn) would have to wait. Every answer passes the
// durability barrier and almost none waits: checking first spares the
// request path a coroutine frame.
inline bool MustAwait(const storage::WalWriter& wal, uint64_t lsn) { return lsn > wal.durable_lsn(); }

}  // namespace vingt::server

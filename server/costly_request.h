// Which requests compute away from the I/O threads.
//
// A connection lives on one I/O thread, and a request computes on it
// (server/http/io_pool.h): while one costs 20 ms, every other connection of
// that thread waits 20 ms. Most requests cost microseconds and gain nothing
// from moving; a few kinds can cost milliseconds whatever the indexes do:
// pattern filters (`like`, `ilike`, `regex`: every value tested) and very
// long filters (thousands of terms). Those compute on a pool of their own
// (ServerState::compute), which the kernel shares with the I/O threads, so
// a quick request on the same connection thread is answered meanwhile.
// The test is on the raw request, before anything is parsed, so it is
// cheap and may err towards moving (a field named `likes` moves too).
#pragma once

#include "protocol/http_request.h"

namespace vingt::server {

// Whether `request` (already routed to a record or GraphQL route) should
// compute on the compute pool.
bool LooksCostly(const protocol::HttpRequest& request);

}  // namespace vingt::server

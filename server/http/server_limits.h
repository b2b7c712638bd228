// Limits the HTTP server enforces on every connection.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vingt::server {

struct ServerLimits {
  // Request line plus headers; over it the client gets 431 and a close.
  std::size_t max_header_bytes = 16 * 1024;
  // Decoded request body; over it the client gets 413 and a close.
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  // A keep-alive connection with no request in progress is closed after
  // this long without a byte.
  uint32_t idle_timeout_ms = 60000;
  // From the first byte of a request to its last (slow-loris guard): over
  // it the client gets 408 and a close. Also bounds writing one response
  // to a client that does not read (then the connection just closes).
  uint32_t request_timeout_ms = 30000;
  // Open connections at once; the next ones get 503 and a close.
  uint32_t max_connections = 10000;
};

}  // namespace vingt::server

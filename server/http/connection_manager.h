// The set of open connections of one server: admission (max_connections),
// graceful shutdown, and waiting for the last connection to go.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace vingt::server {

class Connection;

// Thread-safe: the listener adds on the accept thread, connections remove
// themselves on their own threads, shutdown comes from the main thread.
class ConnectionManager {
 public:
  enum class Admission { kAdmitted, kFull, kShuttingDown };

  explicit ConnectionManager(uint32_t max_connections) : max_connections_(max_connections) {}
  ConnectionManager(const ConnectionManager&) = delete;
  ConnectionManager& operator=(const ConnectionManager&) = delete;

  // Registers a connection that is about to start. Only kAdmitted registers
  // it; the connection must then call Remove (from its destructor).
  Admission Add(Connection* connection);
  // REQUIRES: `connection` was admitted and not yet removed.
  void Remove(Connection* connection);

  // Refuses new connections from now on and asks each open one to close:
  // at once when idle, else after the response to its current request.
  void Shutdown();

  std::size_t Count() const;
  // Connections refused because max_connections were open.
  uint64_t Refused() const { return refused_.load(std::memory_order_relaxed); }
  // Blocks until no connection is open or `max` has passed; true if none is
  // open. Not from an io thread whose connections are still open.
  bool WaitIdle(std::chrono::milliseconds max);

 private:
  const uint32_t max_connections_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  // Raw pointers: a connection removes itself in its destructor, which
  // waits for mutex_, so a pointer seen under mutex_ is to live memory.
  std::unordered_set<Connection*> connections_;
  bool shutting_down_ = false;
  std::atomic<uint64_t> refused_{0};
};

}  // namespace vingt::server

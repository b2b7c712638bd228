#include "server/http/connection_manager.h"

#include "server/http/connection.h"

namespace vingt::server {

ConnectionManager::Admission ConnectionManager::Add(Connection* connection) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return Admission::kShuttingDown;
  if (connections_.size() >= max_connections_) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    return Admission::kFull;
  }
  connections_.insert(connection);
  return Admission::kAdmitted;
}

void ConnectionManager::Remove(Connection* connection) {
  std::lock_guard lock(mutex_);
  connections_.erase(connection);
  if (connections_.empty()) idle_.notify_all();
}

void ConnectionManager::Shutdown() {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
  // RequestShutdown only posts to the connection's own thread, so holding
  // the lock here cannot deadlock with a connection removing itself.
  for (Connection* connection : connections_) connection->RequestShutdown();
}

std::size_t ConnectionManager::Count() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

bool ConnectionManager::WaitIdle(std::chrono::milliseconds max) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, max, [this] { return connections_.empty(); });
}

}  // namespace vingt::server

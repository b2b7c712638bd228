// One asio::io_context per thread (asio's io_context_pool): a connection
// lives on one context for its whole life, so its state needs no lock.
//
//   IoPool pool(4);        // or IoPool pool; for one thread per core
//   ... set up servers (they may post work before Run) ...
//   pool.Run();            // starts the threads, returns at once
//   ... wait for a signal, shut servers down gracefully ...
//   pool.Stop();           // abandons what is still queued
//   pool.Join();
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

namespace vingt::server {

class IoPool {
 public:
  // threads == 0: std::thread::hardware_concurrency() (at least 1).
  explicit IoPool(std::size_t threads = 0);
  ~IoPool();  // Stop() and Join()
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  std::size_t size() const { return contexts_.size(); }

  // The contexts in turn. Thread-safe.
  asio::io_context& Next();
  // Context i, for i < size(). Context 0 is where listeners accept.
  asio::io_context& At(std::size_t i) { return *contexts_[i]; }

  // Starts one thread per context. Each runs until Stop(), even when it has
  // no work (a work guard holds it). Call once.
  void Run();
  // Makes every run() return soon; pending handlers are not run. From any
  // thread, but not concurrently with itself.
  void Stop();
  // Waits for the threads started by Run(). Not from a pool thread.
  void Join();

 private:
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace vingt::server

#include "server/http/io_pool.h"

#include <cstdio>
#include <exception>

namespace vingt::server {

IoPool::IoPool(std::size_t threads) {
  if (threads == 0) threads = std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  contexts_.reserve(threads);
  guards_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    // Hint 1: each context is run by exactly one thread (others only post).
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
}

IoPool::~IoPool() {
  Stop();
  Join();
}

asio::io_context& IoPool::Next() {
  std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
  return *contexts_[i % contexts_.size()];
}

void IoPool::Run() {
  threads_.reserve(contexts_.size());
  for (auto& context : contexts_) {
    threads_.emplace_back([ctx = context.get()] {
      // Connections catch their own exceptions; one reaching here is a bug
      // elsewhere (a throwing completion handler). Keep serving.
      while (!ctx->stopped()) {
        try {
          ctx->run();
        } catch (const std::exception& e) {
          std::fprintf(stderr, "vingt: io thread: unhandled exception: %s\n", e.what());
        }
      }
    });
  }
}

void IoPool::Stop() {
  for (auto& guard : guards_) guard.reset();
  for (auto& context : contexts_) context->stop();
}

void IoPool::Join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace vingt::server

// A webhook receiver for benchmarks that costs little CPU, so that on a
// small machine the receiver, which in production runs elsewhere, takes
// as little as possible of the cores vingt is measured on: one epoll loop
// on its own thread, on 127.0.0.1; it reads each connection's requests
// (head, then Content-Length bytes of body; pipelined ones too) and answers
// all those a read completed with one write of "200 OK, Content-Length: 0",
// keeping the connection alive. It checks nothing else. nginx, the other
// receiver bench/webhook_bench.sh uses, costs about four times as much CPU
// per delivery.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/cpu_time.h"

namespace vingt::bench {

class LeanReceiver {
 public:
  // port 0: any free one.
  explicit LeanReceiver(uint16_t port = 0) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    ok_ = ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(listen_fd_, 512) == 0;
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    epoll_fd_ = ::epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    if (ok_) thread_ = std::thread([this] { Loop(); });
  }
  ~LeanReceiver() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (const auto& [fd, conn] : conns_) ::close(fd);
    ::close(epoll_fd_);
    ::close(listen_fd_);
  }
  LeanReceiver(const LeanReceiver&) = delete;
  LeanReceiver& operator=(const LeanReceiver&) = delete;

  bool ok() const { return ok_; }
  uint16_t port() const { return port_; }
  uint64_t requests() const { return requests_.load(std::memory_order_relaxed); }
  // CPU seconds the receiver's thread has used.
  double cpu_seconds() { return ThreadCpuSeconds(thread_); }

 private:
  void Loop() {
    std::vector<epoll_event> events(64);
    std::vector<char> buf(256 * 1024);
    std::string out;
    while (!stop_) {
      const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == listen_fd_) {
          Accept();
          continue;
        }
        std::string& in = conns_[fd];
        bool closed = false;
        for (;;) {
          const ssize_t got = ::recv(fd, buf.data(), buf.size(), 0);
          if (got > 0) {
            in.append(buf.data(), static_cast<size_t>(got));
            if (static_cast<size_t>(got) < buf.size()) break;
          } else {
            closed = got == 0 || (errno != EAGAIN && errno != EINTR);
            break;
          }
        }
        out.clear();
        const size_t used = Answer(in, &out);
        in.erase(0, used);
        if (!out.empty() && ::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) closed = true;
        if (closed) {
          ::close(fd);
          conns_.erase(fd);
        }
      }
    }
  }

  void Accept() {
    for (;;) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK);
      if (fd < 0) return;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
      conns_[fd];
    }
  }

  // Appends an answer to `out` for every complete request at the start of
  // `in`; returns the bytes they took.
  size_t Answer(const std::string& in, std::string* out) {
    static constexpr std::string_view kOk = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    static constexpr std::string_view kLength = "\r\ncontent-length:";
    size_t at = 0;
    for (;;) {
      const size_t head_end = in.find("\r\n\r\n", at);
      if (head_end == std::string::npos) return at;
      size_t length = 0;
      for (size_t line = in.find("\r\n", at); line < head_end; line = in.find("\r\n", line + 2)) {
        if (head_end - line < kLength.size()) break;
        bool match = true;
        for (size_t k = 0; k < kLength.size() && match; ++k) {
          const char c = in[line + k];
          match = (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) == kLength[k];
        }
        if (match) {
          length = std::strtoul(in.c_str() + line + kLength.size(), nullptr, 10);
          break;
        }
      }
      if (in.size() < head_end + 4 + length) return at;
      at = head_end + 4 + length;
      *out += kOk;
      requests_.fetch_add(1, std::memory_order_relaxed);
    }
  }

  int listen_fd_ = -1, epoll_fd_ = -1;
  uint16_t port_ = 0;
  bool ok_ = false;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> requests_{0};
  std::unordered_map<int, std::string> conns_;  // the loop's own; by fd, what is not yet a whole request
  std::thread thread_;
};

}  // namespace vingt::bench

// A webhook receiver on loopback for end-to-end tests: accepts POSTs on a
// free 127.0.0.1 port, records each request (path, headers, body) and
// answers with the next scripted status (200 once the script is used up),
// or never answers when told to hang. Connections end after one answer,
// or, in keep-alive mode, carry any number of (pipelined) requests.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vingt::testutil {

class WebhookReceiver {
 public:
  struct Request {
    std::string path;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };

  WebhookReceiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 64);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~WebhookReceiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  uint16_t port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // Statuses for the next requests, in order.
  void Script(std::vector<int> statuses) {
    std::lock_guard lock(mu_);
    script_.assign(statuses.begin(), statuses.end());
  }
  // Accept and read requests but never answer them.
  void Hang(bool on) { hang_ = on; }
  // Keep connections alive and answer pipelined requests in order (by
  // default each answer says Connection: close and ends its connection,
  // dropping anything sent after the first request).
  void KeepAlive(bool on) { keep_alive_ = on; }
  // Connections accepted so far.
  size_t connections() const { return connections_.load(); }
  // The most complete requests that one read brought at once (pipelining).
  size_t max_pipelined() const { return max_pipelined_.load(); }

  // Waits until at least n requests arrived (or the timeout); returns them.
  std::vector<Request> WaitFor(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
    return requests_;
  }
  std::vector<Request> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  // Every connection in one poll loop, so kept-alive connections are served
  // side by side.
  void Loop() {
    struct Conn {
      int fd;
      std::string data;
      bool hung = false;
      std::chrono::steady_clock::time_point deadline;
    };
    std::vector<Conn> conns;
    char buf[64 * 1024];
    while (!stop_) {
      std::vector<pollfd> polls{{fd_, POLLIN, 0}};
      for (const Conn& c : conns) polls.push_back({c.fd, static_cast<short>(c.hung ? 0 : POLLIN), 0});
      if (::poll(polls.data(), polls.size(), 50) < 0) continue;
      if (polls[0].revents & POLLIN) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c >= 0) {
          conns.push_back({c, "", false, std::chrono::steady_clock::now() + std::chrono::seconds(5)});
          connections_.fetch_add(1);
        }
      }
      for (size_t i = 0; i < conns.size(); ++i) {
        Conn& c = conns[i];
        bool close_it = !c.hung && !keep_alive_ && std::chrono::steady_clock::now() > c.deadline;
        // A hung connection the sender gave up on.
        if (c.hung && i + 1 < polls.size() && (polls[i + 1].revents & (POLLHUP | POLLERR))) close_it = true;
        if (i + 1 < polls.size() && (polls[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) && !c.hung) {
          ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
          if (n <= 0) {
            close_it = true;
          } else {
            c.data.append(buf, static_cast<size_t>(n));
            // Every complete request now in the buffer, in order.
            size_t complete = 0;
            while (!close_it && !c.hung) {
              const size_t header_end = c.data.find("\r\n\r\n");
              if (header_end == std::string::npos) break;
              Request r = ParseHead(c.data.substr(0, header_end));
              auto it = r.headers.find("content-length");
              const size_t length = it == r.headers.end() ? 0 : std::stoul(it->second);
              if (c.data.size() < header_end + 4 + length) break;
              r.body = c.data.substr(header_end + 4, length);
              c.data.erase(0, header_end + 4 + length);
              ++complete;
              close_it = !Answer(c.fd, std::move(r), &c.hung);
            }
            size_t seen = max_pipelined_.load();
            while (complete > seen && !max_pipelined_.compare_exchange_weak(seen, complete)) {
            }
          }
        }
        if (close_it) {
          ::close(c.fd);
          conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
          --i;
        }
      }
    }
    for (const Conn& c : conns) ::close(c.fd);
  }

  // Records a request and answers it (or, hanging, never does). Returns
  // whether the connection stays open for another request.
  bool Answer(int fd, Request r, bool* hung) {
    int status = 200;
    {
      std::lock_guard lock(mu_);
      if (!script_.empty()) {
        status = script_.front();
        script_.pop_front();
      }
      requests_.push_back(std::move(r));
    }
    cv_.notify_all();
    if (hang_) {
      *hung = true;  // held open, never answered
      return true;
    }
    const bool keep = keep_alive_;
    const std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n" +
                               (keep ? "" : "Connection: close\r\n") + "\r\n";
    ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    return keep;
  }

  static Request ParseHead(const std::string& head) {
    Request r;
    size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    size_t a = first.find(' '), b = first.rfind(' ');
    if (a != std::string::npos && b > a) r.path = first.substr(a + 1, b - a - 1);
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(pos, end - pos);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        size_t v = colon + 1;
        while (v < line.size() && line[v] == ' ') ++v;
        r.headers[name] = line.substr(v);
      }
      pos = end + 2;
    }
    return r;
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false}, hang_{false}, keep_alive_{false};
  std::atomic<size_t> connections_{0}, max_pipelined_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> script_;
  std::vector<Request> requests_;
};

}  // namespace vingt::testutil

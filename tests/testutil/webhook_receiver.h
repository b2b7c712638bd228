// A webhook receiver on loopback for end-to-end tests: accepts POSTs on a
// free 127.0.0.1 port, records each request (path, headers, body) and
// answers with the next scripted status (200 once the script is used up),
// or never answers when told to hang.
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
    for (int c : hung_) ::close(c);
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
  void Loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      Serve(c);
    }
  }

  void Serve(int c) {
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos, content_length = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
        Request r = ParseHead(data.substr(0, header_end));
        auto it = r.headers.find("content-length");
        content_length = it == r.headers.end() ? 0 : std::stoul(it->second);
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) break;
    }
    if (header_end == std::string::npos) {
      ::close(c);
      return;
    }
    Request r = ParseHead(data.substr(0, header_end));
    r.body = data.substr(header_end + 4, content_length);
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
      hung_.push_back(c);  // held open, never answered
      return;
    }
    const std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(c, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(c);
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
  std::atomic<bool> stop_{false}, hang_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> script_;
  std::vector<Request> requests_;
  std::vector<int> hung_;  // only the receiver thread touches it
};

}  // namespace vingt::testutil

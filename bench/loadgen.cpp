// Open-loop HTTP load generator: requests are sent on a fixed schedule
// (rate / connections per connection) and each latency is measured from
// the time the request was *scheduled*, not sent, so a slow server cannot
// hide its queueing by slowing the client down (coordinated omission).
//
//   bench_loadgen --port P --key K --rate 10000 --connections 64 --duration 10
//                 [--path /rest/people?limit=60] [--ids FILE --path-prefix /rest/people/] [--create-person]
//
// Prints one JSON line: achieved rate, errors, p50/p90/p99/p999/max in ms.
// Loopback only: the host is always 127.0.0.1.
#include <algorithm>
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

struct Options {
  uint16_t port = 3000;
  std::string key;
  double rate = 1000;
  int connections = 64;
  double duration_s = 10;
  int threads = 1;
  std::string path = "/rest/people";
  std::string ids_file;
  std::string path_prefix = "/rest/people/";
  bool create_person = false;
};

struct Stats {
  std::vector<uint32_t> latencies_us;
  uint64_t errors = 0;
  uint64_t non_2xx = 0;
};

std::string BuildRequest(const Options& o, const std::vector<std::string>& ids, uint64_t n, int conn) {
  std::string path = o.path;
  std::string body;
  std::string method = "GET";
  if (!ids.empty()) path = o.path_prefix + ids[n % ids.size()];
  if (o.create_person) {
    method = "POST";
    path = "/rest/people";
    std::string tag = std::to_string(conn) + "-" + std::to_string(n) + "-" +
                      std::to_string(Clock::now().time_since_epoch().count() % 1000000007);
    body = R"({"name":{"firstName":"Load","lastName":")" + tag + R"("},"emails":{"primaryEmail":"l)" + tag +
           R"(@load.test"},"city":"Paris","jobTitle":"Engineer"})";
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + o.key + "\r\n";
  if (!body.empty()) req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n";
  req += body;
  return req;
}

// Reads one response (Content-Length framed) from `socket`; returns the status or -1.
asio::awaitable<int> ReadResponse(asio::ip::tcp::socket& socket, std::string& buf) {
  for (;;) {
    size_t head_end = buf.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      int status = 0;
      if (buf.size() > 12) std::from_chars(buf.data() + 9, buf.data() + 12, status);
      size_t content_length = 0;
      std::string_view head(buf.data(), head_end);
      for (size_t pos = 0; pos < head.size();) {
        size_t eol = head.find("\r\n", pos);
        if (eol == std::string_view::npos) eol = head.size();
        std::string_view line = head.substr(pos, eol - pos);
        if (line.size() > 15 && (line[0] == 'C' || line[0] == 'c') &&
            (line.substr(0, 15) == "Content-Length:" || line.substr(0, 15) == "content-length:")) {
          std::string_view v = line.substr(15);
          while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
          std::from_chars(v.data(), v.data() + v.size(), content_length);
        }
        pos = eol + 2;
      }
      size_t total = head_end + 4 + content_length;
      while (buf.size() < total) {
        char tmp[65536];
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(tmp), kAsTuple);
        if (ec) co_return -1;
        buf.append(tmp, n);
      }
      buf.erase(0, total);
      co_return status;
    }
    char tmp[65536];
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(tmp), kAsTuple);
    if (ec) co_return -1;
    buf.append(tmp, n);
  }
}

asio::awaitable<void> RunConnection(const Options& o, const std::vector<std::string>& ids, int conn,
                                    Clock::time_point start, Clock::time_point end, Stats& stats) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::socket socket(executor);
  auto [cec] = co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), o.port},
                                             kAsTuple);
  if (cec) {
    ++stats.errors;
    co_return;
  }
  socket.set_option(asio::ip::tcp::no_delay(true));
  const auto interval = std::chrono::duration<double>(o.connections / o.rate);
  // Spread the connections' schedules evenly over one interval.
  auto phase = std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(conn) / o.connections));
  asio::steady_timer timer(executor);
  std::string buf;
  for (uint64_t n = 0;; ++n) {
    auto scheduled = start + phase + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(n));
    if (scheduled >= end) break;
    if (Clock::now() < scheduled) {
      timer.expires_at(scheduled);
      co_await timer.async_wait(kAsTuple);
    }
    std::string req = BuildRequest(o, ids, n * o.connections + conn, conn);
    auto [wec, written] = co_await asio::async_write(socket, asio::buffer(req), kAsTuple);
    if (wec) {
      ++stats.errors;
      co_return;
    }
    int status = co_await ReadResponse(socket, buf);
    if (status < 0) {
      ++stats.errors;
      co_return;
    }
    if (status < 200 || status >= 300) ++stats.non_2xx;
    auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - scheduled).count();
    stats.latencies_us.push_back(static_cast<uint32_t>(std::min<int64_t>(latency, UINT32_MAX)));
  }
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i] / 1000.0;
}

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--port") o->port = static_cast<uint16_t>(std::stoi(next()));
    else if (a == "--key") o->key = next();
    else if (a == "--rate") o->rate = std::stod(next());
    else if (a == "--connections") o->connections = std::stoi(next());
    else if (a == "--duration") o->duration_s = std::stod(next());
    else if (a == "--threads") o->threads = std::stoi(next());
    else if (a == "--path") o->path = next();
    else if (a == "--ids") o->ids_file = next();
    else if (a == "--path-prefix") o->path_prefix = next();
    else if (a == "--create-person") o->create_person = true;
    else {
      std::cerr << "loadgen: unknown option " << a << "\n";
      return false;
    }
  }
  return o->rate > 0 && o->connections > 0 && o->duration_s > 0 && o->threads > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) return 2;
  std::vector<std::string> ids;
  if (!o.ids_file.empty()) {
    std::ifstream in(o.ids_file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) ids.push_back(line);
  }
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<Stats> stats(o.connections);
  auto start = Clock::now() + std::chrono::milliseconds(200);  // time to connect first
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration_s));
  for (int t = 0; t < o.threads; ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
  for (int c = 0; c < o.connections; ++c)
    asio::co_spawn(*contexts[c % o.threads], RunConnection(o, ids, c, start, end, stats[c]), asio::detached);
  std::vector<std::thread> threads;
  for (auto& ctx : contexts) threads.emplace_back([&ctx] { ctx->run(); });
  for (auto& t : threads) t.join();
  auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<uint32_t> all;
  uint64_t errors = 0, non_2xx = 0;
  for (auto& s : stats) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    errors += s.errors;
    non_2xx += s.non_2xx;
  }
  std::sort(all.begin(), all.end());
  std::printf(
      "{\"bench\":\"loadgen\",\"target_rps\":%.0f,\"achieved_rps\":%.0f,\"connections\":%d,\"requests\":%zu,"
      "\"errors\":%llu,\"non_2xx\":%llu,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}\n",
      o.rate, all.size() / elapsed, o.connections, all.size(), static_cast<unsigned long long>(errors),
      static_cast<unsigned long long>(non_2xx), Percentile(all, 0.5), Percentile(all, 0.9), Percentile(all, 0.99),
      Percentile(all, 0.999), all.empty() ? 0.0 : all.back() / 1000.0);
  return errors ? 1 : 0;
}

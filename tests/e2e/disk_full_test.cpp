// A full disk for real, through the binary: the data dir on a 16 MiB tmpfs
// that a ballast file fills. Writes must answer 503 in Twenty's shape and
// change nothing, reads and /healthz go on, writes resume once the ballast
// is gone (no restart), SIGTERM exits 0, and after a restart every
// acknowledged record is there. Needs root to mount the tmpfs; skipped,
// with a message, where mount(2) is refused.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

class Tmpfs {
 public:
  explicit Tmpfs(const std::string& size) {
    mounted_ = ::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

 private:
  TempDir dir_{"vingt-diskfull"};
  bool mounted_ = false;
  std::string error_;
};

// Writes `path` until the disk refuses; returns the bytes written.
size_t FillDisk(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  BOOST_REQUIRE(f != nullptr);
  std::setvbuf(f, nullptr, _IONBF, 0);
  const std::string block(64 * 1024, 'b');
  size_t written = 0;
  for (;;) {
    const size_t n = std::fwrite(block.data(), 1, block.size(), f);
    written += n;
    if (n < block.size()) break;
  }
  std::fclose(f);
  return written;
}

std::string Person(int i) {
  return R"({"name":{"firstName":"Full-)" + std::to_string(i) + R"("},"jobTitle":")" + std::string(2000, 'j') + R"("})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_disk_full)

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_writes_cleanly_and_they_resume_when_space_returns) {
  Tmpfs disk("16m");
  if (!disk.mounted()) {
    BOOST_TEST_MESSAGE("skipped: cannot mount a tmpfs here (" << disk.error() << "); run as root");
    return;
  }
  const std::string data = disk.path("data");
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(data, {"--wal-reserve-bytes", "1048576", "--snapshot-wal-bytes", "0"}),
                        server.output());
  const std::string token = server.initial_token();
  std::vector<std::string> acknowledged;
  {
    HttpClient http(server.port(), token);
    auto create = [&](int i) {
      HttpResponse r = http.Post("/rest/people", Person(i));
      if (r.status == 201) acknowledged.push_back(Json(r.body).Str("/data/createPerson/id"));
      return r;
    };
    for (int i = 0; i < 20; ++i) BOOST_REQUIRE(create(i).status == 201);

    const size_t ballast = FillDisk(disk.path("ballast"));
    BOOST_TEST_MESSAGE("ballast: " << ballast << " bytes");
    HttpResponse refused;
    for (int i = 20; i < 5000; ++i) {
      refused = create(i);
      if (refused.status != 201) break;
    }
    BOOST_TEST_REQUIRE(refused.status == 503, refused.status << " " << refused.body);
    Json body(refused.body);
    BOOST_TEST(body.Int("/statusCode") == 503);
    BOOST_TEST(body.Str("/error") == "ServiceUnavailableException");
    BOOST_TEST(refused.body.find("No space left on device") != std::string::npos, refused.body);

    // Reads go on; the health check says why writes are refused.
    for (const std::string& id : acknowledged) BOOST_TEST(http.Get("/rest/people/" + id).status == 200);
    BOOST_TEST(http.Get("/healthz").status == 200);
    HttpResponse health = http.Get("/healthz/database");
    BOOST_TEST(health.status == 503, health.body);

    // Space returns: writes resume without a restart.
    BOOST_REQUIRE(::unlink(disk.path("ballast").c_str()) == 0);
    HttpResponse again;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      again = create(100000);
    } while (again.status == 503 && std::chrono::steady_clock::now() < deadline);
    BOOST_TEST(again.status == 201, again.body);
    BOOST_TEST(http.Get("/healthz/database").status == 200);
  }
  BOOST_TEST(server.Stop() == 0, server.output());  // SIGTERM after a full disk: a clean exit

  BOOST_REQUIRE_MESSAGE(server.Start(data), server.output());
  HttpClient http(server.port(), token);
  size_t found = 0;
  for (const std::string& id : acknowledged) found += http.Get("/rest/people/" + id).status == 200;
  BOOST_TEST(found == acknowledged.size());
  BOOST_TEST(server.Stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil

// The API in one process, for server tests that need to reach under it: a
// Database on the in-memory fault-injection file system (so a test can
// hold, fail or fill the "disk"), one workspace with an API key, and the
// ApiHandler that `vingt serve` routes every request through, run on a
// private io_context.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include "server/auth/key_tokens.h"
#include "server/route_table.h"
#include "storage/database.h"
#include "storage/fault_injection_file.h"

namespace vingt::testing {

struct InProcessApi {
  storage::FaultInjectionFileSystem fs;
  std::string key_dir;
  std::unique_ptr<storage::Database> db;
  server::ServerState state;
  std::optional<server::ApiHandler> handler;
  std::string authorization;
  asio::io_context io;

  // `options` gets the fault-injection file system and a data dir in it.
  explicit InProcessApi(storage::DatabaseOptions options = {}) {
    key_dir = (std::filesystem::temp_directory_path() / ("vingt-api-" + storage::Uuid::Random().ToString())).string();
    std::filesystem::create_directories(key_dir);
    options.data_dir = "/db";
    options.fs = &fs;
    options.lock_data_dir = false;
    options.snapshot_after_wal_bytes = 0;
    auto opened = storage::Database::Open(options, nullptr);
    BOOST_TEST_REQUIRE(opened.ok(), opened.status().ToString());
    db = std::move(opened).value();
    auto ws = db->CreateWorkspace("Acme");
    BOOST_TEST_REQUIRE(ws.ok());
    auto hasher = server::KeyHasher::LoadOrCreate(key_dir);
    BOOST_TEST_REQUIRE(hasher.ok());
    server::MintedKey minted = server::MintApiKey(*hasher, (*ws)->id(), "test", 1714557600000, std::nullopt);
    auto lsn = db->keys().Put(minted.key);
    BOOST_TEST_REQUIRE(lsn.ok());
    BOOST_TEST_REQUIRE(db->wal().WaitDurable(*lsn).ok());
    authorization = "Bearer " + minted.token;
    state.db = db.get();
    state.hasher = *hasher;
    handler.emplace(state);
  }
  ~InProcessApi() {
    handler.reset();
    db.reset();
    std::filesystem::remove_all(key_dir);
  }

  // Starts a request (`target` may hold a query); the answer lands in *out
  // when it is sent.
  void Start(std::string method, std::string target, std::string body, std::optional<protocol::HttpResponse>* out) {
    auto request = std::make_shared<protocol::HttpRequest>();
    request->method = std::move(method);
    request->target = target;
    const size_t q = target.find('?');
    request->path = target.substr(0, q);
    if (q != std::string::npos) request->query = target.substr(q + 1);
    request->body = std::move(body);
    request->body.reserve(request->body.size() + protocol::kBodyPadding);  // simdjson's padding
    request->headers = {{"authorization", authorization}, {"content-type", "application/json"}};
    asio::co_spawn(
        io, [this, request, out]() -> asio::awaitable<void> { *out = co_await handler->Handle(*request); },
        asio::detached);
  }

  // Runs the loop until `done` or `timeout`; true if done.
  template <typename Done>
  bool RunUntil(Done done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(std::chrono::milliseconds(5));
    }
    return done();
  }

  // One request, answered within 5 s.
  protocol::HttpResponse Send(std::string method, std::string target, std::string body = "") {
    std::optional<protocol::HttpResponse> out;
    Start(std::move(method), std::move(target), std::move(body), &out);
    BOOST_TEST_REQUIRE(RunUntil([&] { return out.has_value(); }, std::chrono::seconds(5)));
    return std::move(*out);
  }
};

}  // namespace vingt::testing

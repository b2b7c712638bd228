// The API in one process, for tests that need to reach under it: a
// Database on the in-memory fault-injection file system (so a test can
// hold, fail or fill the "disk"), one workspace with an API key, and the
// ApiHandler that `vingt serve` routes every request through, run on a
// private io_context. Used by server tests and by the fuzz targets
// (tests/fuzz/in_process_server.h), so it needs no test framework: a broken
// set-up throws std::runtime_error.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "server/auth/key_tokens.h"
#include "server/route_table.h"
#include "storage/database.h"
#include "storage/fault_injection_file.h"

namespace vingt::testing {

struct InProcessApi {
  storage::FaultInjectionFileSystem fs;
  std::string key_dir;
  std::unique_ptr<storage::Database> db;
  storage::Workspace* workspace = nullptr;
  server::ServerState state;
  std::optional<server::ApiHandler> handler;
  std::string authorization;  // "Bearer <the workspace's key>"
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
    Require(opened.ok(), "open: " + opened.status().ToString());
    db = std::move(opened).value();
    auto ws = db->CreateWorkspace("Acme");
    Require(ws.ok(), "workspace: " + ws.status().ToString());
    workspace = *ws;
    auto hasher = server::KeyHasher::LoadOrCreate(key_dir);
    Require(hasher.ok(), "key hasher: " + hasher.status().ToString());
    server::MintedKey minted = server::MintApiKey(*hasher, workspace->id(), "test", 1714557600000, std::nullopt);
    auto lsn = db->keys().Put(minted.key);
    Require(lsn.ok() && db->wal().WaitDurable(*lsn).ok(), "the key was not stored");
    authorization = "Bearer " + minted.token;
    state.db = db.get();
    state.hasher = *hasher;
    handler.emplace(state);
  }
  ~InProcessApi() {
    handler.reset();
    db.reset();
    std::error_code ignored;
    std::filesystem::remove_all(key_dir, ignored);
  }
  InProcessApi(const InProcessApi&) = delete;
  InProcessApi& operator=(const InProcessApi&) = delete;

  // Starts answering `request`; the answer lands in *out when it is sent. A
  // request without an Authorization header gets the workspace's key.
  void Start(protocol::HttpRequest request, std::optional<protocol::HttpResponse>* out) {
    if (request.Header("authorization").empty()) request.headers.emplace_back("authorization", authorization);
    request.body.reserve(request.body.size() + protocol::kBodyPadding);  // simdjson's padding
    auto held = std::make_shared<protocol::HttpRequest>(std::move(request));
    asio::co_spawn(
        io, [this, held, out]() -> asio::awaitable<void> { *out = co_await handler->Handle(*held); },
        asio::detached);
  }

  // A JSON request built from parts; `target` may hold a query.
  void Start(std::string method, std::string target, std::string body, std::optional<protocol::HttpResponse>* out) {
    Start(Request(std::move(method), std::move(target), std::move(body)), out);
  }

  static protocol::HttpRequest Request(std::string method, std::string target, std::string body = "") {
    protocol::HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    const size_t q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = target.substr(q + 1);
    request.body = std::move(body);
    request.headers = {{"content-type", "application/json"}};
    return request;
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

  // Answers one request, within `timeout` (else throws).
  protocol::HttpResponse Handle(protocol::HttpRequest request,
                                std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::optional<protocol::HttpResponse> out;
    Start(std::move(request), &out);
    Require(RunUntil([&] { return out.has_value(); }, timeout), "no answer in time");
    return std::move(*out);
  }

  protocol::HttpResponse Send(std::string method, std::string target, std::string body = "") {
    return Handle(Request(std::move(method), std::move(target), std::move(body)));
  }

 private:
  static void Require(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error("in-process API: " + what);
  }
};

}  // namespace vingt::testing

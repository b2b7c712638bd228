// What a webhook delivery costs apart from the write that raised it, in CPU
// time per delivery, without the API's load and noise around it: events
// with a 1.2 KB body (the size of a person.created) are logged with
// WebhookStore::AddEvent and handed to WebhookDispatcher::Enqueue in
// bursts the size of a group commit, each burst awaited as a write awaits
// its commit; a receiver on loopback answers 200 to every request. Prints
// the CPU time per delivery of the dispatcher's thread (signing, sending,
// reading answers, logging attempts), of the producer (logging the event,
// enqueueing), of the WAL's writer and of the receiver (lean_receiver.h).
//
//   build/bench_micro_webhook_dispatch [deliveries] [burst] [wal_dir]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "bench/build_flags.h"
#include "bench/cpu_time.h"
#include "bench/lean_receiver.h"
#include "server/webhooks/dispatcher.h"
#include "storage/file.h"
#include "storage/wal_writer.h"
#include "storage/webhook_store.h"

using namespace vingt;

int main(int argc, char** argv) {
  bench::WarnAboutBuild();
  const uint64_t deliveries = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
  const uint64_t burst = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 12;
  std::string dir = argc > 3 ? argv[3] : "";
  if (dir.empty()) {
    char tmpl[] = "/tmp/vingt-webhook-dispatch.XXXXXX";
    if (!::mkdtemp(tmpl)) return 1;
    dir = tmpl;
  }

  storage::WalOptions wal_options;
  wal_options.dir = dir + "/wal";
  wal_options.reserve_bytes = 0;
  auto wal = storage::WalWriter::Open(storage::DefaultFileSystem(), wal_options, 1, 1);
  if (!wal.ok()) {
    std::fprintf(stderr, "WAL: %s\n", wal.status().ToString().c_str());
    return 1;
  }
  storage::WebhookStore store(wal->get());
  bench::LeanReceiver receiver;

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  server::webhooks::WebhookDispatcher dispatcher({}, &store, io);
  std::thread io_thread([&] { io.run(); });

  storage::WebhookEvent model;
  model.webhook_id = storage::Uuid::Random();
  model.workspace_id = storage::Uuid::Random();
  model.event_name = "person.created";
  model.target_url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  model.secret = "a-webhook-secret-of-some-length";
  model.body = "{\"targetUrl\":\"" + model.target_url + "\",\"eventName\":\"person.created\",\"record\":{";
  while (model.body.size() < 1180) model.body += "\"field" + std::to_string(model.body.size()) + "\":\"some value\",";
  model.body += "\"id\":\"x\"}}";

  const auto wall_start = std::chrono::steady_clock::now();
  const double process_start = bench::ProcessCpuSeconds(), producer_start = bench::ThreadCpuSeconds(), io_start = bench::ThreadCpuSeconds(io_thread),
               receiver_start = receiver.cpu_seconds();
  for (uint64_t sent = 0; sent < deliveries;) {
    uint64_t last = 0;
    for (uint64_t i = 0; i < burst && sent < deliveries; ++i, ++sent) {
      auto event = std::make_shared<storage::WebhookEvent>(model);
      event->id = storage::Uuid::Random();
      auto lsn = store.AddEvent(event);
      if (!lsn.ok()) return 1;
      last = *lsn;
      dispatcher.Enqueue(std::move(event), last);
    }
    if (!(*wal)->WaitDurable(last).ok()) return 1;  // as the writes await their commit
    // Stay well inside the queue's bound: nothing dropped.
    while (sent - dispatcher.delivered() - dispatcher.failed() > 2000)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  const double producer = bench::ThreadCpuSeconds() - producer_start;
  while (dispatcher.delivered() + dispatcher.failed() < deliveries) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double dispatcher_cpu = bench::ThreadCpuSeconds(io_thread) - io_start;
  const double receiver_cpu = receiver.cpu_seconds() - receiver_start;
  const double process = bench::ProcessCpuSeconds() - process_start;
  work.reset();
  io.stop();
  io_thread.join();
  wal->reset();  // calls its last waiters (the dispatcher's) while the dispatcher lives
  const uint64_t failed = dispatcher.failed(), dropped = dispatcher.dropped();
  const double per = 1e6 / static_cast<double>(deliveries);
  // The WAL's writer: the rest of the process.
  const double wal_cpu = process - dispatcher_cpu - producer - receiver_cpu;
  std::printf(
      "{\"bench\":\"micro_webhook_dispatch\",\"deliveries\":%llu,\"burst\":%llu,\"failed\":%llu,\"dropped\":%llu,"
      "\"deliveries_per_s\":%.0f,\"dispatcher_cpu_us\":%.2f,\"producer_cpu_us\":%.2f,"
      "\"wal_writer_cpu_us\":%.2f,\"receiver_cpu_us\":%.2f,\"optimized\":%s,\"asserts\":%s}\n",
      static_cast<unsigned long long>(deliveries), static_cast<unsigned long long>(burst),
      static_cast<unsigned long long>(failed), static_cast<unsigned long long>(dropped),
      static_cast<double>(deliveries) / wall, dispatcher_cpu * per, producer * per, wal_cpu * per, receiver_cpu * per,
      bench::kOptimized ? "true" : "false", bench::kAsserts ? "true" : "false");
  std::string rm = "rm -rf '" + dir + "'";
  if (argc <= 3) (void)!std::system(rm.c_str());
  return failed == 0 ? 0 : 1;
}

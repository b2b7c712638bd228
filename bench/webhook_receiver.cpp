// The lean webhook receiver (lean_receiver.h) as a process, for
// bench/webhook_bench.sh: listens on 127.0.0.1:PORT until SIGTERM or
// SIGINT, then prints {"requests":N}, the requests it answered.
//
//   build/bench_webhook_receiver PORT
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "bench/lean_receiver.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_webhook_receiver PORT\n");
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before the receiver's thread starts: it inherits the mask
  vingt::bench::LeanReceiver receiver(static_cast<uint16_t>(std::strtoul(argv[1], nullptr, 10)));
  if (!receiver.ok()) {
    std::fprintf(stderr, "bench_webhook_receiver: cannot listen on 127.0.0.1:%s\n", argv[1]);
    return 1;
  }
  int sig = 0;
  sigwait(&set, &sig);
  std::printf("{\"requests\":%llu}\n", static_cast<unsigned long long>(receiver.requests()));
  return 0;
}

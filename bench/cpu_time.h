// CPU time, in seconds, for benchmarks that report CPU per operation
// (steadier than wall time on a shared machine).
#pragma once

#include <pthread.h>

#include <ctime>
#include <thread>

namespace vingt::bench {

inline double SecondsOf(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The calling thread's CPU time.
inline double ThreadCpuSeconds() { return SecondsOf(CLOCK_THREAD_CPUTIME_ID); }

// Thread `t`'s CPU time so far (0 once it has ended).
inline double ThreadCpuSeconds(std::thread& t) {
  clockid_t clock;
  if (!t.joinable() || pthread_getcpuclockid(t.native_handle(), &clock) != 0) return 0;
  return SecondsOf(clock);
}

// The whole process's CPU time.
inline double ProcessCpuSeconds() { return SecondsOf(CLOCK_PROCESS_CPUTIME_ID); }

}  // namespace vingt::bench

#pragma once
// Fixed pool of named worker threads over one FIFO queue of intrusive tasks.
//
// Submission takes no lock: a task is pushed onto an atomic intake stack (one CAS), which the
// workers move into their FIFO under the pool's mutex. So a JavaScript thread submitting a burst
// never waits for a worker holding that mutex.
//
// Wake-ups: a submitter wakes a sleeping worker only when no worker is awake (running a task,
// polling, or between the two), or none polls and none sleeps on watch (below): an awake worker
// looks at the queue before it sleeps, so it will find the task. A burst from one producer is
// thus carried by the worker already awake, with no futex call on the producer's side.
// Parallelism comes from the workers themselves:
//  - a worker that takes a task and leaves more queued wakes the next sleeper (pass-on);
//  - while another worker is awake, a sleeping worker sleeps "on watch", with a timeout
//    (kWatchFirst, doubling up to kWatchMax), and if the queue then holds work that no worker has
//    taken from since it went to sleep (the awake one is stuck in a long task), takes it; and a
//    submitter that finds workers awake but none polling and none on watch wakes a sleeper
//    (which then watches). A task queued behind a long one therefore starts at once or within
//    about kWatchMax; once every worker sleeps, sleeps are untimed (an idle pool makes no
//    wake-ups).
//
// Spinning: a worker that runs out of work may poll the queue for a short, bounded time before
// sleeping, which saves the futex wake-up of the next task when calls come back to back. It is
// adaptive so that it cannot take CPU from a busy machine: at most one worker spins at a time,
// never on a 1-CPU machine, and only after its last sleep was short or its last spin found work
// (calls are arriving back to back). While the 1-minute load average is below the number of
// CPUs (sampled at most 4 times a second) it polls up to kSpinFor; on a busy machine only up to
// 10 µs, backing off exponentially (up to 64 idle periods) after polls that find nothing, so
// only bursts keep it polling (thread_pool.cc, docs/runtime.md).
//
// The pool only runs tasks; outcome accounting (completed / failed / cancelled) belongs to
// Runtime::spawn, which knows the result.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ggen/runtime/metrics.h"
#include "ggen/runtime/unique_function.h"

namespace ggen::runtime {

using Task = UniqueFunction<void()>;

// kAdaptive: spin as described above (the default); kOff: never; kAlways: whenever no other
// worker spins, whatever the load (tests, and measuring what the adaptive rule gives up).
enum class SpinMode { kAdaptive, kOff, kAlways };

// A unit of work the pool links into its queue without allocating: a caller that already has a
// per-call object (the bridge's call state) derives from it and submits that object.
class PoolTask {
 public:
  virtual ~PoolTask() = default;
  // Runs once on a worker and owns the task's lifetime from then on (may delete it). An
  // exception escaping run() is swallowed by the pool.
  virtual void run() = 0;

 private:
  friend class ThreadPool;
  PoolTask* next_in_pool_ = nullptr;
  std::chrono::steady_clock::time_point enqueued_;
};

class ThreadPool {
 public:
  // How long an idle worker polls the queue before sleeping, when spinning is allowed.
  static constexpr std::chrono::microseconds kSpinFor{50};
  // A sleep this short means tasks arrive back to back: the next idle period may spin.
  static constexpr std::chrono::microseconds kShortSleep{500};
  // A sleeping worker's first and longest timed sleep while another worker is awake (above).
  static constexpr std::chrono::microseconds kWatchFirst{500};
  static constexpr std::chrono::microseconds kWatchMax{4000};

  ThreadPool(unsigned threads, std::string name_prefix, Metrics* metrics);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // False once shutdown has begun: the task is not queued and the caller must fail it.
  bool submit(Task task);
  // Queues `task` (ownership passes to the pool on true; on false the caller keeps it).
  bool submit(PoolTask* task);
  // Stops accepting, runs every task already queued, joins the workers. Idempotent.
  void shutdown();
  unsigned size() const { return static_cast<unsigned>(workers_.size()); }
  size_t queued() const { return size_.load(std::memory_order_relaxed); }
  // True while no task is queued or running.
  bool idle() const;
  // True on one of this pool's workers (blocking there on pool work could deadlock).
  bool on_worker_thread() const;
  void set_spin_mode(SpinMode mode) { spin_mode_.store(mode, std::memory_order_relaxed); }
  SpinMode spin_mode() const { return spin_mode_.load(std::memory_order_relaxed); }

 private:
  void work(unsigned index);
  // Under mu_: moves the intake into the FIFO; true when the FIFO then holds a task.
  bool refill();
  void append(PoolTask* newest_first);  // under mu_
  PoolTask* pop();                      // under mu_, FIFO not empty
  // Under mu_, queue found empty: blocks until this worker should look at the queue again.
  void sleep(std::unique_lock<std::mutex>& lock, bool& spin_next);
  void wake_one();
  // Under mu_ (released while polling): true when a task or shutdown showed up.
  bool spin_for_work(std::unique_lock<std::mutex>& lock, bool& spin_next);
  bool machine_is_quiet();

  Metrics* metrics_;
  std::string prefix_;
  // Submitted tasks, newest first (a Treiber stack; kClosed once shutdown has begun), and the
  // count of tasks submitted and not yet taken: on one cache line, which a submit writes anyway.
  alignas(64) std::atomic<PoolTask*> intake_{nullptr};
  std::atomic<size_t> size_{0};
  // Workers not asleep. Written by workers as they sleep and wake, read by submitters.
  alignas(64) std::atomic<unsigned> awake_{0};
  std::atomic<unsigned> watchers_{0};  // workers sleeping on watch (timed), same rules
  unsigned threads_ = 0;
  alignas(64) mutable std::mutex mu_;
  // Sleeping workers wait on watch_cv_ (timed: another worker is awake) or deep_cv_ (untimed).
  std::condition_variable watch_cv_, deep_cv_;
  PoolTask* head_ = nullptr;  // the FIFO, guarded by mu_
  PoolTask* tail_ = nullptr;
  uint64_t popped_ = 0;            // tasks taken so far (guarded by mu_): the watchdog's progress
  std::atomic<bool> stop_{false};  // stopping_, readable without mu_
  unsigned sleeping_ = 0;          // workers blocked on either (guarded by mu_)
  // Workers polling the queue: written under mu_, read by submitters (a poller will see the task).
  std::atomic<unsigned> spinning_{0};
  unsigned running_ = 0;  // workers running a task (guarded by mu_)
  bool stopping_ = false;
  std::atomic<SpinMode> spin_mode_{SpinMode::kAdaptive};
  // Load gate, refreshed at most every 250 ms by whichever worker asks (guarded by mu_).
  bool quiet_ = false;
  std::chrono::steady_clock::time_point quiet_checked_{};
  unsigned cpus_ = 1;
  std::vector<std::thread> workers_;
  std::vector<std::thread::id> worker_ids_;
};

}  // namespace ggen::runtime

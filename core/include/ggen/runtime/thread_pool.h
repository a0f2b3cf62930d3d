#pragma once
// Fixed pool of named worker threads over one FIFO queue of intrusive tasks.
//
// Wake-ups: a sleeping worker is woken when the queue goes from empty to non-empty, and a woken
// worker that leaves work behind wakes the next one, so a burst of submissions costs a few
// wake-ups, not one per task.
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
  PoolTask* pop();  // under mu_, queue not empty
  // Under mu_ (released while polling): true when a task or shutdown showed up.
  bool spin_for_work(std::unique_lock<std::mutex>& lock, bool& spin_next);
  bool machine_is_quiet();

  Metrics* metrics_;
  std::string prefix_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  PoolTask* head_ = nullptr;  // guarded by mu_
  PoolTask* tail_ = nullptr;
  std::atomic<size_t> size_{0};    // written under mu_, read by spinning workers without it
  std::atomic<bool> stop_{false};  // stopping_, readable without mu_
  unsigned sleeping_ = 0;          // workers blocked on cv_ (guarded by mu_)
  unsigned spinning_ = 0;          // workers polling the queue (guarded by mu_)
  unsigned running_ = 0;           // workers running a task (guarded by mu_)
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

#pragma once
// Fixed pool of named worker threads over one FIFO queue. Workers never spin: a sleeping worker
// is woken when the queue goes from empty to non-empty, and a woken worker that leaves work
// behind wakes the next one, so a burst of submissions costs a few wake-ups, not one per task.
// The pool only runs closures; outcome accounting (completed / failed / cancelled) belongs to
// Runtime::spawn, which knows the result.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ggen/runtime/metrics.h"
#include "ggen/runtime/unique_function.h"

namespace ggen::runtime {

using Task = UniqueFunction<void()>;

class ThreadPool {
 public:
  ThreadPool(unsigned threads, std::string name_prefix, Metrics* metrics);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // False once shutdown has begun: the task is not queued and the caller must fail it.
  bool submit(Task task);
  // Stops accepting, runs every task already queued, joins the workers. Idempotent.
  void shutdown();
  unsigned size() const { return static_cast<unsigned>(workers_.size()); }
  size_t queued() const;
  // True on one of this pool's workers (blocking there on pool work could deadlock).
  bool on_worker_thread() const;

 private:
  struct Item {
    Task task;
    std::chrono::steady_clock::time_point enqueued;
  };
  void work(unsigned index);

  Metrics* metrics_;
  std::string prefix_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  unsigned sleeping_ = 0;  // workers blocked on cv_ (guarded by mu_)
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::vector<std::thread::id> worker_ids_;
};

}  // namespace ggen::runtime

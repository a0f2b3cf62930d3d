// The pool's wake-ups: a submitter wakes a worker only when none is awake, awake workers pass
// wake-ups on and a sleeping one takes over from a worker stuck in a long task, so these check,
// in every spin mode, that no task is stranded and that queued work still spreads over workers.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "ggen/runtime/runtime.h"
#include "ggen/runtime/thread_pool.h"

using namespace ggen::runtime;

namespace {

// Blocks until `n` threads have arrived, or fails after a generous bound (never hangs the test).
class Rendezvous {
 public:
  explicit Rendezvous(int n) : left_(n) {}
  bool arrive() {
    std::unique_lock lock(mu_);
    if (--left_ == 0) cv_.notify_all();
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return left_ <= 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int left_;
};

const SpinMode kModes[] = {SpinMode::kOff, SpinMode::kAlways, SpinMode::kAdaptive};

const char* name_of(SpinMode m) {
  return m == SpinMode::kOff ? "off" : m == SpinMode::kAlways ? "always" : "adaptive";
}

}  // namespace

// Tasks submitted back to back while every worker sleeps: the first wakes one worker, which must
// pass the wake-up on. Each task waits for all the others, so it only completes if all run at
// once, on distinct workers.
TEST(PoolWake, ABatchSubmittedAtOnceRunsOnEveryWorker) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    constexpr unsigned kWorkers = 4;
    ThreadPool pool(kWorkers, "wake-", nullptr);
    pool.set_spin_mode(mode);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let every worker fall asleep
    Rendezvous all(kWorkers);
    std::mutex mu;
    std::set<std::thread::id> threads;
    std::atomic<int> met{0};
    for (unsigned i = 0; i < kWorkers; ++i) {
      ASSERT_TRUE(pool.submit([&] {
        {
          std::lock_guard lock(mu);
          threads.insert(std::this_thread::get_id());
        }
        if (all.arrive()) met.fetch_add(1);
      }));
    }
    pool.shutdown();
    EXPECT_EQ(met.load(), int(kWorkers));
    EXPECT_EQ(threads.size(), size_t(kWorkers));
  }
}

// One call at a time, with the workers asleep in between (the round-trip pattern): each task is
// submitted to an empty queue and must be picked up.
TEST(PoolWake, TasksSubmittedOneAtATimeAllRun) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    ThreadPool pool(2, "wake-", nullptr);
    pool.set_spin_mode(mode);
    for (int i = 0; i < 200; ++i) {
      // Every fourth call after a pause long enough for a spinning worker to give up and sleep.
      if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
      std::promise<int> done;
      auto f = done.get_future();
      ASSERT_TRUE(pool.submit([&done, i] { done.set_value(i); }));
      ASSERT_EQ(f.wait_for(std::chrono::seconds(20)), std::future_status::ready) << "task " << i;
      EXPECT_EQ(f.get(), i);
    }
  }
}

// Producers racing with workers that go to sleep and wake up: every task runs exactly once.
TEST(PoolWake, BurstsFromSeveralProducersRunEveryTaskOnce) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    ThreadPool pool(3, "wake-", nullptr);
    pool.set_spin_mode(mode);
    constexpr int kProducers = 4, kBursts = 50, kPerBurst = 40;
    std::vector<std::atomic<int>> runs(kProducers * kBursts * kPerBurst);
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&, p] {
        for (int b = 0; b < kBursts; ++b) {
          for (int i = 0; i < kPerBurst; ++i) {
            int id = (p * kBursts + b) * kPerBurst + i;
            ASSERT_TRUE(pool.submit([&runs, id] { runs[id].fetch_add(1); }));
          }
          std::this_thread::sleep_for(std::chrono::microseconds(200));  // let workers sleep
        }
      });
    }
    for (auto& t : producers) t.join();
    pool.shutdown();
    for (auto& r : runs) EXPECT_EQ(r.load(), 1);
  }
}

// Shutdown must stop a worker that is polling the queue, and intrusive tasks submitted directly
// run exactly once and are freed by the task itself.
TEST(PoolWake, ShutdownStopsSpinningWorkersAndRunsDirectTasksOnce) {
  struct Counted final : PoolTask {
    explicit Counted(std::atomic<int>& r) : runs(r) {}
    void run() override {
      runs.fetch_add(1);
      delete this;
    }
    std::atomic<int>& runs;
  };
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    std::atomic<int> runs{0};
    {
      ThreadPool pool(2, "wake-", nullptr);
      pool.set_spin_mode(mode);
      for (int i = 0; i < 1000; ++i) ASSERT_TRUE(pool.submit(new Counted(runs)));
      pool.shutdown();
      EXPECT_TRUE(pool.idle());
      auto* late = new Counted(runs);
      EXPECT_FALSE(pool.submit(late));  // refused: still the caller's
      delete late;
    }
    EXPECT_EQ(runs.load(), 1000);
  }
}

// A task submitted while the only awake worker is busy with a long task: the submitter does not
// wake anyone (a worker is awake), so the sleeping worker's watchdog must take it. The long task
// waits for the second one to run, so the test only passes if they run at once.
TEST(PoolWake, ATaskQueuedBehindALongOneStartsOnAnotherWorker) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    ThreadPool pool(2, "wake-", nullptr);
    pool.set_spin_mode(mode);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // both workers asleep
    std::promise<void> started, second_ran;
    auto second = second_ran.get_future().share();
    std::atomic<bool> long_saw_second{false};
    ASSERT_TRUE(pool.submit([&] {
      started.set_value();
      long_saw_second = second.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    }));
    started.get_future().wait();
    ASSERT_TRUE(pool.submit([&] { second_ran.set_value(); }));
    pool.shutdown();
    EXPECT_TRUE(long_saw_second.load());
  }
}

// The same from inside the pool: a task queues another and waits for it (a worker submitting
// counts as awake, so again only the watchdog or a pass-on can start the second task).
TEST(PoolWake, ATaskSubmittedFromAWorkerStartsWhileItWaits) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    ThreadPool pool(2, "wake-", nullptr);
    pool.set_spin_mode(mode);
    std::promise<bool> outcome;  // set by the outer task once it stops waiting
    std::promise<void> inner_ran;
    auto inner = inner_ran.get_future();
    ASSERT_TRUE(pool.submit([&] {
      bool queued = pool.submit([&] { inner_ran.set_value(); });
      outcome.set_value(queued &&
                        inner.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    }));
    EXPECT_TRUE(outcome.get_future().get());
    pool.shutdown();
  }
}

// A steady stream from one producer with a worker awake: tasks keep running while the other
// worker's watchdog keeps waking up, and every task runs exactly once, including those pushed
// while a worker was deciding to sleep.
TEST(PoolWake, AStreamWithTheWatchdogRunningRunsEveryTaskOnce) {
  for (SpinMode mode : kModes) {
    SCOPED_TRACE(name_of(mode));
    ThreadPool pool(2, "wake-", nullptr);
    pool.set_spin_mode(mode);
    constexpr int kTasks = 20000;
    std::vector<std::atomic<int>> runs(kTasks);
    std::atomic<int> done{0};
    for (int i = 0; i < kTasks; ++i) {
      ASSERT_TRUE(pool.submit([&runs, &done, i] {
        runs[i].fetch_add(1);
        done.fetch_add(1);
      }));
      // Now and then a pause longer than the first watchdog period, with the queue drained.
      if (i % 2000 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (done.load() < kTasks && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(done.load(), kTasks);  // all ran without shutdown's help
    pool.shutdown();
    for (auto& r : runs) EXPECT_EQ(r.load(), 1);
  }
}

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ggen/runtime/runtime.h"
#include "ggen/runtime/semaphore.h"
#include "ggen/runtime/task_group.h"

using namespace ggen;
using namespace ggen::runtime;
using namespace std::chrono_literals;

TEST(Cancellation, CallbacksRunOnceWithTheFirstReason) {
  CancellationToken t;
  int calls = 0;
  std::string code;
  auto reg = t.on_cancel([&](const Error& e) {
    ++calls;
    code = e.code();
  });
  EXPECT_TRUE(t.cancel(Error("E_TIMEOUT", "late")));
  EXPECT_FALSE(t.cancel());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(code, "E_TIMEOUT");
  EXPECT_EQ(t.reason().code(), "E_TIMEOUT");
  // Registering on a cancelled token calls back at once.
  int late = 0;
  auto reg2 = t.on_cancel([&](const Error&) { ++late; });
  EXPECT_EQ(late, 1);
  EXPECT_THROW(t.throw_if_cancelled(), Exception);
}

TEST(Cancellation, DroppedRegistrationIsNotCalled) {
  CancellationToken t;
  int calls = 0;
  { auto reg = t.on_cancel([&](const Error&) { ++calls; }); }
  t.cancel();
  EXPECT_EQ(calls, 0);
}

TEST(Cancellation, ChildFollowsParentButNotTheOtherWay) {
  CancellationToken parent;
  auto a = parent.child();
  auto b = parent.child();
  a.cancel();
  EXPECT_TRUE(a.cancelled());
  EXPECT_FALSE(parent.cancelled());
  EXPECT_FALSE(b.cancelled());
  auto grandchild = b.child();
  parent.cancel();
  EXPECT_TRUE(b.cancelled());
  EXPECT_TRUE(grandchild.cancelled());
}

TEST(Cancellation, RacingCancelsAndRegistrationsEachCallbackRunsExactlyOnce) {
  for (int round = 0; round < 50; ++round) {
    CancellationToken t;
    std::atomic<int> calls{0};
    std::vector<CancellationToken::Registration> regs(200);
    std::thread registrar([&] {
      for (auto& r : regs) r = t.on_cancel([&](const Error&) { calls.fetch_add(1); });
    });
    std::vector<std::thread> cancellers;
    for (int i = 0; i < 4; ++i) cancellers.emplace_back([&] { t.cancel(); });
    registrar.join();
    for (auto& c : cancellers) c.join();
    EXPECT_EQ(calls.load(), 200);
  }
}

TEST(Deadline, ArmedDeadlineCancelsTheTokenWithTimeout) {
  Runtime rt(RuntimeOptions{2});
  Context ctx;
  ctx.deadline = Clock::now() + 30ms;
  auto guard = rt.arm_deadline(ctx);
  Semaphore sem(0);  // never released: only the deadline can end the wait
  auto start = Clock::now();
  auto r = sem.acquire(ctx.token);
  auto waited = Clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_TIMEOUT");
  EXPECT_GE(waited, 25ms);
  EXPECT_LT(waited, 5s);
}

TEST(Deadline, DisarmedGuardLeavesTheTokenAlone) {
  Runtime rt(RuntimeOptions{1});
  Context ctx;
  ctx.deadline = Clock::now() + 20ms;
  { auto guard = rt.arm_deadline(ctx); }
  std::this_thread::sleep_for(60ms);
  EXPECT_FALSE(ctx.token.cancelled());
}

TEST(Semaphore, BoundsConcurrencyAndWakesOnCancel) {
  Runtime rt(RuntimeOptions{4});
  Semaphore sem(2);
  std::atomic<int> inside{0}, peak{0};
  std::vector<Future<void>> fs;
  CancellationToken none;
  for (int i = 0; i < 40; ++i) {
    fs.push_back(rt.spawn([&] {
      auto permit = sem.acquire_permit(none);
      int now = inside.fetch_add(1) + 1;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(200us);
      inside.fetch_sub(1);
    }));
  }
  for (auto& f : fs) EXPECT_TRUE(f.get().ok());
  EXPECT_LE(peak.load(), 2);
  EXPECT_EQ(sem.available(), 2u);

  Semaphore empty(0);
  CancellationToken t;
  std::thread canceller([&] {
    std::this_thread::sleep_for(10ms);
    t.cancel();
  });
  EXPECT_EQ(empty.acquire(t).error().code(), "E_CANCELLED");
  canceller.join();
  EXPECT_FALSE(empty.try_acquire());
}

TEST(RunBounded, ResultsInInputOrderWithinTheLimit) {
  Runtime rt(RuntimeOptions{4});
  std::atomic<int> inside{0}, peak{0};
  std::vector<std::function<int(Context&)>> tasks;
  for (int i = 0; i < 100; ++i) {
    tasks.push_back([&, i](Context&) {
      int now = inside.fetch_add(1) + 1;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(std::chrono::microseconds((100 - i) * 5));
      inside.fetch_sub(1);
      return i * i;
    });
  }
  auto results = run_bounded<int>(rt, std::move(tasks), {3, FailMode::kKeepGoing}).get().value();
  ASSERT_EQ(results.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(results[i].value(), i * i);
  EXPECT_LE(peak.load(), 3);
}

TEST(RunBounded, FailFastCancelsTheRest) {
  Runtime rt(RuntimeOptions{2});
  std::atomic<int> ran{0};
  std::vector<std::function<int(Context&)>> tasks;
  for (int i = 0; i < 50; ++i) {
    tasks.push_back([&, i](Context& ctx) -> int {
      ran.fetch_add(1);
      if (i == 3) raise(Error("E_TASK", "task 3 failed"));
      std::this_thread::sleep_for(1ms);
      ctx.check();
      return i;
    });
  }
  auto results = run_bounded<int>(rt, std::move(tasks), {1, FailMode::kFailFast}).get().value();
  ASSERT_EQ(results.size(), 50u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(results[i].ok());
  EXPECT_EQ(results[3].error().code(), "E_TASK");
  for (int i = 4; i < 50; ++i) EXPECT_EQ(results[i].error().code(), "E_CANCELLED");
  EXPECT_EQ(ran.load(), 4);
  EXPECT_EQ(first_error(results)->code(), "E_TASK");
}

TEST(RunBounded, KeepGoingRunsEverythingAndReportsEveryFailure) {
  Runtime rt(RuntimeOptions{2});
  std::vector<std::function<int(Context&)>> tasks;
  for (int i = 0; i < 20; ++i) {
    tasks.push_back([i](Context&) -> int {
      if (i % 5 == 0) raise(Error("E_ODD", "task " + std::to_string(i)));
      return i;
    });
  }
  auto results = run_bounded<int>(rt, std::move(tasks), {0, FailMode::kKeepGoing}).get().value();
  int failed = 0;
  for (int i = 0; i < 20; ++i) {
    if (i % 5 == 0) {
      ++failed;
      EXPECT_EQ(results[i].error().message(), "task " + std::to_string(i));
    } else {
      EXPECT_EQ(results[i].value(), i);
    }
  }
  EXPECT_EQ(failed, 4);
}

TEST(RunBounded, ParentCancellationStopsTheBatch) {
  Runtime rt(RuntimeOptions{2});
  Context parent;
  std::atomic<int> ran{0};
  std::vector<std::function<int(Context&)>> tasks;
  for (int i = 0; i < 200; ++i) {
    tasks.push_back([&](Context& ctx) {
      ran.fetch_add(1);
      std::this_thread::sleep_for(500us);
      ctx.check();
      return 1;
    });
  }
  auto fut = run_bounded<int>(rt, std::move(tasks), {2, FailMode::kKeepGoing}, parent);
  std::this_thread::sleep_for(5ms);
  parent.token.cancel();
  auto results = fut.get().value();
  int cancelled = 0;
  for (auto& r : results) cancelled += !r.ok() && r.error().code() == "E_CANCELLED";
  EXPECT_GT(cancelled, 100);
  EXPECT_LT(ran.load(), 200);
}

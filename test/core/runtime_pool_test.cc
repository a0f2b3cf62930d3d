#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <set>
#include <thread>

#include "ggen/runtime/runtime.h"

using namespace ggen;
using namespace ggen::runtime;

TEST(Runtime, ManyProducersEveryTaskRunsExactlyOnce) {
  Runtime rt(RuntimeOptions{4});
  constexpr int kProducers = 8, kPerProducer = 2000;
  std::vector<std::atomic<int>> runs(kProducers * kPerProducer);
  std::vector<std::vector<Future<int>>> futures(kProducers);
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        int id = p * kPerProducer + i;
        futures[p].push_back(rt.spawn([&runs, id] {
          runs[id].fetch_add(1);
          return id;
        }));
      }
    });
  }
  for (auto& t : producers) t.join();
  for (int p = 0; p < kProducers; ++p) {
    for (int i = 0; i < kPerProducer; ++i)
      EXPECT_EQ(futures[p][i].get().value(), p * kPerProducer + i);
  }
  for (auto& r : runs) EXPECT_EQ(r.load(), 1);
  auto s = rt.stats();
  EXPECT_EQ(s.spawned, uint64_t(kProducers * kPerProducer));
  EXPECT_EQ(s.completed, uint64_t(kProducers * kPerProducer));
  EXPECT_EQ(s.failed, 0u);
  EXPECT_LE(s.peak_concurrency, 4u);
  EXPECT_GE(s.peak_concurrency, 1u);
}

TEST(Runtime, ExceptionsInsideTasksBecomeErrors) {
  Runtime rt(RuntimeOptions{2});
  auto a = rt.spawn([]() -> int { throw std::runtime_error("exploded"); });
  auto b = rt.spawn([]() -> int {
    raise(Error("E_TEMPLATE_SYNTAX", "bad tag").at({"t.tera", 2, 3}));
  });
  auto c = rt.spawn([]() -> Result<int> { return Error("E_RESULT", "returned"); });
  auto ra = a.get();
  EXPECT_EQ(ra.error().code(), "E_INTERNAL");
  EXPECT_EQ(ra.error().message(), "exploded");
  auto rb = b.get();
  EXPECT_EQ(rb.error().code(), "E_TEMPLATE_SYNTAX");
  EXPECT_EQ(rb.error().location().line, 2);
  EXPECT_EQ(c.get().error().code(), "E_RESULT");
  // The pool survives and keeps working.
  EXPECT_EQ(rt.spawn([] { return 3; }).get().value(), 3);
  auto s = rt.stats();
  EXPECT_EQ(s.failed, 3u);
  EXPECT_EQ(s.completed, 1u);
}

TEST(Runtime, WorkersAreNamed) {
  Runtime rt(RuntimeOptions{2, "ggen-worker-"});
  auto name = rt.spawn([] {
                  char buf[32] = {};
                  pthread_getname_np(pthread_self(), buf, sizeof buf);
                  return std::string(buf);
                })
                  .get()
                  .value();
  EXPECT_EQ(name.rfind("ggen-worker-", 0), 0u) << name;
  EXPECT_TRUE(rt.spawn([&] { return rt.on_worker_thread(); }).get().value());
  EXPECT_FALSE(rt.on_worker_thread());
}

TEST(Runtime, ShutdownWhileBusyRunsQueuedTasksOnceAndRejectsNewOnes) {
  auto rt = std::make_unique<Runtime>(RuntimeOptions{2});
  std::atomic<int> ran{0};
  std::vector<Future<void>> fs;
  for (int i = 0; i < 500; ++i) {
    fs.push_back(rt->spawn([&] {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      ran.fetch_add(1);
    }));
  }
  std::thread stopper([&] { rt->shutdown(); });
  stopper.join();
  EXPECT_EQ(ran.load(), 500);
  for (auto& f : fs) EXPECT_TRUE(f.get().ok());
  auto late = rt->spawn([] { return 1; });
  ASSERT_TRUE(late.is_ready());
  EXPECT_EQ(late.get().error().code(), "E_SHUTDOWN");
  rt.reset();  // destructor after shutdown is a no-op
}

TEST(Runtime, TaskWithCancelledContextDoesNotRun) {
  Runtime rt(RuntimeOptions{1});
  Context ctx;
  ctx.token.cancel();
  bool ran = false;
  auto f = rt.spawn([&] { ran = true; }, ctx);
  EXPECT_EQ(f.get().error().code(), "E_CANCELLED");
  EXPECT_FALSE(ran);
  EXPECT_EQ(rt.stats().cancelled, 1u);
}

TEST(Runtime, ExpiredDeadlineFailsWithTimeout) {
  Runtime rt(RuntimeOptions{1});
  Context ctx;
  ctx.deadline = Clock::now() - std::chrono::milliseconds(1);
  auto f = rt.spawn([] { return 1; }, ctx);
  EXPECT_EQ(f.get().error().code(), "E_TIMEOUT");
}

TEST(ThreadsFromEnv, AcceptsDefaultsAndRejectsNonsense) {
  EXPECT_EQ(threads_from_env(nullptr, 16).value(), 4u);
  EXPECT_EQ(threads_from_env("", 2).value(), 2u);
  EXPECT_EQ(threads_from_env(nullptr, 0).value(), 1u);
  EXPECT_EQ(threads_from_env("8", 2).value(), 8u);
  for (const char* bad : {"0", "-1", "abc", "4x", "257", "99999", " 4"}) {
    auto r = threads_from_env(bad, 4);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_CONFIG");
    EXPECT_NE(r.error().message().find(bad), std::string::npos);
    EXPECT_FALSE(r.error().hint().empty());
  }
}

TEST(Runtime, AppliesTheSpinModeOfItsOptions) {
  EXPECT_EQ(Runtime(RuntimeOptions{1}).spin_mode(), SpinMode::kAdaptive);
  for (SpinMode m : {SpinMode::kOff, SpinMode::kAlways, SpinMode::kAdaptive}) {
    Runtime rt(RuntimeOptions{1, "spin-", m});
    EXPECT_EQ(rt.spin_mode(), m);
    EXPECT_EQ(rt.spawn([] { return 7; }).get().value(), 7);
  }
}

TEST(SpinFromEnv, AcceptsTheThreeModesAndRejectsNonsense) {
  EXPECT_EQ(spin_from_env(nullptr).value(), SpinMode::kAdaptive);
  EXPECT_EQ(spin_from_env("").value(), SpinMode::kAdaptive);
  EXPECT_EQ(spin_from_env("auto").value(), SpinMode::kAdaptive);
  EXPECT_EQ(spin_from_env("off").value(), SpinMode::kOff);
  EXPECT_EQ(spin_from_env("on").value(), SpinMode::kAlways);
  for (const char* bad : {"yes", "1", "ON", " off", "auto "}) {
    auto r = spin_from_env(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_CONFIG");
    EXPECT_NE(r.error().message().find(bad), std::string::npos);
    EXPECT_FALSE(r.error().hint().empty());
  }
}

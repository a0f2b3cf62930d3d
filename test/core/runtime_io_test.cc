#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ggen/runtime/runtime.h"

using namespace ggen;
using namespace ggen::runtime;
using namespace std::chrono_literals;

TEST(IoThread, TimersFireInDeadlineOrderAndCancelledOnesDoNot) {
  Runtime rt(RuntimeOptions{1});
  std::mutex mu;
  std::vector<int> order;
  Promise<void> done;
  auto push = [&](int v) {
    std::lock_guard lock(mu);
    order.push_back(v);
  };
  rt.io().start_timer(30ms, [&] { push(3); });
  rt.io().start_timer(10ms, [&] { push(1); });
  auto id = rt.io().start_timer(20ms, [&] { push(99); });
  rt.io().cancel_timer(id);
  rt.io().start_timer(50ms, [&, done] {
    push(5);
    done.set(Result<void>());
  });
  ASSERT_TRUE(done.future().wait_for(5s));
  std::lock_guard lock(mu);
  EXPECT_EQ(order, (std::vector<int>{1, 3, 5}));
}

TEST(IoThread, PostRunsOnTheNamedIoThread) {
  Runtime rt(RuntimeOptions{1});
  Promise<std::string> p;
  rt.io().post([&, p](uv_loop_s*) {
    char buf[32] = {};
    pthread_getname_np(pthread_self(), buf, sizeof buf);
    p.set(std::string(buf) + (rt.io().on_io_thread() ? "+" : "-"));
  });
  EXPECT_EQ(p.future().get().value(), "ggen-io+");
}

TEST(Process, CapturesOutputAndExitCode) {
  Runtime rt(RuntimeOptions{1});
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "printf out; printf err >&2; exit 3"};
  auto r = rt.io().run_process(o).get().value();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.stdout_text, "out");
  EXPECT_EQ(r.stderr_text, "err");
  EXPECT_FALSE(r.timed_out);
}

TEST(Process, PassesCwdAndExtraEnvironment) {
  Runtime rt(RuntimeOptions{1});
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "pwd; echo $GGEN_TEST_VALUE"};
  o.cwd = "/tmp";
  o.env = {"GGEN_TEST_VALUE=hello"};
  auto r = rt.io().run_process(o).get().value();
  EXPECT_EQ(r.stdout_text, "/tmp\nhello\n");
}

TEST(Process, TimeoutKillsTheWholeGroup) {
  Runtime rt(RuntimeOptions{1});
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "sleep 30 & sleep 30; echo never"};
  o.timeout = 100ms;
  auto start = Clock::now();
  auto r = rt.io().run_process(o).get().value();
  EXPECT_TRUE(r.timed_out);
  EXPECT_NE(r.term_signal, 0);
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(Process, CancellationKillsAndFailsWithCancelled) {
  Runtime rt(RuntimeOptions{1});
  CancellationToken t;
  ProcessOptions o;
  o.argv = {"sleep", "30"};
  auto f = rt.io().run_process(o, t);
  std::this_thread::sleep_for(50ms);
  auto start = Clock::now();
  t.cancel();
  auto r = f.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  EXPECT_LT(Clock::now() - start, 3s);
}

TEST(Process, MissingCommandIsAnIoError) {
  Runtime rt(RuntimeOptions{1});
  ProcessOptions o;
  o.argv = {"ggen-no-such-command-xyz"};
  auto r = rt.io().run_process(o).get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_IO");
  EXPECT_NE(r.error().message().find("ggen-no-such-command-xyz"), std::string::npos);
  ProcessOptions empty;
  EXPECT_EQ(rt.io().run_process(empty).get().error().code(), "E_INVALID_ARGUMENT");
}

TEST(Process, ShutdownWithARunningChildSettlesIt) {
  auto rt = std::make_unique<Runtime>(RuntimeOptions{1});
  ProcessOptions o;
  o.argv = {"sleep", "30"};
  auto f = rt->io().run_process(o);
  std::this_thread::sleep_for(50ms);
  rt->shutdown();
  ASSERT_TRUE(f.is_ready());
  auto r = f.get();
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.value().term_signal, 0);
}

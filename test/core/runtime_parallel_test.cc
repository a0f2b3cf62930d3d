#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ggen/runtime/parallel.h"

using namespace ggen;
using namespace ggen::runtime;

TEST(ParallelFor, ResultsInIndexOrder) {
  Runtime rt(RuntimeOptions{3});
  auto rs = parallel_for<int>(rt, 500, [](size_t i) { return static_cast<int>(i) * 2; }, {}, {});
  ASSERT_EQ(rs.size(), 500u);
  for (size_t i = 0; i < rs.size(); ++i) EXPECT_EQ(rs[i].value(), static_cast<int>(i) * 2);
}

TEST(ParallelFor, NestedInsideAOneThreadPoolDoesNotDeadlock) {
  Runtime rt(RuntimeOptions{1});
  auto outer = rt.spawn([&rt] {
    auto rs = parallel_for<int>(rt, 100, [](size_t i) { return static_cast<int>(i); }, {4}, {});
    int sum = 0;
    for (auto& r : rs) sum += r.value();
    return sum;
  });
  ASSERT_TRUE(outer.wait_for(std::chrono::seconds(10)));
  EXPECT_EQ(outer.get().value(), 4950);
}

TEST(ParallelFor, FailFastStopsHandingOutWork) {
  Runtime rt(RuntimeOptions{2});
  std::atomic<int> ran{0};
  auto rs = parallel_for<int>(
      rt, 1000,
      [&](size_t i) -> int {
        ran.fetch_add(1);
        if (i == 5) raise(Error("E_X", "five"));
        return 0;
      },
      {1, FailMode::kFailFast}, {});
  EXPECT_EQ(rs[5].error().code(), "E_X");
  EXPECT_LT(ran.load(), 1000);
  EXPECT_EQ(first_error(rs)->code(), "E_X");
}

TEST(ParallelFor, RespectsTheLimitAndCancellation) {
  Runtime rt(RuntimeOptions{4});
  std::atomic<int> inside{0}, peak{0};
  auto rs = parallel_for<int>(
      rt, 200,
      [&](size_t) {
        int now = inside.fetch_add(1) + 1;
        int p = peak.load();
        while (now > p && !peak.compare_exchange_weak(p, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        inside.fetch_sub(1);
        return 1;
      },
      {2, FailMode::kKeepGoing}, {});
  EXPECT_LE(peak.load(), 2);
  Context ctx;
  ctx.token.cancel();
  auto cancelled = parallel_for<int>(rt, 10, [](size_t) { return 1; }, {}, ctx);
  for (auto& r : cancelled) EXPECT_EQ(r.error().code(), "E_CANCELLED");
}

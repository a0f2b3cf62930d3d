#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "ggen/runtime/future.h"

using namespace ggen;
using namespace ggen::runtime;

TEST(Future, DeliversValueToWaiterOnAnotherThread) {
  Promise<int> p;
  auto f = p.future();
  std::thread t([p] { p.set(7); });
  EXPECT_EQ(f.get().value(), 7);
  t.join();
}

TEST(Future, FirstCompletionWins) {
  Promise<int> p;
  EXPECT_TRUE(p.set(1));
  EXPECT_FALSE(p.set(2));
  EXPECT_FALSE(p.set_error(Error("E_X", "late")));
  EXPECT_EQ(p.future().get().value(), 1);
}

TEST(Future, ThenChainsValuesAndPassesErrorsThrough) {
  Promise<int> p;
  auto doubled = p.future().then([](const int& v) { return v * 2; });
  auto text = doubled.then([](const int& v) { return std::to_string(v); });
  p.set(21);
  EXPECT_EQ(text.get().value(), "42");

  Promise<int> q;
  bool ran = false;
  auto chained = q.future().then([&](const int& v) {
    ran = true;
    return v;
  });
  q.set_error(Error("E_BAD", "broken"));
  auto r = chained.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_BAD");
  EXPECT_FALSE(ran);
}

TEST(Future, ThenTurnsExceptionsAndErrorResultsIntoErrors) {
  auto f = Future<int>::ready(1).then([](const int&) -> int { throw std::runtime_error("bang"); });
  EXPECT_EQ(f.get().error().code(), "E_INTERNAL");
  auto g = Future<int>::ready(1).then([](const int&) -> Result<int> { return Error("E_MINE", "m"); });
  EXPECT_EQ(g.get().error().code(), "E_MINE");
}

TEST(Future, OnCompleteRunsAtOnceWhenAlreadyReady) {
  auto f = Future<int>::ready(5);
  int seen = 0;
  f.on_complete([&](const Result<int>& r) { seen = r.value(); });
  EXPECT_EQ(seen, 5);
}

TEST(Future, WaitForTimesOutOnPendingFuture) {
  Promise<int> p;
  EXPECT_FALSE(p.future().wait_for(std::chrono::milliseconds(10)));
  p.set(1);
  EXPECT_TRUE(p.future().wait_for(std::chrono::milliseconds(10)));
}

TEST(WhenAll, KeepsInputOrderWhateverTheCompletionOrder) {
  std::vector<Promise<int>> ps(3);
  std::vector<Future<int>> fs;
  for (auto& p : ps) fs.push_back(p.future());
  auto all = when_all(fs);
  ps[2].set(30);
  ps[0].set(10);
  EXPECT_FALSE(all.is_ready());
  ps[1].set(20);
  EXPECT_EQ(all.get().value(), (std::vector<int>{10, 20, 30}));
}

TEST(WhenAll, FailsWithTheFirstErrorInInputOrder) {
  std::vector<Promise<int>> ps(3);
  std::vector<Future<int>> fs;
  for (auto& p : ps) fs.push_back(p.future());
  auto all = when_all(fs);
  ps[2].set_error(Error("E_LATE_INDEX", "c"));
  ps[1].set_error(Error("E_EARLY_INDEX", "b"));
  ps[0].set(1);
  EXPECT_EQ(all.get().error().code(), "E_EARLY_INDEX");
}

TEST(WhenAll, EmptyInputIsReadyAtOnce) {
  auto all = when_all(std::vector<Future<int>>{});
  ASSERT_TRUE(all.is_ready());
  EXPECT_TRUE(all.get().value().empty());
}

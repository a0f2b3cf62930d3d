#include <gtest/gtest.h>

#include "ggen/cache/lru.h"

namespace ggen::cache {
namespace {

std::shared_ptr<const std::string> str(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

const Counters& find(const std::vector<Counters>& all, const std::string& name) {
  for (const auto& c : all) {
    if (c.name == name) return c;
  }
  static Counters none;
  ADD_FAILURE() << "no counters for " << name;
  return none;
}

TEST(CacheLru, CountsHitsAndMissesPerCache) {
  Lru lru(1000);
  EXPECT_EQ(lru.get<std::string>("a", "k"), nullptr);
  lru.put("a", "k", str("v"), 10);
  auto v = lru.get<std::string>("a", "k");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, "v");
  EXPECT_EQ(lru.get<std::string>("b", "k"), nullptr);  // same key, other cache
  auto all = lru.counters();
  EXPECT_EQ(find(all, "a").hits, 1u);
  EXPECT_EQ(find(all, "a").misses, 1u);
  EXPECT_EQ(find(all, "a").entries, 1u);
  EXPECT_EQ(find(all, "a").bytes, 10u);
  EXPECT_EQ(find(all, "b").misses, 1u);
  EXPECT_EQ(find(all, "b").entries, 0u);
}

TEST(CacheLru, EvictsLeastRecentlyUsedWithinTheBudget) {
  Lru lru(100);
  lru.put("a", "1", str("one"), 40);
  lru.put("b", "2", str("two"), 40);
  ASSERT_NE(lru.get<std::string>("a", "1"), nullptr);  // 1 is now more recent than 2
  lru.put("a", "3", str("three"), 40);                 // over budget: 2 goes
  EXPECT_LE(lru.bytes(), 100u);
  EXPECT_EQ(lru.peek<std::string>("b", "2"), nullptr);
  EXPECT_NE(lru.peek<std::string>("a", "1"), nullptr);
  EXPECT_NE(lru.peek<std::string>("a", "3"), nullptr);
  EXPECT_EQ(find(lru.counters(), "b").evictions, 1u);
  EXPECT_EQ(find(lru.counters(), "b").bytes, 0u);
}

TEST(CacheLru, NeverExceedsTheBudgetUnderManyInserts) {
  Lru lru(1024);
  for (int i = 0; i < 500; ++i) {
    lru.put("x", std::to_string(i), str(std::string(static_cast<size_t>(i % 97), 'x')),
            static_cast<size_t>(i % 97) + 16);
    ASSERT_LE(lru.bytes(), 1024u);
  }
  size_t sum = 0;
  for (const auto& c : lru.counters()) sum += c.bytes;
  EXPECT_EQ(sum, lru.bytes());
}

TEST(CacheLru, RefusesAValueLargerThanTheBudget) {
  Lru lru(50);
  lru.put("a", "small", str("s"), 10);
  EXPECT_FALSE(lru.put("a", "huge", str("h"), 51));
  EXPECT_EQ(lru.peek<std::string>("a", "huge"), nullptr);
  EXPECT_NE(lru.peek<std::string>("a", "small"), nullptr);  // nothing evicted for it
}

TEST(CacheLru, ReplacingAKeyReplacesItsBytes) {
  Lru lru(100);
  lru.put("a", "k", str("v1"), 60);
  lru.put("a", "k", str("v2"), 30);
  EXPECT_EQ(lru.bytes(), 30u);
  EXPECT_EQ(*lru.peek<std::string>("a", "k"), "v2");
  EXPECT_EQ(find(lru.counters(), "a").entries, 1u);
}

TEST(CacheLru, ShrinkingTheBudgetEvicts) {
  Lru lru(100);
  lru.put("a", "1", str("1"), 40);
  lru.put("a", "2", str("2"), 40);
  lru.set_budget(50);
  EXPECT_LE(lru.bytes(), 50u);
  EXPECT_NE(lru.peek<std::string>("a", "2"), nullptr);  // the most recent stays
}

TEST(CacheLru, AnEvictedValueStaysAliveForItsReader) {
  Lru lru(10);
  lru.put("a", "1", str("kept"), 10);
  auto held = lru.get<std::string>("a", "1");
  lru.put("a", "2", str("new"), 10);
  EXPECT_EQ(lru.peek<std::string>("a", "1"), nullptr);
  EXPECT_EQ(*held, "kept");
}

}  // namespace
}  // namespace ggen::cache

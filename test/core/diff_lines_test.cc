// ggen::diff::diff_lines: a valid, minimal edit script (checked against an LCS table on random
// inputs) and bounded time on large inputs.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "ggen/diff/diff.h"

namespace {

using ggen::diff::diff_lines;
using ggen::diff::LineChanges;

std::vector<std::string_view> views(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

// The unchanged lines of both sides, in order, must be the same sequence.
void expect_valid(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                  const LineChanges& c) {
  ASSERT_EQ(c.deleted.size(), a.size());
  ASSERT_EQ(c.inserted.size(), b.size());
  std::vector<std::string_view> ka, kb;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!c.deleted[i]) ka.push_back(a[i]);
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (!c.inserted[j]) kb.push_back(b[j]);
  }
  EXPECT_EQ(ka, kb);
}

std::size_t lcs(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    }
  }
  return t[0][0];
}

std::size_t kept(const LineChanges& c) {
  std::size_t n = 0;
  for (bool d : c.deleted) n += !d;
  return n;
}

TEST(DiffLines, EmptyInputs) {
  std::vector<std::string_view> none, two = {"a\n", "b\n"};
  auto c = diff_lines(none, none);
  EXPECT_TRUE(c.deleted.empty() && c.inserted.empty());
  c = diff_lines(none, two);
  EXPECT_EQ(c.inserted, std::vector<bool>({true, true}));
  c = diff_lines(two, none);
  EXPECT_EQ(c.deleted, std::vector<bool>({true, true}));
}

TEST(DiffLines, FinalNewlineMatters) {
  std::vector<std::string_view> a = {"x\n", "y"}, b = {"x\n", "y\n"};
  auto c = diff_lines(a, b);
  EXPECT_EQ(c.deleted, std::vector<bool>({false, true}));
  EXPECT_EQ(c.inserted, std::vector<bool>({false, true}));
}

TEST(DiffLines, RandomInputsAreMinimal) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 600; ++round) {
    const int alphabet = 1 + static_cast<int>(rng() % 6);
    auto make = [&](int n) {
      std::vector<std::string> v;
      for (int i = 0; i < n; ++i)
        v.push_back(std::string(1, static_cast<char>('a' + rng() % alphabet)) + "\n");
      return v;
    };
    auto sa = make(static_cast<int>(rng() % 40));
    auto sb = make(static_cast<int>(rng() % 40));
    auto a = views(sa), b = views(sb);
    for (int horizon : {-1, 0, 3}) {
      auto c = diff_lines(a, b, horizon);
      expect_valid(a, b, c);
      EXPECT_EQ(kept(c), lcs(a, b)) << "round " << round << " horizon " << horizon;
    }
  }
}

TEST(DiffLines, LargeRewrittenFileIsFast) {
  std::vector<std::string> sa, sb;
  for (int i = 0; i < 200000; ++i) {
    sa.push_back("old line " + std::to_string(i) + "\n");
    sb.push_back("new line " + std::to_string(i) + "\n");
  }
  auto start = std::chrono::steady_clock::now();
  auto c = diff_lines(views(sa), views(sb));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_EQ(kept(c), 0u);
}

// Many repeated lines in a different order: the cost bound kicks in, the script stays valid.
TEST(DiffLines, LargeShuffledFileStaysValidAndBounded) {
  std::mt19937 rng(7);
  std::vector<std::string> sa, sb;
  for (int i = 0; i < 30000; ++i) {
    sa.push_back(std::to_string(rng() % 50) + "\n");
    sb.push_back(std::to_string(rng() % 50) + "\n");
  }
  auto a = views(sa), b = views(sb);
  auto start = std::chrono::steady_clock::now();
  auto c = diff_lines(a, b);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  expect_valid(a, b, c);
}

TEST(DiffLines, LargeFileWithFewEditsIsFast) {
  std::vector<std::string> sa;
  for (int i = 0; i < 100000; ++i) sa.push_back("line " + std::to_string(i % 1000) + "\n");
  std::vector<std::string> sb = sa;
  sb.erase(sb.begin() + 50000, sb.begin() + 50010);
  sb.insert(sb.begin() + 777, "inserted\n");
  sb.back() = "changed\n";
  auto a = views(sa), b = views(sb);
  auto start = std::chrono::steady_clock::now();
  auto c = diff_lines(a, b);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  expect_valid(a, b, c);
  EXPECT_EQ(kept(c), sa.size() - 11);
}

}  // namespace

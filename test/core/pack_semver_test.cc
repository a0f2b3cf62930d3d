#include <gtest/gtest.h>

#include "ggen/pack/semver.h"

using namespace ggen::pack;

namespace {
Version v(const char* s) {
  return parse_version(s).value();
}
bool sat(const char* range, const char* version) {
  return parse_range(range).value().satisfied_by(v(version));
}
}  // namespace

TEST(Semver, ParsesAndOrders) {
  EXPECT_EQ(v("1.2.3").to_string(), "1.2.3");
  EXPECT_EQ(v("1.2.3-rc.1+build.5").to_string(), "1.2.3-rc.1");
  EXPECT_LT(v("1.2.3-alpha"), v("1.2.3"));
  EXPECT_LT(v("1.2.3-alpha.2"), v("1.2.3-alpha.10"));
  EXPECT_LT(v("1.2.3-alpha.10"), v("1.2.3-beta"));
  EXPECT_LT(v("1.9.0"), v("1.10.0"));
  EXPECT_EQ(v("1.0.0+a"), v("1.0.0+b"));
}

TEST(Semver, RejectsBadVersions) {
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-", "1.2.3-01",
                          "a.b.c", "1.2.3-a..b"}) {
    auto r = parse_version(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_VERSION");
  }
}

TEST(Semver, Caret) {
  EXPECT_TRUE(sat("^1.2.3", "1.2.3"));
  EXPECT_TRUE(sat("^1.2.3", "1.9.0"));
  EXPECT_FALSE(sat("^1.2.3", "2.0.0"));
  EXPECT_FALSE(sat("^1.2.3", "1.2.2"));
  EXPECT_TRUE(sat("^0.2.3", "0.2.9"));
  EXPECT_FALSE(sat("^0.2.3", "0.3.0"));
  EXPECT_TRUE(sat("^0.0.3", "0.0.3"));
  EXPECT_FALSE(sat("^0.0.3", "0.0.4"));
  EXPECT_TRUE(sat("^1.x", "1.5.0"));
  EXPECT_FALSE(sat("^1.x", "2.0.0"));
}

TEST(Semver, TildeAndXRanges) {
  EXPECT_TRUE(sat("~1.2.3", "1.2.9"));
  EXPECT_FALSE(sat("~1.2.3", "1.3.0"));
  EXPECT_TRUE(sat("~1", "1.9.9"));
  EXPECT_TRUE(sat("1.x", "1.0.0"));
  EXPECT_FALSE(sat("1.x", "2.0.0"));
  EXPECT_TRUE(sat("1.2.*", "1.2.7"));
  EXPECT_FALSE(sat("1.2.*", "1.3.0"));
  EXPECT_TRUE(sat("*", "9.9.9"));
  EXPECT_TRUE(sat("", "0.0.1"));
}

TEST(Semver, ComparatorsAndUnions) {
  EXPECT_TRUE(sat(">=1.0.0 <2.0.0", "1.5.0"));
  EXPECT_FALSE(sat(">=1.0.0 <2.0.0", "2.0.0"));
  EXPECT_TRUE(sat(">= 1.0.0", "1.0.0"));
  EXPECT_TRUE(sat(">1.2", "1.3.0"));
  EXPECT_FALSE(sat(">1.2", "1.2.9"));
  EXPECT_TRUE(sat("<=1.2", "1.2.9"));
  EXPECT_TRUE(sat("1.0.0 || 3.x", "3.1.0"));
  EXPECT_FALSE(sat("1.0.0 || 3.x", "2.0.0"));
  EXPECT_TRUE(sat("=1.0.0", "1.0.0"));
  EXPECT_FALSE(sat("=1.0.0", "1.0.1"));
}

TEST(Semver, PreReleasesOnlyWhenAskedFor) {
  EXPECT_FALSE(sat("^1.0.0", "1.1.0-rc.1"));
  EXPECT_FALSE(sat("^1.0.0", "2.0.0-rc.1"));
  EXPECT_TRUE(sat("^1.1.0-rc.0", "1.1.0-rc.1"));
  EXPECT_TRUE(sat("^1.1.0-rc.0", "1.2.0"));
  EXPECT_FALSE(sat("^1.1.0-rc.0", "1.2.0-rc.1"));
}

TEST(Semver, RejectsBadRanges) {
  for (const char* bad : {">=", "^1.2.3.4", "1.0.0 ||", "abc", ">=1.0.0 <", "1.x.3", "<*"}) {
    auto r = parse_range(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_VERSION") << bad;
  }
}

TEST(Semver, HighestSatisfying) {
  std::vector<Version> vs = {v("1.0.0"), v("1.4.0"), v("2.0.0"), v("1.5.0-rc.1")};
  EXPECT_EQ(highest_satisfying(vs, parse_range("^1.0.0").value())->to_string(), "1.4.0");
  EXPECT_EQ(highest_satisfying(vs, parse_range("*").value())->to_string(), "2.0.0");
  EXPECT_EQ(highest_satisfying(vs, parse_range("^3").value()), nullptr);
}

#include "ggen/text/utf8.h"

#include <gtest/gtest.h>

namespace {

std::string enc(uint32_t cp) {
  std::string s;
  ggen::text::append_utf8(s, cp);
  return s;
}

TEST(TextUtf8, EncodesEachLengthAtItsBoundaries) {
  EXPECT_EQ(enc(0x41), "A");
  EXPECT_EQ(enc(0x7F), "\x7F");
  EXPECT_EQ(enc(0x80), "\xC2\x80");
  EXPECT_EQ(enc(0x7FF), "\xDF\xBF");
  EXPECT_EQ(enc(0x800), "\xE0\xA0\x80");
  EXPECT_EQ(enc(0x20AC), "\xE2\x82\xAC");
  EXPECT_EQ(enc(0xFFFF), "\xEF\xBF\xBF");
  EXPECT_EQ(enc(0x10000), "\xF0\x90\x80\x80");
  EXPECT_EQ(enc(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(enc(0x10FFFF), "\xF4\x8F\xBF\xBF");
}

TEST(TextUtf8, Appends) {
  std::string s = "x";
  ggen::text::append_utf8(s, 0xE9);
  EXPECT_EQ(s, "x\xC3\xA9");
}

}  // namespace

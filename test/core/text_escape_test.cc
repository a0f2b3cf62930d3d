#include "ggen/text/escape.h"

#include <gtest/gtest.h>

namespace {

std::string esc(std::string_view s, ggen::text::EscapeStyle style) {
  std::string out = "<";
  ggen::text::append_escaped(out, s, style);
  return out;
}

}  // namespace

TEST(Escape, StylesDifferOnlyInHexCaseAndDel) {
  std::string_view s("a\x1f\x7f\"\\\n", 6);
  EXPECT_EQ(esc(s, {}), "<a\\u001f\x7f\\\"\\\\\\n");
  EXPECT_EQ(esc(s, {true, true}), "<a\\u001F\\u007F\\\"\\\\\\n");
}

TEST(Escape, KeepsUtf8AndAppendsAfterExistingText) {
  EXPECT_EQ(esc("é 世界 plain", {true, true}), "<é 世界 plain");
  EXPECT_EQ(esc("", {}), "<");
  EXPECT_EQ(esc(std::string_view("\0", 1), {}), "<\\u0000");
}

TEST(Escape, UEscapeWritesFourDigits) {
  std::string out;
  ggen::text::append_u_escape(out, 0xabcd, true);
  ggen::text::append_u_escape(out, 0x9, false);
  EXPECT_EQ(out, "\\uABCD\\u0009");
}

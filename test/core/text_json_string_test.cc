#include <gtest/gtest.h>

#include "ggen/text/json_string.h"

static std::string j(std::string_view s) {
  std::string out;
  ggen::text::append_json_string(out, s);
  return out;
}

TEST(JsonString, EscapesWhatJsonRequiresAndKeepsTheRest) {
  EXPECT_EQ(j(""), "\"\"");
  EXPECT_EQ(j("plain é 世界"), "\"plain é 世界\"");
  EXPECT_EQ(j("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(j("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(j(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(j(std::string_view("a\0b", 3)), "\"a\\u0000b\"");
}

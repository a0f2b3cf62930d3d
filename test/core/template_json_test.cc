// tmpl::parse_json: the per-call JSON -> Value reader, from UTF-8 and from UTF-16 (the form the
// binding reads out of V8). Same results as nlohmann + Value::from_json on valid input; clear
// E_INVALID_ARGUMENT errors with an offset on bad input.
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ggen/template/json_value.h"

namespace ggen::tmpl {
namespace {

std::u16string utf16(std::string_view ascii_or_utf8) {
  std::u16string out;
  for (size_t i = 0; i < ascii_or_utf8.size();) {
    unsigned char c = static_cast<unsigned char>(ascii_or_utf8[i]);
    char32_t cp;
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (ascii_or_utf8[i + k] & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

// Parses through both entry points and checks they agree.
Value parse_both(const std::string& text) {
  auto a = parse_json(text);
  auto b = parse_json(utf16(text));
  EXPECT_TRUE(a.ok()) << text << ": " << (a.ok() ? "" : a.error().message());
  EXPECT_TRUE(b.ok()) << text << ": " << (b.ok() ? "" : b.error().message());
  if (!a.ok() || !b.ok()) return Value();
  EXPECT_EQ(a.value(), b.value()) << text;
  return a.value();
}

std::string error_of(const std::string& text) {
  auto a = parse_json(text);
  auto b = parse_json(utf16(text));
  EXPECT_FALSE(a.ok()) << text;
  EXPECT_FALSE(b.ok()) << text;
  if (a.ok() || b.ok()) return "";
  EXPECT_EQ(a.error().code(), "E_INVALID_ARGUMENT");
  EXPECT_EQ(a.error().message(), b.error().message());
  return a.error().message();
}

TEST(TemplateJson, MatchesTheDomPathOnValidInput) {
  const char* docs[] = {
      R"({"b": 2.0, "a": 1, "c": [true, null, "x"], "d": {"z": 1, "y": [{}, []]}})",
      R"([1, -2, 3.5, -0.25, 1e3, 2E-2, 9223372036854775807, -9223372036854775808])",
      R"({"rows": [{"id": 0, "name": "user 0", "active": false}, {"id": 1, "name": "a\"b\\c"}]})",
      R"("\u00e9\u4e2d\ud83d\ude00 \n\t\r\b\f\/")",
      R"(  { "k" : "v" }  )",
  };
  for (const char* d : docs) {
    Value v = parse_both(d);
    EXPECT_EQ(v, Value::from_json(nlohmann::json::parse(d))) << d;
  }
}

TEST(TemplateJson, IntsStayIntsAndOverflowBecomesFloat) {
  Value v = parse_both(R"([1, 1.0, 9223372036854775808, -9223372036854775809, 1e400])");
  const Array& a = v.as_array();
  EXPECT_TRUE(a[0].is_int());
  EXPECT_TRUE(a[1].is_float());
  EXPECT_TRUE(a[2].is_float());
  EXPECT_DOUBLE_EQ(a[2].as_float(), 9223372036854775808.0);
  EXPECT_TRUE(a[3].is_float());
  EXPECT_TRUE(a[4].is_float());
  EXPECT_TRUE(std::isinf(a[4].as_float()));
}

TEST(TemplateJson, KeysSortedAndLastDuplicateWins) {
  Value v = parse_both(R"({"b": 1, "a": 2, "b": 3, "c": {"y": 1, "x": 2}})");
  const Object& o = v.as_object();
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].first, "a");
  EXPECT_EQ(o[1].first, "b");
  EXPECT_EQ(o[1].second.as_int(), 3);
  EXPECT_EQ(v.find("c")->as_object()[0].first, "x");
}

TEST(TemplateJson, NonAsciiTextBecomesUtf8) {
  // Raw (unescaped) characters in both encodings, including a supplementary-plane one.
  Value v = parse_both("{\"k\": \"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80!\"}");
  EXPECT_EQ(v.find("k")->as_string(), "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80!");
  Value e = parse_both(R"("\u00e9\ud83d\ude00")");
  EXPECT_EQ(e.as_string(), "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(TemplateJson, LoneSurrogatesAreKeptAsWtf8) {
  auto escaped = parse_json(std::string_view(R"("\ud800x")"));
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped.value().as_string(), "\xED\xA0\x80x");
  std::u16string raw = u"\"";
  raw += static_cast<char16_t>(0xD800);
  raw += u"x\"";
  auto r = parse_json(raw);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().as_string(), "\xED\xA0\x80x");
}

TEST(TemplateJson, BadInputIsAnErrorWithAnOffset) {
  EXPECT_EQ(error_of(""), "invalid JSON: unexpected end at offset 0");
  EXPECT_EQ(error_of("{\"a\": 1,}"), "invalid JSON: expected a key at offset 8");
  EXPECT_EQ(error_of("{\"a\" 1}"), "invalid JSON: expected ':' at offset 5");
  EXPECT_EQ(error_of("[1 2]"), "invalid JSON: expected ',' or ']' at offset 3");
  EXPECT_EQ(error_of("\"abc"), "invalid JSON: unterminated string at offset 4");
  EXPECT_EQ(error_of("\"\\x\""), "invalid JSON: bad escape at offset 2");
  EXPECT_EQ(error_of("\"\\u12G4\""), "invalid JSON: bad \\u escape at offset 6");
  EXPECT_EQ(error_of("tru"), "invalid JSON: unexpected character at offset 0");
  EXPECT_EQ(error_of("-"), "invalid JSON: unexpected character at offset 0");
  EXPECT_EQ(error_of("1.2.3e"), "invalid JSON: bad number at offset 0");
  EXPECT_EQ(error_of("{} x"), "invalid JSON: trailing characters at offset 3");
  EXPECT_EQ(error_of("@"), "invalid JSON: unexpected character at offset 0");
}

TEST(TemplateJson, DeepNestingIsRefusedNotACrash) {
  std::string deep(100000, '[');
  EXPECT_EQ(error_of(deep).rfind("invalid JSON: nesting too deep", 0), 0u);
  std::string ok(400, '[');
  ok += std::string(400, ']');
  parse_both(ok);
}

TEST(TemplateJson, LongNumbersParse) {
  std::string big = "1" + std::string(100, '0');
  Value v = parse_both(big);
  EXPECT_TRUE(v.is_float());
  EXPECT_DOUBLE_EQ(v.as_float(), 1e100);
}

// The tree lives in an arena owned by its root: children borrow it, copies of the root share it.
TEST(TemplateJson, ChildrenLiveAsLongAsTheRootOrACopyOfIt) {
  Value copy;
  {
    auto r = parse_json(std::string_view(
        R"({"rows": [{"name": "a string longer than fifteen bytes", "n": 1}], "s": "short"})"));
    ASSERT_TRUE(r.ok());
    copy = r.value();
  }  // the original root is gone; `copy` keeps the arena alive
  const Value* row = copy.find("rows")->at(0);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->find("name")->as_string(), "a string longer than fifteen bytes");
  EXPECT_EQ(row->find("n")->as_int(), 1);
  EXPECT_EQ(copy.find("s")->as_string(), "short");
  // A borrowed child compares equal to an owned value with the same content.
  EXPECT_EQ(*copy.find("rows"),
            Value(Array{Value(
                Object{{"n", Value(1)}, {"name", Value("a string longer than fifteen bytes")}})}));
}

TEST(TemplateJson, LargeTreesSpanSeveralBlocksAndCanBeFreedOnAnotherThread) {
  // ~40k values with strings on both sides of the in-place size: the arena grows past its first
  // block; freeing on another thread and parsing again reuses the recycled blocks.
  std::string text = "[";
  for (int i = 0; i < 20000; ++i) {
    if (i) text += ',';
    text += R"({"id":)" + std::to_string(i) + R"(,"s":"value number )" + std::to_string(i) +
            R"(","k":"x"})";
  }
  text += ']';
  for (int round = 0; round < 3; ++round) {
    auto a = parse_json(text);
    auto b = parse_json(utf16(text));
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    ASSERT_EQ(a.value().as_array().size(), 20000u);
    EXPECT_EQ(a.value(), b.value());
    const Value& last = a.value().as_array().back();
    EXPECT_EQ(last.find("id")->as_int(), 19999);
    EXPECT_EQ(last.find("s")->as_string(), "value number 19999");
    EXPECT_EQ(last.find("k")->as_string(), "x");
    std::thread([v = std::move(a).value()]() mutable { v = Value(); }).join();
  }
}

TEST(TemplateJson, RecycledBuffersNeverLeakOldContentIntoANewTree) {
  // A freed tree's vectors and long strings are reused by the next parse (value_arena.h). Trees
  // of changing shapes (longer and shorter strings, more and fewer members and elements, in
  // both directions) must read exactly as a fresh parse of the same text would: nothing of the
  // earlier tree shows through, and nothing is cut short.
  auto make = [](int rows, int width, int text_len) {
    std::string t = "{\"rows\":[";
    for (int i = 0; i < rows; ++i) {
      if (i) t += ',';
      t += '{';
      for (int k = 0; k < width; ++k) {
        if (k) t += ',';
        t += "\"f" + std::to_string(k) + "\":\"" +
             std::string(text_len + (i + k) % 7, 'a' + k % 26) + "\"";
      }
      t += "},[" + std::to_string(i) + "]";
    }
    return t + "]}";
  };
  const int shapes[][3] = {{50, 3, 40}, {80, 5, 20}, {10, 1, 100}, {120, 8, 16}, {50, 3, 40}};
  for (const auto& sh : shapes) {
    std::string text = make(sh[0], sh[1], sh[2]);
    Value expected = Value::from_json(nlohmann::json::parse(text));
    for (int round = 0; round < 2; ++round) {
      Value a = parse_both(text);
      ASSERT_EQ(a, expected) << sh[0] << "x" << sh[1];
      const Array& rows = a.find("rows")->as_array();
      ASSERT_EQ(rows.size(), static_cast<size_t>(sh[0] * 2));
      EXPECT_EQ(rows[0].as_object().size(), static_cast<size_t>(sh[1]));
      EXPECT_EQ(rows[1].as_array().size(), 1u);
    }
  }
}

TEST(TemplateJson, WordAtATimeScansFindEveryQuoteEscapeAndNonAsciiUnit) {
  // Strings are scanned 8 bytes (4 UTF-16 units) at a time: a quote, escape or non-ASCII unit at
  // every offset of a word, and at the very end, must be found where it is.
  for (size_t len = 0; len < 20; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (const char* special : {"\\\"", "\\\\", "\\n", "é", "😀", "\\u00e9"}) {
        std::string body = std::string(at, 'a') + special + std::string(len - at, 'b');
        std::string text = "[\"" + body + "\",\"" + std::string(len, 'c') + "\"]";
        Value expected = Value::from_json(nlohmann::json::parse(text));
        EXPECT_EQ(parse_both(text), expected) << text;
      }
    }
  }
}

TEST(TemplateJson, IntegersOnBothSidesOfTheDirectPath) {
  // Up to 17 digits are accumulated directly; longer ones, floats and bad forms take the
  // general path: the results must not depend on which.
  for (const char* n : {"0", "-0", "7", "-12", "12345678901234567", "-12345678901234567",
                        "123456789012345678", "9223372036854775807", "-9223372036854775808",
                        "9223372036854775808", "1.5", "1e3", "-2E-2", "10.0"}) {
    std::string text = std::string("[") + n + "," + n + "]";
    EXPECT_EQ(parse_both(text), Value::from_json(nlohmann::json::parse(text))) << n;
  }
  EXPECT_NE(error_of("[1-2]").find("bad number"), std::string::npos);
  EXPECT_NE(error_of("[-]").find("unexpected character"), std::string::npos);
  EXPECT_NE(error_of("[12a]").find("expected ',' or ']'"), std::string::npos);
}

TEST(TemplateJson, AFailedParseFreesWhatItBuilt) {
  // Under AddressSanitizer this also checks that the partial tree is released (no leak).
  std::string text = R"({"a": [{"b": "a long string value, not in place"}, {"c": [1, 2,)";
  auto r = parse_json(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_INVALID_ARGUMENT");
  EXPECT_NE(r.error().message().find("offset"), std::string::npos);
  // A long string with escapes that never ends: what it had gathered is freed too.
  for (const char* bad : {R"({"k": ["a long string with an escape \n and then no end)",
                          R"({"k": "a long string with an escape \n, then a bad one \q"})"}) {
    auto e = parse_json(std::string(bad));
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().code(), "E_INVALID_ARGUMENT");
  }
}

}  // namespace
}  // namespace ggen::tmpl

#include <gtest/gtest.h>

#include "ggen/toml/parse.h"

using ggen::toml::parse;

TEST(Toml, ParsesTheShapesGgenTomlUses) {
  auto d = parse(R"(# ggen project
[project]
name = "demo"   # trailing comment
version = '1.0'
[generate]
templates = "templates"
graphs = [
  "graphs/a.ttl",   # one
  "graphs/b.ttl",
]
jobs = 4
ratio = 0.5
strict = true
[prefixes]
ex = "http://example.org/"
"quoted key" = "x"
[vars]
inline = { a = 1, b = [true, false] }
dotted.key = "v"
[[lifecycle.build.commands]]
run = "make"
[[lifecycle.build.commands]]
run = """multi
line"""
)", "ggen.toml");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  const auto& r = d.value().root;
  EXPECT_EQ(r["project"]["name"], "demo");
  EXPECT_EQ(r["project"]["version"], "1.0");
  EXPECT_EQ(r["generate"]["graphs"].size(), 2u);
  EXPECT_EQ(r["generate"]["jobs"], 4);
  EXPECT_EQ(r["generate"]["ratio"], 0.5);
  EXPECT_EQ(r["generate"]["strict"], true);
  EXPECT_EQ(r["prefixes"]["quoted key"], "x");
  EXPECT_EQ(r["vars"]["inline"]["b"][1], false);
  EXPECT_EQ(r["vars"]["dotted"]["key"], "v");
  EXPECT_EQ(r["lifecycle"]["build"]["commands"][1]["run"], "multi\nline");
  EXPECT_EQ(d.value().where("generate.jobs").line, 11);
  EXPECT_EQ(d.value().where("generate.jobs").column, 1);
  // Keys stay in document order.
  EXPECT_EQ(r.begin().key(), "project");
}

TEST(Toml, ErrorsAreLocatedWithHints) {
  struct Case {
    const char* text;
    int line, column;
    const char* needle;
  } cases[] = {
      {"a = \n", 1, 5, "expected a value"},
      {"a = \"open\n", 1, 5, "unterminated string"},
      {"a = 1\na = 2\n", 2, 1, "duplicate key `a`"},
      {"[t]\n[t]\n", 2, 4, "defined twice"},
      {"a = 1 b = 2\n", 1, 7, "end of the line"},
      {"a = [1, 2\n", 2, 1, "expected ',' or ']'"},
      {"when = 2024-01-01\n", 1, 8, "dates and times"},
      {"k = \"\\q\"\n", 1, 8, "unknown escape"},
      {"= 1\n", 1, 1, "expected a key"},
  };
  for (const auto& c : cases) {
    auto d = parse(c.text, "ggen.toml");
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(d.error().code(), "E_TOML_SYNTAX");
    EXPECT_EQ(d.error().location().line, c.line) << c.text;
    EXPECT_EQ(d.error().location().column, c.column) << c.text;
    EXPECT_NE(d.error().message().find(c.needle), std::string::npos) << d.error().message();
  }
}

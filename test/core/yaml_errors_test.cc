// ggen::yaml::parse on bad input: every error is E_YAML_SYNTAX at the offending position, with
// a hint.
#include <gtest/gtest.h>

#include "ggen/yaml/parse.h"

namespace {

struct Expected {
  int line;
  int column;
  std::string message;  // substring
  std::string hint;     // substring
};

void expect_error(std::string_view text, const Expected& e, int line_offset = 0) {
  auto r = ggen::yaml::parse(text, "vars.yaml", line_offset);
  ASSERT_FALSE(r.ok()) << "parsed: " << r.value().to_json().dump() << "\n" << text;
  const ggen::Error& err = r.error();
  EXPECT_EQ(err.code(), "E_YAML_SYNTAX");
  EXPECT_EQ(err.location().file, "vars.yaml");
  EXPECT_EQ(err.location().line, e.line) << err.to_string();
  EXPECT_EQ(err.location().column, e.column) << err.to_string();
  EXPECT_NE(err.message().find(e.message), std::string::npos) << err.message();
  EXPECT_NE(err.hint().find(e.hint), std::string::npos) << err.hint();
}

TEST(YamlErrors, TabInIndentation) {
  expect_error("a: 1\n\tb: 2\n",
               {2, 1, "tab character in indentation", "indent with spaces, not tabs"});
  expect_error("a:\n  b: 1\n  \tc: 2\n", {3, 3, "tab", "indent with spaces, not tabs"});
  expect_error("- a\n\t- b\n", {2, 1, "tab", "indent with spaces"});
}

TEST(YamlErrors, MissingColon) {
  expect_error("to: x\nbare words here\n",
               {2, 1, "expected a mapping key", "a mapping key must be followed by ': '"});
  expect_error("a:\n  b: 1\n  c\n", {3, 3, "expected a mapping key", "': '"});
  expect_error("to:x\nfrom: y\n", {1, 1, "expected a mapping key", "': '"});
}

TEST(YamlErrors, UnclosedQuotes) {
  expect_error("a: \"abc\nb: 1\n",
               {1, 4, "unclosed double-quoted string", "unclosed quote started at 1:4"});
  expect_error("a: 1\nb:\n  c: 'x\n", {3, 6, "unclosed single-quoted string", "started at 3:6"});
  expect_error("a: \"ends with backslash\\", {1, 4, "unclosed", "1:4"});
}

TEST(YamlErrors, UnclosedQuoteWithLineOffset) {
  expect_error("a: 1\nb: \"x\n", {3, 4, "unclosed", "unclosed quote started at 3:4"}, 1);
}

TEST(YamlErrors, DuplicateKeys) {
  expect_error("to: a\nfrom: b\nto: c\n",
               {3, 1, "duplicate key `to`", "duplicate key `to` (first at 1:1)"});
  expect_error("x:\n  to: a\n  to: b\n", {3, 3, "duplicate key", "(first at 2:3)"});
  expect_error("{a: 1, a: 2}", {1, 8, "duplicate key `a`", "(first at 1:2)"});
  expect_error("\"a\": 1\na: 2\n", {2, 1, "duplicate key `a`", "first at 1:1"});
  expect_error("to: a\nto: b\n", {3, 1, "duplicate", "(first at 2:1)"}, 1);
}

TEST(YamlErrors, BadIndentation) {
  expect_error("a: x\n  b: 1\n", {2, 3, "bad indentation of a mapping key", "align it"});
  expect_error("a:\n  b: 1\n c: 2\n", {3, 2, "bad indentation of a mapping key", "indented 0"});
  expect_error("a:\n  b: \"q\"\n    c: 1\n",
               {3, 5, "bad indentation of a mapping key", "indented 2"});
  expect_error("a:\n  - x\n  y: 1\n", {3, 3, "bad indentation", ""});
  expect_error("- \"x\"\n  - y\n", {2, 3, "bad indentation of a sequence entry", "more than"});
  expect_error("  a: 1\nb: 2\n", {2, 1, "unexpected content after the end of the document", ""});
  expect_error("a: |\n    more\n  less\n", {3, 3, "bad indentation", ""});
}

TEST(YamlErrors, CollectionsWhereNotAllowed) {
  expect_error("a: b: c\n", {1, 4, "a mapping value is not allowed here", "quote the value"});
  expect_error("a: - b\n", {1, 4, "a block sequence is not allowed here", "on the line after"});
  expect_error("- a\n- b\nc: 1\n", {3, 1, "expected a sequence entry", "- "});
  expect_error("a:\n- x\n- y\n  z: 1\n", {4, 3, "bad indentation of a mapping key", ""});
  expect_error("a:\n  b: 1\n  - c\n", {3, 3, "found a sequence entry", ""});
}

TEST(YamlErrors, Aliases) {
  expect_error("a: *nope\n", {1, 4, "unknown alias `*nope`", "define the anchor with `&nope`"});
  expect_error("a: [*]\n", {1, 5, "alias name is missing", ""});
  expect_error("a: &\n", {1, 4, "anchor name is missing", ""});
  expect_error("a: &x &y 1\n", {1, 7, "only one anchor", ""});
  expect_error("<<: 5\n", {1, 5, "merge key", "<<: *anchor"});
  expect_error("a: &a 1\nb:\n  <<: [*a]\n", {3, 7, "merge key", ""});
}

TEST(YamlErrors, BillionLaughsIsBounded) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
  }
  auto r = ggen::yaml::parse(text, "bomb.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("too many nodes"), std::string::npos);
}

TEST(YamlErrors, Escapes) {
  expect_error("a: \"bad \\q escape\"\n", {1, 9, "invalid escape `\\q`", "single quotes"});
  expect_error("a: \"\\xZZ\"\n", {1, 5, "invalid escape", ""});
  expect_error("a: \"\\uD800\"\n", {1, 5, "invalid Unicode escape", "surrogate"});
  expect_error("a: \"\\U00110000\"\n", {1, 5, "invalid Unicode escape", ""});
}

TEST(YamlErrors, FlowCollections) {
  expect_error("a: [1, 2\n",
               {1, 4, "unclosed flow sequence", "the `[` at 1:4 has no matching `]`"});
  expect_error("k:\n  x: {a: 1,\n   b: 2\n", {2, 6, "unclosed flow mapping", "the `{` at 2:6"});
  expect_error("a: [1, , 2]\n", {1, 8, "unexpected `,`", ""});
  expect_error("a: [x]]\n", {1, 7, "unexpected text after the value", ""});
  expect_error("a: {x: 1] \n", {1, 9, "expected `,` or `}` in a flow mapping", "started at 1:4"});
  expect_error("a: [x} \n", {1, 6, "expected `,` or `]` in a flow sequence", "started at 1:4"});
  expect_error("a: [- x]\n", {1, 5, "block sequence entries are not allowed inside flow", ""});
  expect_error("a: [|\n x]\n", {1, 5, "block scalars are not allowed inside flow", ""});
  expect_error("a: {[1]: x}\n", {1, 5, "only scalar mapping keys", ""});
}

TEST(YamlErrors, UnquotedTemplateExpression) {
  expect_error("to: {{ name }}.rs\n", {1, 5, "starts with `{{`", "quote template expressions"});
  expect_error("rdf: [a, {{ x }}]\n", {1, 10, "starts with `{{`", "quote"});
  auto ok = ggen::yaml::parse("to: \"{{ name }}.rs\"\nfrom: src/{{ name }}\n", "t");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().find("from")->as_string(), "src/{{ name }}");
}

TEST(YamlErrors, HashWithoutBlankIsNotAComment) {
  expect_error("a: [x,#y]\n", {1, 7, "unexpected `#`", "blank before `#`"});
}

TEST(YamlErrors, TrailingText) {
  expect_error("a: \"x\" trailing\n", {1, 8, "unexpected text after the value", "quote it"});
  expect_error("a: [1] 2\n", {1, 8, "unexpected text after the value", ""});
  expect_error("a: *x\nb: 'q'w\n", {1, 4, "unknown alias", ""});
}

TEST(YamlErrors, BlockScalarHeader) {
  expect_error("a: |x\n  b\n", {1, 5, "invalid block scalar header", "indentation digit"});
  expect_error("a: >--\n  b\n", {1, 6, "invalid block scalar header", ""});
  expect_error("a: |0\n  b\n", {1, 5, "invalid block scalar header", ""});
}

TEST(YamlErrors, ReservedAndStrayIndicators) {
  expect_error("a: @foo\n", {1, 4, "`@` cannot start a plain value", "quote"});
  expect_error("a: `cmd`\n", {1, 4, "cannot start a plain value", ""});
  expect_error("a: ]\n", {1, 4, "unexpected `]`", "quote"});
  expect_error("a: %x\n", {1, 4, "unexpected `%`", ""});
  expect_error("? a\n: b\n", {1, 1, "explicit keys", "key: value"});
}

TEST(YamlErrors, Tags) {
  expect_error("a: !custom x\n", {1, 4, "unsupported tag `!custom`", "!!str"});
  expect_error("a: !!int abc\n", {1, 4, "`abc` cannot be read as !!int", ""});
  expect_error("a: !!map [1]\n", {1, 4, "cannot be read as !!map", "sequence"});
  expect_error("a: !!bool yes\n", {1, 4, "cannot be read as !!bool", ""});
}

TEST(YamlErrors, MultipleDocuments) {
  expect_error("a: 1\n---\nb: 2\n", {2, 1, "a second YAML document is not supported", "---"});
  expect_error("a: 1\n...\nb: 2\n", {3, 1, "unexpected content", ""});
}

TEST(YamlErrors, TooDeep) {
  auto r = ggen::yaml::parse(std::string(2000, '[') + std::string(2000, ']'), "deep.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("nesting is too deep"), std::string::npos);
}

TEST(YamlErrors, NeverCrashesOnTruncatedInput) {
  const std::string doc =
      "a: &x {k: [1, \"two\\n\", 'three']}\nb:\n  - *x\n  - |\n    lit\nc: >-\n  f\n"
      "d: \"\\u00e9\"\ne: {<<: *x, z: 1}\n";
  for (std::size_t n = 0; n <= doc.size(); ++n) {
    auto r = ggen::yaml::parse(doc.substr(0, n), "cut.yaml");
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), "E_YAML_SYNTAX") << n;
    }
  }
  EXPECT_TRUE(ggen::yaml::parse(doc, "cut.yaml").ok());
}

}  // namespace

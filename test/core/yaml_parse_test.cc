// ggen::yaml::parse: values, structure, order and positions of well-formed documents.
#include <gtest/gtest.h>

#include <cmath>

#include "ggen/yaml/parse.h"

namespace {

using ggen::yaml::Kind;
using ggen::yaml::Node;
using ggen::yaml::parse;

Node ok(std::string_view text, int line_offset = 0) {
  auto r = parse(text, "t.yaml", line_offset);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string() + " hint: " + r.error().hint());
  return r.ok() ? std::move(r).value() : Node();
}

std::string json(std::string_view text) {
  return ok(text).to_json().dump();
}

TEST(YamlParse, EmptyAndCommentOnlyDocumentsAreNull) {
  EXPECT_TRUE(ok("").is_null());
  EXPECT_TRUE(ok("# just a comment\n\n").is_null());
  EXPECT_TRUE(ok("---\n").is_null());
  EXPECT_TRUE(ok("---\n...\n").is_null());
}

TEST(YamlParse, BlockMappingKeepsInsertionOrder) {
  Node n = ok("to: out.rs\nzeta: 1\nalpha: 2\n");
  ASSERT_TRUE(n.is_mapping());
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n.entries()[0].key.text(), "to");
  EXPECT_EQ(n.entries()[1].key.text(), "zeta");
  EXPECT_EQ(n.entries()[2].key.text(), "alpha");
  EXPECT_EQ(n.to_json().dump(), R"({"to":"out.rs","zeta":1,"alpha":2})");
}

TEST(YamlParse, PositionsOfKeysAndValues) {
  Node n = ok("to: out.rs\nvars:\n  name: x\n  list:\n    - a\n    - b\n");
  const auto& e = n.entries();
  EXPECT_EQ(e[0].key.line(), 1);
  EXPECT_EQ(e[0].key.column(), 1);
  EXPECT_EQ(e[0].value.line(), 1);
  EXPECT_EQ(e[0].value.column(), 5);
  const Node& vars = e[1].value;
  EXPECT_EQ(vars.line(), 3);
  EXPECT_EQ(vars.column(), 3);
  EXPECT_EQ(vars.entries()[1].key.line(), 4);
  EXPECT_EQ(vars.entries()[1].key.column(), 3);
  const Node& list = vars.entries()[1].value;
  EXPECT_EQ(list.items()[1].line(), 6);
  EXPECT_EQ(list.items()[1].column(), 7);
}

TEST(YamlParse, LineOffsetShiftsEveryLine) {
  Node n = ok("to: a\nfrom: b\n", 1);
  EXPECT_EQ(n.entries()[0].key.line(), 2);
  EXPECT_EQ(n.entries()[1].value.line(), 3);
  EXPECT_EQ(n.entries()[1].value.column(), 7);
}

TEST(YamlParse, ColumnsCountCharactersNotBytes) {
  Node n = ok("name: \"héllo\" \nnäme: x\n");
  EXPECT_EQ(n.entries()[1].value.column(), 7);
  Node m = ok("ключ: значение\n");
  EXPECT_EQ(m.entries()[0].value.column(), 7);
}

TEST(YamlParse, CoreSchemaScalars) {
  Node n =
      ok("a: null\nb: ~\nc:\nd: true\ne: False\nf: TRUE\ng: yes\nh: no\ni: 42\nj: -17\nk: 0x1F\n"
         "l: 0o17\nm: 3.5\nn: -.5e3\no: .inf\np: -.Inf\nq: .nan\nr: +12\ns: 1_000\nt: 0.\n"
         "u: 012\nv: on\n");
  EXPECT_TRUE(n.find("a")->is_null());
  EXPECT_TRUE(n.find("b")->is_null());
  EXPECT_TRUE(n.find("c")->is_null());
  EXPECT_TRUE(n.find("d")->as_bool());
  EXPECT_FALSE(n.find("e")->as_bool());
  EXPECT_TRUE(n.find("f")->as_bool());
  EXPECT_EQ(n.find("g")->as_string(), "yes");  // YAML 1.2: not a bool
  EXPECT_EQ(n.find("h")->as_string(), "no");
  EXPECT_EQ(n.find("i")->as_int(), 42);
  EXPECT_EQ(n.find("j")->as_int(), -17);
  EXPECT_EQ(n.find("k")->as_int(), 31);
  EXPECT_EQ(n.find("k")->text(), "0x1F");
  EXPECT_EQ(n.find("l")->as_int(), 15);
  EXPECT_DOUBLE_EQ(n.find("m")->as_float(), 3.5);
  EXPECT_DOUBLE_EQ(n.find("n")->as_float(), -500.0);
  EXPECT_TRUE(std::isinf(n.find("o")->as_float()) && n.find("o")->as_float() > 0);
  EXPECT_TRUE(std::isinf(n.find("p")->as_float()) && n.find("p")->as_float() < 0);
  EXPECT_TRUE(std::isnan(n.find("q")->as_float()));
  EXPECT_EQ(n.find("r")->as_int(), 12);
  EXPECT_EQ(n.find("s")->as_string(), "1_000");
  EXPECT_DOUBLE_EQ(n.find("t")->as_float(), 0.0);
  EXPECT_EQ(n.find("u")->as_int(), 12);
  EXPECT_EQ(n.find("v")->as_string(), "on");
}

TEST(YamlParse, HugeIntegerBecomesFloat) {
  Node n = ok("big: 123456789012345678901234567890\n");
  EXPECT_TRUE(n.find("big")->is_float());
  EXPECT_EQ(n.find("big")->text(), "123456789012345678901234567890");
}

TEST(YamlParse, QuotedScalarsAreStrings) {
  Node n = ok("a: \"true\"\nb: 'null'\nc: \"42\"\nd: ''\ne: \"\"\n");
  for (const char* k : {"a", "b", "c", "d", "e"}) {
    EXPECT_TRUE(n.find(k)->is_string()) << k;
    EXPECT_TRUE(n.find(k)->quoted()) << k;
  }
  EXPECT_EQ(n.find("a")->as_string(), "true");
  EXPECT_EQ(n.find("d")->as_string(), "");
  EXPECT_FALSE(ok("x: plain\n").find("x")->quoted());
}

TEST(YamlParse, DoubleQuotedEscapes) {
  Node n = ok(R"(a: "tab\there\nnl \"q\" \\ \/ \x41\u00e9\U0001F600 \uD83D\uDE00 \e\0end")");
  EXPECT_EQ(n.find("a")->as_string(),
            std::string("tab\there\nnl \"q\" \\ / A\xC3\xA9\xF0\x9F\x98\x80 \xF0\x9F\x98\x80 "
                        "\x1b\0end",
                        38));
}

TEST(YamlParse, SingleQuotedDoublesQuotes) {
  EXPECT_EQ(ok("a: 'it''s \\n raw'\n").find("a")->as_string(), "it's \\n raw");
}

TEST(YamlParse, MultiLineQuotedScalarsFold) {
  EXPECT_EQ(ok("a: \"one\n  two  \n\n  three\"\n").find("a")->as_string(), "one two\nthree");
  EXPECT_EQ(ok("a: 'one\n   two'\n").find("a")->as_string(), "one two");
  EXPECT_EQ(ok("a: \"join\\\n   ed\"\n").find("a")->as_string(), "joined");
  EXPECT_EQ(ok("a: \"keep\\t\n  x\"\n").find("a")->as_string(), "keep\t x");
}

TEST(YamlParse, MultiLinePlainScalarsFold) {
  EXPECT_EQ(ok("a: one\n  two\n   three\nb: x\n").find("a")->as_string(), "one two three");
  EXPECT_EQ(ok("a: one\n\n  two\n").find("a")->as_string(), "one\ntwo");
  EXPECT_EQ(ok("- one\n  - two\n").items()[0].as_string(), "one - two");
  EXPECT_EQ(ok("plain text\nat the top\n").as_string(), "plain text at the top");
  // A comment ends a plain scalar.
  Node n = ok("a: one # note\nb: two\n");
  EXPECT_EQ(n.find("a")->as_string(), "one");
  EXPECT_EQ(n.find("b")->as_string(), "two");
}

TEST(YamlParse, PlainScalarsWithIndicatorsInside) {
  Node n = ok("url: http://example.org/a#frag\nkv: a:b\ndash: -x\nq: what?\nh: a#b\n");
  EXPECT_EQ(n.find("url")->as_string(), "http://example.org/a#frag");
  EXPECT_EQ(n.find("kv")->as_string(), "a:b");
  EXPECT_EQ(n.find("dash")->as_string(), "-x");
  EXPECT_EQ(n.find("q")->as_string(), "what?");
  EXPECT_EQ(n.find("h")->as_string(), "a#b");
}

TEST(YamlParse, LiteralBlockScalarChomping) {
  EXPECT_EQ(ok("a: |\n  line1\n  line2\n\nb: 1\n").find("a")->as_string(), "line1\nline2\n");
  EXPECT_EQ(ok("a: |-\n  line1\n  line2\n\n").find("a")->as_string(), "line1\nline2");
  EXPECT_EQ(ok("a: |+\n  line1\n  line2\n\n\nb: 1\n").find("a")->as_string(), "line1\nline2\n\n\n");
  EXPECT_EQ(ok("a: |\n  x").find("a")->as_string(), "x");  // no final line break at EOF
  EXPECT_EQ(ok("a: |\n  base\n    indented\n").find("a")->as_string(), "base\n  indented\n");
}

TEST(YamlParse, LiteralBlockKeepsInteriorBlankLinesAndHashes) {
  Node n = ok("code: |\n  fn main() {\n\n      # not a comment\n  }\n# real comment\nnext: 1\n");
  EXPECT_EQ(n.find("code")->as_string(), "fn main() {\n\n    # not a comment\n}\n");
  EXPECT_EQ(n.find("next")->as_int(), 1);
}

TEST(YamlParse, IndentationIndicator) {
  EXPECT_EQ(ok("a: |2\n    two extra\n  base\n").find("a")->as_string(), "  two extra\nbase\n");
  EXPECT_EQ(ok("- |1\n  x\n").items()[0].as_string(), " x\n");
}

TEST(YamlParse, FoldedBlockScalar) {
  EXPECT_EQ(ok("a: >\n  one\n  two\n\n  three\n").find("a")->as_string(), "one two\nthree\n");
  EXPECT_EQ(ok("a: >-\n  one\n  two\n").find("a")->as_string(), "one two");
  EXPECT_EQ(ok("a: >\n  one\n    more\n  two\n").find("a")->as_string(), "one\n  more\ntwo\n");
  EXPECT_EQ(ok("a: >+\n  x\n\n").find("a")->as_string(), "x\n\n");
}

TEST(YamlParse, BlockScalarHeaderComment) {
  EXPECT_EQ(ok("a: | # note\n  x\n").find("a")->as_string(), "x\n");
  EXPECT_EQ(ok("a: |-2\n  x\n").find("a")->as_string(), "x");
  EXPECT_EQ(ok("a: |2-\n  x\n").find("a")->as_string(), "x");
}

TEST(YamlParse, EmptyBlockScalar) {
  Node n = ok("a: |\nb: 1\n");
  EXPECT_EQ(n.find("a")->as_string(), "");
  EXPECT_EQ(n.find("b")->as_int(), 1);
}

TEST(YamlParse, TopLevelBlockScalarAfterDocumentStart) {
  EXPECT_EQ(ok("--- |\n  hi\n  there\n").as_string(), "hi\nthere\n");
}

TEST(YamlParse, Sequences) {
  EXPECT_EQ(json("- a\n- 1\n- true\n-\n- ~\n"), R"(["a",1,true,null,null])");
  EXPECT_EQ(json("key:\n- a\n- b\nother: 1\n"), R"({"key":["a","b"],"other":1})");
  EXPECT_EQ(json("key:\n  - a\n  - b\n"), R"({"key":["a","b"]})");
  EXPECT_EQ(json("- - a\n  - b\n- - c\n"), R"([["a","b"],["c"]])");
}

TEST(YamlParse, CompactMappingsInSequences) {
  Node n = ok("- name: a\n  type: int\n- name: b\n  nested:\n    deep: 1\n");
  EXPECT_EQ(n.to_json().dump(), R"([{"name":"a","type":"int"},{"name":"b","nested":{"deep":1}}])");
  EXPECT_EQ(n.items()[0].column(), 3);
  EXPECT_EQ(n.items()[0].entries()[1].key.line(), 2);
  EXPECT_EQ(n.items()[0].entries()[1].key.column(), 3);
}

TEST(YamlParse, EmptyValuesAreNull) {
  Node n = ok("a:\nb:   # comment\nc: x\n");
  EXPECT_TRUE(n.find("a")->is_null());
  EXPECT_TRUE(n.find("b")->is_null());
  EXPECT_EQ(n.find("a")->line(), 1);
  EXPECT_EQ(n.find("a")->column(), 3);
}

TEST(YamlParse, QuotedKeys) {
  Node n = ok("\"a key\": 1\n'b: c': 2\n\"\": 3\n");
  EXPECT_EQ(n.to_json().dump(), R"({"a key":1,"b: c":2,"":3})");
  EXPECT_TRUE(n.entries()[0].key.quoted());
}

TEST(YamlParse, CommentsEverywhere) {
  Node n = ok("# head\nа: 1 # trailing\n  # indented comment\nb:\n  # before\n  - x # c\n# end");
  EXPECT_EQ(n.to_json().dump(), R"({"а":1,"b":["x"]})");
}

TEST(YamlParse, FlowCollections) {
  EXPECT_EQ(json("{a: 1, b: [x, y], c: {d: e}}"), R"({"a":1,"b":["x","y"],"c":{"d":"e"}})");
  EXPECT_EQ(json("[a, 'b', \"c\", [], {}, ]"), R"(["a","b","c",[],{}])");
  EXPECT_EQ(json("k: [1, 2.5, true, null, ~]"), R"({"k":[1,2.5,true,null,null]})");
  EXPECT_EQ(json("{\"json\":\"style\",\"n\":1}"), R"({"json":"style","n":1})");
  EXPECT_EQ(json("{a, b: }"), R"({"a":null,"b":null})");
  EXPECT_EQ(json("[a: 1, b]"), R"([{"a":1},"b"])");
  EXPECT_EQ(json("{url: http://x.org/a, t: a:b}"), R"({"url":"http://x.org/a","t":"a:b"})");
}

TEST(YamlParse, MultiLineFlowCollections) {
  EXPECT_EQ(json("k: [\n  one,   # first\n  two\n  words,\n  three\n]\nn: 1\n"),
            R"({"k":["one","two words","three"],"n":1})");
  EXPECT_EQ(json("{\n a: 1,\n b: 2\n}\n"), R"({"a":1,"b":2})");
}

TEST(YamlParse, FlowPositions) {
  Node n = ok("k: {a: 1, bb: [x, y]}\n");
  const Node& m = *n.find("k");
  EXPECT_EQ(m.column(), 4);
  EXPECT_EQ(m.entries()[1].key.column(), 11);
  EXPECT_EQ(m.entries()[1].value.items()[1].column(), 19);
}

TEST(YamlParse, DocumentMarkers) {
  EXPECT_EQ(json("---\na: 1\n...\n"), R"({"a":1})");
  EXPECT_EQ(json("%YAML 1.2\n---\na: 1\n"), R"({"a":1})");
  EXPECT_EQ(json("--- [1, 2]\n"), R"([1,2])");
  EXPECT_EQ(json("--- text\n"), R"("text")");
  EXPECT_EQ(json("a: 1\n---\n"), R"({"a":1})");
}

TEST(YamlParse, AnchorsAndAliases) {
  Node n = ok("base: &b\n  x: 1\n  y: [a, b]\ncopy: *b\nscalar: &s hello\nagain: *s\n");
  EXPECT_EQ(n.to_json().dump(), R"({"base":{"x":1,"y":["a","b"]},"copy":{"x":1,"y":["a","b"]},)"
                                R"("scalar":"hello","again":"hello"})");
  EXPECT_EQ(n.find("copy")->line(), 4);  // an alias reports where it is used
  EXPECT_EQ(n.find("copy")->column(), 7);
  EXPECT_EQ(json("- &a x\n- *a\n- [*a, &b y, *b]\n"), R"(["x","x",["x","y","y"]])");
}

TEST(YamlParse, MergeKeys) {
  std::string text =
      "defaults: &d\n  lang: rust\n  out: src\n  tags: [a]\n"
      "one:\n  <<: *d\n  out: lib\n"
      "two:\n  name: t\n  <<: [*d, {extra: 1, lang: go}]\n";
  Node n = ok(text);
  EXPECT_EQ(n.find("one")->to_json().dump(), R"({"lang":"rust","tags":["a"],"out":"lib"})");
  EXPECT_EQ(n.find("two")->to_json().dump(),
            R"({"name":"t","lang":"rust","out":"src","tags":["a"],"extra":1})");
  EXPECT_EQ(json("a: &x {k: 1}\nb: {<<: *x, j: 2}\n"), R"({"a":{"k":1},"b":{"k":1,"j":2}})");
  // A quoted "<<" is an ordinary key.
  EXPECT_EQ(json("'<<': 1\n"), R"({"<<":1})");
}

TEST(YamlParse, Tags) {
  Node n =
      ok("a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!bool true\ne: !!null\n"
         "f: !!map {x: 1}\ng: !!seq [1]\nh: ! true\n");
  EXPECT_EQ(n.find("a")->as_string(), "123");
  EXPECT_EQ(n.find("b")->as_int(), 42);
  EXPECT_TRUE(n.find("c")->is_float());
  EXPECT_TRUE(n.find("d")->as_bool());
  EXPECT_TRUE(n.find("e")->is_null());
  EXPECT_TRUE(n.find("f")->is_mapping());
  EXPECT_TRUE(n.find("g")->is_sequence());
  EXPECT_EQ(n.find("h")->as_string(), "true");
}

TEST(YamlParse, CrlfAndBom) {
  Node n =
      ok("\xEF\xBB\xBF"
         "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 'q'\r\n");
  EXPECT_EQ(n.to_json().dump(), R"({"a":1,"b":"x\ny\n","c":"q"})");
  EXPECT_EQ(n.entries()[2].key.line(), 5);
  EXPECT_EQ(n.entries()[0].key.column(), 1);
}

TEST(YamlParse, TabsAfterIndentationAreSeparators) {
  EXPECT_EQ(json("a:\t1\nb: x\t# c\n"), R"({"a":1,"b":"x"})");
}

TEST(YamlParse, TypicalFrontmatter) {
  std::string text =
      "to: src/{{ name | snake_case }}.rs\n"
      "inject: false\n"
      "sparql:\n"
      "  classes: |\n"
      "    SELECT ?c WHERE { ?c a owl:Class }\n"
      "vars:\n"
      "  - name: author\n"
      "    default: \"Jane Doe\"\n"
      "rdf: [ontology.ttl, extra.ttl]\n";
  Node n = ok(text);
  EXPECT_EQ(n.find("to")->as_string(), "src/{{ name | snake_case }}.rs");
  EXPECT_EQ(n.find("sparql")->find("classes")->as_string(), "SELECT ?c WHERE { ?c a owl:Class }\n");
  EXPECT_EQ(n.find("vars")->items()[0].find("default")->as_string(), "Jane Doe");
  EXPECT_EQ(n.find("rdf")->size(), 2u);
}

TEST(YamlParse, NodeApi) {
  Node n = ok("a: 1\nb: [x]\n");
  EXPECT_EQ(n.find("zz"), nullptr);
  EXPECT_EQ(n.find_entry("b")->key.line(), 2);
  EXPECT_EQ(n.kind(), Kind::kMapping);
  EXPECT_STREQ(n.kind_name(), "mapping");
  EXPECT_DOUBLE_EQ(n.find("a")->as_float(), 1.0);
  EXPECT_THROW(n.find("a")->as_string(), ggen::Exception);
  EXPECT_THROW((void)n.items(), ggen::Exception);
  EXPECT_TRUE(ok("{a: [1, x]}") == ok("a:\n  - 1\n  - 'x'\n"));
  EXPECT_FALSE(ok("{a: 1}") == ok("{a: 2}"));
}

TEST(YamlParse, DeepButBoundedNesting) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_TRUE(parse(deep, "t").ok());
}

}  // namespace

// ggen::yaml::split_frontmatter, and parsing frontmatter with the template's line numbers.
#include <gtest/gtest.h>

#include "ggen/yaml/frontmatter.h"
#include "ggen/yaml/parse.h"

namespace {

using ggen::yaml::split_frontmatter;

TEST(YamlFrontmatter, SplitsYamlAndBody) {
  auto fm = split_frontmatter("---\nto: a.rs\nvars: {x: 1}\n---\nfn main() {}\n").value();
  EXPECT_TRUE(fm.present);
  EXPECT_EQ(fm.yaml, "to: a.rs\nvars: {x: 1}\n");
  EXPECT_EQ(fm.yaml_line, 2);
  EXPECT_EQ(fm.body, "fn main() {}\n");
  EXPECT_EQ(fm.body_line, 5);
}

TEST(YamlFrontmatter, NoFrontmatterMeansAllBody) {
  auto fm = split_frontmatter("hello\n---\nworld\n").value();
  EXPECT_FALSE(fm.present);
  EXPECT_TRUE(fm.yaml.empty());
  EXPECT_EQ(fm.yaml_line, 0);
  EXPECT_EQ(fm.body, "hello\n---\nworld\n");
  EXPECT_EQ(fm.body_line, 1);
  EXPECT_EQ(split_frontmatter("").value().body, "");
  EXPECT_FALSE(split_frontmatter("----\nx\n---\n").value().present);
}

TEST(YamlFrontmatter, ToleratesCrlfAndTrailingBlanks) {
  auto fm = split_frontmatter("---\r\nto: a\r\n--- \r\nbody\r\n").value();
  EXPECT_TRUE(fm.present);
  EXPECT_EQ(fm.yaml, "to: a\r\n");
  EXPECT_EQ(fm.body, "body\r\n");
  EXPECT_EQ(fm.body_line, 4);
}

TEST(YamlFrontmatter, EmptyFrontmatterAndEmptyBody) {
  auto fm = split_frontmatter("---\n---\n").value();
  EXPECT_TRUE(fm.present);
  EXPECT_EQ(fm.yaml, "");
  EXPECT_EQ(fm.body, "");
  EXPECT_EQ(fm.body_line, 3);
  auto no_newline = split_frontmatter("---\na: 1\n---").value();
  EXPECT_TRUE(no_newline.present);
  EXPECT_EQ(no_newline.yaml, "a: 1\n");
  EXPECT_EQ(no_newline.body, "");
}

TEST(YamlFrontmatter, BodyKeepsLaterDelimiters) {
  auto fm = split_frontmatter("---\na: 1\n---\nx\n---\ny\n").value();
  EXPECT_EQ(fm.body, "x\n---\ny\n");
}

TEST(YamlFrontmatter, ByteOrderMarkBeforeOpeningLine) {
  auto fm = split_frontmatter("\xEF\xBB\xBF---\na: 1\n---\nb").value();
  EXPECT_TRUE(fm.present);
  EXPECT_EQ(fm.yaml, "a: 1\n");
}

TEST(YamlFrontmatter, UnclosedIsAnError) {
  auto r = split_frontmatter("---\nto: a\nbody\n", "tpl.tmpl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_YAML_SYNTAX");
  EXPECT_EQ(r.error().location().file, "tpl.tmpl");
  EXPECT_EQ(r.error().location().line, 1);
  EXPECT_NE(r.error().hint().find("closing `---`"), std::string::npos);
}

TEST(YamlFrontmatter, ErrorsReportTemplateLines) {
  std::string tpl = "---\nto: a\nto: b\n---\nbody\n";
  auto fm = split_frontmatter(tpl).value();
  auto r = ggen::yaml::parse(fm.yaml, "t.tmpl", fm.yaml_line - 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().location().line, 3);
  EXPECT_EQ(r.error().location().column, 1);
  EXPECT_NE(r.error().hint().find("(first at 2:1)"), std::string::npos);

  auto good =
      ggen::yaml::parse(split_frontmatter("---\nto: x\nrdf: [a]\n---\n").value().yaml, "t.tmpl", 1);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value().entries()[1].key.line(), 3);
}

}  // namespace

#include <gtest/gtest.h>

#include "ggen/gen/inject.h"

using ggen::gen::inject;
using ggen::gen::InjectSpec;
using Mode = InjectSpec::Mode;

static InjectSpec spec(Mode m, std::string anchor = "", int line = 0) {
  InjectSpec s;
  s.mode = m;
  s.anchor = std::move(anchor);
  s.at_line = line;
  s.where = {"inject.tmpl", 1, 1};
  return s;
}

TEST(Inject, PrependAndAppend) {
  EXPECT_EQ(inject("a\nb\n", "x\n", spec(Mode::kPrepend)).value().content, "x\na\nb\n");
  EXPECT_EQ(inject("a\nb\n", "x\n", spec(Mode::kAppend)).value().content, "a\nb\nx\n");
  EXPECT_EQ(inject("", "x\n", spec(Mode::kAppend)).value().content, "x\n");
}

TEST(Inject, BeforeAndAfterTheFirstMatchingLine) {
  std::string target = "mod a;\n// ggen:mods\nfn main() {}\n// ggen:mods\n";
  EXPECT_EQ(inject(target, "mod b;\n", spec(Mode::kBefore, "ggen:mods")).value().content,
            "mod a;\nmod b;\n// ggen:mods\nfn main() {}\n// ggen:mods\n");
  EXPECT_EQ(inject(target, "mod b;\n", spec(Mode::kAfter, "^// ggen:mods$")).value().content,
            "mod a;\n// ggen:mods\nmod b;\nfn main() {}\n// ggen:mods\n");
}

TEST(Inject, AtLine) {
  EXPECT_EQ(inject("1\n2\n3\n", "x\n", spec(Mode::kAtLine, "", 2)).value().content, "1\nx\n2\n3\n");
  EXPECT_EQ(inject("1\n2\n", "x\n", spec(Mode::kAtLine, "", 3)).value().content, "1\n2\nx\n");
  auto bad = inject("1\n2\n", "x\n", spec(Mode::kAtLine, "", 9));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "E_INJECT_ANCHOR");
  EXPECT_NE(bad.error().hint().find("1 to 3"), std::string::npos);
}

TEST(Inject, PreservesCrlfAndTheMissingFinalNewline) {
  EXPECT_EQ(inject("a\r\nb\r\n", "x\n", spec(Mode::kAfter, "^a$")).value().content, "a\r\nx\r\nb\r\n");
  EXPECT_EQ(inject("a\nb", "x\n", spec(Mode::kAppend)).value().content, "a\nb\nx");
  EXPECT_EQ(inject("a\nb", "x\n", spec(Mode::kPrepend)).value().content, "x\na\nb");
  auto s = spec(Mode::kAppend);
  s.eof_last = true;
  EXPECT_EQ(inject("a\nb", "x", s).value().content, "a\nb\nx\n");
  s.eof_last = false;
  EXPECT_EQ(inject("a\nb\n", "x\n", s).value().content, "a\nb\nx");
}

TEST(Inject, IdempotentRerunIsANoOp) {
  auto s = spec(Mode::kAfter, "^// routes$");
  s.idempotent = true;
  auto first = inject("// routes\nend\n", "get('/a');\nget('/b');\n", s).value();
  ASSERT_TRUE(first.changed);
  auto second = inject(first.content, "get('/a');\nget('/b');\n", s).value();
  EXPECT_FALSE(second.changed);
  EXPECT_EQ(second.content, first.content);
  EXPECT_EQ(second.reason, "already injected (idempotent)");
  // Also across line endings.
  auto crlf = inject("// routes\r\nget('/a');\r\nget('/b');\r\n", "get('/a');\nget('/b');\n", s).value();
  EXPECT_FALSE(crlf.changed);
}

TEST(Inject, SkipIfMatchesTheTarget) {
  auto s = spec(Mode::kAppend);
  s.skip_if = "export \\* from './user'";
  auto r = inject("export * from './user';\n", "export * from './user';\n", s).value();
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.reason, "skip_if matched the target");
}

TEST(Inject, MissingAnchorAndBadRegexAreLocatedErrors) {
  auto missing = inject("a\n", "x\n", spec(Mode::kBefore, "nowhere"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), "E_INJECT_ANCHOR");
  EXPECT_EQ(missing.error().location().file, "inject.tmpl");
  EXPECT_NE(missing.error().message().find("/nowhere/"), std::string::npos);
  auto bad = inject("a\n", "x\n", spec(Mode::kAfter, "(unclosed"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "E_REGEX");
  auto s = spec(Mode::kAppend);
  s.skip_if = "[";
  EXPECT_EQ(inject("a\n", "x\n", s).error().code(), "E_REGEX");
}

TEST(EofLast, AddsOrStripsTheFinalNewline) {
  using ggen::gen::apply_eof_last;
  EXPECT_EQ(apply_eof_last("a", true), "a\n");
  EXPECT_EQ(apply_eof_last("a\n\n", false), "a");
  EXPECT_EQ(apply_eof_last("a\r\n", false), "a");
  EXPECT_EQ(apply_eof_last("a", std::nullopt), "a");
}

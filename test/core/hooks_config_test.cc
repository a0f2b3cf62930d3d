#include <gtest/gtest.h>

#include "ggen/hooks/config.h"

using namespace ggen;
using namespace ggen::hooks;

namespace {

Result<std::vector<Hook>> parse(const std::string& text) {
  auto doc = toml::parse(text, "ggen.toml");
  if (!doc.ok()) return doc.error();
  return hooks_from_toml(doc.value(), "ggen.toml");
}

}  // namespace

TEST(HooksConfig, ReadsEntriesInOrder) {
  auto h = parse(
      "[project]\nname = \"x\"\n\n[[hooks]]\non = \"pre-commit\"\nrun = [\"project\", \"gen\", "
      "\"--check\"]\n"
      "\n[[hooks]]\non = \"watch\"\nrun = [\"graph\", \"stats\"]\ntimeout = 5000\n");
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  ASSERT_EQ(h.value().size(), 2u);
  EXPECT_EQ(h.value()[0].event, "pre-commit");
  EXPECT_EQ(h.value()[0].command, (std::vector<std::string>{"project", "gen", "--check"}));
  EXPECT_EQ(h.value()[0].line, 4);
  EXPECT_EQ(h.value()[0].timeout, kDefaultTimeout);
  EXPECT_EQ(h.value()[1].timeout.count(), 5000);
}

TEST(HooksConfig, RejectsBadEntriesWithLocations) {
  struct Case {
    const char* text;
    const char* needle;
    int line;
  } cases[] = {
      {"[[hooks]]\non = \"pre-comit\"\nrun = [\"project\", \"gen\"]\n", "did you mean `pre-commit`",
       2},
      {"[[hooks]]\nrun = [\"project\", \"gen\"]\n", "needs `on", 1},
      {"[[hooks]]\non = \"watch\"\n", "needs `run", 1},
      {"[[hooks]]\non = \"watch\"\nrun = []\n", "needs `run", 3},
      {"[[hooks]]\non = \"watch\"\nrun = [1]\n", "lists strings", 3},
      {"[[hooks]]\non = \"watch\"\nrun = [\"hook\", \"run\", \"watch\"]\n", "cannot run `ggen hook",
       3},
      {"[[hooks]]\non = \"watch\"\nrun = [\"x\"]\ntimeout = -1\n", "positive whole number", 4},
      {"[[hooks]]\non = \"watch\"\nrun = [\"x\"]\nrn = 1\n", "unknown key `rn`", 4},
      {"[hooks]\non = \"watch\"\n", "[[hooks]] tables", 1},
  };
  for (const auto& c : cases) {
    auto h = parse(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.error().code(), "E_PROJECT") << c.text;
    bool said = h.error().message().find(c.needle) != std::string::npos ||
                h.error().hint().find(c.needle) != std::string::npos;
    EXPECT_TRUE(said) << c.text << " -> " << h.error().to_string() << " hint: " << h.error().hint();
    EXPECT_EQ(h.error().location().line, c.line) << c.text;
  }
}

TEST(HooksConfig, AppendThenRemoveGivesBackTheFile) {
  const std::string original =
      "# my project\n[project]\nname = \"x\"   # keep this comment\n\n[vars]\na = 1\n";
  Hook hook{"pre-commit", {"project", "gen", "--check"}, kDefaultTimeout, 0};
  std::string added = append_hook(original, hook);
  EXPECT_TRUE(added.starts_with(original));
  auto h = parse(added);
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  ASSERT_EQ(h.value().size(), 1u);
  EXPECT_EQ(h.value()[0].command, hook.command);
  EXPECT_EQ(remove_hook_blocks(added, {h.value()[0].line}), original);
}

TEST(HooksConfig, RemovesOneBlockInTheMiddleAndKeepsTheNextTablesComment) {
  const std::string text =
      "[project]\nname = \"x\"\n\n[[hooks]]\non = \"watch\"\nrun = [\"a\"]\n\n[[hooks]]\non = "
      "\"watch\"\n"
      "run = [\"b\"]\n\n# the variables\n[vars]\nk = \"v\"\n";
  auto h = parse(text);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(remove_hook_blocks(text, {h.value()[1].line}),
            "[project]\nname = \"x\"\n\n[[hooks]]\non = \"watch\"\nrun = [\"a\"]\n\n# the "
            "variables\n[vars]\nk = \"v\"\n");
  EXPECT_EQ(remove_hook_blocks(text, {h.value()[0].line, h.value()[1].line}),
            "[project]\nname = \"x\"\n\n# the variables\n[vars]\nk = \"v\"\n");
}

TEST(HooksConfig, QuotesAwkwardArgumentsBothInTomlAndForDisplay) {
  Hook hook{
      "watch", {"template", "render", "say \"hi\"\\now", "it's"}, std::chrono::milliseconds(10), 0};
  auto h = parse(append_hook("", hook));
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h.value()[0].command, hook.command);
  EXPECT_EQ(h.value()[0].timeout.count(), 10);
  EXPECT_EQ(command_text(hook.command), "template render 'say \"hi\"\\now' 'it'\\''s'");
}

TEST(HooksConfig, Events) {
  EXPECT_TRUE(check_event("watch").ok());
  auto bad = check_event("post-merg");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "E_HOOK_EVENT");
  EXPECT_NE(bad.error().hint().find("post-merge"), std::string::npos);
  EXPECT_TRUE(is_git_event("pre-commit"));
  EXPECT_FALSE(is_git_event("watch"));
}

#include <gtest/gtest.h>

#include "ggen/lifecycle/config.h"
#include "ggen/lifecycle/glob.h"
#include "ggen/lifecycle/order.h"

using namespace ggen;
using namespace ggen::lifecycle;

namespace {

Result<std::vector<Phase>> parse(const std::string& text) {
  auto doc = toml::parse(text, "ggen.toml");
  if (!doc.ok()) return doc.error();
  return phases_from_toml(doc.value(), "ggen.toml");
}

}  // namespace

TEST(LifecycleOrder, DependenciesFirstInDeclaredOrderEachOnce) {
  auto p = parse(R"([lifecycle.test]
commands = ["t"]
depends = ["build", "lint"]
[lifecycle.lint]
commands = ["l"]
depends = ["gen"]
[lifecycle.build]
commands = ["b"]
depends = ["gen"]
[lifecycle.gen]
commands = ["g"]
timeout = 1000
[lifecycle.deploy]
depends = ["test"]
)");
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value()[3].timeout.count(), 1000);
  EXPECT_EQ(p.value()[0].timeout, kDefaultTimeout);
  auto o = run_order(p.value(), "deploy");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.value(), (std::vector<std::string>{"gen", "build", "lint", "test", "deploy"}));
  EXPECT_EQ(run_order(p.value(), "gen").value(), std::vector<std::string>{"gen"});
  auto unknown = run_order(p.value(), "biuld");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), "E_LIFECYCLE_UNKNOWN_PHASE");
  EXPECT_NE(unknown.error().hint().find("build"), std::string::npos);
}

TEST(LifecycleOrder, ACycleIsNamed) {
  auto p = parse(
      "[lifecycle.a]\ncommands = [\"x\"]\ndepends = [\"b\"]\n[lifecycle.b]\ncommands = [\"x\"]\n"
      "depends = [\"c\"]\n[lifecycle.c]\ncommands = [\"x\"]\ndepends = [\"a\"]\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_LIFECYCLE_CYCLE");
  EXPECT_NE(p.error().message().find("a -> b -> c -> a"), std::string::npos) << p.error().message();
  EXPECT_EQ(p.error().location().line, 3);
  auto self = parse("[lifecycle.a]\ncommands = [\"x\"]\ndepends = [\"a\"]\n");
  ASSERT_FALSE(self.ok());
  EXPECT_NE(self.error().message().find("a -> a"), std::string::npos);
}

TEST(LifecycleOrder, BadPhasesAreLocatedErrors) {
  struct Case {
    const char* text;
    const char* needle;
    int line;
  } cases[] = {
      {"[lifecycle.a]\ncommand = [\"x\"]\n", "did you mean `commands`", 2},
      {"[lifecycle.a]\ncommands = \"x\"\n", "must be a list of strings", 2},
      {"[lifecycle.a]\ncommands = [\"\"]\n", "non-empty strings", 2},
      {"[lifecycle.a]\ndescription = \"nothing\"\n", "no commands", 1},
      {"[lifecycle.a]\ncommands = [\"x\"]\ndepends = [\"biuld\"]\n[lifecycle.build]\ncommands = "
       "[\"y\"]\n",
       "did you mean `build`", 3},
      {"[lifecycle.a]\ncommands = [\"x\"]\ntimeout = 0\n", "positive whole number", 3},
      {"[lifecycle]\na = 1\n", "must be a table", 2},
  };
  for (const auto& c : cases) {
    auto p = parse(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.error().code(), "E_PROJECT") << c.text;
    bool said = p.error().message().find(c.needle) != std::string::npos ||
                p.error().hint().find(c.needle) != std::string::npos;
    EXPECT_TRUE(said) << c.text << " -> " << p.error().to_string() << " / " << p.error().hint();
    EXPECT_EQ(p.error().location().line, c.line) << c.text;
  }
}

TEST(LifecycleGlob, Matching) {
  EXPECT_TRUE(glob_match("src/*.c", "src/a.c"));
  EXPECT_FALSE(glob_match("src/*.c", "src/sub/a.c"));
  EXPECT_TRUE(glob_match("src/**/*.c", "src/a.c"));
  EXPECT_TRUE(glob_match("src/**/*.c", "src/x/y/a.c"));
  EXPECT_TRUE(glob_match("**", "a/b/c"));
  EXPECT_TRUE(glob_match("./graphs/*.ttl", "graphs/g.ttl"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "a/c"));
  EXPECT_TRUE(glob_match("[a-c]x", "bx"));
  EXPECT_FALSE(glob_match("[!a-c]x", "bx"));
  EXPECT_TRUE(glob_match("*.tmpl", ".hidden.tmpl"));
  EXPECT_FALSE(glob_match("*.c", "a.h"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
}

// OutputRoot: one root confining many paths with its folders resolved once.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/paths.h"

namespace fs = std::filesystem;
using ggen::gen::OutputRoot;

class OutputRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-outroot-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "out" / "src");
    fs::create_directories(root / "elsewhere");
    out = fs::canonical(root / "out");
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path root, out;
};

TEST_F(OutputRootTest, ConfinesManyPathsAndDisplaysThemRelative) {
  OutputRoot r(out);
  for (int i = 0; i < 50; ++i) {
    auto p = r.confine("src/m" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".rs");
    ASSERT_TRUE(p.ok()) << p.error().to_string();
    EXPECT_EQ(r.display(p.value()),
              "src/m" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".rs");
  }
  auto bad = r.confine("src/../../x", {"t.tmpl", 3, 1});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "E_PATH_ESCAPE");
  EXPECT_EQ(bad.error().location().line, 3);
}

TEST_F(OutputRootTest, RefusesAFileSymlinkThatLeavesTheRoot) {
  std::ofstream(root / "elsewhere" / "secret.txt") << "x";
  fs::create_symlink(root / "elsewhere" / "secret.txt", out / "src" / "leak.txt");
  OutputRoot r(out);
  auto p = r.confine("src/leak.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_PATH_ESCAPE");
  EXPECT_NE(p.error().message().find("symbolic link"), std::string::npos);
  // A sibling in the same (already resolved) folder is fine.
  EXPECT_TRUE(r.confine("src/ok.txt").ok());
}

TEST_F(OutputRootTest, AFolderLinkLeavingTheRootIsRefusedForEveryFileBelowIt) {
  fs::create_directory_symlink(root / "elsewhere", out / "gen");
  OutputRoot r(out);
  for (const char* p : {"gen/a.txt", "gen/b.txt", "gen/deeper/c.txt"}) {
    auto c = r.confine(p);
    ASSERT_FALSE(c.ok()) << p;
    EXPECT_EQ(c.error().code(), "E_PATH_ESCAPE") << p;
  }
}

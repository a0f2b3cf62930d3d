#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/paths.h"

namespace fs = std::filesystem;
using ggen::gen::confine;

class Confine : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("ggen-paths-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "out" / "src");
    fs::create_directories(root / "elsewhere");
    out = fs::canonical(root / "out");
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path root, out;
};

TEST_F(Confine, AcceptsNestedRelativePaths) {
  auto p = confine(out, "src/model/user.rs");
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value(), out / "src/model/user.rs");
  EXPECT_EQ(confine(out, "./a/../b.txt").value(), out / "b.txt");
}

TEST_F(Confine, RefusesAbsoluteAndClimbingPaths) {
  for (const char* bad : {"/etc/passwd", "../x", "src/../../x", "..", "."}) {
    auto p = confine(out, bad, {"t.tmpl", 2, 5});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().code(), "E_PATH_ESCAPE") << bad;
    EXPECT_EQ(p.error().location().file, "t.tmpl");
    EXPECT_EQ(p.error().location().line, 2);
    EXPECT_FALSE(p.error().hint().empty());
  }
}

TEST_F(Confine, RefusesSymlinksThatLeaveTheRoot) {
  fs::create_directory_symlink(root / "elsewhere", out / "link");
  auto p = confine(out, "link/file.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_PATH_ESCAPE");
  EXPECT_NE(p.error().message().find("symbolic link"), std::string::npos);
  // A link that stays inside is fine.
  fs::create_directory_symlink(out / "src", out / "inner");
  EXPECT_TRUE(confine(out, "inner/file.txt").ok());
}

TEST_F(Confine, EmptyPathIsAnInvalidArgument) {
  auto p = confine(out, "");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_INVALID_ARGUMENT");
}

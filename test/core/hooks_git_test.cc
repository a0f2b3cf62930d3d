#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "ggen/hooks/git.h"
#include "ggen/hooks/hooks.h"

using namespace ggen;
using namespace ggen::hooks;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ggen-hooks-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

int sh(const std::string& cmd) {
  return std::system(cmd.c_str());
}

}  // namespace

TEST(HooksGit, InstallChainsAnExistingHookAndUninstallRestoresItExactly) {
  TempDir t;
  fs::path hooks = t.path / "hooks";
  const std::string user = "#!/bin/sh\necho user hook\nexit 0\n";
  spit(hooks / "pre-commit", user);
  ::chmod((hooks / "pre-commit").c_str(), 0750);
  std::string script = hook_script("pre-commit", ".", {});
  auto r = install_hook(hooks, "pre-commit", script);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r.value().chained);
  EXPECT_TRUE(r.value().changed);
  EXPECT_TRUE(is_ggen_hook(hooks / "pre-commit"));
  EXPECT_EQ(mode_of(hooks / "pre-commit"), 0755u);
  EXPECT_EQ(slurp(hooks / "pre-commit.ggen-chained"), user);

  // Idempotent: the same script is not rewritten and the user's hook is not chained twice.
  auto again = install_hook(hooks, "pre-commit", script);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value().changed);
  EXPECT_TRUE(again.value().chained);
  EXPECT_EQ(slurp(hooks / "pre-commit.ggen-chained"), user);

  auto u = uninstall_hook(hooks, "pre-commit");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u.value().removed);
  EXPECT_TRUE(u.value().restored);
  EXPECT_EQ(slurp(hooks / "pre-commit"), user);
  EXPECT_EQ(mode_of(hooks / "pre-commit"), 0750u);
  EXPECT_FALSE(fs::exists(hooks / "pre-commit.ggen-chained"));
}

TEST(HooksGit, CreatesAMissingHooksFolderAndLeavesNothingOnUninstall) {
  TempDir t;
  fs::path hooks = t.path / "custom" / "hooks";
  auto r = install_hook(hooks, "post-merge",
                        hook_script("post-merge", "sub dir", {"/usr/bin/node", "/x/ggen.js"}));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_FALSE(r.value().chained);
  std::string text = slurp(hooks / "post-merge");
  EXPECT_NE(text.find("cd 'sub dir'"), std::string::npos);
  EXPECT_NE(text.find("'/usr/bin/node' '/x/ggen.js' hook run post-merge"), std::string::npos);
  EXPECT_EQ(sh("sh -n '" + (hooks / "post-merge").string() + "'"), 0);
  auto u = uninstall_hook(hooks, "post-merge");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u.value().removed);
  EXPECT_FALSE(u.value().restored);
  EXPECT_TRUE(fs::is_empty(hooks));
}

TEST(HooksGit, TheChainedHooksFailureStopsTheScript) {
  TempDir t;
  fs::path hooks = t.path / "hooks";
  spit(hooks / "pre-commit",
       "#!/bin/sh\necho \"user $1\" > \"$(dirname \"$0\")/../user-ran\"\nexit 3\n");
  ::chmod((hooks / "pre-commit").c_str(), 0755);
  // A fake ggen that records it ran: the script must not reach it.
  spit(t.path / "fake-ggen", "#!/bin/sh\ntouch ggen-ran\n");
  ::chmod((t.path / "fake-ggen").c_str(), 0755);
  ASSERT_TRUE(install_hook(hooks, "pre-commit",
                           hook_script("pre-commit", ".", {(t.path / "fake-ggen").string()}))
                  .ok());
  int rc = sh("cd '" + t.path.string() + "' && ./hooks/pre-commit arg");
  EXPECT_EQ(WEXITSTATUS(rc), 3);
  EXPECT_EQ(slurp(t.path / "user-ran"), "user arg\n");
  EXPECT_FALSE(fs::exists(t.path / "ggen-ran"));
  // Once the user's hook passes, ggen runs.
  spit(hooks / "pre-commit.ggen-chained", "#!/bin/sh\nexit 0\n");
  rc = sh("cd '" + t.path.string() + "' && ./hooks/pre-commit");
  EXPECT_EQ(WEXITSTATUS(rc), 0);
  EXPECT_TRUE(fs::exists(t.path / "ggen-ran"));
}

TEST(HooksGit, RefusesWhenTheHookWasReplacedAfterChaining) {
  TempDir t;
  fs::path hooks = t.path / "hooks";
  spit(hooks / "pre-commit", "#!/bin/sh\n");
  ASSERT_TRUE(install_hook(hooks, "pre-commit", hook_script("pre-commit", ".", {})).ok());
  spit(hooks / "pre-commit", "#!/bin/sh\necho someone else\n");
  auto r = install_hook(hooks, "pre-commit", hook_script("pre-commit", ".", {}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_HOOK_CONFLICT");
  EXPECT_EQ(slurp(hooks / "pre-commit"), "#!/bin/sh\necho someone else\n");
}

TEST(HooksGit, OutsideARepositoryIsAClearError) {
  TempDir t;
  spit(t.path / "ggen.toml", "[project]\nname = \"x\"\n");
  auto r = find_git(t.path, {});
  if (!r.ok() && r.error().code() == "E_IO") GTEST_SKIP() << "git is not installed";
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_NOT_GIT_REPO");
  // create() refuses before changing ggen.toml.
  auto c = create(CreateRequest{t.path, "pre-commit", {"project", "gen"}, std::nullopt, {}}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code(), "E_NOT_GIT_REPO");
  EXPECT_EQ(slurp(t.path / "ggen.toml"), "[project]\nname = \"x\"\n");
}

TEST(HooksGit, WatchHooksRunInOrderAndStopAtTheFirstFailure) {
  TempDir t;
  spit(t.path / "ggen.toml", "[project]\nname = \"x\"\n");
  // A stand-in for ggen: appends its arguments to a log and fails on "fail".
  spit(t.path / "fake-ggen",
       "#!/bin/sh\necho \"$GGEN_HOOK_EVENT $*\" >> log\n[ \"$1\" = fail ] && { echo boom >&2; exit "
       "4; }\nexit 0\n");
  ::chmod((t.path / "fake-ggen").c_str(), 0755);
  for (auto cmd : {std::vector<std::string>{"ggen", "one"}, {"fail", "now"}, {"three"}}) {
    auto c = create(CreateRequest{t.path, "watch", cmd, std::nullopt, {}}, {});
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_FALSE(c.value().installed);
  }
  auto dup = create(CreateRequest{t.path, "watch", {"one"}, std::nullopt, {}}, {});
  ASSERT_TRUE(dup.ok());
  EXPECT_FALSE(dup.value().added);

  std::string streamed;
  RunRequest req{t.path, "watch", {(t.path / "fake-ggen").string()}, {}, {}};
  req.on_output = [&](std::string_view cmd, int stream, std::string_view data) {
    if (stream == 2) streamed += std::string(cmd) + ": " + std::string(data);
  };
  auto r = run_event(req, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_HOOK_FAILED");
  EXPECT_NE(r.error().message().find("exit code 4"), std::string::npos);
  EXPECT_NE(r.error().message().find("boom"), std::string::npos);
  EXPECT_EQ(slurp(t.path / "log"), "watch one\nwatch fail now\n");
  EXPECT_EQ(streamed, "fail now: boom\n");

  auto removed = remove(RemoveRequest{t.path, "watch", {"fail", "now"}}, {});
  ASSERT_TRUE(removed.ok()) << removed.error().to_string();
  EXPECT_EQ(removed.value().removed.size(), 1u);
  auto ok = run_event(RunRequest{t.path, "watch", {(t.path / "fake-ggen").string()}, {}, {}}, {});
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok.value().runs.size(), 2u);

  auto none = remove(RemoveRequest{t.path, "watch", {"nope"}}, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), "E_HOOK_NOT_FOUND");
  ASSERT_TRUE(remove(RemoveRequest{t.path, "watch", {}}, {}).ok());
  EXPECT_EQ(slurp(t.path / "ggen.toml"), "[project]\nname = \"x\"\n");
}

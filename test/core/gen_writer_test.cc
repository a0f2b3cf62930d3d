#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/writer.h"

namespace fs = std::filesystem;
using namespace ggen::gen;

static std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
static void spit(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

class Writer : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-writer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override {
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(root);
  }
  size_t entries() {
    size_t n = 0;
    for (auto& e : fs::recursive_directory_iterator(root)) (void)e, ++n;
    return n;
  }
  fs::path root;
};

TEST_F(Writer, WritesNewAndExistingFilesCreatingFolders) {
  spit(root / "old.txt", "old");
  auto r = write_atomically({{root / "a/b/new.txt", "new"}, {root / "old.txt", "replaced"}});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value().written, 2u);
  EXPECT_EQ(slurp(root / "a/b/new.txt"), "new");
  EXPECT_EQ(slurp(root / "old.txt"), "replaced");
  EXPECT_EQ(entries(), 4u);  // a, a/b, a/b/new.txt, old.txt: no temporary left behind
}

TEST_F(Writer, KeepsTheModeOfAReplacedFile) {
  spit(root / "run.sh", "old");
  fs::permissions(root / "run.sh", fs::perms(0755));
  ASSERT_TRUE(write_atomically({{root / "run.sh", "new"}}).ok());
  struct stat st;
  ASSERT_EQ(::stat((root / "run.sh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(Writer, AFailureLeavesNothingOfTheBatchChanged) {
  spit(root / "keep.txt", "original");
  fs::create_directories(root / "ro");
  fs::permissions(root / "ro", fs::perms(0555));
  if (::geteuid() == 0) {
    // root ignores permissions: make the last write fail by targeting a directory instead.
    fs::create_directories(root / "ro" / "dir.txt");
  }
  auto r = write_atomically({{root / "keep.txt", "changed"},
                             {root / "fresh/new.txt", "new"},
                             {root / "ro" / "dir.txt", "cannot"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_IO");
  EXPECT_EQ(slurp(root / "keep.txt"), "original");
  EXPECT_FALSE(fs::exists(root / "fresh"));
  for (auto& e : fs::recursive_directory_iterator(root)) {
    EXPECT_EQ(e.path().filename().string().find(".ggen-"), std::string::npos) << e.path();
  }
}

TEST_F(Writer, CancelledBeforeCommitWritesNothing) {
  spit(root / "keep.txt", "original");
  ggen::runtime::Context ctx;
  ctx.token.cancel();
  auto r = write_atomically({{root / "keep.txt", "changed"}, {root / "new/x.txt", "x"}}, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  EXPECT_EQ(slurp(root / "keep.txt"), "original");
  EXPECT_FALSE(fs::exists(root / "new"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(Writer, CancelledLargeBatchStopsWhileStagingAndLeavesNothing) {
  spit(root / "keep.txt", "original");
  std::vector<FileWrite> writes;
  for (int i = 0; i < 200; ++i) {
    writes.push_back({root / ("d" + std::to_string(i % 7)) / ("f" + std::to_string(i)), "x"});
  }
  ggen::runtime::Context ctx;
  ctx.token.cancel();
  auto r = write_atomically(writes, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  EXPECT_EQ(slurp(root / "keep.txt"), "original");
  EXPECT_EQ(entries(), 1u);  // no folder, temporary file or output left
}

TEST_F(Writer, StaleTargetsAreRefused) {
  spit(root / "t.txt", "now");
  FileWrite w{root / "t.txt", "new"};
  w.check_before = true;
  w.before = "when planned";
  auto r = write_atomically({w});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_STALE");
  EXPECT_EQ(slurp(root / "t.txt"), "now");
  w.before = "now";
  EXPECT_TRUE(write_atomically({w}).ok());
}

TEST_F(Writer, BackupKeepsThePreviousContent) {
  spit(root / "t.txt", "v1");
  FileWrite w{root / "t.txt", "v2"};
  w.backup = true;
  auto r = write_atomically({w});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(slurp(root / "t.txt"), "v2");
  EXPECT_EQ(slurp(root / "t.txt.bak"), "v1");
}

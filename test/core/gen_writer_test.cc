#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

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

// Large batches: staged on the runtime's pool, committed in batch order.

namespace {

std::vector<FileWrite> many(const fs::path& root, int n, bool expect_new) {
  std::vector<FileWrite> writes;
  for (int i = 0; i < n; ++i) {
    FileWrite w{root / ("d" + std::to_string(i % 5)) / ("f" + std::to_string(i) + ".txt"),
                "content " + std::to_string(i) + "\n"};
    w.expect_new = expect_new;
    writes.push_back(std::move(w));
  }
  return writes;
}

bool has_temporaries(const fs::path& root) {
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().filename().string().find(".ggen-") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_F(Writer, AOneFolderBatchAndAManyFolderBatchWriteTheSame) {
  // One folder is staged on one thread, several folders in parallel: same files either way.
  for (int folders : {1, 40}) {
    fs::remove_all(root);
    fs::create_directories(root);
    std::vector<FileWrite> writes;
    for (int i = 0; i < 400; ++i) {
      writes.push_back({root / ("d" + std::to_string(i % folders)) / ("f" + std::to_string(i)),
                        std::to_string(i)});
    }
    auto r = write_atomically(writes);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    for (auto& w : writes) EXPECT_EQ(slurp(w.path), w.content) << w.path;
    EXPECT_EQ(entries(), 400u + folders);
  }
}

TEST_F(Writer, ParallelStagingWritesEveryFileWhateverTheJobs) {
  for (size_t jobs : {0, 1, 2, 8}) {
    for (bool expect_new : {false, true}) {
      fs::remove_all(root);
      fs::create_directories(root);
      auto writes = many(root, 300, expect_new);
      auto r = write_atomically(writes, {}, WriteOptions{jobs});
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(r.value().written, 300u);
      for (auto& w : writes) EXPECT_EQ(slurp(w.path), w.content) << w.path;
      EXPECT_EQ(entries(), 305u) << "jobs " << jobs;  // 5 folders, 300 files, no temporary
    }
  }
}

TEST_F(Writer, TheSamePathTwiceEndsWithTheLaterContent) {
  // Renames follow the batch's order even when staging ran on several threads.
  for (bool expect_new : {false, true}) {
    fs::remove_all(root);
    fs::create_directories(root);
    auto writes = many(root, 200, expect_new);
    writes[20].path = writes[180].path;
    writes[20].content = "early";
    auto r = write_atomically(writes);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(slurp(writes[180].path), writes[180].content);
    EXPECT_FALSE(has_temporaries(root));
  }
}

TEST_F(Writer, AFailureInTheMiddleOfALargeBatchLeavesNothingChanged) {
  // The 100th target is an existing folder: found while staging (target read) or, for a target
  // expected new, when its no-replace rename meets it at commit, after 99 files went in.
  for (bool expect_new : {false, true}) {
    fs::remove_all(root);
    fs::create_directories(root / "d0");
    spit(root / "d0" / "f0.txt", "original");
    auto writes = many(root, 300, expect_new);
    writes[0].expect_new = false;  // it exists: replaced, then restored
    fs::create_directories(writes[100].path);
    auto r = write_atomically(writes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), "E_IO");
    EXPECT_NE(r.error().message().find(writes[100].path.string()), std::string::npos)
        << r.error().message();
    EXPECT_EQ(slurp(root / "d0" / "f0.txt"), "original");
    EXPECT_FALSE(fs::exists(root / "d1")) << "expect_new " << expect_new;
    EXPECT_FALSE(has_temporaries(root));
    EXPECT_EQ(entries(), 3u);  // d0, d0/f0.txt, the folder at the 100th path (d0/f100.txt)
  }
}

TEST_F(Writer, TheErrorReportedIsTheFirstFailingFileInBatchOrder) {
  // Files 60 and 240 cannot be written (their folders are regular files), in two folders staged
  // by different threads; whichever gets there first, the error names file 60.
  for (int round = 0; round < 5; ++round) {
    fs::remove_all(root);
    fs::create_directories(root);
    auto writes = many(root, 300, true);
    spit(root / "plain1", "x");
    spit(root / "plain2", "x");
    writes[60].path = root / "plain1" / "a.txt";
    writes[240].path = root / "plain2" / "b.txt";
    auto r = write_atomically(writes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), "E_IO");
    EXPECT_NE(r.error().message().find("a.txt"), std::string::npos) << r.error().message();
    EXPECT_EQ(entries(), 2u);  // only the two plain files
  }
}

TEST_F(Writer, CancelledWhileStagingLeavesNothing) {
  // The batch stops mid-way through staging: file 150's target is a FIFO, whose read waits for a
  // writer; once the batch is there, the helper cancels it, then lets that read finish. Files
  // before it are staged by then, the rest is refused; nothing may be left.
  for (size_t jobs : {1, 0}) {
    fs::remove_all(root);
    fs::create_directories(root / "d0");
    spit(root / "d0" / "f0.txt", "original");
    auto writes = many(root, 300, true);
    writes[0].expect_new = false;
    fs::path fifo = root / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    writes[150] = FileWrite{fifo, "never"};
    ggen::runtime::Context ctx;
    std::thread helper([&] {
      // Opening the FIFO's other end succeeds once the writer is reading it (bounded wait).
      int fd = -1;
      for (int i = 0; i < 20000 && fd < 0; ++i) {
        fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      ctx.token.cancel();
      if (fd >= 0) ::close(fd);
    });
    auto r = write_atomically(writes, ctx, WriteOptions{jobs});
    helper.join();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), "E_CANCELLED");
    EXPECT_EQ(slurp(root / "d0" / "f0.txt"), "original");
    struct stat st;
    ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
    EXPECT_EQ(entries(), 3u) << "jobs " << jobs;  // d0, d0/f0.txt, pipe
  }
}

TEST_F(Writer, AFileThatAppearedSincePlanningIsReplacedAndRestoredOnRollback) {
  spit(root / "late.sh", "appeared");
  fs::permissions(root / "late.sh", fs::perms(0750));
  FileWrite late{root / "late.sh", "generated"};
  late.expect_new = true;
  auto ok = write_atomically({late});
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(slurp(root / "late.sh"), "generated");
  struct stat st;
  ASSERT_EQ(::stat((root / "late.sh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);  // the mode of the file it replaced

  spit(root / "late.sh", "appeared");
  fs::create_directories(root / "dir.txt");
  FileWrite bad{root / "dir.txt", "cannot"};
  bad.expect_new = true;
  auto r = write_atomically({late, bad});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(slurp(root / "late.sh"), "appeared");
  EXPECT_FALSE(has_temporaries(root));
}

TEST_F(Writer, AFileThatAppearedIsStaleWhenThePlanSawNone) {
  spit(root / "t.txt", "appeared");
  FileWrite w{root / "t.txt", "new"};
  w.expect_new = true;
  w.check_before = true;  // and before = nullopt: the plan saw no file
  auto r = write_atomically({w});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_STALE");
  EXPECT_EQ(slurp(root / "t.txt"), "appeared");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(Writer, BackupOfAFileThatAppearedSincePlanning) {
  spit(root / "t.txt", "appeared");
  FileWrite w{root / "t.txt", "new"};
  w.expect_new = true;
  w.backup = true;
  ASSERT_TRUE(write_atomically({w}).ok());
  EXPECT_EQ(slurp(root / "t.txt"), "new");
  EXPECT_EQ(slurp(root / "t.txt.bak"), "appeared");
}

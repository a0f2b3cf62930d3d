#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "ggen/cache/disk.h"

namespace ggen::cache {
namespace {

namespace fs = std::filesystem;

class CacheDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ggen-cache-disk-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void write(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
  }
  // A saved cache with two entries, one of them holding binary bytes and newlines.
  void save_two() {
    DiskCache c(dir_);
    c.load();
    c.put("render", "k1", "hello\nworld\n");
    c.put("query", "k2", std::string("a\0b\n", 4));
    ASSERT_TRUE(c.save().ok());
  }

  fs::path dir_;
};

TEST_F(CacheDisk, RoundTripsEntries) {
  save_two();
  DiskCache c(dir_);
  c.load();
  EXPECT_TRUE(c.warnings().empty());
  EXPECT_EQ(c.find("render", "k1").value_or("?"), "hello\nworld\n");
  EXPECT_EQ(c.find("query", "k2").value_or("?"), std::string("a\0b\n", 4));
  EXPECT_FALSE(c.find("render", "k2").has_value());
}

TEST_F(CacheDisk, MissingFileIsAnEmptyCacheWithoutWarning) {
  DiskCache c(dir_);
  c.load();
  EXPECT_TRUE(c.warnings().empty());
  EXPECT_FALSE(c.find("a", "b").has_value());
}

TEST_F(CacheDisk, SaveKeepsOnlyTheEntriesUsedSinceLoad) {
  save_two();
  DiskCache c(dir_);
  c.load();
  ASSERT_TRUE(c.find("render", "k1").has_value());
  ASSERT_TRUE(c.save().ok());
  DiskCache d(dir_);
  d.load();
  EXPECT_TRUE(d.find("render", "k1").has_value());
  EXPECT_FALSE(d.find("query", "k2").has_value());
}

TEST_F(CacheDisk, AFlippedPayloadByteDiscardsTheWholeCacheWhenRead) {
  save_two();
  std::string text = read(dir_ / "entries.bin");
  size_t at = text.find("hello");
  ASSERT_NE(at, std::string::npos);
  text[at] = 'j';
  write(dir_ / "entries.bin", text);
  DiskCache c(dir_);
  c.load();
  EXPECT_TRUE(c.warnings().empty());  // payloads are checked when read, not at load
  EXPECT_FALSE(c.find("render", "k1").has_value());
  ASSERT_EQ(c.warnings().size(), 1u);
  EXPECT_NE(c.warnings()[0].find("checksum"), std::string::npos) << c.warnings()[0];
  EXPECT_FALSE(c.find("query", "k2").has_value());  // the intact entry is not trusted either
  EXPECT_FALSE(c.touch("query", "k2"));
}

TEST_F(CacheDisk, AFlippedIndexByteIsDiscardedAtLoad) {
  save_two();
  std::string text = read(dir_ / "entries.bin");
  size_t at = text.find("render k1");
  ASSERT_NE(at, std::string::npos);
  text[at + 7] = 'X';
  write(dir_ / "entries.bin", text);
  DiskCache c(dir_);
  c.load();
  ASSERT_EQ(c.warnings().size(), 1u);
  EXPECT_NE(c.warnings()[0].find("index"), std::string::npos) << c.warnings()[0];
  EXPECT_FALSE(c.find("query", "k2").has_value());
}

TEST_F(CacheDisk, LoadReadsOnlyTheIndexAndSaveCopiesTouchedEntries) {
  save_two();
  // Damage one payload: an entry that is only touched is copied (and checked) by save(), so
  // the damage is found there, never passed on; the untouched intact entry is read fine.
  std::string text = read(dir_ / "entries.bin");
  {
    DiskCache c(dir_);
    c.load();
    EXPECT_TRUE(c.touch("render", "k1"));
    EXPECT_TRUE(c.touch("query", "k2"));
    c.put("query", "k3", "new");
    ASSERT_TRUE(c.save().ok());
    EXPECT_TRUE(c.warnings().empty());
  }
  DiskCache d(dir_);
  d.load();
  EXPECT_EQ(d.find("render", "k1").value_or("?"), "hello\nworld\n");
  EXPECT_EQ(d.find("query", "k2").value_or("?"), std::string("a\0b\n", 4));
  EXPECT_EQ(d.find("query", "k3").value_or("?"), "new");
  EXPECT_TRUE(d.warnings().empty());
}

TEST_F(CacheDisk, ATouchedEntryDamagedOnDiskIsDroppedBySave) {
  save_two();
  std::string text = read(dir_ / "entries.bin");
  text[text.find("hello")] = 'j';
  write(dir_ / "entries.bin", text);
  {
    DiskCache c(dir_);
    c.load();
    EXPECT_TRUE(c.touch("render", "k1"));
    c.put("query", "k3", "new");
    ASSERT_TRUE(c.save().ok());
    ASSERT_EQ(c.warnings().size(), 1u);
  }
  DiskCache d(dir_);
  d.load();
  EXPECT_TRUE(d.warnings().empty());
  EXPECT_FALSE(d.find("render", "k1").has_value());
  EXPECT_EQ(d.find("query", "k3").value_or("?"), "new");
}

TEST_F(CacheDisk, NothingChangedWritesNothing) {
  save_two();
  auto before = fs::last_write_time(dir_ / "entries.bin");
  auto ino = [&] {
    struct stat st;
    ::stat((dir_ / "entries.bin").c_str(), &st);
    return st.st_ino;
  };
  auto ino_before = ino();
  DiskCache c(dir_);
  c.load();
  EXPECT_TRUE(c.touch("render", "k1"));
  EXPECT_TRUE(c.find("query", "k2").has_value());
  c.put("query", "k2", std::string("a\0b\n", 4));  // the same payload again
  ASSERT_TRUE(c.save().ok());
  EXPECT_EQ(ino(), ino_before);  // not rewritten (a rewrite renames a new file over it)
  EXPECT_EQ(fs::last_write_time(dir_ / "entries.bin"), before);
}

TEST_F(CacheDisk, PollIsCalledWhileLoadingABigIndex) {
  {
    DiskCache c(dir_);
    c.load();
    for (int i = 0; i < 10000; ++i) c.put("q", "k" + std::to_string(i), "v");
    ASSERT_TRUE(c.save().ok());
  }
  DiskCache d(dir_);
  int polls = 0;
  d.load([&] { ++polls; });
  EXPECT_GE(polls, 2);
  EXPECT_EQ(d.find("q", "k9999").value_or("?"), "v");
  struct Stop {};
  DiskCache e(dir_);
  EXPECT_THROW(e.load([] { throw Stop{}; }), Stop);
}

TEST_F(CacheDisk, ATruncatedFileIsDiscarded) {
  save_two();
  std::string text = read(dir_ / "entries.bin");
  for (size_t cut : {text.size() - 1, text.size() / 2, size_t{5}}) {
    write(dir_ / "entries.bin", text.substr(0, cut));
    DiskCache c(dir_);
    c.load();
    EXPECT_EQ(c.warnings().size(), 1u) << "cut at " << cut;
    EXPECT_FALSE(c.find("render", "k1").has_value()) << "cut at " << cut;
  }
}

TEST_F(CacheDisk, AnotherVersionIsDiscardedAndRewritten) {
  save_two();
  std::string text = read(dir_ / "entries.bin");
  text.replace(0, text.find('\n'), "ggen-cache 999");
  write(dir_ / "entries.bin", text);
  DiskCache c(dir_);
  c.load();
  ASSERT_EQ(c.warnings().size(), 1u);
  EXPECT_NE(c.warnings()[0].find("version"), std::string::npos) << c.warnings()[0];
  EXPECT_FALSE(c.find("render", "k1").has_value());
  c.put("render", "k3", "fresh");
  ASSERT_TRUE(c.save().ok());
  DiskCache d(dir_);
  d.load();
  EXPECT_TRUE(d.warnings().empty());
  EXPECT_EQ(d.find("render", "k3").value_or("?"), "fresh");
}

TEST_F(CacheDisk, GarbageIsDiscarded) {
  fs::create_directories(dir_);
  write(dir_ / "entries.bin",
        "\x7f"
        "ELF garbage\nmore\n");
  DiskCache c(dir_);
  c.load();
  EXPECT_EQ(c.warnings().size(), 1u);
  EXPECT_EQ(c.entries(), 0u);
}

// A save abandoned from its poll (a cancellation) leaves the file exactly as it was and no
// temporary file; the entries stay usable and a later save writes them. Driven by counting
// polls, not by timing.
TEST_F(CacheDisk, AnAbandonedSaveLeavesTheFileAsItWas) {
  save_two();
  const std::string before = read(dir_ / "entries.bin");
  struct Stop {};
  for (int stop_at : {1, 2, 4}) {  // 4 polls: one while indexing, three while writing
    DiskCache c(dir_);
    c.load();
    ASSERT_TRUE(c.touch("render", "k1"));
    c.put("render", "big", std::string(3u << 20, 'x'));  // several polls' worth
    int polls = 0;
    EXPECT_THROW(c.save([&] {
      if (++polls == stop_at) throw Stop{};
    }),
                 Stop);
    EXPECT_EQ(polls, stop_at);
    EXPECT_EQ(read(dir_ / "entries.bin"), before) << stop_at;
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir_)) {
      ++files;
      EXPECT_EQ(e.path().filename(), "entries.bin");
    }
    EXPECT_EQ(files, 1u);
    if (stop_at == 4) {
      ASSERT_TRUE(c.save().ok());
      DiskCache again(dir_);
      again.load();
      EXPECT_EQ(again.find("render", "k1").value_or("?"), "hello\nworld\n");
      EXPECT_EQ(again.find("render", "big").value_or("?").size(), 3u << 20);
      EXPECT_FALSE(again.find("query", "k2").has_value());  // not used by that run
    }
  }
}

TEST_F(CacheDisk, TouchAllKeepsEveryEntry) {
  save_two();
  const std::string before = read(dir_ / "entries.bin");
  DiskCache c(dir_);
  c.load();
  c.touch_all();
  EXPECT_EQ(c.entries(), 2u);
  ASSERT_TRUE(c.save().ok());
  EXPECT_EQ(read(dir_ / "entries.bin"), before);  // nothing changed: not rewritten
  c.begin_run();
  c.touch_all();
  c.put("query", "k3", "new");
  ASSERT_TRUE(c.save().ok());
  DiskCache again(dir_);
  again.load();
  EXPECT_EQ(again.find("render", "k1").value_or("?"), "hello\nworld\n");
  EXPECT_EQ(again.find("query", "k2").value_or("?"), std::string("a\0b\n", 4));
  EXPECT_EQ(again.find("query", "k3").value_or("?"), "new");
}

TEST_F(CacheDisk, SaveLeavesNoTemporaryFiles) {
  save_two();
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    ++files;
    EXPECT_EQ(e.path().filename(), "entries.bin");
  }
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace ggen::cache

// File hashes by stat stamp: reuse only for a matching, non-racy stamp; streaming hash; the
// persisted table's format.
#include <gtest/gtest.h>

#include <fstream>

#include "ggen/cache/file_hash.h"
#include "ggen/hash/sha256.h"

namespace ggen::cache {
namespace {

namespace fs = std::filesystem;

class CacheFileHash : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ggen-file-hash-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
    return p;
  }
  fs::path dir_;
};

TEST_F(CacheFileHash, HashFileStreamsTheWholeFile) {
  std::string big(200000, 'x');
  big[123456] = 'y';
  auto p = write("big", big);
  auto h = hash_file(p);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value(), hash::sha256_hex(big));
  int polls = 0;
  ASSERT_TRUE(hash_file(p, [&] { ++polls; }).ok());
  EXPECT_GE(polls, 4);  // once per 64 KB piece
  auto missing = hash_file(dir_ / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), "E_NOT_FOUND");
}

TEST_F(CacheFileHash, StampOfIsForRegularFilesOnly) {
  auto p = write("a", "abc");
  auto s = stamp_of(p);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->size, 3u);
  EXPECT_FALSE(stamp_of(dir_).has_value());
  EXPECT_FALSE(stamp_of(dir_ / "nope").has_value());
}

TEST(CacheFileHashRule, RacyRecordsAreNotTrusted) {
  FileStamp s{1, 2, 3, 10'000'000'000, 10'000'000'000};
  EXPECT_FALSE(FileHashes::trusted(s, 10'000'000'000));                  // same instant
  EXPECT_FALSE(FileHashes::trusted(s, 10'000'000'000 + kRacyMarginNs));  // at the margin
  EXPECT_TRUE(FileHashes::trusted(s, 10'000'000'001 + kRacyMarginNs));
  FileStamp recent_ctime = s;
  recent_ctime.ctime_ns = 20'000'000'000;  // mtime restored by a tool, ctime moved on
  EXPECT_FALSE(FileHashes::trusted(recent_ctime, 10'000'000'001 + kRacyMarginNs));
}

TEST(CacheFileHashRule, LookupNeedsTheSameStampAndATrustedRecord) {
  FileHashes t;
  FileStamp s{1, 2, 3, 10'000'000'000, 10'000'000'000};
  std::string sha(64, 'a');
  t.record("/p", s, sha, 20'000'000'000);
  EXPECT_EQ(t.lookup("/p", s).value_or("?"), sha);
  for (auto change : {&FileStamp::dev, &FileStamp::ino, &FileStamp::size}) {
    FileStamp o = s;
    ++(o.*change);
    EXPECT_FALSE(t.lookup("/p", o).has_value());
  }
  for (auto change : {&FileStamp::mtime_ns, &FileStamp::ctime_ns}) {
    FileStamp o = s;
    ++(o.*change);  // one nanosecond
    EXPECT_FALSE(t.lookup("/p", o).has_value());
  }
  EXPECT_FALSE(t.lookup("/q", s).has_value());
  t.record("/p", s, sha, 10'000'000'000);  // taken right after the write: racy
  EXPECT_FALSE(t.lookup("/p", s).has_value());
}

TEST(CacheFileHashRule, TableRoundTripsAndRejectsDamage) {
  FileHashes t;
  const int64_t later = 4'000'000'000;  // taken long after these mtimes: trusted records
  t.record("/a dir/with spaces.ttl", FileStamp{1, 2, 3, 4, 5}, std::string(64, 'b'), later);
  t.record("/b", FileStamp{7, 8, 9, -10, 11}, std::string(64, 'c'), later);
  t.record("/bad\nname", FileStamp{}, std::string(64, 'd'), later);  // not representable: skipped
  std::string text = t.serialize();
  auto back = FileHashes::parse(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->size(), 2u);
  EXPECT_EQ(back->lookup("/a dir/with spaces.ttl", FileStamp{1, 2, 3, 4, 5}).value_or("?"),
            std::string(64, 'b'));
  FileHashes expected = t;
  expected.retain([](const std::string& p) { return p.find('\n') == std::string::npos; });
  EXPECT_TRUE(*back == expected);
  EXPECT_FALSE(FileHashes::parse("1 2 3 4 5 6 short /x\n").has_value());
  EXPECT_FALSE(FileHashes::parse(text.substr(0, text.size() - 1)).has_value());  // no newline
  EXPECT_FALSE(FileHashes::parse("x 2 3 4 5 6 " + std::string(64, 'a') + " /x\n").has_value());
  EXPECT_FALSE(FileHashes::parse("1 2 3 4 5 6 " + std::string(64, 'G') + " /x\n").has_value());
  EXPECT_TRUE(FileHashes::parse("").has_value());
}

// A record too young to trust is never kept (it would never be used, now or by a later run):
// recording one changes nothing, or drops an older record of that path; any trusted record
// that differs is a change.
TEST(CacheFileHashRule, YoungRecordsAreNotKept) {
  FileHashes t;
  FileStamp s{1, 2, 3, 10'000'000'000, 10'000'000'000};
  std::string sha(64, 'a');
  t.record("/p", s, sha, 11'000'000'000);  // young
  EXPECT_FALSE(t.changed());
  EXPECT_EQ(t.size(), 0u);
  t.record("/p", s, sha, 20'000'000'000);  // old enough now: trusted
  EXPECT_TRUE(t.changed());
  EXPECT_EQ(t.lookup("/p", s).value_or("?"), sha);
  t.mark_saved();
  t.record("/p", s, sha, 20'000'000'000);  // the same record again
  EXPECT_FALSE(t.changed());
  FileStamp edited = s;
  edited.ctime_ns = 19'000'000'000;  // written again since: young at this moment
  t.record("/p", edited, std::string(64, 'b'), 20'000'000'000);
  EXPECT_TRUE(t.changed());
  EXPECT_EQ(t.size(), 0u);  // the old record went too: it no longer describes the file
  EXPECT_FALSE(t.lookup("/p", s).has_value());
  t.mark_saved();
  t.record("/q", s, sha, 20'000'000'000);
  t.mark_saved();
  t.retain([](const std::string&) { return true; });
  EXPECT_FALSE(t.changed());
  t.retain([](const std::string&) { return false; });
  EXPECT_TRUE(t.changed());
}

TEST(CacheFileHashRule, RetainDropsOtherPaths) {
  FileHashes t;
  t.record("/a", FileStamp{}, std::string(64, 'a'), 4'000'000'000);
  t.record("/b", FileStamp{}, std::string(64, 'a'), 4'000'000'000);
  t.retain([](const std::string& p) { return p == "/b"; });
  EXPECT_EQ(t.size(), 1u);
}

}  // namespace
}  // namespace ggen::cache

// ggen::diff::format_stat, checked against `git diff --stat` output for the same changes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ggen/diff/stat.h"

namespace {

using ggen::diff::FileDiff;

FileDiff counts(std::string path, int ins, int del, bool old_exists = true,
                bool new_exists = true) {
  FileDiff d;
  d.old_path = d.new_path = std::move(path);
  d.insertions = ins;
  d.deletions = del;
  d.old_exists = old_exists;
  d.new_exists = new_exists;
  d.hunks.resize(ins + del > 0 ? 1 : 0);
  return d;
}

std::string seq(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += std::to_string(i) + "\n";
  return s;
}

TEST(DiffStat, MatchesGitForSmallChanges) {
  std::string big_new;
  for (int i = 1; i <= 100; ++i)
    big_new += (i % 10 == 5 ? std::string("five") : std::to_string(i)) + "\n";
  std::vector<FileDiff> files = {
      ggen::diff::diff_files(seq(1, 100), big_new, "big.txt"),
      ggen::diff::diff_files("x\n", std::nullopt, "gone.txt"),
      ggen::diff::diff_files(std::nullopt, "n1\nn2\n", "new.txt"),
      ggen::diff::diff_files("a\nb\nc\n", "a\nB\nc\nd\n", "src/main.rs"),
  };
  EXPECT_EQ(ggen::diff::format_stat(files),
            " big.txt     | 20 ++++++++++----------\n"
            " gone.txt    |  1 -\n"
            " new.txt     |  2 ++\n"
            " src/main.rs |  3 ++-\n"
            " 4 files changed, 14 insertions(+), 12 deletions(-)\n");
}

TEST(DiffStat, ScalesTheGraphToTheWidth) {
  std::vector<FileDiff> files = {counts("big.txt", 210, 10)};
  EXPECT_EQ(ggen::diff::format_stat(files),
            " big.txt | 220 " + std::string(61, '+') +
                "---\n"
                " 1 file changed, 210 insertions(+), 10 deletions(-)\n");
}

TEST(DiffStat, TruncatesLongNamesFromADirectoryBoundary) {
  std::vector<FileDiff> files = {
      counts("big.txt", 200, 0),
      counts("gone.txt", 0, 1),
      counts("new.txt", 2, 0),
      counts("src/main.rs", 2, 1),
      counts(
          "very/long/directory/name/that/goes/on/and/on/forever/and/ever/file_with_long_name.txt",
          5, 0),
      counts("x.txt", 200, 0),
  };
  const std::string pad(43, ' ');
  EXPECT_EQ(ggen::diff::format_stat(files),
            " big.txt" + pad +
                " | 200 +++++++++++++++++++++\n"
                " gone.txt" +
                std::string(42, ' ') +
                " |   1 -\n"
                " new.txt" +
                pad +
                " |   2 +\n"
                " src/main.rs" +
                std::string(39, ' ') +
                " |   3 +-\n"
                " .../on/forever/and/ever/file_with_long_name.txt    |   5 +\n"
                " x.txt" +
                std::string(45, ' ') +
                " | 200 +++++++++++++++++++++\n"
                " 6 files changed, 409 insertions(+), 2 deletions(-)\n");
}

TEST(DiffStat, SummaryWording) {
  std::vector<FileDiff> one_ins = {counts("a", 1, 0)};
  EXPECT_EQ(ggen::diff::stat_summary(one_ins), "1 file changed, 1 insertion(+)");
  std::vector<FileDiff> dels = {counts("a", 0, 2), counts("b", 0, 1)};
  EXPECT_EQ(ggen::diff::stat_summary(dels), "2 files changed, 3 deletions(-)");
  std::vector<FileDiff> none;
  EXPECT_EQ(ggen::diff::stat_summary(none), "0 files changed");
  EXPECT_EQ(ggen::diff::format_stat(none), "");
  std::vector<FileDiff> empty_new = {counts("e", 0, 0, false, true)};
  EXPECT_EQ(ggen::diff::format_stat(empty_new),
            " e | 0\n 1 file changed, 0 insertions(+), 0 deletions(-)\n");
}

TEST(DiffStat, UnchangedFilesAreSkippedAndRenamesShown) {
  std::vector<FileDiff> files = {counts("same", 0, 0),
                                 ggen::diff::diff_files("a\n", "b\n", "old.rs", {}, "new.rs")};
  EXPECT_EQ(ggen::diff::format_stat(files),
            " old.rs => new.rs | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n");
}

TEST(DiffStat, BinaryFiles) {
  using namespace std::string_view_literals;
  std::vector<FileDiff> files = {ggen::diff::diff_files("\0a"sv, "\0b"sv, "logo.png"),
                                 counts("a.txt", 1, 0)};
  EXPECT_EQ(ggen::diff::format_stat(files),
            " logo.png | Bin\n a.txt    |   1 +\n 2 files changed, 1 insertion(+)\n");
}

}  // namespace

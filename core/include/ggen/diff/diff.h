#pragma once
// Line diffs for dry runs and `ggen project diff`: Myers' O(ND) algorithm (linear space, with a
// cost bound so huge, very different files still finish fast), rendered exactly like `diff -u`
// / `git diff` (without git's extended header lines). Output is deterministic.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ggen::diff {

struct Options {
  int context = 3;                // unchanged lines shown around each change
  std::string old_prefix = "a/";  // `--- a/path`
  std::string new_prefix = "b/";  // `+++ b/path`
};

// Which lines of `a` are deleted and which lines of `b` are inserted; every other line is
// matched, in order. Lines compare as whole strings (include the '\n' to tell a missing final
// newline apart). Where several minimal scripts exist, changes are placed like GNU diff places
// them; `horizon` is the context the caller will show (GNU keeps changes out of the identical
// head and tail beyond it), -1 for none.
struct LineChanges {
  std::vector<bool> deleted;   // size a.size()
  std::vector<bool> inserted;  // size b.size()
};
LineChanges diff_lines(std::span<const std::string_view> a, std::span<const std::string_view> b,
                       int horizon = -1);

// Splits text into lines that keep their '\n' (the last one may lack it).
std::vector<std::string_view> split_lines(std::string_view text);

struct Line {
  char op = ' ';        // ' ' context, '-' deleted, '+' inserted
  std::string text;     // without the line break
  bool newline = true;  // false for a last line without '\n' ("\ No newline at end of file")
};

struct Hunk {
  int old_start = 0;  // as printed: 1-based, or the line before when old_count == 0
  int old_count = 0;
  int new_start = 0;
  int new_count = 0;
  std::vector<Line> lines;
  std::string header() const;  // "@@ -1,3 +1,4 @@"
};

struct FileDiff {
  std::string old_path;
  std::string new_path;
  bool old_exists = true;  // false: the file is new (`--- /dev/null`)
  bool new_exists = true;  // false: the file is deleted (`+++ /dev/null`)
  bool binary = false;     // either side has a NUL byte; no hunks
  std::vector<Hunk> hunks;
  int insertions = 0;
  int deletions = 0;

  // True when there is anything to show (content differs, or the file appears or disappears).
  bool changed() const { return !hunks.empty() || binary || old_exists != new_exists; }
};

// Compares two versions of the file at `path`; std::nullopt is a missing side (new / deleted
// file). `new_path` defaults to `path` (give it for renames).
FileDiff diff_files(std::optional<std::string_view> old_text,
                    std::optional<std::string_view> new_text, std::string_view path,
                    const Options& options = {}, std::string_view new_path = {});

// `--- a/path` / `+++ b/path` + hunks; "" when nothing changed. Binary files render as
// "Binary files a/x and b/x differ".
std::string format_unified(const FileDiff& diff, const Options& options = {});

// diff_files + format_unified.
std::string unified_diff(std::optional<std::string_view> old_text,
                         std::optional<std::string_view> new_text, std::string_view path,
                         const Options& options = {});

}  // namespace ggen::diff

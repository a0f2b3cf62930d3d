#pragma once
// Atomic batch writes: every file goes to a temporary sibling first, then all are renamed into
// place; if anything fails (or the batch is cancelled before the renames), every file already
// replaced is restored, new files and the folders created for them are removed, and the error
// is returned. Nothing of a failed batch is left changed. Deletions join the batch the same way:
// unlinked at commit, rewritten on rollback.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/runtime/context.h"

namespace ggen::gen {

struct FileWrite {
  std::filesystem::path path;             // absolute
  std::string content;                    // the complete new bytes
  bool backup = false;                    // keep the previous content as <path>.bak
  bool remove = false;                    // delete the file instead (restored on rollback)
  // The content the plan saw (nullopt: the file did not exist). The batch is refused with
  // E_STALE if the file changed since; unset `check_before` to skip that check.
  std::optional<std::string> before;
  bool check_before = false;
};

struct WriteReport {
  size_t written = 0;
  size_t removed = 0;
  std::vector<std::filesystem::path> backups;
};

inline constexpr std::string_view kStale = "E_STALE";

Result<WriteReport> write_atomically(const std::vector<FileWrite>& writes,
                                     const runtime::Context& ctx = {});

// Reads a whole file; nullopt if it does not exist; E_IO on other failures.
Result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path);

}  // namespace ggen::gen

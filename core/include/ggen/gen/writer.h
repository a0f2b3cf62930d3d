#pragma once
// Atomic batch writes: every file goes to a temporary sibling first, then all are renamed into
// place; if anything fails (or the batch is cancelled before the renames), every file already
// replaced is restored, new files and the folders created for them are removed, and the error
// is returned. Nothing of a failed batch is left changed. Deletions join the batch the same way:
// unlinked at commit, rewritten on rollback.
// Large batches that span several folders stage their temporary files on the runtime's pool, one
// thread per folder at a time (bounded by WriteOptions::jobs; the kernel creates one folder's
// entries one at a time anyway). The renames always run afterwards, one by one in the batch's
// order, so the result, the error reported (the first failing file in batch order) and the
// rollback do not depend on timing.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/runtime/context.h"

namespace ggen::gen {

struct FileWrite {
  std::filesystem::path path;  // absolute
  std::string content;         // the complete new bytes
  bool backup = false;         // keep the previous content as <path>.bak
  bool remove = false;         // delete the file instead (restored on rollback)
  // The content the plan saw (nullopt: the file did not exist). The batch is refused with
  // E_STALE if the file changed since; unset `check_before` to skip that check.
  std::optional<std::string> before;
  bool check_before = false;
  // The caller saw no file at `path` (a planned creation): the target is not read while staging,
  // and the temporary file is renamed with RENAME_NOREPLACE. Should a file have appeared since,
  // it is read then and replaced as any existing target would be (restored on rollback); with
  // `check_before` and no `before`, that is E_STALE.
  bool expect_new = false;
};

struct WriteOptions {
  // Threads staging the temporary files, the calling one included: 0 means the runtime's thread
  // count, and no more than that is used; 1 stages on the calling thread. Small batches and
  // batches into a single folder are always staged on the calling thread.
  size_t jobs = 0;
};

struct WriteReport {
  size_t written = 0;
  size_t removed = 0;
  std::vector<std::filesystem::path> backups;
};

inline constexpr std::string_view kStale = "E_STALE";

Result<WriteReport> write_atomically(const std::vector<FileWrite>& writes,
                                     const runtime::Context& ctx = {},
                                     const WriteOptions& options = {});

// Reads a whole file; nullopt if it does not exist; E_IO on other failures.
Result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path);

}  // namespace ggen::gen

#pragma once
// Pack archives: ustar inside gzip. Written reproducibly (same files -> same bytes): entries
// sorted by path, regular files only, mode 0644, uid/gid 0, empty owner names, mtime 0, and a
// gzip header with mtime 0 and no file name. Read defensively: extraction refuses absolute
// paths, `..`, links and devices, and writes nothing when any entry is refused.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"

namespace ggen::pack {

inline constexpr std::string_view kBadArchive = "E_ARCHIVE";            // malformed tar or gzip
inline constexpr std::string_view kUnsafeArchive = "E_ARCHIVE_UNSAFE";  // links, devices, odd types

struct ArchiveEntry {
  std::string path;
  char type = '0';  // tar typeflag: '0' file, '5' folder, '1' hard link, '2' symlink, ...
  std::string data;
  std::string link;  // link target, for types '1' and '2'
};

// files: (relative '/' path, bytes); the order does not matter (they are sorted).
std::string write_tar(std::vector<std::pair<std::string, std::string>> files);
Result<std::vector<ArchiveEntry>> read_tar(std::string_view tar);

std::string gzip(std::string_view data);
// Fails with E_ARCHIVE on a corrupt stream, or when the output would exceed max_bytes.
Result<std::string> gunzip(std::string_view gz, size_t max_bytes = 256u << 20);

// Checks every entry first (E_PATH_ESCAPE for absolute paths and `..`, E_ARCHIVE_UNSAFE for
// links, devices and duplicates), then writes the files below `dir` (created if needed).
Result<void> extract_entries(const std::vector<ArchiveEntry>& entries,
                             const std::filesystem::path& dir);

// Reads the given files of `root` into a reproducible .tgz.
Result<std::string> pack_archive(const std::filesystem::path& root,
                                 const std::vector<std::string>& files);

}  // namespace ggen::pack

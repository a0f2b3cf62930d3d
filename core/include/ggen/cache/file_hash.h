#pragma once
// Whole-file SHA-256 without reading unchanged files, the way git's index and ccache's direct mode
// do: a file's hash is remembered with its stat stamp (device, inode, size, mtime and ctime in
// nanoseconds) and reused while the stamp is the same. ctime cannot be set from user space, so
// a tool that restores mtime after writing still changes the stamp.
//
// The racy case: a file written, hashed, and written again with the same size within one
// timestamp tick keeps its stamp. A record is therefore trusted only when the file's mtime and
// ctime were at least kRacyMarginNs older than the moment its stamp was taken (any later write
// then gets a newer timestamp, even on file systems with 2-second timestamps); a younger record
// makes the next lookup hash the file again (and record it again, trusted once old enough).
// Such a record is useless, now and to a later run: record() does not keep it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::cache {

inline constexpr int64_t kRacyMarginNs = 3'000'000'000;

struct FileStamp {
  uint64_t dev = 0, ino = 0, size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// The stat stamp of a regular file; nullopt when it cannot be stat'ed or is not a regular file.
std::optional<FileStamp> stamp_of(const std::filesystem::path& p);
// The wall clock in nanoseconds, as file timestamps count.
int64_t now_ns();

// The file's SHA-256 (hex), read in 64 KB pieces (no copy of the whole file); `poll` is called
// between pieces (e.g. to stop on a cancellation by raising). E_IO / E_NOT_FOUND when unreadable.
Result<std::string> hash_file(const std::filesystem::path& p,
                              const std::function<void()>& poll = nullptr);

class FileHashes {
 public:
  struct Record {
    FileStamp stamp;
    std::string sha;
    int64_t taken_ns = 0;  // when the stamp was taken (before the file was read)
  };

  // Whether a record taken at `taken_ns` may be trusted for a file stamped `s` (see above).
  static bool trusted(const FileStamp& s, int64_t taken_ns);

  // The hash recorded for `path` when `now` matches a trusted record.
  std::optional<std::string> lookup(const std::string& path, const FileStamp& now) const;
  void record(const std::string& path, const FileStamp& stamp, std::string sha, int64_t taken_ns);
  // Drops records of paths not in `keep` (the table holds what the last run read).
  void retain(const std::function<bool(const std::string&)>& keep);

  // One line per record; parse() rejects anything malformed (the caller then starts empty).
  std::string serialize() const;
  static std::optional<FileHashes> parse(std::string_view text);

  size_t size() const { return records_.size(); }
  // Whether a record was added, replaced or dropped since parse() or the last mark_saved()
  // (the table only holds trusted records: a young file re-hashed changes nothing).
  bool changed() const { return changed_; }
  void mark_saved() { changed_ = false; }
  bool operator==(const FileHashes& o) const;

 private:
  std::map<std::string, Record> records_;
  bool changed_ = false;
};

}  // namespace ggen::cache

#pragma once
// Content hashes of every relevant file, so a save that does not change a file's bytes (an
// editor's touch, a rewrite with the same text, a create-then-delete temp file) triggers nothing.
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ggen/watch/roots.h"

namespace ggen::watch {

enum class ChangeKind { kCreated, kModified, kRemoved };
const char* change_kind_name(ChangeKind k);

struct FileChange {
  std::filesystem::path path;  // absolute
  ChangeKind kind = ChangeKind::kModified;
};

class Snapshot {
 public:
  // Hashes every relevant file under the roots (replacing what was known).
  void scan(const WatchRoots& roots);
  // Re-hashes the given paths (files, or folders: everything under them) and returns the files
  // whose content differs from what was known, sorted by path. Updates what is known.
  std::vector<FileChange> update(const std::set<std::filesystem::path>& dirty,
                                 const WatchRoots& roots);
  size_t size() const { return known_.size(); }

 private:
  struct Entry {
    uint64_t size = 0;
    uint64_t hash = 0;
  };
  void check_file(const std::filesystem::path& file, const WatchRoots& roots,
                  std::map<std::filesystem::path, FileChange>& out);
  std::map<std::filesystem::path, Entry> known_;
};

}  // namespace ggen::watch

#pragma once
// A persistent (namespace, key) -> bytes store kept in one file, <dir>/entries.bin:
//
//   ggen-cache <version>\n
//   <namespace> <key> <payload bytes> <fnv1a-64 of the payload, hex>\n<payload>\n   (per entry)
//   end <entry count>\n
//
// A file of another version, or damaged in any way (bad header, a checksum that does not match,
// truncated before `end`), is discarded whole with a warning: its entries are never trusted.
// save() rewrites the file atomically (temp file + rename) with exactly the entries used since
// load(), so the file holds what the last run needed and does not grow without bound.
// Thread-safe.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/error/result.h"

namespace ggen::cache {

inline constexpr int kDiskFormatVersion = 1;

uint64_t fnv1a64(std::string_view data);

class DiskCache {
 public:
  explicit DiskCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  std::filesystem::path file() const { return dir_ / "entries.bin"; }
  // Reads the file: a missing one is an empty cache; a damaged one is discarded (see warnings()).
  void load();
  // The payload stored under (ns, key); marks the entry as used.
  std::optional<std::string> find(const std::string& ns, const std::string& key);
  // Stores a payload (namespaces and keys must not contain spaces or newlines); marks it used.
  void put(const std::string& ns, const std::string& key, std::string payload);
  // Marks a stored entry as used without copying it out; false when there is none.
  bool touch(const std::string& ns, const std::string& key);
  // Starts a new run: nothing is used yet (entries stay readable until the next save()).
  void begin_run();
  // Writes the used entries, when they differ from what load() read. Creates the folder.
  Result<void> save();

  std::vector<std::string> warnings() const;
  size_t entries() const;

 private:
  std::filesystem::path dir_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::string> loaded_, used_;
  bool dirty_ = false;
  std::vector<std::string> warnings_;
};

}  // namespace ggen::cache

#pragma once
// A persistent (namespace, key) -> bytes store kept in one file, <dir>/entries.bin:
//
//   ggen-cache <version>\n
//   <entry count> <index bytes> <fnv1a-64 of the index, hex>\n
//   <namespace> <key> <payload bytes> <fnv1a-64 of the payload, hex>\n   (the index, per entry)
//   <payload>\n                                                           (per entry, same order)
//   end\n
//
// Loaded lazily: load() reads and checks the header and the index only (and that the file is as
// long as the index says); a payload is read (pread on the file opened at load, which a later
// rename over it does not disturb) and checked when an entry is asked for. A file of another
// version, a damaged index or a truncated file is discarded at load; a payload whose checksum
// does not match discards the whole file when it is read (that entry and every later lookup
// miss). Either way with a warning, and no damaged byte is ever returned.
// save() rewrites the file atomically (temp file + rename) with exactly the entries used since
// load()/begin_run(), and only when that set or a payload changed; it can be abandoned (poll)
// without touching the file. Thread-safe.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/error/result.h"

namespace ggen::cache {

inline constexpr int kDiskFormatVersion = 2;

// FNV-1a, 64 bits; `h` continues a sum over data before this piece (the default starts one).
uint64_t fnv1a64(std::string_view data, uint64_t h = 0xcbf29ce484222325ULL);

class DiskCache {
 public:
  explicit DiskCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~DiskCache();
  DiskCache(const DiskCache&) = delete;
  DiskCache& operator=(const DiskCache&) = delete;

  std::filesystem::path file() const { return dir_ / "entries.bin"; }
  // Reads the header and index: a missing file is an empty cache; a damaged one is discarded
  // (see warnings()). `poll` is called every few thousand index entries (it may raise to stop).
  void load(const std::function<void()>& poll = nullptr);
  // The payload stored under (ns, key); marks the entry as used.
  std::optional<std::string> find(const std::string& ns, const std::string& key);
  // Stores a payload (namespaces and keys must not contain spaces or newlines); marks it used.
  void put(const std::string& ns, const std::string& key, std::string payload);
  // Marks a stored entry as used without reading it; false when there is none.
  bool touch(const std::string& ns, const std::string& key);
  // Marks every stored entry as used (a run that relied on the whole previous run keeps it all).
  void touch_all();
  // Starts a new run: nothing is used yet (entries stay readable until the next save()), and
  // warnings() lists only what happens from now on.
  void begin_run();
  // Writes the used entries, when they differ from what load() read. Creates the folder.
  // `poll` is called between entries and between pieces of the write; if it raises, the
  // temporary file is removed and the cache file stays as it was (the rename is the commit).
  Result<void> save(const std::function<void()>& poll = nullptr);

  std::vector<std::string> warnings() const;
  size_t entries() const;

 private:
  using Key = std::pair<std::string, std::string>;
  struct Stored {
    uint64_t offset = 0, size = 0, sum = 0;
  };
  void close_file();
  void discard(const std::string& problem);  // mu_ held
  // The stored payload, checked; nullopt (and the file discarded) when it does not check out.
  std::optional<std::string> read_stored(const Stored& s);  // mu_ held
  void load_locked(const std::function<void()>& poll);

  std::filesystem::path dir_;
  mutable std::mutex mu_;
  int fd_ = -1;                  // the loaded file
  std::map<Key, Stored> index_;  // its entries
  // Entries used since begin_run: a payload given or read, or nullopt for one only touched
  // (still in the file, copied over by save()).
  std::map<Key, std::optional<std::string>> used_;
  bool dirty_ = false;
  std::vector<std::string> warnings_;
};

}  // namespace ggen::cache

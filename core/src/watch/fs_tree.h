#pragma once
// The set of inotify watches behind one watcher, kept on the I/O thread. inotify is not
// recursive: every folder under a recursive root gets its own watch, folders created later are
// added when their creation event arrives, and watches of removed folders are dropped.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "ggen/runtime/io_thread.h"
#include "ggen/watch/roots.h"

namespace ggen::watch::detail {

class FsTree {
 public:
  // `touched` gets every path an event names (files and folders), on the I/O thread.
  using Touched = std::function<void(const std::filesystem::path&)>;
  FsTree(runtime::IoThread& io, Touched touched) : io_(io), touched_(std::move(touched)) {}

  // I/O thread only. Watches the roots (replacing the previous set); folders that cannot be
  // watched are skipped (a root that does not exist yet is picked up when it is created).
  void set_roots(const WatchRoots& roots);
  void clear();
  std::vector<std::filesystem::path> dirs() const;

 private:
  void on_event(const std::filesystem::path& dir, std::string_view name);
  void add(const std::filesystem::path& dir);            // one folder, not recursive
  void add_recursive(const std::filesystem::path& dir);  // a folder and every folder below
  void remove_under(const std::filesystem::path& p);     // p and every watched folder below

  runtime::IoThread& io_;
  Touched touched_;
  WatchRoots roots_;
  std::map<std::filesystem::path, uint64_t> watched_;  // folder -> watch id
};

}  // namespace ggen::watch::detail

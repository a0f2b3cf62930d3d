#include "ggen/gen/writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>  // renameat2
#include <cstring>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "ggen/runtime/parallel.h"

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

// Below this many files a batch is staged on the calling thread: handing work to the pool costs
// more than it saves, and one-file writes (hooks, lifecycle state) need no runtime at all.
constexpr size_t kParallelMin = 32;

Error io_error(const std::string& what, const fs::path& p, int err) {
  return Error(std::string(codes::kIo), what + " " + p.string() + ": " + std::strerror(err));
}

Error stale_error(const fs::path& p) {
  return Error(std::string(kStale), p.string() + " changed since the plan was made")
      .with_hint("make a new plan: `ggen project plan`");
}

// The process id in temporary names, read once rather than once per file. A forked child keeps
// the parent's value; O_EXCL and the retry below keep the names collision-safe all the same.
const std::string& temp_pid() {
  static const std::string pid = std::to_string(::getpid());
  return pid;
}

// Writes `content` to a new file next to `target` (rename needs the same file system; the same
// folder also keeps it under the target's permissions); returns its path.
Result<fs::path> write_temp(const fs::path& target, const std::string& content, mode_t mode) {
  static std::atomic<unsigned> counter{0};
  std::string prefix = ".";
  prefix += target.filename().native();
  prefix += ".ggen-";
  prefix += temp_pid();
  prefix += '-';
  fs::path tmp;
  int fd = -1;
  for (int attempt = 0;; ++attempt) {
    std::string name = prefix;
    name += std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
    name += ".tmp";
    tmp = target.parent_path() / name;
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0) break;
    if (errno != EEXIST || attempt == 8) return io_error("cannot create", tmp, errno);
  }
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return io_error("cannot write", tmp, err);
    }
    off += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot write", tmp, err);
  }
  return tmp;
}

// Reads a whole file with one open/fstat/read; nullopt if it does not exist. `mode` (optional)
// receives its permission bits.
Result<std::optional<std::string>> read_existing(const fs::path& path, mode_t* mode) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return io_error("cannot read", path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return io_error("cannot stat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error(std::string(codes::kIo), path.string() + " is a directory, not a file")
        .with_hint("an output path names an existing folder");
  }
  if (mode) *mode = st.st_mode & 07777;
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t off = 0;
  for (;;) {
    if (off == data.size()) data.resize(data.size() + 4096);  // grew since fstat, or /proc-like
    ssize_t n = ::read(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return io_error("cannot read", path, err);
    }
    if (n == 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(off);
  return std::optional<std::string>(std::move(data));
}

struct Staged {
  fs::path tmp;                         // the temporary file, until renamed into place
  std::optional<std::string> previous;  // content before the batch, for rollback
  bool read = false;  // `previous` is known (false: an expected-new target, not read yet)
  bool committed = false;
  mode_t mode = 0644;  // of the previous file
};

// Reads the target (unless it is expected new), checks it against the plan and writes the
// temporary file. Touches only `s`: safe to run for different files on different threads.
Result<void> stage(const FileWrite& w, Staged& s) {
  if (!w.expect_new || w.remove) {
    auto prev = read_existing(w.path, &s.mode);
    if (!prev.ok()) return prev.error();
    s.previous = std::move(prev).value();
    s.read = true;
    if (w.check_before && s.previous != w.before) return stale_error(w.path);
  }
  if (w.remove) return {};  // nothing to stage: unlinked at commit, the content kept for rollback
  auto tmp = write_temp(w.path, w.content, s.mode);
  if (!tmp.ok()) return tmp.error();
  s.tmp = std::move(tmp).value();
  return {};
}

// Renames a temporary file onto a target nobody should have created since the plan. False with
// errno set when that fails; EEXIST: something is there now.
bool rename_no_replace(const fs::path& from, const fs::path& to) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0;
}

// Threads to stage `n` files with: at most the runtime's thread count (the caller included).
size_t staging_lanes(const WriteOptions& o, size_t n) {
  if (n < kParallelMin || o.jobs == 1) return 1;
  try {
    size_t threads = runtime::Runtime::global().threads();
    return std::max<size_t>(1, std::min(o.jobs ? o.jobs : threads, threads));
  } catch (...) {
    return 1;  // no runtime (e.g. a bad GGEN_RUNTIME_THREADS): stage here
  }
}

// Unlinks files by their name within the folder last opened (consecutive files of a batch mostly
// share their folder): unlinkat() skips the lookup of every path component. Falls back to
// unlink() when the folder cannot be opened.
class DirUnlinker {
 public:
  DirUnlinker() = default;
  DirUnlinker(const DirUnlinker&) = delete;
  DirUnlinker& operator=(const DirUnlinker&) = delete;
  ~DirUnlinker() {
    if (fd_ >= 0) ::close(fd_);
  }
  void unlink(const fs::path& p) {
    std::string dir = p.parent_path().native();
    if (dir != dir_) {
      if (fd_ >= 0) ::close(fd_);
      dir_ = std::move(dir);
      fd_ = ::open(dir_.empty() ? "." : dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (fd_ >= 0) {
      ::unlinkat(fd_, p.filename().c_str(), 0);
    } else {
      ::unlink(p.c_str());
    }
  }

 private:
  std::string dir_;
  int fd_ = -1;
};

}  // namespace

Result<std::optional<std::string>> read_file_if_exists(const fs::path& path) {
  return read_existing(path, nullptr);
}

Result<WriteReport> write_atomically(const std::vector<FileWrite>& writes,
                                     const runtime::Context& ctx, const WriteOptions& options) {
  std::vector<Staged> staged(writes.size());
  std::vector<fs::path> created_dirs;  // outermost first, removed in reverse on rollback
  WriteReport report;

  auto rollback = [&](Error err) -> Error {
    // An abort late in staging leaves thousands of temporary files, all to be gone before the
    // call returns: unlinked by name within their folder (no walk of the whole path each time).
    DirUnlinker temps;
    for (size_t i = staged.size(); i-- > 0;) {
      Staged& s = staged[i];
      if (!s.tmp.empty()) temps.unlink(s.tmp);
      if (!s.committed) continue;
      const fs::path& path = writes[i].path;
      if (s.previous) {
        auto tmp = write_temp(path, *s.previous, s.mode);
        if (tmp.ok()) ::rename(tmp.value().c_str(), path.c_str());
      } else {
        ::unlink(path.c_str());
      }
    }
    for (auto& b : report.backups) ::unlink(b.c_str());
    for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it) ::rmdir(it->c_str());
    return err;
  };

  auto stop_error = [&ctx] {
    return ctx.token.cancelled() ? ctx.token.reason() : runtime::timeout_error();
  };

  // Stage, 1: the missing folders, once each, in batch order (so rollback removes exactly them).
  std::unordered_set<std::string> known_dirs;  // folders seen to exist (or created) in this batch
  std::string last_dir;
  for (const FileWrite& w : writes) {
    if (w.remove) continue;
    fs::path dir = w.path.parent_path();
    if (dir.native() == last_dir || known_dirs.count(dir.native())) continue;
    std::vector<fs::path> missing;
    std::error_code ec;  // a folder that cannot be checked fails below, when written into
    for (fs::path d = dir; !d.empty() && !known_dirs.count(d.native()) && !fs::exists(d, ec) && !ec;
         d = d.parent_path()) {
      missing.push_back(d);
      if (d == d.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->c_str(), 0755) != 0) {
        if (errno == EEXIST) continue;  // created meanwhile by someone else: not ours to remove
        return rollback(io_error("cannot create folder", *it, errno));
      }
      created_dirs.push_back(*it);
      known_dirs.insert(it->native());
    }
    known_dirs.insert(dir.native());
    last_dir = dir.native();
  }

  // Stage, 2: read the targets and write every temporary file. A large batch takes a while to
  // stage: an abort stops it here, before anything is committed (checked every 32 files).
  //
  // Files are staged folder by folder: the kernel creates entries of one folder one at a time
  // (the folder's lock), so two threads in one folder only wait on each other (measured: slower
  // than one, and more CPU). A batch spread over several folders stages them in parallel.
  size_t lanes = staging_lanes(options, writes.size());
  std::vector<std::vector<size_t>> folders;  // indices per parent folder, each in batch order
  if (lanes > 1) {
    std::unordered_map<std::string, size_t> slot;
    for (size_t i = 0; i < writes.size(); ++i) {
      auto [it, added] = slot.try_emplace(writes[i].path.parent_path().native(), folders.size());
      if (added) folders.emplace_back();
      folders[it->second].push_back(i);
    }
    lanes = std::min(lanes, folders.size());
  }
  // Every file before the first failing one (in batch order) is staged, none after it need be:
  // the error reported is the same whatever the threads' timing.
  std::atomic<size_t> first_failed{std::numeric_limits<size_t>::max()};
  std::atomic<size_t> count{0};
  auto stage_folder = [&](size_t f) -> Result<void> {
    for (size_t i : folders[f]) {
      if (i > first_failed.load(std::memory_order_acquire)) break;
      if ((count.fetch_add(1, std::memory_order_relaxed) + 1) % 32 == 0 && ctx.stopped()) {
        return stop_error();
      }
      auto r = stage(writes[i], staged[i]);
      if (!r.ok()) {
        size_t cur = first_failed.load(std::memory_order_acquire);
        while (i < cur && !first_failed.compare_exchange_weak(cur, i)) {
        }
        return r;
      }
    }
    return {};
  };
  if (lanes <= 1) {
    for (size_t i = 0; i < writes.size(); ++i) {
      if ((i + 1) % 32 == 0 && ctx.stopped()) return rollback(stop_error());
      auto r = stage(writes[i], staged[i]);
      if (!r.ok()) return rollback(r.error());
    }
  } else {
    auto results = runtime::parallel_for<void>(
        runtime::Runtime::global(), folders.size(), stage_folder,
        runtime::BoundedOptions{lanes, runtime::FailMode::kKeepGoing}, ctx);
    if (ctx.stopped()) return rollback(stop_error());
    size_t first = first_failed.load();
    if (first != std::numeric_limits<size_t>::max()) {
      // The failing folder's error is the first file's: find which folder holds that index.
      for (size_t f = 0; f < folders.size(); ++f) {
        if (std::find(folders[f].begin(), folders[f].end(), first) != folders[f].end()) {
          return rollback(results[f].error());
        }
      }
    }
    for (auto& r : results) {
      if (!r.ok()) return rollback(r.error());
    }
  }

  if (ctx.stopped()) return rollback(stop_error());

  // Commit: backups, then renames, in batch order. A failure part-way restores what was already
  // renamed.
  for (size_t i = 0; i < writes.size(); ++i) {
    const FileWrite& w = writes[i];
    Staged& s = staged[i];
    if (i % 64 == 0) ctx.report({"written", i, staged.size()});
    if (w.remove) {
      if (!s.previous) continue;  // already gone
      if (::unlink(w.path.c_str()) != 0 && errno != ENOENT) {
        return rollback(io_error("cannot delete", w.path, errno));
      }
      s.committed = true;
      ++report.removed;
      continue;
    }
    if (!s.read) {
      if (rename_no_replace(s.tmp, w.path)) {
        s.tmp.clear();
        s.committed = true;
        ++report.written;
        continue;
      }
      int err = errno;
      if (err != EEXIST && err != EINVAL && err != ENOSYS && err != EOPNOTSUPP) {
        return rollback(io_error("cannot create", w.path, err));
      }
      // A file appeared since the plan (or this file system cannot refuse to replace): read it
      // and replace it as any existing target, keeping its mode.
      auto prev = read_existing(w.path, &s.mode);
      if (!prev.ok()) return rollback(prev.error());
      s.previous = std::move(prev).value();
      s.read = true;
      if (w.check_before && s.previous != w.before) return rollback(stale_error(w.path));
      if (s.previous && ::chmod(s.tmp.c_str(), s.mode) != 0) {
        return rollback(io_error("cannot set the mode of", s.tmp, errno));
      }
    }
    if (w.backup && s.previous) {
      fs::path bak = w.path;
      bak += ".bak";
      auto tmp = write_temp(bak, *s.previous, 0644);
      if (!tmp.ok()) return rollback(tmp.error());
      if (::rename(tmp.value().c_str(), bak.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.value().c_str());
        return rollback(io_error("cannot write backup", bak, err));
      }
      report.backups.push_back(bak);
    }
    if (::rename(s.tmp.c_str(), w.path.c_str()) != 0) {
      return rollback(io_error("cannot replace", w.path, errno));
    }
    s.tmp.clear();
    s.committed = true;
    ++report.written;
  }
  ctx.report({"written", staged.size(), staged.size()});
  return report;
}

}  // namespace ggen::gen

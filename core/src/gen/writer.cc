#include "ggen/gen/writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& p, int err) {
  return Error(std::string(codes::kIo), what + " " + p.string() + ": " + std::strerror(err));
}

// Writes `content` to a new file next to `target`; returns its path.
Result<fs::path> write_temp(const fs::path& target, const std::string& content, mode_t mode) {
  static std::atomic<unsigned> counter{0};
  fs::path tmp = target.parent_path() /
                 ("." + target.filename().string() + ".ggen-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter.fetch_add(1)) + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", tmp, errno);
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
  const FileWrite* write;
  fs::path tmp;
  std::optional<std::string> previous;  // content before the batch, for rollback
  bool committed = false;
  mode_t mode = 0644;  // of the previous file
};

}  // namespace

Result<std::optional<std::string>> read_file_if_exists(const fs::path& path) {
  return read_existing(path, nullptr);
}

Result<WriteReport> write_atomically(const std::vector<FileWrite>& writes,
                                     const runtime::Context& ctx) {
  std::vector<Staged> staged;
  std::vector<fs::path> created_dirs;  // outermost last, removed in reverse on rollback
  WriteReport report;

  auto rollback = [&](Error err) -> Error {
    for (auto it = staged.rbegin(); it != staged.rend(); ++it) {
      if (!it->tmp.empty()) ::unlink(it->tmp.c_str());
      if (!it->committed) continue;
      if (it->previous) {
        auto tmp = write_temp(it->write->path, *it->previous, it->mode);
        if (tmp.ok()) ::rename(tmp.value().c_str(), it->write->path.c_str());
      } else {
        ::unlink(it->write->path.c_str());
      }
    }
    for (auto& b : report.backups) ::unlink(b.c_str());
    for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it) ::rmdir(it->c_str());
    return err;
  };

  auto stop_error = [&ctx] {
    return ctx.token.cancelled() ? ctx.token.reason() : runtime::timeout_error();
  };

  // Stage: check freshness, create folders, write every temporary file.
  std::set<fs::path> known_dirs;  // folders seen to exist (or created) in this batch
  size_t n = 0;
  for (const FileWrite& w : writes) {
    // A large batch takes seconds to stage: an abort stops it here, before anything is committed.
    if (++n % 32 == 0 && ctx.stopped()) return rollback(stop_error());
    mode_t mode = 0644;
    auto prev = read_existing(w.path, &mode);
    if (!prev.ok()) return rollback(prev.error());
    if (w.check_before && prev.value() != w.before) {
      return rollback(
          Error(std::string(kStale), w.path.string() + " changed since the plan was made")
              .with_hint("make a new plan: `ggen project plan`"));
    }
    if (w.remove) {
      // Nothing to stage: the file is unlinked at commit, its content kept here for rollback.
      staged.push_back(Staged{&w, {}, std::move(prev).value(), false, mode});
      continue;
    }
    fs::path dir = w.path.parent_path();
    if (!prev.value() && !known_dirs.count(dir)) {
      std::vector<fs::path> missing;
      for (fs::path d = dir; !d.empty() && !known_dirs.count(d) && !fs::exists(d);
           d = d.parent_path()) {
        missing.push_back(d);
        if (d == d.parent_path()) break;
      }
      for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) {
          return rollback(io_error("cannot create folder", *it, errno));
        }
        created_dirs.push_back(*it);
      }
    }
    known_dirs.insert(dir);
    staged.push_back(Staged{&w, {}, std::move(prev).value(), false, mode});
    auto tmp = write_temp(w.path, w.content, mode);
    if (!tmp.ok()) return rollback(tmp.error());
    staged.back().tmp = tmp.value();
  }

  if (ctx.stopped()) return rollback(stop_error());

  // Commit: backups, then renames. A failure part-way restores what was already renamed.
  size_t committed = 0;
  for (Staged& s : staged) {
    if (committed++ % 64 == 0) ctx.report({"written", committed - 1, staged.size()});
    if (s.write->remove) {
      if (!s.previous) continue;  // already gone
      if (::unlink(s.write->path.c_str()) != 0 && errno != ENOENT) {
        return rollback(io_error("cannot delete", s.write->path, errno));
      }
      s.committed = true;
      ++report.removed;
      continue;
    }
    if (s.write->backup && s.previous) {
      fs::path bak = s.write->path;
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
    if (::rename(s.tmp.c_str(), s.write->path.c_str()) != 0) {
      return rollback(io_error("cannot replace", s.write->path, errno));
    }
    s.tmp.clear();
    s.committed = true;
    ++report.written;
  }
  ctx.report({"written", staged.size(), staged.size()});
  return report;
}

}  // namespace ggen::gen

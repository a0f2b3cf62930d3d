#include "ggen/cache/file_hash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "ggen/hash/sha256.h"

namespace ggen::cache {

namespace fs = std::filesystem;

std::optional<FileStamp> stamp_of(const fs::path& p) {
  struct stat st;
  if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileStamp s;
  s.dev = static_cast<uint64_t>(st.st_dev);
  s.ino = static_cast<uint64_t>(st.st_ino);
  s.size = static_cast<uint64_t>(st.st_size);
  s.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
  s.ctime_ns = int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec;
  return s;
}

int64_t now_ns() {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

Result<std::string> hash_file(const fs::path& p, const std::function<void()>& poll) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return Error(std::string(err == ENOENT ? codes::kNotFound : codes::kIo),
                 "cannot open " + p.generic_string() + ": " + std::strerror(err))
        .at(Location{p.generic_string(), 0, 0});
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close{fd};
  hash::Sha256 h;
  static thread_local char buf[1 << 16];
  for (;;) {
    if (poll) poll();
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error(std::string(codes::kIo),
                   "cannot read " + p.generic_string() + ": " + std::strerror(errno))
          .at(Location{p.generic_string(), 0, 0});
    }
    if (n == 0) break;
    h.update(std::string_view(buf, static_cast<size_t>(n)));
  }
  return h.hex();
}

bool FileHashes::trusted(const FileStamp& s, int64_t taken_ns) {
  return s.mtime_ns + kRacyMarginNs < taken_ns && s.ctime_ns + kRacyMarginNs < taken_ns;
}

std::optional<std::string> FileHashes::lookup(const std::string& path, const FileStamp& now) const {
  auto it = records_.find(path);
  if (it == records_.end()) return std::nullopt;
  const Record& r = it->second;
  if (!(r.stamp == now) || !trusted(r.stamp, r.taken_ns)) return std::nullopt;
  return r.sha;
}

void FileHashes::record(const std::string& path, const FileStamp& stamp, std::string sha,
                        int64_t taken_ns) {
  // A record too young to trust is never used, here or in a later run: it is not kept (so the
  // persisted table, and the cache file, do not change for every run right after a write).
  if (!trusted(stamp, taken_ns)) {
    if (records_.erase(path)) changed_ = true;
    return;
  }
  Record r{stamp, std::move(sha), taken_ns};
  auto [it, fresh] = records_.try_emplace(path, r);
  if (!fresh) {
    if (it->second.stamp == r.stamp && it->second.sha == r.sha && it->second.taken_ns == r.taken_ns)
      return;
    it->second = std::move(r);
  }
  changed_ = true;
}

void FileHashes::retain(const std::function<bool(const std::string&)>& keep) {
  for (auto it = records_.begin(); it != records_.end();) {
    if (keep(it->first)) {
      ++it;
    } else {
      it = records_.erase(it);
      changed_ = true;
    }
  }
}

// "<dev> <ino> <size> <mtime> <ctime> <taken> <sha> <path>\n": the path last, as it may hold
// spaces (not newlines: such paths are simply not recorded).
std::string FileHashes::serialize() const {
  std::string out;
  for (const auto& [path, r] : records_) {
    if (path.find('\n') != std::string::npos) continue;
    out += std::to_string(r.stamp.dev) + ' ' + std::to_string(r.stamp.ino) + ' ' +
           std::to_string(r.stamp.size) + ' ' + std::to_string(r.stamp.mtime_ns) + ' ' +
           std::to_string(r.stamp.ctime_ns) + ' ' + std::to_string(r.taken_ns) + ' ' + r.sha + ' ' +
           path + '\n';
  }
  return out;
}

namespace {

bool take_number(std::string_view& s, auto& out) {
  size_t sp = s.find(' ');
  if (sp == 0 || sp == std::string_view::npos || sp > 20) return false;
  using T = std::remove_reference_t<decltype(out)>;
  T v = 0;
  bool neg = false;
  size_t i = 0;
  if constexpr (std::is_signed_v<T>) {
    if (s[0] == '-') neg = true, i = 1;
  }
  if (i == sp) return false;
  for (; i < sp; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = static_cast<T>(v * 10 + (s[i] - '0'));
  }
  out = neg ? static_cast<T>(-v) : v;
  s.remove_prefix(sp + 1);
  return true;
}

}  // namespace

std::optional<FileHashes> FileHashes::parse(std::string_view text) {
  FileHashes out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    Record r;
    if (!take_number(line, r.stamp.dev) || !take_number(line, r.stamp.ino) ||
        !take_number(line, r.stamp.size) || !take_number(line, r.stamp.mtime_ns) ||
        !take_number(line, r.stamp.ctime_ns) || !take_number(line, r.taken_ns)) {
      return std::nullopt;
    }
    if (line.size() < 66 || line[64] != ' ') return std::nullopt;
    for (size_t i = 0; i < 64; ++i) {
      char c = line[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    }
    r.sha = std::string(line.substr(0, 64));
    out.records_[std::string(line.substr(65))] = std::move(r);
  }
  return out;
}

bool FileHashes::operator==(const FileHashes& o) const {
  if (records_.size() != o.records_.size()) return false;
  for (auto a = records_.begin(), b = o.records_.begin(); a != records_.end(); ++a, ++b) {
    if (a->first != b->first || !(a->second.stamp == b->second.stamp) ||
        a->second.sha != b->second.sha || a->second.taken_ns != b->second.taken_ns) {
      return false;
    }
  }
  return true;
}

}  // namespace ggen::cache

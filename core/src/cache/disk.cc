#include "ggen/cache/disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace ggen::cache {

namespace fs = std::filesystem;

uint64_t fnv1a64(std::string_view data, uint64_t h) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

constexpr std::string_view kEnd = "end\n";

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool read_at(int fd, uint64_t offset, size_t size, std::string& out) {
  out.resize(size);
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Splits "a b c d" into exactly `n` space-separated fields.
bool fields(std::string_view line, std::string_view* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    size_t sp = i + 1 < n ? line.find(' ') : line.size();
    if (sp == std::string_view::npos || sp == 0) return false;
    out[i] = line.substr(0, sp);
    line.remove_prefix(i + 1 < n ? sp + 1 : sp);
  }
  return line.empty();
}

bool number(std::string_view s, uint64_t& v, int base = 10) {
  if (s.empty() || s.size() > 20) return false;
  v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return true;
}

}  // namespace

DiskCache::~DiskCache() {
  close_file();
}

void DiskCache::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void DiskCache::discard(const std::string& problem) {
  warnings_.push_back("the persistent cache " + file().generic_string() +
                      " was discarded: " + problem);
  close_file();
  index_.clear();
  // Entries only touched live in the discarded file: they are no longer there to keep.
  for (auto it = used_.begin(); it != used_.end();)
    it = it->second ? std::next(it) : used_.erase(it);
  dirty_ = true;  // rewrite it on save
}

void DiskCache::load(const std::function<void()>& poll) {
  std::lock_guard lock(mu_);
  close_file();
  index_.clear();
  used_.clear();
  warnings_.clear();
  dirty_ = false;
  load_locked(poll);
}

void DiskCache::load_locked(const std::function<void()>& poll) {
  fd_ = ::open(file().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return;  // no cache yet
  struct stat st;
  if (::fstat(fd_, &st) != 0) return discard("cannot stat it");
  const uint64_t file_size = static_cast<uint64_t>(st.st_size);
  std::string head;
  if (!read_at(fd_, 0, static_cast<size_t>(std::min<uint64_t>(file_size, 256)), head))
    return discard("cannot read it");
  size_t nl1 = head.find('\n');
  if (nl1 == std::string::npos || head.rfind("ggen-cache ", 0) != 0)
    return discard("not a ggen cache file");
  std::string version = head.substr(11, nl1 - 11);
  if (version != std::to_string(kDiskFormatVersion)) {
    return discard("written by another cache format version (" + version + ", this ggen reads " +
                   std::to_string(kDiskFormatVersion) + ")");
  }
  size_t nl2 = head.find('\n', nl1 + 1);
  std::string_view f[3];
  uint64_t count = 0, index_bytes = 0, index_sum = 0;
  if (nl2 == std::string::npos ||
      !fields(std::string_view(head).substr(nl1 + 1, nl2 - nl1 - 1), f, 3) ||
      !number(f[0], count) || !number(f[1], index_bytes) || f[2].size() != 16 ||
      !number(f[2], index_sum, 16)) {
    return discard("damaged header");
  }
  const uint64_t index_at = nl2 + 1;
  if (index_bytes > file_size - std::min(file_size, index_at)) return discard("truncated index");
  std::string index;
  if (!read_at(fd_, index_at, index_bytes, index)) return discard("cannot read the index");
  if (fnv1a64(index) != index_sum) return discard("checksum mismatch in the index");
  uint64_t offset = index_at + index_bytes;
  std::string_view rest = index;
  for (uint64_t i = 0; i < count; ++i) {
    if (poll && i % 4096 == 4095) poll();
    size_t nl = rest.find('\n');
    std::string_view e[4];
    uint64_t size = 0, sum = 0;
    if (nl == std::string_view::npos || !fields(rest.substr(0, nl), e, 4) || !number(e[2], size) ||
        e[3].size() != 16 || !number(e[3], sum, 16)) {
      return discard("damaged index entry");
    }
    index_[{std::string(e[0]), std::string(e[1])}] = Stored{offset, size, sum};
    offset += size + 1;
    rest.remove_prefix(nl + 1);
  }
  if (!rest.empty() || index_.size() != count) return discard("damaged index");
  std::string end;
  if (offset + kEnd.size() != file_size || !read_at(fd_, offset, kEnd.size(), end) || end != kEnd)
    return discard("truncated (the file does not end where its index says)");
}

std::optional<std::string> DiskCache::read_stored(const Stored& s) {
  std::string payload, nl;
  if (fd_ < 0 || !read_at(fd_, s.offset, static_cast<size_t>(s.size), payload) ||
      !read_at(fd_, s.offset + s.size, 1, nl) || nl != "\n") {
    discard("cannot read an entry");
    return std::nullopt;
  }
  if (fnv1a64(payload) != s.sum) {
    discard("checksum mismatch in an entry");
    return std::nullopt;
  }
  return payload;
}

std::optional<std::string> DiskCache::find(const std::string& ns, const std::string& key) {
  std::lock_guard lock(mu_);
  Key k{ns, key};
  auto u = used_.find(k);
  if (u != used_.end() && u->second) return u->second;
  auto it = index_.find(k);
  if (it == index_.end()) return std::nullopt;
  auto payload = read_stored(it->second);
  if (!payload) return std::nullopt;
  used_[k] = *payload;
  return payload;
}

bool DiskCache::touch(const std::string& ns, const std::string& key) {
  std::lock_guard lock(mu_);
  Key k{ns, key};
  if (used_.count(k)) return true;
  if (!index_.count(k)) return false;
  used_.emplace(std::move(k), std::nullopt);
  return true;
}

void DiskCache::touch_all() {
  std::lock_guard lock(mu_);
  for (const auto& [k, stored] : index_) used_.try_emplace(k, std::nullopt);
}

void DiskCache::begin_run() {
  std::lock_guard lock(mu_);
  used_.clear();
  warnings_.clear();
}

void DiskCache::put(const std::string& ns, const std::string& key, std::string payload) {
  std::lock_guard lock(mu_);
  Key k{ns, key};
  auto it = index_.find(k);
  if (it == index_.end() || it->second.size != payload.size() ||
      it->second.sum != fnv1a64(payload)) {
    dirty_ = true;
  }
  used_[k] = std::move(payload);
}

Result<void> DiskCache::save(const std::function<void()>& poll) {
  std::lock_guard lock(mu_);
  if (!dirty_ && used_.size() == index_.size()) return {};
  size_t since_poll = 0;
  auto every = [&](size_t bytes) {  // poll about every megabyte of work
    since_poll += bytes + 64;
    if (poll && since_poll >= (1u << 20)) {
      since_poll = 0;
      poll();
    }
  };
  // Entries only touched are copied from the loaded file, checked like any read (after a failed
  // check the file is discarded and the remaining touched-only entries are dropped). Payloads
  // are referred to, not copied: used_ keeps them (an abandoned save leaves the run whole).
  std::vector<Key> touched;
  for (const auto& [k, payload] : used_) {
    if (!payload) touched.push_back(k);
  }
  std::map<Key, std::string> copied;
  for (const auto& k : touched) {
    auto it = index_.find(k);
    if (it == index_.end()) continue;
    if (auto stored = read_stored(it->second)) {
      every(stored->size());
      copied.emplace(k, std::move(*stored));
    }
  }
  std::vector<std::pair<const Key*, const std::string*>> entries;
  entries.reserve(used_.size());
  for (const auto& [k, payload] : used_) {
    if (payload) {
      entries.emplace_back(&k, &*payload);
    } else if (auto c = copied.find(k); c != copied.end()) {
      entries.emplace_back(&k, &c->second);
    }
  }
  // A payload's sum is taken a megabyte at a time (a plan of 20,000 outputs is tens of MB):
  // polled in between, as the write below.
  auto sum_of = [&](std::string_view data) {
    uint64_t h = fnv1a64({});
    constexpr size_t kPiece = 1u << 20;
    do {
      std::string_view piece = data.substr(0, kPiece);
      h = fnv1a64(piece, h);
      every(piece.size());
      data.remove_prefix(piece.size());
    } while (!data.empty());
    return h;
  };
  std::string index;
  for (const auto& [k, payload] : entries) {
    index += k->first + " " + k->second + " " + std::to_string(payload->size()) + " " +
             hex64(sum_of(*payload)) + "\n";
  }
  std::string head = "ggen-cache " + std::to_string(kDiskFormatVersion) + "\n" +
                     std::to_string(entries.size()) + " " + std::to_string(index.size()) + " " +
                     hex64(fnv1a64(index)) + "\n";
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    return Error(std::string(codes::kIo),
                 "cannot create the cache folder " + dir_.generic_string() + ": " + ec.message());
  }
  fs::path tmp = dir_ / ("entries.bin.tmp." + std::to_string(::getpid()));
  // Until the rename, the temporary file is all there is of this save: gone on every way out.
  struct Temp {
    fs::path path;
    bool keep = false;
    ~Temp() {
      std::error_code e;
      if (!keep) fs::remove(path, e);
    }
  } temp{tmp};
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    auto put = [&](std::string_view s) {
      constexpr size_t kPiece = 256u << 10;  // a big payload is written (and polled) in pieces
      do {
        std::string_view piece = s.substr(0, kPiece);
        f.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        every(piece.size());
        s.remove_prefix(piece.size());
      } while (!s.empty());
    };
    put(head);
    put(index);
    for (const auto& [k, payload] : entries) {
      put(*payload);
      put("\n");
    }
    put(kEnd);
    f.flush();
    if (!f)
      return Error(std::string(codes::kIo), "cannot write the cache file " + tmp.generic_string());
  }
  fs::rename(tmp, file(), ec);
  if (ec) {
    return Error(std::string(codes::kIo),
                 "cannot replace the cache file " + file().generic_string());
  }
  temp.keep = true;
  // What was written is what the next run reads (same process: the session is kept).
  close_file();
  index_.clear();
  used_.clear();
  dirty_ = false;
  std::vector<std::string> kept = std::move(warnings_);
  load_locked(nullptr);
  warnings_.insert(warnings_.begin(), kept.begin(), kept.end());
  return {};
}

std::vector<std::string> DiskCache::warnings() const {
  std::lock_guard lock(mu_);
  return warnings_;
}

size_t DiskCache::entries() const {
  std::lock_guard lock(mu_);
  return used_.size();
}

}  // namespace ggen::cache

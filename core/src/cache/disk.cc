#include "ggen/cache/disk.h"

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace ggen::cache {

namespace fs = std::filesystem;

uint64_t fnv1a64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Reads one '\n'-terminated line starting at `pos`; false at the end of the text.
bool next_line(std::string_view text, size_t& pos, std::string_view& line) {
  size_t nl = text.find('\n', pos);
  if (nl == std::string_view::npos) return false;
  line = text.substr(pos, nl - pos);
  pos = nl + 1;
  return true;
}

using Entries = std::map<std::pair<std::string, std::string>, std::string>;

// Parses the whole file; an error message when anything is off.
std::optional<std::string> parse(std::string_view text, Entries& out) {
  size_t pos = 0;
  std::string_view line;
  if (!next_line(text, pos, line) || line.rfind("ggen-cache ", 0) != 0)
    return "not a ggen cache file";
  std::string version(line.substr(11));
  if (version != std::to_string(kDiskFormatVersion)) {
    return "written by another cache format version (" + version + ", this ggen reads " +
           std::to_string(kDiskFormatVersion) + ")";
  }
  size_t count = 0;
  while (true) {
    if (!next_line(text, pos, line)) return "truncated (no end marker)";
    std::istringstream in{std::string(line)};
    std::string ns, key, sum;
    size_t size = 0;
    if (line.rfind("end ", 0) == 0) {
      in >> ns >> size;
      if (!in || size != count || pos != text.size()) return "damaged end marker";
      return std::nullopt;
    }
    if (!(in >> ns >> key >> size >> sum) || sum.size() != 16) return "damaged entry header";
    if (size > text.size() - pos || text.size() - pos - size < 1 || text[pos + size] != '\n') {
      return "truncated entry";
    }
    std::string_view payload = text.substr(pos, size);
    if (hex64(fnv1a64(payload)) != sum) return "checksum mismatch in an entry";
    out[{ns, key}] = std::string(payload);
    pos += size + 1;
    ++count;
  }
}

}  // namespace

void DiskCache::load() {
  std::lock_guard lock(mu_);
  loaded_.clear();
  used_.clear();
  warnings_.clear();
  dirty_ = false;
  std::ifstream in(file(), std::ios::binary);
  if (!in) return;  // no cache yet
  std::ostringstream ss;
  ss << in.rdbuf();
  Entries entries;
  if (auto problem = parse(ss.str(), entries)) {
    warnings_.push_back("the persistent cache " + file().generic_string() +
                        " was discarded: " + *problem);
    dirty_ = true;  // rewrite it on save
    return;
  }
  loaded_ = std::move(entries);
}

std::optional<std::string> DiskCache::find(const std::string& ns, const std::string& key) {
  std::lock_guard lock(mu_);
  auto k = std::make_pair(ns, key);
  if (auto it = used_.find(k); it != used_.end()) return it->second;
  auto it = loaded_.find(k);
  if (it == loaded_.end()) return std::nullopt;
  used_[k] = it->second;
  return it->second;
}

bool DiskCache::touch(const std::string& ns, const std::string& key) {
  std::lock_guard lock(mu_);
  auto k = std::make_pair(ns, key);
  if (used_.count(k)) return true;
  auto it = loaded_.find(k);
  if (it == loaded_.end()) return false;
  used_[k] = it->second;
  return true;
}

void DiskCache::begin_run() {
  std::lock_guard lock(mu_);
  used_.clear();
}

void DiskCache::put(const std::string& ns, const std::string& key, std::string payload) {
  std::lock_guard lock(mu_);
  auto k = std::make_pair(ns, key);
  auto it = loaded_.find(k);
  if (it == loaded_.end() || it->second != payload) dirty_ = true;
  used_[k] = std::move(payload);
}

Result<void> DiskCache::save() {
  std::lock_guard lock(mu_);
  if (!dirty_ && used_.size() == loaded_.size()) return {};
  std::string out = "ggen-cache " + std::to_string(kDiskFormatVersion) + "\n";
  for (const auto& [k, payload] : used_) {
    out += k.first + " " + k.second + " " + std::to_string(payload.size()) + " " +
           hex64(fnv1a64(payload)) + "\n";
    out += payload;
    out += '\n';
  }
  out += "end " + std::to_string(used_.size()) + "\n";
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    return Error(std::string(codes::kIo),
                 "cannot create the cache folder " + dir_.generic_string() + ": " + ec.message());
  }
  fs::path tmp = dir_ / ("entries.bin.tmp." + std::to_string(::getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.flush();
    if (!f) {
      fs::remove(tmp, ec);
      return Error(std::string(codes::kIo), "cannot write the cache file " + tmp.generic_string());
    }
  }
  fs::rename(tmp, file(), ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error(std::string(codes::kIo),
                 "cannot replace the cache file " + file().generic_string());
  }
  loaded_ = used_;
  dirty_ = false;
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

#include "ggen/watch/snapshot.h"

#include <fstream>
#include <functional>
#include <string_view>

namespace ggen::watch {

namespace fs = std::filesystem;

const char* change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::kCreated:
      return "created";
    case ChangeKind::kModified:
      return "modified";
    case ChangeKind::kRemoved:
      return "removed";
  }
  return "modified";
}

namespace {

// A fast 64-bit content hash: it only has to tell "same bytes as before" within one process, so
// a cryptographic hash of a large graph file would be wasted time on every save.
bool hash_file(const fs::path& file, uint64_t& size, uint64_t& hash) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return false;
  size = data.size();
  hash = std::hash<std::string_view>{}(data);
  return true;
}

bool under(const fs::path& p, const fs::path& dir) {
  auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

template <class F>
void each_file(const fs::path& dir, F f) {
  std::error_code ec;
  for (auto it =
           fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) f(it->path());
  }
}

}  // namespace

void Snapshot::scan(const WatchRoots& roots) {
  known_.clear();
  auto add = [&](const fs::path& p) {
    Entry e;
    if (roots.relevant(p) && hash_file(p, e.size, e.hash)) known_[p] = e;
  };
  for (const auto& d : roots.template_dirs) each_file(d, add);
  for (const auto& d : roots.graph_dirs) each_file(d, add);
  for (const auto& f : roots.files) add(f);
}

void Snapshot::check_file(const fs::path& file, const WatchRoots& roots,
                          std::map<fs::path, FileChange>& out) {
  auto it = known_.find(file);
  Entry now;
  bool present = roots.relevant(file) && hash_file(file, now.size, now.hash);
  if (!present) {
    if (it != known_.end()) {
      known_.erase(it);
      out[file] = {file, ChangeKind::kRemoved};
    }
    return;
  }
  if (it == known_.end()) {
    known_[file] = now;
    out[file] = {file, ChangeKind::kCreated};
  } else if (it->second.size != now.size || it->second.hash != now.hash) {
    it->second = now;
    out[file] = {file, ChangeKind::kModified};
  }
}

std::vector<FileChange> Snapshot::update(const std::set<fs::path>& dirty, const WatchRoots& roots) {
  std::map<fs::path, FileChange> changes;
  std::error_code ec;
  for (const auto& p : dirty) {
    // Files known under p (p was a folder, maybe removed or renamed away) and files there now.
    std::set<fs::path> candidates;
    for (auto it = known_.lower_bound(p);
         it != known_.end() && (it->first == p || under(it->first, p)); ++it) {
      candidates.insert(it->first);
    }
    if (fs::is_directory(p, ec)) {
      each_file(p, [&](const fs::path& f) { candidates.insert(f); });
    } else {
      candidates.insert(p);
    }
    for (const auto& f : candidates) check_file(f, roots, changes);
  }
  std::vector<FileChange> out;
  out.reserve(changes.size());
  for (auto& [path, c] : changes) out.push_back(std::move(c));
  return out;
}

}  // namespace ggen::watch

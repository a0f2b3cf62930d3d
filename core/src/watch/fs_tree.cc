#include "fs_tree.h"

#include <algorithm>

namespace ggen::watch::detail {

namespace fs = std::filesystem;

namespace {

bool under(const fs::path& p, const fs::path& dir) {
  auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

void FsTree::set_roots(const WatchRoots& roots) {
  clear();
  roots_ = roots;
  for (const auto& d : roots_.file_parents()) add(d);
  for (const auto& d : roots_.template_dirs) add_recursive(d);
  for (const auto& d : roots_.graph_dirs) add_recursive(d);
}

void FsTree::clear() {
  for (auto& [dir, id] : watched_) io_.unwatch_dir(id);
  watched_.clear();
}

std::vector<fs::path> FsTree::dirs() const {
  std::vector<fs::path> out;
  for (const auto& [dir, id] : watched_) out.push_back(dir);
  return out;
}

void FsTree::add(const fs::path& dir) {
  if (watched_.count(dir)) return;
  auto id = io_.watch_dir(dir.string(), [this, dir](std::string_view name, int status) {
    if (status < 0) {
      touched_(dir);  // the folder is in trouble (gone?): let the snapshot re-check it
      return;
    }
    on_event(dir, name);
  });
  if (id.ok()) watched_[dir] = id.value();
}

void FsTree::add_recursive(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || !roots_.covers_dir(dir)) return;
  add(dir);
  for (auto it =
           fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    if (!roots_.covers_dir(it->path())) {
      it.disable_recursion_pending();  // the output folder inside a root, say
      continue;
    }
    add(it->path());
  }
}

void FsTree::remove_under(const fs::path& p) {
  for (auto it = watched_.begin(); it != watched_.end();) {
    if (it->first == p || under(it->first, p)) {
      io_.unwatch_dir(it->second);
      it = watched_.erase(it);
    } else {
      ++it;
    }
  }
}

void FsTree::on_event(const fs::path& dir, std::string_view name) {
  fs::path p = name.empty() ? dir : dir / fs::path(name);
  std::error_code ec;
  auto st = fs::symlink_status(p, ec);
  // Removed, renamed away or replaced: its watches (if it was a folder) go. A folder there now
  // (created later, moved in, or recreated under the same name) is watched afresh with all it
  // already holds; the snapshot re-reads it through `touched_`.
  if (p != dir) remove_under(p);
  if (!ec && fs::is_directory(st) && roots_.covers_dir(p)) add_recursive(p);
  touched_(p);
}

}  // namespace ggen::watch::detail

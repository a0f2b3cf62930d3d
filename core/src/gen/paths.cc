#include "ggen/gen/paths.h"

#include <sys/stat.h>

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), re = root.end();
  auto q = p.begin(), qe = p.end();
  for (; r != re; ++r, ++q) {
    if (r->empty()) continue;  // trailing separator of the root
    if (q == qe || *r != *q) return false;
  }
  return true;
}

Error escape(std::string_view relative, const Location& where, std::string why) {
  return Error(std::string(kPathEscape), "output path `" + std::string(relative) + "` " + why)
      .at(where)
      .with_hint("`to:` must name a path inside the output directory, e.g. `src/{{ name }}.rs`");
}

bool is_link(const fs::path& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

}  // namespace

OutputRoot::OutputRoot(const fs::path& root) : given_(root) {
  std::error_code ec;
  base_ = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) {
    base_error_ = ec.message();
    base_.clear();
  }
}

Result<fs::path> OutputRoot::resolve_dir(const fs::path& dir) const {
  {
    std::lock_guard lock(mu_);
    auto it = dirs_.find(dir);
    if (it != dirs_.end()) return it->second;
  }
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(dir, ec);
  if (ec)
    return Error(std::string(codes::kIo), "cannot resolve " + dir.string() + ": " + ec.message());
  std::lock_guard lock(mu_);
  dirs_.emplace(dir, resolved);
  return resolved;
}

Result<fs::path> OutputRoot::confine(std::string_view relative, const Location& where) const {
  if (relative.empty()) {
    return Error(std::string(codes::kInvalidArgument), "the output path is empty")
        .at(where)
        .with_hint("`to:` rendered to an empty string; check the variables it uses");
  }
  if (relative.find('\0') != std::string_view::npos) {
    return Error(std::string(codes::kInvalidArgument), "the output path contains a NUL byte")
        .at(where);
  }
  fs::path rel(relative);
  if (rel.is_absolute() || rel.has_root_name()) return escape(relative, where, "is absolute");
  if (base_.empty()) {
    return Error(std::string(codes::kIo),
                 "cannot resolve the output directory " + given_.string() + ": " + base_error_);
  }
  fs::path reln = rel.lexically_normal();
  if (reln.empty() || reln == "." || reln == "./") {
    return escape(relative, where, "names the output directory itself, not a file");
  }
  fs::path joined = (base_ / rel).lexically_normal();
  if (!is_within(base_, joined) || joined == base_) {
    return escape(relative, where, "leaves the output directory");
  }
  // Follow the symlinks of the part that exists: a link inside the tree may point outside it.
  // The folder is resolved once per pass; the file itself needs a look only if it is a link.
  fs::path resolved;
  if (is_link(joined)) {
    std::error_code ec;
    resolved = fs::weakly_canonical(joined, ec);
    if (ec) {
      return Error(std::string(codes::kIo),
                   "cannot resolve " + joined.string() + ": " + ec.message());
    }
  } else {
    auto dir = resolve_dir(joined.parent_path());
    if (!dir.ok()) return dir.error();
    resolved = dir.value() / joined.filename();
  }
  if (!is_within(base_, resolved)) {
    return escape(relative, where,
                  "resolves through a symbolic link to " + resolved.string() +
                      ", outside the output directory");
  }
  return joined;
}

std::string OutputRoot::display(const fs::path& path) const {
  fs::path rel = path.lexically_relative(base_);
  if (rel.empty()) return path.generic_string();
  return rel.generic_string();
}

Result<fs::path> confine(const fs::path& root, std::string_view relative, const Location& where) {
  return OutputRoot(root).confine(relative, where);
}

std::string relative_display(const fs::path& root, const fs::path& path) {
  return OutputRoot(root).display(path);
}

}  // namespace ggen::gen

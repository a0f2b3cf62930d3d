#include "ggen/gen/paths.h"

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
  return Error(std::string(kPathEscape),
               "output path `" + std::string(relative) + "` " + why)
      .at(where)
      .with_hint("`to:` must name a path inside the output directory, e.g. `src/{{ name }}.rs`");
}

}  // namespace

Result<fs::path> confine(const fs::path& root, std::string_view relative, const Location& where) {
  if (relative.empty()) {
    return Error(std::string(codes::kInvalidArgument), "the output path is empty")
        .at(where)
        .with_hint("`to:` rendered to an empty string; check the variables it uses");
  }
  if (relative.find('\0') != std::string_view::npos) {
    return Error(std::string(codes::kInvalidArgument), "the output path contains a NUL byte").at(where);
  }
  fs::path rel(relative);
  if (rel.is_absolute() || rel.has_root_name()) return escape(relative, where, "is absolute");
  std::error_code ec;
  fs::path base = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) {
    return Error(std::string(codes::kIo), "cannot resolve the output directory " + root.string() +
                                              ": " + ec.message());
  }
  fs::path reln = rel.lexically_normal();
  if (reln.empty() || reln == "." || reln == "./") {
    return escape(relative, where, "names the output directory itself, not a file");
  }
  fs::path joined = (base / rel).lexically_normal();
  if (!is_within(base, joined)) return escape(relative, where, "leaves the output directory");
  // Follow the symlinks of the part that exists: a link inside the tree may point outside it.
  fs::path resolved = fs::weakly_canonical(joined, ec);
  if (ec) {
    return Error(std::string(codes::kIo), "cannot resolve " + joined.string() + ": " + ec.message());
  }
  if (!is_within(base, resolved)) {
    return escape(relative, where, "resolves through a symbolic link to " + resolved.string() +
                                       ", outside the output directory");
  }
  return joined;
}

std::string relative_display(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  fs::path base = fs::weakly_canonical(fs::absolute(root, ec), ec);
  fs::path rel = path.lexically_relative(base);
  if (rel.empty()) return path.generic_string();
  return rel.generic_string();
}

}  // namespace ggen::gen

// Safe extraction and reproducible packing.
#include <fstream>
#include <set>

#include "ggen/pack/archive.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;

namespace {

Result<std::string> checked_path(const ArchiveEntry& e) {
  const std::string& p = e.path;
  auto escape = [&](const char* why) {
    return Error(std::string(codes::kPathEscape), "archive entry `" + p + "` " + why)
        .with_hint("the archive is refused as a whole; nothing was written");
  };
  if (p.empty()) return escape("has an empty name");
  if (p[0] == '/' || p.find('\\') != std::string::npos || (p.size() > 1 && p[1] == ':'))
    return escape("is an absolute path");
  std::string norm;
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    std::string part =
        p.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") return escape("escapes the target folder (`..`)");
    if (!part.empty() && part != ".") norm += (norm.empty() ? "" : "/") + part;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (norm.empty()) return escape("names the target folder itself");
  return norm;
}

}  // namespace

Result<void> extract_entries(const std::vector<ArchiveEntry>& entries, const fs::path& dir) {
  std::set<std::string> seen;
  std::vector<std::pair<std::string, const ArchiveEntry*>> files;
  for (const auto& e : entries) {
    auto p = checked_path(e);
    if (!p.ok()) return p.error();
    if (e.type == '1' || e.type == '2') {
      return Error(std::string(kUnsafeArchive), "archive entry `" + e.path + "` is a " +
                                                    (e.type == '1' ? "hard" : "symbolic") +
                                                    " link (to `" + e.link + "`)")
          .with_hint("pack archives hold regular files only; nothing was written");
    }
    if (e.type == '5') continue;
    if (e.type != '0' && e.type != '7') {
      return Error(std::string(kUnsafeArchive), "archive entry `" + e.path +
                                                    "` has the unsupported type `" +
                                                    std::string(1, e.type) + "`")
          .with_hint(
              "pack archives hold regular files only (devices, fifos and pax/GNU extensions are "
              "refused)");
    }
    if (!seen.insert(p.value()).second) {
      return Error(std::string(kUnsafeArchive), "archive entry `" + e.path + "` appears twice");
    }
    files.emplace_back(p.value(), &e);
  }
  // A file that is also a parent of another entry would be overwritten by a folder: refuse.
  for (const auto& [p, e] : files) {
    for (size_t s = p.find('/'); s != std::string::npos; s = p.find('/', s + 1)) {
      if (seen.count(p.substr(0, s)))
        return Error(std::string(kUnsafeArchive),
                     "archive entry `" + p + "` lies below the file `" + p.substr(0, s) + "`");
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return detail::io_error("cannot create", dir, ec);
  for (const auto& [p, e] : files) {
    fs::path target = dir / p;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return detail::io_error("cannot create", target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(e->data.data(), static_cast<std::streamsize>(e->data.size()));
    if (!out) return detail::io_error("cannot write", target, {});
  }
  return {};
}

Result<std::string> pack_archive(const fs::path& root, const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::string>> contents;
  for (const auto& rel : files) {
    auto data = detail::read_all(root / rel);
    if (!data.ok()) return data.error();
    contents.emplace_back(rel, std::move(data).value());
  }
  return gzip(write_tar(std::move(contents)));
}

}  // namespace ggen::pack

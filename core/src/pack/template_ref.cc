// `<pack-id>:<path>`: the one place that turns a pack template reference into a file.
#include "ggen/pack/store.h"

namespace ggen::pack {

namespace fs = std::filesystem;

bool is_template_ref(std::string_view ref) {
  size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon + 1 >= ref.size()) return false;
  if (!valid_id(ref.substr(0, colon))) return false;  // also rules out `C:` and `dir/x:y`
  return ref.substr(colon + 1, 2) != "//";            // not a URL
}

Result<fs::path> resolve_template_ref(const fs::path& ws, std::string_view ref) {
  size_t colon = ref.find(':');
  std::string id(ref.substr(0, colon));
  std::string rel(ref.substr(colon + 1));
  auto lock = read_lock(ws);
  if (!lock.ok()) return lock.error();
  auto p = lock.value().packs.find(id);
  if (p == lock.value().packs.end()) {
    return Error(std::string(kNotInstalled), "template `" + std::string(ref) + "`: pack `" + id +
                                                 "` is not installed in " + ws.generic_string())
        .with_hint("install it with `ggen marketplace install " + id + "`");
  }
  fs::path dir = pack_dir(ws, id, p->second.version);
  auto m = read_manifest(dir);
  if (!m.ok()) {
    return Error(std::string(kNotInstalled),
                 "pack `" + id + "` is recorded in ggen.lock but its files are missing")
        .with_hint("reinstall it with `ggen marketplace update " + id + "`")
        .caused_by(m.error());
  }
  fs::path rp(rel);
  for (const auto& part : rp.lexically_normal()) {
    if (part == ".." || rp.is_absolute()) {
      return Error(std::string(codes::kPathEscape),
                   "template `" + std::string(ref) + "` leaves the pack's templates folder");
    }
  }
  fs::path file = dir / m.value().templates / rp.lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Error(std::string(codes::kNotFound), "pack `" + id + "` has no template `" + rel + "`")
        .with_hint("`ggen marketplace info " + id + "` lists its templates");
  }
  return file;
}

}  // namespace ggen::pack

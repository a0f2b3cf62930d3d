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

namespace {

// The installed templates folder of pack `id`, through ggen.lock; `what` names the reference.
Result<fs::path> installed_templates(const fs::path& ws, const std::string& id,
                                     const std::string& what) {
  auto lock = read_lock(ws);
  if (!lock.ok()) return lock.error();
  auto p = lock.value().packs.find(id);
  if (p == lock.value().packs.end()) {
    return Error(std::string(kNotInstalled),
                 what + ": pack `" + id + "` is not installed in " + ws.generic_string())
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
  return dir / m.value().templates;
}

}  // namespace

Result<fs::path> resolve_template_ref(const fs::path& ws, std::string_view ref) {
  size_t colon = ref.find(':');
  std::string id(ref.substr(0, colon));
  std::string rel(ref.substr(colon + 1));
  auto tdir = installed_templates(ws, id, "template `" + std::string(ref) + "`");
  if (!tdir.ok()) return tdir.error();
  fs::path rp(rel);
  for (const auto& part : rp.lexically_normal()) {
    if (part == ".." || rp.is_absolute()) {
      return Error(std::string(codes::kPathEscape),
                   "template `" + std::string(ref) + "` leaves the pack's templates folder");
    }
  }
  fs::path file = tdir.value() / rp.lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Error(std::string(codes::kNotFound), "pack `" + id + "` has no template `" + rel + "`")
        .with_hint("`ggen marketplace info " + id + "` lists its templates");
  }
  return file;
}

Result<gen::PackTemplates> project_pack_templates(const fs::path& ws, const std::string& entry) {
  if (is_template_ref(entry)) {
    auto file = resolve_template_ref(ws, entry);
    if (!file.ok()) return file.error();
    std::string id = entry.substr(0, entry.find(':'));
    auto tdir = installed_templates(ws, id, "ggen.toml [generate] packs");
    if (!tdir.ok()) return tdir.error();
    return gen::PackTemplates{id, tdir.value(), file.value()};
  }
  if (!valid_id(entry)) {
    return Error(std::string(codes::kInvalidArgument),
                 "`" + entry + "` in [generate] packs is neither a pack id nor <pack-id>:<path>")
        .with_hint("e.g. packs = [\"rust-models\", \"base-types:partials/header.tera\"]");
  }
  auto tdir = installed_templates(ws, entry, "ggen.toml [generate] packs");
  if (!tdir.ok()) return tdir.error();
  return gen::PackTemplates{entry, tdir.value(), std::nullopt};
}

}  // namespace ggen::pack

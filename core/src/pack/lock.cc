// ggen.lock and the workspace layout.
#include <nlohmann/json.hpp>

#include "ggen/gen/project.h"
#include "ggen/pack/store.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path find_workspace(const fs::path& start) {
  std::error_code ec;
  auto file = gen::find_project_file(start);
  if (file) return file->parent_path();
  return fs::absolute(start, ec).lexically_normal();
}

fs::path pack_dir(const fs::path& workspace, const std::string& id, const Version& v) {
  return workspace / ".ggen" / "packs" / id / v.to_string();
}

Result<Lock> read_lock(const fs::path& workspace) {
  fs::path file = workspace / kLockFile;
  std::error_code ec;
  Lock lock;
  if (!fs::exists(file, ec)) return lock;
  auto text = detail::read_all(file);
  if (!text.ok()) return text.error();
  auto bad = [&](std::string m) {
    return Error(std::string(kBadLock), "invalid " + std::string(kLockFile) + ": " + m)
        .at(Location{file.generic_string(), 1, 1})
        .with_hint(
            "ggen writes this file; restore it from version control or delete it and reinstall");
  };
  json j = json::parse(text.value(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (j.value("lockfile", 0) != 1) return bad("unsupported `lockfile` version (this ggen reads 1)");
  if (j.contains("requested")) {
    if (!j["requested"].is_object()) return bad("`requested` must be an object");
    for (auto& [id, r] : j["requested"].items()) {
      if (!r.is_string() || !parse_range(r.get<std::string>()).ok())
        return bad("bad range for `" + id + "`");
      lock.requested[id] = r.get<std::string>();
    }
  }
  if (j.contains("packs")) {
    if (!j["packs"].is_object()) return bad("`packs` must be an object");
    for (auto& [id, p] : j["packs"].items()) {
      if (!p.is_object() || !p.contains("version") || !p["version"].is_string())
        return bad("pack `" + id + "` has no version");
      auto v = parse_version(p["version"].get<std::string>());
      if (!v.ok()) return bad("pack `" + id + "` has a bad version");
      LockedPack lp{v.value(), p.value("sha256", ""), {}};
      if (p.contains("dependencies") && p["dependencies"].is_object()) {
        for (auto& [d, r] : p["dependencies"].items()) {
          if (r.is_string()) lp.dependencies[d] = r.get<std::string>();
        }
      }
      lock.packs[id] = std::move(lp);
    }
  }
  return lock;
}

std::string lock_to_json(const Lock& lock) {
  json packs = json::object();
  for (const auto& [id, p] : lock.packs) {
    packs[id] = {
        {"version", p.version.to_string()}, {"sha256", p.sha256}, {"dependencies", p.dependencies}};
  }
  json j = {{"lockfile", 1}, {"requested", lock.requested}, {"packs", packs}};
  return j.dump(2) + "\n";
}

}  // namespace ggen::pack

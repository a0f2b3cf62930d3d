#pragma once
// The marketplace operations over a workspace (the folder of the nearest ggen.toml, else the
// folder given): installed packs live in <workspace>/.ggen/packs/<id>/<version>/ and ggen.lock
// records what was requested and what was resolved:
//
//   { "lockfile": 1,
//     "requested": { "<id>": "<range>" },
//     "packs": { "<id>": { "version": "<semver>", "sha256": "<archive sha-256>",
//                          "dependencies": { "<id>": "<range>" } } } }
//
// (sorted keys, two-space indent, final newline). Registries are a folder or an http(s) URL.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/gen/project.h"
#include "ggen/pack/http.h"
#include "ggen/pack/index.h"
#include "ggen/runtime/context.h"

namespace ggen::pack {

inline constexpr std::string_view kNoRegistry = "E_NO_REGISTRY";
inline constexpr std::string_view kIntegrity = "E_INTEGRITY";
inline constexpr std::string_view kNotInstalled = "E_PACK_NOT_INSTALLED";
inline constexpr std::string_view kBadLock = "E_LOCKFILE";
inline constexpr std::string_view kLockFile = "ggen.lock";

struct LockedPack {
  Version version;
  std::string sha256;
  std::map<std::string, std::string> dependencies;
};
struct Lock {
  std::map<std::string, std::string> requested;
  std::map<std::string, LockedPack> packs;
};

std::filesystem::path find_workspace(const std::filesystem::path& start);
Result<Lock> read_lock(const std::filesystem::path& workspace);  // empty when there is none
std::string lock_to_json(const Lock& lock);
std::filesystem::path pack_dir(const std::filesystem::path& workspace, const std::string& id,
                               const Version& v);

struct Registry {
  std::string location;  // folder (absolute) or http(s) URL
  HttpOptions http;
  runtime::IoThread* io = nullptr;  // needed for http
};
// The registry to use: `explicit_location` (a flag), else ggen.toml's [marketplace] registry
// (a relative folder is relative to ggen.toml), else E_NO_REGISTRY. There is no built-in default.
Result<std::string> registry_location(const std::filesystem::path& workspace,
                                      const std::string& explicit_location,
                                      const std::filesystem::path& cwd);
Result<std::string> registry_fetch(const Registry& r, const std::string& rel,
                                   const runtime::Context& ctx);
Result<Index> fetch_index(const Registry& r, const runtime::Context& ctx);

struct Change {
  std::string id;
  std::string version;
  std::string action;  // "installed", "kept", "updated", "removed"
  std::string from;    // previous version for "updated"/"removed"
};
struct InstallReport {
  std::vector<Change> changes;  // sorted by id
  Lock lock;
};

// spec: "<id>" or "<id>@<range>". Without a range the highest version is chosen and recorded
// as ^<version>. Every archive is verified (sha-256, manifest id/version, safe entries) before
// anything is moved into .ggen/packs; then ggen.lock is written.
Result<InstallReport> install(const std::filesystem::path& workspace, const Registry& r,
                              const std::string& spec, const Version& ggen_version,
                              const runtime::Context& ctx);
// Re-resolves to the highest versions the requested ranges allow (one pack, or all).
Result<InstallReport> update(const std::filesystem::path& workspace, const Registry& r,
                             const std::string& id, const Version& ggen_version,
                             const runtime::Context& ctx);
// Drops a requested pack and whatever only it needed; no registry needed.
Result<InstallReport> remove(const std::filesystem::path& workspace, const std::string& id);

struct PublishReport {
  std::string id, version, archive, sha256;
  uint64_t size = 0;
  bool unchanged = false;  // the same bytes were already published
  std::vector<std::string> files;
};
Result<PublishReport> publish(const std::filesystem::path& pack_dir,
                              const std::filesystem::path& registry_dir,
                              const Version& ggen_version);

// "<pack-id>:<path>" -> <workspace>/.ggen/packs/<id>/<version>/<templates>/<path>, through
// ggen.lock. is_template_ref is false for anything that is not such a reference (paths with a
// folder before the colon, one-letter drive names, existing files).
bool is_template_ref(std::string_view ref);
Result<std::filesystem::path> resolve_template_ref(const std::filesystem::path& workspace,
                                                   std::string_view ref);
// An entry of ggen.toml's [generate] packs ("<pack-id>" or "<pack-id>:<path>") for
// gen::load_project (gen::set_pack_resolver): the installed pack's templates folder, and the
// template named. E_PACK_NOT_INSTALLED (with the install command) when ggen.lock lacks the pack.
Result<gen::PackTemplates> project_pack_templates(const std::filesystem::path& workspace,
                                                  const std::string& entry);

}  // namespace ggen::pack

#pragma once
// Git's side of hooks: finding the hooks folder the way git does (core.hooksPath included), and
// installing ggen's script for an event without clobbering a hook that is already there: that
// one is renamed to <event>.ggen-chained (bytes and mode untouched), runs first, and its exit
// status is respected; uninstalling renames it back.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/runtime/context.h"

namespace ggen::hooks {

inline constexpr std::string_view kHookConflict = "E_HOOK_CONFLICT";
// The second line of every script ggen installs; how it recognises its own hooks.
inline constexpr std::string_view kMarker = "# ggen-managed hook";

struct GitRepo {
  std::filesystem::path toplevel;   // the working tree's root
  std::filesystem::path hooks_dir;  // absolute; may not exist yet
};

// Asks git (`git rev-parse`) from `dir`. E_NOT_GIT_REPO outside a repository; E_IO when git
// cannot be run.
Result<GitRepo> find_git(const std::filesystem::path& dir, const runtime::Context& ctx);

std::string chained_name(std::string_view event);

// The script for `event`: runs the chained hook if there is one, then `ggen hook run <event>`
// in the project folder (`project_dir` relative to the working tree's root, where git runs
// hooks). `ggen` is how to start ggen (e.g. {node, /path/bin/ggen.js}); empty: `ggen` on PATH.
std::string hook_script(std::string_view event, const std::string& project_dir,
                        const std::vector<std::string>& ggen);

bool is_ggen_hook(const std::filesystem::path& file);

struct InstallReport {
  std::filesystem::path path;
  bool changed = false;  // the script was written (false: it was already up to date)
  bool chained = false;  // a hook that was there is kept in <event>.ggen-chained
};
// Creates the hooks folder if needed; idempotent.
Result<InstallReport> install_hook(const std::filesystem::path& hooks_dir, std::string_view event,
                                   const std::string& script);

struct UninstallReport {
  bool removed = false;   // ggen's script was deleted
  bool restored = false;  // the chained hook is back under its own name
};
Result<UninstallReport> uninstall_hook(const std::filesystem::path& hooks_dir,
                                       std::string_view event);

}  // namespace ggen::hooks

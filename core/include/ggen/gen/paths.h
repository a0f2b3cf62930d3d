#pragma once
// Output paths are confined to the output root: a template's `to:` may not be absolute, climb out
// with `..`, or pass through a symlink that leads outside. Checked at plan time and again just
// before writing (the tree may change in between).
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::gen {

inline constexpr std::string_view kPathEscape = "E_PATH_ESCAPE";

// One output root confining many paths: the root and every folder are resolved (symlinks
// followed) once, then each file costs one lstat. Thread-safe. Meant for one planning or one
// apply pass; a tree that changes later is checked again by the next pass.
class OutputRoot {
 public:
  explicit OutputRoot(const std::filesystem::path& root);

  // The absolute, normalized path of `relative` inside the root, or E_PATH_ESCAPE /
  // E_INVALID_ARGUMENT located at `where` (the frontmatter's `to:`).
  Result<std::filesystem::path> confine(std::string_view relative,
                                        const Location& where = {}) const;
  // `path` (as confine returned it) relative to the root with '/' separators.
  std::string display(const std::filesystem::path& path) const;

 private:
  Result<std::filesystem::path> resolve_dir(const std::filesystem::path& dir) const;

  std::filesystem::path given_;
  std::filesystem::path base_;  // weakly canonical root; empty when it could not be resolved
  std::string base_error_;
  mutable std::mutex mu_;
  mutable std::map<std::filesystem::path, std::filesystem::path> dirs_;  // folder -> resolved
};

// One-off forms of the above.
Result<std::filesystem::path> confine(const std::filesystem::path& root, std::string_view relative,
                                      const Location& where = {});
std::string relative_display(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace ggen::gen

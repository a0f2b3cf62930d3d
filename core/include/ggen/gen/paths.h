#pragma once
// Output paths are confined to the output root: a template's `to:` may not be absolute, climb out
// with `..`, or pass through a symlink that leads outside. Checked at plan time and again just
// before writing (the tree may change in between).
#include <filesystem>
#include <string>
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::gen {

inline constexpr std::string_view kPathEscape = "E_PATH_ESCAPE";

// The absolute, normalized path of `relative` inside `root`, or E_PATH_ESCAPE / E_INVALID_ARGUMENT
// located at `where` (the frontmatter's `to:`).
Result<std::filesystem::path> confine(const std::filesystem::path& root, std::string_view relative,
                                      const Location& where = {});

// `path` relative to `root` with '/' separators (for reports and plans).
std::string relative_display(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace ggen::gen

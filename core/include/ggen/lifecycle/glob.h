#pragma once
// Globs for lifecycle inputs and outputs, matched against paths relative to the project root
// with '/' separators: `*` and `?` stay within one path segment, `**` as a whole segment spans
// any number of folders, `[abc]` / `[a-z]` / `[!a]` are character classes.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ggen::lifecycle {

bool glob_match(std::string_view pattern, std::string_view path);

// The regular files under `root` matching any of the patterns, as sorted relative paths.
// The walk starts at each pattern's literal leading folders and never enters .git or .ggen.
std::vector<std::string> expand_globs(const std::filesystem::path& root,
                                      const std::vector<std::string>& patterns);

}  // namespace ggen::lifecycle

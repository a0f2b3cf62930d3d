#pragma once
// What a project watcher looks at: the templates folder and the graph folders (recursively),
// single graph files, and ggen.toml. Derived from ggen.toml itself, so a graph folder that does
// not exist yet is still watched for (it is picked up when it is created).
#include <filesystem>
#include <optional>
#include <vector>

#include "ggen/error/result.h"

namespace ggen::watch {

struct WatchRoots {
  std::filesystem::path root;                        // the folder holding ggen.toml
  std::filesystem::path config;                      // ggen.toml
  std::filesystem::path output;                      // never watched (our own writes land there)
  std::vector<std::filesystem::path> template_dirs;  // recursive: every file counts
  std::vector<std::filesystem::path> graph_dirs;     // recursive: RDF files only
  std::vector<std::filesystem::path> files;          // single files: ggen.toml, named graphs

  // True for a folder that is, or lies inside, a recursive root.
  bool covers_dir(const std::filesystem::path& dir) const;
  // True for a file whose content feeds generation (editor noise and outputs excluded).
  bool relevant(const std::filesystem::path& file) const;
  // The folders to watch non-recursively for the single files (their parents), deduplicated.
  std::vector<std::filesystem::path> file_parents() const;
};

// The roots named by ggen.toml (`config`); `output` overrides its generate.output. Only a
// file that cannot be read or parsed is an error: folders need not exist yet.
Result<WatchRoots> watch_roots(const std::filesystem::path& config,
                               const std::optional<std::filesystem::path>& output);

}  // namespace ggen::watch

#pragma once
// ggen.toml: a project's templates, graphs, output, prefixes and variables. Found by walking up
// from a directory, like git finds .git. Strict: unknown sections and keys are errors with a
// "did you mean".
//
//   [project]   name, description
//   [generate]  templates = "templates", output = "generated",
//               graphs = ["graphs"] (files, or folders searched for .ttl/.trig/.nt/.nq),
//               base = "http://example.org/", jobs = 0, trim_blocks, lstrip_blocks,
//               packs = ["<pack-id>", "<pack-id>:<path>"] (installed packs' templates: all of
//               a pack's templates with a frontmatter, or one; docs/packs.md)
//   [prefixes]  ex = "http://example.org/"
//   [vars]      name = value
//   [cache]     persistent = false (true: .ggen/cache/ keeps work between runs),
//               memory = "64MB" (the in-memory caches' budget; docs/caching.md)
#include <filesystem>
#include <optional>
#include <string>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"

namespace ggen::gen {

inline constexpr std::string_view kProjectConfig = "E_PROJECT";

// The [cache] section: what gen::Session (session.h) is given.
struct CacheSettings {
  bool persistent = false;
  size_t memory = 64u << 20;
};

// "64MB", "512KB", "1GB", or a plain number of bytes; nullopt when malformed.
std::optional<size_t> parse_byte_size(std::string_view text);

struct Project {
  std::filesystem::path root;      // the folder holding ggen.toml
  std::filesystem::path config;    // ggen.toml itself
  std::string name;
  std::string description;
  CacheSettings cache;
  GenerateOptions options;         // templates (all of the folder), graphs, output, prefixes, vars
};

// An entry of [generate] packs resolved through the workspace's ggen.lock: the pack's id, its
// installed templates folder, and for "<pack-id>:<path>" the one template named.
struct PackTemplates {
  std::string id;
  std::filesystem::path templates_dir;
  std::optional<std::filesystem::path> file;
};
// The pack module provides the resolver (gen does not depend on it); the addon installs it at
// load. Without one, a project with [generate] packs fails with E_PROJECT.
using PackResolver = Result<PackTemplates> (*)(const std::filesystem::path& workspace,
                                               const std::string& entry);
void set_pack_resolver(PackResolver resolver);

// The nearest ggen.toml at or above `start`; nullopt when there is none.
std::optional<std::filesystem::path> find_project_file(const std::filesystem::path& start);

// Loads the project at or above `start` (E_PROJECT with a hint when there is none).
Result<Project> load_project(const std::filesystem::path& start);

}  // namespace ggen::gen

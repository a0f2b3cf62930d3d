#pragma once
// ggen.toml: a project's templates, graphs, output, prefixes and variables. Found by walking up
// from a directory, like git finds .git. Strict: unknown sections and keys are errors with a
// "did you mean".
//
//   [project]   name, description
//   [generate]  templates = "templates", output = "generated",
//               graphs = ["graphs"] (files, or folders searched for .ttl/.trig/.nt/.nq),
//               base = "http://example.org/", jobs = 0, trim_blocks, lstrip_blocks
//   [prefixes]  ex = "http://example.org/"
//   [vars]      name = value
#include <filesystem>
#include <optional>
#include <string>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"

namespace ggen::gen {

inline constexpr std::string_view kProjectConfig = "E_PROJECT";

struct Project {
  std::filesystem::path root;      // the folder holding ggen.toml
  std::filesystem::path config;    // ggen.toml itself
  std::string name;
  std::string description;
  GenerateOptions options;         // templates (all of the folder), graphs, output, prefixes, vars
};

// The nearest ggen.toml at or above `start`; nullopt when there is none.
std::optional<std::filesystem::path> find_project_file(const std::filesystem::path& start);

// Loads the project at or above `start` (E_PROJECT with a hint when there is none).
Result<Project> load_project(const std::filesystem::path& start);

}  // namespace ggen::gen

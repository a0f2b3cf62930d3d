#pragma once
// The [lifecycle.<phase>] tables of ggen.toml:
//
//   [lifecycle.build]
//   description = "compile"          # optional
//   commands = ["make all"]          # run in order with `sh -c`, cwd the project root
//   inputs = ["src/**/*.c"]          # globs, relative to the project root
//   outputs = ["build/app"]          # globs; a missing output makes the phase run again
//   depends = ["generate"]           # phases that run first
//   timeout = 300000                 # ms per command
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/toml/parse.h"

namespace ggen::lifecycle {

inline constexpr std::string_view kPhaseFailed = "E_LIFECYCLE_FAILED";
inline constexpr std::string_view kPhaseTimeout = "E_LIFECYCLE_TIMEOUT";
inline constexpr std::string_view kCycle = "E_LIFECYCLE_CYCLE";
inline constexpr std::string_view kUnknownPhase = "E_LIFECYCLE_UNKNOWN_PHASE";

inline constexpr std::chrono::milliseconds kDefaultTimeout{300000};

struct Phase {
  std::string name;
  std::string description;
  std::vector<std::string> commands;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> depends;
  std::chrono::milliseconds timeout = kDefaultTimeout;
  int line = 0;  // of its [lifecycle.<name>] header
};

// Phases in document order, validated: known keys only, types, dependencies that exist, no
// cycle (E_LIFECYCLE_CYCLE naming it). E_PROJECT, located, for the rest.
Result<std::vector<Phase>> phases_from_toml(const toml::Document& doc, const std::string& file);

}  // namespace ggen::lifecycle

#pragma once
// .ggen/state.json: the key of each phase's last successful run.
//
//   { "lifecycle": { "build": { "key": "<sha-256 hex>" } } }
//
// Written atomically (temporary file + rename) with sorted keys and no timestamps. An unreadable
// or malformed file is discarded (every phase runs again) and reported, never an error.
#include <filesystem>
#include <map>
#include <string>

#include "ggen/error/result.h"
#include "ggen/lifecycle/config.h"

namespace ggen::lifecycle {

struct State {
  std::map<std::string, std::string> keys;  // phase -> key of its last success
  bool discarded = false;                   // the file existed but could not be used
  nlohmann::json other;                     // other top-level members, kept as they were
};

std::filesystem::path state_path(const std::filesystem::path& root);
State load_state(const std::filesystem::path& root);
Result<void> save_state(const std::filesystem::path& root, const State& state);

// sha-256 over the phase's commands and the names and contents of its input files.
Result<std::string> phase_key(const std::filesystem::path& root, const Phase& phase);

}  // namespace ggen::lifecycle

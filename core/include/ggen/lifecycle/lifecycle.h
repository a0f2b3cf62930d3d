#pragma once
// Lifecycle phases: `run` executes a phase and its dependencies in order, skipping a phase whose
// key (lifecycle/state.h) matches its last success, streaming output, stopping at the first
// failure.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ggen/error/result.h"
#include "ggen/lifecycle/config.h"
#include "ggen/runtime/context.h"

namespace ggen::lifecycle {

// Live output: phase, 1 = stdout / 2 = stderr, the bytes. Called on the runtime's I/O thread.
using OutputSink = std::function<void(std::string_view phase, int stream, std::string_view data)>;

struct ListReport {
  std::filesystem::path config;
  std::vector<Phase> phases;
};

struct RunRequest {
  std::filesystem::path dir;  // ggen.toml found at or above it
  std::string phase;
  bool force = false;  // run every phase even when its key is unchanged
  OutputSink on_output;
};

struct CommandResult {
  std::string command;
  int64_t exit_code = 0;
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
};

struct PhaseResult {
  std::string name;
  std::string status;  // "ran" | "skipped"
  std::string key;
  std::vector<CommandResult> commands;
};

struct RunReport {
  std::filesystem::path config;
  std::vector<std::string> order;
  std::vector<PhaseResult> phases;
  bool state_discarded = false;  // .ggen/state.json was unusable and was started afresh
};

Result<ListReport> list(const std::filesystem::path& dir);
Result<RunReport> run(const RunRequest& request, const runtime::Context& ctx);

nlohmann::ordered_json to_json(const ListReport& r);
nlohmann::ordered_json to_json(const RunReport& r);

}  // namespace ggen::lifecycle

#pragma once
// Hooks: ggen commands run on an event. Stored as [[hooks]] in ggen.toml (hooks/config.h); git
// events are installed as scripts in the repository's hooks folder (hooks/git.h) that call
// `ggen hook run <event>`; `watch` hooks run after each regeneration of `ggen project watch`,
// which calls run_event(..., "watch", ...).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ggen/error/result.h"
#include "ggen/hooks/config.h"
#include "ggen/runtime/context.h"

namespace ggen::hooks {

// Live output of a running hook command: which command, 1 = stdout / 2 = stderr, the bytes.
// Called on the runtime's I/O thread; must be quick.
using OutputSink = std::function<void(std::string_view command, int stream, std::string_view data)>;

struct CreateRequest {
  std::filesystem::path dir;  // the project (ggen.toml found at or above it)
  std::string event;
  std::vector<std::string> command;  // ggen's arguments; a leading "ggen" is dropped
  std::optional<std::chrono::milliseconds> timeout;
  std::vector<std::string> ggen;  // how the installed script starts ggen (see hook_script)
};

struct CreateReport {
  std::filesystem::path config;
  Hook hook;
  bool added = false;                              // false: the same hook was already there
  std::optional<std::filesystem::path> installed;  // the git hook script, for git events
  bool chained = false;
};

struct HookStatus {
  Hook hook;
  bool installed = false;  // git events: ggen's script is in the hooks folder
};

struct ListReport {
  std::filesystem::path config;
  std::optional<std::filesystem::path> hooks_dir;  // when inside a git working tree
  std::vector<HookStatus> hooks;
};

struct RemoveRequest {
  std::filesystem::path dir;
  std::string event;
  std::vector<std::string> command;  // empty: every hook of the event
};

struct RemoveReport {
  std::filesystem::path config;
  std::vector<Hook> removed;
  bool uninstalled = false;  // ggen's git hook script was deleted (no hook left for the event)
  bool restored = false;     // and the hook it had chained is back
};

struct RunRequest {
  std::filesystem::path dir;
  std::string event;
  std::vector<std::string> ggen;  // how to start ggen; empty: `ggen` on PATH
  std::vector<std::string> env;   // extra KEY=VALUE for the commands
  OutputSink on_output;
};

struct CommandRun {
  std::string command;  // as typed after `ggen`
  int64_t exit_code = 0;
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
};

struct RunReport {
  std::string event;
  std::vector<CommandRun> runs;
};

Result<CreateReport> create(const CreateRequest& request, const runtime::Context& ctx);
Result<ListReport> list(const std::filesystem::path& dir, const runtime::Context& ctx);
Result<RemoveReport> remove(const RemoveRequest& request, const runtime::Context& ctx);
// Runs the event's hooks in file order, each with cwd the project root and GGEN_HOOK_EVENT set;
// stops at the first failure (E_HOOK_FAILED: exit code and the end of its stderr).
Result<RunReport> run_event(const RunRequest& request, const runtime::Context& ctx);

nlohmann::ordered_json to_json(const CreateReport& r);
nlohmann::ordered_json to_json(const ListReport& r);
nlohmann::ordered_json to_json(const RemoveReport& r);
nlohmann::ordered_json to_json(const RunReport& r);

}  // namespace ggen::hooks

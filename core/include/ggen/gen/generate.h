#pragma once
// The generation pipeline: templates + variables + graphs -> Plan -> files.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/gen/plan.h"
#include "ggen/runtime/context.h"
#include "ggen/template/engine.h"

namespace ggen::gen {

inline constexpr std::string_view kConflict = "E_CONFLICT";
inline constexpr std::string_view kShellRefused = "E_SHELL_REFUSED";
inline constexpr std::string_view kShellFailed = "E_SHELL";

struct GenerateOptions {
  std::filesystem::path root;                    // project root: inputs are reported relative to it
  std::filesystem::path templates_dir;           // names for include/extends/import resolve here
  std::vector<std::filesystem::path> templates;  // the templates to run (files)
  // Installed packs this run draws on (ggen.toml [generate] packs): every template of each
  // folder is in the engine as "<pack-id>:<path>". (pack id, the pack's templates folder)
  std::vector<std::pair<std::string, std::filesystem::path>> packs;
  std::filesystem::path output_dir;
  std::vector<std::filesystem::path> graphs;                  // data every template sees
  std::vector<std::pair<std::string, std::string>> prefixes;  // project prefixes
  std::string base;
  tmpl::Value vars;  // merged command line + file + project variables
  bool force = false;
  bool allow_shell = false;
  size_t jobs = 0;  // 0: the runtime's thread count
  bool keep_going = false;
  // Render only (`template render`): `to:` is optional, the output folder is never read, every
  // output is planned as a create. Such a plan is for printing, not for apply_plan.
  bool preview = false;
  tmpl::Options engine;
};

struct ShellRun {
  std::string command;
  std::string phase;  // "sh_before" / "sh_after"
  int64_t exit_code = 0;
  bool timed_out = false;
  std::string stdout_text, stderr_text;
};

// The shell commands' runs as reports show them: phase, command, exitCode, timedOut, stdout,
// stderr.
nlohmann::ordered_json shell_runs_to_json(const std::vector<ShellRun>& runs);

struct ApplyReport {
  size_t written = 0;
  size_t deleted = 0;  // stale outputs removed
  std::vector<std::string> backups;
  std::vector<ShellRun> shell;
};

struct ApplyOptions {
  bool check_stale = false;  // refuse if a target changed since the plan (saved plans)
  size_t jobs = 0;           // threads staging the files (WriteOptions::jobs; 0: the runtime's)
  std::chrono::milliseconds shell_timeout{60000};
};

// Builds the plan: every template rendered (matrix rows on the runtime's pool, bounded by
// `jobs`), every action decided. Writes nothing.
Result<Plan> make_plan(const GenerateOptions& options, const runtime::Context& ctx);

// Runs sh_before hooks, writes the batch atomically (with the manifest), runs sh_after hooks.
Result<ApplyReport> apply_plan(const Plan& plan, const ApplyOptions& options,
                               const runtime::Context& ctx);

// The relative paths of the files under `dir` that are templates (.tmpl .tera .tpl .j2),
// sorted, recursively.
std::vector<std::filesystem::path> list_templates(const std::filesystem::path& dir);

// (file, engine name "<pack-id>:<path>") for every template of the folders in o.packs, in order.
std::vector<std::pair<std::filesystem::path, std::string>> pack_template_files(
    const GenerateOptions& o);

}  // namespace ggen::gen

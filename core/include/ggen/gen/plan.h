#pragma once
// Generation is plan, then apply. A plan lists every output with its action and exact bytes,
// plus hashes of every input and of every target as it was when planned, so a saved plan can be
// applied later only if nothing it depends on has changed.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ggen/error/result.h"

namespace ggen::gen {

// kDelete: a stale output (one the manifest says ggen wrote, no longer produced) is removed.
enum class Action { kCreate, kOverwrite, kInject, kSkip, kUnchanged, kDelete };
const char* action_name(Action a);
std::optional<Action> action_from_name(std::string_view name);

struct PlannedOutput {
  std::string path;          // relative to the output root, '/'-separated
  std::filesystem::path abs;
  Action action = Action::kCreate;
  std::string reason;        // why skipped / unchanged, or what was injected where
  std::string template_path; // relative to the project root
  int row = -1;              // matrix row, -1 when the template has no matrix
  std::string content;       // the complete file after apply
  std::optional<std::string> before;  // the file as it is now (nullopt: absent)
  std::string before_sha;             // its sha256 ("" when absent); kept in saved plans
  bool backup = false;
  bool owned = false;        // a whole-file output: recorded in the manifest
  std::vector<std::string> sh_before, sh_after;

  // Changes the file on disk (deletion included); `content` matters only if !deletes().
  bool writes() const {
    return action == Action::kCreate || action == Action::kOverwrite || action == Action::kInject ||
           action == Action::kDelete;
  }
  bool deletes() const { return action == Action::kDelete; }
};

struct Plan {
  std::filesystem::path root;         // project root (inputs are relative to it)
  std::filesystem::path output_root;
  std::vector<PlannedOutput> outputs; // deterministic order: template path, then row
  std::map<std::string, std::string> inputs;  // relative path -> sha256 of every input file
  std::optional<std::string> manifest_before;  // .ggen/generated.json as it is now
  std::string manifest_before_sha;             // its hash, when only that is known (saved plans)
  std::string manifest_after;                  // and as apply will leave it
  bool allow_shell = false;

  size_t count(Action a) const;
};

std::string sha256_hex(std::string_view data);

// The plan as JSON: with `contents`, every output's bytes are included (`ggen project plan`),
// otherwise only hashes and sizes (reports).
nlohmann::ordered_json plan_to_json(const Plan& plan, bool contents);
Result<Plan> plan_from_json(const nlohmann::json& j);

// Unified diff of every change, for --dry-run and `project diff`, and its --stat summary.
std::string plan_diff(const Plan& plan);
std::string plan_stat(const Plan& plan);

}  // namespace ggen::gen

#pragma once
// The `[[hooks]]` entries of ggen.toml: one table per hook, so that `ggen hook create` appends a
// block and `ggen hook remove` deletes one, leaving the rest of the file as the user wrote it.
//
//   [[hooks]]
//   on = "pre-commit"                      # pre-commit | post-merge | watch
//   run = ["project", "gen", "--check"]    # ggen's arguments (no leading "ggen")
//   timeout = 600000                       # ms, optional
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/toml/parse.h"

namespace ggen::hooks {

inline constexpr std::string_view kHookFailed = "E_HOOK_FAILED";
inline constexpr std::string_view kHookNotFound = "E_HOOK_NOT_FOUND";
inline constexpr std::string_view kNotGitRepo = "E_NOT_GIT_REPO";
inline constexpr std::string_view kHookEvent = "E_HOOK_EVENT";

inline constexpr std::chrono::milliseconds kDefaultTimeout{600000};

struct Hook {
  std::string event;
  std::vector<std::string> command;  // ggen's arguments, e.g. {"project", "gen", "--check"}
  std::chrono::milliseconds timeout = kDefaultTimeout;
  int line = 0;  // where its [[hooks]] header is in ggen.toml (0: not from a file)
};

// The events ggen knows, in documentation order; the first ones are git hooks.
const std::vector<std::string>& events();
bool is_git_event(std::string_view event);
// E_HOOK_EVENT with a "did you mean" for an unknown event.
Result<void> check_event(std::string_view event);

// The validated [[hooks]] of a parsed ggen.toml (E_PROJECT, located, for a malformed entry).
Result<std::vector<Hook>> hooks_from_toml(const toml::Document& doc, const std::string& file);

// The text of ggen.toml with one [[hooks]] block appended (the rest untouched).
std::string append_hook(std::string_view text, const Hook& hook);
// The text with the [[hooks]] blocks starting at these 1-based header lines removed: from the
// header up to the next table header or the end of the file.
std::string remove_hook_blocks(std::string_view text, const std::vector<int>& header_lines);

// "project gen --check": a command as the user would type it after `ggen`.
std::string command_text(const std::vector<std::string>& command);

}  // namespace ggen::hooks

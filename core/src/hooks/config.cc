#include "ggen/hooks/config.h"

#include <algorithm>
#include <set>

#include "ggen/gen/frontmatter.h"  // closest()
#include "ggen/gen/project.h"      // kProjectConfig
#include "ggen/text/escape.h"

namespace ggen::hooks {

using json = nlohmann::ordered_json;

const std::vector<std::string>& events() {
  static const std::vector<std::string> all = {"pre-commit", "post-merge", "watch"};
  return all;
}

bool is_git_event(std::string_view event) {
  return event == "pre-commit" || event == "post-merge";
}

Result<void> check_event(std::string_view event) {
  const auto& all = events();
  if (std::find(all.begin(), all.end(), event) != all.end()) return {};
  std::string guess = gen::closest(event, all);
  return Error(std::string(kHookEvent), "unknown hook event `" + std::string(event) + "`")
      .with_hint(guess.empty() ? "the events are pre-commit, post-merge and watch"
                               : "did you mean `" + guess + "`?");
}

namespace {

Error config_error(const toml::Document& doc, const std::string& file, const std::string& key,
                   std::string message, std::string hint = {}) {
  Location at = doc.where(key);
  if (at.file.empty()) at = Location{file, 1, 1};
  return Error(std::string(gen::kProjectConfig), std::move(message))
      .at(at)
      .with_hint(std::move(hint));
}

}  // namespace

Result<std::vector<Hook>> hooks_from_toml(const toml::Document& doc, const std::string& file) {
  std::vector<Hook> out;
  if (!doc.root.contains("hooks")) return out;
  const json& all = doc.root["hooks"];
  if (!all.is_array()) {
    return config_error(doc, file, "hooks", "`hooks` must be written as [[hooks]] tables",
                        "see docs/hooks.md");
  }
  static const std::vector<std::string> allowed = {"on", "run", "timeout"};
  for (size_t i = 0; i < all.size(); ++i) {
    const json& h = all[i];
    std::string at = "hooks[" + std::to_string(i) + "]";
    for (auto it = h.begin(); it != h.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string guess = gen::closest(it.key(), allowed);
      return config_error(
          doc, file, at + "." + it.key(), "unknown key `" + it.key() + "` in [[hooks]]",
          guess.empty() ? "a hook has `on`, `run` and `timeout`" : "did you mean `" + guess + "`?");
    }
    Hook hook;
    hook.line = doc.where(at).line;
    if (!h.contains("on") || !h["on"].is_string()) {
      return config_error(doc, file, at, "a [[hooks]] entry needs `on = \"<event>\"`",
                          "the events are pre-commit, post-merge and watch");
    }
    hook.event = h["on"].get<std::string>();
    if (auto ok = check_event(hook.event); !ok.ok()) {
      Error e = ok.error();
      return config_error(doc, file, at + ".on", e.message(), e.hint());
    }
    if (!h.contains("run") || !h["run"].is_array() || h["run"].empty()) {
      return config_error(
          doc, file, h.contains("run") ? at + ".run" : at,
          "a [[hooks]] entry needs `run = [\"<noun>\", \"<verb>\", ...]`",
          "the arguments of a ggen command, e.g. run = [\"project\", \"gen\", \"--check\"]");
    }
    for (const auto& a : h["run"]) {
      if (!a.is_string())
        return config_error(doc, file, at + ".run", "`run` lists strings (ggen's arguments)");
      hook.command.push_back(a.get<std::string>());
    }
    if (hook.command[0] == "hook") {
      return config_error(doc, file, at + ".run", "a hook cannot run `ggen hook ...`",
                          "that would run hooks from a hook, for ever");
    }
    if (h.contains("timeout")) {
      if (!h["timeout"].is_number_integer() || h["timeout"].get<int64_t>() <= 0) {
        return config_error(doc, file, at + ".timeout",
                            "`timeout` is a positive whole number of milliseconds");
      }
      hook.timeout = std::chrono::milliseconds(h["timeout"].get<int64_t>());
    }
    out.push_back(std::move(hook));
  }
  return out;
}

namespace {

// A TOML basic string: the escapes TOML defines, \uXXXX for the other controls and DEL.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  text::append_escaped(out, s, text::EscapeStyle{true, true});
  return out + "\"";
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;  // each with its '\n'
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string_view trim_left(std::string_view s) {
  size_t i = s.find_first_not_of(" \t");
  return i == std::string_view::npos ? std::string_view() : s.substr(i);
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string append_hook(std::string_view text, const Hook& hook) {
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (!out.empty() && !(out.size() >= 2 && out[out.size() - 2] == '\n')) out += '\n';
  out += "[[hooks]]\non = " + toml_string(hook.event) + "\nrun = [";
  for (size_t i = 0; i < hook.command.size(); ++i)
    out += (i ? ", " : "") + toml_string(hook.command[i]);
  out += "]\n";
  if (hook.timeout != kDefaultTimeout)
    out += "timeout = " + std::to_string(hook.timeout.count()) + "\n";
  return out;
}

std::string remove_hook_blocks(std::string_view text, const std::vector<int>& header_lines) {
  auto lines = split_lines(text);
  std::vector<bool> drop(lines.size(), false);
  std::set<int> headers(header_lines.begin(), header_lines.end());
  // Last block first, so "nothing follows" can see the blocks after it already dropped.
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    int h = *it;
    if (h < 1 || static_cast<size_t>(h) > lines.size()) continue;
    size_t i = static_cast<size_t>(h) - 1;
    // The block runs to the next table header (our values never start a line with '['). A
    // comment after its last key introduces what follows, so it stays.
    size_t j = i + 1;
    while (j < lines.size() && !trim_left(lines[j]).starts_with("[")) ++j;
    size_t last = i;
    for (size_t m = i + 1; m < j; ++m) {
      if (!blank(lines[m]) && !trim_left(lines[m]).starts_with("#")) last = m;
    }
    size_t m = i;
    for (; m <= last; ++m) drop[m] = true;
    for (; m < j && blank(lines[m]); ++m) drop[m] = true;
    if (std::all_of(drop.begin() + static_cast<std::ptrdiff_t>(m), drop.end(),
                    [](bool d) { return d; })) {
      // Nothing follows: also drop the blank lines that separated the block from the rest.
      for (size_t k = i; k-- > 0 && blank(lines[k]) && !drop[k];) drop[k] = true;
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!drop[i]) out += lines[i];
  }
  return out;
}

std::string command_text(const std::vector<std::string>& command) {
  std::string out;
  for (const auto& a : command) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`*?;&|<>()#") == std::string::npos;
    if (plain) {
      out += a;
    } else {
      out += '\'';
      for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

}  // namespace ggen::hooks

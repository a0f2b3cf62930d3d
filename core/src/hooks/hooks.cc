#include "ggen/hooks/hooks.h"

#include <algorithm>

#include "ggen/gen/project.h"
#include "ggen/gen/writer.h"
#include "ggen/hooks/git.h"
#include "ggen/runtime/runtime.h"

namespace ggen::hooks {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

struct Loaded {
  fs::path config;
  std::string text;
  std::vector<Hook> hooks;
};

Result<Loaded> load(const fs::path& dir) {
  auto file = gen::find_project_file(dir);
  if (!file) {
    return Error(
               std::string(gen::kProjectConfig),
               "no ggen.toml in " + fs::absolute(dir).generic_string() + " or any folder above it")
        .with_hint("hooks are stored in ggen.toml: create a project with `ggen project init`");
  }
  auto text = gen::read_file_if_exists(*file);
  if (!text.ok()) return text.error();
  Loaded l{*file, text.value().value_or(""), {}};
  auto doc = toml::parse(l.text, file->string());
  if (!doc.ok()) return doc.error();
  auto hooks = hooks_from_toml(doc.value(), file->string());
  if (!hooks.ok()) return hooks.error();
  l.hooks = std::move(hooks.value());
  return l;
}

Result<void> save(const Loaded& l, const std::string& text) {
  // Refused (E_STALE) if ggen.toml changed since it was read: never lose someone's edit.
  gen::FileWrite w;
  w.path = l.config;
  w.content = text;
  w.before = l.text;
  w.check_before = true;
  auto r = gen::write_atomically({w});
  if (!r.ok()) return r.error();
  return {};
}

std::string relative_project_dir(const fs::path& root, const GitRepo& repo) {
  std::error_code ec;
  fs::path a = fs::weakly_canonical(root, ec);
  fs::path b = fs::weakly_canonical(repo.toplevel, ec);
  return a.lexically_relative(b).generic_string();
}

std::string tail(const std::string& s, size_t n = 2000) {
  return s.size() > n ? s.substr(s.size() - n) : s;
}

}  // namespace

Result<CreateReport> create(const CreateRequest& req, const runtime::Context& ctx) {
  if (auto ok = check_event(req.event); !ok.ok()) return ok.error();
  std::vector<std::string> command = req.command;
  if (!command.empty() && command[0] == "ggen") command.erase(command.begin());
  if (command.empty()) {
    return Error(std::string(codes::kInvalidArgument), "no command for the hook")
        .with_hint("ggen hook create --on pre-commit -- project gen --check");
  }
  if (command[0] == "hook") {
    return Error(std::string(codes::kInvalidArgument), "a hook cannot run `ggen hook ...`")
        .with_hint("that would run hooks from a hook, for ever");
  }
  auto l = load(req.dir);
  if (!l.ok()) return l.error();
  CreateReport report;
  report.config = l.value().config;
  report.hook = Hook{req.event, command, req.timeout.value_or(kDefaultTimeout), 0};
  auto same = std::find_if(l.value().hooks.begin(), l.value().hooks.end(), [&](const Hook& h) {
    return h.event == req.event && h.command == command;
  });
  report.added = same == l.value().hooks.end();
  // Git first: outside a repository nothing is changed.
  if (is_git_event(req.event)) {
    auto repo = find_git(l.value().config.parent_path(), ctx);
    if (!repo.ok()) return repo.error();
    std::string script = hook_script(
        req.event, relative_project_dir(l.value().config.parent_path(), repo.value()), req.ggen);
    auto installed = install_hook(repo.value().hooks_dir, req.event, script);
    if (!installed.ok()) return installed.error();
    report.installed = installed.value().path;
    report.chained = installed.value().chained;
  }
  if (report.added) {
    bool first_of_event = std::none_of(l.value().hooks.begin(), l.value().hooks.end(),
                                       [&](const Hook& h) { return h.event == req.event; });
    auto saved = save(l.value(), append_hook(l.value().text, report.hook));
    if (!saved.ok()) {
      if (report.installed && first_of_event)
        (void)uninstall_hook(report.installed->parent_path(), req.event);
      return saved.error();
    }
  }
  return report;
}

Result<ListReport> list(const fs::path& dir, const runtime::Context& ctx) {
  auto l = load(dir);
  if (!l.ok()) return l.error();
  ListReport report;
  report.config = l.value().config;
  bool any_git = std::any_of(l.value().hooks.begin(), l.value().hooks.end(),
                             [](const Hook& h) { return is_git_event(h.event); });
  if (any_git) {
    auto repo = find_git(l.value().config.parent_path(), ctx);
    if (repo.ok()) report.hooks_dir = repo.value().hooks_dir;
  }
  for (const auto& h : l.value().hooks) {
    bool installed =
        is_git_event(h.event) && report.hooks_dir && is_ggen_hook(*report.hooks_dir / h.event);
    report.hooks.push_back({h, installed});
  }
  return report;
}

Result<RemoveReport> remove(const RemoveRequest& req, const runtime::Context& ctx) {
  if (auto ok = check_event(req.event); !ok.ok()) return ok.error();
  std::vector<std::string> command = req.command;
  if (!command.empty() && command[0] == "ggen") command.erase(command.begin());
  auto l = load(req.dir);
  if (!l.ok()) return l.error();
  RemoveReport report;
  report.config = l.value().config;
  std::vector<int> lines;
  size_t left = 0;
  for (const auto& h : l.value().hooks) {
    if (h.event != req.event) continue;
    if (command.empty() || h.command == command) {
      report.removed.push_back(h);
      lines.push_back(h.line);
    } else {
      ++left;
    }
  }
  if (report.removed.empty()) {
    return Error(std::string(kHookNotFound),
                 "no " + req.event + " hook" +
                     (command.empty() ? "" : " runs `" + command_text(command) + "`") + " in " +
                     l.value().config.generic_string())
        .with_hint("`ggen hook list` shows the hooks");
  }
  auto saved = save(l.value(), remove_hook_blocks(l.value().text, lines));
  if (!saved.ok()) return saved.error();
  if (is_git_event(req.event) && left == 0) {
    auto repo = find_git(l.value().config.parent_path(), ctx);
    if (repo.ok()) {
      auto u = uninstall_hook(repo.value().hooks_dir, req.event);
      if (!u.ok()) return u.error();
      report.uninstalled = u.value().removed;
      report.restored = u.value().restored;
    }
  }
  return report;
}

Result<RunReport> run_event(const RunRequest& req, const runtime::Context& ctx) {
  if (auto ok = check_event(req.event); !ok.ok()) return ok.error();
  auto l = load(req.dir);
  if (!l.ok()) return l.error();
  RunReport report;
  report.event = req.event;
  fs::path root = l.value().config.parent_path();
  for (const auto& h : l.value().hooks) {
    if (h.event != req.event) continue;
    ctx.check();
    CommandRun run;
    run.command = command_text(h.command);
    runtime::ProcessOptions po;
    po.argv = req.ggen.empty() ? std::vector<std::string>{"ggen"} : req.ggen;
    po.argv.insert(po.argv.end(), h.command.begin(), h.command.end());
    po.cwd = root.string();
    po.env = req.env;
    po.env.push_back("GGEN_HOOK_EVENT=" + req.event);
    po.timeout = h.timeout;
    if (req.on_output) {
      po.on_output = [sink = req.on_output, label = run.command](
                         int stream, std::string_view data) { sink(label, stream, data); };
    }
    auto r = runtime::Runtime::global().io().run_process(std::move(po), ctx.token).get();
    if (!r.ok()) return r.error();
    run.exit_code = r.value().exit_code;
    run.timed_out = r.value().timed_out;
    run.stdout_text = r.value().stdout_text;
    run.stderr_text = r.value().stderr_text;
    bool failed = run.timed_out || run.exit_code != 0 || r.value().term_signal != 0;
    report.runs.push_back(run);
    if (failed) {
      std::string why = run.timed_out
                            ? "timed out after " + std::to_string(h.timeout.count()) + " ms"
                            : "failed with exit code " + std::to_string(run.exit_code);
      std::string err = tail(run.stderr_text);
      return Error(std::string(kHookFailed), "the " + req.event + " hook `ggen " + run.command +
                                                 "` " + why + (err.empty() ? "" : ":\n" + err))
          .at(Location{l.value().config.string(), h.line, 1})
          .with_hint(run.timed_out ? "raise its `timeout` (ms) in ggen.toml"
                                   : "the hooks after it were not run");
    }
  }
  return report;
}

namespace {

json hook_json(const Hook& h) {
  json j;
  j["on"] = h.event;
  j["run"] = h.command;
  j["command"] = command_text(h.command);
  j["timeout"] = h.timeout.count();
  return j;
}

}  // namespace

json to_json(const CreateReport& r) {
  json j;
  j["config"] = r.config.generic_string();
  j["hook"] = hook_json(r.hook);
  j["added"] = r.added;
  j["installed"] = r.installed ? json(r.installed->generic_string()) : json(nullptr);
  j["chained"] = r.chained;
  return j;
}

json to_json(const ListReport& r) {
  json j;
  j["config"] = r.config.generic_string();
  j["hooksDir"] = r.hooks_dir ? json(r.hooks_dir->generic_string()) : json(nullptr);
  json hooks = json::array();
  for (const auto& s : r.hooks) {
    json h = hook_json(s.hook);
    h["installed"] = s.installed;
    hooks.push_back(h);
  }
  j["hooks"] = hooks;
  return j;
}

json to_json(const RemoveReport& r) {
  json j;
  j["config"] = r.config.generic_string();
  json removed = json::array();
  for (const auto& h : r.removed) removed.push_back(hook_json(h));
  j["removed"] = removed;
  j["uninstalled"] = r.uninstalled;
  j["restored"] = r.restored;
  return j;
}

json to_json(const RunReport& r) {
  json j;
  j["event"] = r.event;
  json runs = json::array();
  for (const auto& c : r.runs) {
    runs.push_back({{"command", c.command},
                    {"exitCode", c.exit_code},
                    {"timedOut", c.timed_out},
                    {"stdout", c.stdout_text},
                    {"stderr", c.stderr_text}});
  }
  j["runs"] = runs;
  return j;
}

}  // namespace ggen::hooks

#include "ggen/hooks/git.h"

#include <sys/stat.h>

#include <fstream>

#include "ggen/hooks/config.h"
#include "ggen/runtime/runtime.h"

namespace ggen::hooks {

namespace fs = std::filesystem;

namespace {

std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Error io_error(const std::string& what, const std::error_code& ec) {
  return Error(std::string(codes::kIo), what + ": " + ec.message());
}

}  // namespace

Result<GitRepo> find_git(const fs::path& dir, const runtime::Context& ctx) {
  runtime::ProcessOptions po;
  po.argv = {"git", "rev-parse", "--show-toplevel", "--git-path", "hooks"};
  po.cwd = dir.string();
  po.timeout = std::chrono::milliseconds(30000);
  auto r = runtime::Runtime::global().io().run_process(po, ctx.token).get();
  if (!r.ok()) {
    if (r.error().code() == codes::kIo) {
      return Error(std::string(codes::kIo), "cannot run git: " + r.error().message())
          .with_hint("git hooks need git on PATH; `watch` hooks do not");
    }
    return r.error();
  }
  const auto& pr = r.value();
  if (pr.exit_code != 0) {
    std::string why = pr.stderr_text.substr(0, pr.stderr_text.find('\n'));
    return Error(std::string(kNotGitRepo), dir.generic_string() +
                                               " is not inside a git working tree" +
                                               (why.empty() ? "" : " (" + why + ")"))
        .with_hint("run `git init` first; `watch` hooks work without git");
  }
  std::vector<std::string> lines;
  size_t start = 0;
  const std::string& out = pr.stdout_text;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string::npos) nl = out.size();
    lines.push_back(out.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() < 2) {
    return Error(std::string(kNotGitRepo),
                 "git did not report a working tree and hooks folder for " + dir.generic_string());
  }
  GitRepo repo;
  repo.toplevel = fs::path(lines[0]).lexically_normal();
  fs::path hooks(lines[1]);
  repo.hooks_dir = (hooks.is_absolute() ? hooks : dir / hooks).lexically_normal();
  return repo;
}

std::string chained_name(std::string_view event) {
  return std::string(event) + ".ggen-chained";
}

std::string hook_script(std::string_view event, const std::string& project_dir,
                        const std::vector<std::string>& ggen) {
  std::string e(event);
  std::string s = "#!/bin/sh\n";
  s += std::string(kMarker) + ": runs the `" + e + "` hooks of ggen.toml (`ggen hook list`).\n";
  s +=
      "# `ggen hook remove --on " + e + "` deletes it and puts back the hook it chained, if any.\n";
  s += "chained=\"$(dirname \"$0\")/" + chained_name(event) + "\"\n";
  s += "if [ -x \"$chained\" ]; then\n  \"$chained\" \"$@\" || exit $?\nfi\n";
  if (!project_dir.empty() && project_dir != ".")
    s += "cd " + sh_quote(project_dir) + " || exit 1\n";
  if (!ggen.empty()) {
    std::string test, cmd;
    for (size_t i = 0; i < ggen.size(); ++i) {
      if (fs::path(ggen[i]).is_absolute())
        test += std::string(test.empty() ? "" : " && ") + "[ -e " + sh_quote(ggen[i]) + " ]";
      cmd += sh_quote(ggen[i]) + " ";
    }
    if (test.empty()) test = "true";
    s += "if " + test + "; then\n  exec " + cmd + "hook run " + e + "\nfi\n";
  }
  s += "command -v ggen >/dev/null 2>&1 || { echo \"ggen hook: ggen is not installed here\" >&2; "
       "exit 1; }\n";
  s += "exec ggen hook run " + e + "\n";
  return s;
}

bool is_ggen_hook(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec))) return false;
  std::ifstream in(file, std::ios::binary);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  return second.starts_with(kMarker);
}

Result<InstallReport> install_hook(const fs::path& hooks_dir, std::string_view event,
                                   const std::string& script) {
  std::error_code ec;
  fs::create_directories(hooks_dir, ec);
  if (ec) return io_error("cannot create the hooks folder " + hooks_dir.generic_string(), ec);
  InstallReport report;
  report.path = hooks_dir / std::string(event);
  fs::path chained = hooks_dir / chained_name(event);
  bool ours = is_ggen_hook(report.path);
  bool present = fs::exists(fs::symlink_status(report.path, ec));
  if (present && ours) {
    std::ifstream in(report.path, std::ios::binary);
    std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    report.chained = fs::exists(fs::symlink_status(chained, ec));
    if (now == script) return report;
  }
  bool moved = false;
  if (present && !ours) {
    if (fs::exists(fs::symlink_status(chained, ec))) {
      return Error(std::string(kHookConflict), "both " + report.path.generic_string() + " and " +
                                                   chained.generic_string() + " exist")
          .with_hint(
              "the hook was replaced after ggen chained the previous one: merge them by hand, "
              "then run `ggen hook create` again");
    }
    // A rename keeps the user's hook exactly: bytes, mode, even a symbolic link.
    fs::rename(report.path, chained, ec);
    if (ec) return io_error("cannot keep the existing hook " + report.path.generic_string(), ec);
    moved = true;
    report.chained = true;
  }
  fs::path tmp = hooks_dir / ("." + std::string(event) + ".ggen-tmp");
  ec.clear();  // the lookups above may have left "not found" in it
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << script;
    out.close();
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec && ::chmod(tmp.c_str(), 0755) != 0) ec = std::error_code(errno, std::generic_category());
  if (!ec) fs::rename(tmp, report.path, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(tmp, ignore);
    if (moved) fs::rename(chained, report.path, ignore);
    return io_error("cannot write the hook " + report.path.generic_string(), ec);
  }
  report.changed = true;
  return report;
}

Result<UninstallReport> uninstall_hook(const fs::path& hooks_dir, std::string_view event) {
  UninstallReport report;
  std::error_code ec;
  fs::path path = hooks_dir / std::string(event);
  fs::path chained = hooks_dir / chained_name(event);
  if (is_ggen_hook(path)) {
    fs::remove(path, ec);
    if (ec) return io_error("cannot remove the hook " + path.generic_string(), ec);
    report.removed = true;
  }
  if (fs::exists(fs::symlink_status(chained, ec)) && !fs::exists(fs::symlink_status(path, ec))) {
    fs::rename(chained, path, ec);
    if (ec) return io_error("cannot restore the hook " + path.generic_string(), ec);
    report.restored = true;
  }
  return report;
}

}  // namespace ggen::hooks

// Applying a plan: refuse a stale saved plan, run sh_before hooks, write the batch atomically
// (outputs and the manifest together), run sh_after hooks.
#include "ggen/gen/generate.h"
#include "ggen/gen/paths.h"
#include "ggen/gen/writer.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/runtime.h"
#include "internal.h"

#include <unistd.h>

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

std::string hash_of_file(const fs::path& p) {
  auto content = read_file_if_exists(p);
  if (!content.ok() || !content.value()) return "";
  return sha256_hex(*content.value());
}

Result<void> check_fresh(const Plan& plan) {
  for (const auto& [rel, sha] : plan.inputs) {
    fs::path p = fs::path(rel).is_absolute() ? fs::path(rel) : plan.root / rel;
    if (hash_of_file(p) != sha) {
      return Error(std::string(kStale), "the input `" + rel + "` changed since the plan was made")
          .with_hint("make a new plan: `ggen project plan -o plan.json`");
    }
  }
  for (const auto& o : plan.outputs) {
    std::string now = hash_of_file(o.abs);
    std::string then = o.before ? sha256_hex(*o.before) : o.before_sha;
    if (now != then) {
      return Error(std::string(kStale),
                   "the target `" + o.path + "` changed since the plan was made")
          .with_hint("make a new plan: `ggen project plan -o plan.json`");
    }
  }
  std::string manifest_then =
      plan.manifest_before ? sha256_hex(*plan.manifest_before) : plan.manifest_before_sha;
  if (hash_of_file(plan.output_root / detail::kManifestPath) != manifest_then) {
    return Error(std::string(kStale),
                 "the output's .ggen/generated.json changed since the plan was made")
        .with_hint("make a new plan: `ggen project plan -o plan.json`");
  }
  return {};
}

Result<void> run_shell(const std::vector<std::string>& commands, const char* phase,
                       const fs::path& cwd, const ApplyOptions& options,
                       const runtime::Context& ctx, ApplyReport& report) {
  for (const auto& cmd : commands) {
    ctx.check();
    runtime::ProcessOptions po;
    po.argv = {"/bin/sh", "-c", cmd};
    po.cwd = cwd.string();
    po.timeout = options.shell_timeout;
    auto r = runtime::Runtime::global().io().run_process(po, ctx.token).get();
    if (!r.ok()) return r.error();
    const auto& pr = r.value();
    report.shell.push_back(
        ShellRun{cmd, phase, pr.exit_code, pr.timed_out, pr.stdout_text, pr.stderr_text});
    if (pr.timed_out) {
      return Error(std::string(kShellFailed),
                   std::string(phase) + " `" + cmd + "` timed out after " +
                       std::to_string(options.shell_timeout.count()) + " ms");
    }
    if (pr.exit_code != 0 || pr.term_signal != 0) {
      std::string tail = pr.stderr_text.size() > 2000
                             ? pr.stderr_text.substr(pr.stderr_text.size() - 2000)
                             : pr.stderr_text;
      return Error(std::string(kShellFailed),
                   std::string(phase) + " `" + cmd + "` failed with exit code " +
                       std::to_string(pr.exit_code) + (tail.empty() ? "" : ": " + tail))
          .with_hint(std::string(phase) == "sh_before" ? "nothing was written"
                                                       : "the files were written");
    }
  }
  return {};
}

}  // namespace

Result<ApplyReport> apply_plan(const Plan& plan, const ApplyOptions& options,
                               const runtime::Context& ctx) {
  ApplyReport report;
  if (options.check_stale) {
    auto fresh = check_fresh(plan);
    if (!fresh.ok()) return fresh.error();
  }
  bool has_shell = false;
  for (const auto& o : plan.outputs) has_shell |= !o.sh_before.empty() || !o.sh_after.empty();
  if (has_shell && !plan.allow_shell) {
    return Error(std::string(kShellRefused),
                 "the plan runs shell commands but was made without --allow-shell");
  }
  std::vector<FileWrite> writes;
  OutputRoot out_root(plan.output_root);
  size_t polled = 0;
  for (const auto& o : plan.outputs) {
    // A look at the disk and a copy per output: thousands take a while, an abort stops here.
    if (polled++ % 256 == 0 && ctx.stopped()) {
      return ctx.token.cancelled() ? ctx.token.reason() : runtime::timeout_error();
    }
    if (!o.writes()) continue;
    // The tree may have changed since planning: confine again (symlinks included).
    auto abs = out_root.confine(o.path);
    if (!abs.ok()) return abs.error();
    FileWrite w{abs.value(), o.deletes() ? std::string() : o.content, o.backup};
    w.remove = o.deletes();
    // Absent when planned: not read again, renamed without replacing (checked by the kernel).
    w.expect_new = o.action == Action::kCreate;
    writes.push_back(std::move(w));
  }
  auto manifest_now = read_file_if_exists(plan.output_root / detail::kManifestPath);
  if (!manifest_now.ok()) return manifest_now.error();
  if (!writes.empty() && manifest_now.value() != plan.manifest_after &&
      !plan.manifest_after.empty()) {
    FileWrite m{plan.output_root / detail::kManifestPath, plan.manifest_after};
    m.expect_new = !manifest_now.value();
    writes.push_back(std::move(m));
  }
  for (const auto& o : plan.outputs) {
    if (!o.writes()) continue;
    auto r = run_shell(o.sh_before, "sh_before", plan.output_root, options, ctx, report);
    if (!r.ok()) return r.error();
  }
  auto written = write_atomically(writes, ctx, WriteOptions{options.jobs});
  if (!written.ok()) return written.error();
  report.written = 0;
  for (const auto& o : plan.outputs) report.written += o.writes() && !o.deletes();
  report.deleted = written.value().removed;
  // Folders a deletion left empty go too (never the output root itself).
  for (const auto& w : writes) {
    if (!w.remove) continue;
    for (fs::path d = w.path.parent_path();
         d != plan.output_root && d.string().size() > plan.output_root.string().size();
         d = d.parent_path()) {
      if (::rmdir(d.c_str()) != 0) break;
    }
  }
  for (const auto& b : written.value().backups) report.backups.push_back(b.generic_string());
  for (const auto& o : plan.outputs) {
    if (!o.writes()) continue;
    auto r = run_shell(o.sh_after, "sh_after", plan.output_root, options, ctx, report);
    if (!r.ok()) return r.error();
  }
  return report;
}

}  // namespace ggen::gen

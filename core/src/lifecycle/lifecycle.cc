#include "ggen/lifecycle/lifecycle.h"

#include <algorithm>

#include "ggen/gen/project.h"
#include "ggen/gen/writer.h"
#include "ggen/lifecycle/glob.h"
#include "ggen/lifecycle/order.h"
#include "ggen/lifecycle/state.h"
#include "ggen/runtime/runtime.h"

namespace ggen::lifecycle {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

Result<ListReport> load(const fs::path& dir) {
  auto file = gen::find_project_file(dir);
  if (!file) {
    return Error(
               std::string(gen::kProjectConfig),
               "no ggen.toml in " + fs::absolute(dir).generic_string() + " or any folder above it")
        .with_hint(
            "lifecycle phases are declared in ggen.toml: create a project with `ggen project "
            "init`");
  }
  auto text = gen::read_file_if_exists(*file);
  if (!text.ok()) return text.error();
  auto doc = toml::parse(text.value().value_or(""), file->string());
  if (!doc.ok()) return doc.error();
  auto phases = phases_from_toml(doc.value(), file->string());
  if (!phases.ok()) return phases.error();
  return ListReport{*file, std::move(phases.value())};
}

std::string tail(const std::string& s, size_t n = 2000) {
  return s.size() > n ? s.substr(s.size() - n) : s;
}

// A phase may be skipped only if it declares inputs (otherwise there is nothing to compare) and
// every output pattern still matches a file.
bool outputs_present(const fs::path& root, const Phase& p) {
  for (const auto& o : p.outputs) {
    if (expand_globs(root, {o}).empty()) return false;
  }
  return true;
}

}  // namespace

Result<ListReport> list(const fs::path& dir) {
  return load(dir);
}

Result<RunReport> run(const RunRequest& req, const runtime::Context& ctx) {
  auto l = load(req.dir);
  if (!l.ok()) return l.error();
  const auto& phases = l.value().phases;
  fs::path config = l.value().config;
  fs::path root = config.parent_path();
  auto order = run_order(phases, req.phase);
  if (!order.ok()) return order.error();
  RunReport report;
  report.config = config;
  report.order = order.value();
  State state = load_state(root);
  report.state_discarded = state.discarded;
  for (const auto& name : report.order) {
    ctx.check();
    const Phase& p =
        *std::find_if(phases.begin(), phases.end(), [&](const Phase& q) { return q.name == name; });
    PhaseResult result;
    result.name = name;
    // The key is taken before the commands run: an input edited meanwhile makes the next run
    // run again rather than be skipped on stale grounds.
    auto key = phase_key(root, p);
    if (!key.ok()) return key.error();
    result.key = key.value();
    auto last = state.keys.find(name);
    if (!req.force && !p.inputs.empty() && last != state.keys.end() && last->second == result.key &&
        outputs_present(root, p)) {
      result.status = "skipped";
      report.phases.push_back(std::move(result));
      continue;
    }
    result.status = "ran";
    for (const auto& cmd : p.commands) {
      ctx.check();
      runtime::ProcessOptions po;
      po.argv = {"/bin/sh", "-c", cmd};
      po.cwd = root.string();
      po.env = {"GGEN_PHASE=" + name, "GGEN_PROJECT_ROOT=" + root.string()};
      po.timeout = p.timeout;
      if (req.on_output) {
        po.on_output = [sink = req.on_output, name](int stream, std::string_view data) {
          sink(name, stream, data);
        };
      }
      auto r = runtime::Runtime::global().io().run_process(std::move(po), ctx.token).get();
      if (!r.ok()) return r.error();
      const auto& pr = r.value();
      result.commands.push_back({cmd, pr.exit_code, pr.timed_out, pr.stdout_text, pr.stderr_text});
      Location at{config.string(), p.line, 1};
      if (pr.timed_out) {
        return Error(std::string(kPhaseTimeout),
                     "phase `" + name + "`: `" + cmd + "` timed out after " +
                         std::to_string(p.timeout.count()) + " ms and was killed")
            .at(at)
            .with_hint("raise `timeout` (ms) in [lifecycle." + name +
                       "]; the phases after it were not run");
      }
      if (pr.exit_code != 0 || pr.term_signal != 0) {
        std::string err = tail(pr.stderr_text);
        std::string how = pr.term_signal != 0
                              ? "was killed by signal " + std::to_string(pr.term_signal)
                              : "failed with exit code " + std::to_string(pr.exit_code);
        return Error(std::string(kPhaseFailed), "phase `" + name + "`: `" + cmd + "` " + how +
                                                    (err.empty() ? "" : ":\n" + err))
            .at(at)
            .with_hint("the phases after it were not run; fix it and run `ggen lifecycle run " +
                       req.phase + "` again");
      }
    }
    state.keys[name] = result.key;
    // Saved after every phase: a later failure keeps the earlier successes.
    auto saved = save_state(root, state);
    if (!saved.ok()) return saved.error();
    report.phases.push_back(std::move(result));
  }
  return report;
}

json to_json(const ListReport& r) {
  json j;
  j["config"] = r.config.generic_string();
  json phases = json::array();
  for (const auto& p : r.phases) {
    phases.push_back({{"name", p.name},
                      {"description", p.description},
                      {"commands", p.commands},
                      {"inputs", p.inputs},
                      {"outputs", p.outputs},
                      {"depends", p.depends},
                      {"timeout", p.timeout.count()}});
  }
  j["phases"] = phases;
  return j;
}

json to_json(const RunReport& r) {
  json j;
  j["config"] = r.config.generic_string();
  j["order"] = r.order;
  json phases = json::array();
  for (const auto& p : r.phases) {
    json cmds = json::array();
    for (const auto& c : p.commands) {
      cmds.push_back({{"command", c.command},
                      {"exitCode", c.exit_code},
                      {"timedOut", c.timed_out},
                      {"stdout", c.stdout_text},
                      {"stderr", c.stderr_text}});
    }
    phases.push_back({{"name", p.name}, {"status", p.status}, {"key", p.key}, {"commands", cmds}});
  }
  j["phases"] = phases;
  j["stateDiscarded"] = r.state_discarded;
  return j;
}

}  // namespace ggen::lifecycle

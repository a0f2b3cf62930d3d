#include "regenerate.h"

#include "ggen/gen/session.h"
#include "ggen/gen/vars.h"

namespace ggen::watch::detail {

// The session keeps parsed graphs, compiled templates, query results and rendered outputs between
// regenerations, and the dependency graph that tells which outputs a changed file can affect.
struct Regenerator::State {
  gen::Session session;
};

Regenerator::Regenerator(const WatchOptions& options)
    : options_(options), state_(std::make_unique<State>()) {}
Regenerator::~Regenerator() = default;

Result<gen::Project> Regenerator::load() const {
  auto p = gen::load_project(options_.project);
  if (!p.ok()) return p.error();
  gen::GenerateOptions& o = p.value().options;
  if (options_.output) o.output_dir = *options_.output;
  if (options_.vars.is_object()) o.vars = gen::merge_vars(o.vars, options_.vars);
  o.force = options_.force;
  o.allow_shell = options_.allow_shell;
  o.keep_going = options_.keep_going;
  if (options_.jobs) o.jobs = options_.jobs;
  return p;
}

Result<Regenerated> Regenerator::run(const runtime::Context& ctx,
                                     const std::vector<std::filesystem::path>* changed) {
  auto project = load();
  if (!project.ok()) return project.error();
  Regenerated r{std::move(project.value()), {}, {}};
  auto plan = state_->session.plan(r.project.options, ctx, changed);
  if (!plan.ok()) return plan.error();
  r.plan = std::move(plan.value());
  gen::ApplyOptions ao;
  ao.shell_timeout = options_.shell_timeout;
  auto applied = gen::apply_plan(r.plan, ao, ctx);
  if (!applied.ok()) return applied.error();
  r.applied = std::move(applied.value());
  hooks::RunRequest hr;
  hr.dir = r.project.root;
  hr.event = "watch";
  hr.ggen = options_.ggen;
  auto ran = hooks::run_event(hr, ctx);
  if (ran.ok()) {
    r.hooks = std::move(ran.value());
  } else {
    r.hook_error = ran.error();
  }
  return r;
}

}  // namespace ggen::watch::detail

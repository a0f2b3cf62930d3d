#include "ggen/gen/generate.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/parallel.h"
#include "internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

Result<Plan> make_plan(const GenerateOptions& o, const runtime::Context& ctx) {
  Plan plan;
  std::error_code ec;
  plan.root = o.root.empty() ? fs::current_path(ec) : fs::absolute(o.root, ec);
  plan.output_root = fs::absolute(o.output_dir, ec).lexically_normal();
  plan.allow_shell = o.allow_shell;
  detail::InputLog inputs;
  runtime::Runtime& rt = runtime::Runtime::global();

  // The data every template sees.
  rdf::Store shared;
  for (const auto& g : o.graphs) {
    ctx.check();
    std::string display = detail::display_path(plan.root, g);
    auto text = rdf::read_file(g.string());
    if (!text.ok()) {
      return Error(text.error().code(), "cannot read the graph " + display)
          .with_hint("check the path in --data or in ggen.toml's `graphs`")
          .caused_by(text.error());
    }
    inputs.add(display, text.value());
    rdf::LoadOptions lo;
    lo.format = rdf::format_from_path(g.string());
    if (!lo.format) {
      return Error(std::string(codes::kInvalidArgument), "unknown graph format: " + display)
          .with_hint("graph files end in .ttl, .trig, .nt or .nq");
    }
    // A base that does not depend on where the project is checked out.
    lo.base_iri = "file:///" + display;
    lo.file = display;
    auto loaded = rdf::load_string(shared, text.value(), lo);
    if (!loaded.ok()) return loaded.error();
  }

  tmpl::Engine engine(o.engine);
  register_generation_functions(engine);
  auto loaded = detail::load_templates(o, engine, inputs);
  if (!loaded.ok()) return loaded.error();
  const auto& units = loaded.value().units;
  for (const auto& u : units) {
    if ((!u.fm.sh_before.empty() || !u.fm.sh_after.empty()) && !o.allow_shell) {
      const Located& c = u.fm.sh_before.empty() ? u.fm.sh_after.front() : u.fm.sh_before.front();
      return Error(std::string(kShellRefused), "the template runs shell commands (`" + c.value + "`)")
          .at(c.where)
          .with_hint("review the commands, then pass --allow-shell to run them");
    }
  }
  ctx.report({"loaded", units.size(), units.size()});

  // Render every template on the pool; outcomes in template order.
  runtime::BoundedOptions bo{o.jobs ? o.jobs : 0,
                             o.keep_going ? runtime::FailMode::kKeepGoing : runtime::FailMode::kFailFast};
  std::atomic<uint64_t> done{0};
  auto results = runtime::parallel_for<std::vector<detail::Rendered>>(
      rt, units.size(),
      [&](size_t i) -> Result<std::vector<detail::Rendered>> {
        auto r = detail::render_unit(units[i], o, engine, shared, loaded.value().sources, inputs, ctx);
        if (r.ok()) {
          for (auto& out : r.value()) out.unit = i;
        }
        ctx.report({"rendered", done.fetch_add(1) + 1, units.size()});
        return r;
      },
      bo, ctx);
  std::vector<detail::Rendered> rendered;
  std::vector<Error> failures;
  for (auto& r : results) {
    if (!r.ok()) {
      if (r.error().code() != codes::kCancelled || ctx.token.cancelled()) failures.push_back(r.error());
      continue;
    }
    for (auto& out : r.value()) rendered.push_back(std::move(out));
  }
  if (!failures.empty()) {
    if (failures.size() == 1) return failures.front();
    // Keep-going: the first failure, with the others chained behind it as causes.
    Error rest = failures.back();
    for (size_t k = failures.size() - 2; k >= 1; --k) rest = Error(failures[k]).caused_by(rest);
    return Error(failures.front())
        .caused_by(rest)
        .with_hint(std::to_string(failures.size()) + " templates failed; the others follow as causes");
  }
  ctx.check();
  auto decided = detail::decide(plan, units, std::move(rendered), o);
  if (!decided.ok()) return decided.error();
  plan.inputs = std::move(inputs.hashes);
  ctx.report({"planned", plan.outputs.size(), plan.outputs.size()});
  return plan;
}

}  // namespace ggen::gen

#include "ggen/gen/generate.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/parallel.h"
#include "internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

Result<Plan> plan_checked(const GenerateOptions& o, const runtime::Context& ctx) {
  Plan plan;
  std::error_code ec;
  plan.root = o.root.empty() ? fs::current_path(ec) : fs::absolute(o.root, ec);
  plan.output_root = fs::absolute(o.output_dir, ec).lexically_normal();
  plan.allow_shell = o.allow_shell;
  detail::InputLog inputs;
  runtime::Runtime& rt = runtime::Runtime::global();

  // The data every template sees.
  rdf::Store shared;
  for (size_t i = 0; i < o.graphs.size(); ++i) {
    const fs::path& g = o.graphs[i];
    ctx.report({"parsing", i, o.graphs.size()});
    ctx.check();
    std::string display = detail::display_path(plan.root, g);
    auto text = detail::read_graph(g, display, &ctx);
    if (!text.ok()) return text.error();
    inputs.add(display, text.value());
    auto parsed = detail::load_graph_text(shared, g, display, text.value(), &ctx);
    if (!parsed.ok()) return parsed.error();
  }

  tmpl::Engine engine(o.engine);
  register_generation_functions(engine);
  auto loaded = detail::load_templates(o, engine, inputs, &ctx);
  if (!loaded.ok()) return loaded.error();
  const auto& units = loaded.value().units;
  if (auto shell = detail::check_shell(units, o); !shell.ok()) return shell.error();
  ctx.report({"loaded", units.size(), units.size()});

  // Render every template on the pool; outcomes in template order.
  runtime::BoundedOptions bo{o.jobs ? o.jobs : 0,
                             o.keep_going ? runtime::FailMode::kKeepGoing : runtime::FailMode::kFailFast};
  std::atomic<uint64_t> done{0};
  std::function<const rdf::Store&()> graph = [&]() -> const rdf::Store& { return shared; };
  auto results = runtime::parallel_for<std::vector<detail::Rendered>>(
      rt, units.size(),
      [&](size_t i) -> Result<std::vector<detail::Rendered>> {
        auto r = detail::render_unit(units[i], o, engine, graph, loaded.value().sources, inputs, ctx);
        if (r.ok()) {
          for (auto& out : r.value()) out.unit = i;
        }
        ctx.report({"rendered", done.fetch_add(1) + 1, units.size()});
        return r;
      },
      bo, ctx);
  auto rendered = detail::gather(std::move(results), ctx);
  if (!rendered.ok()) return rendered.error();
  auto decided = detail::decide(plan, units, std::move(rendered).value(), o, &ctx);
  if (!decided.ok()) return decided.error();
  plan.inputs = std::move(inputs.hashes);
  ctx.report({"planned", plan.outputs.size(), plan.outputs.size()});
  return plan;
}

}  // namespace

// The phases poll the context by raising (ctx.check()): a cancellation is a result here.
Result<Plan> make_plan(const GenerateOptions& o, const runtime::Context& ctx) {
  try {
    return plan_checked(o, ctx);
  } catch (const Exception& e) {
    return e.error();
  }
}

}  // namespace ggen::gen

#include <algorithm>

#include "ggen/gen/paths.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/gen/tree.h"
#include "ggen/rdf/loader.h"
#include "internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

Result<Plan> plan_scaffold(const fs::path& from, const GenerateOptions& o, const runtime::Context& ctx) {
  Plan plan;
  std::error_code ec;
  plan.root = o.root.empty() ? fs::current_path(ec) : fs::absolute(o.root, ec);
  plan.output_root = fs::absolute(o.output_dir, ec).lexically_normal();
  if (!fs::is_directory(from, ec)) {
    return Error(std::string(codes::kNotFound), "the project template `" + from.generic_string() + "` is not a folder")
        .with_hint("--from names a folder whose files become the new project");
  }
  if (fs::exists(plan.output_root, ec) && !fs::is_empty(plan.output_root, ec) && !o.force) {
    return Error(std::string("E_EXISTS"), plan.output_root.generic_string() + " already exists and is not empty")
        .with_hint("choose another name, or pass --force to write into it");
  }
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(from, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec) && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(from));
  }
  std::sort(files.begin(), files.end());
  tmpl::Engine engine(o.engine);
  register_generation_functions(engine);
  detail::InputLog inputs;
  std::vector<detail::Unit> units;
  std::vector<detail::Rendered> rendered;
  auto render = [&](const std::string& text, const std::string& name) -> Result<std::string> {
    if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos) return text;
    return engine.render_string(text, o.vars, name);
  };
  for (const auto& rel : files) {
    ctx.check();
    fs::path src = from / rel;
    std::string display = detail::display_path(plan.root, src);
    auto text = rdf::read_file(src.string());
    if (!text.ok()) return text.error();
    inputs.add(display, text.value());
    std::string target = rel.generic_string();
    bool is_template = rel.extension() == ".tera" || rel.extension() == ".tmpl";
    if (is_template) target = (rel.parent_path() / rel.stem()).generic_string();
    auto name = render(target, display + " (file name)");
    if (!name.ok()) return name.error();
    detail::Rendered r;
    r.unit = units.size();
    detail::Unit u;
    u.display = display;
    u.fm.to = Located{name.value(), Location{display, 1, 1}};
    u.fm.force = o.force;
    units.push_back(u);
    auto abs = confine(o.output_dir, name.value(), Location{display, 1, 1});
    if (!abs.ok()) return abs.error();
    r.abs = abs.value();
    r.rel = relative_display(o.output_dir, r.abs);
    if (is_template) {
      auto body = engine.render_string(text.value(), o.vars, display);
      if (!body.ok()) return body.error();
      r.content = std::move(body).value();
    } else {
      r.content = text.value();
    }
    rendered.push_back(std::move(r));
  }
  auto decided = detail::decide(plan, units, std::move(rendered), o);
  if (!decided.ok()) return decided.error();
  plan.inputs = std::move(inputs.hashes);
  return plan;
}

}  // namespace ggen::gen

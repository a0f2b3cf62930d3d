// Project validation: the graphs parsed once into one store, every template of the folder loaded
// into one engine (so include/extends/import resolve as in generation), then each template to
// run checked on the runtime's pool. Diagnostics are gathered per template and sorted at the
// end, so the report does not depend on scheduling.
#include "ggen/gen/validate.h"

#include <algorithm>
#include <set>

#include "ggen/gen/project.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/gen/vars.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/parallel.h"
#include "ggen/yaml/frontmatter.h"
#include "internal.h"
#include "lint_checks.h"
#include "validate_internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

Diagnostic at_file(const std::string& file, std::string_view code, std::string message,
                   std::string hint) {
  Diagnostic d;
  d.where.file = file;
  d.code = std::string(code);
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

// Every graph into `store`; a file that does not read or parse is a diagnostic.
void load_graphs(const GenerateOptions& o, rdf::Store& store, Validation& v,
                 const runtime::Context& ctx) {
  for (const auto& g : o.graphs) {
    ctx.check();
    std::string display = detail::display_path(o.root, g);
    auto text = rdf::read_file(g.string());
    if (!text.ok()) {
      v.diagnostics.push_back(at_file(display, text.error().code(),
                                      "cannot read the graph " + display,
                                      "check the path in --data or in ggen.toml's `graphs`"));
      continue;
    }
    rdf::LoadOptions lo;
    lo.format = rdf::format_from_path(g.string());
    if (!lo.format) {
      v.diagnostics.push_back(at_file(display, codes::kInvalidArgument,
                                      "unknown graph format: " + display,
                                      "graph files end in .ttl, .trig, .nt or .nq"));
      continue;
    }
    lo.base_iri = "file:///" + display;
    lo.file = display;
    lo.cancelled = [&ctx] { return ctx.stopped(); };
    auto loaded = rdf::load_string(store, text.value(), lo);
    if (!loaded.ok()) {
      ctx.check();  // a stop is not a diagnostic
      Diagnostic d = detail::diag(loaded.error());
      if (d.where.file.empty()) d.where.file = display;
      v.diagnostics.push_back(std::move(d));
    }
    ++v.graphs;
  }
  v.triples = store.size();
}

// The templates folder (all of it: partials too) and the targets outside it, bodies compiled.
std::vector<detail::TemplateSource> load_sources(const GenerateOptions& o, tmpl::Engine& engine,
                                                 std::set<std::string>& targets, Validation& v) {
  std::error_code ec;
  std::vector<std::pair<fs::path, std::string>> files;
  std::set<std::string> seen;
  if (!o.templates_dir.empty()) {
    for (const auto& rel : list_templates(o.templates_dir)) {
      files.emplace_back(o.templates_dir / rel, rel.generic_string());
      seen.insert(fs::weakly_canonical(o.templates_dir / rel, ec).string());
    }
  }
  for (auto& [p, name] : pack_template_files(o)) {  // installed packs: "<pack-id>:<path>"
    seen.insert(fs::weakly_canonical(p, ec).string());
    files.emplace_back(std::move(p), std::move(name));
  }
  for (const auto& t : o.templates) {
    std::string canon = fs::weakly_canonical(t, ec).string();
    targets.insert(canon);
    if (!fs::is_regular_file(t, ec)) {
      v.diagnostics.push_back(at_file(detail::display_path(o.root, t), codes::kNotFound,
                                      "template not found: " + detail::display_path(o.root, t),
                                      "check the path; `ggen template list` shows the templates"));
      continue;
    }
    if (seen.insert(canon).second) files.emplace_back(t, t.filename().generic_string());
  }
  std::vector<detail::TemplateSource> out;
  out.reserve(files.size());
  for (auto& [path, name] : files) {
    detail::TemplateSource s;
    s.path = path;
    s.name = name;
    s.display = detail::display_path(o.root, path);
    auto text = rdf::read_file(path.string());
    if (!text.ok()) {
      v.diagnostics.push_back(detail::diag(Error(text.error()).at(Location{s.display})));
      continue;
    }
    s.text = std::move(text).value();
    auto split = yaml::split_frontmatter(s.text, s.display);
    if (!split.ok()) {
      v.diagnostics.push_back(detail::diag(split.error()));
    } else {
      const yaml::Frontmatter& parts = split.value();
      s.split_ok = true;
      s.has_frontmatter = parts.present;
      s.yaml = std::string(parts.yaml);
      s.yaml_line = parts.yaml_line;
      s.body_offset = static_cast<size_t>(parts.body.data() - s.text.data());
      s.body_line = parts.body_line;
      auto added = engine.add(s.name, std::string(parts.body));
      if (added.ok()) {
        s.compiled = true;
      } else {
        v.diagnostics.push_back(
            detail::diag(detail::in_file(added.error(), s.name, s.display, s.body_line)));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

bool before(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.where.file, a.where.line, a.where.column, a.code, a.message) <
         std::tie(b.where.file, b.where.line, b.where.column, b.code, b.message);
}

bool same(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.where.file, a.where.line, a.where.column, a.code, a.message) ==
         std::tie(b.where.file, b.where.line, b.where.column, b.code, b.message);
}

}  // namespace

size_t Validation::count(Severity s) const {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [&](const Diagnostic& d) { return d.severity == s; }));
}

Result<Validation> validate(const GenerateOptions& o, const runtime::Context& ctx) {
  Validation v;
  std::error_code ec;
  v.root = o.root.empty() ? fs::current_path(ec) : o.root;
  try {
    rdf::Store store;
    load_graphs(o, store, v, ctx);
    ctx.report({"loaded", v.graphs, o.graphs.size()});

    tmpl::Engine engine(o.engine);
    register_generation_functions(engine);
    std::set<std::string> targets;
    auto sources = load_sources(o, engine, targets, v);
    detail::ValidateScope scope;
    scope.options = &o;
    scope.engine = &engine;
    scope.store = &store;
    for (const auto& s : sources) scope.by_name[s.name] = &s;
    auto checked = engine.check();
    if (!checked.ok()) {
      Error e = checked.error();
      auto it = scope.by_name.find(e.location().file);
      if (it != scope.by_name.end())
        e = detail::in_file(e, it->second->name, it->second->display, it->second->body_line);
      v.diagnostics.push_back(detail::diag(e));
    }

    std::vector<const detail::TemplateSource*> selected;
    for (const auto& s : sources) {
      if (s.split_ok && targets.count(fs::weakly_canonical(s.path, ec).string()))
        selected.push_back(&s);
    }
    v.templates = selected.size();
    std::atomic<uint64_t> done{0};
    runtime::BoundedOptions bo{o.jobs, runtime::FailMode::kKeepGoing};
    auto reports = runtime::parallel_for<detail::TemplateReport>(
        runtime::Runtime::global(), selected.size(),
        [&](size_t i) -> Result<detail::TemplateReport> {
          auto r = detail::check_template(*selected[i], scope, ctx);
          ctx.report({"validated", done.fetch_add(1) + 1, selected.size()});
          return r;
        },
        bo, ctx);
    for (auto& r : reports) {
      if (!r.ok()) return r.error();  // only a stop: problems are diagnostics
      v.queries += r.value().queries;
      for (auto& d : r.value().diagnostics) v.diagnostics.push_back(std::move(d));
    }
    ctx.check();
  } catch (const Exception& e) {
    return e.error();
  }
  std::sort(v.diagnostics.begin(), v.diagnostics.end(), before);
  v.diagnostics.erase(std::unique(v.diagnostics.begin(), v.diagnostics.end(), same),
                      v.diagnostics.end());
  return v;
}

Result<Validation> validate_project(const fs::path& start, const ProjectOverrides& extra,
                                    const runtime::Context& ctx) {
  auto config = find_project_file(start);
  auto project = load_project(start);
  if (!project.ok()) {
    if (!config) return project.error();
    // A ggen.toml that does not load is the one problem to report: nothing else is known.
    Validation v;
    v.root = config->parent_path();
    Diagnostic d = detail::diag(project.error());
    std::string file = d.where.file.empty() ? config->string() : d.where.file;
    d.where.file = detail::display_path(v.root, fs::path(file));
    v.diagnostics.push_back(std::move(d));
    return v;
  }
  GenerateOptions o = std::move(project.value().options);
  if (extra.vars.is_object()) o.vars = merge_vars(o.vars, extra.vars);
  for (const auto& g : extra.graphs) o.graphs.push_back(g);
  o.allow_shell = extra.allow_shell;
  if (extra.jobs) o.jobs = extra.jobs;
  return validate(o, ctx);
}

nlohmann::ordered_json validation_to_json(const Validation& v) {
  nlohmann::ordered_json j;
  j["ok"] = !v.errors();
  j["root"] = v.root.generic_string();
  j["templates"] = v.templates;
  j["graphs"] = v.graphs;
  j["triples"] = v.triples;
  j["queries"] = v.queries;
  j["errors"] = v.count(Severity::Error);
  j["warnings"] = v.count(Severity::Warning);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& d : v.diagnostics) {
    const Location& w = d.where;
    int line = std::max(w.line, 1), column = std::max(w.column, 1);
    nlohmann::ordered_json e;
    e["file"] = w.file;
    e["line"] = line;
    e["column"] = column;
    e["endLine"] = w.end_line > 0 ? w.end_line : line;
    e["endColumn"] = w.end_column > 0 ? w.end_column : column + 1;
    e["severity"] = d.severity == Severity::Error ? "error" : "warning";
    e["code"] = d.code;
    e["message"] = d.message;
    if (!d.hint.empty()) e["hint"] = d.hint;
    list.push_back(std::move(e));
  }
  j["diagnostics"] = std::move(list);
  return j;
}

}  // namespace ggen::gen

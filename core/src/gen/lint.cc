// Template tooling: lint/inspect, list, render-one-file, starter. Lint keeps going after a
// problem (an editor wants every squiggle at once), so each check records diagnostics instead of
// returning the first error.
#include "ggen/gen/lint.h"
#include "ggen/gen/locations.h"

#include <algorithm>
#include <set>

#include "ggen/gen/generate.h"
#include "ggen/gen/project.h"
#include "ggen/gen/vars.h"
#include "ggen/rdf/loader.h"
#include "ggen/sparql/parser.h"
#include "ggen/yaml/frontmatter.h"
#include "ggen/yaml/parse.h"
#include "internal.h"
#include "lint_checks.h"

namespace ggen::gen {

namespace fs = std::filesystem;

namespace detail {

bool has_template_syntax(std::string_view s) {
  return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos ||
         s.find("{#") != std::string_view::npos;
}

Diagnostic diag(const Error& e, Severity sev) {
  Diagnostic d;
  d.where = e.location();
  d.severity = sev;
  d.code = e.code();
  d.message = e.message();
  d.hint = e.hint();
  return d;
}

// An engine location (template name, body-relative line) moved to the file.
Error in_file(Error e, const std::string& name, const std::string& display, int body_line) {
  Location loc = e.location();
  if (loc.file != name) return e;
  loc.file = display;
  if (loc.line > 0) loc.line += body_line - 1;
  if (loc.end_line > 0) loc.end_line += body_line - 1;
  return std::move(e).at(loc);
}

// The engine name of `file` and the folder its siblings are loaded from.
std::pair<fs::path, std::string> engine_name(const fs::path& file, const InspectOptions& o) {
  fs::path dir = o.templates_dir.empty() ? file.parent_path() : o.templates_dir;
  std::error_code ec;
  fs::path rel = fs::weakly_canonical(file, ec).lexically_relative(fs::weakly_canonical(dir, ec));
  if (rel.empty() || *rel.begin() == "..") return {dir, file.filename().generic_string()};
  return {dir, rel.generic_string()};
}

// Loads the other templates of `dir` (bodies only) so include/extends/import resolve. Their own
// problems are theirs: a broken sibling is skipped, not reported against this file.
void load_siblings(tmpl::Engine& engine, const fs::path& dir, const std::string& self) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return;
  for (const auto& rel : list_templates(dir)) {
    std::string name = rel.generic_string();
    if (name == self) continue;
    auto text = rdf::read_file((dir / rel).string());
    if (!text.ok()) continue;
    auto split = yaml::split_frontmatter(text.value(), name);
    if (!split.ok()) continue;
    (void)engine.add(name, std::string(split.value().body));
  }
}

// Index of the top-level entry an error points into (the last key at or above its line).
int entry_at(const yaml::Node& root, int line) {
  int best = -1;
  const auto& entries = root.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].key.line() <= line) best = static_cast<int>(i);
  }
  return best;
}

// Validates the frontmatter, dropping each offending key and retrying so every bad key is
// reported, not just the first. Returns what validates of the rest.
Frontmatter check_frontmatter(const yaml::Node& root, const std::string& display,
                              std::vector<Diagnostic>& out) {
  yaml::Node work = root;
  for (int attempt = 0; attempt < 64; ++attempt) {
    auto fm = parse_frontmatter(work, display);
    if (fm.ok()) return std::move(fm).value();
    out.push_back(diag(fm.error()));
    if (!work.is_mapping()) break;
    int i = entry_at(work, fm.error().location().line);
    if (i < 0) break;
    work.entries().erase(work.entries().begin() + i);
  }
  Frontmatter empty;
  empty.where = Location{display, root.line(), root.column()};
  return empty;
}

bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where the body first reads `name` inside a {{ }} or {% %} tag (offset into body), or npos.
size_t first_use(std::string_view body, const std::string& name) {
  size_t pos = 0;
  while (true) {
    size_t open = body.find('{', pos);
    if (open == std::string_view::npos || open + 1 >= body.size()) return std::string_view::npos;
    char kind = body[open + 1];
    if (kind != '{' && kind != '%') {
      pos = open + 1;
      continue;
    }
    std::string_view close = kind == '{' ? "}}" : "%}";
    size_t end = body.find(close, open + 2);
    if (end == std::string_view::npos) end = body.size();
    for (size_t at = body.find(name, open + 2); at != std::string_view::npos && at < end;
         at = body.find(name, at + 1)) {
      bool left = !is_ident(body[at - 1]) && body[at - 1] != '.';
      bool right = at + name.size() >= body.size() || !is_ident(body[at + name.size()]);
      if (left && right) return at;
    }
    pos = end;
  }
}

Location location_of(std::string_view body, size_t offset, const std::string& display,
                     int body_line, size_t length) {
  int line = body_line;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (body[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  int col = static_cast<int>(offset - line_start) + 1;
  return Location{display, line, col, line, col + static_cast<int>(length)};
}

// What the project around a template (its ggen.toml, found upward) adds when generating:
// prefixes and base for the queries, variables for the body.
struct ProjectScope {
  std::vector<std::pair<std::string, std::string>> prefixes;
  std::string base;
  tmpl::Value vars;
};

ProjectScope project_scope(const fs::path& file) {
  ProjectScope scope;
  auto cfg = find_project_file(file.parent_path().empty() ? fs::path(".") : file.parent_path());
  if (!cfg) return scope;
  auto project = load_project(cfg->parent_path());
  if (!project.ok()) return scope;
  scope.prefixes = project.value().options.prefixes;
  scope.base = project.value().options.base;
  scope.vars = project.value().options.vars;
  return scope;
}

void check_queries(const Frontmatter& fm, const std::string& display, const ProjectScope& project,
                   std::string_view source, const tmpl::Engine& engine,
                   std::vector<Diagnostic>& out) {
  auto prefixes = fm.prefixes;
  std::string base = fm.base.empty() ? project.base : fm.base;
  for (const auto& p : project.prefixes) {
    if (std::none_of(prefixes.begin(), prefixes.end(), [&](auto& q) { return q.first == p.first; }))
      prefixes.push_back(p);
  }
  tmpl::Value vars =
      merge_vars(fm.vars.is_object() ? fm.vars : tmpl::Value(tmpl::Object{}), project.vars);
  for (const auto& q : fm.sparql) {
    const Location origin = value_origin(source, q.where);
    const bool block = origin.line != q.where.line;
    std::string text = q.text;
    bool templated = has_template_syntax(text);
    if (templated) {
      auto r = engine.render_string(text, vars, "sparql." + q.name);
      if (!r.ok()) {
        if (r.error().code() == codes::kTemplateSyntax) {
          Diagnostic d = diag(r.error());
          d.where = relocate(r.error().location(), origin, block);
          d.message = "in the query `" + q.name + "`: " + d.message;
          out.push_back(std::move(d));
        } else {
          Diagnostic d;
          d.where = q.where;
          d.severity = Severity::Warning;
          d.code = std::string(kTemplatedQuery);
          d.message = "the query `" + q.name + "` cannot be rendered with the `vars` defaults (" +
                      r.error().message() + "), so its SPARQL syntax was not checked";
          d.hint = "give the variables it uses a default under `vars:`";
          out.push_back(std::move(d));
        }
        continue;
      }
      text = std::move(r).value();
    }
    sparql::ParseOptions po;
    po.file = display;
    po.base = base;
    po.prefixes = prefixes;
    auto parsed = sparql::parse_query(text, po);
    if (parsed.ok()) continue;
    Diagnostic d = diag(parsed.error());
    d.where = relocate(parsed.error().location(), origin, block);
    d.message = "in the query `" + q.name + "`: " + d.message;
    if (templated && d.hint.empty())
      d.hint = "positions are in the query as rendered with the `vars` defaults";
    out.push_back(std::move(d));
  }
}

// Syntax of the frontmatter values that are themselves templates.
void check_value_templates(const Frontmatter& fm, std::vector<Diagnostic>& out) {
  tmpl::Engine scratch;
  auto check = [&](const std::optional<Located>& v, const char* key) {
    if (!v || !has_template_syntax(v->value)) return;
    auto added = scratch.add(key, v->value);
    if (added.ok()) return;
    Diagnostic d = diag(added.error());
    d.where = relocate(added.error().location(), v->where);
    d.message = std::string("in the frontmatter's `") + key + "`: " + d.message;
    out.push_back(std::move(d));
  };
  check(fm.to, "to");
  check(fm.from, "from");
}

// Tera resolves includes only when rendering; lint finds the missing ones now. A list of names
// needs one to exist; `ignore missing` accepts none. A plain scan (the body already parsed, so
// tags are well formed): no regex, whose backtracking could overflow the stack on a huge body.
void check_includes(const tmpl::Engine& engine, std::string_view body, const std::string& display,
                    int body_line, std::vector<Diagnostic>& out) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  for (size_t open = body.find("{%"); open != std::string_view::npos;
       open = body.find("{%", open + 2)) {
    size_t close = body.find("%}", open + 2);
    if (close == std::string_view::npos) return;
    size_t p = open + 2;
    if (p < close && (body[p] == '-' || body[p] == '+')) ++p;
    while (p < close && space(body[p])) ++p;
    if (body.substr(p, 7) != "include" || p + 7 >= close || !space(body[p + 7])) continue;
    p += 7;
    while (p < close && space(body[p])) ++p;
    size_t list_start = p;
    std::vector<std::string> names;
    bool bracket = p < close && body[p] == '[';
    if (bracket) ++p;
    while (p < close) {
      while (p < close && (space(body[p]) || body[p] == ',')) ++p;
      if (p >= close || (body[p] != '"' && body[p] != '\'')) break;
      size_t q = body.find(body[p], p + 1);
      if (q == std::string_view::npos || q > close) break;
      names.emplace_back(body.substr(p + 1, q - p - 1));
      p = q + 1;
      if (!bracket) break;
    }
    if (bracket && p < close && body[p] == ']') ++p;
    std::string_view list = body.substr(list_start, p - list_start);
    if (names.empty() || body.substr(p, close - p).find("ignore missing") != std::string_view::npos)
      continue;
    if (std::any_of(names.begin(), names.end(), [&](auto& n) { return engine.contains(n); }))
      continue;
    Diagnostic d;
    d.where = location_of(body, list_start, display, body_line, list.size());
    d.code = std::string(tmpl::kTemplateNotFound);
    d.message = "the included template " + std::string(list) + " is not in the templates folder";
    std::string guess = closest(names[0], engine.template_names());
    d.hint = guess.empty() ? "include names are relative to the templates folder (--dir)"
                           : "did you mean \"" + guess + "\"?";
    out.push_back(std::move(d));
  }
}

void check_variables(Inspection& ins, const tmpl::Engine& engine, const std::string& name,
                     std::string_view body, int body_line, const Frontmatter& fm,
                     const tmpl::Value& project_vars) {
  auto vars = engine.variables(name);
  if (!vars.ok()) return;
  ins.variables = vars.value();
  std::set<std::string> provided = {"sparql_results"};
  if (fm.vars.is_object()) {
    for (const auto& [k, v] : fm.vars.as_object()) provided.insert(k);
  }
  if (project_vars.is_object()) {
    for (const auto& [k, v] : project_vars.as_object()) provided.insert(k);
  }
  if (fm.matrix) {
    provided.insert("row");
    provided.insert("row_index");
  }
  ins.provided.assign(provided.begin(), provided.end());
  for (const auto& v : ins.variables) {
    if (provided.count(v)) continue;
    Diagnostic d;
    size_t at = first_use(body, v);
    d.where = at == std::string_view::npos ? Location{ins.file, body_line, 1}
                                           : location_of(body, at, ins.file, body_line, v.size());
    d.severity = Severity::Warning;
    d.code = std::string(kUndeclaredVariable);
    d.message = "`" + v + "` is not declared under `vars:`" +
                (fm.sparql.empty() ? std::string() : ", and it is not `sparql_results`") +
                (fm.matrix ? " or `row`" : "");
    std::string guess = closest(v, ins.provided);
    d.hint = guess.empty()
                 ? "declare it with a default under `vars:`, or pass it with --var " + v + "=..."
                 : "did you mean `" + guess + "`?";
    ins.diagnostics.push_back(std::move(d));
  }
}

}  // namespace detail

using namespace detail;

bool Inspection::errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

Inspection inspect_template(const fs::path& file, const InspectOptions& o) {
  Inspection ins;
  ins.file = detail::display_path(o.root, file);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    Diagnostic d;
    d.where.file = ins.file;
    d.code = std::string(codes::kNotFound);
    d.message = "template not found: " + ins.file;
    d.hint = "check the path; `ggen template list` shows the templates";
    ins.diagnostics.push_back(std::move(d));
    return ins;
  }
  auto text = rdf::read_file(file.string());
  if (!text.ok()) {
    ins.diagnostics.push_back(diag(Error(text.error()).at(Location{ins.file})));
    return ins;
  }
  auto split = yaml::split_frontmatter(text.value(), ins.file);
  if (!split.ok()) {
    ins.diagnostics.push_back(diag(split.error()));
    return ins;
  }
  const yaml::Frontmatter& parts = split.value();
  ins.has_frontmatter = parts.present;
  Frontmatter fm;
  fm.where = Location{ins.file, 1, 1};
  if (parts.present) {
    auto node = yaml::parse(parts.yaml, ins.file, parts.yaml_line > 0 ? parts.yaml_line - 1 : 0);
    if (!node.ok()) {
      ins.diagnostics.push_back(diag(node.error()));
    } else {
      ins.raw_frontmatter = node.value();
      size_t before = ins.diagnostics.size();
      fm = check_frontmatter(node.value(), ins.file, ins.diagnostics);
      if (ins.diagnostics.size() == before) ins.frontmatter = fm;
    }
  } else {
    ins.frontmatter = fm;
  }

  const ProjectScope project = project_scope(file);
  auto [dir, name] = engine_name(file, o);
  tmpl::Engine engine;
  load_siblings(engine, dir, name);
  auto added = engine.add(name, std::string(parts.body));
  if (!added.ok()) {
    ins.diagnostics.push_back(diag(in_file(added.error(), name, ins.file, parts.body_line)));
  } else {
    auto checked = engine.check();
    if (!checked.ok()) {
      ins.diagnostics.push_back(diag(in_file(checked.error(), name, ins.file, parts.body_line)));
    }
    check_includes(engine, parts.body, ins.file, parts.body_line, ins.diagnostics);
    check_variables(ins, engine, name, parts.body, parts.body_line, fm, project.vars);
  }
  check_value_templates(fm, ins.diagnostics);
  check_queries(fm, ins.file, project, text.value(), engine, ins.diagnostics);

  std::stable_sort(
      ins.diagnostics.begin(), ins.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
      });
  return ins;
}

Result<std::vector<TemplateEntry>> list_template_entries(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error(std::string(codes::kNotFound), "no templates folder at " + dir.generic_string())
        .with_hint("pass --dir <folder>, or create templates with `ggen template new <name>`");
  }
  std::vector<TemplateEntry> out;
  for (const auto& rel : list_templates(dir)) {
    TemplateEntry e;
    e.path = rel.generic_string();
    auto text = rdf::read_file((dir / rel).string());
    auto fail = [&](const Error& err) { e.error = err; };
    if (!text.ok()) {
      fail(text.error());
    } else if (auto split = yaml::split_frontmatter(text.value(), e.path); !split.ok()) {
      fail(split.error());
    } else if (split.value().present) {
      const auto& parts = split.value();
      auto node = yaml::parse(parts.yaml, e.path, parts.yaml_line > 0 ? parts.yaml_line - 1 : 0);
      if (!node.ok()) {
        fail(node.error());
      } else if (node.value().is_mapping()) {
        const yaml::Node* d = node.value().find("description");
        if (d && d->is_scalar() && !d->is_null())
          e.description = d->is_string() ? d->as_string() : d->text();
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> render_template_file(const fs::path& file, const InspectOptions& o,
                                         const tmpl::Value& context,
                                         const tmpl::Options& engine_options) {
  std::string display = detail::display_path(o.root, file);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Error(std::string(codes::kNotFound), "template not found: " + display)
        .with_hint("check the path; `ggen template list` shows the templates");
  }
  auto text = rdf::read_file(file.string());
  if (!text.ok()) return text.error();
  auto split = yaml::split_frontmatter(text.value(), display);
  if (!split.ok()) return split.error();
  const yaml::Frontmatter& parts = split.value();
  tmpl::Value vars(tmpl::Object{});
  if (parts.present) {
    auto node = yaml::parse(parts.yaml, display, parts.yaml_line > 0 ? parts.yaml_line - 1 : 0);
    if (!node.ok()) return node.error();
    if (const yaml::Node* v = node.value().is_mapping() ? node.value().find("vars") : nullptr) {
      if (v->is_mapping()) vars = to_value(*v);
    }
    // No graph here: each declared query reads as no rows, so `for r in sparql_results.q`
    // renders its empty case instead of failing; the context may pass real rows.
    if (const yaml::Node* q = node.value().is_mapping() ? node.value().find("sparql") : nullptr) {
      tmpl::Object results;
      if (q->is_string()) results.emplace_back("default", tmpl::Value(tmpl::Array{}));
      if (q->is_mapping()) {
        for (const auto& e : q->entries())
          results.emplace_back(e.key.text(), tmpl::Value(tmpl::Array{}));
      }
      if (q->is_sequence()) {
        for (size_t i = 0; i < q->items().size(); ++i)
          results.emplace_back("query_" + std::to_string(i), tmpl::Value(tmpl::Array{}));
      }
      tmpl::Object with_results = vars.is_object() ? vars.as_object() : tmpl::Object{};
      with_results.emplace_back("sparql_results", tmpl::Value(std::move(results)));
      vars = tmpl::Value(std::move(with_results));
    }
  }
  if (context.is_object()) vars = merge_vars(vars, context);
  auto [dir, name] = engine_name(file, o);
  tmpl::Engine engine(engine_options);
  load_siblings(engine, dir, name);
  auto added = engine.add(name, std::string(parts.body));
  if (!added.ok()) return in_file(added.error(), name, display, parts.body_line);
  auto out = engine.render(name, vars);
  if (!out.ok()) return in_file(out.error(), name, display, parts.body_line);
  return out;
}

std::string starter_template(std::string_view name) {
  std::string stem(name);
  if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem.erase(0, slash + 1);
  if (auto dot = stem.find('.'); dot != std::string::npos) stem.erase(dot);
  if (stem.empty()) stem = "output";
  return "---\n"
         "# Frontmatter: where the output goes, the data that feeds it (docs/templates.md).\n"
         "description: " +
         stem +
         " (describe what this template generates)\n"
         "to: \"generated/{{ name | lower }}.txt\"\n"
         "prefixes:\n"
         "  rdfs: http://www.w3.org/2000/01/rdf-schema#\n"
         "sparql:\n"
         "  classes: |\n"
         "    SELECT ?class ?label WHERE { ?class a rdfs:Class . OPTIONAL { ?class rdfs:label "
         "?label } }\n"
         "    ORDER BY ?class\n"
         "vars:\n"
         "  name: " +
         stem +
         "\n"
         "---\n"
         "Hello from {{ name }}.\n"
         "{% for c in sparql_results.classes %}\n"
         "- {{ c.class }}{% if c.label %} ({{ c.label }}){% endif %}\n"
         "{% else %}\n"
         "(no rdfs:Class in the graph yet: pass one with --data domain.ttl)\n"
         "{% endfor %}\n";
}

}  // namespace ggen::gen

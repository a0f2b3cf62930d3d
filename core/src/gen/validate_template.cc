// Validating one template: what render_unit would do, without rendering outputs. Every problem
// becomes a diagnostic and the checks go on, so one run shows them all.
#include <algorithm>
#include <set>

#include "ggen/gen/frontmatter.h"
#include "ggen/gen/locations.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/gen/validate.h"
#include "ggen/gen/vars.h"
#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"
#include "ggen/yaml/parse.h"
#include "internal.h"
#include "lint_checks.h"
#include "validate_internal.h"

namespace ggen::gen::detail {

namespace {

namespace fs = std::filesystem;

bool stop_code(const Error& e) {
  return e.code() == codes::kCancelled || e.code() == codes::kTimeout;
}

Diagnostic make(Location where, Severity sev, std::string_view code, std::string message,
                std::string hint = {}) {
  Diagnostic d;
  d.where = std::move(where);
  d.severity = sev;
  d.code = std::string(code);
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

std::vector<std::pair<std::string, std::string>> prefixes_for(const GenerateOptions& o,
                                                              const Frontmatter& fm) {
  auto out = fm.prefixes;
  for (const auto& p : o.prefixes) {
    if (std::none_of(out.begin(), out.end(), [&](auto& q) { return q.first == p.first; }))
      out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Checker {
 public:
  Checker(const TemplateSource& t, const ValidateScope& s, const runtime::Context& ctx)
      : t_(t), s_(s), o_(*s.options), ctx_(ctx) {}

  TemplateReport run() {
    Frontmatter fm = frontmatter();
    if (t_.compiled) {
      check_includes(*s_.engine, t_.body(), t_.display, t_.body_line, out_.diagnostics);
    }
    const rdf::Store* store = graph(fm);
    auto columns = queries(fm, store ? *store : *s_.store);
    if (t_.compiled) variables(fm, columns);
    return std::move(out_);
  }

 private:
  void add(Diagnostic d) { out_.diagnostics.push_back(std::move(d)); }

  Frontmatter frontmatter() {
    Frontmatter fm;
    fm.where = Location{t_.display, 1, 1};
    vars_ = merge_vars(tmpl::Value(tmpl::Object{}), o_.vars);
    if (!t_.has_frontmatter) return fm;
    auto node = yaml::parse(t_.yaml, t_.display, t_.yaml_line > 0 ? t_.yaml_line - 1 : 0);
    if (!node.ok()) {
      add(diag(node.error()));
      frontmatter_ok_ = false;
      return fm;
    }
    size_t before = out_.diagnostics.size();
    fm = check_frontmatter(node.value(), t_.display, out_.diagnostics);
    frontmatter_ok_ = out_.diagnostics.size() == before;
    vars_ = merge_vars(fm.vars.is_object() ? fm.vars : tmpl::Value(tmpl::Object{}), o_.vars);
    if (frontmatter_ok_ && !fm.to) {
      add(make(fm.where.line > 0 ? fm.where : Location{t_.display, 1, 1}, Severity::Error,
               kFrontmatter, "the template has no `to:`, so its output has nowhere to go",
               "add `to: path/of/output.ext` to the frontmatter"));
    }
    if (!o_.allow_shell && (!fm.sh_before.empty() || !fm.sh_after.empty())) {
      const Located& c = fm.sh_before.empty() ? fm.sh_after.front() : fm.sh_before.front();
      add(make(c.where, Severity::Error, kShellRefused,
               "the template runs shell commands (`" + c.value + "`)",
               "review the commands, then pass --allow-shell to run them"));
    }
    check_value_templates(fm, out_.diagnostics);
    return fm;
  }

  std::string rendered(const Located& v, const char* key, bool& ok) {
    ok = true;
    if (!has_template_syntax(v.value)) return v.value;
    auto r = s_.engine->render_string(v.value, vars_, t_.display + " `" + key + "`");
    if (r.ok()) return std::move(r).value();
    ok = false;
    add(make(v.where, Severity::Warning, kTemplatedQuery,
             std::string("the frontmatter's `") + key +
                 "` cannot be rendered with the `vars` defaults (" + r.error().message() +
                 "), so it was not checked",
             "give the variables it uses a default under `vars:`"));
    return {};
  }

  // The template's own graph when it adds `rdf:` / `rdf_inline:` data; nullptr: the shared one.
  const rdf::Store* graph(const Frontmatter& fm) {
    if (fm.rdf.empty() && fm.rdf_inline.empty()) return nullptr;
    own_ = *s_.store;
    fs::path dir = t_.path.parent_path();
    for (const auto& f : fm.rdf) {
      ctx_.check();
      bool ok = false;
      std::string rel = rendered(f, "rdf", ok);
      if (!ok) continue;
      fs::path p = dir / rel;
      std::string display = display_path(o_.root, p);
      auto text = rdf::read_file(p.string());
      if (!text.ok()) {
        add(make(f.where, Severity::Error, text.error().code(),
                 "cannot read the graph `" + display + "` named by `rdf:`",
                 "`rdf:` paths are relative to the template's folder"));
        continue;
      }
      rdf::LoadOptions lo;
      lo.format = rdf::format_from_path(p.string());
      if (!lo.format) {
        add(make(f.where, Severity::Error, kFrontmatter,
                 "unknown graph format for `" + display + "`", "use .ttl, .trig, .nt or .nq"));
        continue;
      }
      lo.base_iri = "file:///" + display;
      lo.file = display;
      lo.cancelled = [this] { return ctx_.stopped(); };
      auto loaded = rdf::load_string(own_, text.value(), lo);
      ctx_.check();
      if (!loaded.ok()) add(diag(loaded.error()));
    }
    std::string prolog = turtle_prolog(prefixes_for(o_, fm), fm.base.empty() ? o_.base : fm.base);
    for (const auto& chunk : fm.rdf_inline) {
      bool ok = false;
      std::string text = rendered(chunk, "rdf_inline", ok);
      if (!ok) continue;
      rdf::LoadOptions lo;
      lo.format = rdf::Format::Turtle;
      lo.file = t_.display;
      auto loaded = rdf::load_string(own_, prolog + text, lo);
      if (loaded.ok()) continue;
      Error e = loaded.error();
      int added = static_cast<int>(std::count(prolog.begin(), prolog.end(), '\n'));
      Location where = chunk.where;
      if (e.location().line > added + 1) where.line += e.location().line - added - 1;
      add(diag(Error(e).at(where)));
    }
    return &own_;
  }

  // Runs every query; returns the columns of each SELECT that ran (by query name).
  std::map<std::string, std::vector<std::string>> queries(const Frontmatter& fm,
                                                          const rdf::Store& store) {
    std::map<std::string, std::vector<std::string>> columns;
    auto prefixes = prefixes_for(o_, fm);
    std::string base = fm.base.empty() ? o_.base : fm.base;
    for (const auto& q : fm.sparql) {
      ctx_.check();
      const Location origin = value_origin(t_.text, q.where);
      const bool block = origin.line != q.where.line;
      std::string text = q.text;
      bool templated = has_template_syntax(text);
      if (templated) {
        auto r = s_.engine->render_string(text, vars_, "sparql." + q.name);
        if (!r.ok()) {
          if (r.error().code() == codes::kTemplateSyntax) {
            Diagnostic d = diag(r.error());
            d.where = relocate(r.error().location(), origin, block);
            d.message = "in the query `" + q.name + "`: " + d.message;
            add(std::move(d));
          } else {
            add(make(q.where, Severity::Warning, kTemplatedQuery,
                     "the query `" + q.name + "` cannot be rendered with the `vars` defaults (" +
                         r.error().message() + "), so it was not run",
                     "give the variables it uses a default under `vars:`"));
          }
          continue;
        }
        text = std::move(r).value();
      }
      sparql::QueryOptions qo;
      qo.parse.file = t_.display;
      qo.parse.prefixes = prefixes;
      qo.parse.base = base;
      if (fm.now) qo.now = *fm.now;
      qo.cancelled = [this] { return ctx_.stopped(); };
      ++out_.queries;
      auto r = sparql::query(store, text, qo);
      if (!r.ok()) {
        if (stop_code(r.error()) && ctx_.stopped()) ctx_.check();
        Diagnostic d = diag(r.error());
        d.where = relocate(r.error().location(), origin, block);
        if (d.where.line == 0) d.where = q.where;
        d.message = "in the query `" + q.name + "`: " + d.message;
        if (templated && d.hint.empty())
          d.hint = "positions are in the query as rendered with the `vars` defaults";
        add(std::move(d));
        continue;
      }
      if (r.value().kind == sparql::QueryResult::Bindings) columns[q.name] = r.value().variables;
      if (fm.matrix && fm.matrix->value == q.name &&
          r.value().kind != sparql::QueryResult::Bindings) {
        add(make(
            fm.matrix->where, Severity::Error, kFrontmatter,
            "`matrix` names the query `" + q.name + "`, which is not a SELECT: it gives no rows",
            "a matrix query is a SELECT; each row gives one output"));
      }
    }
    return columns;
  }

  struct Found {
    const TemplateSource* in = nullptr;
    Use use;
  };

  // The uses of `name` in this body, then in the templates it includes/extends/imports.
  std::vector<Found> uses(const std::string& name) {
    std::vector<Found> out;
    std::vector<const TemplateSource*> queue = {&t_};
    std::set<const TemplateSource*> seen = {&t_};
    for (size_t i = 0; i < queue.size(); ++i) {
      std::string_view body = queue[i]->body();
      for (const Use& u : uses_of(body, name)) out.push_back({queue[i], u});
      for (const auto& ref : referenced_templates(body)) {
        auto it = s_.by_name.find(ref);
        if (it != s_.by_name.end() && seen.insert(it->second).second) queue.push_back(it->second);
      }
    }
    return out;
  }

  Location where(const TemplateSource& src, size_t offset, size_t length) const {
    return location_of(src.body(), offset, src.display, src.body_line, length);
  }

  void variables(const Frontmatter& fm,
                 const std::map<std::string, std::vector<std::string>>& columns) {
    auto read = s_.engine->variables(t_.name);
    if (!read.ok()) return;
    std::set<std::string> provided = {"sparql_results"};
    if (vars_.is_object()) {
      for (const auto& [k, v] : vars_.as_object()) provided.insert(k);
    }
    if (fm.matrix) {
      provided.insert("row");
      provided.insert("row_index");
    }
    std::vector<std::string> candidates(provided.begin(), provided.end());
    for (const auto& name : read.value()) {
      if (provided.count(name)) continue;
      auto found = uses(name);
      auto unguarded =
          std::find_if(found.begin(), found.end(), [](const Found& f) { return !f.use.guarded; });
      bool fails = found.empty() || unguarded != found.end();
      Location at = found.empty() ? Location{t_.display, t_.body_line, 1}
                    : fails       ? where(*unguarded->in, unguarded->use.offset, name.size())
                                  : where(*found.front().in, found.front().use.offset, name.size());
      const TemplateSource* in = found.empty() ? &t_ : (fails ? unguarded->in : found.front().in);
      std::string message =
          "`" + name + "` is read but nothing provides it (`vars:`, ggen.toml's " +
          "[vars], --var" + (fm.matrix ? ", `row`" : "") + " or `sparql_results`)";
      if (in != &t_)
        message += "; it is read by `" + in->display + "`, which `" + t_.display + "` uses";
      if (!fails) message += "; every use is guarded, so it renders as undefined";
      std::string guess = closest(name, candidates);
      std::string hint =
          guess.empty()
              ? "declare it with a default under `vars:`, or pass it with --var " + name + "=..."
              : "did you mean `" + guess + "`?";
      add(make(at, fails ? Severity::Error : Severity::Warning,
               fails ? kUnprovidedVariable : kGuardedVariable, std::move(message),
               std::move(hint)));
    }
    members(fm, columns);
  }

  // `row.col` against the matrix query's columns; `sparql_results.q` against the queries.
  void members(const Frontmatter& fm,
               const std::map<std::string, std::vector<std::string>>& columns) {
    std::string_view body = t_.body();
    if (fm.matrix) {
      auto it = columns.find(fm.matrix->value);
      if (it != columns.end()) {
        std::vector<std::string> cols = it->second;
        cols.push_back("_terms");
        std::set<std::string> reported;
        for (const Member& m : members_of(body, "row")) {
          if (std::find(cols.begin(), cols.end(), m.name) != cols.end()) continue;
          if (!reported.insert(m.name).second) continue;
          std::string guess = closest(m.name, cols);
          // Guarded (`| default`, `if`): renders the fallback, so only a warning.
          add(make(where(t_, m.use.offset, m.name.size()),
                   m.use.guarded ? Severity::Warning : Severity::Error,
                   m.use.guarded ? kGuardedColumn : kUnknownColumn,
                   "`row." + m.name + "`: the matrix query `" + fm.matrix->value +
                       "` has no column `" + m.name + "`" +
                       (m.use.guarded ? "; the use is guarded, so it renders the fallback" : ""),
                   guess.empty() ? "its columns are the SELECT's variables (without `?`)"
                                 : "did you mean `row." + guess + "`?"));
        }
      }
    }
    std::vector<std::string> names;
    for (const auto& q : fm.sparql) names.push_back(q.name);
    std::set<std::string> reported;
    for (const Member& m : members_of(body, "sparql_results")) {
      if (std::find(names.begin(), names.end(), m.name) != names.end()) continue;
      if (m.use.guarded || !reported.insert(m.name).second) continue;
      std::string guess = closest(m.name, names);
      add(make(
          where(t_, m.use.offset, m.name.size()), Severity::Error, kUnknownQuery,
          "`sparql_results." + m.name + "`: the frontmatter declares no query `" + m.name + "`",
          guess.empty() ? "declare it under `sparql:`"
                        : "did you mean `sparql_results." + guess + "`?"));
    }
  }

  const TemplateSource& t_;
  const ValidateScope& s_;
  const GenerateOptions& o_;
  const runtime::Context& ctx_;
  TemplateReport out_;
  tmpl::Value vars_ = tmpl::Value(tmpl::Object{});
  bool frontmatter_ok_ = true;
  rdf::Store own_;
};

}  // namespace

TemplateReport check_template(const TemplateSource& t, const ValidateScope& scope,
                              const runtime::Context& ctx) {
  return Checker(t, scope, ctx).run();
}

}  // namespace ggen::gen::detail

// Rendering one template: its graph (shared data plus its own `rdf:` / `rdf_inline:`), its
// queries, then one output per matrix row (or one output), each with its `to:` and body.
#include <algorithm>

#include "ggen/gen/inject.h"
#include "ggen/gen/locations.h"
#include "ggen/gen/paths.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/gen/vars.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/parallel.h"
#include "internal.h"

namespace ggen::gen::detail {

namespace {

bool has_template_syntax(std::string_view s) {
  return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos ||
         s.find("{#") != std::string_view::npos;
}

std::string render_value(const tmpl::Engine& engine, const Located& v, const tmpl::Value& ctx,
                         const std::string& key, const Unit& u) {
  if (!has_template_syntax(v.value)) return v.value;
  auto r = engine.render_string(v.value, ctx, u.display + " `" + key + "`");
  if (!r.ok()) {
    const Error& e = r.error();
    raise(Error(e.code(), "in the frontmatter's `" + key + "`: " + e.message())
              .at(v.where)
              .with_hint(e.hint()));
  }
  return std::move(r).value();
}

// Query errors are positioned inside the query text; move them to the template file.
Error relocate_error(const Error& e, const Location& where, std::string_view source) {
  Location origin = value_origin(source, where);
  return Error(e).at(relocate(e.location(), origin, origin.line != where.line));
}

std::vector<std::pair<std::string, std::string>> merged_prefixes(
    const std::vector<std::pair<std::string, std::string>>& project, const Frontmatter& fm) {
  std::vector<std::pair<std::string, std::string>> out = fm.prefixes;
  for (const auto& p : project) {
    bool overridden =
        std::any_of(out.begin(), out.end(), [&](auto& q) { return q.first == p.first; });
    if (!overridden) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

tmpl::Value with(const tmpl::Value& base, std::vector<std::pair<std::string, tmpl::Value>> extra) {
  tmpl::Object o = base.is_object() ? base.as_object() : tmpl::Object{};
  for (auto& [k, v] : extra) {
    auto it = std::find_if(o.begin(), o.end(), [&](auto& kv) { return kv.first == k; });
    if (it != o.end()) {
      it->second = std::move(v);
    } else {
      o.emplace_back(std::move(k), std::move(v));
    }
  }
  return tmpl::Value(std::move(o));
}

}  // namespace

Result<std::vector<Rendered>> render_unit(const Unit& u, const GenerateOptions& o,
                                          const tmpl::Engine& engine,
                                          const std::function<const rdf::Store&()>& shared,
                                          const SourceMap& sources, InputLog& inputs,
                                          const runtime::Context& ctx, UnitCache* cache) {
  std::vector<Rendered> out;
  try {
    const Frontmatter& fm = u.fm;
    tmpl::Value vars = merge_vars(fm.vars, o.vars);
    if (!vars.is_object()) vars = tmpl::Value(tmpl::Object{});
    RenderScope scope;
    scope.prefixes = merged_prefixes(o.prefixes, fm);
    scope.base = fm.base.empty() ? o.base : fm.base;
    scope.seed = fm.seed;
    scope.now = fm.now;
    scope.template_name = u.display;

    // The template's graph: the shared one, or a snapshot of it with the template's own `rdf:` /
    // `rdf_inline:` data. Files are read now (with a cache, their hashes name the graph);
    // parsing waits until a query or a sparql() call needs the graph.
    struct OwnFile {
      fs::path path;
      std::string display, text;
    };
    std::vector<OwnFile> own_files;
    std::vector<std::pair<std::string, Location>> own_inline;  // prolog + text, and its origin
    fs::path dir = u.path.parent_path();
    for (const auto& f : fm.rdf) {
      fs::path p = dir / render_value(engine, f, vars, "rdf", u);
      std::string display = display_path(o.root, p);
      auto text = rdf::read_file(p.string());
      if (!text.ok()) {
        raise(Error(text.error().code(), "cannot read the graph `" + display + "` named by `rdf:`")
                  .at(f.where)
                  .with_hint("`rdf:` paths are relative to the template's folder")
                  .caused_by(text.error()));
      }
      inputs.add(display, text.value());
      if (!rdf::format_from_path(p.string())) {
        raise(Error(std::string(kFrontmatter), "unknown graph format for `" + display + "`")
                  .at(f.where)
                  .with_hint("use .ttl, .trig, .nt or .nq"));
      }
      own_files.push_back({p, display, std::move(text).value()});
    }
    std::string prolog = turtle_prolog(scope.prefixes, scope.base);
    for (const auto& chunk : fm.rdf_inline) {
      own_inline.emplace_back(prolog + render_value(engine, chunk, vars, "rdf_inline", u),
                              chunk.where);
    }
    bool has_own = !fm.rdf.empty() || !fm.rdf_inline.empty();
    rdf::Store own;
    const rdf::Store* store = nullptr;
    auto graph = [&]() -> const rdf::Store& {
      if (store) return *store;
      if (!has_own) return *(store = &shared());
      own = shared();
      for (const auto& f : own_files) {
        rdf::LoadOptions lo;
        lo.format = rdf::format_from_path(f.path.string());
        lo.base_iri = "file:///" + f.display;
        lo.file = f.display;
        auto loaded = rdf::load_string(own, f.text, lo);
        if (!loaded.ok()) raise(loaded.error());
      }
      int added = static_cast<int>(std::count(prolog.begin(), prolog.end(), '\n'));
      for (const auto& [text, origin] : own_inline) {
        rdf::LoadOptions lo;
        lo.format = rdf::Format::Turtle;
        lo.file = u.display + " rdf_inline";
        auto loaded = rdf::load_string(own, text, lo);
        if (!loaded.ok()) {
          // Line numbers count the prolog lines we added; point at the frontmatter instead.
          Error e = loaded.error();
          Location where = origin;
          if (e.location().line > added + 1) where.line += e.location().line - added - 1;
          raise(Error(e).at(where));
        }
      }
      return *(store = &own);
    };
    std::string graph_key;
    if (cache) {
      graph_key = cache->shared_graph_key;
      if (has_own) {
        std::string k = graph_key;
        for (const auto& f : own_files) k += '\0' + f.display + '\0' + sha256_hex(f.text);
        for (const auto& chunk : own_inline) k += '\0' + chunk.first;
        graph_key = sha256_hex(k);
      }
      // A graph not yet seen parsing cleanly is parsed now, so its errors are reported even
      // when every query over it is cached.
      if (!cache->graph_known(graph_key)) {
        graph();
        cache->graph_ok(graph_key);
      }
    } else {
      graph();
    }

    // Queries, in declaration order.
    tmpl::Object results;
    std::string results_key;  // query names and result hashes: what renders depend on
    std::vector<std::pair<std::string, std::function<tmpl::Value()>>> deferred;  // cached rows
    for (const auto& q : fm.sparql) {
      ctx.check();
      sparql::QueryOptions qo;
      qo.parse.file = u.display;
      qo.parse.prefixes = scope.prefixes;
      qo.parse.base = scope.base;
      if (fm.now) qo.now = *fm.now;
      qo.cancelled = [&ctx] { return ctx.stopped(); };
      std::string text =
          render_value(engine, Located{q.text, q.where}, vars, "sparql." + q.name, u);
      std::string query_key;
      if (cache) {
        query_key = sha256_hex(graph_key + '\0' + sparql_prolog(scope.prefixes, scope.base) + '\0' +
                               fm.now.value_or("") + '\0' + text);
        if (auto hit = cache->find_query(query_key)) {
          results_key += q.name + '\0' + hit->sha + '\0';
          deferred.emplace_back(q.name, std::move(hit->rows));
          continue;
        }
      }
      auto r = sparql::query(graph(), text, qo);
      if (!r.ok()) {
        Error e = relocate_error(r.error(), q.where, u.source);
        if (e.hint().empty())
          e.with_hint("this is the query `sparql." + q.name + "` of the frontmatter");
        raise(e);
      }
      tmpl::Value rows = results_to_value(r.value(), [&ctx] { ctx.check(); });
      if (cache) results_key += q.name + '\0' + cache->keep_query(query_key, rows) + '\0';
      results.emplace_back(q.name, std::move(rows));
    }

    // Same template, same inputs, same query results: the outputs of last time. (`from:` bodies
    // are read per row, so those templates always render.)
    std::string render_key;
    if (cache && !fm.from) {
      render_key = sha256_hex(cache->unit_key + '\0' + results_key + '\0' +
                              (cache->render_reads_graph ? graph_key : std::string()));
      if (auto hit = cache->find_render(render_key)) return std::move(*hit);
    }
    for (auto& [name, rows] : deferred) results.emplace_back(name, rows());
    tmpl::Value sparql_results(std::move(results));
    if (!cache || cache->render_reads_graph) graph();
    scope.store = store;

    // One output per matrix row, or one.
    std::vector<tmpl::Value> rows;
    if (fm.matrix) {
      const tmpl::Value* m = sparql_results.find(fm.matrix->value);
      if (m && m->is_array()) rows = m->as_array();
    }
    size_t count = fm.matrix ? rows.size() : 1;
    if (!fm.to && !o.preview) {
      raise(Error(std::string(kFrontmatter),
                  "the template has no `to:`, so its output has nowhere to go")
                .at(fm.where.line > 0 ? fm.where : Location{u.display, 1, 1})
                .with_hint("add `to: path/of/output.ext` to the frontmatter"));
    }
    // Rows render on the pool (bounded by --jobs); every row gets its own scope and context,
    // all sharing the (immutable) query results. Outputs stay in row order.
    OutputRoot out_root(o.output_dir);
    auto render_row = [&](size_t i) -> Result<Rendered> {
      try {
        ctx.check();
        std::vector<std::pair<std::string, tmpl::Value>> extra = {{"sparql_results", sparql_results}};
        if (fm.matrix) {
          extra.emplace_back("row", rows[i]);
          extra.emplace_back("row_index", tmpl::Value(static_cast<long long>(i)));
        }
        tmpl::Value context = with(vars, std::move(extra));
        RenderScope row_scope = scope;
        row_scope.random_state = fm.seed ? static_cast<uint64_t>(*fm.seed) * 0x9e3779b97f4a7c15ULL + i : 0;
        ScopeGuard guard(&row_scope);

        Rendered r;
        r.unit = 0;
        r.row = fm.matrix ? static_cast<int>(i) : -1;
        if (fm.to) {
          r.rel = render_value(engine, *fm.to, context, "to", u);
          auto abs = out_root.confine(r.rel, fm.to->where);
          if (!abs.ok()) return abs.error();
          r.abs = abs.value();
          r.rel = out_root.display(r.abs);
        } else {
          r.rel = "-";  // preview without `to:`: standard output
        }
        std::string body;
        if (fm.from) {
          fs::path src = u.path.parent_path() / render_value(engine, *fm.from, context, "from", u);
          std::string display = display_path(o.root, src);
          auto text = rdf::read_file(src.string());
          if (!text.ok()) {
            return Error(text.error().code(), "cannot read `" + display + "` named by `from:`")
                .at(fm.from->where)
                .with_hint("`from:` paths are relative to the template's folder");
          }
          inputs.add(display, text.value());
          auto rendered = engine.render_string(text.value(), context, display);
          if (!rendered.ok()) return rendered.error();
          body = std::move(rendered).value();
        } else {
          auto rendered = engine.render(u.name, context);
          if (!rendered.ok()) return sources.fix(rendered.error());
          body = std::move(rendered).value();
        }
        r.content = fm.inject ? std::move(body) : apply_eof_last(std::move(body), fm.eof_last);
        for (const auto& c : fm.sh_before) r.sh_before.push_back(render_value(engine, c, context, "sh_before", u));
        for (const auto& c : fm.sh_after) r.sh_after.push_back(render_value(engine, c, context, "sh_after", u));
        return r;
      } catch (const Exception& e) {
        return e.error();
      }
    };
    // Keep-going inside one template, so the error reported is always the first row's.
    runtime::BoundedOptions bo{o.jobs, runtime::FailMode::kKeepGoing};
    auto row_results = count == 1 ? std::vector<Result<Rendered>>{render_row(0)}
                                  : runtime::parallel_for<Rendered>(runtime::Runtime::global(),
                                                                    count, render_row, bo, ctx);
    out.reserve(row_results.size());
    for (auto& r : row_results) {
      if (!r.ok()) return r.error();
      out.push_back(std::move(r).value());
    }
    if (!render_key.empty()) cache->keep_render(render_key, out);
  } catch (const Exception& e) {
    return e.error();
  }
  return out;
}

}  // namespace ggen::gen::detail

// The `graph` noun: an in-memory RDF graph that JS holds as an opaque handle (a Napi::External
// owning a shared_ptr), loaded, queried, updated and serialized on the runtime's workers.
//
// Concurrency: readers take a Store copy (a cheap snapshot sharing the immutable base and the
// dictionary) under a shared lock and then work without any lock, so queries on one graph run
// in parallel. An update works on its own copy and publishes it under the exclusive lock, so
// readers never wait for an update's evaluation and never see half of one.
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "ggen/rdf/loader.h"
#include "ggen/rdf/writer.h"
#include "ggen/sparql/engine.h"
#include "ggen/sparql/results.h"
#include "json_call.h"
#include "nouns.h"

namespace ggen::binding {

using nlohmann::json;

namespace {

struct Graph {
  mutable std::shared_mutex mu;  // guards store and prefixes (as values)
  std::mutex write_mu;           // one update at a time: each builds on the previous one
  rdf::Store store;
  std::vector<std::pair<std::string, std::string>> prefixes;  // from the loaded documents

  rdf::Store snapshot() const {
    std::shared_lock lock(mu);
    return store;
  }
};
using GraphPtr = std::shared_ptr<Graph>;

GraphPtr handle_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || !info[index].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "expected a graph handle");
  }
  return *info[index].As<Napi::External<GraphPtr>>().Data();
}

std::string string_arg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string("expected ") + what + " as a string");
  }
  return info[index].As<Napi::String>().Utf8Value();
}

Error invalid(std::string message, std::string hint = {}) {
  Error e(std::string(codes::kInvalidArgument), std::move(message));
  if (!hint.empty()) e.with_hint(std::move(hint));
  return e;
}

Result<rdf::Format> format_arg(const std::string& name) {
  auto f = rdf::format_from_name(name);
  if (!f)
    return invalid("unknown RDF format '" + name + "'", "use turtle, ntriples, nquads or trig");
  return *f;
}

// ---- load

struct SourceReport {
  std::string name;
  size_t parsed = 0, added = 0;
};

struct Loaded {
  GraphPtr graph;
  std::vector<SourceReport> sources;
  std::vector<Error> errors;  // one per source that failed, in source order
};

// Loads one source ({path} or {text, format, base, name}) into the store.
Result<rdf::LoadResult> load_source(rdf::Store& store, const json& s, std::string& name) {
  rdf::LoadOptions o;
  if (s.contains("format") && s["format"].is_string()) {
    auto f = format_arg(s["format"].get<std::string>());
    if (!f.ok()) return f.error();
    o.format = f.value();
  }
  if (s.contains("base") && s["base"].is_string()) o.base_iri = s["base"].get<std::string>();
  if (s.contains("path") && s["path"].is_string()) {
    std::string file = s["path"].get<std::string>();
    // Errors name the file as the caller wrote it (a relative path stays relative).
    name = s.contains("name") && s["name"].is_string() ? s["name"].get<std::string>() : file;
    o.file = name;
    return rdf::load_file(store, file, o);
  }
  if (!s.contains("text") || !s["text"].is_string()) {
    return invalid("a source is a path or { text, format, base }");
  }
  name = s.contains("name") && s["name"].is_string() ? s["name"].get<std::string>() : "<text>";
  o.file = name;
  if (!o.format) o.format = rdf::Format::Turtle;
  return rdf::load_string(store, s["text"].get<std::string>(), o);
}

Napi::Value loaded_to_js(Napi::Env env, const Loaded& l) {
  if (!l.errors.empty()) {
    // The first error is the rejection; every bad source is listed in .errors.
    Napi::Error e = to_js_error(env, l.errors.front());
    Napi::Array all = Napi::Array::New(env, l.errors.size());
    for (size_t i = 0; i < l.errors.size(); ++i) all.Set(i, to_js_error(env, l.errors[i]).Value());
    e.Value().Set("errors", all);
    throw e;
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("handle", Napi::External<GraphPtr>::New(env, new GraphPtr(l.graph),
                                                [](Napi::Env, GraphPtr* p) { delete p; }));
  Napi::Array sources = Napi::Array::New(env, l.sources.size());
  for (size_t i = 0; i < l.sources.size(); ++i) {
    Napi::Object s = Napi::Object::New(env);
    s.Set("name", l.sources[i].name);
    s.Set("parsed", static_cast<double>(l.sources[i].parsed));
    s.Set("added", static_cast<double>(l.sources[i].added));
    sources.Set(i, s);
  }
  o.Set("sources", sources);
  o.Set("size", static_cast<double>(l.graph->store.size()));
  return o;
}

Napi::Value Load(const Napi::CallbackInfo& info) {
  json sources = json_arg(info, 0);
  if (!sources.is_array()) throw Napi::TypeError::New(info.Env(), "expected an array of sources");
  auto work = [sources](runtime::Context& ctx) -> Result<Loaded> {
    Loaded l;
    l.graph = std::make_shared<Graph>();
    for (const auto& s : sources) {
      ctx.check();
      SourceReport rep;
      auto r = load_source(l.graph->store, s, rep.name);
      if (!r.ok()) {
        // Keep going: a user fixing files wants every bad one at once, not one per run.
        l.errors.push_back(r.error());
        continue;
      }
      rep.parsed = r.value().parsed;
      rep.added = r.value().added;
      for (auto& p : r.value().prefixes) {
        auto it = std::find_if(l.graph->prefixes.begin(), l.graph->prefixes.end(),
                               [&](const auto& q) { return q.first == p.first; });
        if (it == l.graph->prefixes.end())
          l.graph->prefixes.push_back(p);
        else
          it->second = p.second;  // a later document's binding wins
      }
      l.sources.push_back(std::move(rep));
    }
    ctx.check();
    return l;
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &loaded_to_js);
}

// ---- query

struct QueryOut {
  sparql::QueryResult result;
  std::string text;  // set when a serialization was asked for
  bool as_text = false;
};

bool is_xsd(const std::string& dt, std::string_view local) {
  return dt.size() == sparql::xsd::kNs.size() + local.size() &&
         dt.compare(0, sparql::xsd::kNs.size(), sparql::xsd::kNs) == 0 &&
         dt.compare(sparql::xsd::kNs.size(), std::string::npos, local) == 0;
}

bool is_integer_type(const std::string& dt) {
  for (std::string_view t : {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"}) {
    if (is_xsd(dt, t)) return true;
  }
  return false;
}

bool is_numeric_type(const std::string& dt) {
  return is_xsd(dt, "double") || is_xsd(dt, "float") || is_xsd(dt, "decimal") ||
         is_integer_type(dt);
}

// The number of an xsd numeric literal, if its lexical form is valid and (for integers) exact.
std::optional<double> numeric_value(const sparql::Value& v) {
  if (v.lex == "INF" || v.lex == "+INF") return INFINITY;
  if (v.lex == "-INF") return -INFINITY;
  if (v.lex == "NaN") return NAN;
  // strtod also takes hex, "inf" and spaces, which are not xsd lexical forms.
  if (v.lex.empty() || v.lex.find_first_not_of("0123456789+-.eE") != std::string::npos) return {};
  char* end = nullptr;
  double d = std::strtod(v.lex.c_str(), &end);
  if (end == v.lex.c_str() || *end != '\0') return {};
  // Integers beyond 2^53 would silently change: keep their lexical form.
  if (is_integer_type(v.datatype) && std::fabs(d) > 9007199254740992.0) return {};
  return d;
}

// Builds JS terms and plain values with raw napi calls. IRIs and datatypes repeat across rows,
// so each distinct one becomes one JS string (cached per chunk of rows, see query_to_js).
class Converter {
 public:
  explicit Converter(napi_env env) : env_(env) {
    for (auto [slot, text] : {std::pair{&k_type_, "type"},
                              {&k_value_, "value"},
                              {&k_datatype_, "datatype"},
                              {&k_lang_, "lang"},
                              {&v_iri_, "iri"},
                              {&v_literal_, "literal"},
                              {&v_bnode_, "bnode"}}) {
      napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, slot);
    }
  }
  // Strings cached from here on die with the caller's handle scope: forget them first.
  void new_scope() { cache_.clear(); }

  // The term's text: IRIs and blank labels cached, lexical forms not (they rarely repeat).
  napi_value text(const sparql::Value& v) { return v.is_literal() ? make(v.lex) : cached(v.lex); }
  // The plain value; `text` is the term's text when the caller already made it.
  napi_value plain(const sparql::Value& v, napi_value text) {
    napi_value out;
    if (v.is_literal() && !v.datatype.empty()) {
      if (is_xsd(v.datatype, "boolean")) {
        if (v.lex == "true" || v.lex == "1") return napi_get_boolean(env_, true, &out), out;
        if (v.lex == "false" || v.lex == "0") return napi_get_boolean(env_, false, &out), out;
      } else if (is_numeric_type(v.datatype)) {
        if (auto d = numeric_value(v)) return napi_create_double(env_, *d, &out), out;
      }
    }
    return text;
  }
  napi_value term(const sparql::Value& v, napi_value text) {
    napi_value t;
    napi_create_object(env_, &t);
    napi_set_property(env_, t, k_type_, v.is_iri() ? v_iri_ : v.is_blank() ? v_bnode_ : v_literal_);
    napi_set_property(env_, t, k_value_, text);
    if (v.is_literal()) {
      napi_set_property(env_, t, k_datatype_, cached(v.datatype_iri()));
      if (!v.lang.empty()) napi_set_property(env_, t, k_lang_, cached(v.lang));
    }
    return t;
  }

 private:
  napi_value make(const std::string& s) {
    napi_value out;
    napi_create_string_utf8(env_, s.data(), s.size(), &out);
    return out;
  }
  napi_value cached(const std::string& s) {
    auto [it, fresh] = cache_.try_emplace(s, nullptr);
    if (fresh) it->second = make(s);
    return it->second;
  }

  napi_env env_;
  napi_value k_type_, k_value_, k_datatype_, k_lang_, v_iri_, v_literal_, v_bnode_;
  std::unordered_map<std::string_view, napi_value> cache_;  // views into the QueryResult
};

Napi::Value query_to_js(Napi::Env env, const QueryOut& q) {
  if (q.as_text) return Napi::String::New(env, q.text);
  const sparql::QueryResult& r = q.result;
  if (r.kind == sparql::QueryResult::Boolean) return Napi::Boolean::New(env, r.boolean);
  Converter cv(env);
  // A handle scope per chunk bounds the live handles on huge results; the string cache is
  // dropped with each scope.
  constexpr size_t kChunk = 1024;
  if (r.kind == sparql::QueryResult::Graph) {
    Napi::String s = Napi::String::New(env, "subject"), p = Napi::String::New(env, "predicate"),
                 o = Napi::String::New(env, "object");
    Napi::Array triples = Napi::Array::New(env, r.triples.size());
    for (size_t start = 0; start < r.triples.size(); start += kChunk) {
      Napi::HandleScope scope(env);
      cv.new_scope();
      for (size_t i = start; i < std::min(start + kChunk, r.triples.size()); ++i) {
        Napi::Object t = Napi::Object::New(env);
        const auto& tr = r.triples[i];
        t.Set(s, Napi::Value(env, cv.term(tr[0], cv.text(tr[0]))));
        t.Set(p, Napi::Value(env, cv.term(tr[1], cv.text(tr[1]))));
        t.Set(o, Napi::Value(env, cv.term(tr[2], cv.text(tr[2]))));
        triples.Set(i, t);
      }
    }
    return triples;
  }
  // Bindings: rows[i][var] is the plain value, terms[i][var] the full term; unbound variables
  // are absent from both. Keys are created once and reused for every row.
  std::vector<napi_value> names;
  Napi::Array vars = Napi::Array::New(env, r.variables.size());
  for (size_t i = 0; i < r.variables.size(); ++i) {
    Napi::String name = Napi::String::New(env, r.variables[i]);
    names.push_back(name);
    vars.Set(i, name);
  }
  Napi::Array rows = Napi::Array::New(env, r.rows.size());
  Napi::Array terms = Napi::Array::New(env, r.rows.size());
  for (size_t start = 0; start < r.rows.size(); start += kChunk) {
    Napi::HandleScope scope(env);
    cv.new_scope();
    for (size_t i = start; i < std::min(start + kChunk, r.rows.size()); ++i) {
      napi_value row, trow;
      napi_create_object(env, &row);
      napi_create_object(env, &trow);
      for (size_t c = 0; c < names.size(); ++c) {
        const auto& cell = r.rows[i][c];
        if (!cell) continue;
        napi_value text = cv.text(*cell);
        napi_set_property(env, row, names[c], cv.plain(*cell, text));
        napi_set_property(env, trow, names[c], cv.term(*cell, text));
      }
      napi_set_element(env, rows, static_cast<uint32_t>(i), row);
      napi_set_element(env, terms, static_cast<uint32_t>(i), trow);
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("variables", vars);
  out.Set("rows", rows);
  out.Set("terms", terms);
  return out;
}

Result<std::string> serialize(const sparql::QueryResult& r, const std::string& format) {
  if (r.kind == sparql::QueryResult::Graph) {
    // W3C results formats have no graph form: graphs print as sorted N-Triples.
    return sparql::write_ntriples(r);
  }
  if (format == "json") return sparql::write_json(r);
  if (format == "csv") return sparql::write_csv(r);
  if (format == "tsv") return sparql::write_tsv(r);
  if (format == "table") return sparql::write_table(r);
  if (format == "xml") return sparql::write_xml(r);
  return invalid("unknown results format '" + format + "'", "use json, csv, tsv, table or xml");
}

Napi::Value Query(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  std::string text = string_arg(info, 1, "the query");
  json opts = json_arg(info, 2);
  auto work = [g, text = std::move(text), opts](runtime::Context& ctx) -> Result<QueryOut> {
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    rdf::Store snap = g->snapshot();
    sparql::QueryOptions qo;
    if (opts.contains("file") && opts["file"].is_string())
      qo.parse.file = opts["file"].get<std::string>();
    qo.cancelled = [&ctx] { return ctx.stopped(); };
    // {cache:false}: evaluate every time (benchmarks; the result cache is keyed by version).
    qo.use_cache = opts.value("cache", true);
    auto r = sparql::query(snap, text, qo);
    if (!r.ok()) return r.error();
    QueryOut out;
    if (opts.contains("format") && opts["format"].is_string()) {
      auto s = serialize(r.value(), opts["format"].get<std::string>());
      if (!s.ok()) return s.error();
      out.text = std::move(s.value());
      out.as_text = true;
    } else {
      out.result = std::move(r.value());
    }
    return out;
  };
  return run_async(info.Env(), cancel_id_arg(info, 3), work, &query_to_js);
}

// ---- update

Napi::Value Update(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  std::string text = string_arg(info, 1, "the update");
  json opts = json_arg(info, 2);
  auto work = [g, text = std::move(text), opts](runtime::Context& ctx) -> Result<std::string> {
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    std::lock_guard writer(g->write_mu);
    rdf::Store copy = g->snapshot();
    sparql::UpdateOptions uo;
    if (opts.contains("file") && opts["file"].is_string())
      uo.parse.file = opts["file"].get<std::string>();
    uo.cancelled = [&ctx] { return ctx.stopped(); };
    auto st = sparql::update(copy, text, uo);
    if (!st.ok()) return st.error();
    ctx.check();  // a cancelled update publishes nothing
    size_t size = copy.size();
    {
      std::unique_lock lock(g->mu);
      g->store = std::move(copy);
    }
    json r = {{"inserted", st.value().inserted}, {"deleted", st.value().deleted}, {"size", size}};
    return r.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 3), work, &to_js_string);
}

// ---- export, stats, size

Napi::Value Export(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  json opts = json_arg(info, 1);
  auto work = [g, opts](runtime::Context& ctx) -> Result<std::string> {
    auto f = format_arg(opts.value("format", std::string("turtle")));
    if (!f.ok()) return f.error();
    rdf::Store snap;
    rdf::WriteOptions wo;
    {
      std::shared_lock lock(g->mu);
      snap = g->store;
      wo.prefixes = g->prefixes;
    }
    wo.sort = opts.value("sort", true);
    ctx.check();
    return rdf::write(snap, f.value(), wo);
  };
  return run_async(info.Env(), cancel_id_arg(info, 2), work, &to_js_string);
}

std::string term_key(const rdf::Store& s, rdf::TermId id) {
  rdf::TermRef t = s.term(id);
  return t.is_iri() ? std::string(t.value) : rdf::to_ntriples(t);
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  auto work = [g](runtime::Context&) -> Result<std::string> {
    rdf::Store snap = g->snapshot();
    auto st = snap.statistics();
    // nlohmann objects are ordered maps: predicates and classes come out sorted by IRI.
    json preds = json::object(), classes = json::object();
    for (const auto& [p, ps] : st->predicates) preds[term_key(snap, p)] = ps.count;
    for (const auto& [c, n] : st->classes) classes[term_key(snap, c)] = n;
    json r = {{"triples", st->quads},
              {"graphs", st->graphs},
              {"subjects", st->distinct_subjects},
              {"predicates", st->distinct_predicates},
              {"objects", st->distinct_objects},
              {"terms", snap.dictionary().size()},
              {"memoryBytes", snap.memory_usage().total()},
              {"predicateCounts", preds},
              {"classCounts", classes}};
    return r.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

// O(1) and lock-free apart from the shared lock: fine on the JS thread.
Napi::Value Size(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  std::shared_lock lock(g->mu);
  return Napi::Number::New(info.Env(), static_cast<double>(g->store.size()));
}

Napi::Value Prefixes(const Napi::CallbackInfo& info) {
  GraphPtr g = handle_arg(info, 0);
  std::shared_lock lock(g->mu);
  Napi::Object o = Napi::Object::New(info.Env());
  for (const auto& [k, v] : g->prefixes) o.Set(k, v);
  return o;
}

}  // namespace

void register_graph(Napi::Env env, Napi::Object exports) {
  Napi::Object g = Napi::Object::New(env);
  g.Set("load", Napi::Function::New(env, Load, "load"));
  g.Set("query", Napi::Function::New(env, Query, "query"));
  g.Set("update", Napi::Function::New(env, Update, "update"));
  g.Set("export", Napi::Function::New(env, Export, "export"));
  g.Set("stats", Napi::Function::New(env, Stats, "stats"));
  g.Set("size", Napi::Function::New(env, Size, "size"));
  g.Set("prefixes", Napi::Function::New(env, Prefixes, "prefixes"));
  exports.Set("graph", g);
}

}  // namespace ggen::binding

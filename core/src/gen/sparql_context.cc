#include "ggen/gen/sparql_context.h"

#include <cstdlib>

namespace ggen::gen {

namespace {

thread_local RenderScope* current_scope = nullptr;

bool is_integer_type(const std::string& dt) {
  static const char* kInts[] = {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"};
  if (dt.rfind(sparql::xsd::kNs, 0) != 0) return false;
  std::string_view local = std::string_view(dt).substr(sparql::xsd::kNs.size());
  for (const char* k : kInts) {
    if (local == k) return true;
  }
  return false;
}

[[noreturn]] void fail(std::string message, std::string hint = {}) {
  raise(Error(std::string(codes::kTemplateRender), std::move(message)).with_hint(std::move(hint)));
}

const tmpl::Value& rows_arg(const tmpl::Kwargs& a, const char* fn) {
  const tmpl::Value* r = a.get("results");
  if (!r) fail(std::string(fn) + "(results=..., ...) needs `results`", "pass sparql_results.<name>");
  return *r;
}

std::string column_arg(const tmpl::Kwargs& a, const char* fn) {
  const tmpl::Value* c = a.get("column");
  if (!c || !c->is_string()) fail(std::string(fn) + " needs a string `column`");
  std::string col = c->as_string();
  if (!col.empty() && col[0] == '?') col.erase(0, 1);
  return col;
}

tmpl::Value column_of(const tmpl::Value& rows, const std::string& col) {
  tmpl::Array out;
  if (!rows.is_array()) return tmpl::Value(std::move(out));
  for (const auto& row : rows.as_array()) {
    const tmpl::Value* v = row.find(col);
    out.push_back(v ? *v : tmpl::Value());
  }
  return tmpl::Value(std::move(out));
}

}  // namespace

tmpl::Value plain_value(const sparql::Value& v) {
  switch (v.kind) {
    case sparql::Kind::Iri:
      return tmpl::Value(v.lex);
    case sparql::Kind::Blank:
      return tmpl::Value("_:" + v.lex);
    case sparql::Kind::Literal:
      break;
  }
  if (is_integer_type(v.datatype)) {
    char* end = nullptr;
    long long i = std::strtoll(v.lex.c_str(), &end, 10);
    if (end && *end == '\0' && !v.lex.empty()) return tmpl::Value(i);
  } else if (v.datatype == sparql::xsd::kDecimal || v.datatype == sparql::xsd::kDouble ||
             v.datatype == sparql::xsd::kFloat) {
    char* end = nullptr;
    double d = std::strtod(v.lex.c_str(), &end);
    if (end && *end == '\0' && !v.lex.empty()) return tmpl::Value(d);
  } else if (v.datatype == sparql::xsd::kBoolean) {
    if (v.lex == "true" || v.lex == "1") return tmpl::Value(true);
    if (v.lex == "false" || v.lex == "0") return tmpl::Value(false);
  }
  return tmpl::Value(v.lex);
}

tmpl::Value term_object(const sparql::Value& v) {
  tmpl::Object o;
  switch (v.kind) {
    case sparql::Kind::Iri:
      o.emplace_back("type", "iri");
      break;
    case sparql::Kind::Blank:
      o.emplace_back("type", "bnode");
      break;
    case sparql::Kind::Literal:
      o.emplace_back("type", "literal");
      o.emplace_back("datatype", v.datatype_iri());
      if (!v.lang.empty()) o.emplace_back("lang", v.lang);
      break;
  }
  o.emplace_back("value", v.lex);
  return tmpl::Value(std::move(o));
}

tmpl::Value results_to_value(const sparql::QueryResult& r, const std::function<void()>& poll) {
  if (r.kind == sparql::QueryResult::Boolean) return tmpl::Value(r.boolean);
  tmpl::Array rows;
  if (r.kind == sparql::QueryResult::Graph) {
    for (const auto& t : r.triples) {
      rows.push_back(tmpl::Value(tmpl::Object{{"subject", term_object(t[0])},
                                              {"predicate", term_object(t[1])},
                                              {"object", term_object(t[2])}}));
    }
    return tmpl::Value(std::move(rows));
  }
  rows.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    if (poll && rows.size() % 1024 == 1023) poll();
    tmpl::Object o;
    tmpl::Object terms;
    for (size_t i = 0; i < r.variables.size() && i < row.size(); ++i) {
      if (!row[i]) continue;  // unbound: absent, so `row.x is defined` tells
      o.emplace_back(r.variables[i], plain_value(*row[i]));
      terms.emplace_back(r.variables[i], term_object(*row[i]));
    }
    o.emplace_back("_terms", tmpl::Value(std::move(terms)));
    rows.push_back(tmpl::Value(std::move(o)));
  }
  return tmpl::Value(std::move(rows));
}

ScopeGuard::ScopeGuard(RenderScope* scope) : previous_(current_scope) { current_scope = scope; }
ScopeGuard::~ScopeGuard() { current_scope = previous_; }

std::string sparql_prolog(const std::vector<std::pair<std::string, std::string>>& prefixes,
                          const std::string& base) {
  std::string out;
  if (!base.empty()) out += "BASE <" + base + ">\n";
  for (const auto& [p, iri] : prefixes) out += "PREFIX " + p + ": <" + iri + ">\n";
  return out;
}

std::string turtle_prolog(const std::vector<std::pair<std::string, std::string>>& prefixes,
                          const std::string& base) {
  std::string out;
  if (!base.empty()) out += "@base <" + base + "> .\n";
  for (const auto& [p, iri] : prefixes) out += "@prefix " + p + ": <" + iri + "> .\n";
  return out;
}

void register_generation_functions(tmpl::Engine& engine) {
  engine.register_function("sparql", [](const tmpl::Kwargs& a) -> tmpl::Value {
    RenderScope* s = current_scope;
    if (!s || !s->store) fail("sparql() is available only while generating from a graph");
    const tmpl::Value* q = a.get("query");
    if (!q || !q->is_string()) fail("sparql(query=\"...\") needs a string `query`");
    sparql::QueryOptions opts;
    opts.parse.file = s->template_name + " sparql()";
    opts.parse.prefixes = s->prefixes;
    opts.parse.base = s->base;
    if (s->now) opts.now = *s->now;
    auto r = sparql::query(*s->store, q->as_string(), opts);
    if (!r.ok()) raise(r.error());
    tmpl::Value rows = results_to_value(r.value());
    const tmpl::Value* var = a.get("var");
    if (!var) return rows;
    if (!var->is_string()) fail("sparql(var=...) must be a variable name");
    std::string name = var->as_string();
    if (!name.empty() && name[0] == '?') name.erase(0, 1);
    if (!rows.is_array() || rows.as_array().empty()) return tmpl::Value();
    const tmpl::Value* v = rows.as_array()[0].find(name);
    return v ? *v : tmpl::Value();
  });
  engine.register_function("sparql_column", [](const tmpl::Kwargs& a) {
    return column_of(rows_arg(a, "sparql_column"), column_arg(a, "sparql_column"));
  });
  engine.register_function("sparql_values", [](const tmpl::Kwargs& a) {
    return column_of(rows_arg(a, "sparql_values"), column_arg(a, "sparql_values"));
  });
  engine.register_function("sparql_row", [](const tmpl::Kwargs& a) -> tmpl::Value {
    const tmpl::Value& rows = rows_arg(a, "sparql_row");
    const tmpl::Value* idx = a.get("index");
    if (!idx || !idx->is_int()) fail("sparql_row needs an integer `index`");
    if (!rows.is_array()) return tmpl::Value();
    const tmpl::Value* row = rows.at(static_cast<size_t>(idx->as_int()));
    return idx->as_int() >= 0 && row ? *row : tmpl::Value();
  });
  engine.register_function("sparql_first", [](const tmpl::Kwargs& a) -> tmpl::Value {
    const tmpl::Value& rows = rows_arg(a, "sparql_first");
    std::string col = column_arg(a, "sparql_first");
    if (!rows.is_array() || rows.as_array().empty()) return tmpl::Value();
    const tmpl::Value* v = rows.as_array()[0].find(col);
    return v ? *v : tmpl::Value();
  });
  engine.register_function("sparql_empty", [](const tmpl::Kwargs& a) {
    const tmpl::Value& rows = rows_arg(a, "sparql_empty");
    if (rows.is_bool()) return tmpl::Value(false);
    return tmpl::Value(!rows.is_array() || rows.as_array().empty());
  });
  engine.register_function("sparql_count", [](const tmpl::Kwargs& a) {
    const tmpl::Value& rows = rows_arg(a, "sparql_count");
    if (rows.is_bool()) return tmpl::Value(1);
    return tmpl::Value(static_cast<long long>(rows.is_array() ? rows.as_array().size() : 0));
  });
  // Output must be a pure function of the inputs: time and randomness come from the
  // frontmatter's `determinism`, or not at all.
  engine.register_function("now", [](const tmpl::Kwargs&) -> tmpl::Value {
    RenderScope* s = current_scope;
    if (!s || !s->now) {
      fail("now() would make the output depend on the clock",
           "set `determinism: { now: \"2024-01-01T00:00:00Z\" }` in the frontmatter, or pass the "
           "date as a variable");
    }
    return tmpl::Value(*s->now);
  });
  engine.register_function("get_random", [](const tmpl::Kwargs& a) -> tmpl::Value {
    RenderScope* s = current_scope;
    if (!s || !s->seed) {
      fail("get_random() would make the output change on every run",
           "set `determinism: { seed: 42 }` in the frontmatter for a reproducible sequence");
    }
    const tmpl::Value* end = a.get("end");
    const tmpl::Value* start = a.get("start");
    if (!end || !end->is_int()) fail("get_random(start=0, end) needs an integer `end`");
    int64_t lo = start && start->is_int() ? start->as_int() : 0;
    int64_t hi = end->as_int();
    if (lo >= hi) fail("get_random: `start` must be below `end`");
    // splitmix64 over the seed: the same sequence on every platform.
    uint64_t z = (s->random_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return tmpl::Value(static_cast<long long>(lo + static_cast<int64_t>(z % static_cast<uint64_t>(hi - lo))));
  });
}

}  // namespace ggen::gen
